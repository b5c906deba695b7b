// SPDX-License-Identifier: MIT
/*
 * ext2 through the page cache on the disks `make bench` attaches (kernel
 * only; run when named: ktest.filter=bench_*): the empty 24 MiB image of
 * tools/oomlab/ext2_image.py --sparse is written to vda (virtio-blk) and
 * to sda (AHCI), mounted with mount(2)'s path, and a 4 MiB file is
 * written in 64 KiB writes and fsynced, then, the cache dropped, read
 * twice in 64 KiB reads: cold (every page read in from the disk) and
 * warm (from the cache). With the file cached, one reclaim call on the
 * root memory cgroup frees it: how many pages reclaim scans and frees
 * per millisecond. Prints, for DEV vda and sda (a device the boot lacks
 * is skipped):
 *
 *   # bench ext2_DEV_write_fsync: <MB/s> MB/s   (write() and fsync)
 *   # bench ext2_DEV_read_cold: <MB/s> MB/s
 *   # bench ext2_DEV_read_warm: <MB/s> MB/s
 *   # bench reclaim_file_scanned_per_ms: <pages/ms> pages/ms  (vda's)
 *   # bench reclaim_file_freed_per_ms: <pages/ms> pages/ms
 *
 * Then the same loops from user space: user/diskbench on both disks (its
 * own mount(2), write(2), fsync(2), drop_caches, read(2)), the program
 * make bench runs as Linux's /init for the Linux column; its figures
 * (diskbench_DEV_*) are logged here as it printed them.
 */
#include <arch/layout.h>
#include "block/blkdev.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "mm/memcg.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/kernel/user_run.h"

#define BENCH_FILE	(4ULL << 20)
#define BENCH_IO	(64U << 10)
#define DISKBENCH_MS	300000		/* a debug build under load */

/* MB/s in hundredths: a disk through ext2 may move under 1 MB/s. */
static u64 bench_mbps100(u64 bytes, u64 ns)
{
	return ns ? bytes * 100000 / ns : 0;	/* bytes/ns * 1000 = MB/s */
}

static void bench_log(struct ktest *t, const char *dev, const char *what,
		      u64 ns)
{
	u64 v = bench_mbps100(BENCH_FILE, ns);

	ktest_log(t, "bench ext2_%s_%s: %llu.%02llu MB/s", dev, what,
		  (unsigned long long)(v / 100), (unsigned long long)(v % 100));
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

/* The cached file's pages freed by reclaim on the root memcg: pages
 * scanned and freed per ms. */
static void bench_reclaim(struct ktest *t)
{
	long scan0 = vmscan_event_read(&root_memcg, VMSCAN_PGSCAN);
	u64 start = ktime_get_ns(), us;
	unsigned long freed;
	long scanned;

	freed = try_to_free_mem_cgroup_pages(&root_memcg,
					     BENCH_FILE / PAGE_SIZE,
					     GFP_KERNEL);
	us = (ktime_get_ns() - start) / 1000;
	scanned = vmscan_event_read(&root_memcg, VMSCAN_PGSCAN) - scan0;
	KTEST_EXPECT_GE(t, freed, BENCH_FILE / PAGE_SIZE / 2);
	ktest_log(t, "bench reclaim_file_scanned_per_ms: %llu pages/ms",
		  (unsigned long long)(us ? scanned * 1000ULL / us : 0));
	ktest_log(t, "bench reclaim_file_freed_per_ms: %llu pages/ms",
		  (unsigned long long)(us ? freed * 1000ULL / us : 0));
}

/* The file written, synced and read back cold and warm on @dir. */
static void bench_file(struct ktest *t, const char *dev, const char *dir,
		       bool reclaim)
{
	char path[64];
	struct file *f;
	u64 w, sync, cold, warm;
	u8 *buf = kmalloc(BENCH_IO, GFP_KERNEL);

	snprintf(path, sizeof(path), "%s/big", dir);
	if (!KTEST_EXPECT_NOT_NULL(t, buf) ||
	    !KTEST_EXPECT_EQ(t, vfs_open(vfs_root(), path, O_CREAT | O_RDWR,
					 0644, &f), 0))
		goto out;
	memset(buf, 0x5a, BENCH_IO);
	/* each figure printed as it comes: a slow disk keeps talking */
	w = bench_pass(f, buf, true);
	sync = ktime_get_ns();
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	sync = ktime_get_ns() - sync;
	bench_log(t, dev, "write_fsync", w + sync);
	vmscan_drop_caches();
	cold = bench_pass(f, buf, false);
	bench_log(t, dev, "read_cold", cold);
	warm = bench_pass(f, buf, false);
	bench_log(t, dev, "read_warm", warm);
	if (reclaim)
		bench_reclaim(t);
	fput(f);
	KTEST_EXPECT(t, w && cold && warm);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), path), 0);
out:
	kfree(buf);
}

static void bench_ext2_on(struct ktest *t, const char *dev, bool reclaim)
{
	struct block_device *bdev = blk_lookup(dev);
	char dir[32], source[32];

	if (!bdev)
		KTEST_SKIP(t, "no such disk (make bench attaches it)");
	snprintf(dir, sizeof(dir), "/tmp/bench_%s", dev);
	snprintf(source, sizeof(source), "/dev/%s", dev);
	KTEST_ASSERT_EQ(t, ext2t_stream_sparse(bdev, "ext2/bench.sparse"), 0);
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), dir, 0755), 0);
	if (KTEST_EXPECT_EQ(t, mount_ext2(source, dir), 0)) {
		bench_file(t, dev, dir, reclaim);
		KTEST_EXPECT_EQ(t, umount_dir(dir), 0);
	}
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), dir), 0);
}

static void bench_ext2_vda(struct ktest *t)
{
	bench_ext2_on(t, "vda", true);
}

static void bench_ext2_sda(struct ktest *t)
{
	bench_ext2_on(t, "sda", false);
}

static struct user_run run;

/* user/diskbench on vda and sda, fresh images on both; its figures. */
static void bench_ext2_diskbench(struct ktest *t)
{
	struct block_device *vda = blk_lookup("vda"), *sda = blk_lookup("sda");
	const char *line;

	if (!vda || !sda)
		KTEST_SKIP(t, "no vda and sda (make bench attaches them)");
	KTEST_ASSERT_EQ(t, ext2t_stream_sparse(vda, "ext2/bench.sparse"), 0);
	KTEST_ASSERT_EQ(t, ext2t_stream_sparse(sda, "ext2/bench.sparse"), 0);
	if (user_run(t, &run, DISKBENCH_MS, "/bin/diskbench", "--disks",
		     "vda,sda", "--dir", "/tmp", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out, "diskbench: done"));
	for (line = strstr(run.out, "# bench "); line;
	     line = strstr(line + 1, "# bench ")) {
		const char *eol = strchr(line, '\n');

		ktest_log(t, "%.*s", (int)(eol ? eol - line - 2 :
					   (long)strlen(line + 2)), line + 2);
	}
}

KTEST_SUITE(bench_ext2_disk,
	    KTEST_CASE(bench_ext2_vda),
	    KTEST_CASE(bench_ext2_sda),
	    KTEST_CASE(bench_ext2_diskbench));
