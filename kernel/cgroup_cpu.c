// SPDX-License-Identifier: MIT
/*
 * The cpu controller (kernel/cgroup_cpu.h): accepted and accounted, not
 * enforced. Invariant: a group's usage only grows; the time of a thread
 * that leaves a group, and of a child group that is removed, stays
 * counted where it was spent.
 */
#include "kernel/cgroup.h"
#include "kernel/cgroup_internal.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "lib/errno.h"

/* Linux's sched_prio_to_weight[]: the scheduler weight of nice -20 .. 19,
 * each about 1.25 times the next; what cpu.weight.nice maps to. */
static const u32 nice_to_shares[40] = {
	88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
	9548,  7620,  6100,  4904,  3906,  3121,  2501,  1991,  1586,  1277,
	1024,  820,   655,   526,   423,   335,   272,   215,   172,   137,
	110,   87,    70,    56,    45,    36,    29,    23,    18,    15,
};

#define NICE_MIN	(-20)
#define NICE_MAX	19

/* cpu.max's bounds (Linux 6.1's tg_set_cfs_bandwidth()): a period from
 * 1 ms to 1 s, a quota of at least 1 ms and below 2^44 us. */
#define PERIOD_MIN_NS	(1000ULL * 1000)
#define PERIOD_MAX_NS	(1000ULL * 1000 * 1000)
#define QUOTA_MAX_NS	(((1ULL << 44) - 1) * 1000)

/**
 * cgroup_cpu_join - @t enters @cg: the time it has had so far is not
 * @cg's.
 * @cg: its new group
 * @t: a process thread
 *
 * Context: cgroup_link_lock held.
 */
void cgroup_cpu_join(struct cgroup *cg, struct task *t)
{
	spin_assert_held(&cgroup_link_lock);
	cg->cpu.base_ns -= (s64)task_cpu_ns(t);
}

/**
 * cgroup_cpu_leave - @t leaves @cg (a move, its exit): the time it had
 * while there stays @cg's.
 * @cg: its group until now
 * @t: a process thread
 *
 * Context: cgroup_link_lock held.
 */
void cgroup_cpu_leave(struct cgroup *cg, struct task *t)
{
	spin_assert_held(&cgroup_link_lock);
	cg->cpu.base_ns += (s64)task_cpu_ns(t);
}

/**
 * cgroup_cpu_removed - @cg is gone from the tree: its time counts in its
 * parent's own from now on (its parent's usage does not drop).
 * @cg: a group that has just been marked removed, with no task left
 *
 * Context: cgroup_mutex and cgroup_link_lock held.
 */
void cgroup_cpu_removed(struct cgroup *cg)
{
	spin_assert_held(&cgroup_link_lock);
	cg->parent->cpu.base_ns += cg->cpu.base_ns;
	cg->cpu.base_ns = 0;
}

/* The base time of @cg and every group below. [C] held. */
static s64 subtree_base_ns(const struct cgroup *cg)
{
	const struct cgroup *c;
	s64 sum;

	spin_lock(&cgroup_link_lock);
	sum = cg->cpu.base_ns;
	spin_unlock(&cgroup_link_lock);
	list_for_each_entry(c, &cg->children, sibling)
		sum += subtree_base_ns(c);
	return sum;
}

/* The CPU time of every live process thread in @cg or below now. */
static u64 threads_ns(const struct cgroup *cg)
{
	struct uthread *ut;
	struct process *p;
	u64 sum = 0;

	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		list_for_each_entry(ut, &p->threads, node)
			if (cgroup_is_descendant(ut->task->cgroup, cg))
				sum += task_cpu_ns(ut->task);
		spin_unlock(&p->lock);
	}
	process_list_unlock();
	return sum;
}

/**
 * cgroup_cpu_usage_ns - cpu.stat's usage: the CPU time process threads
 * had in @cg and below (kernel threads attached to a group are not
 * counted).
 * @cg: a group
 *
 * A snapshot: a thread that exits while it is taken may be counted
 * twice or not at all in this one reading.
 * Context: task context, may sleep; takes cgroup_mutex, the process list
 * lock and each process's lock.
 * Return: nanoseconds.
 */
u64 cgroup_cpu_usage_ns(struct cgroup *cg)
{
	s64 sum;

	mutex_lock(&cgroup_mutex);
	sum = (s64)threads_ns(cg) + subtree_base_ns(cg);
	mutex_unlock(&cgroup_mutex);
	return sum > 0 ? (u64)sum : 0;
}

/* Linux's DIV_ROUND_CLOSEST for unsigned operands. */
static u64 div_round_closest(u64 n, u64 d)
{
	return (n + d / 2) / d;
}

/**
 * cgroup_cpu_weight - cpu.weight, from the shares as Linux's
 * cpu_weight_read_u64() computes it.
 * @cg: a group other than the root
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 1 .. 10000 (100 by default).
 */
u64 cgroup_cpu_weight(struct cgroup *cg)
{
	u64 shares;

	mutex_lock(&cgroup_mutex);
	shares = cg->cpu.shares;
	mutex_unlock(&cgroup_mutex);
	return div_round_closest(shares * CGROUP_CPU_WEIGHT_DFL,
				 CGROUP_CPU_SHARES_DFL);
}

/**
 * cgroup_cpu_set_weight - write cpu.weight (Linux's
 * cpu_weight_write_u64(): the round trip keeps every value).
 * @cg: a group other than the root
 * @weight: the new weight
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 0; -ERANGE outside 1 .. 10000 (nothing changed).
 */
int cgroup_cpu_set_weight(struct cgroup *cg, u64 weight)
{
	if (weight < CGROUP_CPU_WEIGHT_MIN || weight > CGROUP_CPU_WEIGHT_MAX)
		return -ERANGE;
	mutex_lock(&cgroup_mutex);
	cg->cpu.shares = (u32)div_round_closest(weight * CGROUP_CPU_SHARES_DFL,
						CGROUP_CPU_WEIGHT_DFL);
	mutex_unlock(&cgroup_mutex);
	return 0;
}

/**
 * cgroup_cpu_nice - cpu.weight.nice: the nice value whose scheduler
 * weight is nearest the group's (Linux's cpu_weight_nice_read_s64(): on
 * a tie, the higher weight).
 * @cg: a group other than the root
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: -20 .. 19.
 */
int cgroup_cpu_nice(struct cgroup *cg)
{
	s64 shares, best = -1;
	int i, nice = NICE_MIN;

	mutex_lock(&cgroup_mutex);
	shares = cg->cpu.shares;
	mutex_unlock(&cgroup_mutex);
	for (i = 0; i < (int)ARRAY_SIZE(nice_to_shares); i++) {
		s64 delta = nice_to_shares[i] - shares;

		if (delta < 0)
			delta = -delta;
		if (best >= 0 && delta >= best)
			break;
		best = delta;
		nice = NICE_MIN + i;
	}
	return nice;
}

/**
 * cgroup_cpu_set_nice - write cpu.weight.nice: the group takes the
 * scheduler weight of that nice value (Linux's
 * cpu_weight_nice_write_s64()).
 * @cg: a group other than the root
 * @nice: the value
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 0; -ERANGE outside -20 .. 19 (nothing changed).
 */
int cgroup_cpu_set_nice(struct cgroup *cg, s64 nice)
{
	if (nice < NICE_MIN || nice > NICE_MAX)
		return -ERANGE;
	mutex_lock(&cgroup_mutex);
	cg->cpu.shares = nice_to_shares[nice - NICE_MIN];
	mutex_unlock(&cgroup_mutex);
	return 0;
}

/**
 * cgroup_cpu_max - cpu.max's quota and period.
 * @cg: a group other than the root
 * @quota_ns: set to the quota, CGROUP_CPU_QUOTA_MAX for "max"
 * @period_ns: set to the period
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 */
void cgroup_cpu_max(struct cgroup *cg, u64 *quota_ns, u64 *period_ns)
{
	mutex_lock(&cgroup_mutex);
	*quota_ns = cg->cpu.quota_ns;
	*period_ns = cg->cpu.period_ns;
	mutex_unlock(&cgroup_mutex);
}

/**
 * cgroup_cpu_set_max - set cpu.max, with Linux 6.1's bounds
 * (tg_set_cfs_bandwidth(); cgroup v2 puts no bound between a child's
 * quota and its parent's).
 * @cg: a group other than the root
 * @quota_ns: the quota, CGROUP_CPU_QUOTA_MAX for "max"
 * @period_ns: the period
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 0; -EINVAL for a period outside 1 ms .. 1 s, or a quota below
 * 1 ms or of 2^44 us or more (nothing changed).
 */
int cgroup_cpu_set_max(struct cgroup *cg, u64 quota_ns, u64 period_ns)
{
	if (quota_ns < PERIOD_MIN_NS || period_ns < PERIOD_MIN_NS ||
	    period_ns > PERIOD_MAX_NS)
		return -EINVAL;
	if (quota_ns != CGROUP_CPU_QUOTA_MAX && quota_ns > QUOTA_MAX_NS)
		return -EINVAL;
	mutex_lock(&cgroup_mutex);
	cg->cpu.quota_ns = quota_ns;
	cg->cpu.period_ns = period_ns;
	mutex_unlock(&cgroup_mutex);
	return 0;
}
