// SPDX-License-Identifier: MIT
/*
 * The OOM killer (mm/oom.h). A stand-in until it is written: no task is
 * ever chosen, so every memcg OOM ends as "no victim".
 */
#include "mm/oom.h"

/**
 * mem_cgroup_out_of_memory - kill a task in @memcg's subtree to bring it
 * under its limit (Linux's mem_cgroup_out_of_memory()).
 * @memcg: the memcg over its limit (mem_over_limit)
 * @gfp: the failed charge's flags (printed in the OOM header)
 * @order: its order
 *
 * Context: task context, may sleep; no spinlocks held.
 * Return: true when a task was killed or a victim is still pending (the
 * charge retries); false when there is no eligible task (always, until
 * the OOM killer exists).
 */
bool mem_cgroup_out_of_memory(struct memcg *memcg, gfp_t gfp, int order)
{
	return false;
}
