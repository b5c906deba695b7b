// SPDX-License-Identifier: MIT
/*
 * inotify (fs/inotify.h): inotify_init1(), inotify_add_watch(),
 * inotify_rm_watch() and the instance's read and poll, with Linux 6.1's
 * flags, event layout and errnos (fs/notify/inotify/inotify_user.c).
 *
 * What reports: the IN_MODIFY of a notify pseudo file (cgroup.events,
 * memory.events: Linux's kernfs_notify() raises it), found by comparing
 * the file's text with a snapshot (fs/pseudo.c) each time the instance
 * is read or polled, and IN_IGNORED when a watch is removed. Any file
 * may be watched with any mask Linux takes, but no other file system
 * raises events here: a watch on a regular file never reports.
 *
 * A watch holds an open file of what it watches (the snapshot); one
 * inode (for a pseudo file made on lookup: one file, pseudo_same_file())
 * has one watch per instance (a second add updates its mask), its
 * descriptor counting from 1. Events wait in a FIFO of at most
 * INOTIFY_MAX_EVENTS; an event equal to the last one queued merges with
 * it, and one past the limit becomes a single IN_Q_OVERFLOW (wd -1).
 *
 * Locking: [n] inotify->lock (mutex "inotify": the watches and the
 * queue; a notify file's show() runs under it, so it ranks above the
 * cgroup locks); [a] atomic; [I] immutable.
 */
#include "fs/anon_inode.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/inotify.h"
#include "fs/namei.h"
#include "fs/poll.h"
#include "fs/pseudo.h"
#include "fs/sys_namei.h"
#include "kernel/mutex.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "lib/list.h"
#include "mm/slab.h"

#define INOTIFY_MAX_EVENTS	16384	/* Linux's max_queued_events */
#define INOTIFY_READ_BATCH	64	/* events copied out per lock hold */

struct inotify_watch {
	struct list_head node;		/* [n] on inotify->watches */
	int wd;				/* [I] */
	u32 mask;			/* [n] IN_* asked for */
	struct file *file;		/* [I] the watched file, open */
};

struct inotify_event_node {
	struct list_head node;		/* [n] on inotify->events */
	struct inotify_event ev;	/* [I] */
};

struct inotify {
	struct mutex lock;		/* "inotify" */
	struct list_head watches;	/* [n] */
	struct list_head events;	/* [n] oldest first */
	unsigned int nr_events;		/* [n] to modify; [a] to read */
	int last_wd;			/* [n] the last descriptor given */
};

static struct dentry *inotify_dentry;	/* [I] set at boot */

static const struct file_operations inotify_fops;

/* Queue @wd's @mask unless it repeats the last event. Context: [n]. */
static void inotify_queue(struct inotify *in, int wd, u32 mask)
{
	struct inotify_event_node *e;

	if (!list_empty(&in->events)) {
		e = list_entry(in->events.prev, struct inotify_event_node,
			       node);
		if (e->ev.wd == wd && e->ev.mask == mask)
			return;
		if (e->ev.mask == IN_Q_OVERFLOW)
			return;		/* full until read */
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return;		/* as an overflow: the event is lost */
	if (in->nr_events >= INOTIFY_MAX_EVENTS) {
		wd = -1;
		mask = IN_Q_OVERFLOW;
	}
	e->ev.wd = wd;
	e->ev.mask = mask;
	list_add_tail(&e->node, &in->events);
	__atomic_store_n(&in->nr_events, in->nr_events + 1, __ATOMIC_RELEASE);
}

/* Look at every watched file; queue what changed. Context: [n]. */
static void inotify_collect(struct inotify *in)
{
	struct inotify_watch *w;

	list_for_each_entry(w, &in->watches, node)
		if (pseudo_notify_take(w->file) && (w->mask & IN_MODIFY))
			inotify_queue(in, w->wd, IN_MODIFY);
}

static struct inotify_watch *inotify_find(struct inotify *in,
					  struct inode *inode, int wd)
{
	struct inotify_watch *w;

	list_for_each_entry(w, &in->watches, node)
		if (inode ? w->file->inode == inode ||
			    pseudo_same_file(w->file->inode, inode) :
			    w->wd == wd)
			return w;
	return NULL;
}

/* Copy out the events that fit @n bytes, at most one batch. */
static size_t inotify_take(struct inotify *in, struct inotify_event *out,
			   size_t n)
{
	size_t got = 0;

	while (!list_empty(&in->events) && got < INOTIFY_READ_BATCH &&
	       (got + 1) * sizeof(*out) <= n) {
		struct inotify_event_node *e =
			list_entry(in->events.next, struct inotify_event_node,
				   node);

		out[got++] = e->ev;
		list_del_init(&e->node);
		__atomic_store_n(&in->nr_events, in->nr_events - 1,
				 __ATOMIC_RELEASE);
		kfree(e);
	}
	return got;
}

/*
 * Linux's inotify_read(): whole events only (none of ours has a name),
 * -EINVAL when the first does not fit; blocks for one unless O_NONBLOCK.
 */
static long inotify_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	struct inotify_event batch[INOTIFY_READ_BATCH];
	struct inotify *in = f->private;
	size_t got, bytes;
	int r;

	(void)pos;
	if (io->len < sizeof(struct inotify_event))
		return -EINVAL;
	for (;;) {
		mutex_lock(&in->lock);
		inotify_collect(in);
		got = inotify_take(in, batch, io->len);
		mutex_unlock(&in->lock);
		if (got)
			break;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		r = pseudo_notify_wait();
		if (r)
			return r;
	}
	bytes = got * sizeof(batch[0]);
	/* Linux too has taken the events when the copy faults. */
	return io_copy_to(io, 0, batch, bytes) == bytes ? (long)bytes :
							  -EFAULT;
}

/*
 * Readable with an event queued. The first look (@pt given) collects,
 * and may sleep doing so; the second, made with the poller's sleep state
 * set, only reads the count.
 */
static unsigned int inotify_poll(struct file *f, struct poll_table *pt)
{
	struct inotify *in = f->private;

	if (pt) {
		mutex_lock(&in->lock);
		inotify_collect(in);
		mutex_unlock(&in->lock);
	}
	pseudo_notify_poll_wait(f, pt);
	return __atomic_load_n(&in->nr_events, __ATOMIC_ACQUIRE) ?
	       POLLIN | POLLRDNORM : 0;
}

static void inotify_release(struct file *f)
{
	struct inotify *in = f->private;
	struct inotify_watch *w, *wn;
	struct inotify_event_node *e, *en;

	list_for_each_entry_safe(w, wn, &in->watches, node) {
		fput(w->file);
		kfree(w);
	}
	list_for_each_entry_safe(e, en, &in->events, node)
		kfree(e);
	kfree(in);
}

static const struct file_operations inotify_fops = {
	.read = inotify_read,
	.poll = inotify_poll,
	.release = inotify_release,
};

/**
 * inotify_init - make the anonymous inode every instance opens (at boot).
 *
 * Context: boot, task context.
 */
void inotify_init(void)
{
	inotify_dentry = anon_inode_make("inotify", &inotify_fops);
}

/**
 * inotify_file_create - a new inotify instance (inotify_init1()'s body;
 * kernel tests hold one without an fd).
 * @flags: IN_NONBLOCK (IN_CLOEXEC is the fd's)
 *
 * Context: task context, may sleep.
 * Return: the file, one reference; NULL without memory.
 */
struct file *inotify_file_create(int flags)
{
	struct inotify *in = kzalloc(sizeof(*in), GFP_KERNEL);
	struct file *f;

	if (!in)
		return NULL;
	mutex_init(&in->lock, "inotify");
	INIT_LIST_HEAD(&in->watches);
	INIT_LIST_HEAD(&in->events);
	f = file_alloc_stream(inotify_dentry,
			      O_RDONLY | (flags & IN_NONBLOCK), &inotify_fops);
	if (!f) {
		kfree(in);
		return NULL;
	}
	f->private = in;
	f->mode |= FMODE_NO_POS_LOCK;	/* a reader waits for an event */
	return f;
}

/*
 * Linux's inotify_update_watch(): a watch on @d's inode gets @mask (ORed
 * in with IN_MASK_ADD; -EEXIST with IN_MASK_CREATE), or a new one.
 * Return: the watch descriptor, or an errno.
 */
static int inotify_watch_dentry(struct inotify *in, struct dentry *d,
				u32 mask)
{
	struct inotify_watch *w, *fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	struct file *file = NULL;
	int r;

	if (!fresh)
		return -ENOMEM;
	r = file_open(d, O_RDONLY, &file);
	if (r) {
		kfree(fresh);
		return r;
	}
	mutex_lock(&in->lock);
	w = inotify_find(in, d->inode, 0);
	if (w && (mask & IN_MASK_CREATE)) {
		r = -EEXIST;
	} else if (w) {
		w->mask = (mask & IN_MASK_ADD ? w->mask : 0) | mask;
		r = w->wd;
	} else {
		fresh->wd = ++in->last_wd;
		fresh->mask = mask;
		fresh->file = file;
		list_add_tail(&fresh->node, &in->watches);
		r = fresh->wd;
		file = NULL;
		fresh = NULL;
	}
	mutex_unlock(&in->lock);
	if (file)
		fput(file);
	kfree(fresh);
	return r;
}

/**
 * inotify_add - watch @d from instance @f (inotify_add_watch()'s body
 * once the path is found).
 * @f: an inotify instance
 * @d: what to watch
 * @mask: IN_* bits, checked against INOTIFY_ALL_BITS by the caller
 *
 * Context: task context, may sleep.
 * Return: the watch descriptor; -EINVAL (IN_MASK_ADD with
 * IN_MASK_CREATE), -ENOTDIR (IN_ONLYDIR), -EEXIST (IN_MASK_CREATE on a
 * watched inode), -ENOMEM, or opening @d's error.
 */
int inotify_add(struct file *f, struct dentry *d, u32 mask)
{
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	if ((mask & IN_ONLYDIR) && !S_ISDIR(d->inode->mode))
		return -ENOTDIR;
	return inotify_watch_dentry(f->private, d, mask);
}

/**
 * inotify_rm - remove watch @wd of instance @f; an IN_IGNORED event
 * tells its reader (inotify_rm_watch()'s body).
 * @f: an inotify instance
 * @wd: the watch descriptor
 *
 * Context: task context, may sleep.
 * Return: 0, or -EINVAL when @f has no watch @wd.
 */
int inotify_rm(struct file *f, int wd)
{
	struct inotify *in = f->private;
	struct inotify_watch *w;

	mutex_lock(&in->lock);
	w = inotify_find(in, NULL, wd);
	if (w) {
		list_del_init(&w->node);
		inotify_queue(in, wd, IN_IGNORED);
	}
	mutex_unlock(&in->lock);
	if (!w)
		return -EINVAL;
	fput(w->file);
	kfree(w);
	return 0;
}

static int do_add_watch(struct path_call *c, struct dentry *start,
			const char *path)
{
	u32 mask = (u32)c->mode;
	struct dentry *d;
	int r = vfs_lookup_at(start, path, !(mask & IN_DONT_FOLLOW), &d);

	if (r)
		return r;
	r = inotify_add((struct file *)c->arg, d, mask);
	dput(d);
	return r;
}

/* The inotify instance behind @fd (a reference in *@out). */
static int inotify_fget(int fd, struct file **out)
{
	struct file *f = fs_fget(fd);

	if (!f)
		return -EBADF;
	if (f->f_op != &inotify_fops) {
		fput(f);
		return -EINVAL;
	}
	*out = f;
	return 0;
}

SYSCALL_DEFINE1(inotify_init1, int, flags)
{
	struct files_struct *files = fs_files();
	struct file *f;
	int fd;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	f = inotify_file_create(flags);
	if (!f)
		return -ENOMEM;
	fd = fd_install(files, f, 0, flags & IN_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE0(inotify_init)
{
	return sys_inotify_init1(0);
}

SYSCALL_DEFINE3(inotify_add_watch, int, fd, const char __user *, path,
		u32, mask)
{
	struct path_call c = { .op = do_add_watch, .mode = mask };
	struct file *f;
	long r;

	if ((mask & ~INOTIFY_ALL_BITS) || !mask)
		return -EINVAL;
	r = inotify_fget(fd, &f);
	if (r)
		return r;
	/* Linux checks the pair before the path (-EINVAL on a bad one). */
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE)) {
		r = -EINVAL;
	} else {
		c.arg = f;
		r = sys_namei_call(AT_FDCWD, path, &c);
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE2(inotify_rm_watch, int, fd, int, wd)
{
	struct file *f;
	int r = inotify_fget(fd, &f);

	if (r)
		return r;
	r = inotify_rm(f, wd);
	fput(f);
	return r;
}
