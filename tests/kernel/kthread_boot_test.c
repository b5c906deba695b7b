// SPDX-License-Identifier: MIT
/*
 * Kernel threads: creation, running, stopping, exit codes and the freeing
 * of their memory (every case leaves the free-page count as it found it).
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "lib/errno.h"

struct run_once {
	struct completion done;
	int ran_on_pid;
};

static int run_once_fn(void *arg)
{
	struct run_once *r = arg;

	r->ran_on_pid = current->pid;
	complete(&r->done);
	return 7;
}

/*
 * kthread_run() starts a thread that runs its function once in its own
 * task (not the caller's) and exits; ktest_wait_tasks() then sees it freed.
 */
static void kthread_runs_and_is_freed(struct ktest *t)
{
	unsigned long base = task_count();
	struct run_once r = { .ran_on_pid = -1 };
	struct task *k;

	init_completion(&r.done);
	k = kthread_run(run_once_fn, &r, "kt-once");
	KTEST_ASSERT_NOT_NULL(t, k);
	ktest_wait_completion(t, &r.done, KTEST_WAIT_MS);
	KTEST_EXPECT_NE(t, r.ran_on_pid, current->pid);
	KTEST_EXPECT_GT(t, r.ran_on_pid, 1);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, task_count(), base);
}

static int loop_until_stopped(void *arg)
{
	struct completion *started = arg;

	complete(started);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 42;
}

/*
 * A thread sleeping interruptibly in a kthread_should_stop() loop is woken
 * by kthread_stop(), which returns its exit code (42) once it is freed.
 */
static void kthread_stop_returns_exit_code(struct ktest *t)
{
	unsigned long base = task_count();
	DECLARE_COMPLETION(started);
	struct task *k = kthread_run(loop_until_stopped, &started, "kt-loop");

	KTEST_ASSERT_NOT_NULL(t, k);
	ktest_wait_completion(t, &started, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 42);
	KTEST_EXPECT_EQ(t, task_count(), base);
}

static int sleep_uninterruptibly_until_stopped(void *arg)
{
	struct completion *started = arg;

	complete(started);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 43;
}

/*
 * A thread in the classic uninterruptible loop
 * ("set_current_state(TASK_UNINTERRUPTIBLE); if (!kthread_should_stop())
 * schedule();") is woken by kthread_stop() as Linux's is: the stop
 * returns its exit code (43). A stop that skipped uninterruptible sleepers
 * would hang here (the hung-task detector and the runner report it).
 */
static void kthread_stop_wakes_uninterruptible(struct ktest *t)
{
	unsigned long base = task_count();
	DECLARE_COMPLETION(started);
	struct task *k = kthread_run(sleep_uninterruptibly_until_stopped,
				     &started, "kt-unint");

	KTEST_ASSERT_NOT_NULL(t, k);
	ktest_wait_completion(t, &started, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 43);
	KTEST_EXPECT_EQ(t, task_count(), base);
}

static int must_not_run(void *arg)
{
	*(bool *)arg = true;
	return 0;
}

/*
 * kthread_stop() on a thread that was created but never woken: it never
 * calls its function and exits with -EINTR.
 */
static void kthread_stop_before_run(struct ktest *t)
{
	unsigned long base = task_count();
	bool ran = false;
	struct task *k = kthread_create(must_not_run, &ran, "kt-never");

	KTEST_ASSERT_NOT_NULL(t, k);
	KTEST_EXPECT_EQ(t, kthread_stop(k), -EINTR);
	KTEST_EXPECT(t, !ran);
	KTEST_EXPECT_EQ(t, task_count(), base);
}

struct pingpong {
	int turn;		/* whose turn: 0 or 1 */
	int rounds;
	int log[16];
	int nlog;
	struct completion done;
};

static int pingpong_fn(void *arg)
{
	struct pingpong *p = arg;
	int me = current->name[3] - '0';

	while (__atomic_load_n(&p->nlog, __ATOMIC_ACQUIRE) < p->rounds) {
		if (__atomic_load_n(&p->turn, __ATOMIC_ACQUIRE) == me) {
			p->log[p->nlog] = me;
			__atomic_store_n(&p->turn, !me, __ATOMIC_RELEASE);
			__atomic_store_n(&p->nlog, p->nlog + 1,
					 __ATOMIC_RELEASE);
		}
		yield();
	}
	complete(&p->done);
	return 0;
}

/*
 * Two threads bound to this CPU take turns through yield(): the log
 * alternates 0,1,0,1... and both finish. Exercises the run queue's
 * round-robin and the context switch on one CPU.
 */
static void kthread_yield_alternates(struct ktest *t)
{
	unsigned long base = task_count();
	struct pingpong p = { .rounds = 16 };
	struct task *a, *b;

	init_completion(&p.done);
	a = kthread_create(pingpong_fn, &p, "pp-0");
	b = kthread_create(pingpong_fn, &p, "pp-1");
	KTEST_ASSERT(t, a && b);
	kthread_bind(a, 0);
	kthread_bind(b, 0);
	wake_up_process(a);
	wake_up_process(b);
	ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	for (int i = 0; i < p.rounds; i++)
		KTEST_EXPECT_EQ(t, p.log[i], i % 2);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

KTEST_SUITE(kthread, KTEST_CASE(kthread_runs_and_is_freed),
	    KTEST_CASE(kthread_stop_returns_exit_code),
	    KTEST_CASE(kthread_stop_wakes_uninterruptible),
	    KTEST_CASE(kthread_stop_before_run),
	    KTEST_CASE(kthread_yield_alternates));
