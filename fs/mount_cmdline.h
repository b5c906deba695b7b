/* SPDX-License-Identifier: MIT */
/*
 * The disk the kernel command line names (fs/mount_cmdline.c):
 * root=/dev/NAME [rootfstype=ext2] [rw] mounts it on /mnt at boot.
 */
#ifndef FS_MOUNT_CMDLINE_H
#define FS_MOUNT_CMDLINE_H

#include "lib/types.h"

#define MOUNT_CMDLINE_DIR	"/mnt"

void mount_cmdline_init(void);
int mount_cmdline(const char *dev, const char *type, bool rw);

#endif
