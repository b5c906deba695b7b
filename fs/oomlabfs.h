/* SPDX-License-Identifier: MIT */
/*
 * /sys/kernel/oomlab (fs/oomlabfs.c): oomlab's own run-time switches,
 * one file each, read and written as Linux's block-queue "scheduler"
 * file is: the choices on one line with the current one in brackets;
 * writing a name switches.
 */
#ifndef FS_OOMLABFS_H
#define FS_OOMLABFS_H

#include "fs/vfs.h"

#define OOMLABFS_MOUNT	"/sys/kernel/oomlab"

struct super_block *oomlabfs_create(void);

#endif
