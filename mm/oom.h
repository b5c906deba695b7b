/* SPDX-License-Identifier: MIT */
/*
 * The OOM killer's interface to the memory cgroup charge path: one call,
 * Linux's mem_cgroup_out_of_memory(). Until the OOM killer exists
 * (mm/oom.c is a stand-in) it finds no victim, which each design turns
 * into its own outcome: V419/V419PLUS force the charge, MOD fails it
 * with -ENOMEM, PRE's deferred kill at the end of the fault retries the
 * fault. The OOM report (the "invoked oom-killer: gfp_mask=..." header,
 * "Memory cgroup out of memory", "Out of memory and no killable
 * processes...") is the OOM killer's to print.
 */
#ifndef MM_OOM_H
#define MM_OOM_H

#include "mm/gfp.h"

struct memcg;

bool mem_cgroup_out_of_memory(struct memcg *memcg, gfp_t gfp, int order);

#endif
