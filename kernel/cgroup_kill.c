// SPDX-License-Identifier: MIT
/*
 * cgroup.kill: SIGKILL to every process of a group and its descendants,
 * as Linux 6.1's cgroup_kill() does, including a process being forked
 * into the subtree at that very moment.
 *
 * The race with fork is closed as Linux closes it, with a kill sequence
 * per group ([k] cgroup->kill_seq):
 *   - the kill bumps the sequence of every group of the subtree, then
 *     walks the process list under its lock and kills each live process
 *     whose group is in the subtree;
 *   - a fork samples its child's group's sequence before it makes the
 *     child, and checks it again once the child is on the process list
 *     (cgroup_fork_kill_check()).
 * A child on the list before the walk is killed by the walk; one linked
 * after it was sampled before the bump (the sequence moved: it is
 * killed by its fork) or after it, in which case its parent was in the
 * subtree, was killed by the walk, and a fork whose parent is dying
 * kills its child (Linux's copy_process() gives up on a fatal signal).
 *
 * The whole kill holds cgroup_mutex, so no process moves into or out of
 * the subtree and no group is added to it meanwhile. Kernel threads
 * attached to a group are not killed (Linux skips PF_KTHREAD tasks).
 * Locking: kernel/cgroup.h's legend.
 */
#include "kernel/cgroup.h"
#include "kernel/cgroup_internal.h"
#include "kernel/process.h"
#include "kernel/signal.h"

/* The group after @pos in a pre-order walk of @root's subtree, or NULL.
 * [C] held. */
static struct cgroup *next_descendant(struct cgroup *pos,
				      struct cgroup *root)
{
	if (!list_empty(&pos->children))
		return list_first_entry(&pos->children, struct cgroup,
					sibling);
	for (; pos != root; pos = pos->parent)
		if (pos->sibling.next != &pos->parent->children)
			return list_next_entry(pos, sibling);
	return NULL;
}

/* Is @p alive, not yet dying, and in @cg's subtree? [L] held. */
static bool must_kill(struct process *p, struct cgroup *cg)
{
	bool kill;

	spin_lock(&p->lock);
	kill = p->nr_threads && !p->group_exit &&
	       cgroup_is_descendant(p->cgroup, cg);
	spin_unlock(&p->lock);
	return kill;
}

/**
 * cgroup_kill - SIGKILL every process in @cg and below (a "1" written to
 * cgroup.kill), and every process forked into the subtree meanwhile.
 * @cg: an online group; not the root (cgroup.kill is not on the root)
 *
 * Returns once each of them has SIGKILL pending: they die at their next
 * return to user mode or killable sleep, not necessarily before.
 * Context: task context, may sleep; takes cgroup_mutex, the process
 * list lock and each process's lock.
 */
void cgroup_kill(struct cgroup *cg)
{
	struct process *p;

	mutex_lock(&cgroup_mutex);
	spin_lock(&cgroup_link_lock);
	for (struct cgroup *d = cg; d; d = next_descendant(d, cg))
		d->kill_seq++;
	spin_unlock(&cgroup_link_lock);
	process_list_lock();
	for_each_process(p)
		if (must_kill(p, cg))
			process_kill(p, SIGKILL);
	process_list_unlock();
	mutex_unlock(&cgroup_mutex);
}

/**
 * cgroup_kill_seq - @cg's kill sequence, sampled by a fork before it
 * makes a child that starts in @cg.
 * @cg: the group the child will start in
 *
 * Context: any; takes cgroup_link_lock.
 * Return: the sequence, for cgroup_fork_kill_check().
 */
unsigned int cgroup_kill_seq(struct cgroup *cg)
{
	unsigned int seq;

	spin_lock(&cgroup_link_lock);
	seq = cg->kill_seq;
	spin_unlock(&cgroup_link_lock);
	return seq;
}

/**
 * cgroup_fork_kill_check - kill a new child that a cgroup.kill raced
 * with: its group was killed after the fork sampled @seq, or its parent
 * (the caller's process) is dying.
 * @child: the new process, on the process list, its thread not started
 * @cg: the group whose sequence was sampled
 * @seq: what cgroup_kill_seq() returned before @child was made
 *
 * Context: the parent's thread in fork, task context; takes
 * cgroup_link_lock and process locks.
 */
void cgroup_fork_kill_check(struct process *child, struct cgroup *cg,
			    unsigned int seq)
{
	struct process *parent = process_current();
	bool kill = cgroup_kill_seq(cg) != seq;

	if (!kill && parent) {
		spin_lock(&parent->lock);
		kill = parent->group_exit;
		spin_unlock(&parent->lock);
	}
	if (kill)
		process_kill(child, SIGKILL);
}
