// SPDX-License-Identifier: MIT
/*
 * execve(2) hands on the robust locks of the image it replaces, as an
 * exit does (Linux 6.1's exec_mm_release() -> futex_exec_release()):
 * gexecrobust-glibc's child locks a process-shared robust mutex and
 * execs; its parent's timed lock must return EOWNERDEAD while the child
 * still runs. Without the walk at exec the lock stays owned by a live
 * thread and the parent's lock times out (ETIMEDOUT). The same binary
 * passes on the host's Linux (tests/user/native_check.py).
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run robust_run;

static void sys_exec_robust_lock_handed_on(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &robust_run, 30000,
					   "/bin/gexecrobust-glibc",
					   "gexecrobust: result", 5), 0);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", robust_run.status,
			  robust_run.out);
}

KTEST_SUITE(sys_exec_robust,
	    KTEST_CASE(sys_exec_robust_lock_handed_on));
