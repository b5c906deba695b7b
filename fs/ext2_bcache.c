// SPDX-License-Identifier: MIT
/*
 * ext2's metadata block cache (fs/ext2_bcache.h): per mount, up to
 * EXT2_BCACHE_MAX_BLOCKS blocks keyed by block number (one cache per
 * mounted device, so the number is the whole key), in a hash for lookup
 * and on an LRU list for eviction. Linux keeps the same blocks in the
 * block device's page cache as buffer heads (sb_bread(),
 * mark_buffer_dirty()); this is that idea at ext2's block size, without
 * pages shared with anyone.
 *
 * Write-back: a metadata write only dirties its cached block. Dirty
 * blocks go to the device, in ascending block order, in one
 * ext2_bcache_flush(): at the end of every writeback batch of file data
 * (ext2_file_write_pages(), ext2_file_write()) and of an unlinked
 * file's freeing (ext2_inode_put_link()), at an error (ext2_error()), at
 * ext2_sync() (fsync, fdatasync, syncfs, umount). No periodic pass yet:
 * a namespace change alone (mkdir, unlink) waits for one of those.
 * An eviction that finds only dirty blocks writes its victim first.
 *
 * Memory: each block is a kmalloc()ed buffer, uncharged (see
 * docs/ext2.md, "Metadata cache"); the sum over every mount is
 * /proc/meminfo's "Buffers". Clean blocks go at drop_caches and
 * whenever reclaim drops the clean page cache (vmscan_drop_caches()),
 * and at umount after its sync (fs/ext2_bdev.c); whatever is left when
 * the image is closed (ext2_fs_close()).
 *
 * A block the allocator frees is forgotten, dirty or not (Linux's
 * bforget()): written back later it would overwrite whatever the block
 * holds by then, a file's data perhaps.
 *
 * Locking: [e] the caller's ext2 lock: every call but the drops and the
 * counters, so one task at a time inserts, dirties, cleans, forgets;
 * [c] ext2_bcache->lock ("ext2_bcache", a spinlock): the hash, the LRU,
 * the counts, an entry's bytes and dirty flag (so a drop without [e] sees
 * them whole); [l] ext2_bcache_list_lock ("ext2_bcache_list"): the list
 * of caches; [a] atomic. A dirty entry is written to the device from its
 * own buffer outside [c]: only [e] holders clean or free a dirty entry,
 * and a drop frees only clean ones. Order: ext2 -> ext2_bcache_list ->
 * ext2_bcache -> kmem_cache.
 */
#include <arch/layout.h>
#include "fs/ext2_bcache.h"
#include "fs/ext2_internal.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "lib/list.h"
#include "mm/slab.h"

#define EXT2_BCACHE_HASH_BITS	6
#define EXT2_BCACHE_HASH	(1U << EXT2_BCACHE_HASH_BITS)

struct ext2_buf {
	u32 blk;			/* [I] */
	bool dirty;			/* [c] to read; [e] and [c] to set */
	u64 dirtied_ns;			/* [c] when it became dirty */
	struct ext2_buf *hnext;		/* [c] the hash chain */
	struct list_head lru;		/* [c] most recently used first */
	u8 *data;			/* [c] the block's bytes */
};

struct ext2_bcache {
	struct spinlock lock;		/* "ext2_bcache" */
	struct ext2_buf *hash[EXT2_BCACHE_HASH];	/* [c] */
	struct list_head lru;		/* [c] */
	u32 nr;				/* [c] blocks cached */
	u32 nr_dirty;			/* [c] */
	u64 hits, misses, written;	/* [c] */
	struct ext2_io *io;		/* [I] */
	u32 block_size;			/* [I] */
	struct list_head node;		/* [l] on ext2_bcache_list */
};

static struct spinlock ext2_bcache_list_lock =
	SPINLOCK_INIT("ext2_bcache_list");
static struct list_head ext2_bcache_list =
	LIST_HEAD_INIT(ext2_bcache_list);	/* [l] */
static u64 ext2_bcache_bytes;			/* [a] every cache's blocks */

static struct ext2_buf **ext2_bcache_slot(struct ext2_bcache *c, u32 blk)
{
	/* Fibonacci hashing: a group's consecutive blocks spread out */
	struct ext2_buf **p = &c->hash[(blk * 2654435761U) >>
				       (32 - EXT2_BCACHE_HASH_BITS)];

	while (*p && (*p)->blk != blk)
		p = &(*p)->hnext;
	return p;
}

/* The cached @blk, now the most recently used, or NULL. Context: [c]. */
static struct ext2_buf *ext2_bcache_find(struct ext2_bcache *c, u32 blk)
{
	struct ext2_buf *b = *ext2_bcache_slot(c, blk);

	if (b) {
		list_del_init(&b->lru);
		list_add(&b->lru, &c->lru);
	}
	return b;
}

static void ext2_buf_free(struct ext2_bcache *c, struct ext2_buf *b)
{
	kfree(b->data);
	kfree(b);
	__atomic_fetch_sub(&ext2_bcache_bytes, c->block_size,
			   __ATOMIC_RELAXED);
}

/* Unhash @b and take it off the LRU. Context: [c]. */
static void ext2_bcache_unlink(struct ext2_bcache *c, struct ext2_buf *b)
{
	*ext2_bcache_slot(c, b->blk) = b->hnext;
	list_del_init(&b->lru);
	c->nr--;
	if (b->dirty)
		c->nr_dirty--;
}

static int ext2_buf_write_out(struct ext2_bcache *c, struct ext2_buf *b)
{
	int r = c->io->write(c->io, (u64)b->blk * c->block_size, b->data,
			     c->block_size);

	spin_lock(&c->lock);
	if (!r) {
		b->dirty = false;
		c->nr_dirty--;
		c->written++;
	}
	spin_unlock(&c->lock);
	return r;
}

/*
 * Below the bound again: the least recently used clean block goes; when
 * every block is dirty, the least recently used is written first.
 * Context: [e].
 */
static int ext2_bcache_make_room(struct ext2_bcache *c)
{
	struct ext2_buf *b, *victim = NULL;
	struct list_head *p;
	int r;

	spin_lock(&c->lock);
	if (c->nr < EXT2_BCACHE_MAX_BLOCKS) {
		spin_unlock(&c->lock);
		return 0;
	}
	for (p = c->lru.prev; p != &c->lru && !victim; p = p->prev) {
		b = list_entry(p, struct ext2_buf, lru);
		if (!b->dirty)
			victim = b;
	}
	if (!victim) {
		b = list_entry(c->lru.prev, struct ext2_buf, lru);
		spin_unlock(&c->lock);
		r = ext2_buf_write_out(c, b);
		if (r)
			return r;
		spin_lock(&c->lock);
		victim = b;
	}
	ext2_bcache_unlink(c, victim);
	spin_unlock(&c->lock);
	ext2_buf_free(c, victim);
	return 0;
}

/*
 * A new entry for @blk into *@out, not yet cached, its bytes read from
 * the device unless @whole (the caller is about to write all of them).
 * Context: [e]. Return: 0; -ENOMEM; the device's error.
 */
static int ext2_buf_new(struct ext2_bcache *c, u32 blk, bool whole,
			struct ext2_buf **out)
{
	struct ext2_buf *b = kzalloc(sizeof(*b), GFP_NOFS);
	int r = 0;

	if (b)
		b->data = kmalloc(c->block_size, GFP_NOFS);
	if (!b || !b->data) {
		kfree(b);
		return -ENOMEM;
	}
	b->blk = blk;
	INIT_LIST_HEAD(&b->lru);
	if (!whole)
		r = c->io->read(c->io, (u64)blk * c->block_size, b->data,
				c->block_size);
	if (r) {
		kfree(b->data);
		kfree(b);
		return r;
	}
	__atomic_fetch_add(&ext2_bcache_bytes, c->block_size,
			   __ATOMIC_RELAXED);
	*out = b;
	return 0;
}

/* Cache @b, which no one else can have cached. Context: [e], [c]. */
static void ext2_bcache_insert(struct ext2_bcache *c, struct ext2_buf *b)
{
	struct ext2_buf **p = ext2_bcache_slot(c, b->blk);

	b->hnext = *p;
	*p = b;
	list_add(&b->lru, &c->lru);
	c->nr++;
}

/*
 * The entry of @blk, read in on a miss (a block not cached is read even
 * for a partial write: the rest of its bytes must stay). Context: [e].
 * Return: 0 with [c] held and *@out set; a device error; -ENOMEM (the
 * caller goes to the device itself).
 */
static int ext2_bcache_get(struct ext2_bcache *c, u32 blk, bool whole,
			   struct ext2_buf **out)
{
	struct ext2_buf *b;
	int r;

	spin_lock(&c->lock);
	b = ext2_bcache_find(c, blk);
	if (b) {
		c->hits++;
		*out = b;
		return 0;
	}
	if (!whole)
		c->misses++;
	spin_unlock(&c->lock);
	r = ext2_bcache_make_room(c);
	if (r)
		return r;
	r = ext2_buf_new(c, blk, whole, &b);
	if (r)
		return r;
	spin_lock(&c->lock);
	ext2_bcache_insert(c, b);
	*out = b;
	return 0;
}

static bool ext2_bcache_range_ok(struct ext2_fs *fs, u32 off, u32 len)
{
	return off <= fs->block_size && len <= fs->block_size - off;
}

/**
 * ext2_bcache_read - @len bytes at @off of metadata block @blk.
 * @fs: the image
 * @blk: a block inside the image
 * @off: where in the block
 * @buf: where the bytes go
 * @len: how many (@off + @len at most the block size)
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EIO (the device's error; nothing is cached).
 */
int ext2_bcache_read(struct ext2_fs *fs, u32 blk, u32 off, void *buf,
		     u32 len)
{
	struct ext2_bcache *c = fs->bcache;
	struct ext2_buf *b;
	int r;

	if (WARN_ON(!ext2_bcache_range_ok(fs, off, len)))
		return -EIO;
	r = c ? ext2_bcache_get(c, blk, false, &b) : -ENOMEM;
	if (r == -ENOMEM)
		return fs->io->read(fs->io, (u64)blk * fs->block_size + off,
				    buf, len);
	if (r)
		return r;
	memcpy(buf, b->data + off, len);
	spin_unlock(&c->lock);
	return 0;
}

/**
 * ext2_bcache_write - change @len bytes at @off of metadata block @blk;
 * the block is dirty until the next ext2_bcache_flush().
 * @fs: the image
 * @blk: a block inside the image
 * @off: where in the block
 * @buf: the new bytes
 * @len: how many (@off + @len at most the block size)
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EIO (reading the rest of the block, or writing through
 * when no memory could be had).
 */
int ext2_bcache_write(struct ext2_fs *fs, u32 blk, u32 off, const void *buf,
		      u32 len)
{
	struct ext2_bcache *c = fs->bcache;
	struct ext2_buf *b;
	int r;

	if (WARN_ON(!ext2_bcache_range_ok(fs, off, len)))
		return -EIO;
	r = c ? ext2_bcache_get(c, blk, len == fs->block_size, &b) : -ENOMEM;
	if (r == -ENOMEM)
		return fs->io->write(fs->io, (u64)blk * fs->block_size + off,
				     buf, len);
	if (r)
		return r;
	memcpy(b->data + off, buf, len);
	if (!b->dirty) {
		b->dirty = true;
		b->dirtied_ns = ktime_get_ns();
		c->nr_dirty++;
	}
	spin_unlock(&c->lock);
	return 0;
}

/**
 * ext2_bcache_forget - @blk was freed: drop its cached copy, dirty or
 * not, so no later flush writes it over the block's next owner.
 * @fs: the image
 * @blk: the block
 *
 * Context: the caller's ext2 lock.
 */
void ext2_bcache_forget(struct ext2_fs *fs, u32 blk)
{
	struct ext2_bcache *c = fs->bcache;
	struct ext2_buf *b;

	if (!c)
		return;
	spin_lock(&c->lock);
	b = *ext2_bcache_slot(c, blk);
	if (b)
		ext2_bcache_unlink(c, b);
	spin_unlock(&c->lock);
	if (b)
		ext2_buf_free(c, b);
}

/* The dirty entry with the lowest block number above @after (all, when
 * @first), or NULL. Context: [e]. */
static struct ext2_buf *ext2_bcache_next_dirty(struct ext2_bcache *c,
					       u32 after, bool first)
{
	struct ext2_buf *b, *best = NULL;

	spin_lock(&c->lock);
	list_for_each_entry(b, &c->lru, lru)
		if (b->dirty && (first || b->blk > after) &&
		    (!best || b->blk < best->blk))
			best = b;
	spin_unlock(&c->lock);
	return best;
}

/**
 * ext2_bcache_flush - write every dirty block to the device, in
 * ascending block order (the device's favourite; ext2 without a journal
 * promises no order between blocks, and neither does Linux's flusher).
 * A block whose write fails stays dirty and the others are still tried.
 * @fs: the image
 *
 * Context: the caller's ext2 lock; sleeps on the device.
 * Return: 0, or the first device error.
 */
int ext2_bcache_flush(struct ext2_fs *fs)
{
	struct ext2_bcache *c = fs->bcache;
	struct ext2_buf *b;
	bool first = true;
	u32 last = 0;
	int r = 0;

	if (!c)
		return 0;
	while ((b = ext2_bcache_next_dirty(c, last, first))) {
		int e = ext2_buf_write_out(c, b);

		r = r ? r : e;
		last = b->blk;
		first = false;
	}
	return r;
}

/* Free @c's clean blocks. Return: how many. Context: [c] not held. */
static unsigned long ext2_bcache_shrink(struct ext2_bcache *c)
{
	struct ext2_buf *b, *tmp;
	struct list_head gone;
	unsigned long n = 0;

	INIT_LIST_HEAD(&gone);

	spin_lock(&c->lock);
	list_for_each_entry_safe(b, tmp, &c->lru, lru) {
		if (b->dirty)
			continue;
		ext2_bcache_unlink(c, b);
		list_add(&b->lru, &gone);
	}
	spin_unlock(&c->lock);
	list_for_each_entry_safe(b, tmp, &gone, lru) {
		ext2_buf_free(c, b);
		n++;
	}
	return n;
}

/**
 * ext2_bcache_drop_clean - free every clean block of the mount on @io
 * (umount, after its sync: the super block may outlive the mount while
 * a file stays pinned).
 * @io: the device of a mounted image
 *
 * Context: task context, no ext2 lock needed; takes spinlocks.
 * Return: the blocks freed.
 */
unsigned long ext2_bcache_drop_clean(const struct ext2_io *io)
{
	struct ext2_bcache *c;
	unsigned long n = 0;

	spin_lock(&ext2_bcache_list_lock);
	list_for_each_entry(c, &ext2_bcache_list, node)
		if (c->io == io)
			n += ext2_bcache_shrink(c);
	spin_unlock(&ext2_bcache_list_lock);
	return n;
}

/**
 * ext2_bcache_drop_clean_all - free every clean block of every mount
 * (drop_caches, as Linux's drops the block devices' clean page cache);
 * dirty ones stay for their flush.
 *
 * Context: task context, no ext2 lock needed; takes spinlocks.
 * Return: the blocks freed.
 */
unsigned long ext2_bcache_drop_clean_all(void)
{
	struct ext2_bcache *c;
	unsigned long n = 0;

	spin_lock(&ext2_bcache_list_lock);
	list_for_each_entry(c, &ext2_bcache_list, node)
		n += ext2_bcache_shrink(c);
	spin_unlock(&ext2_bcache_list_lock);
	return n;
}

/**
 * ext2_bcache_nr_pages - the memory every cached block holds, in pages
 * (/proc/meminfo's "Buffers").
 *
 * Context: any.
 * Return: the pages, rounded up.
 */
unsigned long ext2_bcache_nr_pages(void)
{
	u64 bytes = __atomic_load_n(&ext2_bcache_bytes, __ATOMIC_RELAXED);

	return (unsigned long)((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
}

/**
 * ext2_bcache_get_stats - @fs's cache counters, for tests and benches.
 * @fs: the image
 * @st: filled in (zeros without a cache)
 *
 * Context: the caller's ext2 lock.
 */
void ext2_bcache_get_stats(struct ext2_fs *fs, struct ext2_bcache_stats *st)
{
	struct ext2_bcache *c = fs->bcache;

	*st = (struct ext2_bcache_stats){ 0 };
	if (!c)
		return;
	spin_lock(&c->lock);
	*st = (struct ext2_bcache_stats){
		.hits = c->hits, .misses = c->misses, .written = c->written,
		.blocks = c->nr, .dirty = c->nr_dirty,
	};
	spin_unlock(&c->lock);
}

/**
 * ext2_bcache_create - give @fs an empty cache (fs->bcache). Without
 * one, every metadata access goes to the device, as before it existed.
 * @fs: an image whose block size and device are known
 *
 * Context: may sleep (allocates).
 * Return: 0 or -ENOMEM.
 */
int ext2_bcache_create(struct ext2_fs *fs)
{
	struct ext2_bcache *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	spin_lock_init(&c->lock, "ext2_bcache");
	INIT_LIST_HEAD(&c->lru);
	c->io = fs->io;
	c->block_size = fs->block_size;
	spin_lock(&ext2_bcache_list_lock);
	list_add_tail(&c->node, &ext2_bcache_list);
	spin_unlock(&ext2_bcache_list_lock);
	fs->bcache = c;
	return 0;
}

/**
 * ext2_bcache_destroy - free @fs's cache, dirty blocks unwritten
 * (ext2_sync() first keeps them).
 * @fs: the image
 *
 * Context: the caller's ext2 lock, or an image no one else sees.
 */
void ext2_bcache_destroy(struct ext2_fs *fs)
{
	struct ext2_bcache *c = fs->bcache;
	struct ext2_buf *b, *tmp;

	if (!c)
		return;
	spin_lock(&ext2_bcache_list_lock);
	list_del_init(&c->node);
	spin_unlock(&ext2_bcache_list_lock);
	list_for_each_entry_safe(b, tmp, &c->lru, lru)
		ext2_buf_free(c, b);
	kfree(c);
	fs->bcache = NULL;
}
