// SPDX-License-Identifier: MIT
/*
 * A process's files and working directory (fs/fs_process.h). The table
 * is shared by every thread of the process; the cwd is one per process
 * (Linux's CLONE_FS threads). Invariant: from fs_process_init() until
 * fs_process_exit() both are set; the table is freed only when no
 * thread of the process, nor of a process sharing it (CLONE_FILES), is
 * left to use it.
 *
 * Locking: p->files [I] until fs_process_exit(); p->cwd [p] to change
 * and to take a reference.
 */
#include "fs/console.h"
#include "fs/fdtable.h"
#include "fs/fs_process.h"
#include "fs/vfs.h"
#include "kernel/process.h"
#include "lib/errno.h"

/**
 * fs_process_init - give a new process its fds 0-2 and the root as cwd.
 * @p: a process being created
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENOMEM (nothing is left allocated then).
 */
int fs_process_init(struct process *p)
{
	struct files_struct *files = files_alloc();

	if (!files)
		return -ENOMEM;
	if (console_install_std(files)) {
		files_free(files);
		return -ENOMEM;
	}
	p->files = files;
	p->cwd = vfs_root() ? dget(vfs_root()) : NULL;
	return 0;
}

/**
 * fs_process_exit - close every fd and drop the cwd.
 * @p: a process whose last thread is gone (or that never had one)
 *
 * Context: task context, may sleep (the last fput of each file).
 */
void fs_process_exit(struct process *p)
{
	struct dentry *cwd;

	if (p->files)
		files_free(p->files);
	p->files = NULL;
	spin_lock(&p->lock);
	cwd = p->cwd;
	p->cwd = NULL;
	spin_unlock(&p->lock);
	dput(cwd);
}

/**
 * fs_process_share_files - CLONE_FILES: @child uses @parent's fd table
 * instead of its own (Linux's copy_files() sharing files_struct).
 * @child: a new process, not yet running
 * @parent: its creator
 *
 * Context: task context, may sleep (the child's own table goes).
 */
void fs_process_share_files(struct process *child, struct process *parent)
{
	struct files_struct *own = child->files;

	files_get(parent->files);
	child->files = parent->files;
	files_free(own);
}

/**
 * fs_process_cwd - the working directory of @p, with a reference.
 * @p: a live process
 *
 * Context: any task context.
 * Return: the directory (dput() it), or the root for a process without.
 */
struct dentry *fs_process_cwd(struct process *p)
{
	struct dentry *d;

	spin_lock(&p->lock);
	d = dget(p->cwd ? p->cwd : vfs_root());
	spin_unlock(&p->lock);
	return d;
}

/**
 * fs_process_set_cwd - chdir(): make @d the working directory of @p.
 * @p: a live process
 * @d: a directory; the process takes over the caller's reference
 *
 * Context: task context, may sleep (the old cwd's last dput).
 */
void fs_process_set_cwd(struct process *p, struct dentry *d)
{
	struct dentry *old;

	spin_lock(&p->lock);
	old = p->cwd;
	p->cwd = d;
	spin_unlock(&p->lock);
	dput(old);
}

/**
 * fs_fget - the file behind @fd in the calling process, with a reference.
 * @fd: any value
 *
 * Context: a process thread (a kernel thread has no fds).
 * Return: the file (fput() it), or NULL: -EBADF for the caller.
 */
struct file *fs_fget(int fd)
{
	struct process *p = process_current();

	return p && p->files ? fd_get(p->files, fd) : NULL;
}

/* Return: the calling process's fd table, or NULL in a kernel thread. */
struct files_struct *fs_files(void)
{
	struct process *p = process_current();

	return p ? p->files : NULL;
}
