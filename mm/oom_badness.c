// SPDX-License-Identifier: MIT
/*
 * OOM badness arithmetic (mm/oom_badness.h), per design:
 *
 *   points = rss + swap entries + page-table bytes / PAGE_SIZE
 *            + oom_score_adj * (totalpages / 1000)
 *
 * The adj unit is an integer division first, as in Linux. Up to 5.8
 * (PRE, V419RFC, V419, V419PLUS: the 4.20-5.8 form) an eligible
 * process scores at least 1 and a tie keeps the earlier candidate (a
 * thread-group leader; every candidate here is a process, so always);
 * from 5.9 (9066e5cfb73c; MOD) points may be negative and on a tie the
 * later candidate wins.
 */
#include "mm/oom_badness.h"
#include <arch/layout.h>

/* Does @d use 6.1's arithmetic (no clamp, later wins a tie)? */
static bool badness_is_signed(enum memcg_design d)
{
	return d == MEMCG_DESIGN_MOD;
}

/**
 * oom_badness_points - a candidate's badness (Linux's oom_badness()).
 * @d: the design
 * @in: the candidate's numbers
 * @totalpages: the OOM domain's size in pages (memory.max, or all RAM)
 *
 * Context: any.
 * Return: the points; OOM_BADNESS_INELIGIBLE for oom_score_adj -1000
 * or an mm with MMF_OOM_SKIP.
 */
long oom_badness_points(enum memcg_design d,
			const struct oom_badness_input *in,
			unsigned long totalpages)
{
	long points;

	if (in->oom_score_adj == OOM_SCORE_ADJ_MIN || in->mm_skip)
		return OOM_BADNESS_INELIGIBLE;
	points = in->rss + in->swapents + in->pgtables_bytes / (long)PAGE_SIZE;
	points += (long)in->oom_score_adj * (long)(totalpages / 1000);
	if (!badness_is_signed(d) && points < 1)
		return 1;
	return points;
}

/**
 * oom_badness_beats - does a candidate with @points replace the one chosen
 * so far (oom_evaluate_task())?
 * @d: the design
 * @points: the candidate's badness (not OOM_BADNESS_INELIGIBLE)
 * @chosen_points: the chosen one's
 * @have_chosen: false when nothing is chosen yet
 *
 * Context: any.
 * Return: true when the candidate becomes the chosen one.
 */
bool oom_badness_beats(enum memcg_design d, long points, long chosen_points,
		       bool have_chosen)
{
	if (points == OOM_BADNESS_INELIGIBLE)
		return false;
	if (!have_chosen)
		return true;
	if (badness_is_signed(d))
		return points >= chosen_points;
	return points > chosen_points;
}

/**
 * oom_badness_chosen_score - the "score" of 4.19's "Kill process ... score
 * S or sacrifice child" line: points per 1000 of the domain.
 * @points: the victim's badness
 * @totalpages: the domain's size in pages
 *
 * Context: any.
 * Return: the score.
 */
long oom_badness_chosen_score(long points, unsigned long totalpages)
{
	return points * 1000 / (long)(totalpages ? totalpages : 1);
}

/**
 * oom_badness_proc_score - /proc/<pid>/oom_score (fs/proc/base.c's
 * proc_oom_score()): 4.19 prints badness * 1000 / totalpages (0..1000
 * for an adj of 0); from 5.9 the signed badness is mapped back onto
 * 0..2000 as (1000 + badness * 1000 / totalpages) * 2 / 3.
 * @d: the design
 * @points: the badness over the whole machine
 * @totalpages: RAM pages (no swap)
 *
 * Context: any.
 * Return: the score; 0 for an ineligible process.
 */
unsigned long oom_badness_proc_score(enum memcg_design d, long points,
				     unsigned long totalpages)
{
	long t = (long)(totalpages ? totalpages : 1);

	if (points == OOM_BADNESS_INELIGIBLE)
		return 0;
	if (badness_is_signed(d))
		return (unsigned long)((1000 + points * 1000 / t) * 2 / 3);
	return (unsigned long)(points * 1000 / t);
}
