// SPDX-License-Identifier: MIT
/*
 * sendfile(2): copy from a regular file to any file open for writing (a
 * file or a pipe), in the kernel, with Linux 6.1's offset rules and
 * errnos (do_sendfile(), do_splice_direct()):
 *
 *   offset given    read from *offset on, *offset advanced by what was
 *                   sent, the input's file position untouched
 *   offset NULL     read from and advance the input's file position
 *
 * The bytes go through a kernel page: each chunk read is written out
 * whole before the next is read; a short write ends the call, and so
 * does a pending signal once something was sent. Return: bytes sent.
 * -EBADF: an fd not open, the input not readable or the output not
 * writable; -EINVAL: the input not a regular file (Linux: no
 * splice_read, as a pipe), an O_APPEND output, a negative offset;
 * -EFAULT: an unreadable or unwritable offset.
 */
#include <arch/uaccess.h>
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/slab.h"

#define SENDFILE_CHUNK	4096

/* One chunk: read at most @n bytes of @in into @buf, write them to
 * @out. Return: bytes sent (0 at the input's end), or an error. */
static long send_chunk(struct file *in, struct file *out, char *buf,
		       size_t n, loff_t *pos)
{
	struct io_buf rd = { .base = buf, .len = n };
	struct io_buf wr = { .base = buf };
	long got = vfs_read(in, &rd, pos);

	if (got <= 0)
		return got;
	wr.len = (size_t)got;
	return vfs_write(out, &wr, NULL);
}

/* Send @count bytes of @in to @out from *@pos (NULL: the position). */
static long send_all(struct file *in, struct file *out, size_t count,
		     loff_t *pos)
{
	char *buf = kmalloc(SENDFILE_CHUNK, GFP_KERNEL);
	size_t done = 0;
	long r = 0;

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		size_t n = count - done;

		if (n > SENDFILE_CHUNK)
			n = SENDFILE_CHUNK;
		r = send_chunk(in, out, buf, n, pos);
		if (r <= 0)
			break;
		done += (size_t)r;
		if ((size_t)r < n || signal_pending(current))
			break;
	}
	kfree(buf);
	return done ? (long)done : r;
}

/* The checks of do_sendfile() and do_splice_direct(). */
static long sendfile_check(struct file *in, struct file *out)
{
	if (!in || !out)
		return -EBADF;
	if (!(in->mode & FMODE_READ) || !(out->mode & FMODE_WRITE))
		return -EBADF;
	if (!S_ISREG(in->inode->mode) || (out->flags & O_APPEND))
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, loff_t __user *, offset,
		size_t, count)
{
	struct file *in = NULL, *out = NULL;
	loff_t pos = 0;
	long r;

	if (offset && get_user(pos, offset))
		return -EFAULT;
	in = fs_fget(in_fd);
	out = fs_fget(out_fd);
	r = sendfile_check(in, out);
	if (!r && offset && pos < 0)
		r = -EINVAL;
	if (!r && count)
		r = send_all(in, out, count, offset ? &pos : NULL);
	if (out)
		fput(out);
	if (in)
		fput(in);
	if (offset && r >= 0 && put_user(pos, offset))
		return -EFAULT;
	return r;
}
