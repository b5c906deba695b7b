// SPDX-License-Identifier: MIT
/*
 * pidfd_open(2) and process_mrelease(2) (see kernel/pidfd.h), with
 * Linux 6.1's arguments checks and errnos. A pidfd is a stream file in
 * the caller's fd table whose private data is a process reference,
 * dropped by the file's release; every pidfd shares one anonymous inode
 * ("[pidfd]"), as Linux's anon_inode_getfile() does.
 *
 * Linux differs in one errno: pidfd_open() of a thread that is not a
 * group leader is -EINVAL there; oomlab looks pids up by thread group
 * id only, so such a pid is -ESRCH.
 */
#include "fs/anon_inode.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/pidfd.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/oom_reaper.h"

#define PIDFD_NONBLOCK	O_NONBLOCK	/* the only pidfd_open() flag */

static struct dentry *pidfd_dentry;	/* [I] set at boot */

static void pidfd_release(struct file *f)
{
	process_put(f->private);
}

static const struct file_operations pidfd_fops = {
	.release = pidfd_release,
};

/**
 * pidfd_init - make the anonymous inode every pidfd opens (at boot: it
 * lives as long as the kernel; see fs/anon_inode.h for why not later).
 *
 * Context: boot, task context, after the VFS.
 */
void pidfd_init(void)
{
	pidfd_dentry = anon_inode_make("[pidfd]", &pidfd_fops);
}

/**
 * pidfd_process - the process a pidfd names (Linux's pidfd_get_task()).
 * @fd: a file descriptor of the caller
 * @err: set to -EBADF (not open, or not a pidfd) on failure
 *
 * Context: process context, may sleep.
 * Return: the process with a reference (process_put() it), or NULL.
 */
struct process *pidfd_process(int fd, int *err)
{
	struct files_struct *files = fs_files();
	struct file *f = files ? fd_get(files, fd) : NULL;
	struct process *p = NULL;

	if (f && f->f_op == &pidfd_fops) {
		p = f->private;
		process_get(p);
	}
	if (f)
		fput(f);
	if (!p)
		*err = -EBADF;
	return p;
}

/**
 * pidfd_install - a new pidfd for @p in @files (pidfd_open(), and
 * clone's CLONE_PIDFD).
 * @files: the caller's fd table
 * @p: the process; the pidfd takes over the caller's reference on
 *     success
 * @flags: file status flags (O_NONBLOCK or 0)
 *
 * Context: process context, may sleep.
 * Return: the fd (always close-on-exec, as Linux's); -ENOMEM; -EMFILE.
 */
int pidfd_install(struct files_struct *files, struct process *p,
		  unsigned int flags)
{
	struct file *f;
	int fd;

	f = file_alloc_stream(pidfd_dentry, O_RDWR | flags, &pidfd_fops);
	if (!f)
		return -ENOMEM;
	f->private = p;
	fd = fd_install(files, f, 0, true);
	if (fd < 0) {
		f->private = NULL;
		f->f_op = NULL;
		fput(f);
	}
	return fd;
}

SYSCALL_DEFINE2(pidfd_open, int, pid, unsigned int, flags)
{
	struct files_struct *files = fs_files();
	struct process *p;
	int fd;

	if (flags & ~PIDFD_NONBLOCK || pid <= 0)
		return -EINVAL;
	if (!files)
		return -EBADF;
	p = process_get_by_pid(pid, PROCESS_UNREAPED);
	if (!p)
		return -ESRCH;
	fd = pidfd_install(files, p, flags);
	if (fd < 0)
		process_put(p);
	return fd;
}

SYSCALL_DEFINE2(process_mrelease, int, pidfd, unsigned int, flags)
{
	struct process *p;
	int err = 0;

	if (flags)
		return -EINVAL;
	p = pidfd_process(pidfd, &err);
	if (!p)
		return err;
	err = oom_reaper_mrelease(p);
	process_put(p);
	return err;
}
