// SPDX-License-Identifier: MIT
/*
 * Kernel memory charged to a memory cgroup (__GFP_ACCOUNT), per object:
 * Linux 6.1's obj_cgroup_charge() and obj_cgroup_uncharge(). An object
 * of an accounted slab cache is charged its size in bytes; the memcg's
 * counter only moves in whole pages, so each CPU keeps a byte stock (one
 * memcg per CPU, as Linux's memcg_stock_pcp->cached_objcg): a charge
 * takes its bytes from the stock or charges the pages it needs and
 * leaves the rest of the last page in the stock; an uncharge gives its
 * bytes back to the stock, which returns whole pages to the counter once
 * it holds more than a page (Linux's refill_obj_stock()). A drained
 * stock's whole pages are uncharged and the bytes under a page kept in
 * memcg->kmem_bytes (Linux's objcg->nr_charged_bytes), taken back when
 * the memcg is stocked again, so bytes never leak: once every object of
 * a memcg is freed and the stocks are drained, its counter is back where
 * it was.
 *
 * Pages charged here count in memory.stat's "kernel" (MEMCG_KERNEL), so
 * the memcg_usage_balance invariant holds with the bytes in the stocks
 * and in kmem_bytes as part of those pages.
 *
 * Invariant: a stock holding a memcg holds one reference on it, and never
 * holds an offline one (memcg_offline() marks it, then drains): bytes
 * freed after a group's removal go straight back, so the removed group
 * is freed as soon as its last charge is gone.
 *
 * Locking: [s] the stock's lock (a leaf spinlock "memcg_obj_stock"); [a]
 * memcg->kmem_bytes.
 */
#include <arch/percpu.h>
#include "kernel/cgroup.h"
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "kernel/task.h"
#include "mm/memcg.h"

struct obj_stock {
	struct spinlock lock;
	struct memcg *cached;		/* [s], [a] to peek; NULL: empty */
	unsigned int nr_bytes;		/* [s] charged, not used by objects */
} __aligned(64);

static struct obj_stock obj_stocks[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = SPINLOCK_INIT("memcg_obj_stock") },
};

/**
 * memcg_get_from_current - the memcg current's kernel allocations are
 * charged to (Linux's get_mem_cgroup_from_current(): the domain of the
 * task's own group, not its mm owner's).
 *
 * Context: task context.
 * Return: the memcg with a reference (memcg_put()).
 */
struct memcg *memcg_get_from_current(void)
{
	return cgroup_get_task_domain(current)->memcg;
}

/* Uncharge @pages kmem pages of @m. */
static void kmem_uncharge_pages(struct memcg *m, unsigned long pages)
{
	memcg_stat_add(m, MEMCG_KERNEL, -(long)pages);
	memcg_uncharge(m, pages);
}

/* Uncharge @m's whole pages of @bytes; keep the rest in kmem_bytes. */
static void kmem_return_bytes(struct memcg *m, unsigned long bytes)
{
	unsigned long have = __atomic_add_fetch(&m->kmem_bytes, bytes,
						__ATOMIC_RELAXED);
	unsigned long pages;

	do {
		pages = have >> PAGE_SHIFT;
		if (!pages)
			return;
	} while (!__atomic_compare_exchange_n(&m->kmem_bytes, &have,
					      have - (pages << PAGE_SHIFT),
					      false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	kmem_uncharge_pages(m, pages);
}

/* Empty @s; return its memcg and bytes for kmem_return_bytes(). */
static struct memcg *obj_stock_take(struct obj_stock *s, unsigned int *bytes)
{
	struct memcg *old = s->cached;

	*bytes = s->nr_bytes;
	__atomic_store_n(&s->cached, NULL, __ATOMIC_RELAXED);
	s->nr_bytes = 0;
	return old;
}

static void obj_stock_put_old(struct memcg *old, unsigned int bytes)
{
	if (!old)
		return;
	kmem_return_bytes(old, bytes);
	memcg_put(old);
}

/* Take @size bytes for @m from this CPU's stock, if it has them. */
static bool obj_stock_consume(struct memcg *m, unsigned int size)
{
	struct obj_stock *s = &obj_stocks[arch_this_cpu_id()];
	bool ok;

	/* Preempted and moved meanwhile: still a stock, still locked. */
	spin_lock(&s->lock);
	ok = s->cached == m && s->nr_bytes >= size;
	if (ok)
		s->nr_bytes -= size;
	spin_unlock(&s->lock);
	return ok;
}

/*
 * Keep @bytes charged to @m in this CPU's stock (replacing another
 * memcg's, whose bytes go back); past a page, the whole pages go back
 * and the rest stays (Linux's refill_obj_stock()).
 */
static void obj_stock_refill(struct memcg *m, unsigned int bytes)
{
	struct obj_stock *s = &obj_stocks[arch_this_cpu_id()];
	unsigned int old_bytes = 0, over = 0;
	struct memcg *old = NULL;

	spin_lock(&s->lock);
	if (__atomic_load_n(&m->offline, __ATOMIC_SEQ_CST)) {
		/* A stock's reference would keep a removed group alive. */
		spin_unlock(&s->lock);
		kmem_return_bytes(m, bytes);
		return;
	}
	if (s->cached != m) {
		old = obj_stock_take(s, &old_bytes);
		memcg_get(m);
		__atomic_store_n(&s->cached, m, __ATOMIC_RELAXED);
		s->nr_bytes = __atomic_exchange_n(&m->kmem_bytes, 0,
						  __ATOMIC_RELAXED);
	}
	s->nr_bytes += bytes;
	if (s->nr_bytes > PAGE_SIZE) {
		over = s->nr_bytes >> PAGE_SHIFT;
		s->nr_bytes &= PAGE_SIZE - 1;
	}
	spin_unlock(&s->lock);
	obj_stock_put_old(old, old_bytes);
	if (over)	/* the caller holds @m */
		kmem_uncharge_pages(m, over);
}

/**
 * memcg_kmem_charge_obj - charge a @size-byte kernel object to @m.
 * @m: the memcg (the caller holds a reference); the root is never charged
 * @gfp: the allocation's flags (what the charge may do at the limit)
 * @size: bytes, at most a few pages
 *
 * Whole pages are charged through memcg_charge(), in the design of the
 * moment, when this CPU's stock does not have @size bytes for @m. The
 * uncharge is memcg_kmem_uncharge_obj(@m, @size), whoever frees.
 * Context: as memcg_charge().
 * Return: 0; -ENOMEM (nothing charged).
 */
int memcg_kmem_charge_obj(struct memcg *m, gfp_t gfp, unsigned int size)
{
	unsigned int pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	int err;

	if (memcg_is_root(m) || obj_stock_consume(m, size))
		return 0;
	err = memcg_charge(m, gfp, pages);
	if (err)
		return err;
	memcg_stat_add(m, MEMCG_KERNEL, pages);
	if (pages * PAGE_SIZE > size)
		obj_stock_refill(m, pages * PAGE_SIZE - size);
	return 0;
}

/**
 * memcg_kmem_uncharge_obj - undo memcg_kmem_charge_obj() for an object
 * being freed (on whatever CPU, by whatever task).
 * @m: the memcg it was charged to
 * @size: its size, as charged
 *
 * Context: any that may take a spinlock; no sleeping.
 */
void memcg_kmem_uncharge_obj(struct memcg *m, unsigned int size)
{
	if (!memcg_is_root(m))
		obj_stock_refill(m, size);
}

/**
 * memcg_kmem_drain_all - give back the bytes every CPU's stock holds for
 * @root's subtree (Linux's drain_all_stock() drains these with the page
 * stocks).
 * @root: the memcg over its limit, or going offline
 *
 * Context: task context; takes each stock's lock in turn.
 */
void memcg_kmem_drain_all(struct memcg *root)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct obj_stock *s = &obj_stocks[cpu];
		struct memcg *old = NULL;
		unsigned int bytes = 0;

		if (!__atomic_load_n(&s->cached, __ATOMIC_RELAXED))
			continue;
		spin_lock(&s->lock);
		if (s->cached && memcg_is_descendant(s->cached, root))
			old = obj_stock_take(s, &bytes);
		spin_unlock(&s->lock);
		obj_stock_put_old(old, bytes);
	}
}
