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
 * cgroup v1's OOM listeners (mm/memcg.h) are told of an OOM by the task
 * that takes the hierarchy OOM lock: here at the end of the fault in
 * every design (Linux 4.17 to 6.1's mem_cgroup_oom_synchronize()
 * notifies when it got the lock), and in the charge for V419PLUS and
 * MOD (memcg_oom_charge_kill()). Linux 4.19.0's mem_cgroup_oom() (from
 * 29ef680ae7c2, which moved the kill back into the charge) neither took
 * the lock nor notified, so with oom_kill_disable=0 no listener heard
 * of a charge-path OOM; 7056d3a37d2c ("memcg, oom: notify on oom killer
 * invocation from the charge path", Dec 2018: merged for 5.0, in the
 * 4.19.y and 4.20.y stable trees) added both, so V419PLUS has them
 * from its start. V419RFC and V419 keep the regression.
 *
 * Locking: memcg_tree_lock for oom_locked and under_oom (mm/memcg.h);
 * memcg_oom_seq [a]; [e] memcg_oom_events: the listener list.
 */
#include "kernel/task.h"
#include "kernel/wait.h"
#include "mm/memcg.h"
#include "mm/oom.h"

static DECLARE_WAIT_QUEUE_HEAD(memcg_oom_waitq);
static unsigned long memcg_oom_seq;	/* [a] bumped by every recover */
static struct spinlock memcg_oom_events = SPINLOCK_INIT("memcg_oom_events");
static struct list_head oom_listeners =		/* [e] */
	LIST_HEAD_INIT(oom_listeners);

/* Tell the listeners of @m and of its descendants (Linux's
 * mem_cgroup_oom_notify(): for_each_mem_cgroup_tree). */
static void oom_notify(struct memcg *m)
{
	struct memcg_oom_listener *l;

	spin_lock(&memcg_oom_events);
	list_for_each_entry(l, &oom_listeners, node)
		if (memcg_is_descendant(l->memcg, m))
			l->notify(l);
	spin_unlock(&memcg_oom_events);
}

/**
 * memcg_oom_listen - tell @l of every OOM of @m's hierarchy from now on;
 * at once if @m is under OOM (Linux's mem_cgroup_oom_register_event()).
 * @m: the memcg, held by the caller
 * @l: the listener, with notify() and detached() set
 *
 * Context: any, no sleeping; takes memcg_oom_events.
 * Return: true; false when @m went offline (nothing done): its
 * listeners have been detached and a new one would outlive it.
 */
bool memcg_oom_listen(struct memcg *m, struct memcg_oom_listener *l)
{
	bool online;

	spin_lock(&memcg_oom_events);
	/* memcg_offline() sets offline before it detaches, under this lock. */
	online = !__atomic_load_n(&m->offline, __ATOMIC_SEQ_CST);
	if (online) {
		l->memcg = m;
		list_add_tail(&l->node, &oom_listeners);
		if (__atomic_load_n(&m->under_oom, __ATOMIC_RELAXED))
			l->notify(l);
	}
	spin_unlock(&memcg_oom_events);
	return online;
}

/**
 * memcg_oom_unlisten - stop telling @l.
 * @l: a listener memcg_oom_listen() took
 *
 * Context: any, no sleeping; takes memcg_oom_events.
 * Return: true if @l was still listening; false if its memcg went
 * offline first (its detached() has run or is running).
 */
bool memcg_oom_unlisten(struct memcg_oom_listener *l)
{
	bool listening;

	spin_lock(&memcg_oom_events);
	listening = l->memcg;
	if (listening) {
		list_del_init(&l->node);
		l->memcg = NULL;
	}
	spin_unlock(&memcg_oom_events);
	return listening;
}

/**
 * memcg_oom_detach_listeners - @m goes offline: call detached() of each
 * of its listeners (Linux's mem_cgroup_css_offline() removes the events
 * and signals each eventfd once more).
 * @m: the memcg
 *
 * Context: task context, no locks held; takes memcg_oom_events.
 */
void memcg_oom_detach_listeners(struct memcg *m)
{
	struct list_head gone = LIST_HEAD_INIT(gone);
	struct memcg_oom_listener *l, *next;

	spin_lock(&memcg_oom_events);
	list_for_each_entry_safe(l, next, &oom_listeners, node) {
		if (l->memcg != m)
			continue;
		l->memcg = NULL;
		list_del_init(&l->node);
		list_add_tail(&l->node, &gone);
	}
	spin_unlock(&memcg_oom_events);
	list_for_each_entry_safe(l, next, &gone, node) {
		list_del_init(&l->node);
		l->detached(l);
	}
}

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
		if (locked)
			oom_notify(m);
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

/**
 * memcg_oom_charge_kill - the kill of a charge-path OOM (V419RFC, V419,
 * V419PLUS, MOD): Linux's mem_cgroup_oom() past its oom_kill_disable
 * check. From V419PLUS on, the task that takes the hierarchy OOM lock
 * notifies the listeners first, and every task kills. 7056d3a37d2c also
 * raises under_oom around its trylock and notification; oomlab does
 * not: nobody waits in a charge-path OOM, and under_oom counts waits
 * (the v1 file shows 0 while chargers loop in the charge).
 * @m: the memcg over its limit
 * @gfp: the charge's flags
 * @order: its order
 *
 * Context: may sleep (takes oom_lock); no spinlock held.
 * Return: mem_cgroup_out_of_memory()'s: true when a victim was killed or
 * is pending.
 */
bool memcg_oom_charge_kill(struct memcg *m, gfp_t gfp, int order)
{
	bool locked, killed;

	if (memcg_get_design() < MEMCG_DESIGN_V419PLUS)
		return mem_cgroup_out_of_memory(m, gfp, order);
	locked = oom_trylock(m);
	if (locked)
		oom_notify(m);
	killed = mem_cgroup_out_of_memory(m, gfp, order);
	if (locked) {
		oom_unlock(m);
		/* A fault-end waiter may have found the lock taken. */
		__atomic_add_fetch(&memcg_oom_seq, 1, __ATOMIC_RELEASE);
		wake_up_all(&memcg_oom_waitq);
	}
	return killed;
}
