// SPDX-License-Identifier: MIT
/*
 * block/: the RAM disk keeps what is written across page boundaries;
 * a range past the end is -EIO and reaches no driver; adjacent requests
 * merge in a plugged queue and others do not; a device error reaches
 * the caller as -EIO; /sys/block/<dev>/stat and size show the counters.
 * A test device ("blktest0", 64 sectors) records what its driver is
 * given and completes it at once with a chosen status.
 */
#include "block/blkdev.h"
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "tests/fs/fs_test_util.h"

#define TEST_SECTORS	64
#define TEST_MAX_SEEN	8

static struct {
	unsigned int nr_seen;
	u64 sector[TEST_MAX_SEEN];
	u32 nr_sectors[TEST_MAX_SEEN];
	unsigned int nr_segs[TEST_MAX_SEEN];
	int status;		/* what the device answers */
} dev_log;

static int test_queue_rq(struct block_device *bdev, struct blk_request *rq)
{
	unsigned int i = dev_log.nr_seen++;

	if (i < TEST_MAX_SEEN) {
		dev_log.sector[i] = rq->sector;
		dev_log.nr_sectors[i] = rq->nr_sectors;
		dev_log.nr_segs[i] = rq->nr_segs;
	}
	blk_request_done(rq, dev_log.status);
	return 0;
}

static const struct blk_driver_ops test_ops = { .queue_rq = test_queue_rq };
static struct block_device test_dev;

/* Register a fresh blktest0; the case unregisters it. */
static bool test_dev_setup(struct ktest *t)
{
	memset(&dev_log, 0, sizeof(dev_log));
	memset(&test_dev, 0, sizeof(test_dev));
	strlcpy(test_dev.name, "blktest0", sizeof(test_dev.name));
	test_dev.nr_sectors = TEST_SECTORS;
	test_dev.logical_block_size = SECTOR_SIZE;
	test_dev.max_segs = BLK_MAX_SEGS;
	test_dev.depth = 4;
	test_dev.ops = &test_ops;
	return KTEST_EXPECT_EQ(t, blk_register(&test_dev), 0);
}

/* 8 KiB written at sector 100 (byte 51200: the middle of a RAM-disk
 * page, so three disk pages) read back the same; the sectors around it
 * stay zero. */
static void ramdisk_write_read(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	u8 *w = kmalloc(3 * 4096, GFP_KERNEL), *r = w + 8192;

	if (!ram0) {
		kfree(w);
		KTEST_SKIP(t, "no ram0 (ramdisk.size=0)");
	}
	KTEST_ASSERT_NOT_NULL(t, w);
	for (int i = 0; i < 8192; i++)
		w[i] = i * 7 + 3;
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 100, w, 16), 0);
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_READ, 100, r, 8), 0);
	KTEST_EXPECT(t, !memcmp(w, r, 4096));
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_READ, 108, r, 8), 0);
	KTEST_EXPECT(t, !memcmp(w + 4096, r, 4096));
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_READ, 99, r, 1), 0);
	KTEST_EXPECT_EQ(t, r[0] | r[511], 0);
	memset(w, 0, 8192);	/* leave ram0 as it was */
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 100, w, 16), 0);
	kfree(w);
}

/* On a 64-sector device: sectors 63-64 and 64 are past the end: -EIO,
 * the driver sees nothing and nothing is counted; 63 alone is fine. */
static void blk_eio_past_end(struct ktest *t)
{
	u8 *buf = kmalloc(1024, GFP_KERNEL);
	struct blk_stats s;

	KTEST_ASSERT_NOT_NULL(t, buf);
	if (!test_dev_setup(t)) {
		kfree(buf);
		return;
	}
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, 63, buf, 2), -EIO);
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_WRITE, 64, buf, 1),
			-EIO);
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, ~0ull, buf, 1),
			-EIO);
	KTEST_EXPECT_EQ(t, dev_log.nr_seen, 0);
	blk_stats_read(&test_dev, &s);
	KTEST_EXPECT_EQ_U(t, s.ios[BLK_STAT_READ] + s.ios[BLK_STAT_WRITE], 0);
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, 63, buf, 1), 0);
	KTEST_EXPECT_EQ(t, dev_log.nr_seen, 1);
	blk_unregister(&test_dev);
	kfree(buf);
}

static struct completion merge_done[3];

static void merge_end_io(struct blk_request *rq)
{
	complete(rq->private);
}

/*
 * Plugged, three writes queue: A (sectors 0-7), B (8-15) continuing A,
 * C (32-39) elsewhere. Unplugged, the driver gets A+B as one request of
 * 16 sectors and two segments, then C; every caller's callback runs;
 * the counters say 2 writes, 1 merge, 24 sectors.
 */
static void blk_merge_adjacent(struct ktest *t)
{
	static const u64 sectors[3] = { 0, 8, 32 };
	static struct blk_request rqs[3];
	u8 *buf = kmalloc(3 * 4096, GFP_KERNEL);
	struct blk_stats s;

	KTEST_ASSERT_NOT_NULL(t, buf);
	if (!test_dev_setup(t)) {
		kfree(buf);
		return;
	}
	blk_plug(&test_dev);
	for (int i = 0; i < 3; i++) {
		memset(&rqs[i], 0, sizeof(rqs[i]));
		init_completion(&merge_done[i]);
		rqs[i].bdev = &test_dev;
		rqs[i].op = BLK_WRITE;
		rqs[i].sector = sectors[i];
		rqs[i].end_io = merge_end_io;
		rqs[i].private = &merge_done[i];
		blk_rq_map_buf(&rqs[i], buf + i * 4096, 4096);
		KTEST_EXPECT_EQ(t, blk_submit(&rqs[i]), 0);
	}
	KTEST_EXPECT_EQ(t, dev_log.nr_seen, 0);
	blk_unplug(&test_dev);
	for (int i = 0; i < 3; i++)
		ktest_wait_completion(t, &merge_done[i], KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, dev_log.nr_seen, 2);
	KTEST_EXPECT_EQ_U(t, dev_log.sector[0], 0);
	KTEST_EXPECT_EQ_U(t, dev_log.nr_sectors[0], 16);
	KTEST_EXPECT_EQ(t, dev_log.nr_segs[0], 2);
	KTEST_EXPECT_EQ_U(t, dev_log.sector[1], 32);
	blk_stats_read(&test_dev, &s);
	KTEST_EXPECT_EQ_U(t, s.ios[BLK_STAT_WRITE], 2);
	KTEST_EXPECT_EQ_U(t, s.merges[BLK_STAT_WRITE], 1);
	KTEST_EXPECT_EQ_U(t, s.sectors[BLK_STAT_WRITE], 24);
	KTEST_EXPECT_EQ(t, s.in_flight, 0);
	blk_unregister(&test_dev);
	kfree(buf);
}

/* The device answers an error (any value): the caller gets -EIO, and
 * the failed request is still counted, as Linux counts it. */
static void blk_device_error(struct ktest *t)
{
	u8 *buf = kmalloc(512, GFP_KERNEL);
	struct blk_stats s;

	KTEST_ASSERT_NOT_NULL(t, buf);
	if (!test_dev_setup(t)) {
		kfree(buf);
		return;
	}
	dev_log.status = -ENOSPC;
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, 5, buf, 1), -EIO);
	KTEST_EXPECT_EQ(t, blk_flush_sync(&test_dev), -EIO);
	dev_log.status = 0;
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, 5, buf, 1), 0);
	blk_stats_read(&test_dev, &s);
	KTEST_EXPECT_EQ_U(t, s.ios[BLK_STAT_READ], 2);
	KTEST_EXPECT_EQ_U(t, s.ios[BLK_STAT_FLUSH], 1);
	blk_unregister(&test_dev);
	kfree(buf);
}

/* Field @n (0-based) of a stat line. */
static u64 stat_field(const char *line, int n)
{
	u64 v = 0;

	for (int i = 0; i <= n; i++) {
		while (*line == ' ')
			line++;
		v = 0;
		while (*line >= '0' && *line <= '9')
			v = v * 10 + (*line++ - '0');
	}
	return v;
}

/* After two reads of 8 and 16 sectors on blktest0, its stat file says
 * 2 read I/Os, 24 read sectors and nothing in flight in Linux's
 * columns, and its size file says 64. */
static void blk_sysfs_stat(struct ktest *t)
{
	u8 *buf = kmalloc(8192, GFP_KERNEL);
	char line[256];

	KTEST_ASSERT_NOT_NULL(t, buf);
	if (!test_dev_setup(t)) {
		kfree(buf);
		return;
	}
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, 0, buf, 8), 0);
	KTEST_EXPECT_EQ(t, blk_rw_sync(&test_dev, BLK_READ, 30, buf, 16), 0);
	KTEST_EXPECT_GT(t, ft_slurp("/sys/block/blktest0/stat", line,
				    sizeof(line)), 0);
	KTEST_EXPECT_EQ_U(t, stat_field(line, 0), 2);
	KTEST_EXPECT_EQ_U(t, stat_field(line, 2), 24);
	KTEST_EXPECT_EQ_U(t, stat_field(line, 4), 0);
	KTEST_EXPECT_EQ_U(t, stat_field(line, 8), 0);
	KTEST_EXPECT_GT(t, ft_slurp("/sys/block/blktest0/size", line,
				    sizeof(line)), 0);
	KTEST_EXPECT_STREQ(t, line, "64\n");
	blk_unregister(&test_dev);
	KTEST_EXPECT_LT(t, ft_slurp("/sys/block/blktest0/stat", line,
				    sizeof(line)), 0);
	kfree(buf);
}

KTEST_SUITE(blk_core,
	    KTEST_CASE(ramdisk_write_read),
	    KTEST_CASE(blk_eio_past_end),
	    KTEST_CASE(blk_merge_adjacent),
	    KTEST_CASE(blk_device_error),
	    KTEST_CASE(blk_sysfs_stat));
