/* SPDX-License-Identifier: MIT */
/*
 * The OOM killer (Linux's mm/oom_kill.c): when memory cannot be found
 * by reclaim, pick the process whose death frees the most (badness,
 * mm/oom_badness.h) inside the OOM domain - a memory cgroup's subtree,
 * or the whole machine - and SIGKILL it and every process sharing its
 * mm. While a chosen victim has not released its memory (its mm lacks
 * MMF_OOM_SKIP) a scan of the domain kills nothing new.
 *
 * Entry points: the memcg charge path (mem_cgroup_out_of_memory(): each
 * design turns "no victim" into its own outcome - PRE retries the
 * fault, V419/V419PLUS force the charge, MOD fails it with -ENOMEM, the
 * reviewed 4.19 WARNs) and a user fault that found the page allocator
 * dry (oom_global_from_fault(): PRE, V419, V419PLUS; Linux 5.16 on never
 * kills from #PF). The victim's mm goes to the OOM reaper through
 * oom_reaper_enqueue() (mm/oom_reaper.h).
 *
 * Log lines have Linux's shapes: the rate-limited header ("... invoked
 * oom-killer: gfp_mask=..."), the memcg state, the task table, the
 * "Killed process" line (never rate-limited) and "Out of memory and no
 * killable processes...". docs/oom.md has the designs side by side.
 */
#ifndef MM_OOM_H
#define MM_OOM_H

#include "mm/gfp.h"

struct memcg;
struct mm;
struct task;

bool mem_cgroup_out_of_memory(struct memcg *memcg, gfp_t gfp, int order);
bool oom_global_from_fault(void);
bool oom_task_is_victim(struct task *t);
unsigned long oom_kill_count(void);
void oom_count_no_victim(void);
unsigned long oom_no_victim_count(bool charger_was_victim);
void oom_init(void);

#endif
