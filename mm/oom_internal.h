/* SPDX-License-Identifier: MIT */
/*
 * Private to the OOM killer (mm/oom.c: the invocation and the scan;
 * mm/oom_kill.c: killing and marking victims; mm/oom_report.c: the log
 * lines). Kept out of mm/internal.h, which host tests include without
 * the memcg and process headers this needs.
 */
#ifndef MM_OOM_INTERNAL_H
#define MM_OOM_INTERNAL_H

#include "mm/memcg.h"

struct mm;
struct process;

/*
 * One invocation (Linux's struct oom_control). Its users hold oom_lock,
 * which also guards the report's static buffers.
 */
struct oom_control {
	struct memcg *memcg;		/* the domain; NULL: the machine */
	gfp_t gfp;			/* the failed allocation's */
	int order;
	enum memcg_design design;	/* read once per invocation */
	unsigned long totalpages;	/* the domain's size, >= 1 */
	struct process *chosen;		/* with a reference; NULL: none */
	long chosen_points;
	bool aborted;			/* a victim is still pending */
};

struct memcg *oom_process_memcg(struct process *p);
struct mm *oom_process_mm(struct process *p);
bool oom_in_domain(const struct oom_control *oc, struct process *p);
long oom_process_badness(const struct oom_control *oc, struct process *p);
void oom_kill_process(struct oom_control *oc, const char *message);
bool oom_will_free_mem(struct process *p, struct mm *mm);
void oom_mark_victim(struct process *p, struct mm *mm);
void oom_dump_header(struct oom_control *oc, struct process *victim);
void oom_print_killed(const struct oom_control *oc, const char *message,
		      struct process *p, struct mm *mm);
int oom_memcg_path(const struct memcg *m, char *buf, size_t size);
void oom_lock_for_reaper(void);
void oom_unlock_for_reaper(void);
struct task *oom_lock_owner(void);

#endif
