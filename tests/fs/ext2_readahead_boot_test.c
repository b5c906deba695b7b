// SPDX-License-Identifier: MIT
/*
 * ext2 read-ahead against a disk that fails or stalls on demand: "era0",
 * a test block device over a copy of ext2/wb.sparse (1 MiB, 4 KiB
 * blocks) whose reads fail with -EIO while era_fail is set, and wait,
 * parked, while era_hold is set, until the test completes them. A
 * 16-page file of a pattern is written, fsynced and dropped from the
 * cache first.
 *
 *   io_error    with reads failing, read(2) of page 0 returns -EIO (the
 *               window's pages are dropped, and the reader's own read of
 *               the page reports the error, as Linux's filemap_read()
 *               does); no page of the file stays cached; once the disk
 *               heals the same read returns the bytes.
 *   one_fill    thread A faults page 5 and stalls in the disk (its
 *               read-around holds pages 0-15); thread B faults page 5 and
 *               waits for A's pages instead of reading them again: the
 *               disk moves as many sectors as one cold fault alone.
 */
#include <arch/layout.h>
#include "kernel/kthread.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "mm/filemap.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"

#define ERA_DIR		"/tmp/era"
#define ERA_FILE	ERA_DIR "/f"
#define ERA_PAGES	16U
#define ERA_MAX_PARKED	64

static struct block_device era_dev = { .name = "era0" };
static u8 *era_image;			/* [I] while registered */
static u64 era_size;			/* [I] */
static bool era_fail;			/* [a] reads fail */
static bool era_hold;			/* [a] reads park */
static struct blk_request *era_parked[ERA_MAX_PARKED];	/* [a] slots */
static unsigned int era_nr_parked;	/* [a] */

/* Serve @rq from the image (or fail it) and complete it. */
static void era_serve(struct blk_request *rq)
{
	u64 pos = rq->sector << SECTOR_SHIFT;
	bool fail = rq->op == BLK_READ &&
		    __atomic_load_n(&era_fail, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; !fail && rq->op != BLK_FLUSH &&
				 i < rq->nr_segs; i++) {
		if (rq->op == BLK_WRITE)
			memcpy(era_image + pos, rq->segs[i].buf,
			       rq->segs[i].len);
		else
			memcpy(rq->segs[i].buf, era_image + pos,
			       rq->segs[i].len);
		pos += rq->segs[i].len;
	}
	blk_request_done(rq, fail ? -EIO : 0);
}

static int era_queue_rq(struct block_device *bdev, struct blk_request *rq)
{
	(void)bdev;
	if (rq->op == BLK_READ &&
	    __atomic_load_n(&era_hold, __ATOMIC_ACQUIRE)) {
		unsigned int n = __atomic_fetch_add(&era_nr_parked, 1,
						    __ATOMIC_ACQ_REL);

		if (n < ERA_MAX_PARKED) {
			__atomic_store_n(&era_parked[n], rq, __ATOMIC_RELEASE);
			return 0;
		}
	}
	era_serve(rq);
	return 0;
}

static const struct blk_driver_ops era_ops = { .queue_rq = era_queue_rq };

/* Stop parking and serve what was parked. */
static void era_release(void)
{
	unsigned int n;

	__atomic_store_n(&era_hold, false, __ATOMIC_RELEASE);
	n = MIN(__atomic_load_n(&era_nr_parked, __ATOMIC_ACQUIRE),
		(unsigned int)ERA_MAX_PARKED);
	for (unsigned int i = 0; i < n; i++) {
		struct blk_request *rq;

		while (!(rq = __atomic_load_n(&era_parked[i],
					      __ATOMIC_ACQUIRE)))
			schedule();	/* stored right after the count */
		era_parked[i] = NULL;
		era_serve(rq);
	}
	era_nr_parked = 0;
}

static u64 era_sectors_read(void)
{
	struct blk_stats st;

	blk_stats_read(&era_dev, &st);
	return st.sectors[BLK_STAT_READ];
}

static u8 era_byte(u64 i)
{
	return (u8)(i * 29 + i / PAGE_SIZE + 1);
}

/*
 * era0 registered, the file written, fsynced and out of the cache.
 * Return: it open, or NULL (@t failed; era_down() undoes the rest).
 */
static struct file *era_up(struct ktest *t)
{
	const struct initramfs_file *img = initramfs_lookup("ext2/wb.sparse");
	static u8 buf[ERA_PAGES * PAGE_SIZE];
	struct file *f;
	int err;

	era_image = img ? ext2t_expand(img, &era_size) : NULL;
	if (!KTEST_EXPECT_NOT_NULL(t, era_image))
		return NULL;
	era_dev.nr_sectors = era_size / SECTOR_SIZE;
	era_dev.logical_block_size = SECTOR_SIZE;
	era_dev.max_segs = BLK_MAX_SEGS;
	era_dev.depth = 4;
	era_dev.ops = &era_ops;
	if (!KTEST_EXPECT_EQ(t, blk_register(&era_dev), 0) ||
	    !KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), ERA_DIR, 0755), 0) ||
	    !KTEST_EXPECT_EQ(t, mount_ext2("/dev/era0", ERA_DIR), 0))
		return NULL;
	for (u64 i = 0; i < sizeof(buf); i++)
		buf[i] = era_byte(i);
	f = ft_open(ERA_FILE, O_CREAT | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, ft_pwrite(f, buf, sizeof(buf), 0),
			     (long)sizeof(buf)) ||
	    !KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0)) {
		fput(f);
		return NULL;
	}
	vmscan_drop_caches();
	return f;
}

/* Undo era_up() as far as it went. */
static void era_down(struct ktest *t, struct file *f)
{
	struct dentry *d;

	__atomic_store_n(&era_fail, false, __ATOMIC_RELEASE);
	era_release();
	if (f) {
		fput(f);
		KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), ERA_FILE), 0);
	}
	if (!vfs_lookup(vfs_root(), ERA_DIR, &d)) {
		dput(d);
		umount_dir(ERA_DIR);
		KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), ERA_DIR), 0);
	}
	if (blk_lookup("era0") == &era_dev)
		blk_unregister(&era_dev);
	kfree(era_image);
	era_image = NULL;
	vmscan_drop_caches();
}

static void ext2_readahead_io_error(struct ktest *t)
{
	static u8 page[PAGE_SIZE];
	struct file *f = era_up(t);

	if (!f)
		goto out;
	__atomic_store_n(&era_fail, true, __ATOMIC_RELEASE);
	KTEST_EXPECT_EQ(t, ft_pread(f, page, PAGE_SIZE, 0), -EIO);
	KTEST_EXPECT_EQ_U(t, f->f_op->mapping(f)->nrpages, 0);
	__atomic_store_n(&era_fail, false, __ATOMIC_RELEASE);
	KTEST_EXPECT_EQ(t, ft_pread(f, page, PAGE_SIZE, PAGE_SIZE),
			(long)PAGE_SIZE);
	KTEST_EXPECT_EQ(t, page[7], era_byte(PAGE_SIZE + 7));
out:
	era_down(t, f);
}

struct era_faulter {
	struct address_space *mapping;
	int err;
	u8 byte;			/* the page's first byte */
	bool done;			/* [a] */
};

/* Fault page 5 in, note what came, then wait to be stopped. */
static int era_fault_thread(void *arg)
{
	struct era_faulter *e = arg;
	struct page *page;

	e->err = filemap_fault(e->mapping, 5, &page);
	if (!e->err) {
		e->byte = *(u8 *)page_address(page);
		filemap_put_page(page);
	}
	__atomic_store_n(&e->done, true, __ATOMIC_RELEASE);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static bool era_sleeping(struct task *k)
{
	return __atomic_load_n(&k->state, __ATOMIC_ACQUIRE) != TASK_RUNNING;
}

/* Sectors one cold fault of page 5 reads, alone. */
static u64 era_one_fault(struct ktest *t, struct address_space *m)
{
	u64 before = era_sectors_read();
	struct page *page;

	m->fault_ra = (struct file_ra_state){ 0 };
	if (KTEST_EXPECT_EQ(t, filemap_fault(m, 5, &page), 0))
		filemap_put_page(page);
	vmscan_drop_caches();
	return era_sectors_read() - before;
}

static void ext2_readahead_one_fill(struct ktest *t)
{
	struct era_faulter a = { 0 }, b = { 0 };
	struct task *ka = NULL, *kb = NULL;
	struct file *f = era_up(t);
	u64 alone, both;

	if (!f)
		goto out;
	a.mapping = b.mapping = f->f_op->mapping(f);
	alone = era_one_fault(t, a.mapping);
	a.mapping->fault_ra = (struct file_ra_state){ 0 };
	both = era_sectors_read();
	__atomic_store_n(&era_hold, true, __ATOMIC_RELEASE);
	ka = kthread_run(era_fault_thread, &a, "era_a");
	if (!KTEST_EXPECT_NOT_NULL(t, ka) ||
	    !ktest_wait_until(t, __atomic_load_n(&era_nr_parked,
						 __ATOMIC_ACQUIRE),
			      KTEST_WAIT_MS))
		goto out_release;
	kb = kthread_run(era_fault_thread, &b, "era_b");
	if (KTEST_EXPECT_NOT_NULL(t, kb))
		ktest_wait_until(t, era_sleeping(kb), KTEST_WAIT_MS);
out_release:
	era_release();
	ktest_wait_until(t, __atomic_load_n(&a.done, __ATOMIC_ACQUIRE) &&
			    (!kb || __atomic_load_n(&b.done, __ATOMIC_ACQUIRE)),
			 KTEST_WAIT_MS);
	both = era_sectors_read() - both;
	ktest_log(t, "one fault read %llu sectors, two at once %llu",
		  (unsigned long long)alone, (unsigned long long)both);
	KTEST_EXPECT_EQ(t, a.err, 0);
	KTEST_EXPECT_EQ(t, b.err, 0);
	KTEST_EXPECT_EQ(t, a.byte, era_byte(5 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, b.byte, era_byte(5 * PAGE_SIZE));
	KTEST_EXPECT_EQ_U(t, both, alone);
	if (ka)
		kthread_stop(ka);
	if (kb)
		kthread_stop(kb);
out:
	era_down(t, f);
}

KTEST_SUITE(ext2_readahead_disk, KTEST_CASE(ext2_readahead_io_error),
	    KTEST_CASE(ext2_readahead_one_fill));
