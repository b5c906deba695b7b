/* SPDX-License-Identifier: MIT */
/*
 * The block layer (block/blk_core.c): block devices, their requests and
 * queues, completion and statistics.
 *
 * A driver fills a struct block_device (name, capacity, ops) and calls
 * blk_register(). Callers submit struct blk_request (direction, first
 * 512-byte sector, buffer segments, completion callback) with
 * blk_submit(); the device's queue keeps them in FIFO order, merges a
 * request into the one queued before it when it continues it on disk
 * (same direction, adjacent sectors, room for its segments), and hands
 * them to the driver's queue_rq() up to the driver's depth. The driver
 * finishes each with blk_request_done(), from its interrupt handler if
 * it likes: completion callbacks run later in the "kblockd" kthread,
 * never in interrupt context, and may sleep.
 *
 * For a file system: blk_rw_sync(bdev, BLK_READ or BLK_WRITE, sector,
 * buf, nr_sectors) reads or writes a sector range and waits for it
 * (bounded); blk_flush_sync() makes written data durable. Sectors are
 * always 512 bytes here, whatever the device's logical block size, as
 * in Linux's bio interface; buffers must be in the kernel's direct map
 * (kmalloc(), alloc_pages()), not on a kernel stack, since devices reach
 * them by physical address. A range past the device's end, or a device
 * error, is -EIO.
 *
 * Locking: [I] set before blk_register(); [q] bdev->lock (blk_queue,
 * a leaf but for the driver's queue_rq(), called without it); [k] the
 * kblockd thread; [s] the submitter until blk_submit(), then [q]/[k].
 */
#ifndef BLOCK_BLKDEV_H
#define BLOCK_BLKDEV_H

#include "block/blk_stat.h"
#include "kernel/spinlock.h"
#include "lib/list.h"
#include "lib/types.h"

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1U << SECTOR_SHIFT)
#define BLK_MAX_SEGS	16	/* segments of one request */
#define BLK_NAME_LEN	16
#define BLK_SYNC_TIMEOUT_MS	30000

enum blk_op { BLK_READ, BLK_WRITE, BLK_FLUSH };

struct blk_seg {
	void *buf;		/* direct-map address, within one page */
	u32 len;		/* bytes, a multiple of SECTOR_SIZE */
};

struct blk_request {
	struct list_head node;		/* [q] queue; [k] done list */
	struct block_device *bdev;	/* [s] */
	enum blk_op op;			/* [s] */
	u64 sector;			/* [s] first 512-byte sector */
	u32 nr_sectors;			/* [s] then [q]: grows on merges */
	unsigned int nr_segs;		/* [s] then [q] */
	struct blk_seg segs[BLK_MAX_SEGS];	/* [s] then [q] */
	/* Runs in kblockd once the request is done; may free it. */
	void (*end_io)(struct blk_request *rq);
	void *private;			/* [s] for end_io */
	int status;			/* [k] 0 or -EIO */
	struct blk_request *merged;	/* [q] requests merged into this */
	u64 submit_ns;			/* [q] for the statistics */
};

struct block_device;

struct blk_driver_ops {
	/* Start @rq on the device (process context, no block lock held);
	 * finish it later with blk_request_done(). An errno fails it. */
	int (*queue_rq)(struct block_device *bdev, struct blk_request *rq);
};

struct block_device {
	char name[BLK_NAME_LEN];		/* [I] "vda", "ram0" */
	u64 nr_sectors;				/* [I] capacity, 512-byte */
	u32 logical_block_size;			/* [I] bytes */
	unsigned int max_segs;			/* [I] per request */
	unsigned int depth;			/* [I] requests in the driver */
	const struct blk_driver_ops *ops;	/* [I] */
	void *driver_data;			/* [I] */
	struct list_head node;			/* [I] blk_devices */
	struct spinlock lock;
	struct list_head queue;			/* [q] not yet in the driver */
	unsigned int plugged;			/* [q] blk_plug() depth */
	u64 busy_since_ns;			/* [q] in_flight became > 0 */
	struct blk_stats stats;			/* [q] */
};

void blk_init(void);
int blk_register(struct block_device *bdev);
void blk_unregister(struct block_device *bdev);
struct block_device *blk_lookup(const char *name);
struct block_device *blk_next(struct block_device *prev);
int blk_submit(struct blk_request *rq);
void blk_request_done(struct blk_request *rq, int status);
u32 blk_rq_map_buf(struct blk_request *rq, void *buf, u32 bytes);
int blk_rw_sync(struct block_device *bdev, enum blk_op op, u64 sector,
		void *buf, u32 nr_sectors);
int blk_flush_sync(struct block_device *bdev);
void blk_plug(struct block_device *bdev);
void blk_unplug(struct block_device *bdev);
void blk_stats_read(struct block_device *bdev, struct blk_stats *out);

#endif
