// SPDX-License-Identifier: MIT
/*
 * ext2 inodes and their block maps (fs/ext2.h): twelve direct pointers,
 * then one indirect, one double and one triple indirect block. A zero
 * pointer is a hole: it reads as zeros and owns no block, so a file
 * written past its end allocates only the blocks written. i_blocks counts
 * every block the file owns, indirect ones too, in 512-byte units.
 *
 * Every pointer is checked against the image before it is followed, and
 * an inode a directory names is checked before it is used: a bad one is
 * -EUCLEAN with a log line, never a read outside the device.
 *
 * Inode records and indirect blocks go through the metadata cache
 * (ext2_meta_*(), ext2_bcache.h), file data straight to the device: a
 * write of file data ends its batch by flushing the cache, so the map
 * and the inode that point at the data follow it to the device.
 *
 * Buffers are allocated GFP_NOFS: the page cache's writeback calls in
 * here (ext2_file_write() from writepage), and reclaim must not wait on
 * the file system from inside it.
 *
 * Locking: none here; the caller serialises (fs/ext2.h).
 */
#include <arch/layout.h>
#include "fs/ext2_bcache.h"
#include "fs/ext2_internal.h"
#include "mm/slab.h"

static u32 ext2_ptrs_per_block(struct ext2_fs *fs)
{
	return fs->block_size / 4;
}

/* Where inode @ino lives on the device. Return: 0 or -EUCLEAN. */
static int ext2_inode_offset(struct ext2_fs *fs, u32 ino, u64 *off)
{
	u32 ipg = fs->sb->s_inodes_per_group;
	u32 index;

	if (!ino || ino > fs->sb->s_inodes_count)
		return ext2_corrupt(fs, "inode number %u\n", ino);
	index = (ino - 1) % ipg;
	*off = (u64)fs->gd[(ino - 1) / ipg].bg_inode_table * fs->block_size +
	       (u64)index * fs->inode_size;
	return 0;
}

/*
 * The last inode read or written stays in fs->cached_raw: every page a
 * read brings into the page cache looks its inode up again, and the
 * device read that costs (a block request and two context switches)
 * made reading a file's holes ten times slower than reading cached
 * pages - Linux keeps a file's inode in memory while it is open. Every
 * write of an inode record goes through this file, so the copy is never
 * stale.
 */
static void ext2_inode_cache(struct ext2_fs *fs, u32 ino,
			     const struct ext2_inode *raw)
{
	fs->cached_raw = *raw;
	fs->cached_ino = ino;
}

/**
 * ext2_read_inode - the on-disk inode @ino, unchecked.
 * @fs: the image
 * @ino: its number
 * @raw: where its first 128 bytes go
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (no such number); -EIO.
 */
int ext2_read_inode(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw)
{
	u64 off;
	int r;

	if (ino && ino == fs->cached_ino) {
		*raw = fs->cached_raw;
		return 0;
	}
	r = ext2_inode_offset(fs, ino, &off);
	if (!r)
		r = ext2_meta_read_bytes(fs, off, raw, sizeof(*raw));
	if (!r)
		ext2_inode_cache(fs, ino, raw);
	return r;
}

/**
 * ext2_write_inode - write @raw back as inode @ino.
 * @fs: the image
 * @ino: its number
 * @raw: its first 128 bytes (the rest of the record is left alone)
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN; -EIO.
 */
int ext2_write_inode(struct ext2_fs *fs, u32 ino, const struct ext2_inode *raw)
{
	u64 off;
	int r = ext2_inode_offset(fs, ino, &off);

	if (!r)
		r = ext2_meta_write_bytes(fs, off, raw, sizeof(*raw));
	/* A failed write leaves the record unknown: read it again. */
	if (r && ino == fs->cached_ino)
		fs->cached_ino = 0;
	else if (!r)
		ext2_inode_cache(fs, ino, raw);
	return r;
}

/* Zero the whole record of a newly allocated inode. */
int ext2_inode_clear(struct ext2_fs *fs, u32 ino)
{
	static const u8 zeros[1024];
	u64 off;
	int r = ext2_inode_offset(fs, ino, &off);

	if (r)
		return r;
	if (ino == fs->cached_ino)
		fs->cached_ino = 0;
	return ext2_meta_write_bytes(fs, off, zeros,
				     MIN(fs->inode_size, sizeof(zeros)));
}

/* The file's size in bytes (regular files have 64 bits). */
u64 ext2_inode_size(const struct ext2_inode *raw)
{
	u64 size = raw->i_size;

	if (EXT2_ISREG(raw->i_mode))
		size |= (u64)raw->i_size_high << 32;
	return size;
}

static void ext2_inode_set_size(struct ext2_inode *raw, u64 size)
{
	raw->i_size = (u32)size;
	if (EXT2_ISREG(raw->i_mode))
		raw->i_size_high = (u32)(size >> 32);
}

static int ext2_check_size(struct ext2_fs *fs, u64 size)
{
	u64 max = (u64)EXT2_NDIR_BLOCKS * fs->block_size;
	u64 ppb = ext2_ptrs_per_block(fs);

	max += (ppb + ppb * ppb + ppb * ppb * ppb) * fs->block_size;
	if (!(fs->sb->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE))
		max = MIN(max, 0x7fffffffULL);
	/* i_blocks is 32 bits of sectors: Linux's ext2_max_size() caps
	 * files at 2 TiB for the same reason. */
	max = MIN(max, (1ULL << 41) - 1 - 4 * (u64)fs->block_size);
	return size > max ? -EFBIG : 0;
}

/*
 * Read inode @ino that a name or an open file refers to and check it is
 * in use and sane (Linux's ext2_iget()). In use: a link, or none but no
 * deletion time either - unlinked while open (an O_TMPFILE file, or one
 * unlinked after its open), freed at the last close with a dtime set.
 */
int ext2_inode_get(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw)
{
	int r = ext2_read_inode(fs, ino, raw);
	u64 size;

	if (r)
		return r;
	/* Linux 6.1's ext2_lookup() turns ext2_iget()'s -ESTALE into -EIO */
	if (!raw->i_links_count && (raw->i_dtime || !raw->i_mode))
		return ext2_corrupt_eio(fs, "deleted inode referenced: %u",
					ino);
	size = ext2_inode_size(raw);
	/* Linux's ext2_check_page() fails such a directory with -EIO */
	if (EXT2_ISDIR(raw->i_mode) && size % fs->block_size)
		return ext2_corrupt_eio(fs, "size of directory #%u is not a "
					"multiple of chunk size", ino);
	if (EXT2_ISDIR(raw->i_mode) && size > (u64)raw->i_blocks * 512)
		return ext2_corrupt(fs, "directory #%u of %llu bytes owns "
				    "%u sectors", ino,
				    (unsigned long long)size, raw->i_blocks);
	/* e2fsck's pass 1 finds such an i_size bad too */
	if (ext2_check_size(fs, size))
		return ext2_corrupt(fs, "inode #%u: i_size %llu past what "
				    "its block map can hold", ino,
				    (unsigned long long)size);
	return 0;
}

/*
 * A fresh block for the map, zeroed, near the last one taken: an
 * indirect block (@meta) in the metadata cache, a data block on the
 * device, where its data will be written (a zeroed copy in the cache
 * would be flushed over it).
 */
static int ext2_new_map_block(struct ext2_fs *fs, struct ext2_inode *raw,
			      bool meta, u32 *out)
{
	u8 *zero;
	int r = ext2_alloc_block(fs, fs->alloc_hint, out);

	if (r)
		return r;
	fs->alloc_hint = *out + 1;
	zero = kzalloc(fs->block_size, GFP_NOFS);
	if (!zero)
		r = -ENOMEM;
	else if (meta)
		r = ext2_meta_write(fs, *out, zero);
	else
		r = ext2_write_block(fs, *out, zero);
	kfree(zero);
	if (r) {
		ext2_free_block(fs, *out);
		return r;
	}
	raw->i_blocks += fs->block_size / 512;
	return 0;
}

/*
 * The path to file block @lblk: the root pointer's index in i_block and
 * the offset inside each indirect block. Return: the depth, or -EFBIG.
 * Context: any.
 */
int ext2_block_path(struct ext2_fs *fs, u64 lblk, u32 *root,
			   u32 offs[3])
{
	u64 ppb = ext2_ptrs_per_block(fs);

	if (lblk < EXT2_NDIR_BLOCKS) {
		*root = (u32)lblk;
		return 0;
	}
	lblk -= EXT2_NDIR_BLOCKS;
	for (int depth = 1; depth <= 3; depth++) {
		u64 span = 1;

		for (int i = 0; i < depth; i++)
			span *= ppb;
		if (lblk < span) {
			*root = EXT2_IND_BLOCK + (u32)depth - 1;
			for (int i = depth - 1; i >= 0; i--) {
				offs[i] = (u32)(lblk % ppb);
				lblk /= ppb;
			}
			return depth;
		}
		lblk -= span;
	}
	return -EFBIG;
}

/* Follow (or, with @alloc, fill in) the pointer at *@slot, to an
 * indirect block when @meta, else to a data block. */
static int ext2_map_step(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw,
			 u32 *slot, bool alloc, bool meta, bool *changed)
{
	if (*slot && !ext2_block_valid(fs, *slot))
		return ext2_corrupt(fs, "inode %u points at block %u\n", ino,
				    *slot);
	if (*slot || !alloc)
		return 0;
	*changed = true;
	return ext2_new_map_block(fs, raw, meta, slot);
}

/**
 * ext2_bmap - the device block that holds file block @lblk.
 * @fs: the image
 * @ino: the inode's number (for the log)
 * @raw: the inode; with @alloc its map and i_blocks change (write it back)
 * @lblk: the file block
 * @alloc: fill a hole with a zeroed block (and the indirect blocks to it)
 * @out: the block, or 0 for a hole when !@alloc
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (a pointer outside the image); -EFBIG; -ENOSPC;
 * -EIO; -ENOMEM.
 */
int ext2_bmap(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw, u64 lblk,
	      bool alloc, u32 *out)
{
	u32 root, offs[3], *map = NULL;
	bool changed = false;
	int depth = ext2_block_path(fs, lblk, &root, offs);
	u32 blk;
	int r;

	if (depth < 0)
		return depth;
	r = ext2_map_step(fs, ino, raw, &raw->i_block[root], alloc, depth > 0,
			  &changed);
	blk = raw->i_block[root];
	if (r || !blk || !depth)
		goto out;
	map = kmalloc(fs->block_size, GFP_NOFS);
	if (!map)
		return -ENOMEM;
	for (int level = 0; level < depth && blk; level++) {
		u32 parent = blk;

		r = ext2_meta_read(fs, parent, map);
		if (r)
			break;
		changed = false;
		r = ext2_map_step(fs, ino, raw, &map[offs[level]], alloc,
				  level + 1 < depth, &changed);
		if (!r && changed)
			r = ext2_meta_write(fs, parent, map);
		if (r)
			break;
		blk = map[offs[level]];
	}
	kfree(map);
out:
	*out = r ? 0 : blk;
	return r;
}

/*
 * Free what the subtree at *@ptr maps at or past file block @keep. The
 * subtree has @depth levels of indirection (0: *@ptr is a data block)
 * and maps file blocks from @base on.
 */
static int ext2_free_tree(struct ext2_fs *fs, struct ext2_inode *raw,
			  u32 *ptr, int depth, u64 base, u64 keep)
{
	u64 ppb = ext2_ptrs_per_block(fs), span = 1;
	bool whole = base >= keep, dirty = false;
	u32 *map;
	int r = 0;

	if (!*ptr)
		return 0;
	if (!ext2_block_valid(fs, *ptr))
		return ext2_corrupt(fs, "truncating past block %u\n", *ptr);
	for (int i = 1; i < depth; i++)
		span *= ppb;
	if (depth) {
		map = kmalloc(fs->block_size, GFP_NOFS);
		if (!map)
			return -ENOMEM;
		r = ext2_meta_read(fs, *ptr, map);
		for (u64 i = 0; !r && i < ppb; i++) {
			if (!map[i] || base + (i + 1) * span <= keep)
				continue;
			r = ext2_free_tree(fs, raw, &map[i], depth - 1,
					   base + i * span, keep);
			dirty = true;
		}
		if (!r && dirty && !whole)
			r = ext2_meta_write(fs, *ptr, map);
		kfree(map);
	}
	if (r || !whole)
		return r;
	r = ext2_free_block(fs, *ptr);
	if (r)
		return r;
	*ptr = 0;
	raw->i_blocks -= MIN(raw->i_blocks, fs->block_size / 512);
	return 0;
}

/* Free every block of @raw's map that holds file blocks >= @keep. */
static int ext2_free_from(struct ext2_fs *fs, struct ext2_inode *raw,
			  u64 keep)
{
	u64 ppb = ext2_ptrs_per_block(fs), base = EXT2_NDIR_BLOCKS, span = 1;
	int r = 0;

	for (u32 i = 0; !r && i < EXT2_NDIR_BLOCKS; i++)
		r = ext2_free_tree(fs, raw, &raw->i_block[i], 0, i, keep);
	for (int depth = 1; !r && depth <= 3; depth++) {
		span *= ppb;
		r = ext2_free_tree(fs, raw,
				   &raw->i_block[EXT2_IND_BLOCK + depth - 1],
				   depth, base, keep);
		base += span;
	}
	return r;
}

static bool ext2_is_fast_symlink(struct ext2_fs *fs,
				 const struct ext2_inode *raw)
{
	u32 acl = raw->i_file_acl ? fs->block_size / 512 : 0;

	return EXT2_ISLNK(raw->i_mode) && raw->i_blocks == acl;
}

/* Zero file bytes [@size, end of its block) so a regrown file reads 0. */
static int ext2_zero_tail(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw,
			  u64 size)
{
	u32 in = (u32)(size % fs->block_size), blk;
	u8 *buf;
	int r;

	if (!in)
		return 0;
	r = ext2_bmap(fs, ino, raw, size / fs->block_size, false, &blk);
	if (r || !blk)
		return r;
	buf = kmalloc(fs->block_size, GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	r = ext2_read_block(fs, blk, buf);
	if (!r) {
		memset(buf + in, 0, fs->block_size - in);
		r = ext2_write_block(fs, blk, buf);
	}
	kfree(buf);
	return r;
}

/* ext2_truncate() on an inode already read. */
static int ext2_truncate_raw(struct ext2_fs *fs, u32 ino,
			     struct ext2_inode *raw, u64 size)
{
	u64 keep = (size + fs->block_size - 1) / fs->block_size;
	int r = 0;

	if (ext2_is_fast_symlink(fs, raw)) {
		if (!size)
			memset(raw->i_block, 0, sizeof(raw->i_block));
	} else if (size < ext2_inode_size(raw)) {
		r = ext2_zero_tail(fs, ino, raw, size);
		if (!r)
			r = ext2_free_from(fs, raw, keep);
	}
	if (!r)
		ext2_inode_set_size(raw, size);
	raw->i_mtime = raw->i_ctime = ext2_now(fs);
	return r;
}

/**
 * ext2_truncate - set a file's size: shrinking frees the blocks past it,
 * growing leaves a hole.
 * @fs: the image
 * @ino: a regular file or symlink
 * @size: the new size
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EROFS; -EFBIG; -EISDIR; -EUCLEAN; -EIO.
 */
int ext2_truncate(struct ext2_fs *fs, u32 ino, u64 size)
{
	struct ext2_inode raw;
	int r, w;

	if (fs->readonly)
		return -EROFS;
	r = ext2_check_size(fs, size);
	if (!r)
		r = ext2_inode_get(fs, ino, &raw);
	if (r)
		return r;
	if (EXT2_ISDIR(raw.i_mode))
		return -EISDIR;
	r = ext2_truncate_raw(fs, ino, &raw, size);
	w = ext2_write_inode(fs, ino, &raw);
	return r ? r : w;
}

/**
 * ext2_file_read - read file bytes (holes and bytes past a block's data
 * read as zeros).
 * @fs: the image
 * @ino: the file
 * @pos: where to start
 * @buf: where the bytes go
 * @len: how many at most
 *
 * Context: the caller's ext2 lock.
 * Return: bytes read (0 at or past the end); -EUCLEAN; -EIO; -ENOMEM.
 */
long ext2_file_read(struct ext2_fs *fs, u32 ino, u64 pos, void *buf,
		    size_t len)
{
	struct ext2_inode raw;
	size_t done = 0;
	u64 size;
	u8 *blkbuf;
	int r = ext2_inode_get(fs, ino, &raw);

	if (r)
		return r;
	size = ext2_inode_size(&raw);
	if (pos >= size)
		return 0;
	len = (size_t)MIN((u64)len, size - pos);
	blkbuf = kmalloc(fs->block_size, GFP_NOFS);
	if (!blkbuf)
		return -ENOMEM;
	while (done < len) {
		u64 at = pos + done;
		u32 in = (u32)(at % fs->block_size), blk;
		size_t n = MIN(fs->block_size - in, len - done);

		r = ext2_bmap(fs, ino, &raw, at / fs->block_size, false, &blk);
		if (!r && blk)
			r = ext2_read_block(fs, blk, blkbuf);
		if (r)
			break;
		if (blk)
			memcpy((u8 *)buf + done, blkbuf + in, n);
		else
			memset((u8 *)buf + done, 0, n);
		done += n;
	}
	kfree(blkbuf);
	return done ? (long)done : r;
}

/*
 * The end of a writeback batch: the metadata it dirtied (bitmaps,
 * counts, the map, the inode) goes to the device after the data, as
 * Linux's writeback writes a file's buffers with its pages. A block
 * that fails stays dirty, and fsync, which flushes again, reports it.
 * Return: @done if anything was written, else @err.
 */
static long ext2_end_batch(struct ext2_fs *fs, size_t done, int err)
{
	int r = ext2_bcache_flush(fs);

	if (done)
		return (long)done;
	return err ? err : r;
}

/* Write @n bytes at @in of file block @lblk, filling a hole first. */
static int ext2_write_part(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw,
			   u64 lblk, u32 in, const u8 *src, size_t n,
			   u8 *blkbuf)
{
	u32 blk;
	int r = ext2_bmap(fs, ino, raw, lblk, true, &blk);

	if (r)
		return r;
	if (n < fs->block_size) {
		r = ext2_read_block(fs, blk, blkbuf);
		if (r)
			return r;
		memcpy(blkbuf + in, src, n);
		src = blkbuf;
	}
	return ext2_write_block(fs, blk, src);
}

/**
 * ext2_file_write - write file bytes, allocating the blocks they land in
 * (write-through: the device has them, and the metadata that maps them,
 * when this returns).
 * @fs: the image
 * @ino: a regular file
 * @pos: where to start (past the end: the gap is a hole)
 * @buf: the bytes
 * @len: how many
 *
 * Context: the caller's ext2 lock.
 * Return: bytes written; when none, -EROFS, -EFBIG, -ENOSPC, -EUCLEAN,
 * -EIO or -ENOMEM.
 */
long ext2_file_write(struct ext2_fs *fs, u32 ino, u64 pos, const void *buf,
		     size_t len)
{
	struct ext2_inode raw;
	size_t done = 0;
	u8 *blkbuf;
	int r;

	if (fs->readonly)
		return -EROFS;
	if (pos + len < pos || ext2_check_size(fs, pos + len))
		return -EFBIG;
	r = ext2_inode_get(fs, ino, &raw);
	if (r)
		return r;
	blkbuf = kmalloc(fs->block_size, GFP_NOFS);
	if (!blkbuf)
		return -ENOMEM;
	while (done < len) {
		u64 at = pos + done;
		u32 in = (u32)(at % fs->block_size);
		size_t n = MIN(fs->block_size - in, len - done);

		r = ext2_write_part(fs, ino, &raw, at / fs->block_size, in,
				    (const u8 *)buf + done, n, blkbuf);
		if (r)
			break;
		done += n;
	}
	kfree(blkbuf);
	if (pos + done > ext2_inode_size(&raw))
		ext2_inode_set_size(&raw, pos + done);
	if (done)
		raw.i_mtime = raw.i_ctime = ext2_now(fs);
	/* Also after a failure: the blocks taken are in the map. */
	if (ext2_write_inode(fs, ino, &raw) && !r)
		r = -EIO;
	return ext2_end_batch(fs, done, r);
}

/*
 * Write file blocks @lblk .. @lblk + @n - 1, already mapped to @pblk[],
 * from @src (the run's bytes, PAGE_SIZE per entry): one device write per
 * stretch of physically contiguous blocks, through a bounce buffer when
 * the stretch spans pages, block by block if none can be had.
 */
static int ext2_write_stretches(struct ext2_fs *fs, const u32 *pblk, u32 n,
				void *const *src)
{
	u32 bs = fs->block_size, per_page = PAGE_SIZE / bs;
	int r = 0;

	for (u32 i = 0, j; i < n && !r; i = j) {
		u8 *bounce;

		for (j = i + 1; j < n && pblk[j] == pblk[j - 1] + 1; j++)
			;
		bounce = j - i > 1 ? kmalloc((size_t)(j - i) * bs, GFP_NOFS) :
				     NULL;
		for (u32 k = i; k < j && !r; k++) {
			const u8 *b = (const u8 *)src[k / per_page] +
				      (k % per_page) * bs;

			if (bounce)
				memcpy(bounce + (size_t)(k - i) * bs, b, bs);
			else
				r = ext2_write_block(fs, pblk[k], b);
		}
		if (bounce && !r)
			r = fs->io->write(fs->io, (u64)pblk[i] * bs, bounce,
					  (size_t)(j - i) * bs);
		kfree(bounce);
	}
	return r;
}

/* How many of the @n file blocks from @lblk share @lblk's map block
 * (the inode's direct pointers, or one indirect block). */
static u32 ext2_same_map_block(struct ext2_fs *fs, u64 lblk, u32 n)
{
	u32 root, offs[3];
	int depth = ext2_block_path(fs, lblk, &root, offs);

	if (depth < 0)
		return 1;
	return MIN(n, depth ? ext2_ptrs_per_block(fs) - offs[depth - 1] :
			      EXT2_NDIR_BLOCKS - root);
}

/*
 * Point the @n file blocks from @lblk, holes under one map block, at the
 * fresh blocks @first, @first + 1, ...: the map block (its path made,
 * zeroed, if missing) is read and written once, not once per block.
 */
static int ext2_bmap_set_run(struct ext2_fs *fs, u32 ino,
			     struct ext2_inode *raw, u64 lblk, u32 n,
			     u32 first)
{
	u32 root, offs[3], *map, blk;
	int depth = ext2_block_path(fs, lblk, &root, offs);
	bool changed = false;
	int r;

	if (depth < 0)
		return depth;
	if (!depth) {
		for (u32 i = 0; i < n; i++)
			raw->i_block[root + i] = first + i;
		goto out;
	}
	r = ext2_map_step(fs, ino, raw, &raw->i_block[root], true, true,
			  &changed);
	if (r)
		return r;
	map = kmalloc(fs->block_size, GFP_NOFS);
	if (!map)
		return -ENOMEM;
	blk = raw->i_block[root];
	for (int level = 0; level < depth && !r; level++) {
		u32 parent = blk;

		r = ext2_meta_read(fs, parent, map);
		if (r)
			break;
		if (level + 1 == depth) {
			for (u32 i = 0; i < n; i++)
				map[offs[level] + i] = first + i;
			r = ext2_meta_write(fs, parent, map);
			break;
		}
		changed = false;
		r = ext2_map_step(fs, ino, raw, &map[offs[level]], true, true,
				  &changed);
		if (!r && changed)
			r = ext2_meta_write(fs, parent, map);
		blk = map[offs[level]];
	}
	kfree(map);
	if (r)
		return r;
out:
	raw->i_blocks += n * (fs->block_size / 512);
	return 0;
}

/* The holes from @lblk, at most @n, under one map block. */
static u32 ext2_count_holes(struct ext2_fs *fs, u32 ino,
			    struct ext2_inode *raw, u64 lblk, u32 n, int *err)
{
	u32 limit = ext2_same_map_block(fs, lblk, n), holes;

	for (holes = 1; holes < limit; holes++) {
		u32 b;

		*err = ext2_bmap(fs, ino, raw, lblk + holes, false, &b);
		if (*err || b)
			break;
	}
	return holes;
}

/* Fill the @holes holes from @lblk with contiguous blocks where the
 * bitmap allows; their numbers into @pblk[]. Return: how many filled. */
static u32 ext2_fill_holes(struct ext2_fs *fs, u32 ino,
			   struct ext2_inode *raw, u64 lblk, u32 holes,
			   u32 *pblk, int *err)
{
	u32 first, got;

	*err = ext2_alloc_blocks(fs, fs->alloc_hint, holes, &first, &got);
	if (*err)
		return 0;
	fs->alloc_hint = first + got;
	*err = ext2_bmap_set_run(fs, ino, raw, lblk, got, first);
	if (*err) {
		for (u32 k = 0; k < got; k++)
			ext2_free_block(fs, first + k);
		return 0;
	}
	for (u32 k = 0; k < got; k++)
		pblk[k] = first + k;
	return got;
}

/*
 * Map the @n whole blocks from @lblk into @pblk[], a run of holes at a
 * time getting contiguous blocks (not zeroed: their data follows) with
 * one bitmap write and one map-block write (Linux's ext2_get_blocks()
 * allocating several blocks at once). Return: how many were mapped;
 * *@err the error that stopped it.
 */
static u32 ext2_map_run(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw,
			u64 lblk, u32 n, u32 *pblk, int *err)
{
	u32 i = 0;

	*err = 0;
	while (i < n) {
		u32 holes;

		*err = ext2_bmap(fs, ino, raw, lblk + i, false, &pblk[i]);
		if (*err)
			break;
		if (pblk[i]) {
			i++;
			continue;
		}
		holes = ext2_count_holes(fs, ino, raw, lblk + i, n - i, err);
		if (!*err)
			i += ext2_fill_holes(fs, ino, raw, lblk + i, holes,
					     &pblk[i], err);
		if (*err)
			break;
	}
	return i;
}

/**
 * ext2_file_write_pages - write back a run of a file's pages (Linux's
 * ext2_writepages() with mpage_writepages(): contiguous blocks as one
 * request).
 * @fs: the image
 * @ino: a regular file
 * @pos: the run's first byte, a multiple of PAGE_SIZE
 * @pages: the run's pages (kernel addresses), PAGE_SIZE bytes each
 * @len: bytes of the run to write (up to the file's size)
 *
 * The run's whole blocks are mapped first (a hole gets a block, not
 * zeroed: its data follows), then written one device request per
 * stretch of contiguous blocks, which the allocator makes common (it
 * takes the block after the last one); a last partial block as
 * ext2_file_write() writes it.
 * Context: the caller's ext2 lock.
 * Return: bytes written; when none, -EROFS, -EFBIG, -ENOSPC, -EUCLEAN,
 * -EIO or -ENOMEM.
 */
long ext2_file_write_pages(struct ext2_fs *fs, u32 ino, u64 pos,
			   void *const *pages, size_t len)
{
	u32 bs = fs->block_size, full = (u32)(len / bs), mapped;
	struct ext2_inode raw;
	size_t done = 0;
	u32 *pblk;
	int r;

	if (fs->readonly)
		return -EROFS;
	if (pos % PAGE_SIZE || pos + len < pos ||
	    ext2_check_size(fs, pos + len))
		return -EFBIG;
	r = ext2_inode_get(fs, ino, &raw);
	if (r)
		return r;
	pblk = kmalloc((full ? full : 1) * sizeof(*pblk), GFP_NOFS);
	if (!pblk)
		return -ENOMEM;
	mapped = ext2_map_run(fs, ino, &raw, pos / bs, full, pblk, &r);
	if (mapped && !ext2_write_stretches(fs, pblk, mapped, pages))
		done = (size_t)mapped * bs;
	kfree(pblk);
	if (!r && done == (size_t)full * bs && len % bs) {
		u8 *blkbuf = kmalloc(bs, GFP_NOFS);

		r = blkbuf ? ext2_write_part(fs, ino, &raw, full + pos / bs, 0,
					     (const u8 *)pages[done /
							       PAGE_SIZE] +
						     done % PAGE_SIZE,
					     len % bs, blkbuf) :
			     -ENOMEM;
		kfree(blkbuf);
		if (!r)
			done = len;
	}
	if (pos + done > ext2_inode_size(&raw))
		ext2_inode_set_size(&raw, pos + done);
	if (done)
		raw.i_mtime = raw.i_ctime = ext2_now(fs);
	if (ext2_write_inode(fs, ino, &raw) && !r)
		r = -EIO;
	return ext2_end_batch(fs, done, r ? r : -EIO);
}

/**
 * ext2_readlink - a symlink's target.
 * @fs: the image
 * @ino: the symlink
 * @buf: where it goes, not NUL-terminated
 * @size: bytes of @buf
 *
 * Context: the caller's ext2 lock.
 * Return: its length (cut at @size, as readlink(2)); -EINVAL (not a
 * symlink); -EUCLEAN; -EIO; -ENOMEM.
 */
int ext2_readlink(struct ext2_fs *fs, u32 ino, char *buf, size_t size)
{
	struct ext2_inode raw;
	u64 len;
	long r = ext2_inode_get(fs, ino, &raw);

	if (r)
		return (int)r;
	if (!EXT2_ISLNK(raw.i_mode))
		return -EINVAL;
	len = ext2_inode_size(&raw);
	if (ext2_is_fast_symlink(fs, &raw)) {
		if (len >= EXT2_FAST_SYMLINK_MAX)
			return ext2_corrupt(fs, "fast symlink %u of %llu\n",
					    ino, (unsigned long long)len);
		len = MIN(len, (u64)size);
		memcpy(buf, raw.i_block, (size_t)len);
		return (int)len;
	}
	if (len >= fs->block_size)
		return ext2_corrupt(fs, "symlink %u of %llu bytes\n", ino,
				    (unsigned long long)len);
	r = ext2_file_read(fs, ino, 0, buf, (size_t)MIN(len, (u64)size));
	return (int)r;
}

/* The directory entry type of an inode of @mode. */
u8 ext2_mode_to_ft(u32 mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG:
		return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR:
		return EXT2_FT_DIR;
	case EXT2_S_IFLNK:
		return EXT2_FT_SYMLINK;
	default:
		return EXT2_FT_UNKNOWN;
	}
}

/**
 * ext2_inode_put_link - free inode @ino and its blocks if no name is left
 * (an unlinked file whose last user has gone).
 * @fs: the image
 * @ino: the inode
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN; -EIO.
 */
int ext2_inode_put_link(struct ext2_fs *fs, u32 ino)
{
	struct ext2_inode raw;
	int r = ext2_read_inode(fs, ino, &raw);

	if (r || raw.i_links_count || fs->readonly)
		return r;
	r = ext2_truncate_raw(fs, ino, &raw, 0);
	raw.i_dtime = ext2_now(fs);
	if (!r)
		r = ext2_write_inode(fs, ino, &raw);
	if (!r)
		r = ext2_free_inode(fs, ino, EXT2_ISDIR(raw.i_mode));
	/* The last user may go after umount's sync (a mapping outlived
	 * it): what the freeing changed goes to the device now. */
	return ext2_end_batch(fs, 0, r);
}
