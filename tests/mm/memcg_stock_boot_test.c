// SPDX-License-Identifier: MIT
/*
 * The per-CPU charge stock (mm/memcg_stock.c): a charge on each online
 * CPU leaves a stock there, and memcg_drain_all_stock() empties every
 * one of them before it returns, the other CPUs' through cross-CPU
 * calls: the callers that check memory.current == 0 right after a drain
 * rely on it.
 */
#include "kernel/cgroup.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"

struct stock_fill {
	struct memcg *memcg;
	struct completion done;
	int err;
};

/* Charge and uncharge one page: the batch's surplus stays in this
 * CPU's stock. */
static int stock_fill_fn(void *arg)
{
	struct stock_fill *f = arg;

	f->err = memcg_charge(f->memcg, GFP_KERNEL, 1);
	if (!f->err)
		memcg_uncharge(f->memcg, 1);
	complete(&f->done);
	return 0;
}

/* Fill @m's stock on @cpu from a thread bound there. */
static void stock_fill_on(struct ktest *t, struct memcg *m, unsigned int cpu)
{
	struct stock_fill f = { .memcg = m };
	struct task *k;

	init_completion(&f.done);
	k = kthread_create(stock_fill_fn, &f, "stock-fill/%u", cpu);
	KTEST_ASSERT_NOT_NULL(t, k);
	kthread_bind(k, cpu);
	wake_up_process(k);
	ktest_wait_completion(t, &f.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, f.err, 0);
}

/*
 * Every online CPU holds a batch less a page for the group; after
 * memcg_drain_all_stock() no stock holds any and memory.current is 0.
 * Fails when the drain skips a CPU (its own, or another one).
 */
static void drain_all_reaches_every_cpu(struct ktest *t)
{
	unsigned long base = task_count();
	unsigned int batch = memcg_design_batch(memcg_get_design());
	unsigned int cpus = 0;
	struct cgroup *cg;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "stock_drain", &cg),
			0);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		stock_fill_on(t, cg->memcg, cpu);
		cpus++;
	}
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, memcg_stock_pages(cg->memcg),
			(unsigned long)cpus * (batch - 1));
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_stock_pages(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(memcg_stock,
	    KTEST_CASE(drain_all_reaches_every_cpu));
