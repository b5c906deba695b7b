/* SPDX-License-Identifier: MIT */
/*
 * A process's file descriptor table (fs/fdtable.c): fd -> struct file,
 * and the close-on-exec bit of each fd. One table per process, shared
 * by all its threads (as CLONE_FILES threads share Linux's
 * files_struct), and by a process cloned with CLONE_FILES | CLONE_VM
 * (users counts them). A fork gives the child a copy holding its own
 * references on the same files.
 *
 * Each fd holds one reference on its file. Lookups take another, so a
 * close by one thread never frees a file another is reading.
 *
 * Locking: [l] files->lock (a leaf spinlock: only pointers and bits
 * move under it; the last fput() happens after it is dropped).
 */
#ifndef FS_FDTABLE_H
#define FS_FDTABLE_H

#include "kernel/spinlock.h"
#include "lib/types.h"

/* fds per process: Linux's default RLIMIT_NOFILE soft limit is 1024;
 * oomlab's programs need few. */
#define FDTABLE_SIZE	256

struct file;

struct files_struct {
	struct spinlock lock;			/* "files" */
	int users;				/* [a] processes using it: more
						 * than one after a clone with
						 * CLONE_FILES and CLONE_VM */
	struct file *fd[FDTABLE_SIZE];		/* [l] */
	u64 cloexec[FDTABLE_SIZE / 64];		/* [l] */
};

struct files_struct *files_alloc(void);
void files_get(struct files_struct *files);
void files_free(struct files_struct *files);
int fd_install(struct files_struct *files, struct file *f, int min,
	       bool cloexec);
struct file *fd_get(struct files_struct *files, int fd);
int fd_close(struct files_struct *files, int fd);
int fd_dup3(struct files_struct *files, int oldfd, int newfd, bool cloexec);
int fd_get_cloexec(struct files_struct *files, int fd);
int fd_set_cloexec(struct files_struct *files, int fd, bool cloexec);

#endif
