// SPDX-License-Identifier: MIT
/*
 * ext2 on a block device: the byte store ext2 asks for (fs/ext2_io.h) on
 * the block layer's synchronous sector I/O (block/blkdev.h), and the
 * "ext2" type of mount(2): mount -t ext2 /dev/NAME DIR, NAME a block
 * device the block layer knows ("vda", "ram0").
 *
 * The block layer moves whole 512-byte sectors from direct-map memory;
 * ext2 asks for byte ranges from any buffer, stack buffers included. So
 * every transfer goes through one bounce page, and a write that covers a
 * sector only in part reads it first. ext2 moves whole blocks (1 KiB or
 * more), so in practice the bounce costs a copy, not a device read.
 * Read-ahead's read_pages is the exception: whole pages of the page
 * cache, in the direct map, read straight into (bdev_read_pages()).
 *
 * Lifetime: the adapter is made at mount and freed with the super block
 * (ext2_put_super() calls its release()).
 *
 * Also here, as the block device's side of ext2's metadata cache
 * (fs/ext2_bcache.h): the mounts made through mount(2), whose buffers
 * umount frees, and the cache's shrinker (drop_caches, /proc/meminfo's
 * "Buffers").
 *
 * Locking: [m] ext2_bdev_mounts ("ext2_bdev_mounts", a mutex): the list
 * of mounts. Order: namespace_lock -> ext2_bdev_mounts.
 */
#include <arch/layout.h>
#include "block/blkdev.h"
#include "fs/ext2.h"
#include "fs/ext2_bcache.h"
#include "fs/ext2_io.h"
#include "fs/fs_type.h"
#include "kernel/completion.h"
#include "kernel/mutex.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/shrinker.h"
#include "mm/slab.h"

struct ext2_bdev {
	struct ext2_io io;		/* what ext2 sees */
	struct block_device *bdev;	/* [I] */
	struct super_block *sb;		/* [m] the mount, once made */
	struct list_head node;		/* [m] on ext2_bdev_list */
};

static DEFINE_MUTEX(ext2_bdev_mounts);
static struct list_head ext2_bdev_list =
	LIST_HEAD_INIT(ext2_bdev_list);		/* [m] */

static struct ext2_bdev *to_bdev(struct ext2_io *io)
{
	return container_of(io, struct ext2_bdev, io);
}

/* One piece of a transfer, within one bounce page: read @n bytes at
 * @off into @rbuf, or write them from @wbuf. */
static int bdev_piece(struct block_device *bdev, u8 *bounce, u64 off,
		      void *rbuf, const void *wbuf, size_t n)
{
	u64 sector = off / SECTOR_SIZE;
	u32 head = (u32)(off % SECTOR_SIZE);
	u32 nr = (u32)((head + n + SECTOR_SIZE - 1) / SECTOR_SIZE);
	bool partial = head || (head + n) % SECTOR_SIZE;
	int r = 0;

	if (!wbuf || partial)
		r = blk_rw_sync(bdev, BLK_READ, sector, bounce, nr);
	if (r)
		return r;
	if (!wbuf) {
		memcpy(rbuf, bounce + head, n);
		return 0;
	}
	memcpy(bounce + head, wbuf, n);
	return blk_rw_sync(bdev, BLK_WRITE, sector, bounce, nr);
}

/*
 * A write of whole sectors of at least a page goes to the device as it
 * is, in as few requests as the queue's segments allow: its buffer is a
 * page-cache page or a kmalloc()ed run (writeback's), both in the direct
 * map, as blk_rw_sync() needs; smaller ones may come from a stack.
 */
static bool bdev_direct(u64 off, const void *wbuf, size_t len)
{
	return wbuf && len >= PAGE_SIZE && !(off % SECTOR_SIZE) &&
	       !(len % SECTOR_SIZE);
}

static int bdev_xfer(struct ext2_io *io, u64 off, void *rbuf,
		     const void *wbuf, size_t len)
{
	u8 *bounce;
	int r = 0;

	if (off > io->size || len > io->size - off)
		return -EIO;
	if (bdev_direct(off, wbuf, len))
		return blk_rw_sync(to_bdev(io)->bdev, BLK_WRITE,
				   off / SECTOR_SIZE, (void *)wbuf,
				   (u32)(len / SECTOR_SIZE));
	bounce = kmalloc(PAGE_SIZE, GFP_NOFS);	/* writeback calls in here */
	if (!bounce)
		return -ENOMEM;
	while (len && !r) {
		size_t n = MIN(len, PAGE_SIZE - (size_t)(off % SECTOR_SIZE));

		r = bdev_piece(to_bdev(io)->bdev, bounce, off, rbuf, wbuf, n);
		off += n;
		len -= n;
		if (rbuf)
			rbuf = (u8 *)rbuf + n;
		else
			wbuf = (const u8 *)wbuf + n;
	}
	kfree(bounce);
	return r;
}

static int bdev_read(struct ext2_io *io, u64 off, void *buf, size_t len)
{
	return bdev_xfer(io, off, buf, NULL, len);
}

static int bdev_write(struct ext2_io *io, u64 off, const void *buf,
		      size_t len)
{
	return bdev_xfer(io, off, NULL, buf, len);
}

/*
 * A multi-page read in flight: shared by the waiter and its requests,
 * freed by the last of them, so a wait that times out never leaves the
 * block layer's completion writing into freed memory.
 */
struct bdev_pages_read {
	struct completion done;		/* the last request completed */
	int refs;			/* [a] the waiter + each request */
	int pending;			/* [a] requests not completed */
	int status;			/* [a] -EIO once any failed */
	struct blk_request rqs[];	/* [I] once submitted */
};

static void bdev_pages_put(struct bdev_pages_read *pr)
{
	if (__atomic_sub_fetch(&pr->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(pr);
}

static void bdev_pages_end_io(struct blk_request *rq)
{
	struct bdev_pages_read *pr = rq->private;

	if (rq->status)
		__atomic_store_n(&pr->status, -EIO, __ATOMIC_RELAXED);
	if (__atomic_sub_fetch(&pr->pending, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&pr->done);
	bdev_pages_put(pr);
}

/* Point @rq at @nr pages from @pages, reading from @sector. */
static void bdev_pages_rq(struct bdev_pages_read *pr, struct blk_request *rq,
			  struct block_device *bdev, u64 sector,
			  void *const *pages, unsigned int nr)
{
	rq->bdev = bdev;
	rq->op = BLK_READ;
	rq->sector = sector;
	rq->nr_sectors = nr * (PAGE_SIZE / SECTOR_SIZE);
	rq->nr_segs = nr;
	for (unsigned int i = 0; i < nr; i++)
		rq->segs[i] = (struct blk_seg){ .buf = pages[i],
						.len = PAGE_SIZE };
	rq->end_io = bdev_pages_end_io;
	rq->private = pr;
}

/*
 * Read @nr pages from byte @off straight into @pages: one request per
 * device segment limit's worth of pages, all submitted before the one
 * bounded wait (a deep device overlaps them), no bounce copy. The
 * read-ahead path of ext2 (fs/ext2_readahead.c) calls it with page-cache
 * pages.
 */
static int bdev_read_pages(struct ext2_io *io, u64 off, void *const *pages,
			   unsigned int nr)
{
	struct block_device *bdev = to_bdev(io)->bdev;
	unsigned int per_rq = MIN(bdev->max_segs, BLK_MAX_SEGS);
	unsigned int nr_rqs = (nr + per_rq - 1) / per_rq;
	struct bdev_pages_read *pr;
	int err = 0;

	if (!nr || !per_rq || off % SECTOR_SIZE || off > io->size ||
	    (u64)nr * PAGE_SIZE > io->size - off)
		return -EIO;
	pr = kzalloc(sizeof(*pr) + nr_rqs * sizeof(pr->rqs[0]), GFP_NOFS);
	if (!pr)
		return -ENOMEM;
	init_completion(&pr->done);
	pr->refs = 1;
	pr->pending = 1;	/* the submitter's, dropped below */
	for (unsigned int i = 0; i < nr_rqs; i++) {
		unsigned int first = i * per_rq, n = MIN(per_rq, nr - first);
		struct blk_request *rq = &pr->rqs[i];

		bdev_pages_rq(pr, rq, bdev,
			      (off + (u64)first * PAGE_SIZE) / SECTOR_SIZE,
			      pages + first, n);
		__atomic_add_fetch(&pr->refs, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&pr->pending, 1, __ATOMIC_RELAXED);
		err = blk_submit(rq);
		if (err) {
			__atomic_sub_fetch(&pr->refs, 1, __ATOMIC_RELAXED);
			__atomic_sub_fetch(&pr->pending, 1, __ATOMIC_RELAXED);
			break;
		}
	}
	if (__atomic_sub_fetch(&pr->pending, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&pr->done);
	if (!wait_for_completion_timeout(
		    &pr->done, msecs_to_jiffies(BLK_SYNC_TIMEOUT_MS)))
		err = -EIO;
	else if (__atomic_load_n(&pr->status, __ATOMIC_RELAXED))
		err = -EIO;
	bdev_pages_put(pr);
	return err ? -EIO : 0;
}

static int bdev_flush(struct ext2_io *io)
{
	return blk_flush_sync(to_bdev(io)->bdev);
}

static void bdev_release(struct ext2_io *io)
{
	kfree(to_bdev(io));
}

/* mount(2) of an "ext2" source: the block device fs_lookup_bdev() found. */
static int ext2_get_sb(struct file_system_type *type,
		       struct fs_mount_args *args, struct super_block **out)
{
	struct ext2_bdev *eb = kzalloc(sizeof(*eb), GFP_KERNEL);
	int r;

	(void)type;
	if (!eb)
		return -ENOMEM;
	eb->bdev = args->bdev;
	eb->io = (struct ext2_io){
		.read = bdev_read, .write = bdev_write, .flush = bdev_flush,
		.release = bdev_release, .read_pages = bdev_read_pages,
		.size = eb->bdev->nr_sectors * SECTOR_SIZE,
		.name = eb->bdev->name,
	};
	r = ext2_mount(&eb->io, args->flags & MS_RDONLY ? EXT2_MOUNT_RDONLY : 0,
		       out);
	/* ext2 logged why (rate-limited), as Linux's ext2_fill_super() */
	if (r) {
		kfree(eb);
		return r;
	}
	mutex_lock(&ext2_bdev_mounts);
	eb->sb = *out;
	list_add_tail(&eb->node, &ext2_bdev_list);
	mutex_unlock(&ext2_bdev_mounts);
	return 0;
}

/*
 * umount: off the flush thread's list, ext2's own umount, then the
 * mount's cached metadata, clean after its sync, is freed: a super block
 * that a pinned file keeps past umount holds no buffers. The mount holds
 * @sb (and so the adapter) until kill_sb returns.
 */
static void ext2_kill_bdev_sb(struct super_block *sb)
{
	struct ext2_bdev *eb, *found = NULL;

	mutex_lock(&ext2_bdev_mounts);
	list_for_each_entry(eb, &ext2_bdev_list, node) {
		if (eb->sb == sb) {
			list_del_init(&eb->node);
			found = eb;
			break;
		}
	}
	mutex_unlock(&ext2_bdev_mounts);
	ext2_umount(sb);
	if (found)
		ext2_bcache_drop_clean(&found->io);
}

static struct file_system_type ext2_fs_type = {
	.name = "ext2", .magic = EXT2_SUPER_MAGIC,
	.get_sb = ext2_get_sb, .kill_sb = ext2_kill_bdev_sb,
	.requires_dev = true,
};

/* Clean cached metadata, freed for drop_caches. Return: pages freed. */
static unsigned long ext2_bdev_drop_buffers(void)
{
	unsigned long before = ext2_bcache_nr_pages(), after;

	ext2_bcache_drop_clean_all();
	after = ext2_bcache_nr_pages();
	return before > after ? before - after : 0;
}

static struct shrinker ext2_buffers_shrinker = {
	.name = "ext2_buffers",
	.count_pages = ext2_bcache_nr_pages,
	.drop_clean = ext2_bdev_drop_buffers,
};

/**
 * ext2_bdev_init - make "ext2" a type mount(2) knows and let reclaim drop
 * the metadata cache.
 *
 * Context: boot, task context, after the file-system type registry.
 */
void ext2_bdev_init(void)
{
	if (register_filesystem(&ext2_fs_type))
		pr_err("ext2: cannot register the file-system type\n");
	shrinker_register(&ext2_buffers_shrinker);
}
