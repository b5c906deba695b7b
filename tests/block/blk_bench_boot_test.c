// SPDX-License-Identifier: MIT
/*
 * Benchmarks (explicit-only: ktest.filter=bench_*): sequential write,
 * then read, through blk_rw_sync() in 256 KiB calls (eight 32 KiB
 * requests in flight on virtio-blk, whose segment limit makes 64 KiB
 * requests), no page cache. On ram0 (the RAM disk, rewritten over and
 * over: it is small), and on vda and sda (AHCI) when `make bench`
 * attaches its two 64 MiB disks. Figures in MB/s (10^6 bytes per second); a figure measures the
 * block layer and the emulated device together, and TCG's speed first.
 */
#include "block/blkdev.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "mm/page_alloc.h"

#define BENCH_ORDER	6				/* 256 KiB per call */
#define BENCH_SECTORS	((PAGE_SIZE << BENCH_ORDER) / SECTOR_SIZE)
#define BENCH_BYTES	(32ull << 20)

/* Move BENCH_BYTES with @op over @bdev's first @span sectors; MB/s or
 * 0 on an error (reported). */
static u64 bench_pass(struct ktest *t, struct block_device *bdev,
		      enum blk_op op, void *buf, u64 span)
{
	u64 start = ktime_get_ns(), ns;
	u64 done = 0, sector = 0;

	while (done < BENCH_BYTES) {
		if (!KTEST_EXPECT_EQ(t, blk_rw_sync(bdev, op, sector, buf,
						    BENCH_SECTORS), 0))
			return 0;
		done += BENCH_SECTORS * SECTOR_SIZE;
		sector += BENCH_SECTORS;
		if (sector + BENCH_SECTORS > span)
			sector = 0;
	}
	if (op == BLK_WRITE)
		KTEST_EXPECT_EQ(t, blk_flush_sync(bdev), 0);
	ns = ktime_get_ns() - start;
	return ns ? done * 1000 / ns : 0;
}

static void bench_device(struct ktest *t, const char *name)
{
	struct block_device *bdev = blk_lookup(name);
	u64 wr, rd;
	void *buf;

	if (!bdev || bdev->nr_sectors < BENCH_SECTORS)
		KTEST_SKIP(t, "no such device, or too small");
	buf = __get_free_pages(GFP_KERNEL | __GFP_ZERO, BENCH_ORDER);
	KTEST_ASSERT_NOT_NULL(t, buf);
	wr = bench_pass(t, bdev, BLK_WRITE, buf, bdev->nr_sectors);
	rd = bench_pass(t, bdev, BLK_READ, buf, bdev->nr_sectors);
	ktest_log(t, "bench blk_%s_seq_write: %llu MB/s", name,
		  (unsigned long long)wr);
	ktest_log(t, "bench blk_%s_seq_read: %llu MB/s", name,
		  (unsigned long long)rd);
	free_pages_addr(buf, BENCH_ORDER);
}

static void bench_blk_ramdisk(struct ktest *t)
{
	bench_device(t, "ram0");
}

static void bench_blk_virtio(struct ktest *t)
{
	bench_device(t, "vda");
}

/* AHCI keeps one request in flight: the block layer merges what queues
 * behind it into 64 KiB (16-segment) requests. */
static void bench_blk_ahci(struct ktest *t)
{
	bench_device(t, "sda");
}

KTEST_SUITE(bench_blk,
	    KTEST_CASE(bench_blk_ramdisk),
	    KTEST_CASE(bench_blk_virtio),
	    KTEST_CASE(bench_blk_ahci));
