// SPDX-License-Identifier: MIT
/*
 * Batched writeback (ext2_file_write_pages() through the page cache's
 * writepage_run), on ext2 on ram0 (the empty 1 MiB image ext2/wb.sparse,
 * 4 KiB blocks, mounted on /tmp/run):
 *
 *   fsync_requests  a 512 KiB file written into the cache, then fsynced:
 *             its 128 pages reach ram0 in runs of contiguous blocks, so
 *             the fsync sends fewer than 64 write requests (one per page
 *             would be 128 for the data alone, and as many again for the
 *             inode), at least 512 KiB of them; the cache dropped, the
 *             file reads back from ram0 unchanged. Prints
 *               # bench ext2_ram0_fsync_writes: <requests>
 */
#include "block/blkdev.h"
#include "kernel/printk.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"

#define RUN_DIR		"/tmp/run"
#define RUN_BYTES	(512U * 1024)
#define RUN_MAX_WRITES	64

static u8 run_buf[RUN_BYTES];

static u8 run_byte(u32 i)
{
	return (u8)(i * 31 + i / 4096);
}

static bool run_holds_pattern(void)
{
	for (u32 i = 0; i < RUN_BYTES; i++)
		if (run_buf[i] != run_byte(i))
			return false;
	return true;
}

/*
 * Bug caught: writeback that hands the store one page at a time (or
 * zeroes each new block before its data): hundreds of write requests.
 */
static void ext2_run_fsync_requests(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	struct blk_stats before, after;
	struct file *f = NULL;
	u64 size;
	u8 *image;
	int err;

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return;
	image = ram0_load_image(t, ram0, "ext2/wb.sparse", &size);
	if (!image)
		return;
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), RUN_DIR, 0755), 0);
	if (!KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", RUN_DIR), 0))
		goto out_rmdir;
	for (u32 i = 0; i < RUN_BYTES; i++)
		run_buf[i] = run_byte(i);
	f = ft_open(RUN_DIR "/r", O_CREAT | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		goto out_umount;
	KTEST_EXPECT_EQ(t, ft_pwrite(f, run_buf, RUN_BYTES, 0),
			(long)RUN_BYTES);
	blk_stats_read(ram0, &before);
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	blk_stats_read(ram0, &after);
	KTEST_EXPECT_LT_U(t, after.ios[BLK_STAT_WRITE] -
				     before.ios[BLK_STAT_WRITE],
			  RUN_MAX_WRITES);
	KTEST_EXPECT_GE_U(t, after.sectors[BLK_STAT_WRITE] -
				     before.sectors[BLK_STAT_WRITE],
			  RUN_BYTES / SECTOR_SIZE);
	printk("# bench ext2_ram0_fsync_writes: %llu\n",
	       (unsigned long long)(after.ios[BLK_STAT_WRITE] -
				    before.ios[BLK_STAT_WRITE]));
	vmscan_drop_caches();
	memset(run_buf, 0, sizeof(run_buf));
	KTEST_EXPECT_EQ(t, ft_pread(f, run_buf, RUN_BYTES, 0),
			(long)RUN_BYTES);
	KTEST_EXPECT(t, run_holds_pattern());
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), RUN_DIR "/r"), 0);
out_umount:
	KTEST_EXPECT_EQ(t, umount_dir(RUN_DIR), 0);
out_rmdir:
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), RUN_DIR), 0);
	kfree(image);
}

KTEST_SUITE(ext2_run, KTEST_CASE(ext2_run_fsync_requests));
