// SPDX-License-Identifier: MIT
/*
 * Robustness: sysfuzz makes random syscalls with random and boundary
 * arguments (user/sysfuzz.c) in a real process. The kernel must survive,
 * sysfuzz must end normally (exit 0: its canary intact, no clone() it
 * should not have got), and afterwards nothing may be left: no process,
 * no task, no futex waiter, every page back (the free-page count equals
 * the one before; the ktest invariants check it again).
 *
 *   sysfuzz          one seed, 2,000 calls (every boot); and one seed,
 *                    2,000 calls with the process calls (--procs 8: fork,
 *                    vfork, clone, clone3, execve, wait4, waitid, pipe2,
 *                    poll, rt_sigaction) under RLIMIT_NPROC 2, which must
 *                    have made children, been refused some (EAGAIN), and
 *                    reaped them all
 *   stress_sysfuzz   five seeds x 20,000 calls = 100,000 calls
 *                    (explicit-only: ktest.filter=stress_sysfuzz)
 */
#include "kernel/futex.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static u64 free_pages_now(void)
{
	return nr_free_pages() + slab_nr_empty_pages();
}

/* One sysfuzz process: @count calls from @seed (@nproc: with the process
 * calls, under that RLIMIT_NPROC; NULL: without). */
static void fuzz_one(struct ktest *t, u64 seed, u64 count,
		     unsigned int timeout_ms, const char *nproc)
{
	unsigned long procs = process_count();
	char s_seed[24], s_count[24];
	u64 before = free_pages_now(), v = ~0ULL, ok = 0;

	snprintf(s_seed, sizeof(s_seed), "%llu", (unsigned long long)seed);
	snprintf(s_count, sizeof(s_count), "%llu", (unsigned long long)count);
	if (user_run(t, &run, timeout_ms, "/bin/sysfuzz", "--seed", s_seed,
		     "--count", s_count, nproc ? "--procs" : NULL, nproc,
		     NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out, "sysfuzz: result"));
	KTEST_EXPECT(t, strstr(run.out, "canary=ok") != NULL);
	KTEST_EXPECT(t, user_field(run.out, "sysfuzz: result", "count=", &v));
	KTEST_EXPECT_EQ(t, v, count);
	KTEST_EXPECT(t, user_field(run.out, "sysfuzz: result",
				   "clone_created=", &v));
	KTEST_EXPECT_EQ(t, v, 0);
	user_field(run.out, "sysfuzz: result", "ok=", &ok);
	KTEST_EXPECT_EQ(t, process_count(), procs);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 0);
	KTEST_EXPECT_EQ(t, free_pages_now(), before);
	ktest_log(t, "seed %llu: %llu calls, %llu ok, %llu ms, free pages "
		  "%llu before, %llu after", (unsigned long long)seed,
		  (unsigned long long)count, (unsigned long long)ok,
		  (unsigned long long)(run.elapsed_ns / 1000000),
		  (unsigned long long)before,
		  (unsigned long long)free_pages_now());
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

static void sysfuzz_short(struct ktest *t)
{
	fuzz_one(t, 1, 2000, 30000, NULL);
}

/* The process calls too: children made (and all reaped: fuzz_one()
 * checks the process count), the kernel bounding them by RLIMIT_NPROC
 * (one child at a time: some forks are refused, and a refused fork must
 * leave nothing behind). */
static void sysfuzz_procs(struct ktest *t)
{
	u64 kids = 0;

	fuzz_one(t, 2, 2000, 60000, "2");
	KTEST_EXPECT(t, user_field(run.out, "sysfuzz: result", "children=",
				   &kids));
	KTEST_EXPECT(t, kids > 0);
	KTEST_EXPECT(t, strstr(run.out, "sysfuzz: stat call=fork ") &&
			strstr(strstr(run.out, "sysfuzz: stat call=fork "),
			       "EAGAIN="));
}

KTEST_SUITE(sysfuzz, KTEST_CASE(sysfuzz_short), KTEST_CASE(sysfuzz_procs));

#define STRESS_SEEDS	5
#define STRESS_CALLS	20000

static void stress_sysfuzz_100k(struct ktest *t)
{
	u64 t0 = ktime_get_ns(), before = free_pages_now();

	for (u64 seed = 1; seed <= STRESS_SEEDS && !ktest_failed(t); seed++)
		fuzz_one(t, seed * 7919, STRESS_CALLS, 60000, NULL);
	ktest_log(t, "total: %d calls in %llu ms, free pages %llu -> %llu",
		  STRESS_SEEDS * STRESS_CALLS,
		  (unsigned long long)((ktime_get_ns() - t0) / 1000000),
		  (unsigned long long)before,
		  (unsigned long long)free_pages_now());
}

KTEST_SUITE(stress_sysfuzz, KTEST_CASE(stress_sysfuzz_100k));
