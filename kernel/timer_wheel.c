// SPDX-License-Identifier: MIT
/*
 * Timer wheel (kernel/timer_wheel.h). Invariant: a pending entry sits in
 * slot (expires % TIMER_WHEEL_SLOTS) and expires >= clk, so scanning slot
 * (clk % TIMER_WHEEL_SLOTS) finds exactly the entries due at clk.
 */
#include "kernel/timer_wheel.h"

void timer_wheel_init(struct timer_wheel *w, u64 now)
{
	for (unsigned int i = 0; i < TIMER_WHEEL_SLOTS; i++)
		INIT_LIST_HEAD(&w->slots[i]);
	w->clk = now;
	w->nr_pending = 0;
}

void timer_wheel_entry_init(struct timer_wheel_entry *e)
{
	INIT_LIST_HEAD(&e->node);
	e->expires = 0;
}

/* Queue @e to expire at @expires (re-queue if pending). */
void timer_wheel_add(struct timer_wheel *w, struct timer_wheel_entry *e,
		     u64 expires)
{
	timer_wheel_del(w, e);
	if (expires < w->clk)
		expires = w->clk;
	e->expires = expires;
	list_add_tail(&e->node,
		      &w->slots[expires & (TIMER_WHEEL_SLOTS - 1)]);
	w->nr_pending++;
}

/* Unqueue @e. Return: true if it was pending. */
bool timer_wheel_del(struct timer_wheel *w, struct timer_wheel_entry *e)
{
	if (!timer_wheel_pending(e))
		return false;
	list_del_init(&e->node);
	w->nr_pending--;
	return true;
}

/**
 * timer_wheel_next_expired - take the next entry due at or before @now.
 * @w: the wheel
 * @now: current time in ticks
 *
 * Advances the wheel's clock up to @now + 1 as slots are found empty of
 * due entries; call it until it returns NULL.
 * Return: an unqueued due entry, or NULL when none is left.
 */
struct timer_wheel_entry *timer_wheel_next_expired(struct timer_wheel *w,
						   u64 now)
{
	while (w->clk <= now) {
		struct list_head *slot =
			&w->slots[w->clk & (TIMER_WHEEL_SLOTS - 1)];
		struct timer_wheel_entry *e;

		if (w->nr_pending) {
			list_for_each_entry(e, slot, node) {
				if (e->expires <= w->clk) {
					timer_wheel_del(w, e);
					return e;
				}
			}
		} else {
			/* Nothing pending: jump straight to the end. */
			w->clk = now;
		}
		w->clk++;
	}
	return NULL;
}
