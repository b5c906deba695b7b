// SPDX-License-Identifier: MIT
/*
 * syscall_regs() under preemption and migration: the frame it finds is
 * always the caller's own, at the top of the caller's kernel stack, even
 * when the caller is preempted and moved to another CPU while it looks.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define REGS_RUN_NS	(300 * NSEC_PER_MSEC)
#define REGS_BATCH	256

struct regs_run {
	u64 end_ns;			/* [I] */
	u64 seed;			/* [I] */
	unsigned long calls;		/* [a] */
	unsigned long wrong;		/* [a] frames of another task */
	struct completion done;
};

static int regs_looker_fn(void *arg)
{
	struct regs_run *r = arg;
	struct trap_frame *own =
		(struct trap_frame *)((u8 *)current->stack +
				      current->stack_size) - 1;
	unsigned long calls = 0, wrong = 0;
	struct prng rng;

	prng_seed(&rng, r->seed ^ (u64)current->pid);
	while (ktime_get_ns() < r->end_ns) {
		u64 burst_end = ktime_get_ns() +
				prng_below(&rng, 2 * NSEC_PER_MSEC);

		while (ktime_get_ns() < burst_end) {
			for (int i = 0; i < REGS_BATCH; i++)
				wrong += syscall_regs() != own;
			calls += REGS_BATCH;
		}
		/* Not synchronisation: CPUs that go idle meanwhile steal
		 * the others' preempted threads, which is the point. */
		schedule_timeout_uninterruptible(1);
	}
	__atomic_add_fetch(&r->calls, calls, __ATOMIC_RELAXED);
	__atomic_add_fetch(&r->wrong, wrong, __ATOMIC_RELAXED);
	complete(&r->done);
	return 0;
}

/*
 * 2*CPUs+1 threads call syscall_regs() back to back with preemption on,
 * in bursts of a random length (from the ktest seed) up to 2 ms with a
 * one-tick sleep between, for 0.3 s: more threads than CPUs, so the tick
 * preempts them, and CPUs that fall idle steal preempted ones. A lookup
 * that reads "this CPU" in two steps returns, after a move between the
 * steps, the frame of the task now running on the CPU it left. That
 * window is one instruction wide, so this is a guard more than a
 * reproducer: it did not catch the two-step read in the runs tried.
 * Expected: every call returns the caller's own frame.
 */
static void syscall_regs_own_frame_under_migration(struct ktest *t)
{
	unsigned long base = task_count();
	unsigned int n = 2 * sched_nr_cpus() + 1;
	struct regs_run r = { .end_ns = ktime_get_ns() + REGS_RUN_NS,
			      .seed = prng_next(&t->rng) };

	init_completion(&r.done);
	for (unsigned int i = 0; i < n; i++)
		KTEST_ASSERT_NOT_NULL(t, kthread_run(regs_looker_fn, &r,
						     "regs-%u", i));
	for (unsigned int i = 0; i < n; i++)
		ktest_wait_completion(t, &r.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_GT(t, r.calls, 0);
	KTEST_EXPECT_EQ(t, r.wrong, 0);
	ktest_log(t, "%lu calls on %u threads", r.calls, n);
}

KTEST_SUITE(syscall_regs, KTEST_CASE(syscall_regs_own_frame_under_migration));
