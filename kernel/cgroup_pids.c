// SPDX-License-Identifier: MIT
/*
 * The pids controller (kernel/cgroup_pids.h): a charge walks from the
 * process's group up to the root's child, adding one at each level and
 * checking that level's cap, and takes back what it added when a level
 * refuses, as Linux's pids_try_charge(); the root is never counted or
 * capped (Linux has no pids files on the root).
 *
 * Locking: [P] pids_lock, a leaf under process->lock.
 */
#include "kernel/cgroup.h"
#include "kernel/cgroup_pids.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

static struct spinlock pids_lock = SPINLOCK_INIT("cgroup_pids");

/* Is @cg at its cap? [P] held. */
static bool pids_at_max(const struct cgroup *cg)
{
	return cg->pids_limit && cg->pids_current + 1 >= cg->pids_limit;
}

/* Add @n to @cg's level and every level above but the root. [P] held. */
static void pids_add(struct cgroup *cg, long n)
{
	for (; cg && cg->parent; cg = cg->parent)
		cg->pids_current += n;
}

/* Linux's first-refusal line: "... in /path". */
static void pids_log_refusal(struct cgroup *cg)
{
	char path[CGROUP_PATH_MAX];

	if (cgroup_path(cg, path, sizeof(path)) < 0)
		path[0] = 0;
	pr_info("cgroup: fork rejected by pids controller in %s\n", path);
}

/**
 * cgroup_pids_charge - count a new thread of @p, before it is made.
 * @p: a process the caller holds: a new one (its group is its
 *     spawner's) or the caller's own
 *
 * Context: task context, no spinlocks held (takes pids_lock).
 * Return: 0; -EAGAIN when a group on the way is at its pids.max (its
 * pids.events "max" is counted on the group the thread was to join,
 * as Linux 6.1's pids_can_fork() does).
 */
int cgroup_pids_charge(struct process *p)
{
	struct cgroup *cg, *refused = NULL;
	bool first;

	spin_lock(&pids_lock);
	if (!p->pids_cgroup)
		p->pids_cgroup = p->cgroup;
	cg = p->pids_cgroup;
	for (struct cgroup *c = cg; c && c->parent; c = c->parent)
		if (pids_at_max(c)) {
			refused = c;
			break;
		}
	if (refused) {
		first = !cg->pids_events_max++;
		cgroup_get(cg);
	} else {
		pids_add(cg, 1);
		p->pids_charged++;
	}
	spin_unlock(&pids_lock);
	if (!refused)
		return 0;
	if (first)	/* once per group, as Linux logs it */
		pids_log_refusal(cg);
	cgroup_put(cg);
	return -EAGAIN;
}

/**
 * cgroup_pids_uncharge - a thread of @p charged by cgroup_pids_charge()
 * has exited (or was never made).
 * @p: the process
 *
 * Context: any, may hold @p->lock (takes pids_lock).
 */
void cgroup_pids_uncharge(struct process *p)
{
	spin_lock(&pids_lock);
	if (!WARN_ON(p->pids_charged <= 0)) {
		pids_add(p->pids_cgroup, -1);
		p->pids_charged--;
	}
	spin_unlock(&pids_lock);
}

/**
 * cgroup_pids_move - @p moves to @to: its threads count there now, past
 * @to's pids.max if need be (a move is never refused for it, as Linux's
 * pids_can_attach()).
 * @p: the process being moved
 * @to: its new group
 *
 * Context: @p->lock held, so none of its threads starts or ends
 * meanwhile; @p holds a reference on @to (takes pids_lock).
 */
void cgroup_pids_move(struct process *p, struct cgroup *to)
{
	spin_lock(&pids_lock);
	if (p->pids_cgroup) {
		pids_add(p->pids_cgroup, -p->pids_charged);
		pids_add(to, p->pids_charged);
	}
	p->pids_cgroup = to;
	spin_unlock(&pids_lock);
}

/* The threads charged to @cg and below (pids.current). Context: any. */
long cgroup_pids_current(struct cgroup *cg)
{
	long n;

	spin_lock(&pids_lock);
	n = cg->pids_current;
	spin_unlock(&pids_lock);
	return n;
}

/* @cg's pids.max, CGROUP_PIDS_MAX for "max". Context: any. */
long cgroup_pids_max(struct cgroup *cg)
{
	long limit;

	spin_lock(&pids_lock);
	limit = cg->pids_limit;
	spin_unlock(&pids_lock);
	return limit ? limit - 1 : CGROUP_PIDS_MAX;
}

/**
 * cgroup_pids_set_max - set @cg's pids.max (threads already there stay,
 * as Linux: only new ones are refused).
 * @cg: a group other than the root
 * @max: 0 .. CGROUP_PIDS_MAX, the last meaning "max"
 *
 * Context: any (takes pids_lock).
 * Return: 0; -EINVAL out of range or for the root.
 */
int cgroup_pids_set_max(struct cgroup *cg, long max)
{
	if (!cg->parent || max < 0 || max > CGROUP_PIDS_MAX)
		return -EINVAL;
	spin_lock(&pids_lock);
	cg->pids_limit = max == CGROUP_PIDS_MAX ? 0 : max + 1;
	spin_unlock(&pids_lock);
	return 0;
}

/* Forks refused for @cg (pids.events "max"). Context: any. */
long cgroup_pids_events_max(struct cgroup *cg)
{
	long n;

	spin_lock(&pids_lock);
	n = cg->pids_events_max;
	spin_unlock(&pids_lock);
	return n;
}
