// SPDX-License-Identifier: MIT
/*
 * Wait queues under stress: no wakeup is lost when sleepers and wakers
 * race for a while, with the interleaving varied by the ktest seed. Every
 * wait is bounded and checked, so a single lost wakeup fails the case (it
 * does not merely slow it down). Each sleeper/waker pair has a queue of
 * its own: on a shared queue another pair's wake_up_all() would wake a
 * sleeper whose own wakeup was lost, and hide the loss.
 *
 *   wait            the handshake for WAIT_RUN_MS (part of every run), and
 *                   a kill ending an interruptible sleep
 *   stress_wait     the same for STRESS_WAIT_RUN_MS (explicit-only:
 *                   ktest.filter=stress_wait)
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "lib/errno.h"

#define WAIT_RUN_MS		300
#define STRESS_WAIT_RUN_MS	5000
/* A wait this long is a lost wakeup: a handshake takes microseconds, a
 * few time slices on a crowded CPU. */
#define WAIT_LOST_MS		1000

struct handshake;

/* One sleeper/waker pair and the queue only they sleep on. */
struct pair {
	struct handshake *h;		/* [I] */
	struct wait_queue_head wq;
	int token;			/* [a] 1: produced, not yet consumed */
	bool stop;			/* [a] the waker is done producing */
	long rounds;			/* [a] tokens consumed */
	u64 seed;			/* [I] */
};

struct handshake {
	u64 end_ns;			/* [I] when wakers stop producing */
	long lost;			/* [a] waits that ran out */
	const char *lost_where;		/* [a] the first one's side */
	struct completion done;
};

static void record_lost(struct handshake *h, const char *where)
{
	const char *none = NULL;

	__atomic_add_fetch(&h->lost, 1, __ATOMIC_RELAXED);
	__atomic_compare_exchange_n(&h->lost_where, &none, where, false,
				    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/*
 * wait_event_timeout() on @cond, failing the run if the wait ran out:
 * with @cond false (nobody woke us), or true only at the deadline (the
 * wakeup came and was lost, the recheck at the timeout found it).
 * Return: false if lost.
 */
#define handshake_wait(p, cond, where)					\
	({								\
		u64 __t0 = ktime_get_ns();				\
		long __r = wait_event_timeout((p)->wq, cond,		\
				(long)msecs_to_jiffies(WAIT_LOST_MS));	\
		bool __ok = __r && ktime_get_ns() - __t0 <		\
				WAIT_LOST_MS * NSEC_PER_MSEC;		\
		if (!__ok)						\
			record_lost((p)->h, where);			\
		__ok;							\
	})

static bool stopped(struct pair *p)
{
	return __atomic_load_n(&p->stop, __ATOMIC_ACQUIRE);
}

static int token_of(struct pair *p)
{
	return __atomic_load_n(&p->token, __ATOMIC_ACQUIRE);
}

/* Consume each token, then wake the waker waiting for that. */
static int hs_sleeper_fn(void *arg)
{
	struct pair *p = arg;
	struct handshake *h = p->h;
	struct prng rng;

	prng_seed(&rng, p->seed ^ 0x5eed);
	for (;;) {
		if (!handshake_wait(p, token_of(p) || stopped(p), "sleeper"))
			break;
		if (!token_of(p))
			break;			/* stopped, nothing left */
		if (prng_below(&rng, 4) == 0)
			yield();
		__atomic_store_n(&p->token, 0, __ATOMIC_RELEASE);
		__atomic_add_fetch(&p->rounds, 1, __ATOMIC_RELAXED);
		if (prng_below(&rng, 2))
			wake_up(&p->wq);
		else
			wake_up_all(&p->wq);
	}
	complete(&h->done);
	return 0;
}

/* Produce a token, wake, wait until it is consumed; until the end. */
static int hs_waker_fn(void *arg)
{
	struct pair *p = arg;
	struct handshake *h = p->h;
	struct prng rng;

	prng_seed(&rng, p->seed);
	while (ktime_get_ns() < h->end_ns &&
	       !__atomic_load_n(&h->lost, __ATOMIC_RELAXED)) {
		__atomic_store_n(&p->token, 1, __ATOMIC_RELEASE);
		if (prng_below(&rng, 4) == 0)
			wake_up_all(&p->wq);
		else
			wake_up(&p->wq);
		if (prng_below(&rng, 3) == 0)
			yield();
		if (!handshake_wait(p, !token_of(p), "waker"))
			break;
	}
	__atomic_store_n(&p->stop, true, __ATOMIC_RELEASE);
	wake_up_all(&p->wq);
	complete(&h->done);
	return 0;
}

/*
 * @n sleeper/waker pairs, each on its own wait queue, for @run_ms. Each
 * waker hands its sleeper one token at a time and waits for it to be
 * consumed before the next; both sides sleep in wait_event_timeout() and
 * wake with wake_up() or wake_up_all() at random; yields are random too
 * (all from the ktest seed). Expected: no wait runs out (one lost wakeup
 * would: it fails the case and ends the round), every thread finishes,
 * and every token produced was consumed.
 */
static void handshake_round(struct ktest *t, unsigned int n,
			    unsigned int run_ms)
{
	unsigned long base = task_count();
	static struct pair pairs[2 * 64 + 1];
	struct handshake h = { .lost = 0, .lost_where = NULL };
	unsigned int started = 0;
	long rounds = 0;

	KTEST_ASSERT_LE(t, n, ARRAY_SIZE(pairs));
	init_completion(&h.done);
	h.end_ns = ktime_get_ns() + run_ms * NSEC_PER_MSEC;
	for (unsigned int i = 0; i < n; i++) {
		pairs[i] = (struct pair){ .h = &h,
					  .seed = prng_next(&t->rng) };
		init_waitqueue_head(&pairs[i].wq);
	}
	for (unsigned int i = 0; i < n; i++) {
		KTEST_ASSERT_NOT_NULL(t, kthread_run(hs_sleeper_fn, &pairs[i],
						     "hs-sl-%u", i));
		KTEST_ASSERT_NOT_NULL(t, kthread_run(hs_waker_fn, &pairs[i],
						     "hs-wk-%u", i));
		started += 2;
	}
	for (unsigned int i = 0; i < started; i++)
		ktest_wait_completion(t, &h.done, run_ms + KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	for (unsigned int i = 0; i < n; i++) {
		rounds += pairs[i].rounds;
		KTEST_EXPECT_EQ(t, pairs[i].token, 0);
	}
	if (!KTEST_EXPECT_EQ(t, h.lost, 0))
		ktest_log(t, "first lost wakeup: a %s waited %u ms",
			  h.lost_where, WAIT_LOST_MS);
	KTEST_EXPECT_GT(t, rounds, 0);
	ktest_log(t, "%ld handshakes by %u pairs in %u ms", rounds, n, run_ms);
}

/*
 * Half the time one pair alone (nothing else on the CPUs to rescue a
 * lost wakeup by chance), half the time 2*CPUs+1 pairs at once (wakers
 * and sleepers on every CPU, each pair on its own queue).
 */
static void wait_handshake_run(struct ktest *t, unsigned int run_ms)
{
	handshake_round(t, 1, run_ms / 2);
	if (!ktest_failed(t))
		handshake_round(t, 2 * sched_nr_cpus() + 1, run_ms / 2);
}

static void wait_no_lost_wakeups(struct ktest *t)
{
	wait_handshake_run(t, WAIT_RUN_MS);
}

static void stress_wait_no_lost_wakeups(struct ktest *t)
{
	wait_handshake_run(t, STRESS_WAIT_RUN_MS);
}

struct interruptible_sleeper {
	struct wait_queue_head wq;	/* nobody wakes it but a kill */
	struct task *task;
	int result;			/* of wait_event_interruptible() */
	struct completion done;
};

static int interruptible_sleeper_fn(void *arg)
{
	struct interruptible_sleeper *s = arg;

	s->result = wait_event_interruptible(s->wq, false);
	complete(&s->done);
	return 0;
}

static bool asleep_in(struct task *k, unsigned int state)
{
	return __atomic_load_n(&k->state, __ATOMIC_ACQUIRE) == state &&
	       !__atomic_load_n(&k->on_cpu, __ATOMIC_ACQUIRE);
}

/*
 * A thread sleeps in wait_event_interruptible() (TASK_INTERRUPTIBLE) on a
 * condition that never comes true; the case kills it. Expected: the kill
 * wakes it and the wait returns -EINTR within KTEST_WAIT_MS. (A kill that
 * woke only killable sleepers would leave it asleep: the case then wakes
 * the queue itself so the thread can go.)
 */
static void wait_interruptible_ends_on_kill(struct ktest *t)
{
	unsigned long base = task_count();
	struct interruptible_sleeper s = { .result = 1 };

	init_waitqueue_head(&s.wq);
	init_completion(&s.done);
	s.task = kthread_create(interruptible_sleeper_fn, &s, "intr-sleeper");
	KTEST_ASSERT_NOT_NULL(t, s.task);
	task_get(s.task);
	wake_up_process(s.task);
	ktest_wait_until(t, asleep_in(s.task, TASK_INTERRUPTIBLE),
			 KTEST_WAIT_MS);
	task_kill(s.task);
	if (!ktest_wait_completion(t, &s.done, KTEST_WAIT_MS)) {
		wake_up_all(&s.wq);
		ktest_wait_completion(t, &s.done, KTEST_WAIT_MS);
	}
	task_put(s.task);
	KTEST_EXPECT_EQ(t, s.result, -EINTR);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

KTEST_SUITE(wait, KTEST_CASE(wait_no_lost_wakeups),
	    KTEST_CASE(wait_interruptible_ends_on_kill));
KTEST_SUITE(stress_wait, KTEST_CASE(stress_wait_no_lost_wakeups));
