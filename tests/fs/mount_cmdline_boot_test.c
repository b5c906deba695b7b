// SPDX-License-Identifier: MIT
/*
 * fs/mount_cmdline.c with bad root= values: each fails with its errno
 * and /proc/mounts is what it was (the default: nothing new on /mnt).
 * Runs in every boot, with or without a disk: ram0 is there always and
 * holds no ext2 outside the ext2 suites, which leave it as they like, so
 * its case only needs a mount to fail.
 */
#include "block/blkdev.h"
#include "fs/mount_cmdline.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/page_alloc.h"
#include "tests/fs/fs_test_util.h"

static char mounts_before[2048], mounts_after[2048];

static void mounts_read(char *buf)
{
	ft_slurp("/proc/mounts", buf, sizeof(mounts_before));
}

/* "sda" and "/dev/": not /dev/NAME, -EINVAL; "/dev/nosuch": -ENOENT. */
static void mount_cmdline_bad_names(struct ktest *t)
{
	mounts_read(mounts_before);
	KTEST_EXPECT_EQ(t, mount_cmdline("sda", "ext2", true), -EINVAL);
	KTEST_EXPECT_EQ(t, mount_cmdline("/dev/", "ext2", true), -EINVAL);
	KTEST_EXPECT_EQ(t, mount_cmdline("/dev/nosuch", "ext2", false),
			-ENOENT);
	mounts_read(mounts_after);
	KTEST_EXPECT_STREQ(t, mounts_after, mounts_before);
}

/* ram0 with its superblock zeroed holds no ext2: -EINVAL, nothing
 * mounted. */
static void mount_cmdline_no_filesystem(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	void *zero;

	if (!ram0)
		KTEST_SKIP(t, "no ram0");
	zero = get_zeroed_page(GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, zero);
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 0, zero, 8), 0);
	mounts_read(mounts_before);
	KTEST_EXPECT_EQ(t, mount_cmdline("/dev/ram0", "ext2", true), -EINVAL);
	mounts_read(mounts_after);
	KTEST_EXPECT_STREQ(t, mounts_after, mounts_before);
	free_pages_addr(zero, 0);
}

KTEST_SUITE(mount_cmdline,
	    KTEST_CASE(mount_cmdline_bad_names),
	    KTEST_CASE(mount_cmdline_no_filesystem));
