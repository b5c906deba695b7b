// SPDX-License-Identifier: MIT
/*
 * The page cache's lock protocol under contention: two readers read
 * /bin/fstest from start to end again and again, and its first page a
 * hundred times after each pass (everything checked against the
 * archive), while a third thread drops the cache as fast as it can.
 * Readers race each other's inserts (the loser frees its page)
 * and reclaim (an idle page goes; one being copied stays). Expected:
 * every pass reads the archive's bytes, and once all is dropped every
 * page was uncharged and freed once (the page and charge invariants).
 */
#include "fs/rootfs.h"
#include "kernel/completion.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "mm/filemap.h"
#include "mm/slab.h"
#include "mm/vmscan.h"
#include "tests/fs/fs_test_util.h"

#define RACE_FILE	"/bin/fstest"
#define RACE_PASSES	20
#define RACE_READERS	2
#define RACE_FIRST_PAGE_READS	100	/* after each whole pass */

struct race {
	const struct initramfs_file *want;
	struct file *file;
	bool stop;			/* [a] readers are done */
	int bad[RACE_READERS];		/* passes that read wrong bytes */
	unsigned long drops;		/* pages the dropper freed */
	struct completion done[RACE_READERS + 1];
};

struct race_reader {
	struct race *race;
	int id;
};

/* Read the whole file into a kmalloc'd buffer; true if it matches. */
static bool read_pass(struct race *r, char *buf)
{
	long n = ft_pread(r->file, buf, r->want->size, 0);

	return n == (long)r->want->size &&
	       !memcmp(buf, r->want->data, r->want->size);
}

/* Read the first page only: where both readers miss at once most. */
static bool read_first_page(struct race *r, char *buf)
{
	size_t n = MIN(r->want->size, (size_t)PAGE_SIZE);

	return ft_pread(r->file, buf, n, 0) == (long)n &&
	       !memcmp(buf, r->want->data, n);
}

static int race_reader_fn(void *arg)
{
	struct race_reader *rr = arg;
	struct race *r = rr->race;
	char *buf = kmalloc(r->want->size, GFP_KERNEL);

	for (int i = 0; buf && i < RACE_PASSES; i++) {
		r->bad[rr->id] += !read_pass(r, buf);
		for (int j = 0; j < RACE_FIRST_PAGE_READS; j++)
			r->bad[rr->id] += !read_first_page(r, buf);
	}
	if (!buf)
		r->bad[rr->id] = -1;
	kfree(buf);
	complete(&r->done[rr->id]);
	return 0;
}

static int race_dropper_fn(void *arg)
{
	struct race *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
		r->drops += vmscan_drop_caches();
	complete(&r->done[RACE_READERS]);
	return 0;
}

static void filemap_read_vs_reclaim(struct ktest *t)
{
	static struct race_reader readers[RACE_READERS];
	static struct race r;
	unsigned long tasks = task_count();
	int err;

	r = (struct race){ .want = initramfs_lookup(RACE_FILE) };
	KTEST_ASSERT_NOT_NULL(t, r.want);
	r.file = ft_open(RACE_FILE, O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, r.file);
	for (int i = 0; i <= RACE_READERS; i++)
		init_completion(&r.done[i]);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(race_dropper_fn, &r,
					     "race_dropper"));
	for (int i = 0; i < RACE_READERS; i++) {
		readers[i] = (struct race_reader){ .race = &r, .id = i };
		if (!kthread_run(race_reader_fn, &readers[i], "race_reader%d",
				 i)) {
			KTEST_FAIL(t, "kthread_run reader %d", i);
			complete(&r.done[i]);
		}
	}
	for (int i = 0; i < RACE_READERS; i++)
		ktest_wait_completion(t, &r.done[i], KTEST_WAIT_MS);
	__atomic_store_n(&r.stop, true, __ATOMIC_RELEASE);
	ktest_wait_completion(t, &r.done[RACE_READERS], KTEST_WAIT_MS);
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	for (int i = 0; i < RACE_READERS; i++)
		KTEST_EXPECT_EQ(t, r.bad[i], 0);
	/* How much racing happened depends on the scheduler: a figure. */
	printk("# filemap race: %d passes, %lu pages dropped meanwhile\n",
	       RACE_READERS * RACE_PASSES, r.drops);
	vmscan_drop_caches();
	KTEST_EXPECT_EQ_U(t, rootfs_mapping(r.file->inode)->nrpages, 0);
	fput(r.file);
}

KTEST_SUITE(filemap, KTEST_CASE(filemap_read_vs_reclaim));
