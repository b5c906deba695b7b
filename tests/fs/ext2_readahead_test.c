// SPDX-License-Identifier: MIT
/*
 * fs/ext2_readahead.c against images Debian's mke2fs made (host only:
 * the kernel has no mke2fs; tests/mm/filemap_readahead_boot_test.c
 * covers the kernel side): every file of the generated tree, read in
 * windows of 5 pages into page buffers, holds the bytes ext2_file_read()
 * gives, zeros in the hole and past the end (the short last page), at
 * 1 KiB and 4 KiB blocks. Through an adapter that counts its read_pages
 * calls: the 600000-byte file, whose blocks mke2fs laid out in one
 * stretch, takes about one device read per window, and the 3 MiB hole
 * of /sparse takes none.
 */
#include "kernel/ktest.h"

#ifdef HOST_BUILD
#include <arch/layout.h>
#include "fs/ext2_internal.h"
#include "fs/ext2_readahead.h"
#include "tests/fs/ext2_test_util.h"

#define RA_WINDOW	5

static unsigned int ra_calls;		/* read_pages calls */
static unsigned long ra_pages;		/* pages they read */

/* The memory adapter's read, one call for a run of pages. */
static int ra_count_read_pages(struct ext2_io *io, u64 off,
			       void *const *pages, unsigned int nr)
{
	ra_calls++;
	ra_pages += nr;
	for (unsigned int i = 0; i < nr; i++) {
		int r = io->read(io, off + (u64)i * PAGE_SIZE, pages[i],
				 PAGE_SIZE);

		if (r)
			return r;
	}
	return 0;
}

/* @f read in windows of pages: its bytes, zeros past the end. */
static void ext2t_ra_check_file(struct ktest *t, struct ext2_fs *fs,
				const struct ext2t_file *f)
{
	static u8 bufs[RA_WINDOW][PAGE_SIZE] __attribute__((aligned(4096)));
	void *pages[RA_WINDOW];
	u64 npages = (f->size + PAGE_SIZE - 1) / PAGE_SIZE;
	u32 ino;

	for (int i = 0; i < RA_WINDOW; i++)
		pages[i] = bufs[i];
	KTEST_ASSERT_EQ(t, ext2t_walk(fs, f->path, &ino), 0);
	for (u64 p = 0; p < npages; p += RA_WINDOW) {
		unsigned int n = (unsigned int)MIN((u64)RA_WINDOW, npages - p);

		memset(bufs, 0xee, sizeof(bufs));
		KTEST_ASSERT_EQ(t, ext2_file_read_pages(fs, ino, p * PAGE_SIZE,
							pages, n), 0);
		for (u64 i = 0; i < (u64)n * PAGE_SIZE; i++) {
			u64 off = p * PAGE_SIZE + i;
			u8 want = off < f->size ? ext2t_expect(f, off) : 0;

			if (bufs[i / PAGE_SIZE][i % PAGE_SIZE] != want) {
				KTEST_FAIL(t, "%s: byte %llu is %u, not %u",
					   f->path, (unsigned long long)off,
					   bufs[i / PAGE_SIZE][i % PAGE_SIZE],
					   want);
				return;
			}
		}
	}
}

static const struct ext2t_file *ext2t_file_named(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(ext2t_files); i++)
		if (!strcmp(ext2t_files[i].path, path))
			return &ext2t_files[i];
	return NULL;
}

static void ext2_readahead_tree_at(struct ktest *t, unsigned int bs)
{
	struct ext2t_image im;

	if (!ext2t_image_make(t, &im, bs, 8192))
		goto out;
	im.io.read_pages = ra_count_read_pages;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	for (size_t i = 0; i < ARRAY_SIZE(ext2t_files); i++)
		ext2t_ra_check_file(t, im.fs, &ext2t_files[i]);

	/* 147 pages of one stretch, 30 windows: a read each, give or take
	 * where an indirect block sits between two runs. */
	ra_calls = 0;
	ra_pages = 0;
	ext2t_ra_check_file(t, im.fs, ext2t_file_named("dind"));
	ktest_log(t, "dind at %u-byte blocks: %lu pages in %u reads", bs,
		  ra_pages, ra_calls);
	KTEST_EXPECT_LE_U(t, ra_calls, 40);
	KTEST_EXPECT_GE_U(t, ra_pages, 140);

	/* the hole: 767 pages of zeros, read without I/O */
	ra_calls = 0;
	ext2t_ra_check_file(t, im.fs, ext2t_file_named("sparse"));
	KTEST_EXPECT_LE_U(t, ra_calls, 2);
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
out:
	ext2t_image_free(&im);
}

static void ext2_readahead_tree_1k(struct ktest *t)
{
	ext2_readahead_tree_at(t, 1024);
}

static void ext2_readahead_tree_4k(struct ktest *t)
{
	ext2_readahead_tree_at(t, 4096);
}

KTEST_SUITE(ext2_readahead, KTEST_CASE(ext2_readahead_tree_1k),
	    KTEST_CASE(ext2_readahead_tree_4k));
#endif
