// SPDX-License-Identifier: MIT
/*
 * The hung-task detector and the soft-lockup watchdog catch what they are
 * built to catch. The "hung_task" suite runs them quietly (a KTAP "#"
 * line instead of the Linux report) and asserts their counters; the
 * explicit-only "selftest_lockup" suite lets them print the real Linux
 * lines, which the runner must flag: those cases fail on purpose once the
 * detector has fired, and pass (so the runner's self-test fails) if it
 * did not.
 */
#include <arch/cpu.h>
#include "kernel/completion.h"
#include "kernel/hung_task.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/watchdog.h"

static int block_fn(void *arg)
{
	wait_for_completion(arg);	/* TASK_UNINTERRUPTIBLE */
	return 0;
}

/* Block a thread uninterruptibly with a 100 ms limit; wait for a report. */
static bool hung_task_trigger(struct ktest *t, bool quiet)
{
	DECLARE_COMPLETION(unblock);
	unsigned long base;
	struct task *k;
	bool reported;

	hung_task_init();		/* khungtaskd stays: count it in */
	base = task_count();
	hung_task_set_quiet(quiet);
	k = kthread_run(block_fn, &unblock, "stuck-in-D");
	if (!k)
		return false;
	hung_task_set_timeout_ms(100);
	/* Its own report: an idle kernel thread's timed wait (lwIP's tcpip
	 * thread, the flusher) may pass 100 ms and be reported too. */
	ktest_wait_until(t, hung_task_reported(k), KTEST_WAIT_MS);
	reported = hung_task_reported(k);
	hung_task_set_timeout_ms(0);
	complete(&unblock);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	hung_task_set_quiet(false);
	return reported;
}

/*
 * A thread sleeps in TASK_UNINTERRUPTIBLE past a lowered 100 ms limit.
 * Expected: the detector reports it (counter up, that pid), quietly.
 */
static void hung_task_detects_blocked_thread(struct ktest *t)
{
	KTEST_EXPECT(t, hung_task_trigger(t, true));
}

struct spinner {
	u64 before;
	u64 give_up_ns;		/* a watchdog that never fires fails the case */
	struct completion done;
};

static int spin_fn(void *arg)
{
	struct spinner *s = arg;

	preempt_disable();
	while (watchdog_fired() == s->before && ktime_get_ns() < s->give_up_ns)
		arch_cpu_relax();
	preempt_enable();
	complete(&s->done);
	return 0;
}

/* Spin with preemption off on the last CPU until the watchdog fires. */
static bool soft_lockup_trigger(struct ktest *t, bool quiet)
{
	unsigned long base = task_count();
	u64 online = sched_cpus_online();
	struct spinner s = { .before = watchdog_fired(),
			     .give_up_ns = ktest_wait_deadline(KTEST_WAIT_MS) };
	struct task *k;

	init_completion(&s.done);
	watchdog_set_quiet(quiet);
	watchdog_set_thresh_ms(100);
	k = kthread_create(spin_fn, &s, "spinner");
	if (!k)
		return false;
	kthread_bind(k, 63 - (unsigned int)__builtin_clzll(online));
	wake_up_process(k);
	ktest_wait_completion(t, &s.done, 2 * KTEST_WAIT_MS);
	watchdog_set_thresh_ms(0);
	watchdog_set_quiet(false);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	return watchdog_fired() > s.before;
}

/*
 * A thread spins with preemption disabled, past a lowered 100 ms limit.
 * Expected: the soft-lockup watchdog fires (the spinner waits for it).
 */
static void soft_lockup_detects_spinning_cpu(struct ktest *t)
{
	KTEST_EXPECT(t, soft_lockup_trigger(t, true));
}

KTEST_SUITE(hung_task, KTEST_CASE(hung_task_detects_blocked_thread),
	    KTEST_CASE(soft_lockup_detects_spinning_cpu));

/*
 * Fails on purpose: the real "INFO: task ... blocked for more than"
 * report is printed and this case reports failure iff it was.
 */
static void selftest_hung_task_report(struct ktest *t)
{
	if (hung_task_trigger(t, false))
		KTEST_FAIL(t, "hung-task report printed on purpose");
}

/* Fails on purpose: the real "BUG: soft lockup" report is printed. */
static void selftest_soft_lockup_report(struct ktest *t)
{
	if (soft_lockup_trigger(t, false))
		KTEST_FAIL(t, "soft-lockup report printed on purpose");
}

KTEST_SUITE(selftest_lockup, KTEST_CASE(selftest_hung_task_report),
	    KTEST_CASE(selftest_soft_lockup_report));
