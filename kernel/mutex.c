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

void mutex_init(struct mutex *m, const char *name)
{
	spin_lock_init(&m->wait_lock, name);
	m->owner = NULL;
	INIT_LIST_HEAD(&m->waiters);
	lock_stat_reset(&m->stat);
	m->name = name;
}

static int mutex_lock_common(struct mutex *m, unsigned int state)
{
	struct mutex_waiter w = { .task = current };
	unsigned long flags;
	u64 start;
	int ret = 0;

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
	mutex_lock_common(m, TASK_UNINTERRUPTIBLE);
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
	return mutex_lock_common(m, TASK_KILLABLE);
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
