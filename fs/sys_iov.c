// SPDX-License-Identifier: MIT
/*
 * readv(2) and writev(2): the vector's buffers one after another through
 * read(2)'s and write(2)'s path, with Linux's checks (fs/read_write.c,
 * lib/iov_iter.c): more than UIO_MAXIOV entries, a negative length or
 * a total past SSIZE_MAX is -EINVAL before anything moves; a short
 * transfer ends the call with what moved; an error after some bytes
 * returns the bytes. A write of at most PIPE_BUF bytes through several
 * buffers is not atomic on a pipe here, as it is in Linux.
 */
#include <arch/uaccess.h>
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/slab.h"

#define UIO_MAXIOV	1024

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* The vector, checked. Return: it (kfree() it), or an ERR value in *@err. */
static struct iovec *iov_get(const struct iovec __user *uiov, int cnt,
			     long *err)
{
	struct iovec *iov;
	size_t total = 0;

	*err = -EINVAL;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return NULL;
	*err = -ENOMEM;
	iov = kmalloc((size_t)cnt * sizeof(*iov) ?: 1, GFP_KERNEL);
	if (!iov)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(iov, uiov, (size_t)cnt * sizeof(*iov)))
		goto out_free;
	*err = -EINVAL;
	for (int i = 0; i < cnt; i++) {
		if ((s64)iov[i].iov_len < 0 ||
		    iov[i].iov_len > (size_t)INT64_MAX - total)
			goto out_free;
		total += iov[i].iov_len;
	}
	*err = 0;
	return iov;
out_free:
	kfree(iov);
	return NULL;
}

static long iov_rw(unsigned long fd, const struct iovec __user *uiov,
		   int cnt, bool write)
{
	struct file *f = fs_fget((int)fd);
	struct iovec *iov;
	long done = 0, r;

	if (!f)
		return -EBADF;
	iov = iov_get(uiov, cnt, &r);
	for (int i = 0; iov && i < cnt; i++) {
		struct io_buf io = { .base = iov[i].iov_base,
				     .len = iov[i].iov_len, .user = true };

		if (!io.len)
			continue;
		r = write ? vfs_write(f, &io, NULL) : vfs_read(f, &io, NULL);
		if (r <= 0)
			break;
		done += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	kfree(iov);
	fput(f);
	return done ? done : (r > 0 ? 0 : r);
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct iovec __user *, vec,
		int, vlen)
{
	return iov_rw(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct iovec __user *, vec,
		int, vlen)
{
	return iov_rw(fd, vec, vlen, true);
}
