// SPDX-License-Identifier: MIT
/*
 * The registry of caches reclaim can empty (mm/shrinker.h): a list that
 * only grows, pushed atomically, walked without a lock.
 */
#include "lib/types.h"
#include "mm/shrinker.h"

static struct shrinker *shrinkers;	/* [a] the newest first */

/**
 * shrinker_register - let reclaim and drop_caches empty @s's cache.
 * @s: static, never unregistered
 *
 * Context: boot, task context.
 */
void shrinker_register(struct shrinker *s)
{
	s->next = __atomic_load_n(&shrinkers, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(&shrinkers, &s->next, s, true,
					    __ATOMIC_RELEASE,
					    __ATOMIC_RELAXED))
		;
}

/**
 * shrinker_drop_clean - free what every registered cache holds clean
 * (drop_caches, and vmscan_drop_caches() after the page cache).
 *
 * Context: task context, no spinlock held.
 * Return: the pages freed.
 */
unsigned long shrinker_drop_clean(void)
{
	unsigned long n = 0;

	for (struct shrinker *s = __atomic_load_n(&shrinkers,
						  __ATOMIC_ACQUIRE);
	     s; s = s->next)
		n += s->drop_clean();
	return n;
}

/**
 * shrinker_nr_pages - the pages every registered cache holds
 * (/proc/meminfo's "Buffers").
 *
 * Context: any.
 * Return: their sum.
 */
unsigned long shrinker_nr_pages(void)
{
	unsigned long n = 0;

	for (struct shrinker *s = __atomic_load_n(&shrinkers,
						  __ATOMIC_ACQUIRE);
	     s; s = s->next)
		n += s->count_pages();
	return n;
}
