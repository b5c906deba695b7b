// SPDX-License-Identifier: MIT
/*
 * ram0: a block device in kernel memory, as Linux's brd, so block-layer
 * tests need no device. ramdisk.size= gives its size in KiB (0: none).
 * Its pages are plain kernel pages allocated at boot: no memory cgroup
 * pays for them (like Linux's brd pages, which are not charged either),
 * and they are never freed. A request is copied at once in the
 * submitter's context and finished through kblockd like any other.
 *
 * Locking: the page table is [I] after ramdisk_init(); the data needs no
 * lock of ours (two overlapping writes race, as on a disk).
 */
#include <arch/layout.h>
#include "block/blkdev.h"
#include "block/ramdisk.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define RAMDISK_DEFAULT_KIB	1024
#define RAMDISK_MAX_KIB		(1024 * 1024)
#define RAMDISK_DEPTH		16

static unsigned int ramdisk_kib = RAMDISK_DEFAULT_KIB;
KPARAM_UINT(ramdisk_size, "ramdisk.size", &ramdisk_kib, 0, RAMDISK_MAX_KIB,
	    "RAM disk ram0's size in KiB, 0 for none");

static struct block_device ram0 = { .name = "ram0" };
static void **ramdisk_pages;		/* [I] one per 4 KiB */

/* Copy @len bytes between @buf and the disk at byte @pos. */
static void ramdisk_copy(u64 pos, u8 *buf, u32 len, bool write)
{
	while (len) {
		u8 *page = ramdisk_pages[pos >> PAGE_SHIFT];
		u32 off = pos & (PAGE_SIZE - 1);
		u32 n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;

		if (write)
			memcpy(page + off, buf, n);
		else
			memcpy(buf, page + off, n);
		pos += n;
		buf += n;
		len -= n;
	}
}

static int ramdisk_queue_rq(struct block_device *bdev, struct blk_request *rq)
{
	u64 pos = rq->sector << SECTOR_SHIFT;

	for (unsigned int i = 0; rq->op != BLK_FLUSH && i < rq->nr_segs; i++) {
		ramdisk_copy(pos, rq->segs[i].buf, rq->segs[i].len,
			     rq->op == BLK_WRITE);
		pos += rq->segs[i].len;
	}
	blk_request_done(rq, 0);
	return 0;
}

static const struct blk_driver_ops ramdisk_ops = {
	.queue_rq = ramdisk_queue_rq,
};

/**
 * ramdisk_init - make ram0 of ramdisk.size= KiB, zero-filled.
 *
 * Context: boot, process context, after blk_init().
 */
void ramdisk_init(void)
{
	unsigned long nr_pages = ((unsigned long)ramdisk_kib + 3) / 4;

	if (!nr_pages)
		return;
	ramdisk_pages = kzalloc(nr_pages * sizeof(void *), GFP_KERNEL);
	if (!ramdisk_pages)
		goto out_nomem;
	for (unsigned long i = 0; i < nr_pages; i++) {
		ramdisk_pages[i] = get_zeroed_page(GFP_KERNEL);
		if (!ramdisk_pages[i])
			goto out_nomem;
	}
	ram0.nr_sectors = (u64)nr_pages << (PAGE_SHIFT - SECTOR_SHIFT);
	ram0.logical_block_size = SECTOR_SIZE;
	ram0.max_segs = BLK_MAX_SEGS;
	ram0.depth = RAMDISK_DEPTH;
	ram0.ops = &ramdisk_ops;
	if (blk_register(&ram0))
		pr_err("ramdisk: cannot register ram0\n");
	return;
out_nomem:
	/* Boot memory: what was taken stays taken, ram0 does not exist. */
	pr_err("ramdisk: no memory for %u KiB; no ram0\n", ramdisk_kib);
}
