// SPDX-License-Identifier: MIT
/*
 * Mutexes (kernel/mutex.h): exclusion under contention on every CPU, the
 * owner, FIFO handoff to sleeping waiters, and the debug checks (unlock by
 * a non-owner, sleeping in atomic context) through their non-fatal
 * checkers. Cases wait for states (queued waiters, a holder) by yielding
 * until they are reached - never by sleeping for a while - and wait for
 * every thread they start to be freed before they end.
 */
#include <arch/cpu.h>
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "lib/errno.h"

#define COUNTER_ROUNDS	250
#define COUNTER_YIELD	16	/* yield inside the mutex every so often */

struct counter {
	struct mutex lock;
	struct completion go;		/* case -> threads: start together */
	struct completion done;		/* thread -> case: finished */
	u64 value;			/* [lock], deliberately not atomic */
	int inside;			/* [a] holders right now */
	int overlaps;			/* [a] times a holder found another */
};

static int counter_fn(void *arg)
{
	struct counter *c = arg;

	wait_for_completion(&c->go);
	for (int i = 0; i < COUNTER_ROUNDS; i++) {
		u64 v;

		mutex_lock(&c->lock);
		if (__atomic_add_fetch(&c->inside, 1, __ATOMIC_SEQ_CST) != 1)
			__atomic_add_fetch(&c->overlaps, 1, __ATOMIC_RELAXED);
		v = c->value;
		/* Sleep-capable section: let the others queue up behind us. */
		if (!(i % COUNTER_YIELD))
			yield();
		c->value = v + 1;
		__atomic_sub_fetch(&c->inside, 1, __ATOMIC_SEQ_CST);
		mutex_unlock(&c->lock);
	}
	complete(&c->done);
	return 0;
}

/*
 * Two threads per online CPU, bound round-robin, released together, each
 * add COUNTER_ROUNDS to a plain counter under the mutex with a
 * read-modify-write that would lose updates unprotected; every
 * COUNTER_YIELD-th holder yields inside, so the thread sharing its CPU
 * blocks on the mutex. Expected: the sum is exact, no holder ever saw
 * another inside, every acquisition is counted, and some were contended.
 */
static void mutex_counter_exact_on_all_cpus(struct ktest *t)
{
	unsigned long base = task_count();
	u64 online = sched_cpus_online();
	static struct counter c;
	unsigned int n = 0;

	mutex_init(&c.lock, "test_counter");
	init_completion(&c.go);
	init_completion(&c.done);
	c.value = 0;
	c.inside = 0;
	c.overlaps = 0;
	for (int round = 0; round < 2; round++) {
		for (unsigned int cpu = 0; cpu < 64; cpu++) {
			struct task *k;

			if (!((online >> cpu) & 1))
				continue;
			k = kthread_create(counter_fn, &c, "mtx-inc-%u", cpu);
			BUG_ON(!k);
			kthread_bind(k, cpu);
			wake_up_process(k);
			n++;
		}
	}
	complete_all(&c.go);
	for (unsigned int i = 0; i < n; i++)
		ktest_wait_completion(t, &c.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, c.value, (u64)n * COUNTER_ROUNDS);
	KTEST_EXPECT_EQ(t, c.overlaps, 0);
	KTEST_EXPECT_EQ(t, c.lock.stat.acquisitions, (u64)n * COUNTER_ROUNDS);
	KTEST_EXPECT_GT(t, c.lock.stat.contentions, 0);
	KTEST_EXPECT(t, !mutex_is_locked(&c.lock));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/* A second task's view of a mutex the case holds. */
struct prober {
	struct mutex *m;
	struct completion done;
	struct task *owner_seen;
	bool owned_seen;		/* mutex_owned() in the prober */
	bool trylock_ok;
	int unlock_check;
};

static int prober_fn(void *arg)
{
	struct prober *p = arg;

	p->owner_seen = mutex_owner(p->m);
	p->owned_seen = mutex_owned(p->m);
	p->unlock_check = mutex_unlock_check(p->m);
	p->trylock_ok = mutex_trylock(p->m);
	if (p->trylock_ok)
		mutex_unlock(p->m);
	complete(&p->done);
	return 0;
}

static void probe(struct prober *p, struct mutex *m)
{
	p->m = m;
	p->owner_seen = NULL;
	p->owned_seen = true;
	p->trylock_ok = false;
	p->unlock_check = 1;
	init_completion(&p->done);
	BUG_ON(!kthread_run(prober_fn, p, "mtx-probe"));
	wait_for_completion(&p->done);
}

/*
 * The case takes the mutex; a second thread then looks at it. Expected:
 * the owner is the case's task, from both sides; mutex_owned() is true
 * only in the case; a trylock by the other thread fails, and so does one
 * by the owner itself (no recursion). After the unlock the other thread's
 * trylock succeeds and the mutex is free again.
 */
static void mutex_owner_is_the_holder(struct ktest *t)
{
	unsigned long base = task_count();
	struct prober p;
	DEFINE_MUTEX(m);

	KTEST_EXPECT(t, !mutex_is_locked(&m));
	KTEST_EXPECT_NULL(t, mutex_owner(&m));
	mutex_lock(&m);
	KTEST_EXPECT(t, mutex_is_locked(&m));
	KTEST_EXPECT(t, mutex_owned(&m));
	KTEST_EXPECT(t, mutex_owner(&m) == current);
	KTEST_EXPECT(t, !mutex_trylock(&m));
	probe(&p, &m);
	KTEST_EXPECT(t, p.owner_seen == current);
	KTEST_EXPECT(t, !p.owned_seen);
	KTEST_EXPECT(t, !p.trylock_ok);
	KTEST_EXPECT(t, mutex_owner(&m) == current);
	mutex_unlock(&m);
	KTEST_EXPECT_NULL(t, mutex_owner(&m));
	KTEST_EXPECT(t, !mutex_owned(&m));
	probe(&p, &m);
	KTEST_EXPECT_NULL(t, p.owner_seen);
	KTEST_EXPECT(t, p.trylock_ok);
	KTEST_EXPECT(t, !mutex_is_locked(&m));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/* A thread that takes the mutex once, in its turn, and records the turn. */
struct waiter {
	struct mutex *m;
	int *seq;			/* [m] shared grant counter */
	int order;			/* [a] 1, 2, ...: when it got @m */
	int retakes;			/* times it took @m (retakers) */
	int *stop;			/* [a] retakers: stop when non-zero */
	struct completion done;
};

static int waiter_fn(void *arg)
{
	struct waiter *w = arg;

	mutex_lock(w->m);
	__atomic_store_n(&w->order, ++*w->seq, __ATOMIC_RELEASE);
	mutex_unlock(w->m);
	complete(&w->done);
	return 0;
}

static void waiter_start(struct waiter *w, struct mutex *m, int *seq,
			 int (*fn)(void *))
{
	w->m = m;
	w->seq = seq;
	w->order = 0;
	w->retakes = 0;
	init_completion(&w->done);
	BUG_ON(!kthread_run(fn, w, "mtx-waiter"));
}

static bool wait_waiters(struct ktest *t, struct mutex *m, unsigned int n)
{
	return ktest_wait_until(t, mutex_nr_waiters(m) == n, KTEST_WAIT_MS);
}

#define FIFO_WAITERS	6

/*
 * The case holds the mutex while FIFO_WAITERS threads queue on it, one at
 * a time (each is queued before the next starts):
 *   held: case   queue: W1 W2 W3 W4 W5 W6
 * Expected: after the unlock each gets the mutex exactly in queue order,
 * 1..6 - the unlocker hands over to the longest waiter.
 */
static void mutex_waiters_granted_in_fifo_order(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter w[FIFO_WAITERS];
	int seq = 0;
	DEFINE_MUTEX(m);

	mutex_lock(&m);
	for (unsigned int i = 0; i < FIFO_WAITERS; i++) {
		waiter_start(&w[i], &m, &seq, waiter_fn);
		wait_waiters(t, &m, i + 1);
	}
	mutex_unlock(&m);
	for (unsigned int i = 0; i < FIFO_WAITERS; i++) {
		ktest_wait_completion(t, &w[i].done, KTEST_WAIT_MS);
		KTEST_EXPECT_EQ(t, w[i].order, (int)i + 1);
	}
	KTEST_EXPECT(t, !mutex_is_locked(&m));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/* Takes the mutex again and again until told to stop. */
static int retaker_fn(void *arg)
{
	struct waiter *w = arg;

	while (!__atomic_load_n(w->stop, __ATOMIC_ACQUIRE)) {
		mutex_lock(w->m);
		w->retakes++;
		++*w->seq;
		mutex_unlock(w->m);
	}
	complete(&w->done);
	return 0;
}

/* The victim: records how many grants went before its own. */
static int victim_fn(void *arg)
{
	struct waiter *w = arg;

	mutex_lock(w->m);
	w->order = ++*w->seq;
	__atomic_store_n(w->stop, 1, __ATOMIC_RELEASE);
	mutex_unlock(w->m);
	complete(&w->done);
	return 0;
}

#define RETAKERS	4

/*
 * A stream of takers cannot starve a waiter. RETAKERS threads, each
 * looping lock/unlock for as long as the case lets them, queue behind the
 * case; then the victim queues behind them:
 *   held: case   queue: R1 R2 R3 R4 V      (R* re-queue after each turn)
 * Expected: the victim is granted the mutex as the (RETAKERS + 1)-th
 * acquisition after the case's unlock: each retaker gets exactly one turn
 * before it, because a retaker that comes back queues behind the victim.
 */
static void mutex_waiter_not_starved_by_retakers(struct ktest *t)
{
	unsigned long base = task_count();
	struct waiter r[RETAKERS], v;
	int seq = 0, stop = 0;
	DEFINE_MUTEX(m);

	mutex_lock(&m);
	for (unsigned int i = 0; i < RETAKERS; i++) {
		r[i].stop = &stop;
		waiter_start(&r[i], &m, &seq, retaker_fn);
		wait_waiters(t, &m, i + 1);
	}
	v.stop = &stop;
	waiter_start(&v, &m, &seq, victim_fn);
	wait_waiters(t, &m, RETAKERS + 1);
	mutex_unlock(&m);
	ktest_wait_completion(t, &v.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, v.order, RETAKERS + 1);
	for (unsigned int i = 0; i < RETAKERS; i++) {
		ktest_wait_completion(t, &r[i].done, KTEST_WAIT_MS);
		KTEST_EXPECT_GE(t, r[i].retakes, 1);
	}
	KTEST_EXPECT(t, !mutex_is_locked(&m));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Unlocking a mutex one does not hold is a BUG in mutex_unlock(); its
 * check, mutex_unlock_check(), reports it without stopping the kernel.
 * Expected: -EPERM for a free mutex, -EPERM for a thread other than the
 * owner (the mutex stays held by the owner), 0 for the owner.
 */
static void mutex_unlock_by_non_owner_detected(struct ktest *t)
{
	unsigned long base = task_count();
	struct prober p;
	DEFINE_MUTEX(m);

	KTEST_EXPECT_EQ(t, mutex_unlock_check(&m), -EPERM);
	mutex_lock(&m);
	KTEST_EXPECT_EQ(t, mutex_unlock_check(&m), 0);
	probe(&p, &m);
	KTEST_EXPECT_EQ(t, p.unlock_check, -EPERM);
	KTEST_EXPECT(t, mutex_owner(&m) == current);
	mutex_unlock(&m);
	KTEST_EXPECT_EQ(t, mutex_unlock_check(&m), -EPERM);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * mutex_lock() may sleep, so it starts with might_sleep(), which BUGs in
 * atomic context; its check, sched_may_sleep(), tells without stopping.
 * Expected: false with preemption off, under a spinlock, with interrupts
 * off; true again after each, and while holding a mutex (holders sleep).
 */
static void mutex_might_sleep_in_atomic_caught(struct ktest *t)
{
	struct spinlock l = SPINLOCK_INIT("atomic");
	unsigned long flags;
	DEFINE_MUTEX(m);

	KTEST_EXPECT(t, sched_may_sleep());
	preempt_disable();
	KTEST_EXPECT(t, !sched_may_sleep());
	preempt_enable();
	KTEST_EXPECT(t, sched_may_sleep());
	spin_lock(&l);
	KTEST_EXPECT(t, !sched_may_sleep());
	spin_unlock(&l);
	flags = arch_irq_save();
	KTEST_EXPECT(t, !sched_may_sleep());
	arch_irq_restore(flags);
	KTEST_EXPECT(t, sched_may_sleep());
	mutex_lock(&m);
	KTEST_EXPECT(t, sched_may_sleep());
	mutex_unlock(&m);
}

KTEST_SUITE(mutex, KTEST_CASE(mutex_counter_exact_on_all_cpus),
	    KTEST_CASE(mutex_owner_is_the_holder),
	    KTEST_CASE(mutex_waiters_granted_in_fifo_order),
	    KTEST_CASE(mutex_waiter_not_starved_by_retakers),
	    KTEST_CASE(mutex_unlock_by_non_owner_detected),
	    KTEST_CASE(mutex_might_sleep_in_atomic_caught));
