// SPDX-License-Identifier: MIT
/*
 * Synchronous block I/O for file systems (block/blkdev.h): a sector
 * range becomes a batch of requests of at most the device's segment
 * limit each, submitted together (so a deep device overlaps them) and
 * waited for with a bound. The batch's bookkeeping is shared by the
 * waiter and the completions and freed by whichever is last, so a wait
 * that times out never leaves kblockd writing into freed memory.
 *
 * Locking: [a] atomic; the rest is set before the batch is submitted.
 */
#include <arch/layout.h>
#include "block/blkdev.h"
#include "kernel/completion.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/slab.h"

#define BLK_SYNC_BATCH	8	/* requests in flight per call */

struct blk_sync {
	struct completion done;		/* the last request completed */
	int refs;			/* [a] waiter + requests */
	int pending;			/* [a] requests not completed */
	int status;			/* [a] -EIO once any failed */
	struct blk_request rqs[BLK_SYNC_BATCH];
};

/**
 * blk_rq_map_buf - point @rq's segments at @buf, page by page.
 * @rq: the request (rq->bdev set); its segments are replaced
 * @buf: a direct-map address, any alignment
 * @bytes: how much to map, a multiple of SECTOR_SIZE
 *
 * Maps as much as the device's segment limit allows, cut back to whole
 * sectors; rq->nr_sectors is set to what was mapped.
 *
 * Context: any.
 * Return: the bytes mapped (a multiple of SECTOR_SIZE), 0 if @bytes is
 * not a multiple of it.
 */
u32 blk_rq_map_buf(struct blk_request *rq, void *buf, u32 bytes)
{
	u8 *p = buf;
	u32 mapped = 0, excess;

	rq->nr_segs = 0;
	if (bytes % SECTOR_SIZE)
		bytes = 0;
	while (mapped < bytes && rq->nr_segs < rq->bdev->max_segs) {
		u32 in_page = PAGE_SIZE - ((uintptr_t)p & (PAGE_SIZE - 1));
		u32 len = bytes - mapped < in_page ? bytes - mapped : in_page;

		rq->segs[rq->nr_segs].buf = p;
		rq->segs[rq->nr_segs++].len = len;
		p += len;
		mapped += len;
	}
	/* Out of segments mid-sector: give back the partial sector. */
	for (excess = mapped % SECTOR_SIZE; excess;) {
		struct blk_seg *last = &rq->segs[rq->nr_segs - 1];
		u32 cut = excess < last->len ? excess : last->len;

		last->len -= cut;
		mapped -= cut;
		excess -= cut;
		if (!last->len)
			rq->nr_segs--;
	}
	rq->nr_sectors = mapped >> SECTOR_SHIFT;
	return mapped;
}

static void blk_sync_put(struct blk_sync *s)
{
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(s);
}

static void blk_sync_end_io(struct blk_request *rq)
{
	struct blk_sync *s = rq->private;

	if (rq->status)
		__atomic_store_n(&s->status, -EIO, __ATOMIC_RELAXED);
	if (__atomic_sub_fetch(&s->pending, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&s->done);
	blk_sync_put(s);
}

/* Wait for the batch, bounded. Return: false on timeout. */
static bool blk_sync_wait(struct blk_sync *s)
{
	return wait_for_completion_timeout(
		&s->done, msecs_to_jiffies(BLK_SYNC_TIMEOUT_MS));
}

/* Submit up to BLK_SYNC_BATCH requests from @sector; wait for them.
 * Return: bytes done (> 0) or an errno. */
static long blk_sync_batch(struct block_device *bdev, enum blk_op op,
			   u64 sector, u8 *buf, u64 bytes)
{
	struct blk_sync *s = kzalloc(sizeof(*s), GFP_KERNEL);
	unsigned int n = 0;
	long done = 0;
	int err = 0;

	if (!s)
		return -ENOMEM;
	init_completion(&s->done);
	s->refs = 1;
	s->pending = 1;		/* the submitter's, dropped below */
	while (n < BLK_SYNC_BATCH && (u64)done < bytes) {
		struct blk_request *rq = &s->rqs[n];
		u64 left = bytes - done;
		u32 len;

		rq->bdev = bdev;
		rq->op = op;
		rq->sector = sector + (done >> SECTOR_SHIFT);
		rq->end_io = blk_sync_end_io;
		rq->private = s;
		len = blk_rq_map_buf(rq, buf + done, left > (1U << 30) ?
						 1U << 30 : (u32)left);
		if (!len) {
			err = -EINVAL;
			break;
		}
		__atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&s->pending, 1, __ATOMIC_RELAXED);
		err = blk_submit(rq);
		if (err) {
			__atomic_sub_fetch(&s->refs, 1, __ATOMIC_RELAXED);
			__atomic_sub_fetch(&s->pending, 1, __ATOMIC_RELAXED);
			break;
		}
		done += len;
		n++;
	}
	if (__atomic_sub_fetch(&s->pending, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&s->done);
	if (!blk_sync_wait(s)) {
		pr_err("blk: %s: I/O at sector %llu timed out\n", bdev->name,
		       (unsigned long long)sector);
		err = -EIO;
	} else if (__atomic_load_n(&s->status, __ATOMIC_RELAXED)) {
		err = -EIO;
	}
	blk_sync_put(s);
	return err ? err : done;
}

/**
 * blk_rw_sync - read or write a sector range and wait for it.
 * @bdev: the device
 * @op: BLK_READ or BLK_WRITE
 * @sector: first 512-byte sector
 * @buf: @nr_sectors * 512 bytes in the direct map
 * @nr_sectors: how many
 *
 * Each batch of requests is waited for at most BLK_SYNC_TIMEOUT_MS.
 *
 * Context: process context, may sleep; no lock held.
 * Return: 0; -EIO for a range past the device's end (nothing is done),
 * a device error or a timeout; -EINVAL for a bad op; -ENOMEM.
 */
int blk_rw_sync(struct block_device *bdev, enum blk_op op, u64 sector,
		void *buf, u32 nr_sectors)
{
	u64 bytes = (u64)nr_sectors << SECTOR_SHIFT;
	u64 done = 0;

	if (op != BLK_READ && op != BLK_WRITE)
		return -EINVAL;
	if (!nr_sectors || sector >= bdev->nr_sectors ||
	    nr_sectors > bdev->nr_sectors - sector)
		return -EIO;
	while (done < bytes) {
		long r = blk_sync_batch(bdev, op, sector +
					(done >> SECTOR_SHIFT),
					(u8 *)buf + done, bytes - done);

		if (r < 0)
			return r;
		done += r;
	}
	return 0;
}

/**
 * blk_flush_sync - make what was written to @bdev durable.
 * @bdev: the device
 *
 * Context: process context, may sleep.
 * Return: 0, or -EIO (device error, timeout), -ENOMEM.
 */
int blk_flush_sync(struct block_device *bdev)
{
	struct blk_sync *s = kzalloc(sizeof(*s), GFP_KERNEL);
	struct blk_request *rq;
	int err = 0;

	if (!s)
		return -ENOMEM;
	init_completion(&s->done);
	s->refs = 2;
	s->pending = 1;
	rq = &s->rqs[0];
	rq->bdev = bdev;
	rq->op = BLK_FLUSH;
	rq->end_io = blk_sync_end_io;
	rq->private = s;
	blk_submit(rq);
	if (!blk_sync_wait(s))
		err = -EIO;
	else if (__atomic_load_n(&s->status, __ATOMIC_RELAXED))
		err = -EIO;
	blk_sync_put(s);
	return err;
}
