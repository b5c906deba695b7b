// SPDX-License-Identifier: MIT
/*
 * Pseudo files and directories (fs/pseudo.h). Each inode carries a
 * struct pseudo_node naming its callbacks and their data; the VFS
 * operations here only dispatch to them. Invariant: the callbacks own
 * the data; a node never outlives its inode and is freed with it.
 *
 * Notify files: nothing in oomlab announces a change of cgroup.events
 * or memory.events (Linux's kernfs_notify() from cgroup_file_notify()),
 * so their pollers are woken every PSEUDO_NOTIFY_MS, while any waits,
 * and compare the text with their snapshot. The comparison may sleep
 * (show() takes cgroup locks), so it is made on poll's first look (with
 * a poll table, the task still running) and kept for the second.
 *
 * Locking: [I] a node after creation; names under the namespace lock;
 * an open file's snapshot belongs to the file ([f]); [a] the snapshot's
 * changed flag (a poll and a read of one file may race: the next poll
 * pass sets it again).
 */
#include <stdarg.h>
#include "fs/file.h"
#include "fs/poll.h"
#include "fs/pseudo.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/slab.h"

#define PSEUDO_NOTIFY_MS	10	/* notify files' re-check period */

/* An open file's text (file->private). */
struct pseudo_snapshot {
	struct pseudo_buf buf;		/* [f] */
	bool changed;			/* [a] differs from the file now */
	unsigned long seq;		/* [f] notify_seq() when taken */
};

static DECLARE_WAIT_QUEUE_HEAD(pseudo_notify_wq);	/* notify pollers */
static struct timer_list pseudo_notify_timer;	/* wakes them */
static unsigned long pseudo_notify_ticks;	/* [a] re-checks so far */

/* Wake the notify pollers, and again later while any is left. */
static void pseudo_notify_tick(struct timer_list *t)
{
	__atomic_add_fetch(&pseudo_notify_ticks, 1, __ATOMIC_RELEASE);
	if (wq_has_sleeper(&pseudo_notify_wq)) {
		wake_up_all(&pseudo_notify_wq);
		mod_timer(t, time_jiffies() +
			  msecs_to_jiffies(PSEUDO_NOTIFY_MS));
	}
}

struct pseudo_node {
	const struct pseudo_file_ops *fops;	/* [I] files */
	const struct pseudo_dir_ops *dops;	/* [I] directories */
	void *data;				/* [I] */
};

static const struct inode_operations pseudo_dir_iops;
static const struct inode_operations pseudo_file_iops;
static const struct file_operations pseudo_fops;

/**
 * pseudo_printf - append to a show() buffer; text past its size is cut.
 * @buf: the buffer
 * @fmt: format, as snprintf()
 *
 * Context: any.
 */
void pseudo_printf(struct pseudo_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf->s + buf->len, buf->size - buf->len, fmt, ap);
	va_end(ap);
	buf->len = MIN(buf->len + (size_t)n, buf->size - 1);
}

/* Return: the callback data of pseudo dentry @d. Context: any. */
void *pseudo_data(struct dentry *d)
{
	struct pseudo_node *node = d->inode->private;

	return node->data;
}

static void pseudo_evict(struct inode *inode)
{
	struct pseudo_node *node = inode->private;

	/* Links of the same file system (/proc/self) have no node. */
	if (node && node->fops && node->fops->put_data)
		node->fops->put_data(node->data);
	kfree(node);
}

static const struct super_operations pseudo_sops = {
	.evict = pseudo_evict,
};

static struct inode *pseudo_inode(struct super_block *sb, u32 mode,
				  const struct pseudo_file_ops *fops,
				  const struct pseudo_dir_ops *dops,
				  void *data)
{
	struct inode *inode = inode_alloc(sb, mode);
	struct pseudo_node *node = kzalloc(sizeof(*node), GFP_KERNEL);

	if (!inode || !node) {
		kfree(node);
		if (inode)
			iput(inode);
		return NULL;
	}
	*node = (struct pseudo_node){ fops, dops, data };
	inode->private = node;
	if (S_ISDIR(mode)) {
		inode->i_op = &pseudo_dir_iops;
	} else {
		inode->i_op = &pseudo_file_iops;
		inode->f_op = &pseudo_fops;
	}
	return inode;
}

/* A new dentry @name under @parent for a new pseudo inode. */
static int pseudo_new(struct dentry *parent, const char *name, u32 mode,
		      const struct pseudo_file_ops *fops,
		      const struct pseudo_dir_ops *dops, void *data,
		      struct dentry **out)
{
	struct inode *inode = pseudo_inode(parent->inode->sb, mode, fops,
					   dops, data);

	if (!inode)
		return -ENOMEM;
	*out = d_alloc(parent, name, inode);
	return *out ? 0 : -ENOMEM;
}

/**
 * pseudo_new_file - an unlinked pseudo file, for a lookup() callback.
 * @dir: its directory
 * @name: its name
 * @mode: S_IFREG and permission bits (0444 read-only, 0644 writable)
 * @ops: its callbacks
 * @data: passed to them
 * @out: the dentry, one reference
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int pseudo_new_file(struct dentry *dir, const char *name, u32 mode,
		    const struct pseudo_file_ops *ops, void *data,
		    struct dentry **out)
{
	return pseudo_new(dir, name, S_IFREG | (mode & 07777), ops, NULL,
			  data, out);
}

/* pseudo_new_dir - as pseudo_new_file(), a directory with @ops. */
int pseudo_new_dir(struct dentry *parent, const char *name,
		   const struct pseudo_dir_ops *ops, void *data,
		   struct dentry **out)
{
	return pseudo_new(parent, name, S_IFDIR | 0555, NULL, ops, data,
			  out);
}

/**
 * pseudo_add_file - a pseudo file named @name in @dir until removed.
 * @dir: a pseudo directory
 * @name: its name
 * @mode: as pseudo_new_file()
 * @ops: its callbacks
 * @data: passed to them
 *
 * Context: the namespace lock held (a mkdir callback, or init).
 * Return: 0, or -ENOMEM.
 */
int pseudo_add_file(struct dentry *dir, const char *name, u32 mode,
		    const struct pseudo_file_ops *ops, void *data)
{
	struct dentry *d;
	int r = pseudo_new_file(dir, name, mode, ops, data, &d);

	if (r)
		return r;
	d_link(d);
	dput(d);
	return 0;
}

/**
 * pseudo_mkdir - a pseudo directory named @name in @parent until removed.
 * @parent: a pseudo directory
 * @name: its name
 * @ops: its callbacks
 * @data: passed to them
 *
 * Context: the namespace lock held.
 * Return: the directory (the tree's: valid until it is removed), or
 * NULL without memory.
 */
struct dentry *pseudo_mkdir(struct dentry *parent, const char *name,
			    const struct pseudo_dir_ops *ops, void *data)
{
	struct dentry *d;

	if (pseudo_new_dir(parent, name, ops, data, &d))
		return NULL;
	d_link(d);
	dput(d);
	return d;
}

/**
 * pseudo_fs_create - a pseudo file system whose root has @ops.
 * @fstype: its name ("proc", "cgroup2")
 * @ops: the root's directory callbacks
 * @data: passed to them
 *
 * Context: task context, may sleep.
 * Return: its super block, or NULL without memory.
 */
struct super_block *pseudo_fs_create(const char *fstype,
				     const struct pseudo_dir_ops *ops,
				     void *data)
{
	struct super_block *sb = sb_alloc(fstype, false, &pseudo_sops);
	struct inode *root;

	if (!sb)
		return NULL;
	if (!pseudo_notify_timer.function)	/* the first one, at boot */
		timer_setup(&pseudo_notify_timer, pseudo_notify_tick, 0);
	root = pseudo_inode(sb, S_IFDIR | 0555, NULL, ops, data);
	if (!root)
		return NULL;
	sb->root = d_alloc(NULL, "/", root);
	return sb->root ? sb : NULL;
}

static const struct pseudo_dir_ops *dir_ops(struct dentry *dir)
{
	struct pseudo_node *node = dir->inode->private;

	return node->dops;
}

static int pseudo_lookup(struct dentry *dir, const char *name,
			 struct dentry **out)
{
	const struct pseudo_dir_ops *ops = dir_ops(dir);

	return ops && ops->lookup ? ops->lookup(dir, name, out) : -ENOENT;
}

static void pseudo_iterate(struct dentry *dir, struct dir_context *ctx)
{
	const struct pseudo_dir_ops *ops = dir_ops(dir);

	if (ops && ops->iterate)
		ops->iterate(dir, ctx);
}

static int pseudo_mkdir_op(struct dentry *dir, const char *name, u32 mode)
{
	const struct pseudo_dir_ops *ops = dir_ops(dir);

	return ops && ops->mkdir ? ops->mkdir(dir, name) : -EPERM;
}

/* rmdir: the callback decides; the files inside go with the directory
 * (a subdirectory keeps it: -ENOTEMPTY, unless the callback says why). */
static int pseudo_rmdir_op(struct dentry *dir, struct dentry *victim)
{
	const struct pseudo_dir_ops *ops = dir_ops(victim);
	struct dentry *c, *tmp;
	int r;

	if (!ops || !ops->rmdir)
		return -EPERM;
	list_for_each_entry(c, &victim->children, child)
		if (S_ISDIR(c->inode->mode) && !ops->rmdir_judges_children)
			return -ENOTEMPTY;
	r = ops->rmdir(victim);
	if (r)
		return r;
	list_for_each_entry_safe(c, tmp, &victim->children, child)
		d_unlink(c);
	d_unlink(victim);
	return 0;
}

static const struct inode_operations pseudo_dir_iops = {
	.lookup = pseudo_lookup,
	.iterate = pseudo_iterate,
	.mkdir = pseudo_mkdir_op,
	.rmdir = pseudo_rmdir_op,
};

static const struct pseudo_file_ops *file_ops(struct file *file)
{
	struct pseudo_node *node = file->inode->private;

	return node->fops;
}

/* A new snapshot of @node's text. Return: it, or NULL with *@err. */
static struct pseudo_snapshot *pseudo_show(struct pseudo_node *node,
					   int *err)
{
	struct pseudo_snapshot *snap;

	snap = kzalloc(sizeof(*snap) + PSEUDO_BUF_SIZE, GFP_KERNEL);
	*err = -ENOMEM;
	if (!snap)
		return NULL;
	snap->buf.s = (char *)(snap + 1);
	snap->buf.size = PSEUDO_BUF_SIZE;
	/* Before show(): an event during it moves the count past this. */
	if (node->fops->notify_seq)
		snap->seq = node->fops->notify_seq(node->data);
	*err = node->fops->show(node->data, &snap->buf);
	if (*err) {
		kfree(snap);
		return NULL;
	}
	return snap;
}

/* Open: the snapshot a reader reads (file->private). */
static int pseudo_open(struct inode *inode, struct file *file)
{
	struct pseudo_node *node = inode->private;
	int r;

	if (!(file->mode & FMODE_READ) || !node->fops->show)
		return 0;
	file->private = pseudo_show(node, &r);
	return file->private ? 0 : r;
}

/* A notify file read from offset 0 reads its text as it is now. */
static int pseudo_refresh(struct file *file)
{
	struct pseudo_snapshot *snap;
	int r;

	snap = pseudo_show(file->inode->private, &r);
	if (!snap)
		return r;
	kfree(file->private);
	file->private = snap;
	return 0;
}

static long pseudo_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct pseudo_snapshot *snap = file->private;
	size_t n, got;
	int r;

	if (snap && !*pos && file_ops(file)->notify) {
		r = pseudo_refresh(file);
		if (r)
			return r;
		snap = file->private;
	}
	if (!snap || (u64)*pos >= snap->buf.len)
		return 0;
	n = MIN(io->len, snap->buf.len - (size_t)*pos);
	got = io_copy_to(io, 0, snap->buf.s + *pos, n);
	*pos += (loff_t)got;
	return got || !n ? (long)got : -EFAULT;
}

/* Has @file's text changed since its snapshot? May sleep. */
static bool pseudo_changed(struct file *file)
{
	struct pseudo_snapshot *snap = file->private, *now;
	bool changed;
	int r;

	now = pseudo_show(file->inode->private, &r);
	if (!now)
		return false;	/* unreadable now (removed): no news */
	changed = now->buf.len != snap->buf.len ||
		  memcmp(now->buf.s, snap->buf.s, now->buf.len) ||
		  now->seq != snap->seq;
	kfree(now);
	return changed;
}

/* Arm the re-check timer unless it is: the next tick wakes the pollers. */
static void pseudo_notify_arm(void)
{
	if (!timer_pending(&pseudo_notify_timer))
		mod_timer(&pseudo_notify_timer, time_jiffies() +
			  msecs_to_jiffies(PSEUDO_NOTIFY_MS));
}

/**
 * pseudo_notify_poll_wait - a poller of @file that learns of notify
 * files' changes: queued on their re-check wait queue on poll's first
 * look (@pt given); on the second, once it is queued, the re-check
 * timer is armed (armed earlier, it could fire before the poller is
 * queued, see no sleeper and stop).
 * @file: the file being polled
 * @pt: the poll table, or NULL
 *
 * Context: a file's poll().
 */
void pseudo_notify_poll_wait(struct file *file, struct poll_table *pt)
{
	if (pt)
		poll_wait(file, &pseudo_notify_wq, pt);
	else
		pseudo_notify_arm();
}

/**
 * pseudo_notify_wait - sleep until the notify files' next re-check.
 *
 * Context: task context, sleeps (interruptibly) up to PSEUDO_NOTIFY_MS.
 * Return: 0, or the wait's error when a signal came first.
 */
int pseudo_notify_wait(void)
{
	unsigned long seen = __atomic_load_n(&pseudo_notify_ticks,
					     __ATOMIC_ACQUIRE);

	pseudo_notify_arm();
	return wait_event_interruptible(pseudo_notify_wq,
		__atomic_load_n(&pseudo_notify_ticks, __ATOMIC_ACQUIRE) !=
		seen);
}

/**
 * pseudo_notify_take - did notify file @file's text change since its
 * snapshot? A change is reported once: the snapshot becomes the text
 * now (inotify's IN_MODIFY of cgroup.events and memory.events).
 * @file: an open file
 *
 * Context: task context, may sleep (show()).
 * Return: true for a change; false otherwise, and for a file that is
 * not a readable notify file.
 */
bool pseudo_notify_take(struct file *file)
{
	if (file->f_op != &pseudo_fops || !file->private ||
	    !file_ops(file)->notify || !pseudo_changed(file))
		return false;
	return !pseudo_refresh(file);
}

/**
 * pseudo_same_file - are @a and @b one pseudo file? A file made on
 * lookup is a new inode each time: its callbacks and data say which.
 * @a: an inode
 * @b: another
 *
 * Context: any.
 * Return: true when both are pseudo files with the same callbacks and
 * data.
 */
bool pseudo_same_file(const struct inode *a, const struct inode *b)
{
	const struct pseudo_node *na = a->private, *nb = b->private;

	return a->f_op == &pseudo_fops && b->f_op == &pseudo_fops &&
	       na->fops == nb->fops && na->data == nb->data;
}

/*
 * Readable and writable as any file; POLLPRI | POLLERR for a notify
 * file whose text changed (Linux's kernfs_generic_poll()). The first
 * look (@pt given) compares, and may sleep doing so.
 */
static unsigned int pseudo_poll(struct file *file, struct poll_table *pt)
{
	struct pseudo_snapshot *snap = file->private;

	if (!snap || !file_ops(file)->notify)
		return DEFAULT_POLLMASK;
	if (pt)
		__atomic_store_n(&snap->changed, pseudo_changed(file),
				 __ATOMIC_RELAXED);
	pseudo_notify_poll_wait(file, pt);
	return DEFAULT_POLLMASK |
	       (__atomic_load_n(&snap->changed, __ATOMIC_RELAXED) ?
		POLLPRI | POLLERR : 0);
}

static long pseudo_write(struct file *file, struct io_buf *io, loff_t *pos)
{
	const struct pseudo_file_ops *ops = file_ops(file);
	size_t max = ops->max_write ? ops->max_write : PSEUDO_BUF_SIZE - 1;
	size_t n = MIN(io->len, max);
	char *s;
	long r;

	if (!ops->write && !ops->write_file)
		return -EINVAL;
	s = kmalloc(n + 1, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	if (io_copy_from(s, io, 0, n) != n) {
		r = -EFAULT;
	} else {
		s[n] = 0;
		r = ops->write_file ?
			ops->write_file(file, pseudo_data(file->dentry), s, n) :
			ops->write(pseudo_data(file->dentry), s, n);
	}
	kfree(s);
	return r;
}

/**
 * pseudo_inode_ops - the callbacks of a pseudo file's inode.
 * @inode: an inode of a pseudo file system
 *
 * Context: any.
 * Return: its pseudo_file_ops, or NULL when @inode is no pseudo file.
 */
const struct pseudo_file_ops *pseudo_inode_ops(struct inode *inode)
{
	struct pseudo_node *node = inode->private;

	return inode->f_op == &pseudo_fops ? node->fops : NULL;
}

/* The root directory's callbacks hear of a chmod or chown of a file. */
static void pseudo_attr_changed(struct inode *inode)
{
	const struct pseudo_dir_ops *ops = dir_ops(inode->sb->root);
	struct pseudo_node *node = inode->private;

	if (ops && ops->file_attr_changed)
		ops->file_attr_changed(inode, node->data);
}

static const struct inode_operations pseudo_file_iops = {
	.attr_changed = pseudo_attr_changed,
};

/**
 * pseudo_file_ops_of - the callbacks of an open pseudo file.
 * @file: an open file
 *
 * Context: any.
 * Return: its pseudo_file_ops, or NULL when @file is no pseudo file.
 */
const struct pseudo_file_ops *pseudo_file_ops_of(struct file *file)
{
	return file->inode->f_op == &pseudo_fops ? file_ops(file) : NULL;
}

static void pseudo_release(struct file *file)
{
	kfree(file->private);
}

static const struct file_operations pseudo_fops = {
	.open = pseudo_open,
	.read = pseudo_read,
	.write = pseudo_write,
	.release = pseudo_release,
	.poll = pseudo_poll,
};
