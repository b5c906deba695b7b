/* SPDX-License-Identifier: MIT */
/*
 * Timer wheel, the pure half of kernel/timer.c: TIMER_WHEEL_SLOTS lists
 * indexed by expiry time modulo the wheel size. Adding and removing is
 * O(1); each tick looks at one slot, where due entries sit beside entries
 * due whole turns later. An entry is due once the wheel's clock reaches
 * its expiry; an entry added with an expiry already past is due at the
 * next step. Missed ticks are caught up slot by slot, so entries come out
 * in expiry order. No locks, no time source: the caller supplies both.
 */
#ifndef KERNEL_TIMER_WHEEL_H
#define KERNEL_TIMER_WHEEL_H

#include "lib/list.h"
#include "lib/types.h"

#define TIMER_WHEEL_BITS	8
#define TIMER_WHEEL_SLOTS	(1U << TIMER_WHEEL_BITS)

struct timer_wheel_entry {
	struct list_head node;		/* in a slot while pending */
	u64 expires;			/* absolute time, in ticks */
};

struct timer_wheel {
	struct list_head slots[TIMER_WHEEL_SLOTS];
	u64 clk;			/* next tick to look at */
	unsigned long nr_pending;
};

void timer_wheel_init(struct timer_wheel *w, u64 now);
void timer_wheel_entry_init(struct timer_wheel_entry *e);
void timer_wheel_add(struct timer_wheel *w, struct timer_wheel_entry *e,
		     u64 expires);
bool timer_wheel_del(struct timer_wheel *w, struct timer_wheel_entry *e);
struct timer_wheel_entry *timer_wheel_next_expired(struct timer_wheel *w,
						   u64 now);

static inline bool timer_wheel_pending(const struct timer_wheel_entry *e)
{
	return !list_empty(&e->node);
}

#endif
