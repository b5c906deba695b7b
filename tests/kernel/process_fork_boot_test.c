// SPDX-License-Identifier: MIT
/*
 * fork, vfork, clone3, wait4 and waitid (kernel/process_fork.c,
 * kernel/sys_wait.c) through user/forktest's self-check, which Linux
 * passes too: copy-on-write seen from both sides, the fd table and
 * MAP_SHARED memory shared, vfork's parent held until the child's end,
 * clone3's and the waits' errnos, status words and waitid's siginfo.
 * Every child is reaped by forktest itself: afterwards no process is
 * left.
 */
#include "mm/cow.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void process_fork_checks(struct ktest *t)
{
	unsigned long procs = process_count();
	unsigned long copies = cow_nr_copies();

	if (user_run_checks(t, &run, KTEST_WAIT_MS, "/bin/forktest",
			    "forktest: result", 40))
		return;
	KTEST_EXPECT_EQ(t, process_count(), procs);
	/* The children wrote: copy-on-write copied. */
	KTEST_EXPECT_GT(t, cow_nr_copies() - copies, 0);
}

KTEST_SUITE(process_fork,
	    KTEST_CASE(process_fork_checks));
