// SPDX-License-Identifier: MIT
/*
 * mm/memcg_protection.c's effective protection (Linux 6.1's
 * effective_protection()), first row by row, then in the layout of
 * Linux's selftest test_memcg_low, reclaimed the way mm/vmscan.c's
 * get_scan_count() scans:
 *
 *   B      low 50M (effective 50M: a child of the reclaim's target)
 *   +- C   low 75M, 50M of cache
 *   +- D   low 25M, 50M of cache
 *   +- E   low 0,   50M of cache
 *   `- F   low 500M, nothing
 *
 * C and D claim 75M of B's 50M, so they share it in proportion to
 * their claims while they shrink; the selftest expects C ~= 29M,
 * D ~= 21M and E ~= 0 once reclaim stops (10% tolerance), the figures
 * of the model Linux ships beside it.
 */
#include "kernel/ktest.h"
#include "mm/memcg.h"

struct prot_row {
	unsigned long usage, parent_usage, setting, parent_effective;
	unsigned long siblings;
	bool recursive;
	unsigned long want;
};

static const struct prot_row prot_rows[] = {
	/* Claims within the parent's protection are granted. */
	{ 30, 100, 40, 100, 50, false, 30 },
	{ 50, 100, 40, 100, 50, false, 40 },
	/* Overcommitted: shared in proportion to the claims. */
	{ 50, 150, 75, 50, 75, false, 33 },
	{ 50, 150, 25, 50, 75, false, 16 },
	{ 50, 150, 0, 50, 75, false, 0 },
	/* Unclaimed protection goes to children only with recursiveprot,
	 * by their unprotected usage: 30 * 60 / 80. */
	{ 60, 100, 0, 50, 20, false, 0 },
	{ 60, 100, 0, 50, 20, true, 22 },
	{ 60, 100, 10, 50, 20, true, 10 + 30 * 50 / 80 },
};

static void memcg_protection_rows(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(prot_rows); i++) {
		const struct prot_row *r = &prot_rows[i];

		KTEST_EXPECT_EQ_U(t, memcg_effective_protection(r->usage,
				r->parent_usage, r->setting,
				r->parent_effective, r->siblings,
				r->recursive), r->want);
	}
}

#define MIB	256UL		/* pages */
#define NR_KIDS	4

/* One walk of B's children: each reclaims what get_scan_count() scans
 * at @priority. Return: the pages freed. */
static unsigned long reclaim_round(unsigned long *usage,
				   const unsigned long *low,
				   unsigned long parent_low, int priority)
{
	unsigned long siblings = 0, parent_usage = 0, freed = 0;

	for (int i = 0; i < NR_KIDS; i++) {
		siblings += MIN(usage[i], low[i]);
		parent_usage += usage[i];
	}
	for (int i = 0; i < NR_KIDS; i++) {
		unsigned long e, scan = usage[i];

		if (!usage[i])
			continue;
		e = memcg_effective_protection(usage[i], parent_usage, low[i],
					       parent_low, siblings, false);
		if (e >= usage[i])
			continue;	/* below low: spared */
		if (e)
			scan = MAX(usage[i] - usage[i] * e / (usage[i] + 1),
				   VMSCAN_BATCH);
		scan = MIN(scan >> priority, usage[i]);
		usage[i] -= scan;
		freed += scan;
	}
	return freed;
}

/* The selftest's values_close(): within @pct% of the two's sum. */
static bool close_to(unsigned long got, unsigned long want, int pct)
{
	unsigned long d = got > want ? got - want : want - got;

	return d <= (got + want) / 100 * (unsigned long)pct;
}

static void memcg_protection_low_proportions(struct ktest *t)
{
	static const unsigned long low[NR_KIDS] = { 75 * MIB, 25 * MIB, 0,
						    500 * MIB };
	unsigned long usage[NR_KIDS] = { 50 * MIB, 50 * MIB, 50 * MIB, 0 };
	int rounds = 0;

	while (reclaim_round(usage, low, 50 * MIB, 4) && rounds < 100000)
		rounds++;
	ktest_log(t, "C=%lu D=%lu E=%lu pages after %d rounds", usage[0],
		  usage[1], usage[2], rounds);
	KTEST_EXPECT_LT(t, rounds, 100000);
	KTEST_EXPECT(t, close_to(usage[0], 29 * MIB, 10));
	KTEST_EXPECT(t, close_to(usage[1], 21 * MIB, 10));
	KTEST_EXPECT_LE_U(t, usage[2], MIB);
	KTEST_EXPECT_EQ_U(t, usage[3], 0);
}

KTEST_SUITE(memcg_protection,
	    KTEST_CASE(memcg_protection_rows),
	    KTEST_CASE(memcg_protection_low_proportions));
