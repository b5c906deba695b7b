/* SPDX-License-Identifier: MIT */
/*
 * Path walk and the operations on names (fs/namei.c), with Linux's
 * errnos. A path starting with '/' starts at the root; any other starts
 * at @start (the cwd, or a directory fd's dentry). "." and ".." work in
 * any component, repeated slashes count as one, a trailing slash demands
 * a directory, and ".." at the root stays there. Symlinks are followed
 * as Linux follows them: every one before the last component, the last
 * one unless told not to (a trailing slash always follows it), at most
 * 40 in one walk (-ELOOP).
 *
 * Context for all: task context, may sleep; no VFS lock held.
 */
#ifndef FS_NAMEI_H
#define FS_NAMEI_H

#include "fs/vfs.h"

int vfs_lookup(struct dentry *start, const char *path, struct dentry **out);
int vfs_lookup_at(struct dentry *start, const char *path, bool follow,
		  struct dentry **out);
int vfs_open(struct dentry *start, const char *path, int flags, u32 mode,
	     struct file **out);
int vfs_mkdir(struct dentry *start, const char *path, u32 mode);
int vfs_unlink(struct dentry *start, const char *path);
int vfs_rmdir(struct dentry *start, const char *path);
int vfs_path_name(struct dentry *d, char *buf, size_t size);
int vfs_path_name_locked(struct dentry *d, char *buf, size_t size);

/* Links (fs/link.c). */
int vfs_symlink(struct dentry *start, const char *target, const char *path);
int vfs_readlink(struct dentry *start, const char *path, char *buf,
		 size_t size);
int vfs_link(struct dentry *old, struct dentry *start, const char *path);
int vfs_open_tmpfile(struct dentry *start, const char *path, int flags,
		     u32 mode, struct file **out);

/* Rename (fs/rename.c): renameat2()'s flags, Linux's values. */
#define RENAME_NOREPLACE	(1 << 0)
#define RENAME_EXCHANGE		(1 << 1)
#define RENAME_WHITEOUT		(1 << 2)

int vfs_rename(struct dentry *old_start, const char *old_path,
	       struct dentry *new_start, const char *new_path,
	       unsigned int flags);

#endif
