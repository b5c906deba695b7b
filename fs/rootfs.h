/* SPDX-License-Identifier: MIT */
/* The initramfs as the read-only root file system (fs/rootfs.c). */
#ifndef FS_ROOTFS_H
#define FS_ROOTFS_H

#include "fs/vfs.h"

struct super_block *rootfs_create(const char *const *mountpoints);

#endif
