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
#include "kernel/mutex.h"
#include "kernel/printk.h"
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
		.release = bdev_release,
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
