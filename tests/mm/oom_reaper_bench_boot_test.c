// SPDX-License-Identifier: MIT
/*
 * The OOM reaper's throughput (kernel only; run when named:
 * ktest.filter=bench_*): one pass (rpmod's rules) over an address space
 * with REAP_BENCH_MIB of populated anonymous memory, timed under the
 * mmap read lock as the reaper holds it:
 *   # bench oom_reaper_pages_per_ms: <pages> pages/ms
 *   # bench oom_reaper_pass_64m: <ns> ns
 * The case checks the pass freed every page (RSS 0 after it).
 */
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/oom_reaper.h"
#include "tests/mm/mm_test_util.h"

#define REAP_BENCH_MIB		64
#define REAP_BENCH_PAGES	(REAP_BENCH_MIB * 256UL)

static void bench_oom_reaper_pass(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	bool busy = false;
	long rss;
	u64 ns;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, REAP_BENCH_PAGES * PAGE_SIZE,
				   PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
					   MAP_POPULATE,
				   -1, 0),
			TEST_VA);
	rss = mm_rss_total(mm);
	KTEST_EXPECT_EQ(t, rss, REAP_BENCH_PAGES);
	mmap_read_lock(mm);
	ns = ktime_get_ns();
	KTEST_EXPECT_EQ(t, oom_reaper_reap_mm(mm,
					      oom_reaper_policy(OOM_REAPER_RPMOD),
					      &busy),
			OOM_PASS_FULL);
	ns = ktime_get_ns() - ns;
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	ktest_log(t, "bench oom_reaper_pages_per_ms: %llu pages/ms",
		  (unsigned long long)(rss * 1000000ULL / (ns ? ns : 1)));
	ktest_log(t, "bench oom_reaper_pass_64m: %llu ns",
		  (unsigned long long)ns);
	mmput(mm);
}

KTEST_SUITE(bench_oom_reaper, KTEST_CASE(bench_oom_reaper_pass));
