/* SPDX-License-Identifier: MIT */
/*
 * The frame every path syscall shares (fs/sys_namei.c): copy the user's
 * path in, find where it starts (AT_FDCWD or a directory fd), run the
 * operation, and Linux's AT_* flags. fs/sys_stat.c and fs/sys_mount.c
 * build on it.
 */
#ifndef FS_SYS_NAMEI_H
#define FS_SYS_NAMEI_H

#include "fs/vfs.h"

#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200	/* faccessat2 */
#define AT_REMOVEDIR		0x200	/* unlinkat */
#define AT_SYMLINK_FOLLOW	0x400	/* linkat */
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#define AT_STATX_SYNC_TYPE	0x6000

/* One path syscall: @op runs on the copied path and its start. */
struct path_call {
	int (*op)(struct path_call *c, struct dentry *start,
		  const char *path);
	int flags;
	u32 mode;
	void __user *buf;
	size_t size;			/* of @buf, where it has one */
	const void *arg;		/* the op's own kernel argument */
};

int sys_namei_path_in(const char __user *upath, char **out);
int sys_namei_start(int dirfd, const char *path, struct dentry **out);
long sys_namei_call(int dirfd, const char __user *upath,
		    struct path_call *c);
int sys_namei_lookup(struct path_call *c, struct dentry *start,
		     const char *path, struct dentry **out);

#endif
