// SPDX-License-Identifier: MIT
/*
 * ioctl(2) (fs/ioctl.h): a bad fd is -EBADF, a file without an ioctl
 * hook -ENOTTY, anything else the file's answer.
 */
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/ioctl.h"
#include "kernel/syscall.h"
#include "lib/errno.h"

/**
 * vfs_ioctl - run ioctl request @cmd on @f.
 * @f: the file
 * @cmd: the request
 * @arg: its argument (often a user pointer)
 *
 * Context: task context, may sleep.
 * Return: the file's result, or -ENOTTY.
 */
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, cmd, arg);
}

SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd,
		unsigned long, arg)
{
	struct file *f = fs_fget((int)fd);
	long r;

	if (!f)
		return -EBADF;
	r = vfs_ioctl(f, cmd, arg);
	fput(f);
	return r;
}
