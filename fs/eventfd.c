// SPDX-License-Identifier: MIT
/*
 * eventfd(2) and eventfd2(2) (see fs/eventfd.h) with Linux 6.1's
 * semantics and errnos (fs/eventfd.c there): a read of fewer than 8
 * bytes or a write of 0xffffffffffffffff is -EINVAL; a read of a zero
 * counter and a write that would pass EVENTFD_MAX sleep, interruptibly,
 * or fail -EAGAIN with O_NONBLOCK. Every eventfd shares one anonymous
 * inode ("[eventfd]"), as Linux's anon_inode_getfile() does. It is a
 * stream here, so lseek(2) is -ESPIPE, where Linux's noop_llseek()
 * returns 0 and moves nothing.
 *
 * The context lives while its file or a kernel user (eventfd_ctx_get())
 * holds it; the file's release runs the close hooks, so a kernel user
 * that keeps a context learns that nobody can read it any more.
 *
 * Locking: [w] ctx->wqh.lock (the count and the close hooks; readers
 * and writers sleep on wqh); [a] atomic; [I] immutable.
 */
#include "fs/anon_inode.h"
#include "fs/eventfd.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/poll.h"
#include "kernel/panic.h"
#include "kernel/syscall.h"
#include "kernel/wait.h"
#include "lib/errno.h"
#include "mm/slab.h"

struct eventfd_ctx {
	int refs;			/* [a] the file's and kernel users' */
	struct wait_queue_head wqh;	/* "waitqueue": readers, writers */
	u64 count;			/* [w] */
	bool semaphore;			/* [I] EFD_SEMAPHORE */
	struct list_head close_hooks;	/* [w] eventfd_close_hook.node */
};

static struct dentry *eventfd_dentry;	/* [I] set at boot */

static const struct file_operations eventfd_fops;

/**
 * eventfd_ctx_of - the context of an eventfd file (Linux's
 * eventfd_ctx_fileget()).
 * @f: an open file
 *
 * Context: any.
 * Return: the context with a reference (eventfd_ctx_put() it), or NULL
 * when @f is not an eventfd.
 */
struct eventfd_ctx *eventfd_ctx_of(struct file *f)
{
	if (f->f_op != &eventfd_fops)
		return NULL;
	eventfd_ctx_get(f->private);
	return f->private;
}

/* eventfd_ctx_get - one more reference on @ctx. Context: any. */
void eventfd_ctx_get(struct eventfd_ctx *ctx)
{
	__atomic_add_fetch(&ctx->refs, 1, __ATOMIC_RELAXED);
}

/**
 * eventfd_ctx_put - drop a reference on @ctx; the last frees it.
 * @ctx: the context
 *
 * Context: any that may kfree().
 */
void eventfd_ctx_put(struct eventfd_ctx *ctx)
{
	if (!__atomic_sub_fetch(&ctx->refs, 1, __ATOMIC_ACQ_REL))
		kfree(ctx);
}

/**
 * eventfd_signal - add @n to @ctx's counter and wake its readers; the
 * counter stops at 0xffffffffffffffff, one past what a write may reach
 * (Linux 6.1's eventfd_signal_mask()).
 * @ctx: the context
 * @n: what to add
 *
 * Context: any; takes ctx->wqh.lock.
 */
void eventfd_signal(struct eventfd_ctx *ctx, u64 n)
{
	unsigned long flags = spin_lock_irqsave(&ctx->wqh.lock);

	ctx->count = ~0ULL - ctx->count < n ? ~0ULL : ctx->count + n;
	__wake_up_locked(&ctx->wqh, TASK_NORMAL, 0);
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
}

/**
 * eventfd_count - the counter now (for tests and the kernel's users).
 * @ctx: the context
 *
 * Context: any; takes ctx->wqh.lock.
 * Return: the count.
 */
u64 eventfd_count(struct eventfd_ctx *ctx)
{
	unsigned long flags = spin_lock_irqsave(&ctx->wqh.lock);
	u64 n = ctx->count;

	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	return n;
}

/**
 * eventfd_on_close - run @h->closed() when @ctx's file is released.
 * @ctx: the context, whose file the caller holds open (so the release
 *	has not run and cannot run before the hook is queued)
 * @h: the hook; it is the caller's until closed() runs
 *
 * Context: any; takes ctx->wqh.lock.
 */
void eventfd_on_close(struct eventfd_ctx *ctx, struct eventfd_close_hook *h)
{
	unsigned long flags = spin_lock_irqsave(&ctx->wqh.lock);

	list_add_tail(&h->node, &ctx->close_hooks);
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
}

/* The next close hook to run, taken off the list; NULL when none is left. */
static struct eventfd_close_hook *eventfd_next_hook(struct eventfd_ctx *ctx)
{
	unsigned long flags = spin_lock_irqsave(&ctx->wqh.lock);
	struct eventfd_close_hook *h = NULL;

	if (!list_empty(&ctx->close_hooks)) {
		h = list_entry(ctx->close_hooks.next,
			       struct eventfd_close_hook, node);
		list_del_init(&h->node);
	}
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	return h;
}

static void eventfd_release(struct file *f)
{
	struct eventfd_ctx *ctx = f->private;
	struct eventfd_close_hook *h;

	/* No hook is added now: eventfd_on_close() callers hold the file. */
	while ((h = eventfd_next_hook(ctx)))
		h->closed(h);
	eventfd_ctx_put(ctx);
}

/* Take the whole count, or 1 of it for a semaphore; false if it is 0. */
static bool eventfd_take(struct eventfd_ctx *ctx, u64 *taken)
{
	unsigned long flags = spin_lock_irqsave(&ctx->wqh.lock);
	bool ok = ctx->count != 0;

	if (ok) {
		*taken = ctx->semaphore ? 1 : ctx->count;
		ctx->count -= *taken;
		__wake_up_locked(&ctx->wqh, TASK_NORMAL, 0);	/* writers */
	}
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	return ok;
}

/* Add @n unless the count would pass EVENTFD_MAX. */
static bool eventfd_add(struct eventfd_ctx *ctx, u64 n)
{
	unsigned long flags = spin_lock_irqsave(&ctx->wqh.lock);
	bool ok = EVENTFD_MAX - ctx->count >= n;

	if (ok) {
		ctx->count += n;
		__wake_up_locked(&ctx->wqh, TASK_NORMAL, 0);	/* readers */
	}
	spin_unlock_irqrestore(&ctx->wqh.lock, flags);
	return ok;
}

static long eventfd_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	struct eventfd_ctx *ctx = f->private;
	u64 n = 0;
	int r;

	(void)pos;
	if (io->len < sizeof(n))
		return -EINVAL;
	if (f->flags & O_NONBLOCK)
		r = eventfd_take(ctx, &n) ? 0 : -EAGAIN;
	else
		r = wait_event_interruptible(ctx->wqh, eventfd_take(ctx, &n));
	if (r)
		return r;
	/* Linux 6.1 too has taken the count when the copy faults. */
	if (io_copy_to(io, 0, &n, sizeof(n)) != sizeof(n))
		return -EFAULT;
	return sizeof(n);
}

static long eventfd_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	struct eventfd_ctx *ctx = f->private;
	u64 n;
	int r;

	(void)pos;
	if (io->len < sizeof(n))
		return -EINVAL;
	if (io_copy_from(&n, io, 0, sizeof(n)) != sizeof(n))
		return -EFAULT;
	if (n == EVENTFD_MAX + 1)
		return -EINVAL;
	if (f->flags & O_NONBLOCK)
		r = eventfd_add(ctx, n) ? 0 : -EAGAIN;
	else
		r = wait_event_interruptible(ctx->wqh, eventfd_add(ctx, n));
	return r ? r : (long)sizeof(n);
}

/* Linux 6.1's eventfd_poll(): readable with a count, writable while a
 * write of 1 would not block, POLLERR at the overflow value. */
static unsigned int eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd_ctx *ctx = f->private;
	unsigned int mask = 0;
	u64 count;

	poll_wait(f, &ctx->wqh, pt);
	count = eventfd_count(ctx);
	if (count)
		mask |= POLLIN | POLLRDNORM;
	if (count == ~0ULL)
		mask |= POLLERR;
	if (count < EVENTFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static const struct file_operations eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.release = eventfd_release,
	.poll = eventfd_poll,
};

/**
 * eventfd_init - make the anonymous inode every eventfd opens (at boot:
 * it lives as long as the kernel).
 *
 * Context: boot, task context.
 */
void eventfd_init(void)
{
	eventfd_dentry = anon_inode_make("[eventfd]", &eventfd_fops);
}

/**
 * eventfd_file_create - a new eventfd file (the syscalls' body; kernel
 * tests hold one without an fd).
 * @count: the counter's first value
 * @flags: EFD_SEMAPHORE and EFD_NONBLOCK (EFD_CLOEXEC is the fd's)
 *
 * Context: task context, may sleep.
 * Return: the file, one reference; NULL without memory.
 */
struct file *eventfd_file_create(unsigned int count, int flags)
{
	struct eventfd_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	struct file *f;

	if (!ctx)
		return NULL;
	ctx->refs = 1;
	init_waitqueue_head(&ctx->wqh);
	INIT_LIST_HEAD(&ctx->close_hooks);
	ctx->count = count;
	ctx->semaphore = flags & EFD_SEMAPHORE;
	f = file_alloc_stream(eventfd_dentry, O_RDWR | (flags & EFD_NONBLOCK),
			      &eventfd_fops);
	if (!f) {
		kfree(ctx);
		return NULL;
	}
	f->private = ctx;
	f->mode |= FMODE_NO_POS_LOCK;	/* a reader waits for a writer */
	return f;
}

SYSCALL_DEFINE2(eventfd2, unsigned int, count, int, flags)
{
	struct files_struct *files = fs_files();
	struct file *f;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	if (!files)
		return -EBADF;
	f = eventfd_file_create(count, flags);
	if (!f)
		return -ENOMEM;
	fd = fd_install(files, f, 0, flags & EFD_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(eventfd, unsigned int, count)
{
	return sys_eventfd2(count, 0);
}
