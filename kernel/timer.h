/* SPDX-License-Identifier: MIT */
/*
 * Kernel timers, Linux's timer_list: timer_setup() once, mod_timer() to
 * (re)arm at an absolute jiffies value, del_timer()/del_timer_sync() to
 * cancel. Callbacks run from the tick (timers_run()), in interrupt
 * context with interrupts off: they must not sleep. A timer fires at the
 * first tick at which jiffies >= expires, i.e. within one tick of its
 * deadline unless interrupts were off for longer.
 *
 * One global wheel (kernel/timer_wheel.c) under one lock serves all
 * CPUs: arming and cancelling are O(1) under a lock held for a few dozen
 * instructions, which does not contend measurably at 8 CPUs; the first
 * CPU whose tick finds due timers runs them, one runner at a time.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "kernel/timer_wheel.h"
#include "lib/types.h"

struct timer_list {
	struct timer_wheel_entry entry;	/* [timer_base.lock] */
	void (*function)(struct timer_list *t);	/* [I] */
	unsigned int flags;		/* [I] reserved, 0 */
};

#define from_timer(var, t, field) container_of(t, __typeof__(*(var)), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *),
		 unsigned int flags);
int mod_timer(struct timer_list *t, u64 expires);
void add_timer(struct timer_list *t);
int del_timer(struct timer_list *t);
int del_timer_sync(struct timer_list *t);
bool timer_pending(const struct timer_list *t);
void timers_run(void);

u64 msecs_to_jiffies(u64 ms);
u64 jiffies_to_msecs(u64 j);
void msleep(unsigned int ms);

#endif
