// SPDX-License-Identifier: MIT
/*
 * Completions (kernel/completion.h): complete() lets exactly one waiter
 * through, complete_all() every waiter present and future, a timed wait
 * expires on time, a completion that is already done is consumed without
 * sleeping, reinit_completion() makes it "not happened" again, a kill
 * ends a killable wait. Cases wait for waiters to be queued by yielding
 * until completion_nr_waiters() says so - never by sleeping for a while -
 * and wait for every thread they start to be freed before they end.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "tests/kernel/wake_watch.h"

#define WAITERS	4

enum wait_kind { WAIT_PLAIN, WAIT_KILLABLE };

/* A thread that waits once for @x and reports back on @back. */
struct waiter {
	struct completion *x;
	enum wait_kind kind;
	struct completion *back;	/* waiter -> case: passed */
	int *seq;			/* [a] shared pass counter */
	int order;			/* [a] 1, 2, ...: when it passed */
	int result;			/* 0 or -EINTR */
	struct task *task;
	u64 nvcsw;			/* its sleeps, once queued and asleep */
};

static int waiter_fn(void *arg)
{
	struct waiter *w = arg;

	if (w->kind == WAIT_KILLABLE)
		w->result = wait_for_completion_killable(w->x);
	else
		wait_for_completion(w->x);
	__atomic_store_n(&w->order,
			 __atomic_add_fetch(w->seq, 1, __ATOMIC_SEQ_CST),
			 __ATOMIC_RELEASE);
	complete(w->back);
	return 0;
}

/* Voluntary switches of @p: each sleep adds one, a preemption does not. */
static u64 voluntary_switches(struct task *p)
{
	return __atomic_load_n(&p->nvcsw, __ATOMIC_RELAXED);
}

static bool waiter_passed(struct waiter *w)
{
	return __atomic_load_n(&w->order, __ATOMIC_ACQUIRE) != 0;
}

/* Is @w queued on @x behind @queued others, and switched out? */
static bool waiter_asleep(struct waiter *w, struct completion *x,
			  unsigned int queued)
{
	return completion_nr_waiters(x) == queued + 1 &&
	       !__atomic_load_n(&w->task->on_rq, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&w->task->on_cpu, __ATOMIC_ACQUIRE);
}

/*
 * Start a waiter and return once it is queued on @x (behind @queued
 * others) and switched out (off the queue and off its CPU, so that the
 * switch has been counted), with its sleep count so far in w->nvcsw. The
 * case holds a reference on the thread until waiter_put(), so it may look
 * at it whenever it likes.
 * Return: false if the waiter passed instead of queueing (a bug), or did
 * not queue within KTEST_WAIT_MS (the case has failed).
 */
static bool waiter_start(struct ktest *t, struct waiter *w,
			 struct completion *x, enum wait_kind kind,
			 struct completion *back, int *seq,
			 unsigned int queued)
{
	w->x = x;
	w->kind = kind;
	w->back = back;
	w->seq = seq;
	w->order = 0;
	w->result = 1;
	w->task = kthread_create(waiter_fn, w, "cmpl-waiter");
	BUG_ON(!w->task);
	task_get(w->task);
	wake_up_process(w->task);
	if (!ktest_wait_until(t, waiter_asleep(w, x, queued) ||
				    waiter_passed(w), KTEST_WAIT_MS) ||
	    waiter_passed(w))
		return false;
	w->nvcsw = voluntary_switches(w->task);
	return true;
}

static void waiter_put(struct waiter *w)
{
	task_put(w->task);
}

/* Has @w slept again since it was queued, i.e. been woken and run? */
static bool waiter_stirred(struct waiter *w)
{
	return voluntary_switches(w->task) != w->nvcsw ||
	       __atomic_load_n(&w->task->on_rq, __ATOMIC_ACQUIRE);
}

/*
 * WAITERS threads queue on a completion one after another; then it is
 * completed once at a time. Expected: each complete() lets exactly one
 * waiter through - the longest waiting, so they pass in queue order - and
 * is consumed by it; the others stay queued and were not even woken (they
 * have not run since they went to sleep).
 */
static void completion_complete_wakes_exactly_one(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter w[WAITERS];
	DECLARE_COMPLETION(back);
	DECLARE_COMPLETION(x);
	int seq = 0;

	for (unsigned int i = 0; i < WAITERS; i++)
		KTEST_EXPECT(t, waiter_start(t, &w[i], &x, WAIT_PLAIN, &back,
					     &seq, i));
	for (unsigned int k = 1; k <= WAITERS; k++) {
		complete(&x);
		ktest_wait_completion(t, &back, KTEST_WAIT_MS);
		KTEST_EXPECT_EQ(t, __atomic_load_n(&seq, __ATOMIC_ACQUIRE),
				(int)k);
		KTEST_EXPECT_EQ(t, w[k - 1].order, (int)k);
		KTEST_EXPECT(t, !completion_done(&x));
		KTEST_EXPECT_EQ(t, completion_nr_waiters(&x), WAITERS - k);
		for (unsigned int i = k; i < WAITERS; i++)
			KTEST_EXPECT(t, !waiter_stirred(&w[i]));
	}
	for (unsigned int i = 0; i < WAITERS; i++)
		waiter_put(&w[i]);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * WAITERS threads queue; one complete_all() releases them all. Expected:
 * all pass, and from then on every wait returns at once, without sleeping
 * (waits, timed waits with their whole timeout left, trylocks) - as often
 * as asked, since complete_all() is not consumed.
 */
static void completion_complete_all_wakes_all(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter w[WAITERS];
	DECLARE_COMPLETION(back);
	DECLARE_COMPLETION(x);
	int seq = 0;
	u64 nvcsw;

	for (unsigned int i = 0; i < WAITERS; i++)
		KTEST_EXPECT(t, waiter_start(t, &w[i], &x, WAIT_PLAIN, &back,
					     &seq, i));
	complete_all(&x);
	for (unsigned int i = 0; i < WAITERS; i++) {
		ktest_wait_completion(t, &back, KTEST_WAIT_MS);
		waiter_put(&w[i]);
	}
	KTEST_EXPECT_EQ(t, seq, WAITERS);
	KTEST_EXPECT_EQ(t, completion_nr_waiters(&x), 0);
	nvcsw = voluntary_switches(current);
	for (int i = 0; i < 3; i++) {
		wait_for_completion(&x);
		KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&x, 50), 50);
		KTEST_EXPECT_EQ(t, wait_for_completion_killable(&x), 0);
		KTEST_EXPECT(t, try_wait_for_completion(&x));
	}
	KTEST_EXPECT_EQ_U(t, voluntary_switches(current), nvcsw);
	KTEST_EXPECT(t, completion_done(&x));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * A timed wait on a completion nobody completes. Expected: it returns 0
 * after at least its timeout, and the timeout makes the task runnable
 * within one tick of the deadline (measured where the wakeup happens, so
 * time spent waiting for the CPU afterwards does not count; see
 * wake_watch.h for the bounds, and skipped jiffies are allowed for).
 */
static void completion_timeout_expires_on_time(struct ktest *t)
{
	u64 start = time_jiffies(), skipped = time_jiffies_skipped();
	DECLARE_COMPLETION(never);
	struct wake_watch w;

	wake_watch_start(&w, current);
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&never, 5), 0);
	KTEST_EXPECT_GE_U(t, time_jiffies() - start, 5);
	KTEST_ASSERT(t, wake_watch_finish(&w));
	KTEST_EXPECT_GE_U(t, w.woken_at, start + 5);
	KTEST_EXPECT_LE_U(t, w.woken_at,
			  w.asleep_at + 5 + 1 + time_jiffies_skipped() -
				  skipped);
	KTEST_EXPECT(t, !completion_done(&never));
	KTEST_EXPECT_EQ(t, completion_nr_waiters(&never), 0);
}

struct completer {
	struct completion *x;
	struct completion done;
};

/* Complete @x once the case is queued on it. */
static int completer_fn(void *arg)
{
	struct completer *c = arg;

	while (!completion_nr_waiters(c->x))
		yield();
	complete(c->x);
	complete(&c->done);
	return 0;
}

/*
 * A timed wait whose completion comes while it sleeps (a thread completes
 * it as soon as the case is queued). Expected: it returns the jiffies it
 * had left - at least 1, at most the timeout - and the completion is
 * consumed.
 */
static void completion_timeout_completed_in_time(struct ktest *t)
{
	unsigned long base = task_count();
	const long timeout = 10000;	/* only reached if the wakeup is lost */
	DECLARE_COMPLETION(x);
	struct completer c = { .x = &x };
	long left;

	init_completion(&c.done);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(completer_fn, &c, "cmpl-done"));
	left = wait_for_completion_timeout(&x, timeout);
	KTEST_EXPECT_GE(t, left, 1);
	KTEST_EXPECT_LE(t, left, timeout);
	KTEST_EXPECT(t, !completion_done(&x));
	ktest_wait_completion(t, &c.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * complete() twice before anyone waits. Expected: the next two waits
 * (a plain one, and a timed one that returns its whole timeout) pass at
 * once, without sleeping; then the completion is used up: a try fails and
 * completion_done() is false.
 */
static void completion_done_before_wait_returns_at_once(struct ktest *t)
{
	DECLARE_COMPLETION(x);
	u64 nvcsw;

	KTEST_EXPECT(t, !completion_done(&x));
	KTEST_EXPECT(t, !try_wait_for_completion(&x));
	complete(&x);
	complete(&x);
	KTEST_EXPECT(t, completion_done(&x));
	nvcsw = voluntary_switches(current);
	wait_for_completion(&x);
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&x, 30), 30);
	KTEST_EXPECT_EQ_U(t, voluntary_switches(current), nvcsw);
	KTEST_EXPECT(t, !completion_done(&x));
	KTEST_EXPECT(t, !try_wait_for_completion(&x));
	complete(&x);
	KTEST_EXPECT(t, try_wait_for_completion(&x));
	KTEST_EXPECT(t, !try_wait_for_completion(&x));
}

/*
 * reinit_completion() after complete_all() makes it "not happened" again.
 * Expected: not done, a try fails, a short timed wait times out (0); a
 * waiter then queues and is let through by one complete(), after which
 * the completion is used up again.
 */
static void completion_reinit_makes_it_pending_again(struct ktest *t)
{
	unsigned long base = task_count();
	DECLARE_COMPLETION(back);
	DECLARE_COMPLETION(x);
	struct waiter w;
	int seq = 0;

	complete_all(&x);
	KTEST_EXPECT(t, completion_done(&x));
	reinit_completion(&x);
	KTEST_EXPECT(t, !completion_done(&x));
	KTEST_EXPECT(t, !try_wait_for_completion(&x));
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&x, 2), 0);
	KTEST_EXPECT(t, waiter_start(t, &w, &x, WAIT_PLAIN, &back, &seq, 0));
	complete(&x);
	ktest_wait_completion(t, &back, KTEST_WAIT_MS);
	waiter_put(&w);
	KTEST_EXPECT_EQ(t, seq, 1);
	KTEST_EXPECT(t, !completion_done(&x));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * A thread waits killably on a completion nobody completes, behind a
 * plain waiter; the case kills it. Expected: its wait returns -EINTR, it
 * leaves the queue, the completion is untouched, and the plain waiter is
 * still queued (until the case completes it).
 */
static void completion_killable_wait_ends_on_kill(struct ktest *t)
{
	unsigned long base = task_count();
	DECLARE_COMPLETION(back);
	DECLARE_COMPLETION(x);
	struct waiter plain, k;
	int seq = 0;

	KTEST_EXPECT(t, waiter_start(t, &plain, &x, WAIT_PLAIN, &back, &seq, 0));
	KTEST_EXPECT(t, waiter_start(t, &k, &x, WAIT_KILLABLE, &back, &seq, 1));
	task_kill(k.task);
	ktest_wait_completion(t, &back, KTEST_WAIT_MS);
	waiter_put(&k);
	KTEST_EXPECT_EQ(t, k.result, -EINTR);
	KTEST_EXPECT_EQ(t, k.order, 1);
	KTEST_EXPECT(t, !completion_done(&x));
	KTEST_EXPECT_EQ(t, completion_nr_waiters(&x), 1);
	complete(&x);
	ktest_wait_completion(t, &back, KTEST_WAIT_MS);
	waiter_put(&plain);
	KTEST_EXPECT_EQ(t, plain.order, 2);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

KTEST_SUITE(completion, KTEST_CASE(completion_complete_wakes_exactly_one),
	    KTEST_CASE(completion_complete_all_wakes_all),
	    KTEST_CASE(completion_timeout_expires_on_time),
	    KTEST_CASE(completion_timeout_completed_in_time),
	    KTEST_CASE(completion_done_before_wait_returns_at_once),
	    KTEST_CASE(completion_reinit_makes_it_pending_again),
	    KTEST_CASE(completion_killable_wait_ends_on_kill));
