// SPDX-License-Identifier: MIT
/*
 * File-backed mmap (mm/mmap.c, mm/fault.c, mm/filemap.c) of /slow/data,
 * whose bytes are known (slowfs_byte()): a read fault maps the cache
 * page itself, read-only and counted as file RSS, and reclaim leaves it
 * alone while mapped; a write to a private mapping copies it into an
 * anonymous page and the cache keeps the file's bytes; the errnos of
 * what cannot be mapped; the reaper takes a private file mapping and
 * leaves a shared one; and a fault on a slow page-in holds the mmap
 * lock for reading across the "I/O", blocking a writer.
 */
#include "fs/slowfs.h"
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "kernel/kthread.h"
#include "kernel/rwsem.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/fault.h"
#include "mm/filemap.h"
#include "mm/mmap.h"
#include "mm/oom_reaper.h"
#include "mm/oom_reaper_design.h"
#include "mm/vmscan.h"
#include "tests/fs/fs_test_util.h"
#include "tests/mm/mm_test_util.h"

#define READ_FAULT	FAULT_FLAG_USER
#define WRITE_FAULT	(FAULT_FLAG_USER | FAULT_FLAG_WRITE)
#define PG(n)		(TEST_VA + (n) * PAGE_SIZE)
#define FILE_PAGES	4UL	/* mapped: file pages 2..5 */
#define FIRST_INDEX	2UL
#define SLOW_DELAY_MS	400U

/* Does the page at @va hold file page @index's bytes? */
static bool holds_file_page(struct mm *mm, vaddr_t va, unsigned long index)
{
	volatile u64 *w = user_word(mm, va);
	const u8 *p = (const u8 *)w;

	if (!w)
		return false;
	for (unsigned long k = 0; k < PAGE_SIZE; k++)
		if (p[k] != slowfs_byte(index, k))
			return false;
	return true;
}

static bool writable_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	return arch_pt_populated(&mm->pt, va, &leaf) &&
	       arch_pte_writable(leaf);
}

static struct page *page_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	if (!arch_pt_populated(&mm->pt, va, &leaf))
		return NULL;
	return pfn_to_page(arch_pte_paddr(leaf) >> PAGE_SHIFT);
}

/* /slow/data mapped at PG(0) as @prot/@flags; NULL on failure. */
static struct mm *map_data(struct ktest *t, struct file **f,
			   unsigned long prot, unsigned long flags)
{
	struct mm *mm = mm_alloc();
	int err;

	*f = ft_open(SLOWFS_DATA, O_RDONLY, &err);
	if (!mm || !*f) {
		KTEST_FAIL(t, "mm_alloc or open %s: %d", SLOWFS_DATA, err);
		if (mm)
			mmput(mm);
		if (*f)
			fput(*f);
		return NULL;
	}
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(0), FILE_PAGES * PAGE_SIZE,
					prot, flags | MAP_FIXED, *f,
					FIRST_INDEX * PAGE_SIZE),
			PG(0));
	return mm;
}

/*
 * A read fault maps the cache page itself (the same page a second mm
 * maps), read-only, counted in MM_FILEPAGES and mapcount; reclaim skips
 * it while mapped and takes it once unmapped.
 * Bugs caught: a cache page counted as anon/shmem RSS; a mapped page
 * dropped by reclaim; a writable entry on a cache page.
 */
static void filemap_mmap_read_maps_cache_page(struct ktest *t)
{
	struct address_space *mapping = slowfs_data_mapping();
	struct file *f, *g;
	struct mm *mm = map_data(t, &f, PROT_READ, MAP_PRIVATE);
	struct mm *mm2;
	struct page *page;

	if (!mm)
		return;
	mm2 = map_data(t, &g, PROT_READ, MAP_SHARED);
	if (!mm2)
		goto out;
	vmscan_drop_caches();
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(1), READ_FAULT), 0);
	KTEST_EXPECT_EQ_U(t, fault_handle(mm2, PG(1), READ_FAULT), 0);
	KTEST_EXPECT(t, holds_file_page(mm, PG(1), FIRST_INDEX + 1));
	page = page_at(mm, PG(1));
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_EXPECT(t, page == page_at(mm2, PG(1)));
	KTEST_EXPECT_EQ(t, page_mapcount(page), 2);
	KTEST_EXPECT(t, !(page->flags & (PG_user | PG_anon)));
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_FILEPAGES), 1);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, mm_rss(mm2, MM_FILEPAGES), 1);
	KTEST_EXPECT_EQ(t, mm_rss(mm2, MM_SHMEMPAGES), 0);
	vmscan_drop_caches();
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, 1);
	KTEST_EXPECT(t, holds_file_page(mm, PG(1), FIRST_INDEX + 1));
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(0), FILE_PAGES * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_FILEPAGES), 0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_SHMEMPAGES), 0);
	KTEST_EXPECT_EQ(t, page_mapcount(page), 1);
	mmput(mm2);
	fput(g);
	vmscan_drop_caches();
	KTEST_EXPECT_EQ_U(t, mapping->nrpages, 0);
out:
	mmput(mm);
	fput(f);
}

/*
 * A private writable mapping: a read maps the cache page read-only; a
 * write then copies it into an anonymous page (file RSS 1 -> anon 1),
 * and a write to a page not yet mapped copies directly. The cache page
 * keeps the file's bytes.
 * Bugs caught: a write fault upgrading the cache page's entry in place
 * (the file's bytes change for every reader); the copy not uncounting
 * the cache page.
 */
static void filemap_mmap_private_write_copies(struct ktest *t)
{
	struct file *f;
	struct mm *mm = map_data(t, &f, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	struct page *cached;
	char buf[8];

	if (!mm)
		return;
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(0), READ_FAULT), 0);
	cached = page_at(mm, PG(0));
	KTEST_ASSERT_NOT_NULL(t, cached);
	KTEST_EXPECT(t, !writable_at(mm, PG(0)));
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(0), WRITE_FAULT), 0);
	KTEST_EXPECT(t, page_at(mm, PG(0)) != cached);
	KTEST_EXPECT(t, writable_at(mm, PG(0)));
	KTEST_EXPECT(t, holds_file_page(mm, PG(0), FIRST_INDEX));
	*user_word(mm, PG(0)) = ~0ULL;
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(2), WRITE_FAULT), 0);
	*user_word(mm, PG(2)) = ~0ULL;
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_FILEPAGES), 0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 2);
	KTEST_EXPECT_EQ(t, page_mapcount(cached), 0);
	/* read() sees the file, not the private copies. */
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(buf),
				    FIRST_INDEX * PAGE_SIZE), sizeof(buf));
	KTEST_EXPECT_EQ(t, (u8)buf[0], slowfs_byte(FIRST_INDEX, 0));
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(buf),
				    (FIRST_INDEX + 2) * PAGE_SIZE),
			sizeof(buf));
	KTEST_EXPECT_EQ(t, (u8)buf[0], slowfs_byte(FIRST_INDEX + 2, 0));
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(0), FILE_PAGES * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	mmput(mm);
	fput(f);
	vmscan_drop_caches();
}

/*
 * What cannot be mapped gets Linux's errno and maps nothing: a shared
 * writable mapping and mprotect(PROT_WRITE) of a shared one (-EACCES:
 * read-only files), a file without a page cache (-ENODEV), a private
 * file mapping that grows down (-EINVAL), no file (-EBADF); a fault
 * past the end of the file is SIGBUS.
 */
static void filemap_mmap_errnos(struct ktest *t)
{
	struct file *f, *proc;
	struct mm *mm = map_data(t, &f, PROT_READ, MAP_SHARED);
	int err;

	if (!mm)
		return;
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(16), PAGE_SIZE,
					PROT_READ | PROT_WRITE,
					MAP_SHARED | MAP_FIXED, f, 0),
			-EACCES);
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(16), PAGE_SIZE, PROT_READ,
					MAP_PRIVATE | MAP_FIXED |
						MAP_GROWSDOWN, f, 0),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(16), PAGE_SIZE, PROT_READ,
					MAP_PRIVATE | MAP_FIXED, NULL, 0),
			-EBADF);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(0), PAGE_SIZE,
				       PROT_READ | PROT_WRITE), -EACCES);
	proc = ft_open("/proc/meminfo", O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, proc);
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(16), PAGE_SIZE, PROT_READ,
					MAP_PRIVATE | MAP_FIXED, proc, 0),
			-ENODEV);
	fput(proc);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(16), PAGE_SIZE, PROT_READ,
					MAP_PRIVATE | MAP_FIXED, f,
					SLOWFS_DATA_PAGES * PAGE_SIZE),
			PG(16));
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(16), READ_FAULT),
			  VM_FAULT_SIGBUS);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	mmput(mm);
	fput(f);
}

/*
 * The OOM reaper unmaps a private file mapping (its file RSS goes; the
 * cache keeps the pages) and leaves a shared one mapped, as Linux's
 * __oom_reap_task_mm() reaps only anonymous or private VMAs.
 * Bug caught: shared file VMAs reaped (or private ones skipped).
 */
static void filemap_mmap_reaper_skips_shared(struct ktest *t)
{
	struct file *f;
	struct mm *mm = map_data(t, &f, PROT_READ, MAP_SHARED);
	bool busy = false;

	if (!mm)
		return;
	KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(8), FILE_PAGES * PAGE_SIZE,
					PROT_READ, MAP_PRIVATE | MAP_FIXED, f,
					0),
			PG(8));
	for (unsigned long i = 0; i < FILE_PAGES; i++) {
		KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(i), READ_FAULT), 0);
		KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(8 + i), READ_FAULT),
				  0);
	}
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_FILEPAGES), 2 * FILE_PAGES);
	mmap_read_lock(mm);
	oom_reaper_reap_mm(mm, oom_reaper_policy(OOM_REAPER_RPMOD), &busy);
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_FILEPAGES), FILE_PAGES);
	KTEST_EXPECT_NOT_NULL(t, user_word(mm, PG(0)));
	KTEST_EXPECT_NULL(t, user_word(mm, PG(8)));
	mmput(mm);
	fput(f);
	vmscan_drop_caches();
}

struct slow_fault {
	struct mm *mm;
	vm_fault_t ret;
	struct completion done;
};

static int slow_faulter_fn(void *arg)
{
	struct slow_fault *sf = arg;

	sf->ret = fault_handle(sf->mm, PG(3), READ_FAULT);
	complete(&sf->done);
	return 0;
}

/*
 * A fault that misses the cache of the slow file sleeps in D state in
 * read_folio with the mmap lock held for reading (Linux 4.19's
 * filemap_fault()): a writer cannot get the lock meanwhile.
 * Bugs caught: the fault dropping the lock for the read (6.1's
 * behaviour); a page-in that does not sleep.
 */
static void filemap_mmap_slow_fault_holds_lock(struct ktest *t)
{
	static struct slow_fault sf;
	unsigned long reads = slowfs_nr_reads();
	unsigned long tasks = task_count();
	struct file *f;

	sf = (struct slow_fault){ .mm = map_data(t, &f, PROT_READ,
						 MAP_PRIVATE) };
	if (!sf.mm)
		return;
	vmscan_drop_caches();
	init_completion(&sf.done);
	slowfs_set_delay_ms(SLOW_DELAY_MS);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(slow_faulter_fn, &sf,
					     "slow_faulter"));
	if (ktest_wait_until(t, slowfs_nr_reading() == 1, KTEST_WAIT_MS)) {
		bool got = down_write_trylock(&sf.mm->mmap_lock);

		KTEST_EXPECT(t, !got);
		if (got)
			up_write(&sf.mm->mmap_lock);
	}
	ktest_wait_completion(t, &sf.done, KTEST_WAIT_MS);
	slowfs_set_delay_ms(0);
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ_U(t, sf.ret, 0);
	KTEST_EXPECT_EQ_U(t, slowfs_nr_reads() - reads, 1);
	KTEST_EXPECT(t, holds_file_page(sf.mm, PG(3), FIRST_INDEX + 3));
	mmput(sf.mm);
	fput(f);
	vmscan_drop_caches();
}

KTEST_SUITE(filemap_mmap, KTEST_CASE(filemap_mmap_read_maps_cache_page),
	    KTEST_CASE(filemap_mmap_private_write_copies),
	    KTEST_CASE(filemap_mmap_errnos),
	    KTEST_CASE(filemap_mmap_reaper_skips_shared),
	    KTEST_CASE(filemap_mmap_slow_fault_holds_lock));
