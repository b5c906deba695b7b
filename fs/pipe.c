// SPDX-License-Identifier: MIT
/*
 * Anonymous pipes (fs/pipe.h), after Linux 6.1's fs/pipe.c: a ring of
 * page buffers indexed by free-running head (next to write) and tail
 * (next to read) counters, head - tail buffers in use. A write first
 * tops up the last buffer with the part of it that is not a whole page
 * (if that fits), then fills fresh pages one at a time; so a write of
 * at most PIPE_BUF bytes goes into one buffer under one hold of the
 * pipe's mutex, whole: that is the PIPE_BUF atomicity.
 *
 * Charging: Linux 6.1's pipe_write() allocates each buffer page with
 * alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT), charging it to the writer's
 * memory cgroup, and alloc_pipe_info() takes the pipe and its buffer
 * array with GFP_KERNEL_ACCOUNT. Here every one of those is a
 * GFP_KERNEL_ACCOUNT kmalloc() (mm/slab.h), charged to the writing
 * task's group and uncharged by the kfree() when a reader empties the
 * page or the pipe is freed. Linux keeps one emptied page for the next
 * write (pipe->tmp_page); oomlab frees it, so an empty pipe holds no
 * buffer page.
 *
 * Sleeps: readers on rd_wait until a buffer or the last writer's close,
 * writers on wr_wait until a free slot or the last reader's close; they
 * test the ring without the mutex (pipe_readable(), pipe_writable()),
 * as Linux does, and take it again to act.
 *
 * Locking: [p] pipe->lock (mutex "pipe"; copies to and from user memory
 * fault under it, and a charge may reclaim or OOM-kill); [a] atomic, so
 * to read: [a]; to modify: [p] for head, tail, readers and writers.
 */
#include <arch/uaccess.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/ioctl.h"
#include "fs/pipe.h"
#include "fs/poll.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/page.h"
#include "mm/slab.h"

struct pipe_buffer {
	char *page;			/* [p] PAGE_SIZE bytes, charged */
	unsigned int offset;		/* [p] first unread byte */
	unsigned int len;		/* [p] unread bytes */
};

struct pipe {
	struct mutex lock;		/* "pipe" */
	struct wait_queue_head rd_wait;	/* readers and pollers */
	struct wait_queue_head wr_wait;	/* writers and pollers */
	unsigned int head;		/* to modify: [p]; to read: [a] */
	unsigned int tail;		/* to modify: [p]; to read: [a] */
	int readers;			/* to modify: [p]; to read: [a] */
	int writers;			/* to modify: [p]; to read: [a] */
	int refs;			/* [a] one per end: the last
					 * release frees the pipe */
	struct pipe_buffer bufs[PIPE_DEF_BUFFERS];	/* [p] */
};

#define PIPE_MASK	(PIPE_DEF_BUFFERS - 1)

static struct super_block *pipe_sb;	/* [I] "pipefs", set at boot */

static unsigned int pipe_used(struct pipe *pipe)
{
	return __atomic_load_n(&pipe->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&pipe->tail, __ATOMIC_ACQUIRE);
}

static int pipe_count(int *c)
{
	return __atomic_load_n(c, __ATOMIC_ACQUIRE);
}

/* A reader may go on: data, or no writer left (EOF). */
static bool pipe_readable(struct pipe *pipe)
{
	return pipe_used(pipe) || !pipe_count(&pipe->writers);
}

/* A writer may go on: a free slot, or no reader left (EPIPE). */
static bool pipe_writable(struct pipe *pipe)
{
	return pipe_used(pipe) < PIPE_DEF_BUFFERS ||
	       !pipe_count(&pipe->readers);
}

/*
 * Linux sends SIGPIPE to the writer (send_sig(SIGPIPE, current, 0) in
 * pipe_write()); with no handlers yet, its default action ends the
 * process on the way out of the syscall. A kernel thread has no
 * process and gets only the -EPIPE.
 */
static void pipe_send_sigpipe(void)
{
	struct process *p = process_current();

	if (p)
		process_kill(p, SIGPIPE);
}

/* Copy out of the tail buffer; free it once empty. Return: bytes. */
static size_t pipe_take(struct pipe *pipe, struct io_buf *io, size_t done)
{
	struct pipe_buffer *buf = &pipe->bufs[pipe->tail & PIPE_MASK];
	size_t n = MIN((size_t)buf->len, io->len - done);
	size_t got = io_copy_to(io, done, buf->page + buf->offset, n);

	buf->offset += got;
	buf->len -= got;
	if (!buf->len) {
		kfree(buf->page);	/* uncharges the writer's group */
		buf->page = NULL;
		__atomic_store_n(&pipe->tail, pipe->tail + 1, __ATOMIC_RELEASE);
		wake_up(&pipe->wr_wait);
	}
	return got;
}

static long pipe_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	struct pipe *pipe = f->private;
	size_t done = 0;
	long r = 0;

	(void)pos;
	if (!io->len)
		return 0;
	mutex_lock(&pipe->lock);
	for (;;) {
		while (pipe->head != pipe->tail && done < io->len) {
			size_t want = MIN((size_t)pipe->bufs[pipe->tail &
					  PIPE_MASK].len, io->len - done);
			size_t got = pipe_take(pipe, io, done);

			done += got;
			if (got < want) {
				r = -EFAULT;
				goto out_unlock;
			}
		}
		if (done || !pipe->writers)
			break;
		if (f->flags & O_NONBLOCK) {
			r = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->lock);
		r = fs_wait_event(pipe->rd_wait, pipe_readable(pipe));
		mutex_lock(&pipe->lock);
		if (r)
			break;
	}
out_unlock:
	mutex_unlock(&pipe->lock);
	return done ? (long)done : r;
}

/* Top the last buffer up with @n bytes if they fit. Return: bytes. */
static size_t pipe_merge(struct pipe *pipe, struct io_buf *io, size_t n)
{
	struct pipe_buffer *buf = &pipe->bufs[(pipe->head - 1) & PIPE_MASK];
	size_t end = buf->offset + buf->len;

	if (!n || pipe->head == pipe->tail || end + n > PAGE_SIZE)
		return 0;
	n = io_copy_from(buf->page + end, io, 0, n);
	buf->len += n;
	return n;
}

/*
 * Fill one fresh buffer (the pipe has a free slot) with up to a page
 * from @io at @done. Return: bytes copied, -ENOMEM or -EFAULT.
 */
static long pipe_fill(struct pipe *pipe, struct io_buf *io, size_t done)
{
	struct pipe_buffer *buf = &pipe->bufs[pipe->head & PIPE_MASK];
	size_t n = MIN((size_t)PAGE_SIZE, io->len - done);
	char *page = kmalloc(PAGE_SIZE, GFP_KERNEL_ACCOUNT);
	size_t got;

	if (!page)
		return -ENOMEM;
	got = io_copy_from(page, io, done, n);
	if (!got) {
		kfree(page);
		return -EFAULT;
	}
	buf->page = page;
	buf->offset = 0;
	buf->len = (unsigned int)got;
	__atomic_store_n(&pipe->head, pipe->head + 1, __ATOMIC_RELEASE);
	wake_up(&pipe->rd_wait);
	return (long)got;
}

static long pipe_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	struct pipe *pipe = f->private;
	size_t done;
	long r = 0;

	(void)pos;
	if (!io->len)
		return 0;
	mutex_lock(&pipe->lock);
	if (!pipe->readers) {
		r = -EPIPE;
		goto out_unlock;
	}
	done = pipe_merge(pipe, io, io->len % PAGE_SIZE);
	while (done < io->len) {
		if (!pipe->readers) {
			r = -EPIPE;
			break;
		}
		if (pipe->head - pipe->tail < PIPE_DEF_BUFFERS) {
			r = pipe_fill(pipe, io, done);
			if (r < 0)
				break;
			done += (size_t)r;
			r = 0;
			continue;
		}
		if (f->flags & O_NONBLOCK) {
			r = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->lock);
		r = fs_wait_event(pipe->wr_wait, pipe_writable(pipe));
		mutex_lock(&pipe->lock);
		if (r)
			break;
	}
	if (done)
		r = (long)done;
out_unlock:
	mutex_unlock(&pipe->lock);
	if (r == -EPIPE)
		pipe_send_sigpipe();
	return r;
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *pipe = f->private;
	unsigned int used, mask = 0;

	poll_wait(f, &pipe->rd_wait, pt);
	poll_wait(f, &pipe->wr_wait, pt);
	used = pipe_used(pipe);
	if (f->mode & FMODE_READ) {
		if (used)
			mask |= POLLIN | POLLRDNORM;
		if (!pipe_count(&pipe->writers))
			mask |= POLLHUP;
	}
	if (f->mode & FMODE_WRITE) {
		if (used < PIPE_DEF_BUFFERS)
			mask |= POLLOUT | POLLWRNORM;
		if (!pipe_count(&pipe->readers))
			mask |= POLLERR;
	}
	return mask;
}

/**
 * pipe_nr_bytes - the bytes waiting in @f's pipe (FIONREAD).
 * @f: either end of a pipe
 *
 * Context: task context, may sleep (takes the pipe's mutex).
 * Return: the byte count.
 */
long pipe_nr_bytes(struct file *f)
{
	struct pipe *pipe = f->private;
	long n = 0;

	mutex_lock(&pipe->lock);
	for (unsigned int i = pipe->tail; i != pipe->head; i++)
		n += pipe->bufs[i & PIPE_MASK].len;
	mutex_unlock(&pipe->lock);
	return n;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != FIONREAD)
		return -ENOTTY;
	return put_user_u32((u32)pipe_nr_bytes(f), (u32 __user *)arg) ?
	       -EFAULT : 0;
}

static void pipe_free(struct pipe *pipe)
{
	for (unsigned int i = pipe->tail; i != pipe->head; i++)
		kfree(pipe->bufs[i & PIPE_MASK].page);
	kfree(pipe);
}

static void pipe_release(struct file *f)
{
	struct pipe *pipe = f->private;

	mutex_lock(&pipe->lock);
	if (f->mode & FMODE_READ)
		__atomic_store_n(&pipe->readers, pipe->readers - 1,
				 __ATOMIC_RELEASE);
	if (f->mode & FMODE_WRITE)
		__atomic_store_n(&pipe->writers, pipe->writers - 1,
				 __ATOMIC_RELEASE);
	/* Sleepers test the counts: EOF for readers, EPIPE for writers. */
	wake_up_all(&pipe->rd_wait);
	wake_up_all(&pipe->wr_wait);
	mutex_unlock(&pipe->lock);
	/* Not "no reader and no writer" under the mutex: the other end's
	 * release may still be leaving the mutex then. */
	if (!__atomic_sub_fetch(&pipe->refs, 1, __ATOMIC_ACQ_REL))
		pipe_free(pipe);
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
};

/* The two files of a new pipe on @d. Return: 0 or -ENOMEM. */
static int pipe_open_ends(struct dentry *d, struct pipe *pipe, int flags,
			  struct file **rd, struct file **wr)
{
	int status = flags & O_NONBLOCK;

	*rd = file_alloc_stream(d, O_RDONLY | status, &pipe_fops);
	*wr = *rd ? file_alloc_stream(d, O_WRONLY | status, &pipe_fops) :
		    NULL;
	if (!*wr) {
		if (*rd) {
			(*rd)->f_op = NULL;	/* no pipe to release */
			fput(*rd);
		}
		return -ENOMEM;
	}
	(*rd)->private = pipe;
	(*wr)->private = pipe;
	/* Linux's pipe files are made without open(2): no O_LARGEFILE. */
	(*rd)->flags &= ~O_LARGEFILE;
	(*wr)->flags &= ~O_LARGEFILE;
	(*rd)->mode |= FMODE_NO_POS_LOCK;	/* a reader waits for */
	(*wr)->mode |= FMODE_NO_POS_LOCK;	/* a writer, and back */
	return 0;
}

/**
 * pipe_create - a new pipe and its two ends (pipe2()'s body; kernel
 * tests hold the files without fds).
 * @flags: O_NONBLOCK or 0 (both ends)
 * @rd: set to the read end, one reference
 * @wr: set to the write end, one reference
 *
 * The pipe and its inode are charged to current's memory cgroup.
 * Context: task context, may sleep.
 * Return: 0, or -ENOMEM (nothing made).
 */
int pipe_create(int flags, struct file **rd, struct file **wr)
{
	struct pipe *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL_ACCOUNT);
	struct inode *inode = pipe ? inode_alloc(pipe_sb, S_IFIFO | 0600) :
				     NULL;
	struct dentry *d = inode ? d_alloc(NULL, "pipe:", inode) : NULL;
	int r = -ENOMEM;

	if (!d) {
		kfree(pipe);	/* a failed d_alloc() put the inode */
		return r;
	}
	inode->f_op = &pipe_fops;
	mutex_init(&pipe->lock, "pipe");
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->readers = 1;
	pipe->writers = 1;
	pipe->refs = 2;
	r = pipe_open_ends(d, pipe, flags, rd, wr);
	if (r)
		kfree(pipe);
	dput(d);		/* the files hold the dentry now */
	return r;
}

/**
 * pipe_init - make the pipes' file system (at boot).
 *
 * Context: boot, task context.
 */
void pipe_init(void)
{
	pipe_sb = sb_alloc("pipefs", false, NULL);
	if (!pipe_sb)
		panic("pipe: no memory for pipefs");
}

SYSCALL_DEFINE2(pipe2, int __user *, fds, int, flags)
{
	struct files_struct *files = fs_files();
	struct file *rd, *wr;
	int fd[2], r;

	/* Linux's O_DIRECT packet mode is not here: it is -EINVAL. */
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if (!files)
		return -EBADF;
	r = pipe_create(flags, &rd, &wr);
	if (r)
		return r;
	fd[0] = fd_install(files, rd, 0, flags & O_CLOEXEC);
	fd[1] = fd[0] < 0 ? fd[0] : fd_install(files, wr, 0,
						 flags & O_CLOEXEC);
	if (fd[1] < 0) {
		if (fd[0] >= 0)
			fd_close(files, fd[0]);
		else
			fput(rd);
		fput(wr);
		return fd[1];
	}
	if (copy_to_user(fds, fd, sizeof(fd))) {
		fd_close(files, fd[0]);	/* as Linux: no fd is left */
		fd_close(files, fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(pipe, int __user *, fds)
{
	return sys_pipe2(fds, 0);
}
