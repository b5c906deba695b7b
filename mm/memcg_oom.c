// SPDX-License-Identifier: MIT
/*
 * A memory cgroup OOM handled at the end of a user fault (Linux's
 * mem_cgroup_oom_synchronize(), 3812c8c8f395): the charge only recorded
 * the memcg in current->memcg_in_oom and failed; here, with no lock
 * held, the task either runs the OOM killer for the hierarchy or waits
 * for another task that does. Every design uses it for cgroup v1's
 * oom_kill_disable; PRE (3.12 - 4.18) for every user-fault OOM.
 *
 * The hierarchy OOM lock: a memcg subtree is locked when no memcg in it
 * is locked, so only one task at a time kills for overlapping subtrees;
 * the others sleep (killable) on memcg_oom_waitq until an uncharge, a
 * limit change, oom_kill_disable=0 or the killer's unlock wakes them
 * (memcg_oom_recover()). Unlike Linux, whose wake function wakes only
 * waiters of an ancestor or descendant, every waiter wakes and retries
 * its fault: an unrelated one fails its charge again and sleeps again.
 *
 * Locking: memcg_tree_lock for oom_locked and under_oom (mm/memcg.h);
 * memcg_oom_seq [a].
 */
#include "kernel/task.h"
#include "kernel/wait.h"
#include "mm/memcg.h"
#include "mm/oom.h"

static DECLARE_WAIT_QUEUE_HEAD(memcg_oom_waitq);
static unsigned long memcg_oom_seq;	/* [a] bumped by every recover */

/* Add @delta to under_oom of @root's subtree. */
static void oom_mark_under(struct memcg *root, int delta)
{
	struct memcg *m;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node)
		if (memcg_is_descendant(m, root))
			m->under_oom += delta;
	spin_unlock(&memcg_tree_lock);
}

/* Lock @root's subtree unless part of it is locked (Linux's trylock). */
static bool oom_trylock(struct memcg *root)
{
	bool free = true;
	struct memcg *m;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node)
		if (memcg_is_descendant(m, root) && m->oom_locked)
			free = false;
	list_for_each_entry(m, &memcg_list, node)
		if (free && memcg_is_descendant(m, root))
			m->oom_locked = true;
	spin_unlock(&memcg_tree_lock);
	return free;
}

static void oom_unlock(struct memcg *root)
{
	struct memcg *m;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node)
		if (memcg_is_descendant(m, root))
			m->oom_locked = false;
	spin_unlock(&memcg_tree_lock);
}

/**
 * memcg_oom_recover - wake the tasks waiting at the end of a fault for an
 * OOM of @m's hierarchy, if there are any.
 * @m: a memcg whose usage or limit changed
 *
 * Context: any, no sleeping.
 */
void memcg_oom_recover(struct memcg *m)
{
	if (!__atomic_load_n(&m->under_oom, __ATOMIC_RELAXED))
		return;
	__atomic_add_fetch(&memcg_oom_seq, 1, __ATOMIC_RELEASE);
	wake_up_all(&memcg_oom_waitq);
}

/* Sleep until a recover after @seen, or a fatal signal. */
static void oom_wait(unsigned long seen)
{
	wait_event_killable(memcg_oom_waitq,
			    __atomic_load_n(&memcg_oom_seq,
					    __ATOMIC_ACQUIRE) != seen);
}

/**
 * memcg_oom_synchronize - finish the memcg OOM a charge in this fault
 * recorded: kill in the hierarchy, or wait for whoever does.
 * @handle: false when the fault did not end in VM_FAULT_OOM (the error
 *	was handled): only forget the record
 *
 * Context: the end of a user fault, no locks held; may sleep (killable).
 * Return: true when an OOM was recorded (the fault is to be retried);
 * false when there was none.
 */
bool memcg_oom_synchronize(bool handle)
{
	struct memcg *m = current->memcg_in_oom;
	unsigned long seen;
	bool locked;

	if (!m)
		return false;
	if (handle) {
		seen = __atomic_load_n(&memcg_oom_seq, __ATOMIC_ACQUIRE);
		oom_mark_under(m, 1);
		locked = oom_trylock(m);
		if (locked && !__atomic_load_n(&m->oom_kill_disable,
					       __ATOMIC_RELAXED)) {
			oom_mark_under(m, -1);
			mem_cgroup_out_of_memory(m, current->memcg_oom_gfp_mask,
						 current->memcg_oom_order);
		} else {
			oom_wait(seen);
			oom_mark_under(m, -1);
		}
		if (locked) {
			oom_unlock(m);
			__atomic_add_fetch(&memcg_oom_seq, 1,
					   __ATOMIC_RELEASE);
			wake_up_all(&memcg_oom_waitq);
		}
	}
	current->memcg_in_oom = NULL;
	memcg_put(m);
	return true;
}
