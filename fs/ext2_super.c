// SPDX-License-Identifier: MIT
/*
 * ext2 superblock, group descriptors and allocation (fs/ext2.h). The
 * superblock and descriptor table are read and checked once at mount, as
 * Linux's ext2_fill_super() and ext2_check_descriptors() do, and kept in
 * memory; every allocation changes a bitmap block, the group's free count
 * and the superblock's, and writes all three to the metadata cache
 * before it returns (ext2_bcache.h), so the image the core sees stays one
 * that e2fsck finds clean; ext2_sync() puts it on the device.
 *
 * Locking: none here; the caller serialises (fs/ext2.h).
 */
#include "fs/ext2_bcache.h"
#include "fs/ext2_internal.h"
#include "kernel/time.h"
#include "lib/format.h"
#include "mm/slab.h"

/*
 * One rate limit for every ext2 mount: a run over a few hundred corrupt
 * images must not flood the serial console. Linux 6.1's ext2_error()
 * prints every time; ext4's errors go through a rate limit of this
 * shape (ext4_error_ratelimit), which is what a fuzzed image needs.
 */
static struct ratelimit_state ext2_error_rs = RATELIMIT_STATE_INIT(
	"ext2_error", RATELIMIT_INTERVAL_MS, RATELIMIT_BURST);
static u64 ext2_errors_logged;		/* [a] */
static u64 ext2_errors_suppressed;	/* [a] */

static int ext2_write_super(struct ext2_fs *fs);

/*
 * Linux 6.1's ext2_error(): a read-write mount marks EXT2_ERROR_FS in the
 * superblock's s_state and writes the superblock at once
 * (ext2_sync_super(sb, es, 1)), so the next e2fsck checks the image
 * whatever its mount count. Here the metadata cache is flushed with it.
 * Only once the image is open (a mount refusal has no superblock to
 * trust), and once per mount.
 */
static void ext2_mark_error(struct ext2_fs *fs)
{
	if (!fs->bcache || fs->readonly ||
	    (fs->sb->s_state & EXT2_ERROR_FS))
		return;
	fs->sb->s_state |= EXT2_ERROR_FS;
	/* a failure leaves it dirty, for ext2_sync() */
	if (!ext2_write_super(fs))
		ext2_bcache_flush(fs);
}

/**
 * ext2_error - report corruption found on @fs: one log line in Linux's
 * shape, "EXT2-fs (ram0): error: FUNCTION: MESSAGE" (ext2_error()), or
 * without FUNCTION for a mount refusal (ext2_msg()), under a rate limit.
 * @fs: the image (its id names the device)
 * @function: where it was found, or NULL for a mount refusal
 * @err: what to return
 * @fmt: the message (a trailing newline is dropped)
 *
 * Context: any task context; the caller's ext2 lock, or a mount not yet
 * visible to anyone.
 * Return: @err.
 */
int ext2_error(struct ext2_fs *fs, const char *function, int err,
	       const char *fmt, ...)
{
	char msg[160];
	size_t n;
	va_list ap;

	fs->errors++;
	if (function)
		ext2_mark_error(fs);
	if (!printk_ratelimit_ok(&ext2_error_rs)) {
		__atomic_fetch_add(&ext2_errors_suppressed, 1,
				   __ATOMIC_RELAXED);
		return err;
	}
	__atomic_fetch_add(&ext2_errors_logged, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	if (function)
		printk(KERN_CRIT "EXT2-fs (%s): error: %s: %s\n", fs->id,
		       function, msg);
	else
		printk(KERN_ERR "EXT2-fs (%s): error: %s\n", fs->id, msg);
	return err;
}

/**
 * ext2_error_counts - how many ext2 errors were logged and how many the
 * rate limit dropped, over every mount since boot.
 * @logged: out
 * @suppressed: out
 *
 * Context: any.
 */
void ext2_error_counts(u64 *logged, u64 *suppressed)
{
	*logged = __atomic_load_n(&ext2_errors_logged, __ATOMIC_RELAXED);
	*suppressed = __atomic_load_n(&ext2_errors_suppressed,
				      __ATOMIC_RELAXED);
}

static u32 ext2_blocks_in_group(struct ext2_fs *fs, u32 g)
{
	u32 bpg = fs->sb->s_blocks_per_group;
	u32 first = fs->sb->s_first_data_block + g * bpg;

	return MIN(bpg, fs->sb->s_blocks_count - first);
}

static u32 ext2_group_first_block(struct ext2_fs *fs, u32 g)
{
	return fs->sb->s_first_data_block + g * fs->sb->s_blocks_per_group;
}

/* Return: @blk may hold data: inside the image, past the boot block. */
bool ext2_block_valid(struct ext2_fs *fs, u32 blk)
{
	return blk >= fs->sb->s_first_data_block &&
	       blk < fs->sb->s_blocks_count;
}

int ext2_read_block(struct ext2_fs *fs, u32 blk, void *buf)
{
	if (blk >= fs->sb->s_blocks_count)
		return ext2_corrupt(fs, "block %u past the end\n", blk);
	return fs->io->read(fs->io, (u64)blk * fs->block_size, buf,
			    fs->block_size);
}

int ext2_write_block(struct ext2_fs *fs, u32 blk, const void *buf)
{
	if (blk >= fs->sb->s_blocks_count)
		return ext2_corrupt(fs, "block %u past the end\n", blk);
	return fs->io->write(fs->io, (u64)blk * fs->block_size, buf,
			     fs->block_size);
}

/**
 * ext2_meta_read - a metadata block (bitmap, inode table, indirect
 * block), through the metadata cache; file data and directories use
 * ext2_read_block().
 * @fs: the image
 * @blk: the block
 * @buf: block_size bytes
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (past the end); -EIO.
 */
int ext2_meta_read(struct ext2_fs *fs, u32 blk, void *buf)
{
	if (blk >= fs->sb->s_blocks_count)
		return ext2_corrupt(fs, "block %u past the end\n", blk);
	return ext2_bcache_read(fs, blk, 0, buf, fs->block_size);
}

/**
 * ext2_meta_write - change a metadata block in the cache; it reaches the
 * device at the next flush (ext2_bcache.h).
 * @fs: the image
 * @blk: the block
 * @buf: block_size bytes
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (past the end); -EIO.
 */
int ext2_meta_write(struct ext2_fs *fs, u32 blk, const void *buf)
{
	if (blk >= fs->sb->s_blocks_count)
		return ext2_corrupt(fs, "block %u past the end\n", blk);
	return ext2_bcache_write(fs, blk, 0, buf, fs->block_size);
}

/* @len bytes at device offset @off, block by block through the cache:
 * read into @rbuf, or written from @wbuf. */
static int ext2_meta_bytes(struct ext2_fs *fs, u64 off, void *rbuf,
			   const void *wbuf, size_t len)
{
	int r = 0;

	while (len && !r) {
		u32 blk = (u32)(off / fs->block_size);
		u32 in = (u32)(off % fs->block_size);
		u32 n = (u32)MIN((size_t)(fs->block_size - in), len);

		if (blk >= fs->sb->s_blocks_count)
			return ext2_corrupt(fs, "block %u past the end\n",
					    blk);
		if (rbuf) {
			r = ext2_bcache_read(fs, blk, in, rbuf, n);
			rbuf = (u8 *)rbuf + n;
		} else {
			r = ext2_bcache_write(fs, blk, in, wbuf, n);
			wbuf = (const u8 *)wbuf + n;
		}
		off += n;
		len -= n;
	}
	return r;
}

/**
 * ext2_meta_read_bytes - metadata bytes at a device offset (an inode
 * record, the superblock), block by block through the cache.
 * @fs: the image
 * @off: the device offset
 * @buf: where they go
 * @len: how many
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (past the end); -EIO.
 */
int ext2_meta_read_bytes(struct ext2_fs *fs, u64 off, void *buf, size_t len)
{
	return ext2_meta_bytes(fs, off, buf, NULL, len);
}

/**
 * ext2_meta_write_bytes - change metadata bytes at a device offset in
 * the cache (the rest of each block kept).
 * @fs: the image
 * @off: the device offset
 * @buf: the new bytes
 * @len: how many
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (past the end); -EIO.
 */
int ext2_meta_write_bytes(struct ext2_fs *fs, u64 off, const void *buf,
			  size_t len)
{
	return ext2_meta_bytes(fs, off, NULL, buf, len);
}

/*
 * Seconds for timestamps. oomlab has no wall clock, so time runs from the
 * image's last write time: it never goes backwards across mounts.
 */
u32 ext2_now(struct ext2_fs *fs)
{
	return fs->boot_time + (u32)(ktime_get_ns() / 1000000000ULL);
}

/* Write the superblock and the descriptor table back (to the cache). */
static int ext2_write_super(struct ext2_fs *fs)
{
	u32 gd_off = (fs->sb->s_first_data_block + 1) * fs->block_size;
	int r;

	r = ext2_meta_write_bytes(fs, EXT2_SUPER_OFFSET, fs->sb,
				  sizeof(*fs->sb));
	if (r)
		return r;
	return ext2_meta_write_bytes(fs, gd_off, fs->gd,
				     fs->groups * sizeof(*fs->gd));
}

/* Linux's ext2_fill_super(): the superblock fields we depend on. */
static int ext2_check_super(struct ext2_fs *fs)
{
	struct ext2_super *s = fs->sb;
	u32 bs;

	if (s->s_magic != EXT2_SUPER_MAGIC)
		return ext2_bad_super(fs, "can't find an ext2 filesystem on "
				      "dev %s.", fs->id);
	if (s->s_rev_level > 1)
		return ext2_bad_super(fs, "revision %u\n", s->s_rev_level);
	if (s->s_log_block_size > 2)
		return ext2_bad_super(fs, "block size 1024 << %u\n",
				    s->s_log_block_size);
	bs = 1024U << s->s_log_block_size;
	fs->block_size = bs;
	if (s->s_first_data_block != (bs == 1024 ? 1U : 0U))
		return ext2_bad_super(fs, "first data block %u\n",
				    s->s_first_data_block);
	if (!s->s_blocks_per_group || s->s_blocks_per_group > bs * 8 ||
	    !s->s_inodes_per_group || s->s_inodes_per_group > bs * 8)
		return ext2_bad_super(fs, "blocks/inodes per group %u/%u\n",
				    s->s_blocks_per_group,
				    s->s_inodes_per_group);
	if (s->s_blocks_count <= s->s_first_data_block ||
	    (u64)s->s_blocks_count * bs > fs->io->size)
		return ext2_bad_super(fs, "%u blocks on a %llu-byte device\n",
				    s->s_blocks_count,
				    (unsigned long long)fs->io->size);
	fs->groups = (s->s_blocks_count - s->s_first_data_block +
		      s->s_blocks_per_group - 1) / s->s_blocks_per_group;
	if ((u64)fs->groups * s->s_inodes_per_group != s->s_inodes_count)
		return ext2_bad_super(fs, "%u inodes in %u groups of %u\n",
				    s->s_inodes_count, fs->groups,
				    s->s_inodes_per_group);
	fs->inode_size = EXT2_GOOD_OLD_INODE_SIZE;
	fs->first_ino = EXT2_GOOD_OLD_FIRST_INO;
	if (s->s_rev_level == 1) {
		fs->inode_size = s->s_inode_size;
		fs->first_ino = s->s_first_ino;
	}
	if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE ||
	    fs->inode_size > bs || (fs->inode_size & (fs->inode_size - 1)))
		return ext2_bad_super(fs, "inode size %u\n", fs->inode_size);
	if (fs->first_ino <= EXT2_ROOT_INO ||
	    fs->first_ino > s->s_inodes_count)
		return ext2_bad_super(fs, "first inode %u\n", fs->first_ino);
	fs->gd_blocks = (u32)((fs->groups * sizeof(struct ext2_group_desc) +
			       bs - 1) / bs);
	return 0;
}

/*
 * Linux 6.1's ext2_fill_super(): an INCOMPAT feature we cannot read
 * refuses the mount, and an unknown RO_COMPAT one refuses a read-write
 * mount (a read-only one goes ahead). Both are checked whatever the
 * revision, as Linux does: old tools set flags on revision 0 images.
 */
static int ext2_check_features(struct ext2_fs *fs, unsigned int flags)
{
	u32 incompat = fs->sb->s_feature_incompat;
	u32 ro_compat = fs->sb->s_feature_ro_compat;

	if (incompat & ~EXT2_FEATURE_INCOMPAT_SUPP)
		return ext2_bad_super(fs, "unsupported features %#x\n",
				      incompat & ~EXT2_FEATURE_INCOMPAT_SUPP);
	fs->filetype = incompat & EXT2_FEATURE_INCOMPAT_FILETYPE;
	fs->readonly = flags & EXT2_MOUNT_RDONLY;
	if ((ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP) && !fs->readonly)
		return ext2_bad_super(fs, "read-write with unsupported "
				      "features %#x\n",
				      ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP);
	return 0;
}

/* Linux's ext2_check_descriptors(): each group's metadata in the group. */
static int ext2_check_groups(struct ext2_fs *fs)
{
	u32 itb = (fs->sb->s_inodes_per_group * fs->inode_size +
		   fs->block_size - 1) / fs->block_size;

	for (u32 g = 0; g < fs->groups; g++) {
		struct ext2_group_desc *d = &fs->gd[g];
		u32 first = ext2_group_first_block(fs, g);
		u32 last = first + ext2_blocks_in_group(fs, g) - 1;

		if (d->bg_block_bitmap < first || d->bg_block_bitmap > last ||
		    d->bg_inode_bitmap < first || d->bg_inode_bitmap > last ||
		    d->bg_inode_table < first || itb > last - first + 1 ||
		    d->bg_inode_table > last - (itb - 1))
			return ext2_bad_super(fs, "group %u metadata outside\n",
					    g);
		if (d->bg_free_blocks_count > ext2_blocks_in_group(fs, g) ||
		    d->bg_free_inodes_count > fs->sb->s_inodes_per_group)
			return ext2_bad_super(fs, "group %u free counts\n", g);
	}
	return 0;
}

static int ext2_load_groups(struct ext2_fs *fs)
{
	u64 off = (u64)(fs->sb->s_first_data_block + 1) * fs->block_size;
	size_t bytes = (size_t)fs->gd_blocks * fs->block_size;
	int r;

	if (fs->gd_blocks + fs->sb->s_first_data_block >=
	    fs->sb->s_blocks_count)
		return ext2_bad_super(fs, "%u groups do not fit\n", fs->groups);
	fs->gd = kmalloc(bytes, GFP_KERNEL);
	if (!fs->gd)
		return -ENOMEM;
	r = fs->io->read(fs->io, off, fs->gd, bytes);
	return r ? r : ext2_check_groups(fs);
}

/**
 * ext2_fs_open - read and check an ext2 image.
 * @io: the device it is on (kept until ext2_fs_close())
 * @flags: EXT2_MOUNT_RDONLY or 0
 * @out: the mounted image
 *
 * Context: may sleep (allocates).
 * Return: 0; -EINVAL (no ext2 magic, a superblock or descriptor that
 * contradicts itself or the device, an INCOMPAT feature we cannot read,
 * or an unknown RO_COMPAT one without EXT2_MOUNT_RDONLY: the log says
 * which, as Linux's ext2_fill_super() refuses them all); -EIO; -ENOMEM.
 */
int ext2_fs_open(struct ext2_io *io, unsigned int flags, struct ext2_fs **out)
{
	struct ext2_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	int r = -ENOMEM;

	if (!fs)
		return -ENOMEM;
	fs->io = io;
	strlcpy(fs->id, io->name ? io->name : "mem", sizeof(fs->id));
	fs->sb = kmalloc(sizeof(*fs->sb), GFP_KERNEL);
	if (!fs->sb)
		goto out_free;
	r = io->read(io, EXT2_SUPER_OFFSET, fs->sb, sizeof(*fs->sb));
	if (!r)
		r = ext2_check_super(fs);
	if (!r)
		r = ext2_check_features(fs, flags);
	if (!r)
		r = ext2_load_groups(fs);
	if (!r)
		r = ext2_bcache_create(fs);
	if (r)
		goto out_free;
	fs->boot_time = MAX(fs->sb->s_wtime, fs->sb->s_mtime);
	if (!fs->readonly) {
		fs->sb->s_mtime = ext2_now(fs);
		fs->sb->s_mnt_count++;
	}
	*out = fs;
	return 0;
out_free:
	ext2_fs_close(fs);
	return r;
}

/**
 * ext2_sync - write the superblock and descriptors, every dirty metadata
 * block (ext2_bcache_flush()), then flush the device: what fsync, syncfs
 * and umount must make durable is durable when it returns.
 * @fs: the image
 *
 * Context: the caller's ext2 lock.
 * Return: 0, or the device's error.
 */
int ext2_sync(struct ext2_fs *fs)
{
	int r = 0;

	if (!fs->readonly) {
		fs->sb->s_wtime = ext2_now(fs);
		r = ext2_write_super(fs);
	}
	if (!r)
		r = ext2_bcache_flush(fs);
	return r ? r : fs->io->flush(fs->io);
}

/* Forget @fs (ext2_sync() first to keep its last changes). */
void ext2_fs_close(struct ext2_fs *fs)
{
	ext2_bcache_destroy(fs);
	kfree(fs->gd);
	kfree(fs->sb);
	kfree(fs);
}

/**
 * ext2_statfs - the counts statfs(2) reports.
 * @fs: the image
 * @st: filled in
 *
 * Context: the caller's ext2 lock.
 */
void ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
	struct ext2_super *s = fs->sb;

	st->bsize = fs->block_size;
	st->blocks = s->s_blocks_count - s->s_first_data_block;
	st->bfree = s->s_free_blocks_count;
	st->bavail = st->bfree > s->s_r_blocks_count ?
		     st->bfree - s->s_r_blocks_count : 0;
	st->files = s->s_inodes_count;
	st->ffree = s->s_free_inodes_count;
	st->namelen = 255;
}

/* Take the first clear bit at or after @start (wrapping) and up to
 * @want - 1 clear bits right after it, into *@n. Return: the first, or -1. */
static long ext2_bitmap_take(u8 *map, u32 nbits, u32 start, u32 want,
			     u32 *n)
{
	for (u32 k = 0; k < nbits; k++) {
		u32 i = (start + k) % nbits;

		if (map[i / 8] & (1U << (i % 8)))
			continue;
		for (*n = 0; *n < want && i + *n < nbits &&
			     !(map[(i + *n) / 8] & (1U << ((i + *n) % 8)));
		     (*n)++)
			map[(i + *n) / 8] |= (u8)(1U << ((i + *n) % 8));
		return i;
	}
	return -1;
}

/* Flip bit @i of bitmap block @blk from @was to !@was. */
static int ext2_bitmap_flip(struct ext2_fs *fs, u32 blk, u32 i, bool was)
{
	u8 *map = kmalloc(fs->block_size, GFP_KERNEL);
	int r;

	if (!map)
		return -ENOMEM;
	r = ext2_meta_read(fs, blk, map);
	if (r)
		goto out;
	if (!!(map[i / 8] & (1U << (i % 8))) != was) {
		r = ext2_corrupt(fs, "bitmap %u bit %u already %s\n", blk, i,
				 was ? "clear" : "set");
		goto out;
	}
	map[i / 8] ^= (u8)(1U << (i % 8));
	r = ext2_meta_write(fs, blk, map);
out:
	kfree(map);
	return r;
}

/* Take a run of up to @want clear bits of a group's bitmap @blk (@nbits
 * long) near @start, into *@n, with one write of the bitmap. */
static long ext2_group_take(struct ext2_fs *fs, u32 blk, u32 nbits, u32 start,
			    u32 want, u32 *n)
{
	u8 *map = kmalloc(fs->block_size, GFP_KERNEL);
	long i;
	int r;

	if (!map)
		return -ENOMEM;
	r = ext2_meta_read(fs, blk, map);
	i = r ? r : ext2_bitmap_take(map, nbits, start, want, n);
	if (i >= 0) {
		r = ext2_meta_write(fs, blk, map);
		if (r)
			i = r;
	} else if (i == -1) {
		i = ext2_corrupt(fs, "bitmap %u full, its count is not\n", blk);
	}
	kfree(map);
	return i;
}

/**
 * ext2_alloc_block - take a free block, the one nearest @goal if free.
 * @fs: the image
 * @goal: a block near which to allocate (0: anywhere)
 * @out: the block; its contents are whatever was there
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOSPC; -EUCLEAN (a bitmap and its count disagree); -EIO.
 */
int ext2_alloc_block(struct ext2_fs *fs, u32 goal, u32 *out)
{
	u32 got;

	return ext2_alloc_blocks(fs, goal, 1, out, &got);
}

/**
 * ext2_alloc_blocks - take up to @want contiguous free blocks, the first
 * one nearest @goal if free, with one write of the bitmap and one of
 * the counts (Linux's ext2_new_blocks() with its reservation window).
 * @fs: the image
 * @goal: a block near which to allocate (0: anywhere)
 * @want: how many at most (> 0)
 * @out: the first block; their contents are whatever was there
 * @got: how many were taken (at least 1)
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOSPC; -EUCLEAN (a bitmap and its count disagree); -EIO.
 */
int ext2_alloc_blocks(struct ext2_fs *fs, u32 goal, u32 want, u32 *out,
		      u32 *got)
{
	u32 bpg = fs->sb->s_blocks_per_group;
	u32 g0 = ext2_block_valid(fs, goal) ?
		 (goal - fs->sb->s_first_data_block) / bpg : 0;

	if (!fs->sb->s_free_blocks_count)
		return -ENOSPC;
	for (u32 n = 0; n < fs->groups; n++) {
		u32 g = (g0 + n) % fs->groups;
		u32 first = ext2_group_first_block(fs, g);
		u32 start = goal >= first ? goal - first : 0;
		long i;

		if (!fs->gd[g].bg_free_blocks_count)
			continue;
		want = MIN(want, fs->gd[g].bg_free_blocks_count);
		i = ext2_group_take(fs, fs->gd[g].bg_block_bitmap,
				    ext2_blocks_in_group(fs, g),
				    n ? 0 : start, want, got);
		if (i < 0)
			return (int)i;
		fs->gd[g].bg_free_blocks_count -= *got;
		fs->sb->s_free_blocks_count -= *got;
		*out = first + (u32)i;
		return ext2_write_super(fs);
	}
	return -ENOSPC;
}

/**
 * ext2_free_block - give a block back.
 * @fs: the image
 * @blk: an allocated block
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN (@blk is out of range or already free); -EIO.
 */
int ext2_free_block(struct ext2_fs *fs, u32 blk)
{
	u32 rel, g;
	int r;

	if (!ext2_block_valid(fs, blk))
		return ext2_corrupt(fs, "freeing block %u\n", blk);
	rel = blk - fs->sb->s_first_data_block;
	g = rel / fs->sb->s_blocks_per_group;
	r = ext2_bitmap_flip(fs, fs->gd[g].bg_block_bitmap,
			     rel % fs->sb->s_blocks_per_group, true);
	if (r)
		return r;
	ext2_bcache_forget(fs, blk);
	fs->gd[g].bg_free_blocks_count++;
	fs->sb->s_free_blocks_count++;
	return ext2_write_super(fs);
}

/**
 * ext2_alloc_inode - take a free inode, in @dir_ino's group if it has one.
 * @fs: the image
 * @dir_ino: the directory the new inode is named in
 * @is_dir: it will be a directory (the group's used_dirs_count)
 * @out: the inode number; the caller writes the inode
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOSPC; -EUCLEAN; -EIO.
 */
int ext2_alloc_inode(struct ext2_fs *fs, u32 dir_ino, bool is_dir, u32 *out)
{
	u32 ipg = fs->sb->s_inodes_per_group;
	u32 g0 = (dir_ino - 1) / ipg % fs->groups;

	if (!fs->sb->s_free_inodes_count)
		return -ENOSPC;
	for (u32 n = 0; n < fs->groups; n++) {
		u32 g = (g0 + n) % fs->groups, one;
		long i;

		if (!fs->gd[g].bg_free_inodes_count)
			continue;
		i = ext2_group_take(fs, fs->gd[g].bg_inode_bitmap, ipg, 0, 1,
				    &one);
		if (i < 0)
			return (int)i;
		if (g * ipg + (u32)i + 1 < fs->first_ino)
			return ext2_corrupt(fs, "reserved inode %ld free\n",
					    i + 1);
		fs->gd[g].bg_free_inodes_count--;
		fs->sb->s_free_inodes_count--;
		if (is_dir)
			fs->gd[g].bg_used_dirs_count++;
		*out = g * ipg + (u32)i + 1;
		return ext2_write_super(fs);
	}
	return -ENOSPC;
}

/**
 * ext2_free_inode - give an inode number back.
 * @fs: the image
 * @ino: an allocated inode, its blocks already freed
 * @is_dir: it was a directory
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EUCLEAN; -EIO.
 */
int ext2_free_inode(struct ext2_fs *fs, u32 ino, bool is_dir)
{
	u32 ipg = fs->sb->s_inodes_per_group;
	u32 g = (ino - 1) / ipg;
	int r;

	if (ino < fs->first_ino || ino > fs->sb->s_inodes_count)
		return ext2_corrupt(fs, "freeing inode %u\n", ino);
	r = ext2_bitmap_flip(fs, fs->gd[g].bg_inode_bitmap, (ino - 1) % ipg,
			     true);
	if (r)
		return r;
	fs->gd[g].bg_free_inodes_count++;
	fs->sb->s_free_inodes_count++;
	if (is_dir && fs->gd[g].bg_used_dirs_count)
		fs->gd[g].bg_used_dirs_count--;
	return ext2_write_super(fs);
}
