/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: a list of sleeping tasks waiting for a condition, as in
 * Linux. A sleeper queues an entry, sets its task state, re-checks the
 * condition and calls schedule(); a waker makes the condition true and
 * calls wake_up(). Both sides take the queue's lock, which orders the
 * condition against the queueing, so no wakeup is lost.
 *
 * Exclusive waiters (prepare_to_wait_exclusive, completions) sit at the
 * tail; wake_up() wakes every non-exclusive waiter and the first exclusive
 * one that was actually asleep; wake_up_all() wakes everyone. A woken
 * entry is taken off the queue by the waker ("autoremove"), and queued
 * again by the next prepare_to_wait*() if the task has to sleep again.
 *
 * Locking: [w] wait_queue_head.lock (an irqsave lock: wakeups may come
 * from interrupts).
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "kernel/sched.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/list.h"

struct wait_queue_head {
	struct spinlock lock;
	struct list_head head;		/* [w] of wait_queue_entry.entry */
};

#define WQ_FLAG_EXCLUSIVE	0x01

struct wait_queue_entry {
	unsigned int flags;		/* [I] WQ_FLAG_* */
	struct task *task;		/* [I] the sleeper */
	struct list_head entry;		/* [w] */
};

#define WAIT_QUEUE_HEAD_INIT(name)					\
	{ .lock = SPINLOCK_INIT(#name), .head = LIST_HEAD_INIT((name).head) }
#define DECLARE_WAIT_QUEUE_HEAD(name)					\
	struct wait_queue_head name = WAIT_QUEUE_HEAD_INIT(name)

void init_waitqueue_head(struct wait_queue_head *wq);
void init_wait_entry(struct wait_queue_entry *we, unsigned int flags);
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *we,
		     unsigned int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *we, unsigned int state);
long prepare_to_wait_event(struct wait_queue_head *wq,
			   struct wait_queue_entry *we, unsigned int state);
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *we);
void __wake_up(struct wait_queue_head *wq, unsigned int mode,
	       int nr_exclusive);
void __wake_up_locked(struct wait_queue_head *wq, unsigned int mode,
		      int nr_exclusive);
bool wq_has_sleeper(struct wait_queue_head *wq);

static inline void wake_up(struct wait_queue_head *wq)
{
	__wake_up(wq, TASK_NORMAL, 1);
}

static inline void wake_up_all(struct wait_queue_head *wq)
{
	__wake_up(wq, TASK_NORMAL, 0);
}

static inline void wake_up_interruptible(struct wait_queue_head *wq)
{
	__wake_up(wq, TASK_INTERRUPTIBLE, 1);
}

/*
 * The wait_event*() family: sleep until @cond is true, re-evaluated after
 * every wakeup. Macros (lowercase, Linux's names) because @cond is an
 * expression evaluated again and again.
 *
 * __wait_event_common() returns 0 once @cond holds, -EINTR when a sleep in
 * @state was ended by a kill, or, with @tmo >= 0 (jiffies), the time
 * left (at least 1) or 0 when it ran out with @cond still false.
 */
#define __wait_event_common(wq, cond, state, tmo)			\
	({								\
		struct wait_queue_entry __we;				\
		long __left = (tmo), __ret = 0;				\
		might_sleep();						\
		init_wait_entry(&__we, 0);				\
		for (;;) {						\
			long __intr = prepare_to_wait_event(&(wq), &__we, \
							    (state));	\
			if (cond) {					\
				__ret = __left < 0 ? 0 : (__left ?: 1);	\
				break;					\
			}						\
			if (__intr) {					\
				__ret = __intr;				\
				break;					\
			}						\
			if (__left < 0) {				\
				schedule();				\
			} else {					\
				__left = schedule_timeout(__left);	\
				if (!__left) {				\
					__ret = (cond) ? 1 : 0;		\
					break;				\
				}					\
			}						\
		}							\
		finish_wait(&(wq), &__we);				\
		__ret;							\
	})

/* Uninterruptible: counts for the hung-task detector. */
#define wait_event(wq, cond)						\
	do {								\
		if (!(cond))						\
			(void)__wait_event_common(wq, cond,		\
						  TASK_UNINTERRUPTIBLE, -1); \
	} while (0)

/* Return: 0, or -EINTR if killed first. */
#define wait_event_killable(wq, cond)					\
	((cond) ? 0 : (int)__wait_event_common(wq, cond, TASK_KILLABLE, -1))

#define wait_event_interruptible(wq, cond)				\
	((cond) ? 0 :							\
		  (int)__wait_event_common(wq, cond, TASK_INTERRUPTIBLE, -1))

/* Return: 0 on timeout with @cond false, else the jiffies left (>= 1). */
#define wait_event_timeout(wq, cond, timeout)				\
	((cond) ? ((long)(timeout) ?: 1) :				\
		  __wait_event_common(wq, cond, TASK_UNINTERRUPTIBLE,	\
				      (long)(timeout)))

#endif
