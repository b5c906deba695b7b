// SPDX-License-Identifier: MIT
/*
 * A futex wait whose word faults must not hold up other processes'
 * wakes. Futex buckets are shared by every process; if a waiter's read
 * of its word handled the page fault under the bucket lock, it would
 * sleep there on its own mmap_lock, and any wake hashing to that bucket
 * would wait as long as that lock is held.
 *
 *   process A (user/futexfault)        this test
 *   maps W (touched), P (untouched)
 *   FUTEX_WAIT on W ...                takes A's mmap_lock for writing
 *                                      wakes W
 *   FUTEX_WAIT on P: the read of P     sees A's thread queued on the
 *   faults and waits for mmap_lock     mmap_lock
 *                                      thread "B": futex_wake() on a key
 *                                      of another address space, in P's
 *                                      bucket: must return within
 *                                      WAKE_BOUND_MS, A's lock still held
 *                                      releases the mmap_lock, wakes P
 *   done, exit 0
 *
 * Every wait is bounded: a wake that blocks fails the case once
 * WAKE_BOUND_MS have passed, then the lock is released and B finishes.
 */
#include "kernel/completion.h"
#include "kernel/futex.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "mm/mm.h"
#include "tests/kernel/user_run.h"

#define RUN_MS		20000
#define STEP_MS		5000	/* each step takes microseconds */
#define WAKE_BOUND_MS	500

static struct user_run run;

struct waker {
	struct futex_key key;
	struct completion done;
};

static int waker_fn(void *arg)
{
	struct waker *b = arg;

	futex_wake(b->key, 1);
	complete(&b->done);
	/* kthread_stop() needs the thread alive: wait for it. */
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static bool mmap_lock_has_waiter(struct process *p, const void *arg)
{
	return rwsem_nr_waiters(&p->mm->mmap_lock) > 0;
}

/*
 * Wake A's wait on P until A has printed its last line or exited: it
 * queues on P only some time after the mmap_lock is released. Return:
 * false if it did neither within STEP_MS.
 */
static bool wake_until_done(struct futex_key kp)
{
	u64 deadline = ktime_get_ns() + STEP_MS * NSEC_PER_MSEC;

	while (ktime_get_ns() < deadline) {
		struct process *p = process_get_by_pid(run.pid, PROCESS_ALIVE);
		bool done = !p || user_has_line(p, "futexfault: done");

		if (p)
			process_put(p);
		futex_wake(kp, 1);
		if (done)
			return true;
		msleep(1);	/* polling: time passing, no sync */
	}
	return false;
}

/* A key of another "process" (any other cookie) in @key's bucket. */
static struct futex_key key_in_bucket_of(struct futex_key key)
{
	static int other_mm;
	struct futex_key k = { &other_mm, 0 };

	while (futex_hash(k) != futex_hash(key))
		k.addr += sizeof(u32);
	return k;
}

/* Start B's wake; Return: whether it returned within WAKE_BOUND_MS. */
static bool wake_in_time(struct ktest *t, struct waker *b, struct task **k)
{
	init_completion(&b->done);
	*k = kthread_run(waker_fn, b, "futex-waker");
	if (!KTEST_EXPECT_NOT_NULL(t, *k))
		return false;
	return wait_for_completion_timeout(&b->done,
					   msecs_to_jiffies(WAKE_BOUND_MS)) > 0;
}

static void futex_wake_not_held_up_by_faulting_wait(struct ktest *t)
{
	struct futex_key kw, kp;
	struct waker b;
	struct process *p = NULL;
	struct task *k = NULL;
	u64 w = 0, pa = 0;
	bool in_time = false;

	KTEST_ASSERT_EQ(t, user_start(t, &run, (const char *const[]){
		"/bin/futexfault", "--timeout-ms", "10000", NULL }), 0);
	if (!KTEST_EXPECT(t, user_wait_line(&run, "futexfault: ready",
					     STEP_MS)) ||
	    !KTEST_EXPECT(t, user_wait_state(&run, USER_SLEEP_STATE, STEP_MS)))
		goto out_wait;
	KTEST_EXPECT(t, user_field(run.out, "futexfault: ready", "w=", &w));
	KTEST_EXPECT(t, user_field(run.out, "futexfault: ready", "p=", &pa));
	p = process_get_by_pid(run.pid, PROCESS_ALIVE);
	if (!KTEST_EXPECT(t, p && w && pa))
		goto out_wait;
	kw = (struct futex_key){ p->mm, w };
	kp = (struct futex_key){ p->mm, pa };
	b.key = key_in_bucket_of(kp);

	mmap_write_lock(p->mm);
	KTEST_EXPECT_EQ(t, futex_wake(kw, 1), 1);
	if (KTEST_EXPECT(t, user_poll(run.pid, mmap_lock_has_waiter, NULL,
				      STEP_MS)))
		in_time = wake_in_time(t, &b, &k);
	mmap_write_unlock(p->mm);
	if (k && !in_time) {
		KTEST_FAIL(t, "a wake in A's futex bucket waited for A's "
			   "mmap_lock (> %u ms)", WAKE_BOUND_MS);
		KTEST_EXPECT(t, wait_for_completion_timeout(
				 &b.done, msecs_to_jiffies(STEP_MS)) > 0);
	}
	if (k)
		kthread_stop(k);
	KTEST_EXPECT(t, wake_until_done(kp));
out_wait:
	user_wait(t, &run, RUN_MS);
	if (p)
		process_put(p);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, strstr(run.out, "wait_w=0 wait_p=0"));
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

KTEST_SUITE(futex_fault,
	    KTEST_CASE(futex_wake_not_held_up_by_faulting_wait));
