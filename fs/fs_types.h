/* SPDX-License-Identifier: MIT */
/*
 * The file-system types the kernel boots with (fs/fs_types.c), in the
 * registry of fs/fs_type.h:
 *
 *   tmpfs      a new instance per mount (size=, mode=)
 *   devtmpfs   one instance, mounted on /dev at boot; drivers add their
 *              nodes with devtmpfs_add_node()
 *   proc       a new instance per mount
 *   sysfs      a new instance per mount: the directories cgroup tools
 *              look for (fs/cgroup, kernel), empty
 *   cgroup2    one instance (the one cgroup tree), on /sys/fs/cgroup at
 *              boot; options nsdelegate and memory_recursiveprot are
 *              accepted and shown in /proc/mounts
 *   rootfs, oomlab, anon_inodefs: for statfs's f_type only
 */
#ifndef FS_FS_TYPES_H
#define FS_FS_TYPES_H

#include "fs/vfs.h"

struct file_operations;

/* statfs f_type values: Linux's include/uapi/linux/magic.h. */
#define TMPFS_MAGIC		0x01021994
#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define SYSFS_MAGIC		0x62656572
#define CGROUP2_SUPER_MAGIC	0x63677270
#define ANON_INODE_FS_MAGIC	0x09041934

void fs_types_init(void);
struct super_block *devtmpfs_sb(void);
struct super_block *cgroup2_sb(void);
bool cgroup2_nsdelegated(void);
int devtmpfs_add_node(const char *name, u32 mode,
		      const struct file_operations *fops, void *private,
		      u64 rdev);

#endif
