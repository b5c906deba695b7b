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
		wait_for_completion(&p.fired);
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
	wait_for_completion(&b.fired);
	KTEST_EXPECT(t, !completion_done(&a.fired));
	KTEST_EXPECT(t, !timer_pending(&a.timer));
}

/*
 * schedule_timeout() and wait_for_completion_timeout() return after their
 * timeout (and not before it) when nothing wakes them: the elapsed
 * jiffies are within [timeout, timeout + 1] (plus skipped jiffies).
 */
static void timer_schedule_timeout_expires(struct ktest *t)
{
	DECLARE_COMPLETION(never);
	u64 start = time_jiffies(), skipped = time_jiffies_skipped();
	long left;

	set_current_state(TASK_KILLABLE);
	left = schedule_timeout(10);
	KTEST_EXPECT_EQ(t, left, 0);
	KTEST_EXPECT_GE(t, time_jiffies() - start, 10);
	KTEST_EXPECT_LE(t, time_jiffies() - start,
			11 + time_jiffies_skipped() - skipped);
	start = time_jiffies();
	skipped = time_jiffies_skipped();
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&never, 7), 0);
	KTEST_EXPECT_GE(t, time_jiffies() - start, 7);
	KTEST_EXPECT_LE(t, time_jiffies() - start,
			8 + time_jiffies_skipped() - skipped);
}

KTEST_SUITE(timer, KTEST_CASE(timer_fires_within_one_tick),
	    KTEST_CASE(timer_deleted_does_not_fire),
	    KTEST_CASE(timer_schedule_timeout_expires));
