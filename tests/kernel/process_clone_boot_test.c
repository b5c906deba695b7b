// SPDX-License-Identifier: MIT
/*
 * clone(CLONE_VM) without CLONE_THREAD (kernel/process_clone.c), through
 * user/sharemm's self-check: the flag sets Linux's copy_process()
 * rejects are EINVAL; a child process has its own pid, writes into its
 * parent's memory, and its CLONE_CHILD_CLEARTID word is cleared at its
 * exit. The child is nobody's child here, so the test reaps it by the
 * pid sharemm prints; afterwards no process is left.
 */
#include "tests/kernel/user_run.h"

static struct user_run run;

/* Reap the child sharemm named; expect it to have exited with @code. */
static void reap_child(struct ktest *t, const char *out, int code)
{
	u64 pid = 0;
	int status = -1;

	if (!KTEST_EXPECT(t, user_field(out, "sharemm: child", "pid=", &pid)))
		return;
	KTEST_EXPECT_EQ(t, process_wait_timeout((int)pid, &status,
				(long)msecs_to_jiffies(KTEST_WAIT_MS)), 0);
	KTEST_EXPECT(t, wait_status_is_exit(status));
	KTEST_EXPECT_EQ(t, wait_status_code(status), code);
}

static void process_clone_vm_checks(struct ktest *t)
{
	unsigned long procs = process_count();

	if (user_run_checks(t, &run, KTEST_WAIT_MS, "/bin/sharemm",
			    "sharemm: result", 8))
		return;
	reap_child(t, run.out, 0);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

KTEST_SUITE(process_clone,
	    KTEST_CASE(process_clone_vm_checks));
