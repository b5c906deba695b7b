// SPDX-License-Identifier: MIT
/*
 * Reading a file's holes on ext2 costs no device I/O (fs/ext2_inode.c's
 * cached inode), on the test image in ram0 mounted at /tmp/e2h:
 *
 *   an O_TMPFILE file truncated up to 1 MiB, all holes, read page by
 *   page as test_memcontrol's alloc_pagecache() reads it: 256 pages come
 *   into the page cache with at most one read request to ram0 (the
 *   inode's record, if not already known), not one a page.
 *
 * Linux 6.1's test_memcg_min and test_memcg_low give three readers six
 * seconds to put 150 MiB of holes in the cache: with a device read per
 * page they had read 60 MiB when the test went on, and the test failed
 * (under TCG, 10 MB/s).
 */
#include <arch/layout.h>
#include "fs/file.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"

#define E2H_DIR		"/tmp/e2h"
#define E2H_SIZE	(1ULL << 20)

static u64 ram0_reads(struct block_device *ram0)
{
	struct blk_stats st;

	blk_stats_read(ram0, &st);
	return st.ios[BLK_STAT_READ];
}

static void e2h_read_holes(struct ktest *t, struct block_device *ram0)
{
	static char buf[PAGE_SIZE];
	u64 before, reads;
	struct file *f;
	loff_t pos;
	int err;

	f = ft_open(E2H_DIR, O_TMPFILE | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f)) {
		ktest_log(t, "open: %d", err);
		return;
	}
	KTEST_EXPECT_EQ(t, vfs_truncate(f, E2H_SIZE), 0);
	before = ram0_reads(ram0);
	for (pos = 0; pos < (loff_t)E2H_SIZE; pos += sizeof(buf)) {
		buf[0] = 'x';
		if (!KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(buf), pos),
				     (long)sizeof(buf)))
			break;
		KTEST_EXPECT_EQ(t, buf[0], 0);
	}
	reads = ram0_reads(ram0) - before;
	ktest_log(t, "%llu pages of holes read with %llu ram0 reads",
		  E2H_SIZE / PAGE_SIZE, (unsigned long long)reads);
	KTEST_EXPECT_LE_U(t, reads, 1);
	fput(f);
}

static void ext2_hole_read_no_io(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return;
	if (ram0_mount_test_image(t, E2H_DIR)) {
		e2h_read_holes(t, ram0);
		ram0_umount_test_image(t, E2H_DIR);
	}
}

KTEST_SUITE(ext2_hole_read, KTEST_CASE(ext2_hole_read_no_io));
