// SPDX-License-Identifier: MIT
/*
 * Deterministic mode replays (kernel/sched.h, "What a replay needs").
 * Worker threads bound to one CPU append their id to a trace at each of
 * their preemption points; the order of the ids is the interleaving the
 * scheduler chose. A conductor bound to the same CPU starts the window:
 * it waits until the case is asleep, calls sched_deterministic(seed, P)
 * and wakes the workers; the last worker to finish ends it. The case
 * restores the mode the boot had afterwards.
 *
 * The window is valid only if no other task ran on (or was queued for)
 * that CPU meanwhile - on one CPU, khungtaskd's periodic wakeup can land
 * in it. Each run checks that (every other task's switch count unchanged,
 * none queued there) and is repeated when it was disturbed; that is
 * outside interference being ruled out, not a retry of a failure.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "lib/string.h"

#define REPLAY_WORKERS	3
#define REPLAY_POINTS	100	/* per worker */
#define REPLAY_TRACE	(REPLAY_WORKERS * REPLAY_POINTS)
#define REPLAY_PERMILLE	150	/* ~45 preemptions in a window */
#define REPLAY_ATTEMPTS	8	/* runs until one is undisturbed */

struct replay {
	u64 seed;			/* [I] */
	unsigned int cpu;		/* [I] where the window runs */
	struct task *tester;		/* [I] the case's task */
	struct task *conductor;		/* [I] */
	struct task *workers[REPLAY_WORKERS];	/* [I] */
	unsigned int len;		/* [a] trace entries */
	u8 trace[REPLAY_TRACE];		/* worker ids, in execution order */
	int finished;			/* [a] workers done recording */
	u64 foreign_before;		/* other tasks' switches at the start */
	u64 foreign_after;		/* ... at the end, + those queued here */
	struct completion recorded;	/* last worker -> case */
	struct completion release;	/* case -> threads: exit now */
};

struct worker_arg {
	struct replay *r;
	u8 id;
};

static bool replay_owns(struct replay *r, struct task *p)
{
	if (p == r->tester || p == r->conductor)
		return true;
	for (unsigned int i = 0; i < REPLAY_WORKERS; i++)
		if (p == r->workers[i])
			return true;
	return false;
}

/*
 * What other tasks did: the sum of their switch counts, plus one for each
 * of them that is runnable on the window's CPU. It stays the same across
 * the window iff none of them ran anywhere or was queued to run there.
 */
static u64 foreign_activity(struct replay *r)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task *p;
	u64 sum = 0;

	list_for_each_entry(p, &task_list, tasks) {
		if (replay_owns(r, p))
			continue;
		sum += __atomic_load_n(&p->nvcsw, __ATOMIC_RELAXED) +
		       __atomic_load_n(&p->nivcsw, __ATOMIC_RELAXED);
		if (__atomic_load_n(&p->on_rq, __ATOMIC_RELAXED) &&
		    __atomic_load_n(&p->cpu, __ATOMIC_RELAXED) == r->cpu)
			sum += 1ULL << 32;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return sum;
}

static int worker_fn(void *arg)
{
	struct worker_arg *w = arg;
	struct replay *r = w->r;

	for (int i = 0; i < REPLAY_POINTS; i++) {
		unsigned int at = __atomic_fetch_add(&r->len, 1,
						     __ATOMIC_RELAXED);

		r->trace[at] = w->id;
		cond_resched();		/* the preemption point */
	}
	if (__atomic_add_fetch(&r->finished, 1, __ATOMIC_ACQ_REL) ==
	    REPLAY_WORKERS) {
		r->foreign_after = foreign_activity(r);
		complete(&r->recorded);
	}
	wait_for_completion(&r->release);
	return 0;
}

static int conductor_fn(void *arg)
{
	struct replay *r = arg;

	/* Start with the CPU to ourselves: the case may share it. */
	while (__atomic_load_n(&r->tester->on_rq, __ATOMIC_ACQUIRE))
		yield();
	r->foreign_before = foreign_activity(r);
	sched_deterministic(r->seed, REPLAY_PERMILLE);
	for (unsigned int i = 0; i < REPLAY_WORKERS; i++)
		wake_up_process(r->workers[i]);
	wait_for_completion(&r->release);
	return 0;
}

/*
 * One window with @seed on r->cpu. Return: true if it was undisturbed
 * (r->trace is then the interleaving the seed gives).
 */
static bool replay_once(struct ktest *t, struct replay *r, u64 seed)
{
	static struct worker_arg args[REPLAY_WORKERS];
	u64 saved_seed = sched_seed();
	unsigned int saved_permille = sched_perturb_permille();
	unsigned long base = task_count();

	r->seed = seed;
	r->tester = current;
	r->len = 0;
	r->finished = 0;
	memset(r->trace, 0xff, sizeof(r->trace));
	init_completion(&r->recorded);
	init_completion(&r->release);
	for (unsigned int i = 0; i < REPLAY_WORKERS; i++) {
		args[i].r = r;
		args[i].id = (u8)i;
		r->workers[i] = kthread_create(worker_fn, &args[i],
					       "replay-%u", i);
		BUG_ON(!r->workers[i]);
		kthread_bind(r->workers[i], r->cpu);
	}
	r->conductor = kthread_create(conductor_fn, r, "replay-cond");
	BUG_ON(!r->conductor);
	kthread_bind(r->conductor, r->cpu);
	wake_up_process(r->conductor);
	ktest_wait_completion(t, &r->recorded, KTEST_WAIT_MS);
	sched_deterministic(saved_seed, saved_permille);
	complete_all(&r->release);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	return r->foreign_after == r->foreign_before;
}

/* replay_once() until a window is undisturbed. Return: false if none was. */
static bool replay_run(struct ktest *t, struct replay *r, u64 seed)
{
	for (int i = 0; i < REPLAY_ATTEMPTS; i++) {
		if (replay_once(t, r, seed))
			return true;
		ktest_log(t, "seed %llu: another task ran in the window, again",
			  (unsigned long long)seed);
	}
	KTEST_FAIL(t, "seed %llu: no undisturbed window in %d runs",
		   (unsigned long long)seed, REPLAY_ATTEMPTS);
	return false;
}

static unsigned int trace_switches(const struct replay *r)
{
	unsigned int n = 0;

	for (unsigned int i = 1; i < REPLAY_TRACE; i++)
		n += r->trace[i] != r->trace[i - 1];
	return n;
}

/* The window's CPU: the last online one (CPU 0 on one CPU). */
static unsigned int replay_cpu(void)
{
	return 63 - (unsigned int)__builtin_clzll(sched_cpus_online());
}

static struct replay first, again;

/*
 * Two windows with the same seed, then windows with four other seeds.
 * Expected: the two same-seed traces are identical and complete (every
 * point recorded) and really interleave the workers (many switches, not
 * one worker after another); every other seed's trace differs from the
 * first. Afterwards the scheduler is back in the mode the boot chose.
 */
static void sched_replay_same_seed_same_trace(struct ktest *t)
{
	static const u64 others[] = { 2, 3, 1000003, 0x5eed5eed5eedULL };
	const u64 seed = 1;
	u64 boot_seed = sched_seed();
	unsigned int boot_permille = sched_perturb_permille();

	first.cpu = again.cpu = replay_cpu();
	KTEST_ASSERT(t, replay_run(t, &first, seed));
	KTEST_ASSERT(t, replay_run(t, &again, seed));
	KTEST_EXPECT_EQ(t, first.len, REPLAY_TRACE);
	KTEST_EXPECT_EQ(t, again.len, REPLAY_TRACE);
	KTEST_EXPECT_EQ(t, memcmp(first.trace, again.trace, REPLAY_TRACE), 0);
	KTEST_EXPECT_GE(t, trace_switches(&first), 10);
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		KTEST_ASSERT(t, replay_run(t, &again, others[i]));
		KTEST_EXPECT_EQ(t, again.len, REPLAY_TRACE);
		if (!KTEST_EXPECT_NE(t, memcmp(first.trace, again.trace,
					       REPLAY_TRACE), 0))
			ktest_log(t, "seed %llu replays seed %llu",
				  (unsigned long long)others[i],
				  (unsigned long long)seed);
	}
	KTEST_EXPECT_EQ_U(t, sched_seed(), boot_seed);
	KTEST_EXPECT_EQ(t, sched_perturb_permille(), boot_permille);
}

KTEST_SUITE(sched_replay, KTEST_CASE(sched_replay_same_seed_same_trace));
