// SPDX-License-Identifier: MIT
/*
 * The two rwsem flavours on real threads (rules: kernel/rwsem_core.h;
 * their pure form is tested in rwsem_core_test.c).
 *
 * Lock stealing needs a window: a release has woken a queued writer W,
 * which has not run yet. The cases make it by binding a driver thread and
 * W to one CPU: a wake-up does not preempt the running task, so W runs
 * only when the driver sleeps or yields, or when the tick ends the
 * driver's slice. The tick can still fall into the window; such an
 * attempt is told apart (W got the lock first) and made again.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "kernel/time.h"

#define STEAL_ATTEMPTS	10
#define STEAL_CPU	0

static int grant_seq;			/* [a] */

static int next_seq(void)
{
	return __atomic_add_fetch(&grant_seq, 1, __ATOMIC_SEQ_CST);
}

struct flavour_actor {
	struct rw_semaphore *sem;
	bool write;
	int order;			/* [a] when it got the lock */
	struct completion release;	/* case -> actor */
	struct completion done;		/* actor -> case */
};

static int flavour_actor_fn(void *arg)
{
	struct flavour_actor *a = arg;

	if (a->write)
		down_write(a->sem);
	else
		down_read(a->sem);
	__atomic_store_n(&a->order, next_seq(), __ATOMIC_RELEASE);
	wait_for_completion(&a->release);
	if (a->write)
		up_write(a->sem);
	else
		up_read(a->sem);
	complete(&a->done);
	return 0;
}

static void flavour_actor_start(struct ktest *t, struct flavour_actor *a,
				struct rw_semaphore *sem, bool write)
{
	*a = (struct flavour_actor){ .sem = sem, .write = write };
	init_completion(&a->release);
	init_completion(&a->done);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(flavour_actor_fn, a, "flv-actor"));
}

static bool flavour_actor_holds(struct flavour_actor *a)
{
	return __atomic_load_n(&a->order, __ATOMIC_ACQUIRE) != 0;
}

/*
 * Readers are granted together: held W(case), queue R0, W1, R2.
 * Expected at up_write: v4 grants R0 only (W1 stops the run); v61 grants
 * R0 and R2, skipping W1. W1 gets the lock once the readers leave.
 */
static void rwsem_flavour_readers_granted_together(struct ktest *t)
{
	enum rwsem_flavour old = rwsem_get_flavour();
	unsigned long base = task_count();
	static struct flavour_actor a[3];
	DECLARE_RWSEM(sem);

	for (int v61 = 0; v61 <= 1; v61++) {
		rwsem_set_flavour(v61 ? RWSEM_FLAVOUR_V61 : RWSEM_FLAVOUR_V4);
		down_write(&sem);
		for (unsigned int i = 0; i < 3; i++) {
			flavour_actor_start(t, &a[i], &sem, i == 1);
			ktest_wait_until(t, rwsem_nr_waiters(&sem) == i + 1,
					 KTEST_WAIT_MS);
		}
		up_write(&sem);
		ktest_wait_until(t, rwsem_nr_readers(&sem) == 1u + v61,
				 KTEST_WAIT_MS);
		ktest_wait_until(t, flavour_actor_holds(&a[0]), KTEST_WAIT_MS);
		KTEST_EXPECT_EQ(t, rwsem_nr_waiters(&sem), 2u - v61);
		KTEST_EXPECT(t, !flavour_actor_holds(&a[1]));
		complete(&a[0].release);
		complete(&a[2].release);
		ktest_wait_until(t, flavour_actor_holds(&a[1]), KTEST_WAIT_MS);
		complete(&a[1].release);
		for (unsigned int i = 0; i < 3; i++)
			ktest_wait_completion(t, &a[i].done, KTEST_WAIT_MS);
		KTEST_EXPECT(t, !rwsem_is_locked(&sem));
	}
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/* One steal attempt: the driver and W share STEAL_CPU. */
struct steal {
	struct rw_semaphore sem;
	bool second_write;	/* the driver's second take is a write */
	bool handoff;		/* steal until W sets the hand-off */
	int w_order;		/* [a] when W got the lock */
	bool stolen;		/* second take while W was still queued */
	bool handoff_seen;	/* hand-off attempts: it was set */
	unsigned int steals;	/* hand-off attempts: steals before it */
	struct completion w_done, done;
};

static int steal_writer_fn(void *arg)
{
	struct steal *s = arg;

	down_write(&s->sem);
	__atomic_store_n(&s->w_order, next_seq(), __ATOMIC_RELEASE);
	up_write(&s->sem);
	complete(&s->w_done);
	return 0;
}

static bool w_has_run(struct steal *s)
{
	return __atomic_load_n(&s->w_order, __ATOMIC_ACQUIRE) != 0;
}

/* Yield (to W, on our CPU) until W is queued; bounded. */
static bool steal_wait_queued(struct steal *s)
{
	u64 deadline = ktime_get_ns() + KTEST_WAIT_MS * NSEC_PER_MSEC;

	while (!rwsem_nr_waiters(&s->sem) && ktime_get_ns() < deadline)
		yield();
	return rwsem_nr_waiters(&s->sem) == 1;
}

/* Hold it for writing, letting go and stealing it back, until W (woken
 * each time) finds it held past its timeout and sets the hand-off. */
static void steal_until_handoff(struct steal *s)
{
	u64 deadline = ktime_get_ns() + KTEST_WAIT_MS * NSEC_PER_MSEC;

	while (!rwsem_handoff_pending(&s->sem) && !w_has_run(s) &&
	       ktime_get_ns() < deadline) {
		up_write(&s->sem);
		down_write(&s->sem);
		if (!w_has_run(s))
			s->steals++;
		yield();
	}
	s->handoff_seen = rwsem_handoff_pending(&s->sem);
}

static int steal_driver_fn(void *arg)
{
	struct steal *s = arg;
	struct task *w = kthread_create(steal_writer_fn, s, "steal-w");
	bool first_write = s->handoff;

	if (!w) {
		complete(&s->w_done);
		complete(&s->done);
		return 0;
	}
	if (first_write)
		down_write(&s->sem);
	else
		down_read(&s->sem);
	kthread_bind(w, STEAL_CPU);
	wake_up_process(w);
	if (steal_wait_queued(s) && s->handoff)
		steal_until_handoff(s);
	if (first_write)
		up_write(&s->sem);
	else
		up_read(&s->sem);
	/* W is woken (v61) or granted (v4); it has not run. */
	if (s->second_write)
		down_write(&s->sem);
	else
		down_read(&s->sem);
	s->stolen = !w_has_run(s) && rwsem_nr_waiters(&s->sem) == 1;
	if (s->second_write)
		up_write(&s->sem);
	else
		up_read(&s->sem);
	complete(&s->done);
	return 0;
}

static void steal_attempt(struct ktest *t, struct steal *s, bool write,
			  bool handoff)
{
	struct task *d;

	*s = (struct steal){ .second_write = write, .handoff = handoff };
	init_rwsem(&s->sem, "steal");
	init_completion(&s->w_done);
	init_completion(&s->done);
	d = kthread_create(steal_driver_fn, s, "steal-driver");
	KTEST_ASSERT_NOT_NULL(t, d);
	kthread_bind(d, STEAL_CPU);
	wake_up_process(d);
	ktest_wait_completion(t, &s->done, KTEST_WAIT_MS);
	ktest_wait_completion(t, &s->w_done, KTEST_WAIT_MS);
	KTEST_EXPECT(t, !rwsem_is_locked(&s->sem));
}

/* v61 steals within STEAL_ATTEMPTS attempts; v4 never does. */
static void steal_both_flavours(struct ktest *t, bool write)
{
	enum rwsem_flavour old = rwsem_get_flavour();
	unsigned long base = task_count();
	static struct steal s;
	int attempts = 0;

	rwsem_set_flavour(RWSEM_FLAVOUR_V4);
	for (int i = 0; i < 3; i++) {
		steal_attempt(t, &s, write, false);
		KTEST_EXPECT(t, !s.stolen);
	}
	rwsem_set_flavour(RWSEM_FLAVOUR_V61);
	do
		steal_attempt(t, &s, write, false);
	while (!s.stolen && ++attempts < STEAL_ATTEMPTS && !ktest_failed(t));
	ktest_log(t, "v61: %s stole the lock from the woken writer: %s "
		  "(attempt %d)", write ? "writer" : "reader",
		  s.stolen ? "yes" : "no", attempts + 1);
	KTEST_EXPECT(t, s.stolen);
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Reader lock stealing: held R(driver), queue W; the driver's up_read
 * only wakes W under v61, and its down_read right after takes the free
 * lock before W runs. Under v4 up_read grants W and the driver queues.
 */
static void rwsem_flavour_reader_steals_from_woken_writer(struct ktest *t)
{
	steal_both_flavours(t, false);
}

/* Writer lock stealing: the same with the driver's second take a
 * down_write, which takes the free lock on arrival (the optimistic
 * spin's steal) or, queued behind W, on its first try. */
static void rwsem_flavour_writer_steals_from_woken_writer(struct ktest *t)
{
	steal_both_flavours(t, true);
}

/*
 * v61 hand-off: the driver keeps stealing the lock back from the woken
 * W; once W has waited more than 4 ms it sets the hand-off, and the
 * driver's next down_write queues: W gets the lock first. Expected: at
 * least one steal, the hand-off seen, then W first.
 */
static void rwsem_flavour_handoff_stops_stealing(struct ktest *t)
{
	enum rwsem_flavour old = rwsem_get_flavour();
	unsigned long base = task_count();
	static struct steal s;
	int attempts = 0;

	rwsem_set_flavour(RWSEM_FLAVOUR_V61);
	do
		steal_attempt(t, &s, true, true);
	while (!s.handoff_seen && ++attempts < STEAL_ATTEMPTS &&
	       !ktest_failed(t));
	ktest_log(t, "%u steals before the hand-off (attempt %d)", s.steals,
		  attempts + 1);
	KTEST_EXPECT(t, s.handoff_seen);
	KTEST_EXPECT_GE(t, s.steals, 1);
	KTEST_EXPECT(t, !s.stolen);
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

KTEST_SUITE(rwsem_flavour,
	    KTEST_CASE(rwsem_flavour_readers_granted_together),
	    KTEST_CASE(rwsem_flavour_reader_steals_from_woken_writer),
	    KTEST_CASE(rwsem_flavour_writer_steals_from_woken_writer),
	    KTEST_CASE(rwsem_flavour_handoff_stops_stealing));
