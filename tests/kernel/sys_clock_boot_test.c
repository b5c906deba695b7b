// SPDX-License-Identifier: MIT
/*
 * time(2) and clock_getres(2) through glibc: gclock-glibc's checks (time
 * agrees with clock_gettime's seconds and stores at tloc, the
 * resolutions are Linux's, the errnos) all pass, as they do on the
 * host's Linux (tests/user/native_check.py runs the same binary).
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run clock_run;

static void sys_clock_gclock(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &clock_run, 30000,
					   "/bin/gclock-glibc",
					   "gclock: result", 12), 0);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", clock_run.status,
			  clock_run.out);
}

KTEST_SUITE(sys_clock,
	    KTEST_CASE(sys_clock_gclock));
