// SPDX-License-Identifier: MIT
/*
 * Page-table walks over a range the user chooses keep interrupts and
 * preemption off for a bounded time, whatever the range's size: the walk
 * drops the page-table lock after each page-table page (512 entries), so
 * the longest stretch is one table's work, not the range's.
 *
 *   BASE                                                   BASE + 1 GiB
 *   [x.......][x.......][x.......]   ...   [x.......][x.......]
 *    2 MiB     2 MiB     2 MiB                         one page touched
 *                                                      per 2 MiB: every
 *                                                      table page exists
 *
 * mprotect(PROT_READ), MADV_DONTNEED (twice: the second finds only empty
 * entries) and munmap over the whole range, each in a fresh window of the
 * latency tracker (kernel/irqsoff.h): the longest irqs-off and
 * preempt-off stretch on any CPU must stay under STRETCH_MAX_US. The
 * walk that held the lock, interrupts off, over the whole range fails it:
 * under TCG that was ~12 ms for mprotect and for MADV_DONTNEED or munmap
 * over empty entries.
 *
 * The range shrinks with memory (a table page and a data page per step,
 * at most a quarter of the free pages), so the 32 MiB machine runs it too.
 */
#include "kernel/irqsoff.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "tests/mm/mm_test_util.h"

#define BASE		0x40000000UL	/* 1 GiB: 2 MiB-aligned, free */
#define STEP		PAGE_SIZE_2M
#define MAX_STEPS	512		/* 1 GiB */
#define MIN_STEPS	64		/* below: too little memory to matter */
#define PAGES_PER_STEP	2		/* the touched page and its table */
#define TRIALS		10
/*
 * One page-table page's walk takes ~50 us under TCG, a prune batch (32
 * tables) ~300 us; the whole range in one hold ~12 ms. The bound sits
 * between, with room for the tick and IPI handlers in the window. A
 * loaded host deschedules a vCPU for milliseconds, in or out of a
 * stretch: hence the best of TRIALS trials.
 */
#define STRETCH_MAX_US	4000

struct sparse {
	struct mm *mm;
	unsigned long steps;
};

/* A private RW mapping at BASE, one page touched per STEP. */
static bool sparse_map(struct ktest *t, struct sparse *s)
{
	s->mm = mm_alloc();
	if (!KTEST_EXPECT_NOT_NULL(t, s->mm))
		return false;
	if (!KTEST_EXPECT_EQ(t, do_mmap(s->mm, BASE, s->steps * STEP,
					PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS |
						MAP_FIXED | MAP_NORESERVE,
					-1, 0), BASE))
		return false;
	for (unsigned long i = 0; i < s->steps; i++)
		if (!KTEST_EXPECT_EQ(t, do_madvise(s->mm, BASE + i * STEP,
						   PAGE_SIZE,
						   MADV_POPULATE_WRITE), 0))
			return false;
	return true;
}

/* The longer of the longest irqs-off and preempt-off stretch since
 * irqsoff_reset(), logged. */
static u64 longest_us(struct ktest *t, const char *what)
{
	struct irqsoff_stretch st[IRQSOFF_NR_KINDS];

	for (int k = 0; k < IRQSOFF_NR_KINDS; k++)
		irqsoff_longest(k, &st[k]);
	ktest_log(t, "%s: irqs-off %llu us at %pS, preempt-off %llu us at %pS",
		  what, (unsigned long long)st[IRQSOFF_IRQS].us,
		  (void *)st[IRQSOFF_IRQS].off_ip,
		  (unsigned long long)st[IRQSOFF_PREEMPT].us,
		  (void *)st[IRQSOFF_PREEMPT].off_ip);
	return MAX(st[IRQSOFF_IRQS].us, st[IRQSOFF_PREEMPT].us);
}

enum walk { MPROTECT, DONTNEED, DONTNEED_EMPTY, MUNMAP, NR_WALKS };

static const char *const walk_name[NR_WALKS] = {
	[MPROTECT] = "mprotect",
	[DONTNEED] = "MADV_DONTNEED",
	[DONTNEED_EMPTY] = "MADV_DONTNEED again",
	[MUNMAP] = "munmap",
};

/* Run @w over the range in a fresh tracker window; its longest stretch. */
static u64 walk_once(struct ktest *t, struct sparse *s, enum walk w)
{
	size_t len = s->steps * STEP;

	irqsoff_reset();
	switch (w) {
	case MPROTECT:
		KTEST_EXPECT_EQ(t, do_mprotect(s->mm, BASE, len, PROT_READ), 0);
		break;
	case DONTNEED:
	case DONTNEED_EMPTY:
		KTEST_EXPECT_EQ(t, do_madvise(s->mm, BASE, len, MADV_DONTNEED),
				0);
		break;
	case MUNMAP:
		KTEST_EXPECT_EQ(t, do_munmap(s->mm, BASE, len), 0);
		break;
	default:
		break;
	}
	return longest_us(t, walk_name[w]);
}

/* The walks did their work: read-only, then no pages, then no tables. */
static void expect_walked(struct ktest *t, struct sparse *s, enum walk w)
{
	pte_t leaf;

	if (w == MPROTECT)
		KTEST_EXPECT(t, arch_pt_populated(&s->mm->pt,
						  BASE + (s->steps - 1) * STEP,
						  &leaf) &&
				!arch_pte_writable(leaf));
	if (w == DONTNEED)
		KTEST_EXPECT_EQ(t, mm_rss(s->mm, MM_ANONPAGES), 0);
	if (w == MUNMAP)
		KTEST_EXPECT_EQ(t, s->mm->pgtables, 0);	/* the root only */
}

/*
 * Up to TRIALS times: map and touch the range, then mprotect it,
 * MADV_DONTNEED it (pages present), again (only empty entries: the walk
 * finds nothing to fill its batch with and runs to the end) and munmap
 * it. Each walk's best trial must be under the bound: a host can stall
 * one trial, but the kernel's own stretch is there in every trial.
 */
static void sparse_1g_walks_bounded(struct ktest *t)
{
	u64 best[NR_WALKS];
	struct irqsoff_stretch st;
	struct sparse s;
	bool all_under;

	if (!irqsoff_longest(IRQSOFF_IRQS, &st))
		KTEST_SKIP(t, "needs CONFIG_DEBUG (the latency tracker)");
	s.steps = MIN(MAX_STEPS, nr_free_pages() / (4 * PAGES_PER_STEP));
	if (s.steps < MIN_STEPS)
		KTEST_SKIP(t, "too little memory for a sparse range");
	for (int w = 0; w < NR_WALKS; w++)
		best[w] = ~0ULL;
	for (int trial = 0; trial < TRIALS; trial++) {
		bool mapped = sparse_map(t, &s);

		all_under = true;
		for (int w = 0; mapped && w < NR_WALKS; w++) {
			u64 us = walk_once(t, &s, w);

			best[w] = MIN(best[w], us);
			expect_walked(t, &s, w);
			all_under &= best[w] < STRETCH_MAX_US;
		}
		if (s.mm)
			mmput(s.mm);
		if (!mapped || all_under || ktest_failed(t))
			break;
	}
	for (int w = 0; w < NR_WALKS; w++) {
		ktest_log(t, "%s over %lu MiB: best trial %llu us", walk_name[w],
			  s.steps * STEP >> 20, (unsigned long long)best[w]);
		KTEST_EXPECT_LT_U(t, best[w], STRETCH_MAX_US);
	}
}

KTEST_SUITE(mmu_latency, KTEST_CASE(sparse_1g_walks_bounded));
