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
 *
 * bench_memcg_fault:
 *   memcg_user_fault     mmbench's fault1 (one byte written per page of a
 *                        256 MiB private mapping) in the root and in a
 *                        group whose limit (512 MiB) is above its usage,
 *                        alternating, FAULT_ROUNDS each: each side's
 *                        fastest repetition (load only adds time) and the
 *                        group's cost over the root's in percent
 *   memcg_oom_latency    hog in a group of 8 MiB: the time from its first
 *                        failed charge (failcnt seen above 0, polled) to
 *                        the victim's end (reaped), in microseconds
 */
#include <arch/cpu.h>
#include "kernel/cgroup.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "mm/fault.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/mm_test_util.h"

#define BENCH_PAGES	1024	/* per thread: 4 MiB */
#define CYCLE_ITERS	2000
#define FAULT1_MS	(300 * 1000)	/* one full-size fault1, TCG, loaded */
#define FAULT_ROUNDS	4
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

static struct user_run run;

/* mmbench fault1's fastest repetition (ns/page) run from @cg. */
static u64 fault1_in(struct ktest *t, struct cgroup *cg)
{
	u64 min = ~0ULL;

	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	if (!user_run(t, &run, FAULT1_MS, "/bin/mmbench", "--cases",
		      "fault1", NULL)) {
		KTEST_EXPECT(t, user_exited(&run, 0));
		KTEST_EXPECT(t, user_field(run.out, "mmbench: case=fault1 ",
					   "min=", &min));
	}
	cgroup_attach_kthread(current, &cgroup_root);
	return min;
}

static void memcg_user_fault(struct ktest *t)
{
	u64 root = ~0ULL, group = ~0ULL;
	struct cgroup *cg;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "bench_fault", &cg),
			0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "512M"), 0);
	for (int i = 0; i < FAULT_ROUNDS && !ktest_failed(t); i++) {
		u64 r = fault1_in(t, &cgroup_root), g = fault1_in(t, cg);

		root = MIN(root, r);
		group = MIN(group, g);
	}
	if (!ktest_failed(t)) {
		ktest_log(t, "bench memcg_fault1_root: %llu ns/page",
			  (unsigned long long)root);
		ktest_log(t, "bench memcg_fault1_memcg: %llu ns/page",
			  (unsigned long long)group);
		ktest_log(t, "bench memcg_fault1_cost: %lld %%",
			  (long long)((s64)(group - root) * 100 /
				      (s64)(root ?: 1)));
	}
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void memcg_oom_latency(struct ktest *t)
{
	struct cgroup *cg;
	u64 failed_ns;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "bench_oom", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "8M"), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	if (user_start(t, &run, (const char *const[]){
			   "/bin/hog", "--pages", "100000", NULL })) {
		cgroup_attach_kthread(current, &cgroup_root);
		goto out;
	}
	cgroup_attach_kthread(current, &cgroup_root);
	ktest_wait_until(t, page_counter_failcnt(&cg->memcg->memory) > 0,
			 KTEST_WAIT_MS);
	failed_ns = ktime_get_ns();
	user_wait(t, &run, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, run.status, wait_status_signaled(SIGKILL));
	ktest_log(t, "bench memcg_oom_latency: %llu us",
		  (unsigned long long)(run.start_ns + run.elapsed_ns -
				       failed_ns) / 1000);
out:
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(bench_memcg_fault,
	    KTEST_CASE(memcg_user_fault),
	    KTEST_CASE(memcg_oom_latency));

KTEST_SUITE(bench_fault,
	    KTEST_CASE(anon_fault_1thread),
	    KTEST_CASE(anon_fault_nthreads),
	    KTEST_CASE(mmap_munmap_cycle));
