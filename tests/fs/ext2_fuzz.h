/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper: corrupt a copy of the ext2 test image in one of the
 * ways a damaged or hostile disk is, chosen by a 64-bit seed alone (the
 * same seed gives the same image, so a failing image is reproduced from
 * the seed its log line gives). The targets (where the superblock,
 * descriptors, inode table, bitmaps, directory and indirect blocks are)
 * are read once from the clean image with the ext2 core.
 */
#ifndef TESTS_FS_EXT2_FUZZ_H
#define TESTS_FS_EXT2_FUZZ_H

#include "fs/ext2_internal.h"
#include "lib/random.h"
#include "lib/string.h"

/* The names of the test image (tools/oomlab/ext2_image.py) whose inodes
 * and blocks are mutated. */
static const char *const ext2f_names[] = {
	"/", "hello", "dir", "dir/big", "dir/sparse", "link", "lost+found",
};

#define EXT2F_NAMES	ARRAY_SIZE(ext2f_names)

struct ext2f_targets {
	u32 bs, inode_size, blocks, inodes;
	u64 gd_off;			/* the descriptor table */
	u32 groups;
	u32 block_bitmap, inode_bitmap, inode_table;
	u32 ino[EXT2F_NAMES];		/* 0: not found */
	u32 first_block[EXT2F_NAMES];	/* i_block[0] */
	u32 big_ind;			/* dir/big's indirect block */
	u32 dir_block[2];		/* "/" and "dir"'s first blocks */
};

enum ext2f_kind {
	EXT2F_SUPER,		/* a superblock field at an edge value */
	EXT2F_SUPER_BYTES,	/* random bytes of the superblock */
	EXT2F_GROUP,		/* a descriptor field */
	EXT2F_INODE,		/* an inode field of a named inode */
	EXT2F_DIRENT,		/* an entry field of "/" or "dir" */
	EXT2F_POINTER,		/* a pointer: too far, metadata, loop */
	EXT2F_BITMAP,		/* bits of the block or inode bitmap */
	EXT2F_BYTES,		/* random bytes anywhere in the metadata */
	EXT2F_KINDS
};

static const char *const ext2f_kind_names[EXT2F_KINDS] = {
	"super", "super-bytes", "group", "inode", "dirent", "pointer",
	"bitmap", "bytes",
};

/* Walk @path (from the root, components split on '/') in @fs. */
static inline u32 ext2f_walk(struct ext2_fs *fs, const char *path)
{
	char part[32];
	u32 ino = EXT2_ROOT_INO;

	while (*path) {
		size_t n = 0;

		while (*path == '/')
			path++;
		while (*path && *path != '/' && n < sizeof(part) - 1)
			part[n++] = *path++;
		part[n] = 0;
		if (n && ext2_lookup(fs, ino, part, &ino))
			return 0;
	}
	return ino;
}

/* Fill @tg from the clean image @img. Return: true when it mounted. */
static inline bool ext2f_find_targets(u8 *img, u64 size,
				      struct ext2f_targets *tg)
{
	struct ext2_inode raw;
	struct ext2_io io;
	struct ext2_fs *fs;

	ext2_io_mem_init(&io, img, size);
	if (ext2_fs_open(&io, EXT2_MOUNT_RDONLY, &fs))
		return false;
	*tg = (struct ext2f_targets){
		.bs = fs->block_size, .inode_size = fs->inode_size,
		.blocks = fs->sb->s_blocks_count,
		.inodes = fs->sb->s_inodes_count, .groups = fs->groups,
		.gd_off = (u64)(fs->sb->s_first_data_block + 1) *
			  fs->block_size,
		.block_bitmap = fs->gd[0].bg_block_bitmap,
		.inode_bitmap = fs->gd[0].bg_inode_bitmap,
		.inode_table = fs->gd[0].bg_inode_table,
	};
	for (size_t i = 0; i < EXT2F_NAMES; i++) {
		tg->ino[i] = ext2f_walk(fs, ext2f_names[i]);
		if (tg->ino[i] && !ext2_read_inode(fs, tg->ino[i], &raw)) {
			tg->first_block[i] = raw.i_block[0];
			if (i == 3)
				tg->big_ind = raw.i_block[EXT2_IND_BLOCK];
		}
	}
	tg->dir_block[0] = tg->first_block[0];
	tg->dir_block[1] = tg->first_block[2];
	ext2_fs_close(fs);
	return tg->ino[0] && tg->ino[3] && tg->big_ind && tg->dir_block[1];
}

/* A value on an edge some check guards, or a block the image uses for
 * something else: @r picks. */
static inline u32 ext2f_edge(struct prng *r, const struct ext2f_targets *tg)
{
	const u32 v[] = {
		0, 1, 2, 3, 4, 7, 8, 11, 12, 59, 60, 255, 256, 0xffff,
		0x10000, 0x7fffffff, 0x80000000, 0xffffffff, tg->bs - 4,
		tg->bs, tg->bs + 4, tg->blocks - 1, tg->blocks,
		tg->blocks + 1, tg->inodes, tg->inodes + 1,
		tg->block_bitmap, tg->inode_bitmap, tg->inode_table,
		tg->big_ind, tg->dir_block[0],
	};

	return v[prng_below(r, ARRAY_SIZE(v))];
}

static inline void ext2f_put(u8 *img, u64 off, u32 v, unsigned int width)
{
	memcpy(img + off, &v, width);
}

/* Superblock fields the checks at mount read ({ offset, width }). */
static const u8 ext2f_super_field[][2] = {
	{ 0, 4 }, { 4, 4 }, { 12, 4 }, { 16, 4 }, { 20, 4 }, { 24, 4 },
	{ 32, 4 }, { 40, 4 }, { 56, 2 }, { 58, 2 }, { 76, 4 }, { 84, 4 },
	{ 88, 2 }, { 92, 4 }, { 96, 4 }, { 100, 4 },
};

/* Inode fields: mode, size, links, i_blocks, flags, i_block[0], [1],
 * [11], [12], [13], [14], file_acl, size_high, dtime. */
static const u8 ext2f_inode_field[][2] = {
	{ 0, 2 }, { 4, 4 }, { 26, 2 }, { 28, 4 }, { 32, 4 }, { 40, 4 },
	{ 44, 4 }, { 84, 4 }, { 88, 4 }, { 92, 4 }, { 96, 4 }, { 104, 4 },
	{ 108, 4 }, { 20, 4 },
};

/* Directory entry fields: inode, rec_len, name_len, file_type. */
static const u8 ext2f_dirent_field[][2] = {
	{ 0, 4 }, { 4, 2 }, { 6, 1 }, { 7, 1 },
};

static inline u64 ext2f_inode_off(const struct ext2f_targets *tg, u32 ino)
{
	return (u64)tg->inode_table * tg->bs + (u64)(ino - 1) * tg->inode_size;
}

/* The offset of the @n-th entry of the directory block at @blk_off (the
 * last one when there are fewer). */
static inline u64 ext2f_dirent_off(const u8 *img, const struct ext2f_targets
				   *tg, u64 blk_off, u32 n)
{
	u32 off = 0;

	for (u32 i = 0; i < n; i++) {
		u16 rec_len;

		memcpy(&rec_len, img + blk_off + off + 4, 2);
		if (rec_len < 12 || off + rec_len + 12 > tg->bs)
			break;
		off += rec_len;
	}
	return blk_off + off;
}

/* Point one of dir/big's pointers (in its inode or its indirect block)
 * past the image, at metadata, or into a loop. */
static inline void ext2f_pointer(u8 *img, const struct ext2f_targets *tg,
				 struct prng *r)
{
	u64 inode = ext2f_inode_off(tg, tg->ino[3]) + 40;
	u64 ind = (u64)tg->big_ind * tg->bs;
	u32 v = ext2f_edge(r, tg);

	switch (prng_below(r, 4)) {
	case 0:		/* any slot of the inode */
		ext2f_put(img, inode + 4 * prng_below(r, EXT2_N_BLOCKS), v, 4);
		break;
	case 1:		/* a slot of the indirect block, one of the
			 * first 96 (dir/big uses 86 of them) */
		ext2f_put(img, ind + 4 * prng_below(r, 96), v, 4);
		break;
	case 2:		/* the indirect block points at itself, in the
			 * part the walk's truncation frees (slots 76 on) */
		ext2f_put(img, ind + 4 * (76 + prng_below(r, 12)), tg->big_ind,
			  4);
		break;
	default:	/* the double indirect slot at the indirect block:
			 * its data pointers read as indirect blocks */
		ext2f_put(img, inode + 4 * EXT2_DIND_BLOCK, tg->big_ind, 4);
		break;
	}
}

/* Set, clear or flip bits of a bitmap: metadata left free, all full. */
static inline void ext2f_bitmap(u8 *img, const struct ext2f_targets *tg,
				struct prng *r)
{
	u32 blk = prng_below(r, 2) ? tg->block_bitmap : tg->inode_bitmap;
	u8 *map = img + (u64)blk * tg->bs;

	switch (prng_below(r, 3)) {
	case 0:		/* all free: the used blocks are handed out */
		memset(map, 0, 64);
		break;
	case 1:		/* everything taken, the counts say otherwise */
		memset(map, 0xff, tg->bs);
		break;
	default:
		for (int i = 0; i < 8; i++)
			map[prng_below(r, 64)] ^= (u8)(1U << prng_below(r, 8));
		break;
	}
}

/*
 * Corrupt @img (a copy of the clean image) as @seed says. Return: the
 * kind of corruption (enum ext2f_kind).
 */
static inline unsigned int ext2f_mutate(u8 *img, const struct ext2f_targets
					*tg, u64 seed)
{
	unsigned int kind = (unsigned int)(seed % EXT2F_KINDS);
	u64 meta_end = ((u64)tg->inode_table + 8) * tg->bs;
	struct prng r;
	u32 n;

	prng_seed(&r, seed);
	switch (kind) {
	case EXT2F_SUPER: {
		const u8 *f = ext2f_super_field[prng_below(
			&r, ARRAY_SIZE(ext2f_super_field))];

		ext2f_put(img, EXT2_SUPER_OFFSET + f[0], ext2f_edge(&r, tg),
			  f[1]);
		break;
	}
	case EXT2F_SUPER_BYTES:
		for (n = 1 + prng_below(&r, 4); n; n--)
			img[EXT2_SUPER_OFFSET + prng_below(&r, 104)] =
				(u8)prng_next(&r);
		break;
	case EXT2F_GROUP:
		ext2f_put(img, tg->gd_off + 4 * prng_below(&r, 4),
			  ext2f_edge(&r, tg), prng_below(&r, 2) ? 4 : 2);
		break;
	case EXT2F_INODE: {
		u32 ino = tg->ino[prng_below(&r, EXT2F_NAMES)];
		const u8 *f = ext2f_inode_field[prng_below(
			&r, ARRAY_SIZE(ext2f_inode_field))];

		ext2f_put(img, ext2f_inode_off(tg, ino) + f[0],
			  ext2f_edge(&r, tg), f[1]);
		break;
	}
	case EXT2F_DIRENT: {
		u64 blk = (u64)tg->dir_block[prng_below(&r, 2)] * tg->bs;
		const u8 *f = ext2f_dirent_field[prng_below(
			&r, ARRAY_SIZE(ext2f_dirent_field))];
		u64 at = ext2f_dirent_off(img, tg, blk, (u32)prng_below(&r, 6));
		u32 v = ext2f_edge(&r, tg);

		/* half the rec_lens end near the block's end: 4 short of it,
		 * at it, or 4 or 8 past it */
		if (f[0] == 4 && prng_below(&r, 2))
			v = tg->bs - (u32)(at - blk) +
			    4 * (u32)prng_below(&r, 4) - 4;
		ext2f_put(img, at + f[0], v, f[1]);
		break;
	}
	case EXT2F_POINTER:
		ext2f_pointer(img, tg, &r);
		break;
	case EXT2F_BITMAP:
		ext2f_bitmap(img, tg, &r);
		break;
	default:
		for (n = 1 + prng_below(&r, 16); n; n--)
			img[EXT2_SUPER_OFFSET +
			    prng_below(&r, meta_end - EXT2_SUPER_OFFSET)] =
				(u8)prng_next(&r);
		break;
	}
	return kind;
}

#endif
