// SPDX-License-Identifier: MIT
/*
 * Futex wait and wake on a hash of (mm, address) keys.
 *
 *   waiter                              waker
 *   lock bucket                         store new value to the word
 *   read word; != val: -EAGAIN          lock bucket
 *   queue itself                        for each matching waiter:
 *   unlock bucket                           unqueue, woken = true,
 *   sleep killably until woken,             wake_up_process()
 *     killed or timed out               unlock bucket
 *   lock bucket; unqueue if still
 *   queued; unlock
 *
 * Both sides hold the bucket lock around "read and queue" and "find and
 * wake", so a waker that changed the word before the waiter's read makes
 * the read see it, and one that changed it after finds the waiter queued.
 * The bucket lock is a mutex: the read may fault and sleep.
 *
 * Lifetime: a waiter lives on its task's stack; the waker touches it only
 * under the bucket lock, and the waiter takes that lock once more before
 * returning, so it cannot leave while a waker still uses it.
 *
 * Locking: [b] futex_bucket.lock (a mutex; order: bucket -> mmap_lock,
 * taken by a faulting read).
 */
#include "kernel/futex.h"
#include "kernel/mutex.h"
#include "kernel/sched.h"
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
	struct mutex lock;
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
			mutex_init(&buckets[i].lock, "futex_bucket");
			INIT_LIST_HEAD(&buckets[i].waiters);
		}
		__atomic_store_n(&buckets_ready, true, __ATOMIC_RELEASE);
	}
	spin_unlock(&buckets_init_lock);
}

static struct futex_bucket *bucket_of(struct futex_key key)
{
	u64 h = (u64)(uintptr_t)key.mm ^ (key.addr >> 2);

	h *= 0x9e3779b97f4a7c15ULL;	/* Fibonacci hashing */
	buckets_init();
	return &buckets[h >> (64 - FUTEX_HASH_BITS)];
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
 * Sleep until woken, killed or past @deadline_ns (ktime; FUTEX_NO_TIMEOUT:
 * never); the waiter is queued. Each sleep is for what is left of the
 * deadline, so a timeout of any length ends on time: the conversion to
 * jiffies is bounded, the deadline is not.
 */
static long sleep_queued(struct futex_waiter *w, u64 deadline_ns)
{
	long left = MAX_SCHEDULE_TIMEOUT;

	for (;;) {
		set_current_state(TASK_KILLABLE);
		if (__atomic_load_n(&w->woken, __ATOMIC_ACQUIRE))
			break;
		if (fatal_signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return -EINTR;
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

/**
 * futex_wait - sleep while the word at @key holds @val.
 * @key: the word's address space and address (4-byte aligned)
 * @read: reads the word (get_user for a user address); may fault
 * @val: the value the caller saw
 * @timeout_ns: nanoseconds to wait at most (any length), or
 *	       FUTEX_NO_TIMEOUT
 *
 * Context: task context, may sleep (killably); no locks held.
 * Return: 0 when woken by futex_wake(); -EAGAIN if the word no longer
 * holds @val; -ETIMEDOUT; -EINTR when a fatal signal is pending; the
 * error of @read (-EFAULT). A wake that races with a timeout or a kill
 * wins: the wakeup is never consumed without 0 being returned.
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
	mutex_lock(&b->lock);
	ret = read(key.addr, &cur);
	if (!ret && cur != val)
		ret = -EAGAIN;
	if (ret) {
		mutex_unlock(&b->lock);
		return ret;
	}
	list_add_tail(&w.node, &b->waiters);
	__atomic_fetch_add(&nr_waiters, 1, __ATOMIC_RELAXED);
	mutex_unlock(&b->lock);

	ret = sleep_queued(&w, deadline_ns);

	mutex_lock(&b->lock);
	if (w.woken)
		ret = 0;
	else
		unqueue(&w);
	mutex_unlock(&b->lock);
	return ret;
}

/**
 * futex_wake - wake up to @nr waiters on @key, oldest first.
 * @key: as given to futex_wait()
 * @nr: at most this many; <= 0 wakes at most one, as in Linux (its loop
 *      counts a waiter before comparing)
 *
 * Context: task context, may sleep (the bucket mutex); no locks held.
 * Return: the number of waiters woken.
 */
long futex_wake(struct futex_key key, int nr)
{
	struct futex_bucket *b = bucket_of(key);
	struct futex_waiter *w, *tmp;
	long woken = 0;

	if (nr <= 0)
		nr = 1;
	mutex_lock(&b->lock);
	list_for_each_entry_safe(w, tmp, &b->waiters, node) {
		if (!key_eq(w->key, key))
			continue;
		unqueue(w);
		__atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
		wake_up_process(w->task);
		if (++woken == nr)
			break;
	}
	mutex_unlock(&b->lock);
	return woken;
}

/* Return: waiters queued right now (tests check none is left behind). */
unsigned long futex_nr_waiters(void)
{
	return __atomic_load_n(&nr_waiters, __ATOMIC_RELAXED);
}
