// SPDX-License-Identifier: MIT
/*
 * Allocator benchmarks (kernel only; run when named: ktest.filter=bench_*).
 * Each case times BENCH_ITERS alloc+free pairs after a warm-up and prints
 *   # bench NAME: <ns> ns/op
 *   # bench NAME: <cycles> cycles/op
 * Debug builds include the poison and redzone work in the numbers.
 *
 * bench_memcg_charge: memcg_charge() + memcg_uncharge() of one page in a
 * group without a limit, which takes its page from this CPU's stock but
 * once a batch (Linux's consume_stock()), against the page counter alone
 * (page_counter_try_charge() + page_counter_uncharge(), what every charge
 * would cost without the stock), and the first as a percentage of the
 * second; each side's fastest of ten alternating rounds.
 */
#include <arch/cpu.h>
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "mm/memcg.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define BENCH_ITERS	20000
#define BENCH_WARMUP	1000
#define CHARGE_ROUNDS	10

static void bench_report(struct ktest *t, const char *name, u64 cycles)
{
	u64 per_op = cycles / BENCH_ITERS;

	ktest_log(t, "bench %s: %llu %s", name,
		  (unsigned long long)cycles_to_ns(per_op), "ns/op");
	ktest_log(t, "bench %s: %llu %s", name, (unsigned long long)per_op,
		  "cycles/op");
}

static void bench_pages(struct ktest *t, const char *name, unsigned int order)
{
	u64 start;

	for (int i = 0; i < BENCH_WARMUP; i++)
		free_pages(alloc_pages(GFP_KERNEL | __GFP_NOFAIL, order), order);
	start = arch_rdtsc();
	for (int i = 0; i < BENCH_ITERS; i++)
		free_pages(alloc_pages(GFP_KERNEL | __GFP_NOFAIL, order), order);
	bench_report(t, name, arch_rdtsc() - start);
}

/* alloc_pages + free_pages of one order-0 page, repeated: the cost of a
 * pair. Expected: completes; numbers are informational. */
static void page_alloc_free_order0(struct ktest *t)
{
	bench_pages(t, "page_alloc_free_order0", 0);
}

/* The same with order-3 blocks (32 KiB). */
static void page_alloc_free_order3(struct ktest *t)
{
	bench_pages(t, "page_alloc_free_order3", 3);
}

/* kmalloc(64) + kfree, repeated; the cache keeps its slab, so this
 * measures the slab fast path. */
static void kmalloc_kfree_64(struct ktest *t)
{
	void *keep = kmalloc(64, GFP_KERNEL);	/* keep a slab partial */
	u64 start;

	KTEST_ASSERT_NOT_NULL(t, keep);
	for (int i = 0; i < BENCH_WARMUP; i++)
		kfree(kmalloc(64, GFP_KERNEL | __GFP_NOFAIL));
	start = arch_rdtsc();
	for (int i = 0; i < BENCH_ITERS; i++)
		kfree(kmalloc(64, GFP_KERNEL | __GFP_NOFAIL));
	bench_report(t, "kmalloc_kfree_64", arch_rdtsc() - start);
	kfree(keep);
}

/* Cycles per memcg_charge() + memcg_uncharge() of one page to @m, over
 * @n pairs. */
static u64 charge_pairs_stock(struct memcg *m, int n)
{
	u64 start = arch_rdtsc();

	for (int i = 0; i < n; i++)
		if (!memcg_charge(m, GFP_KERNEL, 1))
			memcg_uncharge(m, 1);
	return (arch_rdtsc() - start) / n;
}

/* The same on the page counter alone. */
static u64 charge_pairs_counter(struct memcg *m, int n)
{
	struct page_counter *fail;
	u64 start = arch_rdtsc();

	for (int i = 0; i < n; i++)
		if (page_counter_try_charge(&m->memory, 1, &fail))
			page_counter_uncharge(&m->memory, 1);
	return (arch_rdtsc() - start) / n;
}

static u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/*
 * The two sides alternate in CHARGE_ROUNDS rounds and each keeps its
 * fastest: a loaded host only ever adds time, and a stall then hits one
 * round of one side, not the whole figure.
 */
static void memcg_charge_stock_vs_counter(struct ktest *t)
{
	int n = BENCH_ITERS / CHARGE_ROUNDS;
	u64 stock = ~0ULL, counter = ~0ULL;
	struct cgroup *cg;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "bench_charge", &cg),
			0);
	charge_pairs_stock(cg->memcg, BENCH_WARMUP);
	charge_pairs_counter(cg->memcg, BENCH_WARMUP);
	for (int r = 0; r < CHARGE_ROUNDS; r++) {
		stock = min_u64(stock, charge_pairs_stock(cg->memcg, n));
		counter = min_u64(counter, charge_pairs_counter(cg->memcg, n));
	}
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	ktest_log(t, "bench memcg_charge_stock: %llu ns/op",
		  (unsigned long long)cycles_to_ns(stock));
	ktest_log(t, "bench memcg_charge_nostock: %llu ns/op",
		  (unsigned long long)cycles_to_ns(counter));
	ktest_log(t, "bench memcg_charge_stock_ratio: %llu %%",
		  (unsigned long long)(stock * 100 / (counter ?: 1)));
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(bench_page_alloc,
	    KTEST_CASE(page_alloc_free_order0),
	    KTEST_CASE(page_alloc_free_order3));
KTEST_SUITE(bench_kmalloc,
	    KTEST_CASE(kmalloc_kfree_64));
KTEST_SUITE(bench_memcg_charge,
	    KTEST_CASE(memcg_charge_stock_vs_counter));
