/* SPDX-License-Identifier: MIT */
/*
 * Path walk and the operations on names (fs/namei.c), with Linux's
 * errnos. A path starting with '/' starts at the root; any other starts
 * at @start (the cwd, or a directory fd's dentry). "." and ".." work in
 * any component, repeated slashes count as one, a trailing slash demands
 * a directory, and ".." at the root stays there. No symlinks exist, so
 * O_NOFOLLOW and AT_SYMLINK_NOFOLLOW change nothing.
 *
 * Context for all: task context, may sleep; no VFS lock held.
 */
#ifndef FS_NAMEI_H
#define FS_NAMEI_H

#include "fs/vfs.h"

int vfs_lookup(struct dentry *start, const char *path, struct dentry **out);
int vfs_open(struct dentry *start, const char *path, int flags, u32 mode,
	     struct file **out);
int vfs_mkdir(struct dentry *start, const char *path, u32 mode);
int vfs_unlink(struct dentry *start, const char *path);
int vfs_rmdir(struct dentry *start, const char *path);
int vfs_path_name(struct dentry *d, char *buf, size_t size);

#endif
