/* SPDX-License-Identifier: MIT */
/*
 * tmpfs (fs/tmpfs.c): files whose pages are memory. Each file keeps its
 * pages in a per-inode page index (a page-cache stand-in): index i holds
 * the bytes [i * 4096, (i + 1) * 4096), NULL for a hole, which reads as
 * zeros. A page is allocated on the first write that touches it and
 * charged with mm_charge_page(CHARGE_FILE) to the writer's mm owner
 * (the root when a kernel thread writes); it is uncharged and freed
 * exactly once: when truncate cuts it off, or when the inode is evicted
 * (its last name and last open file gone). An instance mounted with
 * size= refuses a page past its limit with -ENOSPC.
 */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H

#include "fs/vfs.h"

/* Largest file: what the page index may grow to (1 GiB). */
#define TMPFS_MAX_FILE_PAGES	(1UL << 18)

struct fs_mount_args;
struct file_system_type;

struct super_block *tmpfs_create(void);
struct super_block *tmpfs_create_type(const char *fstype,
				      unsigned long max_pages, u32 mode);
int tmpfs_get_sb(struct file_system_type *type, struct fs_mount_args *args,
		 struct super_block **out);
void tmpfs_show_options(struct super_block *sb, char *buf, size_t size);
u64 tmpfs_nr_pages(void);

#endif
