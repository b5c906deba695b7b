// SPDX-License-Identifier: MIT
/*
 * Futex wait/wake between kernel threads, on words in kernel memory read
 * through a plain reader (user words go through get_user the same way).
 * Scenarios: a changed word is -EAGAIN at once; a timeout is -ETIMEDOUT;
 * a wake after a change wakes exactly the requested number, oldest first;
 * keys of different mms never wake each other; a kill ends a wait with
 * -EINTR; a timeout longer than a day still sleeps until woken. Every
 * case ends with no waiter queued and every thread freed.
 */
#include "kernel/completion.h"
#include "kernel/futex.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lib/errno.h"

#define NWAITERS		3
#define QUEUE_DEADLINE_MS	5000
#define TWO_DAYS_NS		(2 * 86400 * NSEC_PER_SEC)

struct waiter_arg {
	struct futex_key key;
	u32 *word;
	u32 val;
	u64 timeout_ns;
	long ret;			/* what futex_wait returned */
	int order;			/* position among the woken */
	struct completion done;
};

static int wake_order;

static int read_kernel_word(u64 addr, u32 *val)
{
	*val = __atomic_load_n((u32 *)(uintptr_t)addr, __ATOMIC_ACQUIRE);
	return 0;
}

static struct futex_key key_of(const void *mm, u32 *word)
{
	return (struct futex_key){ mm, (u64)(uintptr_t)word };
}

static int waiter_fn(void *p)
{
	struct waiter_arg *a = p;

	a->ret = futex_wait(a->key, read_kernel_word, a->val, a->timeout_ns);
	a->order = __atomic_add_fetch(&wake_order, 1, __ATOMIC_SEQ_CST);
	complete(&a->done);
	return 0;
}

/*
 * Wait until at least @n waiters are queued, for at most
 * QUEUE_DEADLINE_MS (they queue within microseconds; the deadline only
 * turns a waiter that never queues into a failure instead of a hang).
 * Return: whether they are queued.
 */
static bool wait_queued(struct ktest *t, unsigned long n)
{
	u64 deadline = ktime_get_ns() + QUEUE_DEADLINE_MS * NSEC_PER_MSEC;

	while (futex_nr_waiters() < n) {
		if (ktime_get_ns() > deadline) {
			KTEST_FAIL(t, "%lu futex waiters queued after %u ms, "
				   "expected %lu", futex_nr_waiters(),
				   QUEUE_DEADLINE_MS, n);
			return false;
		}
		msleep(1);	/* polling a count: time passing, no sync */
	}
	return true;
}

/* Start @n waiters on @key expecting @val, each with @timeout_ns; return
 * once all are queued. */
static bool start_waiters(struct ktest *t, struct waiter_arg *a, int n,
			  struct futex_key key, u32 *word, u32 val,
			  u64 timeout_ns)
{
	unsigned long before = futex_nr_waiters();

	for (int i = 0; i < n; i++) {
		a[i] = (struct waiter_arg){ .key = key, .word = word,
					    .val = val,
					    .timeout_ns = timeout_ns };
		init_completion(&a[i].done);
		if (!KTEST_EXPECT_NOT_NULL(t, kthread_run(waiter_fn, &a[i],
							  "futex-w%d", i)))
			return false;
		/* Queue them one by one: the wake order is then known. */
		if (!wait_queued(t, before + i + 1))
			return false;
	}
	return true;
}

/* The word differs from val: -EAGAIN without sleeping. A word that
 * stays put with a 3 ms timeout: -ETIMEDOUT, not before 3 ms. */
static void futex_eagain_and_timeout(struct ktest *t)
{
	u32 word = 5;
	struct futex_key k = key_of(t, &word);
	u64 t0;

	KTEST_EXPECT_EQ(t, futex_wait(k, read_kernel_word, 4,
				      100 * NSEC_PER_MSEC), -EAGAIN);
	t0 = ktime_get_ns();
	KTEST_EXPECT_EQ(t, futex_wait(k, read_kernel_word, 5,
				      3 * NSEC_PER_MSEC), -ETIMEDOUT);
	KTEST_EXPECT_GE_U(t, ktime_get_ns() - t0, 3 * NSEC_PER_MSEC);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 0);
	KTEST_EXPECT_EQ(t, futex_wake(k, 1), 0);
}

/* Three waiters; the word changes; wake(2) wakes the two oldest, then
 * wake(INT_MAX) the last. */
static void futex_wake_counts_and_order(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter_arg a[NWAITERS];
	u32 word = 1;
	struct futex_key k = key_of(t, &word);

	wake_order = 0;
	if (!start_waiters(t, a, NWAITERS, k, &word, 1, FUTEX_NO_TIMEOUT))
		goto out;
	__atomic_store_n(&word, 2, __ATOMIC_RELEASE);
	KTEST_EXPECT_EQ(t, futex_wake(k, 2), 2);
	ktest_wait_completion(t, &a[0].done, KTEST_WAIT_MS);
	ktest_wait_completion(t, &a[1].done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 1);
	KTEST_EXPECT(t, !completion_done(&a[2].done));
	KTEST_EXPECT_EQ(t, futex_wake(k, 0x7fffffff), 1);
	ktest_wait_completion(t, &a[2].done, KTEST_WAIT_MS);
	for (int i = 0; i < NWAITERS; i++)
		KTEST_EXPECT_EQ(t, a[i].ret, 0);
	KTEST_EXPECT_EQ(t, a[2].order, 3);
out:
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 0);
}

/* Same address, different mm: a wake on one key leaves the other. */
static void futex_keys_separate_mms(struct ktest *t)
{
	unsigned long base = task_count();
	static int mm_a, mm_b;
	struct waiter_arg a[1];
	u32 word = 0;

	if (!start_waiters(t, a, 1, key_of(&mm_a, &word), &word, 0,
			   FUTEX_NO_TIMEOUT))
		goto out;
	KTEST_EXPECT_EQ(t, futex_wake(key_of(&mm_b, &word), 1), 0);
	KTEST_EXPECT_EQ(t, futex_wake(key_of(&mm_a, &word + 1), 1), 0);
	KTEST_EXPECT_EQ(t, futex_wake(key_of(&mm_a, &word), 1), 1);
	ktest_wait_completion(t, &a[0].done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, a[0].ret, 0);
out:
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

static struct task *killed_task;

static int kill_target_fn(void *p)
{
	struct waiter_arg *a = p;

	killed_task = current;
	return waiter_fn(a);
}

/* A fatal signal ends the (killable) wait with -EINTR and unqueues it. */
static void futex_kill_ends_wait(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter_arg a = { .val = 9, .timeout_ns = FUTEX_NO_TIMEOUT };
	u32 word = 9;

	a.key = key_of(t, &word);
	a.word = &word;
	init_completion(&a.done);
	killed_task = NULL;
	KTEST_ASSERT_NOT_NULL(t, kthread_run(kill_target_fn, &a, "futex-k"));
	if (wait_queued(t, 1)) {
		task_kill(killed_task);
	} else {
		/* Failed already; end the thread however far it got: a
		 * changed word makes its wait -EAGAIN, a wake ends it. */
		__atomic_store_n(&word, 10, __ATOMIC_RELEASE);
		futex_wake(a.key, 1);
	}
	ktest_wait_completion(t, &a.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, a.ret, -EINTR);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 0);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * A waiter with a timeout of two days (more than the one-day bound of the
 * jiffies conversion) sleeps until woken: the wake, 0 ms later, returns 0
 * and not -ETIMEDOUT. (That a >1 day wait does not end after one day
 * cannot be watched in a boot; the wait loops on its absolute deadline.)
 */
static void futex_long_timeout_is_woken(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter_arg a[1];
	u32 word = 3;
	struct futex_key k = key_of(t, &word);

	if (!start_waiters(t, a, 1, k, &word, 3, TWO_DAYS_NS))
		goto out;
	KTEST_EXPECT(t, !completion_done(&a[0].done));
	__atomic_store_n(&word, 4, __ATOMIC_RELEASE);
	KTEST_EXPECT_EQ(t, futex_wake(k, 1), 1);
	ktest_wait_completion(t, &a[0].done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, a[0].ret, 0);
out:
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 0);
}

KTEST_SUITE(futex,
	    KTEST_CASE(futex_long_timeout_is_woken),
	    KTEST_CASE(futex_eagain_and_timeout),
	    KTEST_CASE(futex_wake_counts_and_order),
	    KTEST_CASE(futex_keys_separate_mms),
	    KTEST_CASE(futex_kill_ends_wait));
