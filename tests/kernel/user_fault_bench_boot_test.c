// SPDX-License-Identifier: MIT
/*
 * User-space fault benchmark (kernel only; runs when named:
 * ktest.filter=bench_*):
 *   hog_fault1   /bin/hog touches one byte per page of a fresh 256 MiB
 *                anonymous private mapping: real user page faults, from
 *                the CPU's trap through mm/fault.c and back; faults/s
 *                over hog's elapsed_ns (its start to the end of the
 *                touching; its exit is not in it).
 * It is the workload to profile the anonymous fault path with
 * (profile=bench_user_fault). It needs 256 MiB free plus room for the
 * page tables, so it skips on a smaller machine (make bench boots with
 * 256 MiB; --mem 1024M runs it).
 */
#include "kernel/ktest.h"
#include "mm/page_alloc.h"
#include "tests/kernel/user_run.h"

#define FAULT1_MIB		256
#define FAULT1_PAGES		(FAULT1_MIB * (1024 * 1024 / PAGE_SIZE))
#define FAULT1_SPARE_PAGES	8192	/* page tables, the program, slack */
#define FAULT1_TIMEOUT_MS	120000	/* TCG on a busy host; bounded */

static struct user_run run;

/* One thread, one byte per page: faults per second. */
static void hog_fault1(struct ktest *t)
{
	u64 touched = 0, ns = 0;

	if (nr_free_pages() < FAULT1_PAGES + FAULT1_SPARE_PAGES)
		KTEST_SKIP(t, "needs 256 MiB free: boot with --mem 1024M");
	user_run(t, &run, FAULT1_TIMEOUT_MS, "/bin/hog", "--mib", "256",
		 NULL);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "pages_touched=",
				   &touched));
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "elapsed_ns=",
				   &ns));
	KTEST_EXPECT_EQ_U(t, touched, FAULT1_PAGES);
	if (ktest_failed(t)) {
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
		return;
	}
	ktest_log(t, "bench %s: %llu %s", "hog_fault1",
		  (unsigned long long)(touched * 1000000000ULL / (ns ?: 1)),
		  "faults/s");
}

KTEST_SUITE(bench_user_fault,
	    KTEST_CASE(hog_fault1));
