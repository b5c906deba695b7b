// SPDX-License-Identifier: MIT
/*
 * Futex wait and wake on a hash of (mm, address) keys.
 *
 *   waiter                              waker
 *   lock bucket                         store new value to the word
 *   read word, faults disabled:         lock bucket
 *     fault: unlock, read it (fault
 *     the page in), start again
 *   != val: -EAGAIN
 *   queue itself                        for each matching waiter:
 *   unlock bucket                           unqueue, woken = true,
 *   sleep interruptibly until woken,        wake_up_process()
 *     signalled or timed out              unlock bucket
 *   lock bucket; unqueue if still
 *   queued; unlock
 *
 * Both sides hold the bucket lock around "read and queue" and "find and
 * wake", so a waker that changed the word before the waiter's read makes
 * the read see it, and one that changed it after finds the waiter queued.
 *
 * A bucket is shared by every process whose keys hash to it, so nothing
 * under its lock may wait for one process: the read under the lock never
 * handles a fault (it would sleep on the reader's mmap_lock, which a
 * thread of the reader's process may hold for as long as an mprotect of
 * a huge mapping takes, while wakers of other processes queue behind
 * the bucket). A word whose page is not present is read again outside
 * the lock, which faults it in, and the waiter starts over - as Linux's
 * futex_wait_setup() does. So the bucket lock is a spinlock, as Linux's.
 *
 * Lifetime: a waiter lives on its task's stack; the waker touches it only
 * under the bucket lock, and the waiter takes that lock once more before
 * returning, so it cannot leave while a waker still uses it.
 *
 * Locking: [b] futex_bucket.lock (a spinlock; taken only in task
 * context; under it: task.pi_lock and runqueue.lock, by wakeups).
 */
#include <arch/uaccess.h>
#include "kernel/futex.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/sys_misc.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/list.h"

#define FUTEX_HASH_BITS	6

struct futex_waiter {
	struct list_head node;		/* [b] on futex_bucket.waiters */
	struct futex_key key;		/* [I] */
	struct task *task;		/* [I] */
	bool woken;			/* [b] to modify; [a] to read */
};

struct futex_bucket {
	struct spinlock lock;
	struct list_head waiters;	/* [b] */
};

static struct futex_bucket buckets[1 << FUTEX_HASH_BITS];
static unsigned long nr_waiters;	/* [a] queued in any bucket */
static bool buckets_ready;		/* [a] */
static struct spinlock buckets_init_lock = SPINLOCK_INIT("futex_init");

/* Buckets are initialised on first use: futexes need no boot hook. */
static void buckets_init(void)
{
	if (__atomic_load_n(&buckets_ready, __ATOMIC_ACQUIRE))
		return;
	spin_lock(&buckets_init_lock);
	if (!buckets_ready) {
		for (size_t i = 0; i < ARRAY_SIZE(buckets); i++) {
			spin_lock_init(&buckets[i].lock, "futex_bucket");
			INIT_LIST_HEAD(&buckets[i].waiters);
		}
		__atomic_store_n(&buckets_ready, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&buckets_init_lock);
}

/**
 * futex_hash - the bucket of @key.
 * @key: any key
 *
 * Context: any. Return: its index, below 1 << FUTEX_HASH_BITS (tests
 * pick keys of different processes that share a bucket).
 */
unsigned int futex_hash(struct futex_key key)
{
	u64 h = (u64)(uintptr_t)key.mm ^ (key.addr >> 2);

	h *= 0x9e3779b97f4a7c15ULL;	/* Fibonacci hashing */
	return (unsigned int)(h >> (64 - FUTEX_HASH_BITS));
}

static struct futex_bucket *bucket_of(struct futex_key key)
{
	buckets_init();
	return &buckets[futex_hash(key)];
}

static bool key_eq(struct futex_key a, struct futex_key b)
{
	return a.mm == b.mm && a.addr == b.addr;
}

static void unqueue(struct futex_waiter *w)
{
	list_del_init(&w->node);
	__atomic_fetch_sub(&nr_waiters, 1, __ATOMIC_RELAXED);
}

/*
 * What a wait cut short by a signal returns: -EINTR for a kill (the
 * thread never sees it); for another signal Linux's futex_wait():
 * -ERESTARTSYS without a timeout (SA_RESTART restarts it); with one,
 * -EINTR (Linux would resume the remaining time through restart_syscall
 * when no handler runs; oomlab's sleeps of that kind end instead).
 */
static long interrupted(u64 deadline_ns)
{
	if (fatal_signal_pending(current) || deadline_ns != FUTEX_NO_TIMEOUT)
		return -EINTR;
	return -ERESTARTSYS;
}

/*
 * Sleep until woken, signalled or past @deadline_ns (ktime; FUTEX_NO_TIMEOUT:
 * never); the waiter is queued. Each sleep is for what is left of the
 * deadline, so a timeout of any length ends on time: the conversion to
 * jiffies is bounded, the deadline is not.
 */
static long sleep_queued(struct futex_waiter *w, u64 deadline_ns)
{
	long left = MAX_SCHEDULE_TIMEOUT;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (__atomic_load_n(&w->woken, __ATOMIC_ACQUIRE))
			break;
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return interrupted(deadline_ns);
		}
		if (deadline_ns != FUTEX_NO_TIMEOUT) {
			u64 now = ktime_get_ns();

			if (now >= deadline_ns) {
				__set_current_state(TASK_RUNNING);
				return -ETIMEDOUT;
			}
			left = sys_misc_ns_to_jiffies(deadline_ns - now);
		}
		schedule_timeout(left);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * Lock @b with the word at @key read into @cur: the read under the lock
 * has faults disabled; when it fails, the lock is dropped and the word
 * read with faults allowed (which brings the page in) before trying
 * again. Return: 0 with @b locked; the error of the faulting read
 * (-EFAULT: no such mapping) with @b unlocked.
 */
static int lock_and_read(struct futex_bucket *b, struct futex_key key,
			 futex_read_fn read, u32 *cur)
{
	int ret;

	for (;;) {
		spin_lock(&b->lock);
		pagefault_disable();
		ret = read(key.addr, cur);
		pagefault_enable();
		if (!ret)
			return 0;
		spin_unlock(&b->lock);
		ret = read(key.addr, cur);
		if (ret)
			return ret;
	}
}

/**
 * futex_wait - sleep while the word at @key holds @val.
 * @key: the word's address space and address (4-byte aligned)
 * @read: reads the word (get_user for a user address); called with
 *	  faults disabled under the bucket lock, and with faults allowed
 *	  outside it when that read failed
 * @val: the value the caller saw
 * @timeout_ns: nanoseconds to wait at most (any length), or
 *	       FUTEX_NO_TIMEOUT
 *
 * Context: task context, may sleep (interruptibly); no locks held.
 * Return: 0 when woken by futex_wake(); -EAGAIN if the word no longer
 * holds @val; -ETIMEDOUT; -EINTR when a fatal signal is pending, or
 * another one with a timeout set; -ERESTARTSYS for another one without
 * a timeout; the error of @read (-EFAULT). A wake that races with a
 * timeout or a signal wins: the wakeup is never consumed without 0 being
 * returned.
 */
long futex_wait(struct futex_key key, futex_read_fn read, u32 val,
		u64 timeout_ns)
{
	u64 deadline_ns = FUTEX_NO_TIMEOUT;
	struct futex_bucket *b = bucket_of(key);
	struct futex_waiter w = { .key = key, .task = current };
	long ret;
	u32 cur;

	might_sleep();
	if (timeout_ns != FUTEX_NO_TIMEOUT) {
		deadline_ns = ktime_get_ns() + timeout_ns;
		if (deadline_ns < timeout_ns || deadline_ns == FUTEX_NO_TIMEOUT)
			deadline_ns = FUTEX_NO_TIMEOUT - 1;	/* saturate */
	}
	ret = lock_and_read(b, key, read, &cur);
	if (ret)
		return ret;
	if (cur != val) {
		spin_unlock(&b->lock);
		return -EAGAIN;
	}
	list_add_tail(&w.node, &b->waiters);
	__atomic_fetch_add(&nr_waiters, 1, __ATOMIC_RELAXED);
	spin_unlock(&b->lock);

	ret = sleep_queued(&w, deadline_ns);

	spin_lock(&b->lock);
	if (w.woken)
		ret = 0;
	else
		unqueue(&w);
	spin_unlock(&b->lock);
	return ret;
}

/**
 * futex_wake - wake up to @nr waiters on @key, oldest first.
 * @key: as given to futex_wait()
 * @nr: at most this many; <= 0 wakes at most one, as in Linux (its loop
 *      counts a waiter before comparing)
 *
 * Context: task context; takes the bucket spinlock, does not sleep.
 * Return: the number of waiters woken.
 */
long futex_wake(struct futex_key key, int nr)
{
	struct futex_bucket *b = bucket_of(key);
	struct futex_waiter *w, *tmp;
	long woken = 0;

	if (nr <= 0)
		nr = 1;
	spin_lock(&b->lock);
	list_for_each_entry_safe(w, tmp, &b->waiters, node) {
		if (!key_eq(w->key, key))
			continue;
		unqueue(w);
		__atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
		wake_up_process(w->task);
		if (++woken == nr)
			break;
	}
	spin_unlock(&b->lock);
	return woken;
}

/* Return: waiters queued right now (tests check none is left behind). */
unsigned long futex_nr_waiters(void)
{
	return __atomic_load_n(&nr_waiters, __ATOMIC_RELAXED);
}
