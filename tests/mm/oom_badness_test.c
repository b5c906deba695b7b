// SPDX-License-Identifier: MIT
/*
 * mm/oom_badness.c in every design. The numbers of the OOM scenario
 * "badness and oom_score_adj arithmetic": memory.max 25 600 pages
 * (100 MiB), so one unit of oom_score_adj is 25 pages.
 *
 *   T1 rss 10 000, adj 0      -> 10 000
 *   T2 rss  6 000, adj +200   -> 11 000: T2 beats T1
 *   T3 adj -1000              -> never a candidate
 *   T4 rss    100, adj -900   -> 4.19: 1 (clamped); 6.1: -22 400;
 *                                 T1 beats it either way
 * Ties: up to 5.8 the earlier candidate stays, from 5.9 the later wins.
 */
#include "kernel/ktest.h"
#include "mm/oom_badness.h"

#define LIMIT	25600UL

static const enum memcg_design clamped[] = {
	MEMCG_DESIGN_PRE, MEMCG_DESIGN_V419RFC, MEMCG_DESIGN_V419,
	MEMCG_DESIGN_V419PLUS,
};

static long pts(enum memcg_design d, long rss, int adj)
{
	struct oom_badness_input in = { .rss = rss, .oom_score_adj = adj };

	return oom_badness_points(d, &in, LIMIT);
}

static void oom_badness_scenario_numbers(struct ktest *t)
{
	for (int d = 0; d < MEMCG_NR_DESIGNS; d++) {
		long t1 = pts(d, 10000, 0), t2 = pts(d, 6000, 200);
		long t4 = pts(d, 100, -900);

		KTEST_EXPECT_EQ(t, t1, 10000);
		KTEST_EXPECT_EQ(t, t2, 11000);
		KTEST_EXPECT(t, oom_badness_beats(d, t2, t1, true));
		KTEST_EXPECT(t, !oom_badness_beats(d, t1, t2, true));
		KTEST_EXPECT_EQ(t, pts(d, 1 << 20, OOM_SCORE_ADJ_MIN),
				OOM_BADNESS_INELIGIBLE);
		KTEST_EXPECT(t, !oom_badness_beats(d, OOM_BADNESS_INELIGIBLE,
						   0, false));
		KTEST_EXPECT_EQ(t, t4, d == MEMCG_DESIGN_MOD ? -22400 : 1);
		KTEST_EXPECT(t, !oom_badness_beats(d, t4, t1, true));
		KTEST_EXPECT(t, oom_badness_beats(d, t4, 0, false));
	}
}

/* Resident pages, swap entries and page-table pages all count. */
static void oom_badness_sums_parts(struct ktest *t)
{
	struct oom_badness_input in = {
		.rss = 100, .swapents = 0, .pgtables_bytes = 3 * 4096,
	};

	KTEST_EXPECT_EQ(t, oom_badness_points(MEMCG_DESIGN_MOD, &in, LIMIT),
			103);
	in.mm_skip = true;
	KTEST_EXPECT_EQ(t, oom_badness_points(MEMCG_DESIGN_V419, &in, LIMIT),
			OOM_BADNESS_INELIGIBLE);
	/* The adj unit divides first: 999 pages make a unit of 0. */
	in = (struct oom_badness_input){ .rss = 50, .oom_score_adj = 1000 };
	KTEST_EXPECT_EQ(t, oom_badness_points(MEMCG_DESIGN_MOD, &in, 999),
			50);
}

static void oom_badness_ties(struct ktest *t)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(clamped); i++)
		KTEST_EXPECT(t, !oom_badness_beats(clamped[i], 500, 500,
						   true));
	KTEST_EXPECT(t, oom_badness_beats(MEMCG_DESIGN_MOD, 500, 500, true));
}

/* /proc/<pid>/oom_score: 4.19 0..1000, 6.1 0..2000 (2/3 of 1000+x). */
static void oom_badness_proc_scores(struct ktest *t)
{
	KTEST_EXPECT_EQ_U(t, oom_badness_proc_score(MEMCG_DESIGN_V419, 12800,
						    LIMIT), 500);
	KTEST_EXPECT_EQ_U(t, oom_badness_proc_score(MEMCG_DESIGN_MOD, 12800,
						    LIMIT), 1000);
	KTEST_EXPECT_EQ_U(t, oom_badness_proc_score(MEMCG_DESIGN_MOD, 0,
						    LIMIT), 666);
	KTEST_EXPECT_EQ_U(t, oom_badness_proc_score(MEMCG_DESIGN_MOD,
						    OOM_BADNESS_INELIGIBLE,
						    LIMIT), 0);
	KTEST_EXPECT_EQ(t, oom_badness_chosen_score(11000, LIMIT), 429);
}

KTEST_SUITE(oom_badness,
	    KTEST_CASE(oom_badness_scenario_numbers),
	    KTEST_CASE(oom_badness_sums_parts),
	    KTEST_CASE(oom_badness_ties),
	    KTEST_CASE(oom_badness_proc_scores));
