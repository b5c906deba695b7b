// SPDX-License-Identifier: MIT
/*
 * Thread limits: a clone past kernel.threads-per-process or past
 * kernel.threads-max fails with -EAGAIN, and the process goes on.
 * hog --threads 8 starts 8 faulting threads besides its main thread,
 * each touching 2 pages 20 ms apart, so all are alive when the last
 * clone comes:
 *
 *   threads-per-process 4  -> main + 3 threads, the 4th clone -EAGAIN
 *   threads-max 3 in all   -> main + 2 threads, the 3rd clone -EAGAIN
 *
 * hog then joins what it started and reports errors=1 EAGAIN (exit 1).
 * The defaults leave THREADS_KERNEL_RESERVE stacks to kernel threads.
 * Each case sets a limit and restores it; nothing else runs processes
 * meanwhile (boot tests run one at a time).
 */
#include "kernel/kstack.h"
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void expect_one_eagain(struct ktest *t)
{
	u64 errors = 0;

	KTEST_EXPECT(t, user_exited(&run, 1));
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "errors=",
				   &errors));
	KTEST_EXPECT_EQ_U(t, errors, 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(run.out, "error_names=EAGAIN"));
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

static void run_hog_with(struct ktest *t, u64 *limit, u64 value)
{
	u64 saved = *limit;

	*limit = value;
	user_run(t, &run, 10000, "/bin/hog", "--pages", "16", "--threads",
		 "8", "--delay-us", "20000", NULL);
	*limit = saved;
	expect_one_eagain(t);
}

static void process_threads_defaults(struct ktest *t)
{
	KTEST_EXPECT_EQ_U(t, process_max_threads, KSTACK_SLOTS / 2);
	KTEST_EXPECT_LT_U(t, process_threads_max, KSTACK_SLOTS);
}

static void process_threads_per_process(struct ktest *t)
{
	run_hog_with(t, &process_max_threads, 4);
}

static void process_threads_max_in_all(struct ktest *t)
{
	run_hog_with(t, &process_threads_max, 3);
}

KTEST_SUITE(process_limits,
	    KTEST_CASE(process_threads_defaults),
	    KTEST_CASE(process_threads_per_process),
	    KTEST_CASE(process_threads_max_in_all));
