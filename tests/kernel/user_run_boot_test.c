// SPDX-License-Identifier: MIT
/*
 * The boot tests' spawn helpers (tests/kernel/user_run.h) when the
 * program is missing, as in a boot whose initramfs lost its programs:
 * each fails the case it is given - a scratch case here - with the
 * spawn's errno, leaves no process behind and no pid to wait for, and
 * the kernel goes on. Expected: -ENOENT, the scratch case failed, the
 * real one not, the process count unchanged.
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/scenario.h"

#define MISSING_PROG	"/bin/no-such-prog"

static struct user_run run;

/* user_run() and user_start() + user_wait(): fail, do not wait. */
static void user_run_missing_program(struct ktest *t)
{
	struct ktest scratch = { .suite = t->suite, .name = "scratch" };
	unsigned long procs = process_count();

	KTEST_EXPECT_EQ(t, user_run(&scratch, &run, 1000, MISSING_PROG, NULL),
			-ENOENT);
	KTEST_EXPECT(t, ktest_failed(&scratch));
	KTEST_EXPECT_EQ(t, run.pid, -1);
	KTEST_EXPECT(t, !user_exited(&run, 0));

	scratch.failed = false;
	run.pid = 99999;	/* a stale pid, as an earlier run leaves it */
	KTEST_EXPECT_EQ(t, user_start(&scratch, &run, (const char *const[]){
					    MISSING_PROG, NULL }), -ENOENT);
	KTEST_EXPECT(t, ktest_failed(&scratch));
	user_wait(&scratch, &run, 1000);	/* returns: nothing to reap */
	KTEST_EXPECT_EQ(t, run.pid, -1);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/* user_program(): NULL and a failed case; a present program neither. */
static void user_run_program_lookup(struct ktest *t)
{
	struct ktest scratch = { .suite = t->suite, .name = "scratch" };

	KTEST_EXPECT_NULL(t, user_program(&scratch, MISSING_PROG));
	KTEST_EXPECT(t, ktest_failed(&scratch));
	scratch.failed = false;
	KTEST_EXPECT_NOT_NULL(t, user_program(&scratch, "/bin/hog"));
	KTEST_EXPECT(t, !ktest_failed(&scratch));
}

/* scenario_start(): the same, with the spawner back in the root group. */
static void user_run_scenario_missing(struct ktest *t)
{
	struct ktest scratch = { .suite = t->suite, .name = "scratch" };
	struct scenario s = { .name = "missing" };

	if (!KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root, "missing", &s.cg),
			     0))
		return;
	KTEST_EXPECT_EQ(t, scenario_start(&scratch, &s, &run,
					  (const char *const[]){
						  MISSING_PROG, NULL }),
			-ENOENT);
	KTEST_EXPECT(t, ktest_failed(&scratch));
	KTEST_EXPECT_EQ(t, run.pid, -1);
	/* -EBUSY while the spawner still counted as a task of the group */
	KTEST_EXPECT_EQ(t, cgroup_remove(s.cg), 0);
	cgroup_put(s.cg);
}

KTEST_SUITE(user_run,
	    KTEST_CASE(user_run_missing_program),
	    KTEST_CASE(user_run_program_lookup),
	    KTEST_CASE(user_run_scenario_missing));
