// SPDX-License-Identifier: MIT
/*
 * Mutexes (kernel/mutex.h). All state changes happen under wait_lock;
 * ownership passes from the unlocker to the first waiter (handoff), whose
 * waiter record is marked granted before it is woken, so a waiter that is
 * woken for another reason (a kill) can tell whether it owns the mutex.
 */
#include <arch/cpu.h>
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "lib/errno.h"

struct mutex_waiter {
	struct list_head node;		/* [w] on mutex.waiters */
	struct task *task;
	bool granted;			/* [w] owner now */
};

const struct lock_class_key mutex_wait_lock_key = {
	.name = "mutex.wait_lock"
};

static void mutex_dep_acquire(struct mutex *m, unsigned int flags,
			      unsigned long ip)
{
#ifdef CONFIG_LOCKDEP
	lockdep_acquire(&m->dep, m->name, 0, LOCKDEP_SLEEP | flags, ip);
#else
	(void)m;
	(void)flags;
	(void)ip;
#endif
}

static void mutex_dep_release(struct mutex *m)
{
#ifdef CONFIG_LOCKDEP
	lockdep_release(&m->dep);
#else
	(void)m;
#endif
}

/**
 * mutex_init_key - initialise @m as a mutex of the class @key.
 * @m: the mutex
 * @name: its name, for reports
 * @key: its lock class (mutex_init() makes one per call site)
 *
 * Context: any; @m is not in use.
 */
void mutex_init_key(struct mutex *m, const char *name,
		    const struct lock_class_key *key)
{
	*m = (struct mutex){ .name = name };
	spin_lock_init_key(&m->wait_lock, name, &mutex_wait_lock_key);
	INIT_LIST_HEAD(&m->waiters);
	lock_stat_reset(&m->stat);
#ifdef CONFIG_LOCKDEP
	m->dep = (struct lockdep_map)LOCKDEP_MAP_INIT(key);
#else
	(void)key;
#endif
}

/* Before the wait (and before might_sleep()'s BUG), so that the validator
 * reports a deadlock, or a spinlock held, with both chains. */
static int mutex_lock_common(struct mutex *m, unsigned int state,
			     unsigned long ip)
{
	struct mutex_waiter w = { .task = current };
	unsigned long flags;
	u64 start;
	int ret = 0;

	mutex_dep_acquire(m, 0, ip);
	might_sleep();
	flags = spin_lock_irqsave(&m->wait_lock);
	if (!m->owner) {
		__atomic_store_n(&m->owner, current, __ATOMIC_RELAXED);
		lock_stat_acquired(&m->stat, 0, false);
		goto out;
	}
	if (m->owner == current)
		panic("mutex %s: recursive lock by %s:%d", m->name,
		      current->name, current->pid);
	start = arch_rdtsc();
	list_add_tail(&w.node, &m->waiters);
	for (;;) {
		set_current_state(state);
		spin_unlock_irqrestore(&m->wait_lock, flags);
		schedule();
		flags = spin_lock_irqsave(&m->wait_lock);
		if (w.granted)
			break;
		if (signal_pending_state(state, current)) {
			list_del_init(&w.node);
			ret = -EINTR;
			break;
		}
	}
	__set_current_state(TASK_RUNNING);
	if (!ret)
		lock_stat_acquired(&m->stat, arch_rdtsc() - start, true);
	else
		mutex_dep_release(m);
out:
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return ret;
}

/**
 * mutex_lock - take @m, sleeping uninterruptibly while it is held.
 * @m: the mutex
 *
 * Context: process context, may sleep; not held by the caller.
 */
void mutex_lock(struct mutex *m)
{
	mutex_lock_common(m, TASK_UNINTERRUPTIBLE, LOCKDEP_RET_IP);
}

/**
 * mutex_lock_killable - mutex_lock() that gives up when the task is killed.
 * @m: the mutex
 *
 * Context: process context, may sleep.
 * Return: 0 with @m held, or -EINTR (not held) if killed while waiting.
 */
int mutex_lock_killable(struct mutex *m)
{
	return mutex_lock_common(m, TASK_KILLABLE, LOCKDEP_RET_IP);
}

/* Take @m if free. Return: true if now held. Context: process context. */
bool mutex_trylock(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait_lock);
	bool ok = !m->owner;

	if (ok) {
		__atomic_store_n(&m->owner, current, __ATOMIC_RELAXED);
		lock_stat_acquired(&m->stat, 0, false);
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
	if (ok)
		mutex_dep_acquire(m, LOCKDEP_TRY, LOCKDEP_RET_IP);
	return ok;
}

/**
 * mutex_unlock_check - may the running task unlock @m?
 * @m: the mutex
 *
 * The check mutex_unlock() makes before it lets go (and BUGs on), for
 * callers and tests that want to know without stopping the kernel. Only
 * the owner may unlock: not another task, and not anyone while @m is free.
 * Context: any task context; nothing is changed.
 * Return: 0 if the running task owns @m, -EPERM otherwise.
 */
int mutex_unlock_check(struct mutex *m)
{
	/* Only we can make ourselves owner (or stop being it): no race. */
	return __atomic_load_n(&m->owner, __ATOMIC_ACQUIRE) == current ?
		       0 : -EPERM;
}

/**
 * mutex_unlock - release @m, handing it to the longest waiter.
 * @m: a mutex the caller holds
 *
 * Context: process context of the owner; an unlock by a task that does
 * not own @m (see mutex_unlock_check()) is a BUG.
 */
void mutex_unlock(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait_lock);
	struct mutex_waiter *w;

	if (mutex_unlock_check(m))
		panic("mutex %s: unlock by %s:%d, which does not own it",
		      m->name, current->name, current->pid);
	mutex_dep_release(m);
	if (list_empty(&m->waiters)) {
		__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	} else {
		w = list_first_entry(&m->waiters, struct mutex_waiter, node);
		list_del_init(&w->node);
		__atomic_store_n(&m->owner, w->task, __ATOMIC_RELEASE);
		w->granted = true;
		wake_up_process(w->task);
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_ACQUIRE) != NULL;
}

/* Does the running task hold @m? For assertions. */
bool mutex_owned(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_ACQUIRE) == current;
}

/* The task holding @m, or NULL; a snapshot, for reports and tests. */
struct task *mutex_owner(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_ACQUIRE);
}

/**
 * mutex_nr_waiters - how many tasks are queued for @m.
 * @m: the mutex
 *
 * Context: any task context; takes m->wait_lock.
 * Return: the number of waiters (a snapshot).
 */
unsigned int mutex_nr_waiters(struct mutex *m)
{
	unsigned long flags = spin_lock_irqsave(&m->wait_lock);
	struct mutex_waiter *w;
	unsigned int n = 0;

	list_for_each_entry(w, &m->waiters, node)
		n++;
	spin_unlock_irqrestore(&m->wait_lock, flags);
	return n;
}
