// SPDX-License-Identifier: MIT
/*
 * ext2 throughput on the memory adapter (kernel only; run when named:
 * ktest.filter=bench_*). A 16 MiB file is written through the VFS in
 * 64 KiB writes (into the page cache: dirty pages, below the dirty
 * limits, so the writer is never throttled), then fsynced (every page
 * written back to the image, its blocks allocated then); the cache is
 * dropped and the file read twice in 64 KiB reads: cold (every page read
 * in by read_folio from the blocks) and warm (every page from the page
 * cache). Prints
 *
 *   # bench ext2_write_seq: <MB/s> MB/s        (write() alone)
 *   # bench ext2_write_fsync: <MB/s> MB/s      (write() and fsync: what
 *                                               reaches the image)
 *   # bench ext2_fsync: <MB/s> MB/s            (the fsync alone: writeback)
 *   # bench ext2_read_cold: <MB/s> MB/s
 *   # bench ext2_read_warm: <MB/s> MB/s
 *
 * The image is the empty 24 MiB one of tools/oomlab/ext2_image.py
 * --sparse, expanded here into a zeroed buffer.
 */
#include "fs/ext2.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "mm/vmscan.h"

#define BENCH_FILE	(16ULL << 20)
#define BENCH_IO	(64U << 10)
#define SPARSE_CHUNK	4096U

/*
 * A device over 4 MiB chunks (the largest block the buddy gives): an
 * adapter of the test's own, as the block layer's will be.
 */
#define DEV_CHUNK	(4U << 20)
#define DEV_CHUNKS	8

struct bench_dev {
	struct ext2_io io;
	u8 *chunk[DEV_CHUNKS];
};

static int bench_dev_rw(struct ext2_io *io, u64 off, void *buf, size_t len,
			bool write)
{
	struct bench_dev *dev = container_of(io, struct bench_dev, io);

	if (off > io->size || len > io->size - off)
		return -EIO;
	while (len) {
		u8 *at = dev->chunk[off / DEV_CHUNK] + off % DEV_CHUNK;
		size_t n = MIN(len, DEV_CHUNK - (size_t)(off % DEV_CHUNK));

		if (write)
			memcpy(at, buf, n);
		else
			memcpy(buf, at, n);
		buf = (u8 *)buf + n;
		off += n;
		len -= n;
	}
	return 0;
}

static int bench_dev_read(struct ext2_io *io, u64 off, void *buf, size_t len)
{
	return bench_dev_rw(io, off, buf, len, false);
}

static int bench_dev_write(struct ext2_io *io, u64 off, const void *buf,
			   size_t len)
{
	return bench_dev_rw(io, off, (void *)buf, len, true);
}

static void bench_dev_free(struct bench_dev *dev)
{
	for (int i = 0; i < DEV_CHUNKS; i++)
		kfree(dev->chunk[i]);
}

/* The image of an E2SPARSE file in @dev. Return: 0, or -EINVAL/-ENOMEM. */
static int bench_expand(const struct initramfs_file *f, struct bench_dev *dev)
{
	const u8 *p = f->data, *end = f->data + f->size;
	u64 size;

	*dev = (struct bench_dev){ .io.read = bench_dev_read,
				   .io.write = bench_dev_write,
				   .io.flush = ext2_io_mem_flush };
	if (f->size < 16 || memcmp(p, "E2SPARSE", 8))
		return -EINVAL;
	memcpy(&size, p + 8, 8);
	if (size > (u64)DEV_CHUNK * DEV_CHUNKS)
		return -EINVAL;
	dev->io.size = size;
	for (u64 i = 0; i * DEV_CHUNK < size; i++) {
		dev->chunk[i] = kzalloc(DEV_CHUNK, GFP_KERNEL);
		if (!dev->chunk[i])
			return -ENOMEM;
	}
	for (p += 16; p + 4 <= end;) {
		u32 idx;

		memcpy(&idx, p, 4);
		p += 4;
		if (idx == 0xffffffff)
			return 0;
		if (p + SPARSE_CHUNK > end ||
		    bench_dev_write(&dev->io, (u64)idx * SPARSE_CHUNK, p,
				    SPARSE_CHUNK))
			break;
		p += SPARSE_CHUNK;
	}
	return -EINVAL;
}

static u64 bench_mbps(u64 bytes, u64 ns)
{
	return ns ? bytes * 1000 / ns : 0;	/* bytes/ns * 1000 = MB/s */
}

/* One pass over the file; Return: ns taken, 0 on a short transfer. */
static u64 bench_pass(struct file *f, u8 *buf, bool write)
{
	u64 start = ktime_get_ns();

	for (loff_t pos = 0; pos < (loff_t)BENCH_FILE;) {
		struct io_buf io = { .base = (char *)buf, .len = BENCH_IO };
		long n = write ? vfs_write(f, &io, &pos) :
				 vfs_read(f, &io, &pos);

		if (n != (long)BENCH_IO)
			return 0;
	}
	return ktime_get_ns() - start;
}

static void bench_ext2_seq(struct ktest *t)
{
	const struct initramfs_file *img =
		initramfs_lookup("ext2/bench.sparse");
	static struct bench_dev dev;
	struct super_block *sb = NULL;
	struct file *f = NULL;
	u64 w = 0, sync = 0, cold = 0, warm = 0;
	u8 *buf;

	KTEST_ASSERT_NOT_NULL(t, img);
	buf = kmalloc(BENCH_IO, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, bench_expand(img, &dev), 0);
	KTEST_EXPECT_EQ(t, ext2_mount(&dev.io, 0, &sb), 0);
	if (!buf || !sb ||
	    vfs_open(sb->root, "big", O_CREAT | O_RDWR, 0644, &f))
		goto out;
	memset(buf, 0x5a, BENCH_IO);
	w = bench_pass(f, buf, true);
	sync = ktime_get_ns();
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	sync = ktime_get_ns() - sync;
	vmscan_drop_caches();
	cold = bench_pass(f, buf, false);
	warm = bench_pass(f, buf, false);
	fput(f);
	KTEST_EXPECT(t, w && cold && warm);
	ktest_log(t, "bench ext2_write_seq: %llu MB/s",
		  (unsigned long long)bench_mbps(BENCH_FILE, w));
	ktest_log(t, "bench ext2_write_fsync: %llu MB/s",
		  (unsigned long long)bench_mbps(BENCH_FILE, w + sync));
	ktest_log(t, "bench ext2_fsync: %llu MB/s",
		  (unsigned long long)bench_mbps(BENCH_FILE, sync));
	ktest_log(t, "bench ext2_read_cold: %llu MB/s",
		  (unsigned long long)bench_mbps(BENCH_FILE, cold));
	ktest_log(t, "bench ext2_read_warm: %llu MB/s",
		  (unsigned long long)bench_mbps(BENCH_FILE, warm));
out:
	KTEST_EXPECT_NOT_NULL(t, f);
	if (sb)
		KTEST_EXPECT_EQ(t, ext2_kill_sb(sb), 0);
	bench_dev_free(&dev);
	kfree(buf);
}

KTEST_SUITE(bench_ext2, KTEST_CASE(bench_ext2_seq));
