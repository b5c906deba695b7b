/* SPDX-License-Identifier: MIT */
/*
 * The memory cgroup charge path's decision order, one per design
 * (Linux's try_charge()/try_charge_memcg() and mem_cgroup_oom() of
 * 4.17, 4.19 as reviewed, 4.19.0, 5.15 and 6.1). It is pure logic: what
 * it needs from the rest of the kernel (the stock, reclaim, the OOM
 * killer, event counting) comes through struct memcg_charge_ops, and
 * what it needs to know about the charging task through struct
 * memcg_charger, so the host tests drive it through every branch.
 */
#ifndef MM_MEMCG_DESIGN_H
#define MM_MEMCG_DESIGN_H

#include "mm/memcg.h"

/* Charges of more than 2^3 pages never invoke the OOM killer. */
#define PAGE_ALLOC_COSTLY_ORDER	3

enum memcg_charge_result {
	MEMCG_CHARGED,		/* within the limit (stock or counter) */
	MEMCG_FORCED,		/* charged over the limit on purpose */
	MEMCG_NOMEM,		/* -ENOMEM */
	MEMCG_OOM_ASYNC,	/* -ENOMEM; the OOM is recorded in
				 * who->in_oom for the end of the fault */
};

/* The charging task, as the charge path sees it (a snapshot of current). */
struct memcg_charger {
	bool in_user_fault;	/* Linux's in_user_fault / memcg_may_oom */
	bool dying;		/* an OOM victim, a fatal signal pending or
				 * PF_EXITING (should_force_charge(),
				 * task_is_dying()) */
	bool fatal_signal;	/* fatal_signal_pending(current) */
	struct memcg *in_oom;	/* memcg_in_oom: set on entry means a
				 * recorded OOM is pending; set by the
				 * charge when it records one */
	gfp_t oom_gfp;		/* with in_oom: the charge's gfp */
	int oom_order;		/* and order */
	unsigned int charged;	/* set by the charge: pages it put on the
				 * page counter (the batch) on its normal
				 * path, where Linux checks memory.high;
				 * 0 from the stock or forced */
};

struct memcg_charge_ops {
	bool (*consume_stock)(struct memcg *m, unsigned int nr);
	void (*refill_stock)(struct memcg *m, unsigned int nr);
	void (*drain_all_stock)(struct memcg *root);
	unsigned long (*reclaim)(struct memcg *m, unsigned long nr, gfp_t gfp);
	/* mm/oom.h's mem_cgroup_out_of_memory() */
	bool (*out_of_memory)(struct memcg *m, gfp_t gfp, int order);
	void (*event)(struct memcg *m, enum memcg_event ev);
	/* V419RFC only: the reviewed patch's WARN when no victim is left */
	void (*warn_no_victim)(void);
	/* Optional: refresh who->dying and who->fatal_signal (a kill in
	 * the OOM step makes the charger itself a dying victim) */
	void (*reread_dying)(struct memcg_charger *who);
};

enum memcg_charge_result memcg_design_try_charge(enum memcg_design d,
					  struct memcg *m, gfp_t gfp,
					  unsigned int nr,
					  struct memcg_charger *who,
					  const struct memcg_charge_ops *ops);
unsigned int memcg_design_retries(enum memcg_design d);
unsigned int memcg_design_batch(enum memcg_design d);
const char *memcg_design_name(enum memcg_design d);
int memcg_design_parse(const char *name, enum memcg_design *d);

/* The names memcg.design= takes, in enum order, NULL-terminated. */
extern const char *const memcg_design_names[];

#endif
