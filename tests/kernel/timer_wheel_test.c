// SPDX-License-Identifier: MIT
/*
 * Timer wheel bookkeeping (kernel/timer_wheel.c), host and kernel: entries
 * come out at exactly their expiry tick, in expiry order, across wheel
 * turns and missed ticks.
 */
#include "kernel/ktest.h"
#include "kernel/timer_wheel.h"

#define N	64

static struct timer_wheel wheel;
static struct timer_wheel_entry ents[N];

/* Fresh wheel at time @now, every entry idle. */
static void wheel_reset(u64 now)
{
	timer_wheel_init(&wheel, now);
	for (int i = 0; i < N; i++)
		timer_wheel_entry_init(&ents[i]);
}

/* Advance one tick at a time to @to; record each entry's firing tick. */
static void run_ticks(u64 from, u64 to, u64 *fired)
{
	for (u64 now = from; now <= to; now++) {
		struct timer_wheel_entry *e;

		while ((e = timer_wheel_next_expired(&wheel, now)))
			fired[e - ents] = now;
	}
}

/*
 * Entries due 0..3 turns of the wheel ahead (expiries 1 .. 4*SLOTS+7,
 * several in the same slot) each fire at exactly their expiry tick.
 */
static void timer_wheel_fires_at_expiry(struct ktest *t)
{
	u64 fired[N] = { 0 };

	wheel_reset(1000);
	for (int i = 0; i < N; i++)
		timer_wheel_add(&wheel, &ents[i],
				1000 + 1 + (u64)(i % 4) * TIMER_WHEEL_SLOTS +
					(u64)(i % 8));
	KTEST_EXPECT_EQ(t, wheel.nr_pending, N);
	run_ticks(1000, 1000 + 5 * TIMER_WHEEL_SLOTS, fired);
	for (int i = 0; i < N; i++)
		KTEST_EXPECT_EQ(t, fired[i], ents[i].expires);
	KTEST_EXPECT_EQ(t, wheel.nr_pending, 0);
}

/*
 * Ticks are missed: time jumps from 10 to 10 + 3*SLOTS at once. Every due
 * entry comes out in one call sequence, in expiry order; one not yet due
 * stays pending.
 */
static void timer_wheel_catches_up_in_order(struct ktest *t)
{
	struct timer_wheel_entry *e;
	u64 last = 0, now = 10 + 3 * TIMER_WHEEL_SLOTS;
	int n = 0;

	wheel_reset(10);
	for (int i = 0; i < 32; i++)
		timer_wheel_add(&wheel, &ents[i], 11 + (u64)((i * 37) % 700));
	timer_wheel_add(&wheel, &ents[40], now + 1);
	while ((e = timer_wheel_next_expired(&wheel, now))) {
		KTEST_EXPECT_GE(t, e->expires, last);
		KTEST_EXPECT_LE(t, e->expires, now);
		last = e->expires;
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 32);
	KTEST_EXPECT(t, timer_wheel_pending(&ents[40]));
	KTEST_EXPECT_EQ(t, timer_wheel_next_expired(&wheel, now + 1),
			&ents[40]);
}

/*
 * Deleting and re-adding: a deleted entry never fires, a re-added one
 * fires at its new expiry, and an expiry in the past fires at the next
 * tick looked at.
 */
static void timer_wheel_del_readd_and_past(struct ktest *t)
{
	u64 fired[N] = { 0 };

	wheel_reset(500);
	timer_wheel_add(&wheel, &ents[0], 510);
	timer_wheel_add(&wheel, &ents[1], 520);
	timer_wheel_add(&wheel, &ents[2], 100);		/* already past */
	KTEST_EXPECT(t, timer_wheel_del(&wheel, &ents[0]));
	KTEST_EXPECT(t, !timer_wheel_del(&wheel, &ents[0]));
	timer_wheel_add(&wheel, &ents[1], 530);		/* re-arm later */
	run_ticks(500, 600, fired);
	KTEST_EXPECT_EQ(t, fired[0], 0);
	KTEST_EXPECT_EQ(t, fired[1], 530);
	KTEST_EXPECT_EQ(t, fired[2], 500);
}

KTEST_SUITE(timer_wheel, KTEST_CASE(timer_wheel_fires_at_expiry),
	    KTEST_CASE(timer_wheel_catches_up_in_order),
	    KTEST_CASE(timer_wheel_del_readd_and_past));
