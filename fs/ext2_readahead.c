// SPDX-License-Identifier: MIT
/*
 * Filling a read-ahead window of an ext2 file (see fs/ext2_readahead.h).
 * Each page is one of three kinds, decided from the block map alone:
 * all holes (or past the end): zeroed, no I/O; "direct": whole, its
 * blocks mapped and physically contiguous, so the device reads it
 * straight into the page; anything else (the short last page, a page
 * mixing holes and blocks or scattered blocks, a block larger than a
 * page): read the usual way through ext2_file_read(). Consecutive
 * direct pages that continue each other on the disk go to the device
 * as one read (the adapter's read_pages: page-cache pages, no bounce).
 */
#include <arch/layout.h>
#include "fs/ext2_internal.h"
#include "fs/ext2_io.h"
#include "fs/ext2_readahead.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

enum ext2_ra_kind { EXT2_RA_ZERO, EXT2_RA_DIRECT, EXT2_RA_SLOW };

/*
 * The indirect blocks last read at each depth of the map, so a window's
 * consecutive blocks cost one read of their map block, not one each
 * (ext2_bmap() reads the path again for every block).
 */
struct ext2_ra_maps {
	u32 blk[3];			/* the block held; 0: none */
	u32 *buf[3];			/* its pointers */
};

/* ext2_bmap() without allocation, through @maps. */
static int ext2_ra_bmap(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw,
			struct ext2_ra_maps *maps, u64 lblk, u32 *out)
{
	u32 root, offs[3], blk;
	int depth = ext2_block_path(fs, lblk, &root, offs);

	if (depth < 0)
		return depth;
	blk = raw->i_block[root];
	for (int level = 0; blk; level++) {
		if (!ext2_block_valid(fs, blk))
			return ext2_corrupt(fs, "inode %u points at block "
					    "%u\n", ino, blk);
		if (level == depth)
			break;
		if (maps->blk[level] != blk) {
			int r = ext2_read_block(fs, blk, maps->buf[level]);

			maps->blk[level] = r ? 0 : blk;
			if (r)
				return r;
		}
		blk = maps->buf[level][offs[level]];
	}
	*out = blk;
	return 0;
}

/*
 * The kind of the page at byte @pos of a file of @size bytes and, for a
 * direct one, its first device block in *@pblk.
 */
static int ext2_ra_page_kind(struct ext2_fs *fs, u32 ino,
			     struct ext2_inode *raw, struct ext2_ra_maps *maps,
			     u64 pos, u64 size, u32 *pblk,
			     enum ext2_ra_kind *kind)
{
	u32 bs = fs->block_size, per_page = PAGE_SIZE / bs, holes = 0;

	*kind = EXT2_RA_SLOW;
	if (pos >= size) {
		*kind = EXT2_RA_ZERO;
		return 0;
	}
	if (bs > PAGE_SIZE || pos + PAGE_SIZE > size)
		return 0;
	for (u32 j = 0; j < per_page; j++) {
		u32 blk = 0;
		int r = ext2_ra_bmap(fs, ino, raw, maps, pos / bs + j, &blk);

		if (r)
			return r;
		if (!blk)
			holes++;
		else if (j && blk != *pblk + j)
			return 0;	/* scattered: slow */
		if (!j)
			*pblk = blk;
	}
	if (holes == per_page)
		*kind = EXT2_RA_ZERO;
	else if (!holes)
		*kind = EXT2_RA_DIRECT;
	return 0;
}

/* Read @n direct pages, device-contiguous from block @pblk. */
static int ext2_ra_read_run(struct ext2_fs *fs, u32 pblk, void *const *pages,
			    unsigned int n)
{
	u64 off = (u64)pblk * fs->block_size;
	int r = 0;

	if (fs->io->read_pages)
		return fs->io->read_pages(fs->io, off, pages, n);
	for (unsigned int i = 0; i < n && !r; i++)
		r = fs->io->read(fs->io, off + (u64)i * PAGE_SIZE, pages[i],
				 PAGE_SIZE);
	return r;
}

/* Read the page at @pos of a file of @size bytes as read() does. */
static int ext2_ra_read_slow(struct ext2_fs *fs, u32 ino, u64 pos,
			     void *page)
{
	long n = ext2_file_read(fs, ino, pos, page, PAGE_SIZE);

	if (n < 0)
		return (int)n;
	memset((u8 *)page + n, 0, PAGE_SIZE - (size_t)n);
	return 0;
}

/* Fill @nr pages from @pos, the runs of direct pages as one read each. */
static int ext2_ra_read(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw,
			struct ext2_ra_maps *maps, u64 pos,
			void *const *pages, unsigned int nr)
{
	u64 size = ext2_inode_size(raw);
	u32 per_page = PAGE_SIZE / fs->block_size;
	unsigned int i = 0;
	int r = 0;

	while (i < nr && !r) {
		u64 at = pos + (u64)i * PAGE_SIZE;
		unsigned int n = 1;
		enum ext2_ra_kind kind;
		u32 first, next;

		r = ext2_ra_page_kind(fs, ino, raw, maps, at, size, &first,
				      &kind);
		if (r)
			break;
		if (kind == EXT2_RA_ZERO) {
			memset(pages[i], 0, PAGE_SIZE);
		} else if (kind == EXT2_RA_SLOW) {
			r = ext2_ra_read_slow(fs, ino, at, pages[i]);
		} else {
			/* Extend the run while the next page continues it. */
			while (i + n < nr &&
			       !ext2_ra_page_kind(fs, ino, raw, maps,
						  at + (u64)n * PAGE_SIZE, size,
						  &next, &kind) &&
			       kind == EXT2_RA_DIRECT &&
			       next == first + n * per_page)
				n++;
			r = ext2_ra_read_run(fs, first, pages + i, n);
		}
		i += n;
	}
	return r;
}

/**
 * ext2_file_read_pages - fill @nr page-cache pages with the file's bytes
 * from @pos, in as few device reads as the block map allows.
 * @fs: the image
 * @ino: a regular file
 * @pos: a page-aligned file offset
 * @pages: the pages' addresses (direct map, page-aligned)
 * @nr: how many
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (a bad block map), -EIO, -ENOMEM: some pages may
 * then hold garbage and must not be used.
 */
int ext2_file_read_pages(struct ext2_fs *fs, u32 ino, u64 pos,
			 void *const *pages, unsigned int nr)
{
	struct ext2_ra_maps maps = { 0 };
	struct ext2_inode raw;
	int r = ext2_inode_get(fs, ino, &raw);

	for (int i = 0; i < 3 && !r; i++) {
		maps.buf[i] = kmalloc(fs->block_size, GFP_NOFS);
		if (!maps.buf[i])
			r = -ENOMEM;
	}
	if (!r)
		r = ext2_ra_read(fs, ino, &raw, &maps, pos, pages, nr);
	for (int i = 0; i < 3; i++)
		kfree(maps.buf[i]);
	return r;
}
