// SPDX-License-Identifier: MIT
/*
 * Spinlocks under real concurrency: one thread per CPU (bound), each
 * incrementing a shared plain counter under the lock.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

#define INCREMENTS	20000

struct counter {
	struct spinlock lock;
	u64 value;			/* [lock], deliberately not atomic */
	struct completion done;
};

static int increment_fn(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < INCREMENTS; i++) {
		unsigned long flags = spin_lock_irqsave(&c->lock);
		u64 v = c->value;

		c->value = v + 1;
		spin_unlock_irqrestore(&c->lock, flags);
		if (!(i & 255))
			cond_resched();
	}
	complete(&c->done);
	return 0;
}

/*
 * Two threads per online CPU, bound round-robin, each add INCREMENTS under
 * the lock with a read-modify-write that would lose updates unprotected.
 * Expected: the sum is exact and the lock was contended iff SMP.
 */
static void spinlock_counter_exact_on_all_cpus(struct ktest *t)
{
	unsigned long base = task_count();
	u64 online = sched_cpus_online();
	struct counter c = { .lock = SPINLOCK_INIT("test_counter") };
	unsigned int n = 0;

	init_completion(&c.done);
	for (int round = 0; round < 2; round++) {
		for (unsigned int cpu = 0; cpu < 64; cpu++) {
			struct task *k;

			if (!((online >> cpu) & 1))
				continue;
			k = kthread_create(increment_fn, &c, "inc-%u", cpu);
			KTEST_ASSERT_NOT_NULL(t, k);
			kthread_bind(k, cpu);
			wake_up_process(k);
			n++;
		}
	}
	for (unsigned int i = 0; i < n; i++)
		ktest_wait_completion(t, &c.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, c.value, (u64)n * INCREMENTS);
	KTEST_EXPECT_EQ(t, c.lock.stat.acquisitions, (u64)n * INCREMENTS);
	lockstat_print(&c.lock.stat, "test_counter");
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/* Held-by-this-CPU tracking: spin_held_here() follows lock and unlock. */
static void spinlock_owner_tracking(struct ktest *t)
{
	struct spinlock l = SPINLOCK_INIT("owner");

	KTEST_EXPECT(t, !spin_held_here(&l));
	spin_lock(&l);
	KTEST_EXPECT(t, spin_held_here(&l));
	KTEST_EXPECT_EQ(t, preempt_count(), 1);
	KTEST_EXPECT(t, !spin_trylock(&l));
	spin_unlock(&l);
	KTEST_EXPECT(t, !spin_held_here(&l));
	KTEST_EXPECT_EQ(t, preempt_count(), 0);
}

KTEST_SUITE(spinlock, KTEST_CASE(spinlock_counter_exact_on_all_cpus),
	    KTEST_CASE(spinlock_owner_tracking));
