// SPDX-License-Identifier: MIT
/*
 * kernel/sched.c's task_cpu_ns(): a task's on-CPU time, added up at each
 * switch out. A thread that sleeps after every STRETCH_MS of spinning
 * reaches CPU_TARGET_MS of it only if the stretches add up (a sum that
 * kept only the current stretch never would); a thread that sleeps the
 * whole time gathers next to none (a sum that counted wall time would).
 */
#include <arch/cpu.h>
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"

#define CPU_TARGET_MS	20
#define SLEEP_MS	200
#define STRETCH_MS	2

struct cpu_thread {
	struct completion done;
	u64 cpu_ns;
	bool stop;		/* [a] the case gave up waiting */
};

static int stretch_spinner(void *arg)
{
	struct cpu_thread *c = arg;

	while (task_cpu_ns(current) < CPU_TARGET_MS * 1000000ULL &&
	       !__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		u64 end = ktime_get_ns() + STRETCH_MS * 1000000ULL;

		while (ktime_get_ns() < end)
			arch_cpu_relax();
		msleep(1);
	}
	c->cpu_ns = task_cpu_ns(current);
	complete(&c->done);
	return 0;
}

static int sleeper(void *arg)
{
	struct cpu_thread *c = arg;

	msleep(SLEEP_MS);
	c->cpu_ns = task_cpu_ns(current);
	complete(&c->done);
	return 0;
}

static void run_thread(struct ktest *t, int (*fn)(void *),
		       struct cpu_thread *c)
{
	unsigned long base = task_count();

	init_completion(&c->done);
	if (!KTEST_EXPECT_NOT_NULL(t, kthread_run(fn, c, "cputime")))
		return;
	if (!ktest_wait_completion(t, &c->done, KTEST_WAIT_MS)) {
		__atomic_store_n(&c->stop, true, __ATOMIC_RELEASE);
		ktest_wait_completion(t, &c->done, KTEST_WAIT_MS);
	}
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

static void sched_cputime_adds_up_stretches(struct ktest *t)
{
	struct cpu_thread c = { 0 };

	run_thread(t, stretch_spinner, &c);
	KTEST_EXPECT_GE_U(t, c.cpu_ns, CPU_TARGET_MS * 1000000ULL);
}

static void sched_cputime_sleep_is_not_cpu(struct ktest *t)
{
	struct cpu_thread c = { 0 };

	run_thread(t, sleeper, &c);
	KTEST_EXPECT_LT_U(t, c.cpu_ns, SLEEP_MS * 1000000ULL / 4);
}

KTEST_SUITE(sched_cputime, KTEST_CASE(sched_cputime_adds_up_stretches),
	    KTEST_CASE(sched_cputime_sleep_is_not_cpu));
