/* SPDX-License-Identifier: MIT */
/* The mount table (fs/mount.c); mounting itself is in fs/vfs.h. */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H

#include "fs/vfs.h"

#define MOUNT_MAX	16

struct mount {
	struct super_block *sb;		/* [n] */
	char path[64];			/* [n] where it is mounted */
};

void mount_table_show(void (*fn)(const struct mount *m, void *arg),
		      void *arg);

#endif
