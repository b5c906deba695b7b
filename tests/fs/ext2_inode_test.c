// SPDX-License-Identifier: MIT
/*
 * ext2 files against images Debian's mke2fs made (host only: the kernel
 * has no mke2fs; tests/fs/ext2_boot_test.c covers the kernel side):
 * every file of the generated tree reads back byte for byte at 1 KiB and
 * 4 KiB blocks, through direct, indirect and double indirect blocks and
 * a hole; writes that extend over a hole and truncations leave an image
 * `e2fsck -fn` finds clean, with the blocks counted as they should be.
 */
#include "kernel/ktest.h"

#ifdef HOST_BUILD
#include "fs/ext2_internal.h"
#include "tests/fs/ext2_test_util.h"

/* Read @f whole in odd-sized steps and compare with what was written. */
static void ext2t_check_file(struct ktest *t, struct ext2_fs *fs,
			     const struct ext2t_file *f)
{
	static u8 buf[3001];
	u64 off = 0;
	u32 ino;

	KTEST_ASSERT_EQ(t, ext2t_walk(fs, f->path, &ino), 0);
	for (;;) {
		long n = ext2_file_read(fs, ino, off, buf, sizeof(buf));

		KTEST_ASSERT_GE(t, n, 0);
		if (!n)
			break;
		for (long i = 0; i < n; i++)
			if (buf[i] != ext2t_expect(f, off + (u64)i)) {
				KTEST_FAIL(t, "%s: byte %llu is %u", f->path,
					   (unsigned long long)off + i, buf[i]);
				return;
			}
		off += (u64)n;
	}
	KTEST_EXPECT_EQ_U(t, off, f->size);
}

/*
 * Every file of the tree, at both block sizes: the bytes mke2fs wrote,
 * zeros in the hole, 0 at the end; a symlink's target, fast and slow.
 */
static void ext2_read_tree_at(struct ktest *t, unsigned int bs)
{
	struct ext2t_image im;
	char target[128];
	u32 ino;

	if (!ext2t_image_make(t, &im, bs, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	for (size_t i = 0; i < ARRAY_SIZE(ext2t_files); i++)
		ext2t_check_file(t, im.fs, &ext2t_files[i]);
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "link.short", &ino), 0);
	KTEST_EXPECT_EQ(t, ext2_readlink(im.fs, ino, target, sizeof(target)),
			5);
	KTEST_EXPECT(t, !memcmp(target, "small", 5));
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "link.long", &ino), 0);
	KTEST_EXPECT_EQ(t, ext2_readlink(im.fs, ino, target, sizeof(target)),
			(int)strlen(EXT2T_LONG_TARGET));
	KTEST_EXPECT(t, !memcmp(target, EXT2T_LONG_TARGET,
				strlen(EXT2T_LONG_TARGET)));
	KTEST_EXPECT_EQ(t, ext2_readlink(im.fs, 2, target, 8), -EINVAL);
out:
	ext2t_image_free(&im);
}

static void ext2_read_tree_1k(struct ktest *t)
{
	ext2_read_tree_at(t, 1024);
}

static void ext2_read_tree_4k(struct ktest *t)
{
	ext2_read_tree_at(t, 4096);
}

static u64 ext2t_free_blocks(struct ext2_fs *fs)
{
	struct ext2_statfs st;

	ext2_statfs(fs, &st);
	return st.bfree;
}

/*
 * A new file written 1 byte at 0 and 1000 bytes at 5 MiB (1 KiB blocks):
 * the hole allocates nothing, so the file takes 2 data blocks, the
 * double indirect block and one indirect block under it (file block
 * 5120 lies past the 12 + 256 the direct and indirect blocks map).
 * Reads give the bytes, zeros between; the writes set mtime and ctime;
 * e2fsck finds the image clean.
 */
static void ext2_write_over_hole(struct ktest *t)
{
	static u8 data[1000], back[1000];
	struct ext2t_image im;
	struct ext2_inode raw;
	u64 before;
	u32 ino;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	before = ext2t_free_blocks(im.fs);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 7 + 1);
	KTEST_ASSERT_EQ(t, ext2_create(im.fs, 2, "holey", 0644, &ino), 0);
	KTEST_ASSERT_EQ(t, ext2_read_inode(im.fs, ino, &raw), 0);
	raw.i_mtime = raw.i_ctime = 0;	/* a write must move them on */
	KTEST_ASSERT_EQ(t, ext2_write_inode(im.fs, ino, &raw), 0);
	KTEST_EXPECT_EQ(t, ext2_file_write(im.fs, ino, 0, "x", 1), 1);
	KTEST_EXPECT_EQ(t, ext2_file_write(im.fs, ino, 5 << 20, data,
					   sizeof(data)), (long)sizeof(data));
	KTEST_EXPECT_EQ_U(t, before - ext2t_free_blocks(im.fs), 4);
	KTEST_ASSERT_EQ(t, ext2_read_inode(im.fs, ino, &raw), 0);
	KTEST_EXPECT_EQ_U(t, raw.i_blocks, 4 * 2);
	KTEST_EXPECT_EQ_U(t, ext2_inode_size(&raw), (5 << 20) + 1000);
	KTEST_EXPECT_GE_U(t, raw.i_mtime, im.fs->boot_time);
	KTEST_EXPECT_GE_U(t, raw.i_ctime, im.fs->boot_time);
	KTEST_EXPECT_EQ(t, ext2_file_read(im.fs, ino, 4 << 20, back, 1000),
			1000);
	KTEST_EXPECT(t, !memchr(back, 1, 1000) && back[999] == 0);
	KTEST_EXPECT_EQ(t, ext2_file_read(im.fs, ino, 5 << 20, back, 1000),
			1000);
	KTEST_EXPECT(t, !memcmp(back, data, sizeof(data)));
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	ext2t_fsck_clean(t, &im);
out:
	ext2t_image_free(&im);
}

/*
 * Truncations: /dind (600000 bytes, double indirect at 1 KiB) cut to
 * 70000 frees the double indirect tree, then grown back to 600000 reads
 * zeros past 70000 (the old tail is gone) and allocates nothing; /ind
 * cut to 0 frees every block. The freed counts and e2fsck agree.
 */
static void ext2_truncate_frees(struct ktest *t)
{
	static u8 buf[4096];
	const struct ext2t_file *dind = &ext2t_files[3];
	struct ext2t_image im;
	struct ext2_inode raw;
	u64 free0, free1;
	u32 ino, ind;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	KTEST_ASSERT_EQ(t, ext2t_walk(im.fs, dind->path, &ino), 0);
	free0 = ext2t_free_blocks(im.fs);
	KTEST_ASSERT_EQ(t, ext2_truncate(im.fs, ino, 70000), 0);
	free1 = ext2t_free_blocks(im.fs);
	/* data blocks 69..585, the double indirect block and the two
	 * indirect blocks under it (file blocks 268..523 and 524..585) */
	KTEST_EXPECT_EQ_U(t, free1 - free0, (586 - 69) + 1 + 2);
	KTEST_ASSERT_EQ(t, ext2_truncate(im.fs, ino, 600000), 0);
	KTEST_EXPECT_EQ_U(t, ext2t_free_blocks(im.fs), free1);
	KTEST_EXPECT_EQ(t, ext2_file_read(im.fs, ino, 69000, buf, 2000), 2000);
	for (int i = 0; i < 1000; i++)
		KTEST_ASSERT_EQ(t, buf[i], ext2t_expect(dind, 69000 + i));
	for (int i = 1000; i < 2000; i++)
		KTEST_ASSERT_EQ(t, buf[i], 0);
	KTEST_ASSERT_EQ(t, ext2t_walk(im.fs, "ind", &ind), 0);
	KTEST_ASSERT_EQ(t, ext2_truncate(im.fs, ind, 0), 0);
	KTEST_ASSERT_EQ(t, ext2_read_inode(im.fs, ind, &raw), 0);
	KTEST_EXPECT_EQ_U(t, raw.i_blocks, 0);
	KTEST_EXPECT_EQ(t, ext2_truncate(im.fs, 2, 0), -EISDIR);
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	ext2t_fsck_clean(t, &im);
out:
	ext2t_image_free(&im);
}

#define WB_PAGE		4096U
#define WB_PAGES	75	/* 300 KiB: direct, indirect and double */
#define WB_SIZE		(WB_PAGES * WB_PAGE - 1000)

/*
 * What the page cache's writeback asks of the core (fs/ext2_vfs.c's
 * ext2_writepage(): blocks allocated only when a page is written back):
 * a 1 KiB-block file of 75 pages, its size known first, written one page
 * at a time (the part below the size) in a shuffled order, as the
 * flusher, fsync and the writer's own throttling may interleave; then cut
 * to the middle of a page (the cache's truncation) and grown again. The
 * file reads back as the model says and e2fsck -fn finds the image clean
 * at each step.
 */
static void ext2_writeback_order(struct ktest *t)
{
	static u8 model[WB_PAGES * WB_PAGE], back[WB_PAGES * WB_PAGE];
	u32 order[WB_PAGES];
	struct ext2t_image im;
	u32 ino;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	KTEST_ASSERT_EQ(t, ext2_create(im.fs, 2, "wb", 0644, &ino), 0);
	for (u32 i = 0; i < sizeof(model); i++)
		model[i] = i < WB_SIZE ? (u8)(i * 7 + i / 4096) : 0;
	for (u32 i = 0; i < WB_PAGES; i++)
		order[i] = i;
	for (u32 i = WB_PAGES - 1; i > 0; i--) {
		u32 j = (u32)prng_below(&t->rng, i + 1), k = order[i];

		order[i] = order[j];
		order[j] = k;
	}
	for (u32 i = 0; i < WB_PAGES; i++) {
		u64 pos = (u64)order[i] * WB_PAGE;
		size_t n = MIN(WB_PAGE, WB_SIZE - pos);

		KTEST_ASSERT_EQ(t, ext2_file_write(im.fs, ino, pos,
						   model + pos, n), (long)n);
	}
	KTEST_EXPECT_EQ(t, ext2_file_read(im.fs, ino, 0, back, sizeof(back)),
			(long)WB_SIZE);
	KTEST_EXPECT(t, !memcmp(back, model, WB_SIZE));
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	ext2t_fsck_clean(t, &im);

	/* Cut mid-page, grown back: zeros past the cut, still clean. */
	KTEST_ASSERT_EQ(t, ext2_truncate(im.fs, ino, 20 * WB_PAGE + 100), 0);
	KTEST_ASSERT_EQ(t, ext2_truncate(im.fs, ino, WB_SIZE), 0);
	memset(model + 20 * WB_PAGE + 100, 0, WB_SIZE - 20 * WB_PAGE - 100);
	KTEST_EXPECT_EQ(t, ext2_file_read(im.fs, ino, 0, back, sizeof(back)),
			(long)WB_SIZE);
	KTEST_EXPECT(t, !memcmp(back, model, WB_SIZE));
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	ext2t_fsck_clean(t, &im);
out:
	ext2t_image_free(&im);
}

/* A read-only mount refuses every change with -EROFS, changing nothing. */
static void ext2_readonly_refuses(struct ktest *t)
{
	struct ext2t_image im;
	u8 *copy;
	u32 ino;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	copy = malloc(im.size);
	KTEST_ASSERT_NOT_NULL(t, copy);
	memcpy(copy, im.mem, im.size);
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, EXT2_MOUNT_RDONLY, &im.fs), 0);
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "small", &ino), 0);
	KTEST_EXPECT_EQ(t, ext2_file_write(im.fs, ino, 0, "x", 1), -EROFS);
	KTEST_EXPECT_EQ(t, ext2_truncate(im.fs, ino, 0), -EROFS);
	KTEST_EXPECT_EQ(t, ext2_create(im.fs, 2, "new", 0644, &ino), -EROFS);
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	KTEST_EXPECT(t, !memcmp(copy, im.mem, im.size));
	free(copy);
out:
	ext2t_image_free(&im);
}

KTEST_SUITE(ext2_inode,
	    KTEST_CASE(ext2_read_tree_1k),
	    KTEST_CASE(ext2_read_tree_4k),
	    KTEST_CASE(ext2_write_over_hole),
	    KTEST_CASE(ext2_truncate_frees),
	    KTEST_CASE(ext2_writeback_order),
	    KTEST_CASE(ext2_readonly_refuses));
#endif /* HOST_BUILD */
