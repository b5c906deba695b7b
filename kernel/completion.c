// SPDX-License-Identifier: MIT
/*
 * Completions (kernel/completion.h). Waiters are exclusive wait-queue
 * entries, so complete() wakes exactly one; done counts completions not
 * yet consumed by a waiter, and COMPLETION_DONE_ALL means "everyone may
 * pass" (complete_all).
 */
#include "kernel/completion.h"

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

/* Reset to "not happened"; no waiter may be queued. */
void reinit_completion(struct completion *x)
{
	x->done = 0;
}

/**
 * complete - signal one waiter (or the next one to come).
 * @x: the completion
 *
 * Context: any, including interrupts.
 */
void complete(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);

	if (x->done != COMPLETION_DONE_ALL)
		x->done++;
	__wake_up_locked(&x->wait, TASK_NORMAL, 1);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/**
 * complete_all - let every waiter through, now and until reinit.
 * @x: the completion
 *
 * Context: any, including interrupts.
 */
void complete_all(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);

	x->done = COMPLETION_DONE_ALL;
	__wake_up_locked(&x->wait, TASK_NORMAL, 0);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/*
 * Wait in @state for up to @timeout jiffies (MAX_SCHEDULE_TIMEOUT: no
 * limit). Return: jiffies left (>= 1) when completed, 0 on timeout,
 * -EINTR when killed in a killable state.
 */
static long wait_common(struct completion *x, unsigned int state,
			long timeout)
{
	struct wait_queue_entry we;
	unsigned long flags;

	might_sleep();
	init_wait_entry(&we, WQ_FLAG_EXCLUSIVE);
	flags = spin_lock_irqsave(&x->wait.lock);
	while (!x->done) {
		if (signal_pending_state(state, current)) {
			timeout = -EINTR;
			break;
		}
		if (!timeout)
			break;
		if (list_empty(&we.entry))
			list_add_tail(&we.entry, &x->wait.head);
		set_current_state(state);
		spin_unlock_irqrestore(&x->wait.lock, flags);
		timeout = schedule_timeout(timeout);
		flags = spin_lock_irqsave(&x->wait.lock);
	}
	if (!list_empty(&we.entry))
		list_del_init(&we.entry);
	__set_current_state(TASK_RUNNING);
	if (x->done) {
		if (x->done != COMPLETION_DONE_ALL)
			x->done--;
		timeout = timeout > 0 ? timeout : 1;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return timeout;
}

/**
 * wait_for_completion - sleep (uninterruptibly) until @x is completed.
 * @x: the completion
 *
 * Context: process context, may sleep.
 */
void wait_for_completion(struct completion *x)
{
	wait_common(x, TASK_UNINTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

/**
 * wait_for_completion_timeout - wait_for_completion() for @timeout jiffies.
 * @x: the completion
 * @timeout: jiffies
 *
 * Context: process context, may sleep.
 * Return: 0 on timeout, else the jiffies left (at least 1).
 */
long wait_for_completion_timeout(struct completion *x, long timeout)
{
	return wait_common(x, TASK_UNINTERRUPTIBLE, timeout);
}

/**
 * wait_for_completion_killable - wait, unless the task is killed.
 * @x: the completion
 *
 * Context: process context, may sleep.
 * Return: 0 when completed, -EINTR when killed first.
 */
int wait_for_completion_killable(struct completion *x)
{
	long r = wait_common(x, TASK_KILLABLE, MAX_SCHEDULE_TIMEOUT);

	return r < 0 ? (int)r : 0;
}

/* Consume a completion without sleeping. Return: true if there was one. */
bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);
	bool ret = x->done != 0;

	if (ret && x->done != COMPLETION_DONE_ALL)
		x->done--;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

/* Has @x been completed (and not consumed)? */
bool completion_done(struct completion *x)
{
	return __atomic_load_n(&x->done, __ATOMIC_ACQUIRE) != 0;
}

/**
 * completion_nr_waiters - how many tasks are queued waiting for @x.
 * @x: the completion
 *
 * Context: any; takes x->wait.lock.
 * Return: the number of queued waiters (a snapshot).
 */
unsigned int completion_nr_waiters(struct completion *x)
{
	unsigned long flags = spin_lock_irqsave(&x->wait.lock);
	struct wait_queue_entry *we;
	unsigned int n = 0;

	list_for_each_entry(we, &x->wait.head, entry)
		n++;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return n;
}
