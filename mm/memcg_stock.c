// SPDX-License-Identifier: MIT
/*
 * The per-CPU charge stock (Linux's memcg_stock_pcp, one memcg per CPU
 * as in 4.x and 6.1): pages charged to a memcg's counter ahead of use,
 * so most charges touch only this CPU's stock. A charge takes a batch
 * (memcg_design_batch(): 32 pages, 64 in MOD) and leaves the surplus
 * here; a stock over a batch, or a refill for another memcg, gives its
 * pages back to the counter.
 *
 * Unlike Linux, which drains other CPUs asynchronously from a work item
 * (and skips the drain while another one runs), memcg_drain_all_stock()
 * drains every CPU's stock before it returns, under each stock's lock:
 * the retry after the drain (step 12) then sees all of it, which keeps
 * the charge path's outcome independent of when a work item runs.
 *
 * Invariant: a stock holding pages holds one reference on its memcg.
 *
 * Locking: [s] the stock's lock (a leaf spinlock); [a] to read for
 * statistics.
 */
#include <arch/percpu.h>
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"

struct memcg_stock {
	struct spinlock lock;
	struct memcg *cached;		/* [s], [a] to read; NULL: empty */
	unsigned int nr_pages;		/* [s], [a] to read */
} __aligned(64);

static struct memcg_stock stocks[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = SPINLOCK_INIT("memcg_stock") },
};

static struct memcg_stock *stock_lock_this_cpu(void)
{
	struct memcg_stock *s = &stocks[arch_this_cpu_id()];

	/* Preempted and moved meanwhile: still a stock, still locked. */
	spin_lock(&s->lock);
	return s;
}

/* Give @s's pages back; return the memcg whose reference to drop. */
static struct memcg *stock_drain_locked(struct memcg_stock *s)
{
	struct memcg *old = s->cached;

	if (old && s->nr_pages)
		page_counter_uncharge(&old->memory, s->nr_pages);
	__atomic_store_n(&s->nr_pages, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&s->cached, NULL, __ATOMIC_RELAXED);
	return old;
}

/**
 * memcg_stock_consume - take @nr pages for @m from this CPU's stock.
 * @m: the memcg charged
 * @nr: pages
 *
 * Context: task context; takes the stock's lock.
 * Return: true when the stock had them (the charge is done).
 */
bool memcg_stock_consume(struct memcg *m, unsigned int nr)
{
	struct memcg_stock *s;
	bool ok;

	if (nr > memcg_design_batch(memcg_get_design()))
		return false;
	s = stock_lock_this_cpu();
	ok = s->cached == m && s->nr_pages >= nr;
	if (ok)
		__atomic_store_n(&s->nr_pages, s->nr_pages - nr,
				 __ATOMIC_RELAXED);
	spin_unlock(&s->lock);
	return ok;
}

/**
 * memcg_stock_refill - keep @nr pages already charged to @m in this
 * CPU's stock (replacing another memcg's stock).
 * @m: the memcg
 * @nr: pages charged to @m's counter
 *
 * Context: task context; takes the stock's lock.
 */
void memcg_stock_refill(struct memcg *m, unsigned int nr)
{
	struct memcg_stock *s = stock_lock_this_cpu();
	struct memcg *old = NULL, *full = NULL;

	if (s->cached != m) {
		old = stock_drain_locked(s);
		memcg_get(m);
		__atomic_store_n(&s->cached, m, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&s->nr_pages, s->nr_pages + nr, __ATOMIC_RELAXED);
	if (s->nr_pages > memcg_design_batch(memcg_get_design()))
		full = stock_drain_locked(s);
	spin_unlock(&s->lock);
	if (old)
		memcg_put(old);
	if (full)
		memcg_put(full);
}

/**
 * memcg_drain_all_stock - give back every CPU's stock of @root's subtree,
 * the kmem byte stocks too (Linux's drain_all_stock(), synchronous here:
 * see above).
 * @root: the memcg over its limit (or going offline)
 *
 * Context: task context; takes each stock's lock in turn.
 */
void memcg_drain_all_stock(struct memcg *root)
{
	memcg_kmem_drain_all(root);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct memcg_stock *s = &stocks[cpu];
		struct memcg *put = NULL;

		if (!__atomic_load_n(&s->cached, __ATOMIC_RELAXED))
			continue;
		spin_lock(&s->lock);
		if (s->cached && memcg_is_descendant(s->cached, root))
			put = stock_drain_locked(s);
		spin_unlock(&s->lock);
		if (put)
			memcg_put(put);
	}
}

/**
 * memcg_stock_pages - pages the stocks hold for @m (a snapshot).
 * @m: the memcg
 *
 * Context: any; lock-free.
 * Return: pages.
 */
unsigned long memcg_stock_pages(const struct memcg *m)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (__atomic_load_n(&stocks[cpu].cached, __ATOMIC_RELAXED) == m)
			n += __atomic_load_n(&stocks[cpu].nr_pages,
					     __ATOMIC_RELAXED);
	return n;
}
