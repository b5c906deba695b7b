// SPDX-License-Identifier: MIT
/*
 * ext2's metadata block cache (fs/ext2_bcache.c) on a counting memory
 * device: a second read is a hit that never reaches the device; a write
 * stays in memory until the flush, which writes each dirty block once,
 * in block order; a forgotten block is never written; the bound holds
 * and an eviction that finds only dirty blocks writes its victim first;
 * the drops free clean blocks only; every byte the cache holds is in
 * ext2_bcache_nr_pages() until it goes. On the host, also Linux's
 * ext2_error() marking EXT2_ERROR_FS in the superblock.
 */
#include <arch/layout.h>
#include "fs/ext2_bcache.h"
#include "fs/ext2_internal.h"
#include "kernel/ktest.h"
#include "mm/slab.h"

#define BC_BS		1024U
#define BC_BLOCKS	(EXT2_BCACHE_MAX_BLOCKS + 16)

/* A memory device that counts its transfers and keeps the write order. */
struct bc_dev {
	struct ext2_io io;
	u32 reads, writes;
	u32 order[8];		/* the first blocks written, in order */
	u8 *mem;
};

static struct bc_dev *bc_of(struct ext2_io *io)
{
	return container_of(io, struct bc_dev, io);
}

static int bc_read(struct ext2_io *io, u64 off, void *buf, size_t len)
{
	bc_of(io)->reads++;
	return ext2_io_mem_read(io, off, buf, len);
}

static int bc_write(struct ext2_io *io, u64 off, const void *buf, size_t len)
{
	struct bc_dev *d = bc_of(io);

	if (d->writes < ARRAY_SIZE(d->order))
		d->order[d->writes] = (u32)(off / BC_BS);
	d->writes++;
	return ext2_io_mem_write(io, off, buf, len);
}

/* A device of BC_BLOCKS blocks, block b filled with byte b, and an
 * image on it with a cache. Return: false with @t failed. */
static bool bc_setup(struct ktest *t, struct bc_dev *d, struct ext2_fs *fs)
{
	*d = (struct bc_dev){ 0 };
	d->mem = kmalloc((size_t)BC_BLOCKS * BC_BS, GFP_KERNEL);
	if (!KTEST_EXPECT_NOT_NULL(t, d->mem))
		return false;
	for (u32 b = 0; b < BC_BLOCKS; b++)
		memset(d->mem + (size_t)b * BC_BS, (int)(b & 0xff), BC_BS);
	ext2_io_mem_init(&d->io, d->mem, (u64)BC_BLOCKS * BC_BS);
	d->io.read = bc_read;
	d->io.write = bc_write;
	*fs = (struct ext2_fs){ .io = &d->io, .block_size = BC_BS };
	if (KTEST_EXPECT_EQ(t, ext2_bcache_create(fs), 0))
		return true;
	kfree(d->mem);
	return false;
}

static void bc_teardown(struct bc_dev *d, struct ext2_fs *fs)
{
	ext2_bcache_destroy(fs);
	kfree(d->mem);
}

/* The second read of a block (an indirect block, say) is a hit. */
static void ext2_bcache_second_read_hits(struct ktest *t)
{
	struct ext2_bcache_stats st;
	struct ext2_fs fs;
	struct bc_dev d;
	u8 buf[16];

	if (!bc_setup(t, &d, &fs))
		return;
	KTEST_EXPECT_EQ(t, ext2_bcache_read(&fs, 7, 0, buf, 4), 0);
	KTEST_EXPECT_EQ_U(t, d.reads, 1);
	KTEST_EXPECT_EQ(t, ext2_bcache_read(&fs, 7, 100, buf, 16), 0);
	KTEST_EXPECT_EQ_U(t, d.reads, 1);
	KTEST_EXPECT_EQ_U(t, buf[15], 7);
	ext2_bcache_get_stats(&fs, &st);
	KTEST_EXPECT_EQ_U(t, st.misses, 1);
	KTEST_EXPECT_EQ_U(t, st.hits, 1);
	KTEST_EXPECT_EQ_U(t, st.blocks, 1);
	bc_teardown(&d, &fs);
}

/* A write reaches the device only at the flush: once per block however
 * often it changed, lowest block first; a second flush writes nothing. */
static void ext2_bcache_flush_writes_dirty_once(struct ktest *t)
{
	static const u8 v[4] = { 0xa1, 0xa2, 0xa3, 0xa4 };
	struct ext2_bcache_stats st;
	struct ext2_fs fs;
	struct bc_dev d;

	if (!bc_setup(t, &d, &fs))
		return;
	KTEST_EXPECT_EQ(t, ext2_bcache_write(&fs, 9, 10, v, 4), 0);
	KTEST_EXPECT_EQ(t, ext2_bcache_write(&fs, 3, 0, v, 1), 0);
	KTEST_EXPECT_EQ(t, ext2_bcache_write(&fs, 9, 20, v, 4), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 0);
	KTEST_EXPECT_EQ_U(t, d.mem[9 * BC_BS + 10], 9);
	ext2_bcache_get_stats(&fs, &st);
	KTEST_EXPECT_EQ_U(t, st.dirty, 2);
	KTEST_EXPECT_EQ(t, ext2_bcache_flush(&fs), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 2);
	KTEST_EXPECT_EQ_U(t, d.order[0], 3);
	KTEST_EXPECT_EQ_U(t, d.order[1], 9);
	KTEST_EXPECT_EQ_U(t, d.mem[9 * BC_BS + 10], 0xa1);
	KTEST_EXPECT_EQ_U(t, d.mem[9 * BC_BS + 23], 0xa4);
	KTEST_EXPECT_EQ_U(t, d.mem[9 * BC_BS + 24], 9);	/* rest kept */
	KTEST_EXPECT_EQ(t, ext2_bcache_flush(&fs), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 2);
	bc_teardown(&d, &fs);
}

/* A freed block's dirty copy is dropped, never written. */
static void ext2_bcache_forget_drops_dirty(struct ktest *t)
{
	u8 zero[BC_BS] = { 0 };
	struct ext2_fs fs;
	struct bc_dev d;

	if (!bc_setup(t, &d, &fs))
		return;
	KTEST_EXPECT_EQ(t, ext2_bcache_write(&fs, 5, 0, zero, BC_BS), 0);
	KTEST_EXPECT_EQ_U(t, d.reads, 0);	/* a whole block: no read */
	ext2_bcache_forget(&fs, 5);
	KTEST_EXPECT_EQ(t, ext2_bcache_flush(&fs), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 0);
	KTEST_EXPECT_EQ_U(t, d.mem[5 * BC_BS], 5);
	bc_teardown(&d, &fs);
}

/* Never more than the bound; with every block dirty, the eviction
 * writes the least recently used first, so nothing is lost. */
static void ext2_bcache_bounded_lru(struct ktest *t)
{
	unsigned long base = ext2_bcache_nr_pages();
	struct ext2_bcache_stats st;
	struct ext2_fs fs;
	struct bc_dev d;
	u8 v = 0xee;

	if (!bc_setup(t, &d, &fs))
		return;
	for (u32 b = 0; b < EXT2_BCACHE_MAX_BLOCKS; b++)
		KTEST_EXPECT_EQ(t, ext2_bcache_write(&fs, b, 0, &v, 1), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 0);
	KTEST_EXPECT_EQ_U(t, ext2_bcache_nr_pages() - base,
			  EXT2_BCACHE_MAX_BLOCKS * BC_BS / PAGE_SIZE);
	KTEST_EXPECT_EQ(t, ext2_bcache_read(&fs, EXT2_BCACHE_MAX_BLOCKS, 0,
					    &v, 1), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 1);
	KTEST_EXPECT_EQ_U(t, d.order[0], 0);
	KTEST_EXPECT_EQ_U(t, d.mem[0], 0xee);
	ext2_bcache_get_stats(&fs, &st);
	KTEST_EXPECT_EQ_U(t, st.blocks, EXT2_BCACHE_MAX_BLOCKS);
	/* now a clean block is there to evict: no write */
	KTEST_EXPECT_EQ(t, ext2_bcache_read(&fs, EXT2_BCACHE_MAX_BLOCKS + 1, 0,
					    &v, 1), 0);
	KTEST_EXPECT_EQ_U(t, d.writes, 1);
	bc_teardown(&d, &fs);
	KTEST_EXPECT_EQ_U(t, ext2_bcache_nr_pages(), base);
}

/* The drops free clean blocks and keep dirty ones for their flush. */
static void ext2_bcache_drop_keeps_dirty(struct ktest *t)
{
	struct ext2_bcache_stats st;
	struct ext2_fs fs;
	struct bc_dev d;
	u8 got, v = 1;

	if (!bc_setup(t, &d, &fs))
		return;
	for (u32 b = 10; b < 14; b++)
		KTEST_EXPECT_EQ(t, ext2_bcache_read(&fs, b, 0, &got, 1), 0);
	KTEST_EXPECT_EQ(t, ext2_bcache_write(&fs, 11, 0, &v, 1), 0);
	ext2_bcache_drop_clean_all();
	ext2_bcache_get_stats(&fs, &st);
	KTEST_EXPECT_EQ_U(t, st.blocks, 1);
	KTEST_EXPECT_EQ_U(t, st.dirty, 1);
	KTEST_EXPECT_EQ(t, ext2_bcache_flush(&fs), 0);
	KTEST_EXPECT_EQ_U(t, d.mem[11 * BC_BS], 1);
	KTEST_EXPECT_EQ_U(t, ext2_bcache_drop_clean(&d.io), 1);
	ext2_bcache_get_stats(&fs, &st);
	KTEST_EXPECT_EQ_U(t, st.blocks, 0);
	bc_teardown(&d, &fs);
}

#ifdef HOST_BUILD
#include "tests/fs/ext2_test_util.h"

static u16 bc_image_state(struct ext2t_image *im)
{
	return ((struct ext2_super *)(im->mem + EXT2_SUPER_OFFSET))->s_state;
}

/*
 * Linux 6.1's ext2_error(): corruption found on a read-write mount sets
 * EXT2_ERROR_FS in the superblock's s_state, on the device after the
 * sync, so e2fsck checks the image; a read-only mount writes nothing.
 */
static void ext2_error_marks_superblock(struct ktest *t)
{
	struct ext2t_image im;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_EXPECT_EQ_U(t, bc_image_state(&im) & EXT2_ERROR_FS, 0);
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, EXT2_MOUNT_RDONLY, &im.fs), 0);
	KTEST_EXPECT_EQ(t, ext2_free_block(im.fs, 0), -EUCLEAN);
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	ext2_fs_close(im.fs);
	im.fs = NULL;
	KTEST_EXPECT_EQ_U(t, bc_image_state(&im) & EXT2_ERROR_FS, 0);
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	KTEST_EXPECT_EQ(t, ext2_free_block(im.fs, 0), -EUCLEAN);
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	KTEST_EXPECT_EQ_U(t, bc_image_state(&im) & EXT2_ERROR_FS,
			  EXT2_ERROR_FS);
	KTEST_EXPECT_EQ_U(t, bc_image_state(&im) & EXT2_VALID_FS,
			  EXT2_VALID_FS);
out:
	ext2t_image_free(&im);
}

KTEST_SUITE(ext2_error_state, KTEST_CASE(ext2_error_marks_superblock));
#endif

KTEST_SUITE(ext2_bcache,
	    KTEST_CASE(ext2_bcache_second_read_hits),
	    KTEST_CASE(ext2_bcache_flush_writes_dirty_once),
	    KTEST_CASE(ext2_bcache_forget_drops_dirty),
	    KTEST_CASE(ext2_bcache_bounded_lru),
	    KTEST_CASE(ext2_bcache_drop_keeps_dirty));
