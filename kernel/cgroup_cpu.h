/* SPDX-License-Identifier: MIT */
/*
 * The cpu controller of cgroup v2 (Linux 6.1's cpu_files in
 * kernel/sched/core.c): cpu.weight, cpu.weight.nice and cpu.max, and the
 * CPU time behind cpu.stat. It is a threaded controller: it may be
 * enabled in a threaded subtree, and the no-internal-process rule does
 * not apply to it.
 *
 * The settings are validated, stored and read back as Linux does, but
 * NOT enforced: oomlab's scheduler runs every runnable task round robin
 * whatever its group's weight or quota, so cpu.stat's nr_periods,
 * nr_throttled and throttled_usec stay 0. The CPU time is real: a
 * group's usage is the on-CPU time (task_cpu_ns()) of process threads
 * while they were in it or below, kept across moves, exits and the
 * removal of child groups, as Linux's rstat keeps it.
 *
 * How the time is kept without a per-task field: when a thread joins a
 * group, its CPU time so far is taken off the group's base_ns; when it
 * leaves (a move, its exit), its CPU time then is added back. The
 * group's own usage is base_ns plus the time of the threads in it now.
 *
 * Locking: [C] cgroup_mutex (kernel/cgroup_internal.h); [k]
 * cgroup_link_lock.
 */
#ifndef KERNEL_CGROUP_CPU_H
#define KERNEL_CGROUP_CPU_H

#include "lib/types.h"

struct cgroup;
struct task;

/* cpu.weight's range and default (Linux's CGROUP_WEIGHT_*). */
#define CGROUP_CPU_WEIGHT_MIN	1
#define CGROUP_CPU_WEIGHT_DFL	100
#define CGROUP_CPU_WEIGHT_MAX	10000
/* The scheduler's weight of nice 0, which cpu.weight 100 stands for. */
#define CGROUP_CPU_SHARES_DFL	1024
/* cpu.max's "max" quota (Linux's RUNTIME_INF) and default period. */
#define CGROUP_CPU_QUOTA_MAX	(~0ULL)
#define CGROUP_CPU_PERIOD_DFL	(100ULL * 1000 * 1000)

struct cgroup_cpu {
	u32 shares;		/* [C] Linux's tg->shares, unscaled:
				 * CGROUP_CPU_SHARES_DFL is weight 100 */
	u64 quota_ns;		/* [C] CGROUP_CPU_QUOTA_MAX: "max" */
	u64 period_ns;		/* [C] */
	s64 base_ns;		/* [k] see the top of this file */
};

#define CGROUP_CPU_INIT {						\
	.shares = CGROUP_CPU_SHARES_DFL,				\
	.quota_ns = CGROUP_CPU_QUOTA_MAX,				\
	.period_ns = CGROUP_CPU_PERIOD_DFL,				\
}

/* Membership (kernel/cgroup.c calls these under cgroup_link_lock). */
void cgroup_cpu_join(struct cgroup *cg, struct task *t);
void cgroup_cpu_leave(struct cgroup *cg, struct task *t);
void cgroup_cpu_removed(struct cgroup *cg);

/* cpu.stat, cpu.weight, cpu.weight.nice, cpu.max. */
u64 cgroup_cpu_usage_ns(struct cgroup *cg);
u64 cgroup_cpu_weight(struct cgroup *cg);
int cgroup_cpu_set_weight(struct cgroup *cg, u64 weight);
int cgroup_cpu_nice(struct cgroup *cg);
int cgroup_cpu_set_nice(struct cgroup *cg, s64 nice);
void cgroup_cpu_max(struct cgroup *cg, u64 *quota_ns, u64 *period_ns);
int cgroup_cpu_set_max(struct cgroup *cg, u64 quota_ns, u64 period_ns);

#endif
