// SPDX-License-Identifier: MIT
/*
 * Thread groups without user mode: processes whose threads are kernel
 * functions (mm NULL), exercising exit, exit_group with live threads,
 * kill and tgkill, and the wait status. Each case ends with every thread
 * freed and the process reaped (task and process counts back to where
 * they were).
 */
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "lib/errno.h"

#define NTHREADS	4

/* A thread that sleeps killably until a fatal signal makes it leave, as
 * a user thread would at its next return to user mode. */
static int sleeper_fn(void *arg)
{
	for (;;) {
		schedule_timeout_killable(5);
		process_exit_if_killed();
	}
	return 0;
}

static int exit_code_fn(void *arg)
{
	return (int)(uintptr_t)arg;
}

static int group_exit_fn(void *arg)
{
	struct process *p = process_current();

	while (__atomic_load_n(&p->nr_threads, __ATOMIC_ACQUIRE) < NTHREADS + 1)
		schedule_timeout_killable(1);
	process_group_exit(wait_status_exited((int)(uintptr_t)arg));
}

static struct process *start(struct ktest *t, int (*first)(void *),
			     void *arg, int nsleepers, int *tgid)
{
	struct process *p = process_create("ptest", NULL, NULL);

	if (!KTEST_EXPECT_NOT_NULL(t, p))
		return NULL;
	*tgid = process_thread_start(p, first, arg);
	KTEST_EXPECT_GT(t, *tgid, 0);
	for (int i = 0; i < nsleepers; i++)
		KTEST_EXPECT_GT(t, process_thread_start(p, sleeper_fn, NULL),
				0);
	return p;
}

/* One thread returning 3: the process exits with status 3. */
static void process_exit_status(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;

	KTEST_ASSERT_NOT_NULL(t, start(t, exit_code_fn, (void *)3, 0, &tgid));
	KTEST_EXPECT_EQ(t, process_wait(tgid, &status), 0);
	KTEST_EXPECT(t, wait_status_is_exit(status));
	KTEST_EXPECT_EQ(t, wait_status_code(status), 3);
	KTEST_EXPECT_EQ(t, process_wait(tgid, &status), -ECHILD);
	task_wait_count(tasks);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/* exit_group(7) from the first thread while four others sleep: all end,
 * status "exited 7". */
static void process_exit_group_with_live_threads(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;

	KTEST_ASSERT_NOT_NULL(t, start(t, group_exit_fn, (void *)7,
				       NTHREADS, &tgid));
	KTEST_EXPECT_EQ(t, process_wait(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_exited(7));
	task_wait_count(tasks);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/* Signal 0 and ignored signals leave it alive; a bad number is -EINVAL;
 * tgkill with a stranger's tid is -ESRCH; SIGTERM is fatal. */
static void process_kill_and_tgkill(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	struct process *p, *found;
	int tgid, status = -1;

	p = start(t, sleeper_fn, NULL, NTHREADS - 1, &tgid);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, process_kill(p, 0), 0);
	KTEST_EXPECT_EQ(t, process_kill(p, SIGCHLD), 0);
	KTEST_EXPECT_EQ(t, process_kill(p, 65), -EINVAL);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, current->tid, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, tgid, 0), 0);
	found = process_get_by_pid(tgid, PROCESS_ALIVE);
	KTEST_EXPECT(t, found == p);
	if (found)
		process_put(found);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, tgid, SIGTERM), 0);
	KTEST_EXPECT_EQ(t, process_wait(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_signaled(SIGTERM));
	KTEST_EXPECT_NULL(t, process_get_by_pid(tgid, PROCESS_UNREAPED));
	task_wait_count(tasks);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

KTEST_SUITE(process,
	    KTEST_CASE(process_exit_status),
	    KTEST_CASE(process_exit_group_with_live_threads),
	    KTEST_CASE(process_kill_and_tgkill));
