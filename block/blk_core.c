// SPDX-License-Identifier: MIT
/*
 * Block devices, their queues and the completion thread (block/blkdev.h).
 *
 * A request goes: blk_submit() checks its range and queues it (merged
 * into the request queued before it when it continues that one on disk)
 * -> blk_dispatch() moves queued requests to the driver while fewer than
 * the driver's depth are there -> the driver finishes it with
 * blk_request_done(), possibly in its interrupt handler, which only puts
 * it on the done list and wakes kblockd -> kblockd accounts it, runs the
 * completion callbacks (the merged requests' too) and dispatches more.
 * So no callback ever runs in interrupt context, and a driver's
 * interrupt handler takes no block-layer lock but blk_done_lock.
 *
 * Locking: [q] bdev->lock ("blk_queue"); [d] blk_devices_lock; [w]
 * blk_done_lock ("blk_done", taken with interrupts off: interrupt
 * handlers take it). None of them is held while taking another, or
 * while calling a driver or a callback.
 */
#include "block/blkdev.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct list_head blk_devices = LIST_HEAD_INIT(blk_devices); /* [d] */
static struct spinlock blk_devices_lock = SPINLOCK_INIT("blk_devices");
static struct list_head blk_done = LIST_HEAD_INIT(blk_done);	/* [w] */
static struct spinlock blk_done_lock = SPINLOCK_INIT("blk_done");
static struct wait_queue_head blk_done_wq = WAIT_QUEUE_HEAD_INIT(blk_done_wq);

static enum blk_stat_dir blk_op_dir(enum blk_op op)
{
	return op == BLK_READ ? BLK_STAT_READ :
	       op == BLK_WRITE ? BLK_STAT_WRITE : BLK_STAT_FLUSH;
}

/* Move queued requests to the driver while it has room. */
static void blk_dispatch(struct block_device *bdev)
{
	for (;;) {
		struct blk_request *rq;
		int err;

		spin_lock(&bdev->lock);
		if (bdev->plugged || list_empty(&bdev->queue) ||
		    bdev->stats.in_flight >= bdev->depth) {
			spin_unlock(&bdev->lock);
			return;
		}
		rq = list_first_entry(&bdev->queue, struct blk_request, node);
		list_del_init(&rq->node);
		if (bdev->stats.in_flight++ == 0)
			bdev->busy_since_ns = ktime_get_ns();
		spin_unlock(&bdev->lock);
		err = bdev->ops->queue_rq(bdev, rq);
		if (err)
			blk_request_done(rq, -EIO);
	}
}

/* Merge @rq into @prev if it continues it on disk. Context: [q] held. */
static bool blk_try_merge(struct block_device *bdev, struct blk_request *prev,
			  struct blk_request *rq)
{
	if (prev->op != rq->op || rq->op == BLK_FLUSH ||
	    prev->sector + prev->nr_sectors != rq->sector ||
	    prev->nr_segs + rq->nr_segs > bdev->max_segs)
		return false;
	memcpy(&prev->segs[prev->nr_segs], rq->segs,
	       rq->nr_segs * sizeof(rq->segs[0]));
	prev->nr_segs += rq->nr_segs;
	prev->nr_sectors += rq->nr_sectors;
	rq->merged = prev->merged;
	prev->merged = rq;
	bdev->stats.merges[blk_op_dir(rq->op)]++;
	return true;
}

/**
 * blk_submit - queue @rq for its device.
 * @rq: filled by the caller: bdev, op, sector, nr_sectors, segments
 *      (blk_rq_map_buf()), end_io and private
 *
 * rq->end_io runs later in kblockd with rq->status 0 or -EIO.
 *
 * Context: process context; no block lock held.
 * Return: 0; -EIO if the range is empty or runs past the device's end
 * (end_io then never runs and nothing is counted, as Linux fails such
 * a bio before accounting it).
 */
int blk_submit(struct blk_request *rq)
{
	struct block_device *bdev = rq->bdev;
	bool merged = false;

	if (rq->op != BLK_FLUSH &&
	    (!rq->nr_sectors || rq->sector >= bdev->nr_sectors ||
	     rq->nr_sectors > bdev->nr_sectors - rq->sector))
		return -EIO;
	rq->status = 0;
	rq->merged = NULL;
	rq->submit_ns = ktime_get_ns();
	spin_lock(&bdev->lock);
	if (!list_empty(&bdev->queue))
		merged = blk_try_merge(bdev, list_entry(bdev->queue.prev,
							struct blk_request,
							node), rq);
	if (!merged)
		list_add_tail(&rq->node, &bdev->queue);
	spin_unlock(&bdev->lock);
	blk_dispatch(bdev);
	return 0;
}

/**
 * blk_request_done - the driver is finished with @rq.
 * @rq: a request its queue_rq() was given
 * @status: 0, or the error (reported to the caller as -EIO)
 *
 * Context: any, interrupt handlers included; takes blk_done_lock.
 */
void blk_request_done(struct blk_request *rq, int status)
{
	unsigned long flags;

	rq->status = status ? -EIO : 0;
	flags = spin_lock_irqsave(&blk_done_lock);
	list_add_tail(&rq->node, &blk_done);
	spin_unlock_irqrestore(&blk_done_lock, flags);
	wake_up(&blk_done_wq);
}

static void blk_account_done(struct block_device *bdev,
			     const struct blk_request *rq)
{
	enum blk_stat_dir dir = blk_op_dir(rq->op);
	struct blk_stats *s = &bdev->stats;
	u64 now = ktime_get_ns();

	spin_lock(&bdev->lock);
	s->ios[dir]++;
	if (rq->op != BLK_FLUSH)
		s->sectors[dir] += rq->nr_sectors;
	s->nsecs[dir] += now - rq->submit_ns;
	if (--s->in_flight == 0)
		s->io_ticks_ns += now - bdev->busy_since_ns;
	spin_unlock(&bdev->lock);
}

/* Account @rq, run its callbacks and its merged requests', refill. */
static void blk_complete(struct blk_request *rq)
{
	struct block_device *bdev = rq->bdev;
	struct blk_request *m = rq->merged;

	blk_account_done(bdev, rq);
	while (m) {
		struct blk_request *next = m->merged;

		m->status = rq->status;
		m->end_io(m);
		m = next;
	}
	rq->end_io(rq);
	blk_dispatch(bdev);
}

static struct blk_request *blk_done_pop(void)
{
	struct blk_request *rq = NULL;
	unsigned long flags = spin_lock_irqsave(&blk_done_lock);

	if (!list_empty(&blk_done)) {
		rq = list_first_entry(&blk_done, struct blk_request, node);
		list_del_init(&rq->node);
	}
	spin_unlock_irqrestore(&blk_done_lock, flags);
	return rq;
}

static bool blk_done_pending(void)
{
	unsigned long flags = spin_lock_irqsave(&blk_done_lock);
	bool pending = !list_empty(&blk_done);

	spin_unlock_irqrestore(&blk_done_lock, flags);
	return pending;
}

static int kblockd(void *unused)
{
	for (;;) {
		struct blk_request *rq;

		/* Interruptible: an idle kblockd is not a hung task. */
		wait_event_interruptible(blk_done_wq, blk_done_pending());
		while ((rq = blk_done_pop()))
			blk_complete(rq);
	}
	return 0;
}

/**
 * blk_init - start kblockd, the completion thread.
 *
 * Context: boot, process context, before any driver registers.
 */
void blk_init(void)
{
	if (!kthread_run(kblockd, NULL, "kblockd"))
		panic("blk: cannot start kblockd");
}

/**
 * blk_register - make @bdev known by its name.
 * @bdev: name, nr_sectors, logical_block_size, max_segs (1 to
 *        BLK_MAX_SEGS), depth and ops set; the rest is initialised here
 *
 * Context: process context.
 * Return: 0, -EEXIST for a name in use, -EINVAL for bad limits.
 */
int blk_register(struct block_device *bdev)
{
	if (!bdev->max_segs || bdev->max_segs > BLK_MAX_SEGS || !bdev->depth)
		return -EINVAL;
	spin_lock_init(&bdev->lock, "blk_queue");
	INIT_LIST_HEAD(&bdev->queue);
	bdev->plugged = 0;
	memset(&bdev->stats, 0, sizeof(bdev->stats));
	if (blk_lookup(bdev->name))
		return -EEXIST;
	spin_lock(&blk_devices_lock);
	list_add_tail(&bdev->node, &blk_devices);
	spin_unlock(&blk_devices_lock);
	pr_info("blk: %s: %llu 512-byte logical blocks (%llu MiB), "
		"block size %u\n", bdev->name,
		(unsigned long long)bdev->nr_sectors,
		(unsigned long long)(bdev->nr_sectors >> 11),
		bdev->logical_block_size);
	return 0;
}

/**
 * blk_unregister - forget @bdev (a test's device).
 * @bdev: registered, with nothing queued or in flight
 *
 * Context: process context.
 */
void blk_unregister(struct block_device *bdev)
{
	WARN_ON(!list_empty(&bdev->queue) || bdev->stats.in_flight);
	spin_lock(&blk_devices_lock);
	list_del_init(&bdev->node);
	spin_unlock(&blk_devices_lock);
}

/**
 * blk_next - walk the registered devices.
 * @prev: the previous one, NULL to start
 *
 * Devices are unregistered only by tests, which walk nothing meanwhile.
 *
 * Context: any but interrupt handlers.
 * Return: the next device, or NULL.
 */
struct block_device *blk_next(struct block_device *prev)
{
	struct list_head *pos;
	struct block_device *next = NULL;

	spin_lock(&blk_devices_lock);
	pos = prev ? prev->node.next : blk_devices.next;
	if (pos != &blk_devices)
		next = list_entry(pos, struct block_device, node);
	spin_unlock(&blk_devices_lock);
	return next;
}

/**
 * blk_lookup - the registered device called @name.
 * @name: "vda", "ram0"...
 *
 * Context: any but interrupt handlers.
 * Return: the device, or NULL.
 */
struct block_device *blk_lookup(const char *name)
{
	struct block_device *bdev = NULL;

	while ((bdev = blk_next(bdev)))
		if (!strcmp(bdev->name, name))
			return bdev;
	return NULL;
}

/**
 * blk_plug - hold @bdev's requests in its queue (to let them merge).
 * @bdev: the device
 *
 * Context: process context; pair with blk_unplug().
 */
void blk_plug(struct block_device *bdev)
{
	spin_lock(&bdev->lock);
	bdev->plugged++;
	spin_unlock(&bdev->lock);
}

/**
 * blk_unplug - undo one blk_plug(); the last one dispatches the queue.
 * @bdev: the device
 *
 * Context: process context.
 */
void blk_unplug(struct block_device *bdev)
{
	spin_lock(&bdev->lock);
	bdev->plugged--;
	spin_unlock(&bdev->lock);
	blk_dispatch(bdev);
}

/**
 * blk_stats_read - a consistent snapshot of @bdev's statistics.
 * @bdev: the device
 * @out: the snapshot; io_ticks includes the busy period under way
 *
 * Context: process context.
 */
void blk_stats_read(struct block_device *bdev, struct blk_stats *out)
{
	spin_lock(&bdev->lock);
	*out = bdev->stats;
	if (out->in_flight)
		out->io_ticks_ns += ktime_get_ns() - bdev->busy_since_ns;
	spin_unlock(&bdev->lock);
}

/* Requests queued or in a driver, over every device: 0 between tests,
 * so a test that leaves I/O behind fails its case. */
static u64 blk_outstanding(void)
{
	struct block_device *bdev = NULL;
	u64 n = 0;

	while ((bdev = blk_next(bdev))) {
		spin_lock(&bdev->lock);
		n += bdev->stats.in_flight + !list_empty(&bdev->queue);
		spin_unlock(&bdev->lock);
	}
	return n;
}
KTEST_INVARIANT(blk_outstanding, blk_outstanding);
