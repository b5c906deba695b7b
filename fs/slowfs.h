/* SPDX-License-Identifier: MIT */
/*
 * slowfs (fs/slowfs.c), mounted on /slow: a read-only file system with
 * one regular file, /slow/data, whose pages come from a "disk" that
 * takes slowfs.delay_ms (boot parameter, or slowfs_set_delay_ms()) to
 * answer. Its read_folio sleeps uninterruptibly for that long, as a
 * task in D state waits for a real disk, so a page fault on a mapping
 * of the file holds that mm's mmap_lock for reading across the "I/O"
 * through the ordinary fault path (mm/fault.c); nothing there knows
 * the file is slow. Byte k of page i is slowfs_byte(i, k), so readers
 * can tell a right page from a stale or zero one.
 */
#ifndef FS_SLOWFS_H
#define FS_SLOWFS_H

#include "fs/vfs.h"

#define SLOWFS_MOUNT		"/slow"
#define SLOWFS_DATA		"/slow/data"
#define SLOWFS_DATA_PAGES	512UL	/* 2 MiB */
#define SLOWFS_MAX_DELAY_MS	60000U

struct address_space;

static inline u8 slowfs_byte(unsigned long index, unsigned long off)
{
	return (u8)(index * 131 + off * 7 + 1);
}

struct super_block *slowfs_create(void);
void slowfs_set_delay_ms(unsigned int ms);
unsigned int slowfs_delay_ms(void);
unsigned long slowfs_nr_reads(void);
unsigned long slowfs_nr_reading(void);
struct address_space *slowfs_data_mapping(void);

#endif
