// SPDX-License-Identifier: MIT
/*
 * cgroup v1's OOM notification: cgroup.event_control. A program writes
 * "<eventfd> <fd of oomlab.memory.oom_control>" (the file Linux's cgroup
 * v1 calls memory.oom_control); from then on each OOM of the group's
 * hierarchy adds 1 to the eventfd's counter (mm/memcg_oom.c decides
 * when), and so does the group's removal (Linux's memcg_event_remove()
 * "notifies userspace the event is going away").
 *
 * Parsing and errnos follow Linux 6.1's memcg_write_event_control():
 * two decimal numbers separated by one space (anything after a second
 * space is the event's argument, which the OOM event ignores), else
 * -EINVAL; a first fd not open -EBADF, not an eventfd -EINVAL; a second
 * fd not open -EBADF; not a cgroup file named oomlab.memory.oom_control
 * of this very group -EINVAL. Linux also accepts memory.usage_in_bytes
 * thresholds and memory.pressure_level there; oomlab models neither.
 * Linux checks read permission on the control file; every oomlab cgroup
 * file is readable, so there is nothing to check.
 *
 * An event lives until both its memcg went offline (the listener is
 * detached) and its eventfd's file was released (the close hook ran):
 * a reference for each, so neither side frees what the other still
 * uses. Locking: [a] atomic; [I] immutable.
 */
#include "fs/cgroupfs.h"
#include "fs/cgroupfs_internal.h"
#include "fs/eventfd.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/cgroup.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/slab.h"

#define OOM_CONTROL_FILE	"oomlab.memory.oom_control"

struct cgfs_oom_event {
	struct memcg_oom_listener listener;	/* mm/memcg.h's rules */
	struct eventfd_close_hook hook;		/* fs/eventfd.h's rules */
	struct eventfd_ctx *ctx;		/* [I] a reference */
	int refs;				/* [a] listening + hook */
};

static void oom_event_put(struct cgfs_oom_event *ev)
{
	if (__atomic_sub_fetch(&ev->refs, 1, __ATOMIC_ACQ_REL))
		return;
	eventfd_ctx_put(ev->ctx);
	kfree(ev);
}

static void oom_event_notify(struct memcg_oom_listener *l)
{
	struct cgfs_oom_event *ev = container_of(l, struct cgfs_oom_event,
						 listener);

	eventfd_signal(ev->ctx, 1);
}

static void oom_event_detached(struct memcg_oom_listener *l)
{
	struct cgfs_oom_event *ev = container_of(l, struct cgfs_oom_event,
						 listener);

	eventfd_signal(ev->ctx, 1);
	oom_event_put(ev);
}

static void oom_event_closed(struct eventfd_close_hook *h)
{
	struct cgfs_oom_event *ev = container_of(h, struct cgfs_oom_event,
						 hook);

	if (memcg_oom_unlisten(&ev->listener))
		oom_event_put(ev);
	oom_event_put(ev);
}

/* Linux's simple_strtoul(): the leading decimal digits, *end after. */
static unsigned int parse_fd(const char *s, const char **end)
{
	unsigned int v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	*end = s;
	return v;
}

static int parse_event_control(char *s, int *efd, int *cfd)
{
	const char *end;

	s = strstrip(s);
	*efd = (int)parse_fd(s, &end);
	if (*end != ' ')
		return -EINVAL;
	*cfd = (int)parse_fd(end + 1, &end);
	return *end == '\0' || *end == ' ' ? 0 : -EINVAL;
}

/* Is @f this group's oom_control file? */
static bool is_oom_control_of(struct file *f, void *data)
{
	struct dentry *d = f->dentry;

	return !strcmp(d->inode->sb->fstype, "cgroup2") &&
	       S_ISREG(d->inode->mode) && !strcmp(d->name, OOM_CONTROL_FILE) &&
	       pseudo_data(d) == data;
}

/* Listen on @cg's memcg through @ctx, whose file the caller holds. */
static int oom_event_add(struct cgroup *cg, struct eventfd_ctx *ctx)
{
	struct cgfs_oom_event *ev = kzalloc(sizeof(*ev), GFP_KERNEL);

	if (!ev)
		return -ENOMEM;
	eventfd_ctx_get(ctx);
	ev->ctx = ctx;
	ev->refs = 2;
	ev->listener.notify = oom_event_notify;
	ev->listener.detached = oom_event_detached;
	ev->hook.closed = oom_event_closed;
	if (!memcg_oom_listen(cg->memcg, &ev->listener)) {
		eventfd_ctx_put(ctx);
		kfree(ev);
		return -ENODEV;		/* removed since cgfs_get() */
	}
	eventfd_on_close(ctx, &ev->hook);
	return 0;
}

/* The files' half: @efile an eventfd, @cfile @data's control file. */
static int event_control_files(void *data, struct file *efile,
			       struct file *cfile)
{
	struct eventfd_ctx *ctx;
	struct cgroup *cg;
	int r = -EINVAL;

	ctx = eventfd_ctx_of(efile);
	if (!ctx)
		return r;
	if (cfile && !is_oom_control_of(cfile, data))
		goto out_put_ctx;
	r = cfile ? cgfs_get(data, &cg) : -EBADF;
	if (r)
		goto out_put_ctx;
	r = oom_event_add(cg, ctx);
	cgroup_put(cg);
out_put_ctx:
	eventfd_ctx_put(ctx);
	return r;
}

/**
 * cgroupfs_event_control - what writing "<efd> <cfd>" to @event_control
 * does, with the files themselves (for kernel callers, which have no fd
 * table).
 * @event_control: an open cgroup.event_control file
 * @efile: the eventfd
 * @cfile: the group's oomlab.memory.oom_control, open
 *
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (@efile not an eventfd, @cfile not that group's
 * oom_control), -ENOMEM, -ENODEV (the group is gone).
 */
int cgroupfs_event_control(struct file *event_control, struct file *efile,
			   struct file *cfile)
{
	return event_control_files(pseudo_data(event_control->dentry), efile,
				   cfile);
}

/**
 * cgfs_event_control_write - a write to cgroup.event_control.
 * @data: the group's id
 * @s: the text, NUL-terminated (the pseudo file's copy: may be changed)
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len, or -EINVAL, -EBADF, -ENOMEM, -ENODEV (the group is gone).
 */
long cgfs_event_control_write(void *data, const char *s, size_t len)
{
	struct files_struct *files = fs_files();
	struct file *efile, *cfile;
	int efd, cfd;
	int r = parse_event_control((char *)s, &efd, &cfd);

	if (r)
		return r;
	efile = files ? fd_get(files, efd) : NULL;
	if (!efile)
		return -EBADF;
	/* Linux: an efd that is no eventfd is -EINVAL before cfd is looked
	 * at; event_control_files() checks in that order too. */
	cfile = fd_get(files, cfd);
	r = event_control_files(data, efile, cfile);
	if (cfile)
		fput(cfile);
	fput(efile);
	return r ? r : (long)len;
}
