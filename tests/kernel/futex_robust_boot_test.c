// SPDX-License-Identifier: MIT
/*
 * Robust futex lists (kernel/futex_robust.c) through glibc's robust
 * mutexes (user/glibc/grobust.c, whose checks pass natively on Linux
 * too): a thread or a process that dies holding a robust mutex hands it
 * on - the next pthread_mutex_lock() returns EOWNERDEAD, a waiter
 * already asleep on it is woken. Fails if the exit does not walk the
 * list (the lock hangs or succeeds without EOWNERDEAD) or does not wake
 * the waiter (the run times out).
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void futex_robust_glibc(struct ktest *t)
{
	u64 failed = ~0ULL, checks = 0;

	KTEST_ASSERT_EQ(t, user_run(t, &run, KTEST_WAIT_MS,
				    "/bin/grobust-glibc", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "grobust: result", "failed=",
				   &failed));
	KTEST_EXPECT_EQ(t, failed, 0);
	KTEST_EXPECT(t, user_field(run.out, "grobust: result", "checks=",
				   &checks));
	KTEST_EXPECT_EQ(t, checks, 7);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

KTEST_SUITE(futex_robust, KTEST_CASE(futex_robust_glibc));
