/* SPDX-License-Identifier: MIT */
/*
 * Lock contention statistics, one struct lock_stat per lock (a rwsem has
 * one for each side). The counters are updated by the lock's owner while
 * it holds the lock, so they need no atomics; a reader printing them
 * without the lock may see a torn set, which is fine for statistics.
 * Wait times are kept in TSC cycles and converted when printed.
 *
 * Locks worth watching are put on a global list with lockstat_register()
 * and printed together by lockstat_print_all(); any lock can be printed
 * on its own with lockstat_print().
 */
#ifndef KERNEL_LOCKSTAT_H
#define KERNEL_LOCKSTAT_H

#include "lib/types.h"

struct lock_stat {
	u64 acquisitions;	/* [lock] */
	u64 contentions;	/* [lock] acquisitions that had to wait */
	u64 wait_total;		/* [lock] cycles spent waiting, all of them */
	u64 wait_max;		/* [lock] longest single wait, cycles */
	const char *name;	/* [I] */
	struct lock_stat *next;	/* [lockstat_lock] registry link */
	bool registered;	/* [lockstat_lock] */
};

/* Called with the lock held, after a wait of @cycles (0: no wait). */
static inline void lock_stat_acquired(struct lock_stat *s, u64 cycles,
				      bool contended)
{
	s->acquisitions++;
	if (!contended)
		return;
	s->contentions++;
	s->wait_total += cycles;
	if (cycles > s->wait_max)
		s->wait_max = cycles;
}

void lock_stat_reset(struct lock_stat *s);
void lockstat_register(struct lock_stat *s, const char *name);
void lockstat_unregister(struct lock_stat *s);
void lockstat_print(const struct lock_stat *s, const char *name);
void lockstat_print_all(void);

#endif
