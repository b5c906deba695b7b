/* SPDX-License-Identifier: MIT */
/*
 * The mount table (fs/mount.c): every mounted file system, in mount
 * order, for /proc/mounts, statx's stx_mnt_id, and mount(2)/umount2(2)
 * (fs/sys_mount.c). Mounting at boot is vfs_mount() in fs/vfs.h.
 */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H

#include "fs/fs_type.h"
#include "fs/vfs.h"

#define MOUNT_MAX	64

/* umount2(2) flags: Linux's values. */
#define MNT_FORCE	0x1
#define MNT_DETACH	0x2
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8

struct mount {
	struct super_block *sb;		/* [n] */
	struct file_system_type *type;	/* [n] NULL: the root */
	struct dentry *mountpoint;	/* [n] sb->root->mountpoint */
	unsigned long flags;		/* [n] MS_* shown in /proc/mounts */
	unsigned int id;		/* [n] statx's stx_mnt_id */
	char path[64];			/* [n] where it is mounted */
	char source[32];		/* [n] mount(2)'s source */
};

void mount_table_show(void (*fn)(const struct mount *m, void *arg),
		      void *arg);
unsigned int mount_id_of(struct super_block *sb, unsigned long *flags);
int mount_new(struct dentry *mp, const char *type,
	      struct fs_mount_args *args);
int mount_remount(struct dentry *root, unsigned long flags, char *options);
int mount_change_type(struct dentry *root);
int mount_umount(struct dentry *root, int flags);
void kill_litter_super(struct super_block *sb);

#endif
