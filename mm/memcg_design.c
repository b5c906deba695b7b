// SPDX-License-Identifier: MIT
/*
 * The charge path in its designs (see mm/memcg_design.h). The step
 * numbers are those of the 4.19.0 order, which every design shares with
 * small differences:
 *
 *   1 root: done             12 not drained yet: drain stocks, retry
 *   2 stock: done            13 __GFP_NORETRY: nomem
 *   3 charge batch           14 reclaimed something, nr <= 8: retry
 *   4 batch > nr: retry nr   15 (v1 charge moving: not modelled)
 *   5 victim/dying: force    16 budget left: retry
 *   6 (PF_MEMALLOC: none)    17 __GFP_RETRY_MAYFAIL rule
 *   7 OOM recorded: nomem    18 __GFP_NOFAIL: force
 *   8 cannot block: nomem    19 fatal signal: force
 *   9 count max              20 count oom
 *  10 reclaim                21 mem_cgroup_oom()
 *  11 margin now: retry      22 dispatch on its result
 *
 * PRE (4.17): 21 only records the OOM for the end of a user fault and the
 * charge fails; no 17. V419RFC/V419 (4.19.0): 21 runs the OOM killer;
 * success retries with a fresh budget, no victim forces. V419PLUS
 * (5.15): 20 moves into 21 after the order check, 17 fails every
 * RETRY_MAYFAIL charge, budget 16. MOD (6.1): no 5, 18, 19; no victim is
 * -ENOMEM; a dying task fails after one OOM pass; GFP_ATOMIC (__GFP_HIGH)
 * and __GFP_NOFAIL force at nomem, counting max if not yet counted.
 */
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memcg_design.h"

const char *const memcg_design_names[] = {
	[MEMCG_DESIGN_PRE] = "pre",
	[MEMCG_DESIGN_V419RFC] = "v419rfc",
	[MEMCG_DESIGN_V419] = "v419",
	[MEMCG_DESIGN_V419PLUS] = "v419plus",
	[MEMCG_DESIGN_MOD] = "mod",
	[MEMCG_NR_DESIGNS] = NULL,
};

/**
 * memcg_design_name - the name memcg.design= uses for @d.
 * @d: a design
 *
 * Context: any.
 * Return: "pre", "v419rfc", "v419", "v419plus" or "mod".
 */
const char *memcg_design_name(enum memcg_design d)
{
	return d < MEMCG_NR_DESIGNS ? memcg_design_names[d] : "?";
}

/**
 * memcg_design_parse - the design named @name.
 * @name: as memcg_design_name() prints it
 * @d: set to the design
 *
 * Context: any.
 * Return: 0; -EINVAL for an unknown name.
 */
int memcg_design_parse(const char *name, enum memcg_design *d)
{
	for (int i = 0; i < MEMCG_NR_DESIGNS; i++) {
		if (!strcmp(name, memcg_design_names[i])) {
			*d = i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * memcg_design_batch - pages a charge takes at once, the surplus going to
 * the per-CPU stock.
 * @d: the design
 *
 * Context: any.
 * Return: MEMCG_CHARGE_BATCH of the design's kernel.
 */
unsigned int memcg_design_batch(enum memcg_design d)
{
	/* MEMCG_CHARGE_BATCH: 32 up to 6.0, 64 from 6.1 (1813e51eece0). */
	return d == MEMCG_DESIGN_MOD ? 64 : 32;
}

/**
 * memcg_design_retries - reclaim rounds without progress before OOM.
 * @d: the design
 *
 * Context: any.
 * Return: MEM_CGROUP_RECLAIM_RETRIES (5) up to 5.8, MAX_RECLAIM_RETRIES
 * (16) from 5.9.
 */
unsigned int memcg_design_retries(enum memcg_design d)
{
	return d >= MEMCG_DESIGN_V419PLUS ? 16 : 5;
}

static bool design_v419(enum memcg_design d)
{
	return d == MEMCG_DESIGN_V419RFC || d == MEMCG_DESIGN_V419;
}

/* get_order(nr * PAGE_SIZE) */
static int charge_order(unsigned int nr)
{
	int order = 0;

	while ((1U << order) < nr)
		order++;
	return order;
}

/* The OOM step's outcome (4.19's enum oom_status; MOD's bool maps on). */
enum oom_status {
	OOM_SUCCESS,	/* killed, or a victim is pending: retry */
	OOM_FAILED,	/* no victim */
	OOM_ASYNC,	/* recorded for the end of the fault */
	OOM_SKIPPED,	/* not attempted */
};

/* Remember the OOM in the task for the end of the fault. */
static enum oom_status oom_record(struct memcg *m, gfp_t gfp, int order,
				  struct memcg_charger *who)
{
	who->in_oom = m;
	who->oom_gfp = gfp;
	who->oom_order = order;
	return OOM_ASYNC;
}

/* Step 21 (and 20 where it moved inside): Linux's mem_cgroup_oom(). */
static enum oom_status charge_oom(enum memcg_design d, struct memcg *m,
				  gfp_t gfp, int order,
				  struct memcg_charger *who,
				  const struct memcg_charge_ops *ops)
{
	bool disabled = __atomic_load_n(&m->oom_kill_disable,
					__ATOMIC_RELAXED);

	if (d == MEMCG_DESIGN_PRE) {
		/* 4.17: memcg_may_oom only in user faults, never costly. */
		if (!who->in_user_fault || order > PAGE_ALLOC_COSTLY_ORDER)
			return OOM_SKIPPED;
		return oom_record(m, gfp, order, who);
	}
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return OOM_SKIPPED;
	if (d >= MEMCG_DESIGN_V419PLUS)	/* Gushchin, 4.20 */
		ops->event(m, MEMCG_OOM);
	if (disabled) {
		if (!who->in_user_fault)
			return OOM_SKIPPED;
		return oom_record(m, gfp, order, who);
	}
	if (ops->out_of_memory(m, gfp, order))
		return OOM_SUCCESS;
	if (d == MEMCG_DESIGN_V419RFC)
		ops->warn_no_victim();
	return OOM_FAILED;
}

/* Steps 9-16: one round of reclaim; true when the charge should retry. */
struct charge_state {
	unsigned int batch;
	unsigned int retries;
	bool drained;
	bool oomed;		/* 4.19's oomed, 6.1's passed_oom */
	bool raised_max;	/* 6.1's raised_max_event */
};

static bool charge_reclaim(struct memcg *over, gfp_t gfp, unsigned int nr,
			   struct charge_state *s,
			   const struct memcg_charge_ops *ops)
{
	unsigned long reclaimed;

	ops->event(over, MEMCG_MAX);				/* 9 */
	s->raised_max = true;
	reclaimed = ops->reclaim(over, nr, gfp);		/* 10 */
	if (page_counter_margin(&over->memory) >= nr)		/* 11 */
		return true;
	if (!s->drained) {					/* 12 */
		ops->drain_all_stock(over);
		s->drained = true;
		return true;
	}
	if (gfp & __GFP_NORETRY)				/* 13 */
		return false;
	if (reclaimed && nr <= (1U << PAGE_ALLOC_COSTLY_ORDER))	/* 14 */
		return true;
	if (s->retries) {					/* 16 */
		s->retries--;
		return true;
	}
	return false;
}

/* Steps 17-22 after the budget; returns the outcome or -1 to retry. */
static int charge_after_budget(enum memcg_design d, struct memcg *over,
			       gfp_t gfp, unsigned int nr,
			       struct charge_state *s,
			       struct memcg_charger *who,
			       const struct memcg_charge_ops *ops)
{
	if (gfp & __GFP_RETRY_MAYFAIL) {			/* 17 */
		if (d >= MEMCG_DESIGN_V419PLUS || (design_v419(d) && s->oomed))
			return MEMCG_NOMEM;
	}
	if (d == MEMCG_DESIGN_MOD && s->oomed && who->dying)
		return MEMCG_NOMEM;
	if (d != MEMCG_DESIGN_MOD) {
		if (gfp & __GFP_NOFAIL)				/* 18 */
			return MEMCG_FORCED;
		if (who->fatal_signal)				/* 19 */
			return MEMCG_FORCED;
	}
	if (d <= MEMCG_DESIGN_V419)				/* 20 */
		ops->event(over, MEMCG_OOM);
	switch (charge_oom(d, over, gfp, charge_order(nr), who, ops)) {
	case OOM_SUCCESS:					/* 22 */
		s->retries = memcg_design_retries(d);
		s->oomed = true;
		return -1;
	case OOM_FAILED:
		return d == MEMCG_DESIGN_MOD ? MEMCG_NOMEM : MEMCG_FORCED;
	case OOM_ASYNC:
		return MEMCG_OOM_ASYNC;
	default:
		return MEMCG_NOMEM;
	}
}

/* nomem: -ENOMEM unless the gfp insists (4.19: NOFAIL; 6.1: also HIGH). */
static enum memcg_charge_result charge_nomem(enum memcg_design d, gfp_t gfp,
					     enum memcg_charge_result r)
{
	gfp_t force = __GFP_NOFAIL;

	if (d == MEMCG_DESIGN_MOD)	/* 1461e8c2b6af, 5.18 */
		force |= __GFP_HIGH;
	return gfp & force ? MEMCG_FORCED : r;
}

/* Steps 2-8 and the reclaim rounds; the outcome before counters move. */
static enum memcg_charge_result charge_decide(enum memcg_design d,
					      struct memcg *m, gfp_t gfp,
					      unsigned int nr,
					      struct memcg_charger *who,
					      struct memcg **over,
					      const struct memcg_charge_ops *ops,
					      struct charge_state *s)
{
	struct page_counter *fail;
	int r;

	for (;;) {
		if (ops->reread_dying)		/* Linux reads current each pass */
			ops->reread_dying(who);
		if (ops->consume_stock(m, nr))			/* 2 */
			return MEMCG_CHARGED;
		if (page_counter_try_charge(&m->memory, s->batch, &fail)) {
			if (s->batch > nr)			/* 3 */
				ops->refill_stock(m, s->batch - nr);
			who->charged = s->batch;
			return MEMCG_CHARGED;
		}
		*over = memcg_of_counter(fail);
		if (s->batch > nr) {				/* 4 */
			s->batch = nr;
			continue;
		}
		if (d != MEMCG_DESIGN_MOD && who->dying)	/* 5 */
			return MEMCG_FORCED;
		if (who->in_oom)				/* 7 */
			return MEMCG_NOMEM;
		if (!gfpflags_allow_blocking(gfp))		/* 8 */
			return MEMCG_NOMEM;
		if (charge_reclaim(*over, gfp, nr, s, ops))	/* 9-16 */
			continue;
		if (gfp & __GFP_NORETRY)
			return MEMCG_NOMEM;
		r = charge_after_budget(d, *over, gfp, nr, s, who, ops);
		if (r >= 0)
			return r;
	}
}

/**
 * memcg_try_charge - charge @nr pages to @m the way design @d does.
 * @d: the design
 * @m: the memcg paying
 * @gfp: the allocation's flags
 * @nr: pages
 * @who: the charging task; in_oom is set when the OOM is deferred
 * @ops: the stock, reclaim, OOM killer and event counting to use
 *
 * Its uncharge is page_counter_uncharge(&@m->memory, @nr) (memcg.c's
 * memcg_uncharge()). A forced charge counts the max event in MOD when
 * the reclaim rounds did not (GFP_ATOMIC).
 * Context: may sleep in @ops when @gfp allows blocking.
 * Return: MEMCG_CHARGED or MEMCG_FORCED (the pages are charged);
 * MEMCG_NOMEM or MEMCG_OOM_ASYNC (nothing is charged).
 */
enum memcg_charge_result memcg_design_try_charge(enum memcg_design d,
					  struct memcg *m, gfp_t gfp,
					  unsigned int nr,
					  struct memcg_charger *who,
					  const struct memcg_charge_ops *ops)
{
	struct charge_state s = {
		.batch = nr > memcg_design_batch(d) ? nr :
						      memcg_design_batch(d),
		.retries = memcg_design_retries(d),
	};
	struct memcg *over = m;
	enum memcg_charge_result r;

	if (memcg_is_root(m))					/* 1 */
		return MEMCG_CHARGED;
	r = charge_decide(d, m, gfp, nr, who, &over, ops, &s);
	if (r == MEMCG_NOMEM || r == MEMCG_OOM_ASYNC)
		r = charge_nomem(d, gfp, r);
	if (r != MEMCG_FORCED)
		return r;
	if (d == MEMCG_DESIGN_MOD && !s.raised_max)
		ops->event(over, MEMCG_MAX);
	page_counter_charge(&m->memory, nr);
	return MEMCG_FORCED;
}
