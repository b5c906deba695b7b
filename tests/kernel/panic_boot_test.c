// SPDX-License-Identifier: MIT
/*
 * WARN_ON(): a true condition prints a "WARNING: CPU:" report, counts,
 * returns true and lets the caller continue; a false one does nothing.
 * (BUG_ON and panic end the machine: crash=bug and crash=panic cover
 * them.)
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"

struct warn_run {
	struct completion done;
	unsigned int cpu;		/* where it ran (it is bound there) */
	int pid;
	int line;			/* of the WARN_ON */
	bool fired;
};

static int warn_fn(void *arg)
{
	struct warn_run *w = arg;
	volatile int one = 1;

	w->cpu = smp_processor_id();
	w->pid = current->pid;
	w->line = __LINE__ + 1;
	w->fired = WARN_ON(one == 1);
	complete(&w->done);
	return 0;
}

/*
 * A thread bound to the last CPU hits WARN_ON(one == 1). Expected: it
 * returns true and the caller continues; the count goes up by one; the
 * report names the CPU and the thread as Linux's does:
 *   WARNING: CPU: <cpu> PID: <pid> at <file>:<line>: one == 1
 *   CPU: <cpu> PID: <pid> Comm: kt-warn
 * (on more than one CPU, "CPU: 0" is wrong: the thread is not there).
 */
static void panic_warn_on_true_continues(struct ktest *t)
{
	unsigned int before = warn_count_read();
	unsigned long base = task_count();
	struct warn_run w = { .fired = false };
	struct log_capture cap;
	char where[128];
	struct task *k;

	init_completion(&w.done);
	k = kthread_create(warn_fn, &w, "kt-warn");
	KTEST_ASSERT_NOT_NULL(t, k);
	kthread_bind(k, sched_nr_cpus() - 1);
	log_capture_begin(&cap);
	wake_up_process(k);
	ktest_wait_completion(t, &w.done, KTEST_WAIT_MS);
	log_capture_end(&cap);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT(t, w.fired);
	KTEST_EXPECT_EQ(t, w.cpu, sched_nr_cpus() - 1);
	KTEST_EXPECT_EQ(t, warn_count_read(), before + 1);
	snprintf(where, sizeof(where),
		 "WARNING: CPU: %u PID: %d at %s:%d: one == 1", w.cpu, w.pid,
		 __FILE__, w.line);
	KTEST_EXPECT(t, log_capture_contains(where));
	snprintf(where, sizeof(where), "CPU: %u PID: %d Comm: kt-warn", w.cpu,
		 w.pid);
	KTEST_EXPECT(t, log_capture_contains(where));
}

static void panic_warn_on_false_is_silent(struct ktest *t)
{
	unsigned int before = warn_count_read();
	volatile int zero = 0;

	KTEST_EXPECT(t, !WARN_ON(zero == 1));
	KTEST_EXPECT_EQ(t, warn_count_read(), before);
}

KTEST_SUITE(panic,
	    KTEST_CASE(panic_warn_on_true_continues),
	    KTEST_CASE(panic_warn_on_false_is_silent));
