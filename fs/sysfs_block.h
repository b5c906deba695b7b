/* SPDX-License-Identifier: MIT */
/*
 * /sys/block (fs/sysfs_block.c): a directory per registered block
 * device with Linux's "stat" and "size" files.
 */
#ifndef FS_SYSFS_BLOCK_H
#define FS_SYSFS_BLOCK_H

#include "fs/vfs.h"

#define SYSFS_BLOCK_MOUNT	"/sys/block"

struct super_block *sysfs_block_create(void);

#endif
