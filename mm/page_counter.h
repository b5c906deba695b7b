/* SPDX-License-Identifier: MIT */
/*
 * Hierarchical page counter (Linux's page_counter): a counter per memory
 * cgroup, linked to its parent's. A charge adds to every level from the
 * leaf to the top; a level that would go over its max refuses, counts a
 * failure, and the charge is rolled back from every level below it, so
 * a failed charge changes nothing but that level's failcnt.
 *
 * Usage is lock-free: each level is one atomic add, so concurrent
 * chargers may overshoot a max for an instant (the one that crossed it
 * takes its pages back); max and the watermark are plain atomic words.
 *
 * Locking: [a] atomic; [I] immutable after page_counter_init().
 */
#ifndef MM_PAGE_COUNTER_H
#define MM_PAGE_COUNTER_H

#include <arch/layout.h>
#include "lib/types.h"

/* No limit: Linux's PAGE_COUNTER_MAX (LONG_MAX bytes in pages). */
#define PAGE_COUNTER_MAX	((long)(0x7fffffffffffffffUL / PAGE_SIZE))

struct page_counter {
	long usage;			/* [a] pages charged */
	long max;			/* [a] limit in pages */
	long watermark;			/* [a] highest usage seen (peak) */
	unsigned long failcnt;		/* [a] charges refused here */
	struct page_counter *parent;	/* [I] NULL at the top */
};

void page_counter_init(struct page_counter *c, struct page_counter *parent);
bool page_counter_try_charge(struct page_counter *c, unsigned long nr,
			     struct page_counter **fail);
void page_counter_charge(struct page_counter *c, unsigned long nr);
void page_counter_uncharge(struct page_counter *c, unsigned long nr);
void page_counter_set_max(struct page_counter *c, long max);

static inline long page_counter_read(const struct page_counter *c)
{
	return __atomic_load_n(&c->usage, __ATOMIC_RELAXED);
}

static inline long page_counter_max(const struct page_counter *c)
{
	return __atomic_load_n(&c->max, __ATOMIC_RELAXED);
}

static inline long page_counter_watermark(const struct page_counter *c)
{
	return __atomic_load_n(&c->watermark, __ATOMIC_RELAXED);
}

static inline unsigned long page_counter_failcnt(const struct page_counter *c)
{
	return __atomic_load_n(&c->failcnt, __ATOMIC_RELAXED);
}

/* Pages that may still be charged at @c's own level (0 when over). */
static inline unsigned long page_counter_margin(const struct page_counter *c)
{
	long room = page_counter_max(c) - page_counter_read(c);

	return room > 0 ? (unsigned long)room : 0;
}

#endif
