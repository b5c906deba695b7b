// SPDX-License-Identifier: MIT
/*
 * The robust futex list at execve(2): gexecrobust-glibc's child holds a
 * process-shared robust mutex and execs; the parent then gets
 * EOWNERDEAD while the child still lives (Linux 6.1's
 * futex_exec_release() in exec_mm_release()), as on the host's Linux
 * (tests/user/native_check.py runs the same binary).
 */
#include "kernel/ktest.h"
#include "mm/vmscan.h"
#include "tests/kernel/user_run.h"

static struct user_run robust_run;

static void sys_exec_robust_released(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, user_run_checks(t, &robust_run, 30000,
					   "/bin/gexecrobust-glibc",
					   "gexecrobust: result", 5), 0);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", robust_run.status,
			  robust_run.out);
	/*
	 * The child's execve read /bin/exectest through the page cache,
	 * whose pages stay charged, as on Linux, until reclaim drops them;
	 * drop them so that the charge invariants see what the run left.
	 */
	vmscan_drop_caches();
}

KTEST_SUITE(sys_exec_robust,
	    KTEST_CASE(sys_exec_robust_released));
