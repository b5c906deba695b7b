/* SPDX-License-Identifier: MIT */
/*
 * OOM badness: how much memory killing a process would free, shifted by
 * its oom_score_adj, in each design's arithmetic (Linux's oom_badness(),
 * oom_evaluate_task()'s comparison and /proc/<pid>/oom_score). Pure
 * logic: the OOM killer (mm/oom.c) reads the numbers from the mm, this
 * file only does the sums, so the host tests check every design.
 */
#ifndef MM_OOM_BADNESS_H
#define MM_OOM_BADNESS_H

#include "lib/types.h"
#include "mm/memcg.h"

#define OOM_SCORE_ADJ_MIN	(-1000)	/* never chosen, never group-killed */
#define OOM_SCORE_ADJ_MAX	1000

/* Not a candidate at all (6.1's LONG_MIN; 4.19 returns 0). */
#define OOM_BADNESS_INELIGIBLE	(-__LONG_MAX__ - 1)

/* What badness reads from a candidate and its mm. */
struct oom_badness_input {
	long rss;		/* resident pages: anon + file + shmem */
	long swapents;		/* swap entries (no swap: 0) */
	long pgtables_bytes;	/* page tables, the top level left out */
	int oom_score_adj;	/* -1000..1000 */
	bool mm_skip;		/* the mm has MMF_OOM_SKIP */
};

long oom_badness_points(enum memcg_design d,
			const struct oom_badness_input *in,
			unsigned long totalpages);
bool oom_badness_beats(enum memcg_design d, long points, long chosen_points,
		       bool have_chosen);
long oom_badness_chosen_score(long points, unsigned long totalpages);
unsigned long oom_badness_proc_score(enum memcg_design d, long points,
				     unsigned long totalpages);

#endif
