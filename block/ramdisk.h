/* SPDX-License-Identifier: MIT */
/* The RAM disk ram0 (block/ramdisk.c). */
#ifndef BLOCK_RAMDISK_H
#define BLOCK_RAMDISK_H

void ramdisk_init(void);

#endif
