// SPDX-License-Identifier: MIT
/*
 * The per-CPU charge stock (Linux's memcg_stock_pcp, one memcg per CPU
 * as in 4.x and 6.1): pages charged to a memcg's counter ahead of use,
 * so most charges touch only this CPU's stock. A charge takes a batch
 * (memcg_design_batch(): 32 pages, 64 in MOD) and leaves the surplus
 * here; a stock over a batch, or a refill for another memcg, gives its
 * pages back to the counter.
 *
 * A CPU touches its own stock without a lock or an atomic instruction
 * (Linux 4.19's local_irq_save(), 6.1's local_lock_irqsave()): that is
 * what makes a stock hit cheaper than the page counter it stands in
 * front of. A consume, the hot path, runs with preemption off and makes
 * its one write a local compare-and-exchange, so that a drain landing
 * in the middle makes it miss instead of taking pages already given
 * back; a refill, once a batch, runs with interrupts off. Another CPU's
 * stock is drained on that CPU, from a cross-CPU call (an interrupt),
 * the only writer besides the CPU's running task. Linux queues that
 * drain as per-CPU work and returns at once (and skips it while another
 * drain runs); memcg_drain_all_stock() waits for every CPU's call
 * instead, so the retry after the drain (step 12) and a caller checking
 * memory.current == 0 see all of it.
 *
 * Invariant: a stock holding pages holds one reference on its memcg.
 *
 * Locking: [c] its own CPU only: the running task with preemption off
 * (nr_pages by local cmpxchg) or interrupts off, or the drain call; [a]
 * other CPUs to read for statistics.
 */
#include <arch/cpu.h>
#include <arch/percpu.h>
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/smp.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"

struct memcg_stock {
	struct memcg *cached;		/* [c], [a] to read; NULL: empty */
	unsigned int nr_pages;		/* [c], [a] to read */
} __aligned(64);

static struct memcg_stock stocks[NR_CPUS];

/* This CPU's stock, for use until arch_irq_restore(@flags). */
static struct memcg_stock *stock_this_cpu_irq(unsigned long *flags)
{
	*flags = arch_irq_save();
	return &stocks[arch_this_cpu_id()];
}

/* Give @s's pages back; return the memcg whose reference to drop. */
static struct memcg *stock_drain(struct memcg_stock *s)
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
 * Context: task context; preemption off inside.
 * Return: true when the stock had them (the charge is done).
 */
bool memcg_stock_consume(struct memcg *m, unsigned int nr)
{
	struct memcg_stock *s;
	unsigned int have;
	bool ok = false;

	/* No check of @nr against the batch: a stock never holds more. */
	preempt_disable();
	s = &stocks[arch_this_cpu_id()];
	/* A drain zeroes nr_pages first: once it ran, the exchange fails. */
	if (__atomic_load_n(&s->cached, __ATOMIC_RELAXED) == m) {
		have = __atomic_load_n(&s->nr_pages, __ATOMIC_RELAXED);
		ok = have >= nr &&
		     arch_cmpxchg_local_u32(&s->nr_pages, have,
					    have - nr) == have;
	}
	preempt_enable();
	return ok;
}

/**
 * memcg_stock_refill - keep @nr pages already charged to @m in this
 * CPU's stock (replacing another memcg's stock).
 * @m: the memcg
 * @nr: pages charged to @m's counter
 *
 * Context: task context; interrupts off inside.
 */
void memcg_stock_refill(struct memcg *m, unsigned int nr)
{
	struct memcg *old = NULL, *full = NULL;
	unsigned long flags;
	struct memcg_stock *s = stock_this_cpu_irq(&flags);

	if (s->cached != m) {
		old = stock_drain(s);
		memcg_get(m);
		__atomic_store_n(&s->cached, m, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&s->nr_pages, s->nr_pages + nr, __ATOMIC_RELAXED);
	if (s->nr_pages > memcg_design_batch(memcg_get_design()))
		full = stock_drain(s);
	arch_irq_restore(flags);
	if (old)
		memcg_put(old);
	if (full)
		memcg_put(full);
}

/* One CPU's drain: the subtree, and the reference its caller drops. */
struct stock_drain_call {
	struct memcg *root;
	struct memcg *put;
};

/* Runs on the stock's CPU with interrupts off (a cross-CPU call). */
static void stock_drain_local(void *arg)
{
	struct stock_drain_call *call = arg;
	struct memcg_stock *s = &stocks[arch_this_cpu_id()];

	if (s->cached && memcg_is_descendant(s->cached, call->root))
		call->put = stock_drain(s);
}

/**
 * memcg_drain_all_stock - give back every CPU's stock of @root's subtree,
 * the kmem byte stocks too (Linux's drain_all_stock(), synchronous here:
 * see above).
 * @root: the memcg over its limit (or going offline)
 *
 * Context: task context, interrupts on; waits for each CPU holding a
 * stock to drain it.
 */
void memcg_drain_all_stock(struct memcg *root)
{
	memcg_kmem_drain_all(root);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct stock_drain_call call = { .root = root };

		if (!__atomic_load_n(&stocks[cpu].cached, __ATOMIC_RELAXED))
			continue;
		smp_call_function_single(cpu, stock_drain_local, &call, true);
		/* Here, not in the call: the last put may kfree(). */
		if (call.put)
			memcg_put(call.put);
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
