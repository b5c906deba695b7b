// SPDX-License-Identifier: MIT
/*
 * Address-space benchmarks (kernel only; run when named:
 * ktest.filter=bench_*):
 *   anon_fault_1thread   demand-zero write faults through fault_handle()
 *                        by one thread: faults/s
 *   anon_fault_nthreads  one thread per CPU, each on its own range of
 *                        one shared mm: faults/s per CPU
 *   mmap_munmap_cycle    do_mmap + do_munmap of one page: ns and cycles
 * Debug builds include page poisoning in the numbers.
 */
#include <arch/cpu.h>
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "tests/mm/mm_test_util.h"

#define BENCH_PAGES	1024	/* per thread: 4 MiB */
#define CYCLE_ITERS	2000
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)

struct fault_run {
	struct mm *mm;
	vaddr_t base;
	int remaining;			/* [a] */
	struct completion done;
};

static void fault_range(struct mm *mm, vaddr_t base)
{
	for (unsigned int i = 0; i < BENCH_PAGES; i++)
		fault_handle(mm, base + i * PAGE_SIZE,
			     FAULT_FLAG_USER | FAULT_FLAG_WRITE);
}

static int fault_worker(void *arg)
{
	struct fault_run *r = arg;
	unsigned int cpu = smp_processor_id();

	fault_range(r->mm, r->base + (u64)cpu * BENCH_PAGES * PAGE_SIZE);
	if (!__atomic_sub_fetch(&r->remaining, 1, __ATOMIC_ACQ_REL))
		complete(&r->done);
	return 0;
}

/* Time @nthreads threads (one per CPU) faulting BENCH_PAGES each. */
static void bench_faults(struct ktest *t, const char *name,
			 unsigned int nthreads)
{
	unsigned long base = task_count();
	struct fault_run r = { .base = TEST_VA, .remaining = nthreads };
	u64 ns, faults = (u64)nthreads * BENCH_PAGES;

	r.mm = mm_alloc();
	KTEST_ASSERT_NOT_NULL(t, r.mm);
	init_completion(&r.done);
	KTEST_EXPECT_GT(t, do_mmap(r.mm, TEST_VA,
				   (u64)sched_nr_cpus() * BENCH_PAGES *
					   PAGE_SIZE,
				   RW, ANON | MAP_FIXED, -1, 0),
			0);
	ns = ktime_get_ns();
	for (unsigned int c = 0; c < nthreads; c++) {
		struct task *k = kthread_create(fault_worker, &r, "bench%u", c);

		KTEST_ASSERT_NOT_NULL(t, k);
		kthread_bind(k, c);
		wake_up_process(k);
	}
	ktest_wait_completion(t, &r.done, KTEST_WAIT_MS);
	ns = ktime_get_ns() - ns;
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, mm_rss(r.mm, MM_ANONPAGES), faults);
	ktest_log(t, "bench %s: %llu %s", name,
		  (unsigned long long)(faults * 1000000000ULL / (ns ?: 1) /
				       nthreads),
		  "faults/s/cpu");
	mmput(r.mm);
}

/* One thread: faults per second on one CPU. */
static void anon_fault_1thread(struct ktest *t)
{
	bench_faults(t, "anon_fault_1thread", 1);
}

/* One thread per CPU on one mm: per-CPU rate (mmap_lock shared). */
static void anon_fault_nthreads(struct ktest *t)
{
	bench_faults(t, "anon_fault_nthreads", sched_nr_cpus());
}

/* mmap + munmap of one untouched page. */
static void mmap_munmap_cycle(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	u64 start, cycles;

	KTEST_ASSERT_NOT_NULL(t, mm);
	start = arch_rdtsc();
	for (int i = 0; i < CYCLE_ITERS; i++) {
		long addr = do_mmap(mm, 0, PAGE_SIZE, RW, ANON, -1, 0);

		if (addr < 0 || do_munmap(mm, addr, PAGE_SIZE)) {
			KTEST_FAIL(t, "cycle %d failed", i);
			break;
		}
	}
	cycles = (arch_rdtsc() - start) / CYCLE_ITERS;
	ktest_log(t, "bench %s: %llu %s", "mmap_munmap_cycle",
		  (unsigned long long)cycles_to_ns(cycles), "ns/op");
	ktest_log(t, "bench %s: %llu %s", "mmap_munmap_cycle",
		  (unsigned long long)cycles, "cycles/op");
	mmput(mm);
}

KTEST_SUITE(bench_fault,
	    KTEST_CASE(anon_fault_1thread),
	    KTEST_CASE(anon_fault_nthreads),
	    KTEST_CASE(mmap_munmap_cycle));
