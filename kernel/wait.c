// SPDX-License-Identifier: MIT
/*
 * Wait queues (kernel/wait.h). The entry is on the queue from
 * prepare_to_wait*() until a waker takes it off (autoremove) or
 * finish_wait() does; the task state is set under the queue lock, after
 * queueing, so a waker that finds the entry always sees the sleep state.
 */
#include "kernel/wait.h"

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "waitqueue");
	INIT_LIST_HEAD(&wq->head);
}

void init_wait_entry(struct wait_queue_entry *we, unsigned int flags)
{
	we->flags = flags;
	we->task = current;
	INIT_LIST_HEAD(&we->entry);
}

static void queue_entry(struct wait_queue_head *wq,
			struct wait_queue_entry *we)
{
	if (!list_empty(&we->entry))
		return;
	if (we->flags & WQ_FLAG_EXCLUSIVE)
		list_add_tail(&we->entry, &wq->head);
	else
		list_add(&we->entry, &wq->head);
}

/**
 * prepare_to_wait - queue @we on @wq and set the task state to @state.
 * @wq: the wait queue
 * @we: the caller's entry (init_wait_entry())
 * @state: TASK_UNINTERRUPTIBLE, TASK_KILLABLE or TASK_INTERRUPTIBLE
 *
 * Context: process context; takes wq->lock. The caller re-checks its
 * condition and calls schedule(), then finish_wait().
 */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *we,
		     unsigned int state)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	we->flags &= ~WQ_FLAG_EXCLUSIVE;
	queue_entry(wq, we);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* As prepare_to_wait(), as an exclusive waiter (woken one at a time). */
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *we, unsigned int state)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	we->flags |= WQ_FLAG_EXCLUSIVE;
	queue_entry(wq, we);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/**
 * prepare_to_wait_event - prepare_to_wait() that notices a pending kill.
 * @wq: the wait queue
 * @we: the caller's entry
 * @state: the sleep state
 *
 * Context: process context; takes wq->lock.
 * Return: 0, or -EINTR (entry dequeued) if @state can be ended by a kill
 * and one is pending.
 */
long prepare_to_wait_event(struct wait_queue_head *wq,
			   struct wait_queue_entry *we, unsigned int state)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	long ret = 0;

	if (signal_pending_state(state, current)) {
		list_del_init(&we->entry);
		ret = -EINTR;
	} else {
		queue_entry(wq, we);
		set_current_state(state);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return ret;
}

/**
 * finish_wait - end a wait: task running again, entry off the queue.
 * @wq: the wait queue
 * @we: the caller's entry
 *
 * Context: process context; takes wq->lock if the entry is still queued.
 */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *we)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&wq->lock);
	if (!list_empty(&we->entry))
		list_del_init(&we->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/**
 * __wake_up_locked - wake waiters of @wq; the caller holds wq->lock.
 * @wq: the wait queue
 * @mode: sleep states to wake (TASK_NORMAL, TASK_INTERRUPTIBLE)
 * @nr_exclusive: exclusive waiters to wake; 0: all of them
 *
 * Context: any; wq->lock held.
 */
void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode,
		      int nr_exclusive)
{
	struct wait_queue_entry *we, *next;

	spin_assert_held(&wq->lock);
	list_for_each_entry_safe(we, next, &wq->head, entry) {
		unsigned int wflags = we->flags;

		if (!wake_up_state(we->task, mode))
			continue;
		/* The sleeper may return and free @we once it is off. */
		list_del_init(&we->entry);
		if ((wflags & WQ_FLAG_EXCLUSIVE) && !--nr_exclusive)
			break;
	}
}

/**
 * __wake_up - wake waiters of @wq.
 * @wq: the wait queue
 * @mode: sleep states to wake
 * @nr_exclusive: exclusive waiters to wake; 0: all
 *
 * Context: any, including interrupts; takes wq->lock.
 */
void __wake_up(struct wait_queue_head *wq, unsigned int mode,
	       int nr_exclusive)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	__wake_up_locked(wq, mode, nr_exclusive);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* Is anyone queued? A hint only: the answer may be stale at once. */
bool wq_has_sleeper(struct wait_queue_head *wq)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !list_empty(&wq->head);
}
