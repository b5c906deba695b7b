// SPDX-License-Identifier: MIT
/*
 * Timers and timed sleeps against the real tick: deadlines are met within
 * one tick, cancelled timers never fire.
 */
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "tests/kernel/wake_watch.h"

struct probe {
	struct timer_list timer;
	u64 fired_at;			/* jiffies */
	struct completion fired;
};

static void probe_fn(struct timer_list *tl)
{
	struct probe *p = from_timer(p, tl, timer);

	p->fired_at = time_jiffies();
	complete(&p->fired);
}

/*
 * Timers armed 1, 2, 5, 20 and 50 ticks ahead fire at the tick of their
 * deadline or the next one: expires <= fired_at <= expires + 1, plus any
 * jiffies the tick skipped meanwhile (a host-starved virtual CPU loses
 * ticks and jiffies then catch up by more than one: time_jiffies_skipped).
 */
static void timer_fires_within_one_tick(struct ktest *t)
{
	static const unsigned int delays[] = { 1, 2, 5, 20, 50 };
	struct probe p;

	for (size_t i = 0; i < ARRAY_SIZE(delays); i++) {
		u64 expires, skipped = time_jiffies_skipped();

		init_completion(&p.fired);
		timer_setup(&p.timer, probe_fn, 0);
		/* No preemption between reading jiffies and arming. */
		preempt_disable();
		expires = time_jiffies() + delays[i];
		mod_timer(&p.timer, expires);
		preempt_enable();
		ktest_wait_completion(t, &p.fired, KTEST_WAIT_MS);
		KTEST_EXPECT_GE(t, p.fired_at, expires);
		KTEST_EXPECT_LE(t, p.fired_at,
				expires + 1 + time_jiffies_skipped() - skipped);
		del_timer_sync(&p.timer);
	}
}

/*
 * A timer deleted before its deadline does not fire; a second one armed
 * later than it does, which proves the first had its chance.
 */
static void timer_deleted_does_not_fire(struct ktest *t)
{
	struct probe a, b;

	init_completion(&a.fired);
	init_completion(&b.fired);
	timer_setup(&a.timer, probe_fn, 0);
	timer_setup(&b.timer, probe_fn, 0);
	mod_timer(&a.timer, time_jiffies() + 3);
	mod_timer(&b.timer, time_jiffies() + 6);
	KTEST_EXPECT_EQ(t, del_timer_sync(&a.timer), 1);
	ktest_wait_completion(t, &b.fired, KTEST_WAIT_MS);
	KTEST_EXPECT(t, !completion_done(&a.fired));
	KTEST_EXPECT(t, !timer_pending(&a.timer));
}

/*
 * Sleep with @sleep (a timed sleep of @timeout jiffies that nothing else
 * ends) under a wake_watch. Expected: the sleep reports a timeout, lasts
 * at least @timeout jiffies, and the task is made runnable by the tick at
 * its deadline or the next one (plus skipped jiffies). The deadline is
 * somewhere in [start, asleep_at] + @timeout, see wake_watch.h. When the
 * woken task then gets the CPU is not part of the property: under load it
 * may wait behind other tasks for a slice or more.
 */
static void expect_timeout_wakeup(struct ktest *t, long (*sleep)(long),
				  long timeout)
{
	u64 start = time_jiffies(), skipped = time_jiffies_skipped();
	struct wake_watch w;

	wake_watch_start(&w, current);
	KTEST_EXPECT_EQ(t, sleep(timeout), 0);
	KTEST_EXPECT_GE_U(t, time_jiffies() - start, (u64)timeout);
	KTEST_ASSERT(t, wake_watch_finish(&w));
	KTEST_EXPECT_GE_U(t, w.woken_at, start + (u64)timeout);
	KTEST_EXPECT_LE_U(t, w.woken_at,
			  w.asleep_at + (u64)timeout + 1 +
				  time_jiffies_skipped() - skipped);
}

static long sleep_killable(long timeout)
{
	set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}

static long sleep_on_completion(long timeout)
{
	DECLARE_COMPLETION(never);

	return wait_for_completion_timeout(&never, timeout);
}

/*
 * schedule_timeout() and wait_for_completion_timeout() return after their
 * timeout (and not before it) when nothing wakes them, and the timeout
 * wakes them within one tick of the deadline: see expect_timeout_wakeup().
 */
static void timer_schedule_timeout_expires(struct ktest *t)
{
	expect_timeout_wakeup(t, sleep_killable, 10);
	expect_timeout_wakeup(t, sleep_on_completion, 7);
}

KTEST_SUITE(timer, KTEST_CASE(timer_fires_within_one_tick),
	    KTEST_CASE(timer_deleted_does_not_fire),
	    KTEST_CASE(timer_schedule_timeout_expires));
