/* SPDX-License-Identifier: MIT */
/*
 * A minimal sysfs (fs/sysfs.c) for mount -t sysfs: the directories
 * cgroup tools expect (fs/cgroup, kernel), empty. The boot namespace's
 * /sys is a directory of the root file system whose /sys/fs/cgroup and
 * /sys/kernel/oomlab are mounts; a sysfs mounted elsewhere is a
 * separate, empty tree, as a second sysfs mount in Linux would show no
 * cgroup2 until one is mounted on it.
 */
#ifndef FS_SYSFS_H
#define FS_SYSFS_H

#include "fs/vfs.h"

struct super_block *sysfs_create(void);

#endif
