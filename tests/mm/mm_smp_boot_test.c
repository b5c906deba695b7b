// SPDX-License-Identifier: MIT
/*
 * Address spaces under concurrency and across CPUs: 64 kernel threads
 * faulting one mm at once, TLB shootdown reaching another CPU that has
 * the mm loaded, and mmu-notifier callbacks (the mirror driver) with
 * their ranges and blockable flags, and the mirror's snapshot racing
 * MADV_DONTNEED.
 */
#include <arch/smp.h>
#include "drivers/mirror.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page.h"
#include "mm/page_alloc.h"
#include "tests/mm/mm_test_util.h"

#define NR_FAULTERS	64
#define FAULT_PAGES	256	/* each thread touches all of them */
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

struct faulters {
	struct mm *mm;
	int remaining;			/* [a] threads still running */
	int errors;			/* [a] faults that failed */
	struct completion done;
};

static int fault_all(void *arg)
{
	struct faulters *f = arg;
	unsigned int first = (unsigned int)(current->pid * 7) % FAULT_PAGES;

	for (unsigned int i = 0; i < FAULT_PAGES; i++) {
		vaddr_t va = TEST_VA +
			     ((first + i) % FAULT_PAGES) * PAGE_SIZE;

		if (fault_handle(f->mm, va, FAULT_FLAG_USER | FAULT_FLAG_WRITE))
			__atomic_add_fetch(&f->errors, 1, __ATOMIC_RELAXED);
	}
	if (!__atomic_sub_fetch(&f->remaining, 1, __ATOMIC_ACQ_REL))
		complete(&f->done);
	return 0;
}

/* 64 threads write-fault the same 256 pages, each from its own starting
 * page: every fault succeeds, each page is mapped exactly once (RSS 256)
 * and losers of a race give their page back (the invariants). */
static void concurrent_faults_64_threads(struct ktest *t)
{
	unsigned long base = task_count();
	struct faulters f = { .remaining = NR_FAULTERS };

	f.mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, f.mm);
	init_completion(&f.done);
	KTEST_EXPECT_EQ(t, do_mmap(f.mm, TEST_VA, FAULT_PAGES * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			TEST_VA);
	for (int i = 0; i < NR_FAULTERS; i++)
		KTEST_ASSERT_NOT_NULL(t, kthread_run(fault_all, &f,
						     "faulter%d", i));
	ktest_wait_completion(t, &f.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, f.errors, 0);
	KTEST_EXPECT_EQ(t, mm_rss(f.mm, MM_ANONPAGES), FAULT_PAGES);
	for (unsigned int i = 0; i < FAULT_PAGES; i++)
		KTEST_EXPECT(t, arch_pt_populated(&f.mm->pt,
						  TEST_VA + i * PAGE_SIZE,
						  NULL));
	mmput(f.mm);
}

struct tlb_probe {
	struct mm *mm;
	int stage;			/* [a] 1: first read done; 2: go */
	u64 first, second;
	struct completion done;
};

static int tlb_reader(void *arg)
{
	struct tlb_probe *p = arg;

	preempt_disable();
	mm_use(p->mm);
	p->first = arch_mmu_read_user_word(TEST_VA);
	__atomic_store_n(&p->stage, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&p->stage, __ATOMIC_ACQUIRE) != 2)
		arch_cpu_relax();
	p->second = arch_mmu_read_user_word(TEST_VA);
	mm_unuse(p->mm);
	preempt_enable();
	complete(&p->done);
	return 0;
}

/*
 * CPU 1 loads the mm and reads TEST_VA (its TLB now caches the entry).
 * This CPU replaces the page behind TEST_VA (MAP_FIXED over it, new
 * content). CPU 1 reads again: without the shootdown its stale TLB entry
 * still points at the old page. The case holds a reference on the old
 * page across the replacement, so the old page keeps its old value and
 * the new page cannot be the old one handed straight back by the buddy
 * allocator (a stale entry would then read the new value and hide the
 * missing shootdown).
 * Expected: first read the old value, second read the new one.
 */
static void tlb_shootdown_reaches_other_cpu(struct ktest *t)
{
	unsigned long base = task_count();
	struct tlb_probe p = { 0 };
	struct page *old_page;
	volatile u64 *old_word;
	struct task *k;

	if (sched_nr_cpus() < 2)
		KTEST_SKIP(t, "needs two CPUs");
	p.mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, p.mm);
	init_completion(&p.done);
	KTEST_EXPECT_EQ(t, do_mmap(p.mm, TEST_VA, PAGE_SIZE, RW,
				   ANON | MAP_FIXED | MAP_POPULATE, -1, 0),
			TEST_VA);
	old_word = user_word(p.mm, TEST_VA);
	KTEST_ASSERT_NOT_NULL(t, old_word);
	*old_word = 0xaaaa1111;
	old_page = virt_to_page((const void *)old_word);
	page_get(old_page);
	k = kthread_create(tlb_reader, &p, "tlb-reader");
	KTEST_ASSERT_NOT_NULL(t, k);
	kthread_bind(k, smp_processor_id() == 1 ? 2 % sched_nr_cpus() : 1);
	wake_up_process(k);
	ktest_wait_until(t, __atomic_load_n(&p.stage, __ATOMIC_ACQUIRE) == 1,
			 KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, do_mmap(p.mm, TEST_VA, PAGE_SIZE, RW,
				   ANON | MAP_FIXED | MAP_POPULATE, -1, 0),
			TEST_VA);
	KTEST_EXPECT(t, user_word(p.mm, TEST_VA) != old_word);
	*user_word(p.mm, TEST_VA) = 0xbbbb2222;
	__atomic_store_n(&p.stage, 2, __ATOMIC_RELEASE);
	ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, p.first, 0xaaaa1111);
	KTEST_EXPECT_EQ(t, p.second, 0xbbbb2222);
	KTEST_EXPECT_EQ(t, *old_word, 0xaaaa1111);
	put_user_page(old_page);
	mmput(p.mm);
}

/*
 * The mirror sees munmap and mprotect as blockable invalidations with
 * the exact ranges (each drops the device entries of its range); a
 * non-blockable start over live entries with a drain time is refused
 * with -EAGAIN (and nothing stays started); over
 * no live entries it succeeds; exit_mmap releases it.
 *   mirror [TEST_VA, +8 pages)
 */
static void mmu_notifier_mirror_callbacks(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	struct mmu_notifier_range r;
	struct mirror *m;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, 8 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			TEST_VA);
	KTEST_ASSERT_EQ(t, mirror_create(mm, TEST_VA, TEST_VA + 8 * PAGE_SIZE,
					 &m),
			0);
	KTEST_EXPECT_EQ(t, mirror_snapshot(m), 8);
	mirror_set_sleep(m, 5);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA + 2 * PAGE_SIZE,
				     2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, m->nr_blockable, 1);
	KTEST_EXPECT_EQ(t, m->last.start, TEST_VA + 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, m->last.end, TEST_VA + 4 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, m->last.event, MMU_NOTIFY_UNMAP);
	KTEST_EXPECT_EQ(t, mirror_nr_live(m), 6);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, PAGE_SIZE, PROT_READ), 0);
	KTEST_EXPECT_EQ(t, m->last.event, MMU_NOTIFY_PROTECTION_VMA);
	KTEST_EXPECT_EQ(t, m->nr_end, 2);
	KTEST_EXPECT_EQ(t, mirror_nr_live(m), 5);	/* page 0 went too */

	/* The OOM reaper's kind of call: would block -> -EAGAIN. */
	mmu_notifier_range_init(&r, MMU_NOTIFY_UNMAP, 0, mm,
				TEST_VA + 4 * PAGE_SIZE,
				TEST_VA + 8 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mmu_notifier_invalidate_range_start(&r), -EAGAIN);
	KTEST_EXPECT_EQ(t, m->nr_eagain, 1);
	KTEST_EXPECT_EQ(t, m->last.flags, 0);
	KTEST_EXPECT_EQ(t, mirror_nr_live(m), 5);
	mirror_set_sleep(m, 0);
	KTEST_EXPECT_EQ(t, mmu_notifier_invalidate_range_start(&r), 0);
	mmu_notifier_invalidate_range_end(&r);
	KTEST_EXPECT_EQ(t, mirror_nr_live(m), 1);
	KTEST_EXPECT_EQ(t, m->nr_nonblock, 2);

	mmput(mm);	/* exit_mmap: release before unmapping */
	KTEST_EXPECT_EQ(t, m->nr_release, 1);
	KTEST_EXPECT_EQ(t, mirror_nr_live(m), 0);
	mirror_destroy(m);	/* drops the mm_count reference: mm freed */
}

#define DONTNEED_ROUNDS	30

struct mirror_race {
	struct mm *mm;
	struct mirror *m;
	int stop;			/* [a] the zapper has finished */
	int stale;			/* [a] checks that found stale entries */
	struct completion done;
};

static int dontneed_loop(void *arg)
{
	struct mirror_race *r = arg;

	for (int i = 0; i < DONTNEED_ROUNDS; i++) {
		do_madvise(r->mm, TEST_VA, 8 * PAGE_SIZE, MADV_DONTNEED);
		if (mirror_check(r->m))
			__atomic_add_fetch(&r->stale, 1, __ATOMIC_RELAXED);
		msleep(1);	/* let a snapshot commit */
	}
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
	complete(&r->done);
	return 0;
}

/*
 * mirror_snapshot() holds only the mmap read lock, as MADV_DONTNEED
 * does. A thread MADV_DONTNEEDs the mirrored range 30 times (its
 * invalidation clears the device entries, sleeps 1 ms "draining", then
 * zaps) while this one snapshots in a loop. Expected: after every step
 * no device entry names a page the mm no longer maps (mirror_check() is
 * 0) - a snapshot taken between the start and the zap must not commit -
 * and some snapshots still succeed.
 */
static void mirror_snapshot_races_dontneed(struct ktest *t)
{
	unsigned long base = task_count();
	struct mirror_race r = { 0 };
	long ok = 0, busy = 0;
	u64 give_up = ktest_wait_deadline(KTEST_WAIT_MS);

	r.mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, r.mm);
	init_completion(&r.done);
	KTEST_EXPECT_EQ(t, do_mmap(r.mm, TEST_VA, 8 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			TEST_VA);
	KTEST_ASSERT_EQ(t, mirror_create(r.mm, TEST_VA,
					 TEST_VA + 8 * PAGE_SIZE, &r.m),
			0);
	mirror_set_sleep(r.m, 1);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(dontneed_loop, &r, "zapper"));
	while (!__atomic_load_n(&r.stop, __ATOMIC_ACQUIRE)) {
		long n = mirror_snapshot(r.m);

		if (ktime_get_ns() > give_up) {
			KTEST_FAIL(t, "zapper not done after %u ms",
				   KTEST_WAIT_MS);
			break;
		}

		if (n >= 0)
			ok++;
		else if (n == -EBUSY)
			busy++;
		else
			KTEST_FAIL(t, "mirror_snapshot: %ld", n);
		if (mirror_check(r.m))
			__atomic_add_fetch(&r.stale, 1, __ATOMIC_RELAXED);
	}
	ktest_wait_completion(t, &r.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	ktest_log(t, "snapshots: %ld committed, %ld busy, %lu retries", ok,
		  busy, r.m->nr_retry);
	KTEST_EXPECT_EQ(t, r.stale, 0);
	KTEST_EXPECT_GT(t, ok, 0);
	mmput(r.mm);
	mirror_destroy(r.m);
}

KTEST_SUITE(mm_smp,
	    KTEST_CASE(concurrent_faults_64_threads),
	    KTEST_CASE(tlb_shootdown_reaches_other_cpu),
	    KTEST_CASE(mmu_notifier_mirror_callbacks),
	    KTEST_CASE(mirror_snapshot_races_dontneed));
