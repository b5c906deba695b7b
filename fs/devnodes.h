/* SPDX-License-Identifier: MIT */
/*
 * /dev (fs/devnodes.c): a read-only directory of character devices with
 * Linux's numbers (Documentation/admin-guide/devices.txt):
 *
 *   null 1:3     reads end of file, writes vanish
 *   zero 1:5     reads zeros, writes vanish
 *   full 1:7     reads zeros, writes are -ENOSPC
 *   random 1:8   reads random bytes (the getrandom() generator; never
 *   urandom 1:9  blocks), writes are taken and dropped
 *   kmsg 1:11    the kernel log, a record per read (fs/kmsg.h)
 *   tty 5:0      the console (fs/tty.h), as a process's controlling
 *   console 5:1  terminal and as itself
 */
#ifndef FS_DEVNODES_H
#define FS_DEVNODES_H

#include "lib/types.h"

#define DEVNODES_MOUNT	"/dev"

/* st_rdev of major:minor, as Linux's new_encode_dev() for small ones. */
#define DEV_MKDEV(major, minor)	(((u64)(major) << 8) | (u64)(minor))

struct file_operations;

void devnodes_init(void);

#endif
