/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper: when, in jiffies, was a task put to sleep and made
 * runnable again? A timer that re-arms itself for every tick looks at the
 * task's on_rq from the tick, so what it measures is the wakeup itself,
 * not the wakeup plus however long the woken task then waited for a CPU
 * (which no bound in ticks can cover under load).
 *
 * What the readings mean, for a task that calls schedule_timeout(T):
 *  - asleep_at is the tick that first found the task off the run queue.
 *    schedule_timeout() read jiffies before it dequeued the task, so its
 *    deadline is at most asleep_at + T (and at least the jiffies the
 *    caller read beforehand, plus T).
 *  - woken_at is the tick that first found it runnable again: the tick
 *    whose timers woke it, or (if the watch ran before the sleeper's timer
 *    in a run that some CPU could not take) the next one. The wheel runs
 *    due timers in expiry order, one runner at a time; the watch's entry
 *    for a tick is queued after the sleeper's timer, and a watch that runs
 *    late (ticks were missed and are being caught up) re-arms itself for
 *    the tick being caught up to, so that it looks again after every
 *    timer due by then has run.
 * The watched task must stay runnable until the watch has seen it so:
 * wake_watch_finish() waits for that without sleeping.
 */
#ifndef TESTS_KERNEL_WAKE_WATCH_H
#define TESTS_KERNEL_WAKE_WATCH_H

#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define WAKE_WATCH_PATIENCE	100	/* jiffies finish waits at most */

struct wake_watch {
	struct timer_list timer;
	struct task *task;		/* [I] watched; outlives the watch */
	bool asleep;			/* [timer] seen off the run queue */
	u64 asleep_at;			/* [timer] jiffies, valid if asleep */
	u64 woken_at;			/* [timer] jiffies, valid once woken */
	bool woken;			/* [a] seen runnable after asleep */
};

static inline void wake_watch_fn(struct timer_list *tl)
{
	struct wake_watch *w = from_timer(w, tl, timer);
	bool on_rq = __atomic_load_n(&w->task->on_rq, __ATOMIC_ACQUIRE);
	u64 now = time_jiffies();

	if (!w->asleep && !on_rq) {
		w->asleep = true;
		w->asleep_at = now;
	} else if (w->asleep && on_rq) {
		w->woken_at = now;
		__atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
		return;			/* done: no re-arm */
	}
	/* Late (catching up): look again at the end of this same run. */
	mod_timer(&w->timer, tl->entry.expires < now ? now : now + 1);
}

/* Start watching @task (which must not be asleep yet) from the next tick. */
static inline void wake_watch_start(struct wake_watch *w, struct task *task)
{
	w->task = task;
	w->asleep = false;
	w->asleep_at = 0;
	w->woken_at = 0;
	w->woken = false;
	timer_setup(&w->timer, wake_watch_fn, 0);
	mod_timer(&w->timer, time_jiffies() + 1);
}

/*
 * After the watched sleep has ended, in the watched task: stay runnable
 * (yielding) until the watch has seen the wakeup - normally it already
 * has - then stop it. The wait is bounded so that a watch that missed the
 * sleep altogether fails the test instead of hanging it.
 * Return: true if asleep_at and woken_at are valid.
 */
static inline bool wake_watch_finish(struct wake_watch *w)
{
	u64 give_up = time_jiffies() + WAKE_WATCH_PATIENCE;

	while (!__atomic_load_n(&w->woken, __ATOMIC_ACQUIRE) &&
	       time_jiffies() < give_up)
		yield();
	del_timer_sync(&w->timer);
	return __atomic_load_n(&w->woken, __ATOMIC_ACQUIRE);
}

#endif
