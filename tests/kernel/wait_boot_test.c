// SPDX-License-Identifier: MIT
/*
 * Wait queues under stress: no wakeup is lost when many sleepers and
 * wakers race, with the interleaving varied by the ktest seed.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/wait.h"

#define TOKENS_PER_WAKER	300

struct pool {
	struct wait_queue_head wq;
	long tokens;			/* [a] produced, not yet consumed */
	long consumed;			/* [a] */
	long target;			/* [I] total to consume */
	u64 seed;			/* [I] */
	struct completion done;
};

static bool take_token(struct pool *p)
{
	long v = __atomic_load_n(&p->tokens, __ATOMIC_ACQUIRE);

	while (v > 0)
		if (__atomic_compare_exchange_n(&p->tokens, &v, v - 1, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return true;
	return false;
}

static bool all_consumed(struct pool *p)
{
	return __atomic_load_n(&p->consumed, __ATOMIC_ACQUIRE) >= p->target;
}

static int sleeper_fn(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		wait_event(p->wq, all_consumed(p) ||
					  __atomic_load_n(&p->tokens,
							  __ATOMIC_ACQUIRE) > 0);
		if (take_token(p) &&
		    __atomic_add_fetch(&p->consumed, 1, __ATOMIC_ACQ_REL) >=
			    p->target)
			wake_up_all(&p->wq);
		if (all_consumed(p))
			break;
	}
	complete(&p->done);
	return 0;
}

static int waker_fn(void *arg)
{
	struct pool *p = arg;
	struct prng rng;

	prng_seed(&rng, p->seed ^ (u64)current->pid);
	for (int i = 0; i < TOKENS_PER_WAKER; i++) {
		__atomic_add_fetch(&p->tokens, 1, __ATOMIC_ACQ_REL);
		if (prng_below(&rng, 4) == 0)
			wake_up_all(&p->wq);
		else
			wake_up(&p->wq);
		if (prng_below(&rng, 3) == 0)
			yield();
	}
	complete(&p->done);
	return 0;
}

/*
 * 2*CPUs+1 sleepers wait for tokens that 2*CPUs+1 wakers hand out one at
 * a time, each followed by wake_up() (or, at random, wake_up_all()); the
 * random choices and yields come from the ktest seed. A lost wakeup would
 * leave a token unconsumed and a sleeper asleep forever (a hang).
 * Expected: every token consumed exactly once, every thread finishes.
 */
static void wait_no_lost_wakeups(struct ktest *t)
{
	unsigned long base = task_count();
	unsigned int n = 2 * sched_nr_cpus() + 1;
	struct pool p;

	init_waitqueue_head(&p.wq);
	p.tokens = 0;
	p.consumed = 0;
	p.target = (long)n * TOKENS_PER_WAKER;
	p.seed = prng_next(&t->rng);
	init_completion(&p.done);
	for (unsigned int i = 0; i < n; i++) {
		KTEST_ASSERT_NOT_NULL(t, kthread_run(sleeper_fn, &p, "sl-%u", i));
		KTEST_ASSERT_NOT_NULL(t, kthread_run(waker_fn, &p, "wk-%u", i));
	}
	for (unsigned int i = 0; i < 2 * n; i++)
		wait_for_completion(&p.done);
	KTEST_EXPECT_EQ(t, p.consumed, p.target);
	KTEST_EXPECT_EQ(t, p.tokens, 0);
	task_wait_count(base);
}

KTEST_SUITE(wait, KTEST_CASE(wait_no_lost_wakeups));
