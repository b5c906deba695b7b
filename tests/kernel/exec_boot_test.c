// SPDX-License-Identifier: MIT
/*
 * Spawning programs of the initramfs as processes and learning how they
 * ended: rtcheck (the runtime's self-test: SysV stack, TLS, threads,
 * futex join, clocks) exits 0 with failed=0; spawn errors for missing,
 * non-regular and non-ELF files; argv and the output capture arrive
 * intact. Every case ends with the process reaped, its tasks freed and
 * its memory back (the free-page invariant).
 */
#include "kernel/exec.h"
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

/* rtcheck: every check passes, exit 0. */
static void exec_rtcheck(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &run, 20000, "/bin/rtcheck",
					   "rtcheck: result", 10), 0);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

/* No file, a directory, a file that is no executable: errors, and no
 * process is left behind. */
static void exec_spawn_errors(struct ktest *t)
{
	unsigned long procs = process_count();
	const char *argv[] = { "x", NULL };
	int pid = -1;

	KTEST_EXPECT_EQ(t, process_spawn("/bin/none", argv, NULL, &pid),
			-ENOENT);
	KTEST_EXPECT_EQ(t, process_spawn("/bin", argv, NULL, &pid), -EACCES);
	KTEST_EXPECT_EQ(t, pid, -1);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

KTEST_SUITE(exec,
	    KTEST_CASE(exec_rtcheck),
	    KTEST_CASE(exec_spawn_errors));
