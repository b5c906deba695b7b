// SPDX-License-Identifier: MIT
/*
 * exec_spawn() by a spawner that has been killed, when the new process
 * fails its load: the half-built process must still be reaped (no
 * process struct and no process count left behind).
 */
#include "kernel/completion.h"
#include "kernel/exec.h"
#include "kernel/exec_stack.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "lib/errno.h"

#define TOO_MANY_ARGS	(EXEC_MAX_STRINGS + 8)

struct spawn_run {
	struct completion done;
	int ret;			/* exec_spawn()'s result */
	int pid;
};

static int killed_spawner_fn(void *arg)
{
	static const char *argv[TOO_MANY_ARGS + 1];
	struct spawn_run *s = arg;

	for (int i = 0; i < TOO_MANY_ARGS; i++)
		argv[i] = "x";
	argv[TOO_MANY_ARGS] = NULL;
	task_kill(current);		/* a fatal signal is pending from here */
	s->ret = exec_spawn("/bin/rtcheck", argv, NULL, NULL, &s->pid);
	complete(&s->done);
	return 0;
}

/*
 * A kernel thread with a fatal signal pending spawns /bin/rtcheck with
 * more arguments than fit (EXEC_MAX_STRINGS): the process is created and
 * its first thread fails the load (-E2BIG) and exits. Expected: -E2BIG,
 * no pid handed out, and the process reaped anyway - a killable wait for
 * it would return -EINTR at once and leak it (process_count() one up).
 */
static void exec_killed_spawner_reaps_failed_load(struct ktest *t)
{
	unsigned long procs = process_count(), base = task_count();
	struct spawn_run s = { .ret = 1, .pid = -1 };

	init_completion(&s.done);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(killed_spawner_fn, &s,
					     "exec-killed"));
	ktest_wait_completion(t, &s.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, s.ret, -E2BIG);
	KTEST_EXPECT_EQ(t, s.pid, -1);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

KTEST_SUITE(exec_kill, KTEST_CASE(exec_killed_spawner_reaps_failed_load));
