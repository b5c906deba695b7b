// SPDX-License-Identifier: MIT
/*
 * cgroup.freeze: Linux 6.1's cgroup v2 freezer. A group is freezing when
 * it or an ancestor has cgroup.freeze 1; each thread of a process in a
 * freezing group has task->freezing set and parks at its next return to
 * user mode (cgroup_freezer_trap(), called by syscall_exit_to_user()),
 * where it sleeps until thawed or killed: it runs no user code, while
 * SIGKILL (the OOM killer's too) still ends it. A thread in an
 * interruptible sleep is woken as a signal would wake it: its system
 * call returns through the exit path, parks there, and is restarted
 * after the thaw (no signal is taken, so the ERESTART* rules restart
 * it), as Linux's do_freezer_trap() inside get_signal() does. Other
 * signals stay pending while a thread is parked.
 *
 * Frozen-ness is computed when read (cgroup.events "frozen"), by Linux's
 * rule: a group is frozen when it is freezing, every thread of its
 * processes is parked, and every child group is frozen (an empty
 * freezing group is frozen). The notify poll of cgroup.events sees the
 * text change. A new thread, a forked child and a process moved in take
 * the state of their group at once (cgroup_thread_init(),
 * cgroup_freezer_moved()).
 *
 * Kernel threads attached to a group never park and do not count.
 * Locking: kernel/cgroup.h's legend; task->freezing and task->frozen are
 * [k] to modify, read atomically.
 */
#include "kernel/cgroup.h"
#include "kernel/cgroup_internal.h"
#include "kernel/process.h"
#include "kernel/ptrace.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/wait.h"

/* Parked threads wait here for their task->freezing to clear. */
static DECLARE_WAIT_QUEUE_HEAD(freezer_wq);

/**
 * cgroup_freezing - does @cg or an ancestor have cgroup.freeze 1?
 * @cg: a group
 *
 * Context: any; a snapshot unless cgroup_mutex is held.
 * Return: true when @cg's processes are to park.
 */
bool cgroup_freezing(const struct cgroup *cg)
{
	for (; cg; cg = cg->parent)
		if (__atomic_load_n(&cg->freeze, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

/*
 * Make @t leave an interruptible sleep, or user mode on another CPU, and
 * pass through the exit path (Linux's signal_wake_up() for the freezer
 * trap). The sigpending flag is recomputed by the signal delivery that
 * follows the thaw. p->lock held (signal_recalc_locked() runs under it).
 */
static void freezer_kick(struct task *t)
{
	__atomic_store_n(&t->sigpending, true, __ATOMIC_RELEASE);
	wake_up_state(t, TASK_INTERRUPTIBLE);
	signal_kick(t);
}

/* Each of @p's threads follows its own group's state (threads of one
 * process may be in different groups of a threaded subtree); p->lock
 * held. */
static void freezer_update_threads(struct process *p)
{
	struct uthread *ut;

	list_for_each_entry(ut, &p->threads, node) {
		struct task *t = ut->task;
		bool freezing, was;

		spin_lock(&cgroup_link_lock);
		freezing = cgroup_freezing(t->cgroup);
		was = t->freezing;
		__atomic_store_n(&t->freezing, freezing, __ATOMIC_RELEASE);
		spin_unlock(&cgroup_link_lock);
		if (freezing && !was)
			freezer_kick(t);
	}
}

/* Has @p a thread in @cg or below? p->lock held. */
static bool process_has_thread_in(struct process *p, const struct cgroup *cg)
{
	struct uthread *ut;

	list_for_each_entry(ut, &p->threads, node)
		if (cgroup_is_descendant(ut->task->cgroup, cg))
			return true;
	return false;
}

/**
 * cgroup_freeze - write @freeze to @cg's cgroup.freeze: its processes and
 * those below park (1) or run again unless an ancestor still freezes
 * them (0).
 * @cg: an online group, not the root
 * @freeze: the new value
 *
 * Returns before the threads are parked: cgroup.events tells when.
 * Context: task context, may sleep; takes cgroup_mutex, the process list
 * lock and each process's lock.
 */
void cgroup_freeze(struct cgroup *cg, bool freeze)
{
	struct process *p;
	bool above, was;

	mutex_lock(&cgroup_mutex);
	above = cgroup_freezing(cg->parent);	/* fixed under the mutex */
	was = above || __atomic_load_n(&cg->freeze, __ATOMIC_RELAXED);
	__atomic_store_n(&cg->freeze, freeze, __ATOMIC_RELEASE);
	/* Linux 6.1's cgroup_freeze() notifies cgroup.events even when the
	 * group's state does not change (an ancestor decides it, or it is
	 * already there): "there is nothing to wait for". */
	if ((above || freeze) == was)
		__atomic_add_fetch(&cg->events_seq, 1, __ATOMIC_RELEASE);
	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		if (p->nr_threads && process_has_thread_in(p, cg))
			freezer_update_threads(p);
		spin_unlock(&p->lock);
	}
	process_list_unlock();
	mutex_unlock(&cgroup_mutex);
	wake_up_all(&freezer_wq);	/* the thawed look again */
}

/**
 * cgroup_freezer_moved - @p changed groups: its threads take the state
 * of the new one.
 * @p: the process
 *
 * Context: cgroup_mutex held (the states cannot change meanwhile); takes
 * @p->lock.
 */
static void set_frozen(struct task *t, bool frozen)
{
	spin_lock(&cgroup_link_lock);
	__atomic_store_n(&t->frozen, frozen, __ATOMIC_RELEASE);
	spin_unlock(&cgroup_link_lock);
}

void cgroup_freezer_moved(struct process *p)
{
	struct uthread *self = uthread_of(current);

	spin_lock(&p->lock);
	freezer_update_threads(p);
	spin_unlock(&p->lock);
	/*
	 * A thread that moved itself into a freezing group (its own write
	 * to cgroup.procs) parks in syscall_exit_to_user() before it runs
	 * user code again: it counts as frozen from now, so the group reads
	 * frozen as soon as cgroup.procs lists it (test_freezer's "mkdir"
	 * case reads it at once; Linux counts the thread only once parked,
	 * a window that case loses on a busy machine).
	 */
	if (self && self->proc == p &&
	    __atomic_load_n(&current->freezing, __ATOMIC_ACQUIRE))
		set_frozen(current, true);
	wake_up_all(&freezer_wq);
}

/**
 * cgroup_freezer_trap - park the calling thread while its group freezes
 * it (Linux's do_freezer_trap()): it counts as frozen until thawed or
 * killed.
 *
 * Context: syscall_exit_to_user() of a thread with task->freezing set,
 * interrupts on, no locks held; sleeps killably.
 */
void cgroup_freezer_trap(void)
{
	struct task *t = current;

	set_frozen(t, true);
	(void)wait_event_killable(freezer_wq,
				  !__atomic_load_n(&t->freezing,
						   __ATOMIC_ACQUIRE) ||
				  ptrace_trap_pending(t));
	/* A PTRACE_INTERRUPT: the thread goes from this frozen sleep to a
	 * ptrace stop, which counts as frozen too (ptrace_traps() ends it
	 * if the trap went away meanwhile). */
	if (!ptrace_trap_pending(t) || fatal_signal_pending(t))
		set_frozen(t, false);
}

/**
 * cgroup_freezer_wake - make every parked thread look again why it is
 * parked (a PTRACE_INTERRUPT takes a thread out of the trap).
 *
 * Context: any task context.
 */
void cgroup_freezer_wake(void)
{
	wake_up_all(&freezer_wq);
}

/**
 * cgroup_enter_frozen - the calling thread sleeps where the freezer
 * need not wake it (a group stop, a vfork parent's wait): it counts as
 * frozen meanwhile, as in Linux 6.1's do_signal_stop() and
 * wait_for_vfork_done(), so such a sleeper does not hold a freeze up.
 *
 * Context: the thread's own signal delivery, no locks held.
 */
void cgroup_enter_frozen(void)
{
	set_frozen(current, true);
}

/**
 * cgroup_leave_frozen - the calling thread's cgroup_enter_frozen()
 * sleep ended: still frozen while its group freezes it (it parks at
 * once: Linux 6.1's cgroup_leave_frozen(false) keeps it frozen then),
 * else running.
 *
 * Context: the thread's own signal delivery, no locks held; may sleep.
 */
void cgroup_leave_frozen(void)
{
	if (__atomic_load_n(&current->freezing, __ATOMIC_ACQUIRE))
		cgroup_freezer_trap();
	else
		set_frozen(current, false);
}

/* Is every thread of every process in @cg itself parked? */
static bool own_threads_frozen(const struct cgroup *cg)
{
	struct process *p;
	struct uthread *ut;
	bool frozen = true;

	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		list_for_each_entry(ut, &p->threads, node)
			if (ut->task->cgroup == cg)
				frozen &= __atomic_load_n(&ut->task->frozen,
							  __ATOMIC_ACQUIRE);
		spin_unlock(&p->lock);
	}
	process_list_unlock();
	return frozen;
}

/* Linux's rule, recursively over the children. [C] held. */
static bool subtree_frozen(const struct cgroup *cg)
{
	const struct cgroup *c;

	if (!cgroup_freezing(cg) || !own_threads_frozen(cg))
		return false;
	list_for_each_entry(c, &cg->children, sibling)
		if (!subtree_frozen(c))
			return false;
	return true;
}

/**
 * cgroup_frozen - cgroup.events' "frozen": @cg is freezing, all its
 * threads are parked and all its children are frozen.
 * @cg: a group
 *
 * Context: task context, may sleep; takes cgroup_mutex, the process list
 * lock and each process's lock.
 * Return: whether @cg is frozen now.
 */
bool cgroup_frozen(struct cgroup *cg)
{
	bool frozen;

	mutex_lock(&cgroup_mutex);
	frozen = subtree_frozen(cg);
	mutex_unlock(&cgroup_mutex);
	return frozen;
}
