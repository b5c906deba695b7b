// SPDX-License-Identifier: MIT
/*
 * for_each_process() while processes come and go: a churner kernel
 * thread creates two-thread processes that exit at once, reaping each one
 * a round later (so a zombie is usually on the list too), while the case
 * walks the process list again and again. Every walk must see each of the
 * processes that live through the whole case exactly once, no process
 * twice, and only processes that have an id.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/string.h"

#define NSTABLE		4	/* processes alive through the whole case */
#define MIN_WALKS	100
#define MIN_ROUNDS	100	/* churn processes created and reaped */
#define RUN_MS		20000	/* bound on the walking */
#define EXIT_WAIT_MS	5000	/* bound on any one process's end */
#define MAX_VISITS	64	/* more in one walk: the walk went round */

/* The churner's state. Static, not on the case's stack: a churner that
 * overran its deadline may still touch it after the case returned. */
static struct {
	bool stop;		/* [a] set by the case */
	unsigned long rounds;	/* [a] processes created and reaped */
	int error;		/* [a] the first failure, negative errno */
	struct completion done;	/* the churner is about to exit */
} churn;

/* One walk's findings, gathered under the list lock, checked after. */
struct walk {
	int stable_seen[NSTABLE];
	int tgid[MAX_VISITS];
	int nr;
	bool went_round;	/* more than MAX_VISITS processes */
	int churn_seen;
};

static int sleeper_fn(void *arg)
{
	for (;;) {
		schedule_timeout_killable(5);
		process_exit_if_killed();
	}
	return 0;
}

static int exit_at_once_fn(void *arg)
{
	return 0;
}

/* A two-thread process that ends at once; both threads exist before
 * either runs (a thread cannot be added to a process that has exited).
 * Return: its tgid, or a negative errno. */
static int churn_spawn(void)
{
	struct process *p = process_create("churn", NULL, NULL);
	struct task *first, *second;
	int tgid;

	if (!p)
		return -ENOMEM;
	tgid = process_thread_create(p, exit_at_once_fn, NULL, &first);
	if (tgid < 0) {
		process_destroy(p);
		return tgid;
	}
	if (process_thread_create(p, exit_at_once_fn, NULL, &second) > 0)
		wake_up_process(second);
	wake_up_process(first);
	return tgid;
}

static int churn_reap(int tgid)
{
	int status;

	return process_wait_timeout(tgid, &status,
				    (long)msecs_to_jiffies(EXIT_WAIT_MS));
}

static int churn_fn(void *arg)
{
	int prev = 0, tgid, r = 0;

	while (!__atomic_load_n(&churn.stop, __ATOMIC_ACQUIRE)) {
		tgid = churn_spawn();
		if (tgid < 0) {
			r = tgid;
			break;
		}
		if (prev && (r = churn_reap(prev)))
			break;
		prev = tgid;
		__atomic_fetch_add(&churn.rounds, 1, __ATOMIC_RELAXED);
		cond_resched();
	}
	if (prev && !r)
		r = churn_reap(prev);
	__atomic_store_n(&churn.error, r, __ATOMIC_RELAXED);
	complete(&churn.done);
	return 0;
}

static void walk_once(struct process *const *stable, struct walk *w)
{
	struct process *p;

	memset(w, 0, sizeof(*w));
	process_list_lock();
	for_each_process(p) {
		if (w->nr == MAX_VISITS) {
			w->went_round = true;
			break;
		}
		w->tgid[w->nr++] = p->tgid;
		for (int i = 0; i < NSTABLE; i++)
			w->stable_seen[i] += p == stable[i];
		w->churn_seen += !strcmp(p->name, "churn");
	}
	process_list_unlock();
}

/* Return: true when @w is right; else fails the case, saying why. */
static bool walk_ok(struct ktest *t, const struct walk *w, int n)
{
	if (w->went_round) {
		KTEST_FAIL(t, "walk %d: more than %d processes", n,
			   MAX_VISITS);
		return false;
	}
	for (int i = 0; i < NSTABLE; i++) {
		if (w->stable_seen[i] != 1) {
			KTEST_FAIL(t, "walk %d: stable process %d seen %d times",
				   n, i, w->stable_seen[i]);
			return false;
		}
	}
	for (int i = 0; i < w->nr; i++) {
		if (w->tgid[i] <= 0) {
			KTEST_FAIL(t, "walk %d: a process without an id (%d)",
				   n, w->tgid[i]);
			return false;
		}
		for (int j = 0; j < i; j++) {
			if (w->tgid[j] == w->tgid[i]) {
				KTEST_FAIL(t, "walk %d: process %d seen twice",
					   n, w->tgid[i]);
				return false;
			}
		}
	}
	return true;
}

/* Kill and reap the stable processes (bounded). */
static void stable_end(struct ktest *t, struct process **stable,
		       const int *tgid)
{
	int status;

	for (int i = 0; i < NSTABLE; i++)
		if (stable[i])
			process_kill(stable[i], SIGKILL);
	for (int i = 0; i < NSTABLE; i++)
		if (stable[i])
			KTEST_EXPECT_EQ(t, process_wait_timeout(tgid[i], &status,
					(long)msecs_to_jiffies(EXIT_WAIT_MS)),
					0);
}

/*
 * NSTABLE processes of two sleeping threads each live through the case;
 * the churner runs beside the walks. Expected: at least MIN_WALKS walks
 * and MIN_ROUNDS churn rounds within RUN_MS, every walk right (see
 * walk_ok()), churn processes seen by some walks (the walks did overlap
 * the churn), the churner done within EXIT_WAIT_MS of being told to stop,
 * and every process reaped in the end.
 */
static void process_walk_sees_each_once(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	struct process *stable[NSTABLE] = { NULL };
	int stable_tgid[NSTABLE] = { 0 };
	u64 deadline = ktime_get_ns() + (u64)RUN_MS * 1000000;
	unsigned long churn_seen = 0;
	struct walk w;
	int walks = 0;

	for (int i = 0; i < NSTABLE; i++) {
		stable[i] = process_create("stable", NULL, NULL);
		if (!KTEST_EXPECT_NOT_NULL(t, stable[i]))
			break;
		stable_tgid[i] = process_thread_start(stable[i], sleeper_fn,
						      NULL);
		if (!KTEST_EXPECT_GT(t, stable_tgid[i], 0)) {
			process_destroy(stable[i]);
			stable[i] = NULL;
			break;
		}
		KTEST_EXPECT_GT(t, process_thread_start(stable[i], sleeper_fn,
							NULL), 0);
	}
	churn.stop = false;
	churn.rounds = 0;
	churn.error = 0;
	init_completion(&churn.done);
	if (ktest_failed(t) ||
	    !KTEST_EXPECT_NOT_NULL(t, kthread_run(churn_fn, NULL, "churn")))
		goto out_stable;

	while ((walks < MIN_WALKS ||
		__atomic_load_n(&churn.rounds, __ATOMIC_RELAXED) < MIN_ROUNDS) &&
	       ktime_get_ns() < deadline) {
		walk_once(stable, &w);
		if (!walk_ok(t, &w, walks))
			break;
		churn_seen += w.churn_seen;
		walks++;
		yield();
	}

	__atomic_store_n(&churn.stop, true, __ATOMIC_RELEASE);
	if (!wait_for_completion_timeout(&churn.done,
					 (long)msecs_to_jiffies(EXIT_WAIT_MS))) {
		KTEST_FAIL(t, "churner still running %d ms after stop",
			   EXIT_WAIT_MS);
		goto out_stable;
	}
	KTEST_EXPECT_EQ(t, __atomic_load_n(&churn.error, __ATOMIC_RELAXED), 0);
	KTEST_EXPECT_GE(t, walks, MIN_WALKS);
	KTEST_EXPECT_GE_U(t, churn.rounds, MIN_ROUNDS);
	KTEST_EXPECT(t, churn_seen > 0);
	ktest_log(t, "%d walks, %lu churn rounds, %lu churn processes seen",
		  walks, churn.rounds, churn_seen);
	stable_end(t, stable, stable_tgid);
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
	return;

out_stable:
	stable_end(t, stable, stable_tgid);
}

KTEST_SUITE(process_walk, KTEST_CASE(process_walk_sees_each_once));
