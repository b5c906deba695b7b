// SPDX-License-Identifier: MIT
/*
 * Benchmark (explicit-only: ktest.filter=bench_*): fork + the child's
 * exit + wait4 of a process with 1 MiB and with 64 MiB touched
 * (user/forktest --bench-pages), in microseconds per round, and their
 * ratio. A fork copies page tables, not pages: the cost grows with the
 * entries to copy (and the child's teardown of them), far below what
 * copying 64 MiB would take.
 */
#include "tests/kernel/user_run.h"

#define ROUNDS	"20"

static struct user_run run;

/* One forktest run with @pages touched. Return: ns per round, 0 if it
 * failed (the case has failed then). */
static u64 fork_round_ns(struct ktest *t, const char *pages)
{
	u64 ns = 0;

	if (user_run(t, &run, KTEST_WAIT_MS, "/bin/forktest", "--bench-pages",
		     pages, "--iters", ROUNDS, NULL))
		return 0;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "forktest: bench",
				   "ns_per_fork=", &ns));
	return ns;
}

static void bench_fork_exit_wait(struct ktest *t)
{
	u64 small = fork_round_ns(t, "256");	/* 1 MiB */
	u64 big = fork_round_ns(t, "16384");	/* 64 MiB */

	KTEST_ASSERT(t, small && big);
	ktest_log(t, "bench %s: %llu %s", "fork_exit_wait_1m",
		  (unsigned long long)(small / 1000), "us");
	ktest_log(t, "bench %s: %llu %s", "fork_exit_wait_64m",
		  (unsigned long long)(big / 1000), "us");
	ktest_log(t, "bench %s: %llu %s", "fork_64m_over_1m_x100",
		  (unsigned long long)(big * 100 / small), "ratio");
}

KTEST_SUITE(bench_fork, KTEST_CASE(bench_fork_exit_wait));
