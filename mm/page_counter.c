// SPDX-License-Identifier: MIT
/*
 * Hierarchical page counter (see mm/page_counter.h). Invariant: after
 * any sequence of completed charges and uncharges, every level's usage
 * is the sum of what was charged through it and not uncharged, and a
 * refused charge left no trace but one failcnt increment at the level
 * that refused (Linux's page_counter_try_charge()).
 */
#include "kernel/panic.h"
#include "mm/page_counter.h"

/**
 * page_counter_init - an empty counter without a limit under @parent.
 * @c: the counter
 * @parent: the level above, or NULL at the top
 *
 * Context: any; @c is not visible to anyone yet.
 */
void page_counter_init(struct page_counter *c, struct page_counter *parent)
{
	*c = (struct page_counter){ .max = PAGE_COUNTER_MAX,
				    .parent = parent };
}

/* Raise @c's watermark to @usage if it is higher (lock-free). */
static void watermark_raise(struct page_counter *c, long usage)
{
	long old = __atomic_load_n(&c->watermark, __ATOMIC_RELAXED);

	while (usage > old &&
	       !__atomic_compare_exchange_n(&c->watermark, &old, usage, true,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* Take @nr back from @c alone; usage below 0 is an accounting bug. */
static void counter_cancel(struct page_counter *c, unsigned long nr)
{
	long left = __atomic_sub_fetch(&c->usage, (long)nr, __ATOMIC_RELAXED);

	if (WARN_ON(left < 0))
		__atomic_add_fetch(&c->usage, -left, __ATOMIC_RELAXED);
}

/**
 * page_counter_try_charge - charge @nr pages to @c and every level above,
 * unless a level would go over its max.
 * @c: the leaf
 * @nr: pages
 * @fail: set to the level that refused when the charge fails
 *
 * Its uncharge is page_counter_uncharge() of the same @c and @nr.
 * Context: any; lock-free.
 * Return: true when every level took the pages; false when *@fail
 * refused (its failcnt counted): then no level is charged.
 */
bool page_counter_try_charge(struct page_counter *c, unsigned long nr,
			     struct page_counter **fail)
{
	struct page_counter *level;

	for (level = c; level; level = level->parent) {
		long usage = __atomic_add_fetch(&level->usage, (long)nr,
						__ATOMIC_RELAXED);

		if (usage > page_counter_max(level)) {
			counter_cancel(level, nr);
			__atomic_add_fetch(&level->failcnt, 1,
					   __ATOMIC_RELAXED);
			*fail = level;
			goto rollback;
		}
		watermark_raise(level, usage);
	}
	return true;

rollback:
	for (level = c; level != *fail; level = level->parent)
		counter_cancel(level, nr);
	return false;
}

/**
 * page_counter_charge - charge @nr pages to @c and above whatever the
 * limits say (a forced charge: the usage may exceed max).
 * @c: the leaf
 * @nr: pages
 *
 * Context: any; lock-free.
 */
void page_counter_charge(struct page_counter *c, unsigned long nr)
{
	for (; c; c = c->parent)
		watermark_raise(c, __atomic_add_fetch(&c->usage, (long)nr,
						      __ATOMIC_RELAXED));
}

/**
 * page_counter_uncharge - take back @nr pages charged through @c.
 * @c: the leaf they were charged to
 * @nr: pages
 *
 * Context: any; lock-free.
 */
void page_counter_uncharge(struct page_counter *c, unsigned long nr)
{
	for (; c; c = c->parent)
		counter_cancel(c, nr);
}

/**
 * page_counter_set_max - set @c's limit, whatever its usage (cgroup v2's
 * memory.max write: the caller reclaims or kills down to it).
 * @c: the counter
 * @max: pages; PAGE_COUNTER_MAX for none
 *
 * Context: any.
 */
void page_counter_set_max(struct page_counter *c, long max)
{
	__atomic_store_n(&c->max, max, __ATOMIC_RELAXED);
}
