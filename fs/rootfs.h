/* SPDX-License-Identifier: MIT */
/* The initramfs as the read-only root file system (fs/rootfs.c). */
#ifndef FS_ROOTFS_H
#define FS_ROOTFS_H

#include "fs/vfs.h"

struct address_space;

struct super_block *rootfs_create(const char *const *mountpoints);
struct address_space *rootfs_mapping(struct inode *inode);

#endif
