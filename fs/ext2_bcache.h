/* SPDX-License-Identifier: MIT */
/*
 * ext2's metadata block cache: the bitmaps, inode-table blocks, indirect
 * blocks, superblock and group descriptors of one mounted image, kept in
 * memory and written back in a batch (fs/ext2_bcache.c says when). It is
 * what Linux's buffer cache (the block device's page cache) is to its
 * ext2. File data never goes through it: it lives in the page cache.
 *
 * Reads and writes copy between the caller's buffer and a cached block,
 * a byte range inside one block; a write marks the block dirty. Every
 * call but the drops and ext2_bcache_nr_pages() is made under the caller's ext2 lock
 * (fs/ext2.h), like the rest of the core.
 */
#ifndef FS_EXT2_BCACHE_H
#define FS_EXT2_BCACHE_H

#include "lib/types.h"

struct ext2_fs;
struct ext2_io;

/* At most this many blocks cached per mount: 1 MiB of 4 KiB blocks. */
#define EXT2_BCACHE_MAX_BLOCKS	256

struct ext2_bcache_stats {
	u64 hits;		/* reads and writes that found the block */
	u64 misses;		/* reads that had to go to the device */
	u64 written;		/* dirty blocks written to the device */
	u32 blocks;		/* cached now */
	u32 dirty;		/* of them dirty */
};

int ext2_bcache_create(struct ext2_fs *fs);
void ext2_bcache_destroy(struct ext2_fs *fs);
int ext2_bcache_read(struct ext2_fs *fs, u32 blk, u32 off, void *buf,
		     u32 len);
int ext2_bcache_write(struct ext2_fs *fs, u32 blk, u32 off, const void *buf,
		      u32 len);
void ext2_bcache_forget(struct ext2_fs *fs, u32 blk);
int ext2_bcache_flush(struct ext2_fs *fs);
unsigned long ext2_bcache_drop_clean(const struct ext2_io *io);
unsigned long ext2_bcache_drop_clean_all(void);
unsigned long ext2_bcache_nr_pages(void);
void ext2_bcache_get_stats(struct ext2_fs *fs, struct ext2_bcache_stats *st);

#endif
