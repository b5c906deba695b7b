// SPDX-License-Identifier: MIT
/*
 * The system calls on file descriptors, with Linux's numbers, argument
 * checks and errnos: read, write, pread64, lseek, close, dup, dup2,
 * dup3, fcntl, ftruncate, fstat, getdents64. A bad fd is -EBADF; a bad
 * user pointer -EFAULT (a copy that faults part-way returns the bytes
 * before the fault).
 */
#include <arch/uaccess.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"

#define F_DUPFD			0
#define F_GETFD			1
#define F_SETFD			2
#define F_GETFL			3
#define F_SETFL			4
#define F_DUPFD_CLOEXEC		1030
#define FD_CLOEXEC		1

static long rw(unsigned int fd, char __user *buf, size_t count,
	       loff_t *pos, bool write)
{
	struct io_buf io = { .base = buf, .len = count, .user = true };
	struct file *f = fs_fget((int)fd);
	long r;

	if (!f)
		return -EBADF;
	if (pos && f->stream)
		r = -ESPIPE;
	else
		r = write ? vfs_write(f, &io, pos) : vfs_read(f, &io, pos);
	fput(f);
	return r;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
{
	return rw(fd, buf, count, NULL, false);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char __user *, buf,
		size_t, count)
{
	return rw(fd, (char __user *)buf, count, NULL, true);
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char __user *, buf,
		size_t, count, loff_t, pos)
{
	if (pos < 0)
		return -EINVAL;
	return rw(fd, buf, count, &pos, false);
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, loff_t, offset,
		unsigned int, whence)
{
	struct file *f = fs_fget((int)fd);
	long r;

	if (!f)
		return -EBADF;
	r = vfs_lseek(f, offset, (int)whence);
	fput(f);
	return r;
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	struct files_struct *files = fs_files();

	return files ? fd_close(files, (int)fd) : -EBADF;
}

/* A new fd >= @min for @fd's file. */
static long dup_from(int fd, int min, bool cloexec)
{
	struct files_struct *files = fs_files();
	struct file *f = fs_fget(fd);
	long r;

	if (!f)
		return -EBADF;
	r = fd_install(files, f, min, cloexec);
	if (r < 0)
		fput(f);
	return r;
}

SYSCALL_DEFINE1(dup, unsigned int, fd)
{
	return dup_from((int)fd, 0, false);
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	struct file *f;

	if (oldfd != newfd)
		return fs_files() ? fd_dup3(fs_files(), (int)oldfd,
					    (int)newfd, false) : -EBADF;
	f = fs_fget((int)oldfd);	/* dup2(fd, fd): is fd open? */
	if (!f)
		return -EBADF;
	fput(f);
	return newfd;
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd,
		int, flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	if (!fs_files())
		return -EBADF;
	return fd_dup3(fs_files(), (int)oldfd, (int)newfd,
		       flags & O_CLOEXEC);
}

static long setfl(struct file *f, int flags)
{
	mutex_lock(&f->pos_lock);
	f->flags = (f->flags & ~FILE_SETFL_MASK) | (flags & FILE_SETFL_MASK);
	mutex_unlock(&f->pos_lock);
	return 0;
}

static long getfl(struct file *f)
{
	int acc = f->mode == (FMODE_READ | FMODE_WRITE) ? O_RDWR :
		  f->mode == FMODE_WRITE ? O_WRONLY : O_RDONLY;

	return acc | __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
}

SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	struct file *f = fs_fget((int)fd);
	long r;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		r = arg >= FDTABLE_SIZE ? -EINVAL :
		    dup_from((int)fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		r = fd_get_cloexec(fs_files(), (int)fd);
		break;
	case F_SETFD:
		r = fd_set_cloexec(fs_files(), (int)fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = getfl(f);
		break;
	case F_SETFL:
		r = setfl(f, (int)arg);
		break;
	default:
		r = -EINVAL;
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, loff_t, length)
{
	struct file *f;
	long r;

	if (length < 0)
		return -EINVAL;
	f = fs_fget((int)fd);
	if (!f)
		return -EBADF;
	r = vfs_truncate(f, length);
	fput(f);
	return r;
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct linux_stat __user *, buf)
{
	struct file *f = fs_fget((int)fd);
	struct linux_stat st;

	if (!f)
		return -EBADF;
	vfs_stat(f->inode, &st);
	fput(f);
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE3(getdents64, unsigned int, fd, void __user *, dirp,
		unsigned int, count)
{
	struct io_buf io = { .base = dirp, .len = count, .user = true };
	struct file *f = fs_fget((int)fd);
	long r;

	if (!f)
		return -EBADF;
	r = vfs_getdents(f, &io);
	fput(f);
	return r;
}
