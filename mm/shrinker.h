/* SPDX-License-Identifier: MIT */
/*
 * Caches outside the page cache that reclaim can empty (Linux's
 * shrinkers, reduced to what drop_caches needs): a file system's
 * metadata cache registers one at boot; vmscan_drop_caches() and
 * /proc/sys/vm/drop_caches free what each holds clean, and
 * /proc/meminfo's "Buffers" is the sum of their pages. mm/ calls them
 * without knowing what they cache.
 *
 * Locking: the list only grows, at boot, by an atomic push; walkers
 * need no lock. Each callback takes its own.
 */
#ifndef MM_SHRINKER_H
#define MM_SHRINKER_H

struct shrinker {
	const char *name;			/* [I] */
	/* Pages held now. Context: any. */
	unsigned long (*count_pages)(void);	/* [I] */
	/* Free every clean object; dirty ones stay for their
	 * writeback. Return: the pages freed. Context: task, no lock. */
	unsigned long (*drop_clean)(void);	/* [I] */
	struct shrinker *next;			/* [I] once registered */
};

void shrinker_register(struct shrinker *s);
unsigned long shrinker_drop_clean(void);
unsigned long shrinker_nr_pages(void);

#endif
