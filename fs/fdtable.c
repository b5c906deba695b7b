// SPDX-License-Identifier: MIT
/*
 * File descriptor tables (fs/fdtable.h). Invariant: a new fd is always
 * the lowest free one at or above the caller's minimum (POSIX), and a
 * slot's file and close-on-exec bit change together under files->lock.
 *
 * Locking: [l] files->lock.
 */
#include "fs/fdtable.h"
#include "fs/file.h"
#include "kernel/rlimit.h"
#include "lib/errno.h"
#include "mm/slab.h"

/**
 * files_alloc - an empty table.
 *
 * Context: task context, may sleep.
 * Return: the table, or NULL without memory.
 */
struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (files) {
		spin_lock_init(&files->lock, "files");
		files->users = 1;
	}
	return files;
}

/**
 * files_get - one more process uses @files (clone's CLONE_FILES).
 * @files: a table the caller uses
 *
 * Context: any.
 */
void files_get(struct files_struct *files)
{
	__atomic_add_fetch(&files->users, 1, __ATOMIC_RELAXED);
}

/**
 * files_free - a process is done with @files: the last one to be closes
 * every fd and frees the table.
 * @files: a table none of the process's threads uses any more
 *
 * Context: task context, may sleep (the last fput of each file).
 */
void files_free(struct files_struct *files)
{
	if (__atomic_sub_fetch(&files->users, 1, __ATOMIC_ACQ_REL))
		return;
	for (int fd = 0; fd < FDTABLE_SIZE; fd++)
		if (files->fd[fd])
			fput(files->fd[fd]);
	kfree(files);
}

static void set_cloexec(struct files_struct *files, int fd, bool on)
{
	u64 bit = 1ULL << (fd % 64);

	if (on)
		files->cloexec[fd / 64] |= bit;
	else
		files->cloexec[fd / 64] &= ~bit;
}

/* The fds the caller may use: RLIMIT_NOFILE's, within the table. */
static int fd_limit(void)
{
	return (int)MIN(rlimit_cur(RLIMIT_NOFILE), (u64)FDTABLE_SIZE);
}

/**
 * fd_install - give @f the lowest free fd at or above @min.
 * @files: the table
 * @f: the file; the fd takes over the caller's reference on success
 * @min: the lowest fd acceptable (0 for open, the argument of F_DUPFD)
 * @cloexec: the fd's close-on-exec bit
 *
 * Context: any task context; takes files->lock.
 * Return: the fd; -EMFILE when none is free (the reference stays the
 * caller's).
 */
int fd_install(struct files_struct *files, struct file *f, int min,
	       bool cloexec)
{
	int r = -EMFILE, end = fd_limit();

	spin_lock(&files->lock);
	for (int fd = min; fd < end; fd++) {
		if (!files->fd[fd]) {
			files->fd[fd] = f;
			set_cloexec(files, fd, cloexec);
			r = fd;
			break;
		}
	}
	spin_unlock(&files->lock);
	return r;
}

/**
 * fd_get - the file behind @fd, with a reference (fput() it).
 * @files: the table
 * @fd: any value
 *
 * Context: any task context.
 * Return: the file, or NULL when @fd is not open.
 */
struct file *fd_get(struct files_struct *files, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= FDTABLE_SIZE)
		return NULL;
	spin_lock(&files->lock);
	if (files->fd[fd])
		f = get_file(files->fd[fd]);
	spin_unlock(&files->lock);
	return f;
}

/**
 * fd_close - close(2).
 * @files: the table
 * @fd: any value
 *
 * Context: task context, may sleep (the last fput).
 * Return: 0, or -EBADF.
 */
int fd_close(struct files_struct *files, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= FDTABLE_SIZE)
		return -EBADF;
	spin_lock(&files->lock);
	f = files->fd[fd];
	files->fd[fd] = NULL;
	set_cloexec(files, fd, false);
	spin_unlock(&files->lock);
	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

/**
 * fd_dup3 - make @newfd refer to @oldfd's file, closing what @newfd had
 * (dup2/dup3; the caller rejects @oldfd == @newfd as each call does).
 * @files: the table
 * @oldfd: an open fd
 * @newfd: the target fd
 * @cloexec: @newfd's close-on-exec bit
 *
 * Context: task context, may sleep (the last fput of @newfd's file).
 * Return: @newfd; -EBADF (@oldfd not open, @newfd out of range).
 */
int fd_dup3(struct files_struct *files, int oldfd, int newfd, bool cloexec)
{
	struct file *f = fd_get(files, oldfd), *old;

	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= fd_limit()) {
		fput(f);
		return -EBADF;
	}
	spin_lock(&files->lock);
	old = files->fd[newfd];
	files->fd[newfd] = f;
	set_cloexec(files, newfd, cloexec);
	spin_unlock(&files->lock);
	if (old)
		fput(old);
	return newfd;
}

/* F_GETFD. Context: any task context. Return: 0 or 1, or -EBADF. */
int fd_get_cloexec(struct files_struct *files, int fd)
{
	int r = -EBADF;

	if (fd < 0 || fd >= FDTABLE_SIZE)
		return r;
	spin_lock(&files->lock);
	if (files->fd[fd])
		r = !!(files->cloexec[fd / 64] & (1ULL << (fd % 64)));
	spin_unlock(&files->lock);
	return r;
}

/* F_SETFD. Context: any task context. Return: 0, or -EBADF. */
int fd_set_cloexec(struct files_struct *files, int fd, bool cloexec)
{
	int r = -EBADF;

	if (fd < 0 || fd >= FDTABLE_SIZE)
		return r;
	spin_lock(&files->lock);
	if (files->fd[fd]) {
		set_cloexec(files, fd, cloexec);
		r = 0;
	}
	spin_unlock(&files->lock);
	return r;
}
