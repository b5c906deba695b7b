// SPDX-License-Identifier: MIT
/*
 * The sync system calls from user space (user/synctest.c, which passes
 * unchanged on Linux):
 *
 *   synctest_ext2  in a directory of ext2 on ram0 (mounted through
 *             mount(2)'s path): a file written, fsynced, fdatasynced,
 *             syncfs'd, synced and sync_file_range'd reads back; Linux's
 *             errnos for bad fds, a pipe, bad flags and ranges. Nothing is
 *             left dirty.
 *   synctest_tmpfs  the same on tmpfs, whose fsync has nothing to write.
 */
#include "mm/page_writeback.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define SYNC_DIR	"/tmp/sy"

static struct user_run run;

/* synctest in @dir: exit 0 with 26 checks, none failed. */
static void run_synctest(struct ktest *t, const char *dir)
{
	u64 checks = 0, failed = ~0ULL;

	if (user_run(t, &run, KTEST_WAIT_MS, "/bin/synctest", "--dir", dir,
		     NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "synctest: result", "checks=",
				   &checks));
	KTEST_EXPECT(t, user_field(run.out, "synctest: result", "failed=",
				   &failed));
	KTEST_EXPECT_GE(t, checks, 26);
	KTEST_EXPECT_EQ(t, failed, 0);
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
}

static void sync_synctest_ext2(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	u64 size;
	u8 *image;

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return;
	image = ram0_load(t, ram0, &size);
	if (!image)
		return;
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), SYNC_DIR, 0755), 0);
	if (KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", SYNC_DIR), 0)) {
		run_synctest(t, SYNC_DIR);
		KTEST_EXPECT_EQ_U(t, writeback_nr_dirty(), 0);
		KTEST_EXPECT_EQ(t, umount_dir(SYNC_DIR), 0);
	}
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), SYNC_DIR), 0);
	kfree(image);
}

static void sync_synctest_tmpfs(struct ktest *t)
{
	run_synctest(t, "/tmp");
}

KTEST_SUITE(sync,
	    KTEST_CASE(sync_synctest_ext2),
	    KTEST_CASE(sync_synctest_tmpfs));
