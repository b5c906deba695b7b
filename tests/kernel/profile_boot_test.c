// SPDX-License-Identifier: MIT
/*
 * kernel/profile.c: the tick's samples name the function a CPU is busy
 * in and the caller above it, and the folded output puts the outermost
 * frame first.
 *
 * A kernel thread "profspin" is bound to the last CPU and spins in
 * profile_test_spin(), called from profile_test_thread(). The case
 * samples until the profiler has PROFILE_TEST_PER_CPU samples per CPU,
 * then stops the thread. The thread does nothing but the loop, apart
 * from its first microseconds, so almost all of its samples must have
 * profile_test_spin as the leaf and profile_test_thread right above it.
 */
#include <arch/cpu.h>
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/profile.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "tests/kernel/log_capture.h"

#define PROFILE_TEST_PER_CPU	200	/* samples per CPU to wait for: ~0.2 s */
#define PROFILE_TEST_MIN	50	/* profspin samples to judge by */

static bool spin_stop;			/* [a] */

static __attribute__((noinline)) void profile_test_spin(void)
{
	while (!__atomic_load_n(&spin_stop, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
}

static __attribute__((noinline)) int profile_test_thread(void *arg)
{
	(void)arg;
	profile_test_spin();
	return 0;
}

struct spin_tally {
	u64 spinner;	/* samples of profspin */
	u64 in_spin;	/* ... whose leaf is profile_test_spin */
	u64 caller_ok;	/* ... with profile_test_thread right above */
};

static void tally(const struct profile_sample *s, void *arg)
{
	struct spin_tally *t = arg;

	if (strcmp(s->comm, "profspin") || s->user || !s->depth)
		return;
	t->spinner++;
	if (s->ip[0] != (u64)profile_test_spin)
		return;
	t->in_spin++;
	t->caller_ok += s->depth > 1 && s->ip[1] == (u64)profile_test_thread;
}

/* Start profspin, sample until PROFILE_TEST_PER_CPU samples per CPU
 * exist, stop
 * the thread and the profiler. Return: the samples are there to judge. */
static bool profile_spinner(struct ktest *t)
{
	unsigned long base = task_count();
	struct task *k;
	bool done;
	int r;

	/* pgdatinit (deferred struct page init, seconds at 8 GiB) would
	 * share the spinner's CPU and starve it of samples. */
	if (!ktest_wait_until(t, page_alloc_deferred_done(), KTEST_WAIT_MS))
		return false;
	r = profile_start();
	if (r == -EBUSY) {	/* profile= runs a session over this case */
		ktest_skip(t, "profile= holds the profiler");
		return false;
	}
	KTEST_EXPECT_EQ(t, r, 0);
	if (r)
		return false;
	__atomic_store_n(&spin_stop, false, __ATOMIC_RELAXED);
	k = kthread_create(profile_test_thread, NULL, "profspin");
	done = KTEST_EXPECT_NOT_NULL(t, k);
	if (done) {
		kthread_bind(k, sched_nr_cpus() - 1);
		wake_up_process(k);
		done = ktest_wait_until(t, profile_nr_samples() >=
						   PROFILE_TEST_PER_CPU *
							   sched_nr_cpus(),
					KTEST_WAIT_MS);
	}
	__atomic_store_n(&spin_stop, true, __ATOMIC_RELEASE);
	profile_stop();
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	return done;
}

/* The busy function is the leaf of >= 90% of its thread's samples, and
 * its caller sits right above it in >= 90%. */
static void profile_finds_busy_function(struct ktest *t)
{
	struct spin_tally tl = { 0 };

	if (!profile_spinner(t))
		goto out;
	profile_for_each(tally, &tl);
	ktest_log(t, "profspin: %llu samples, %llu in the spin, %llu under its caller",
		  (unsigned long long)tl.spinner,
		  (unsigned long long)tl.in_spin,
		  (unsigned long long)tl.caller_ok);
	KTEST_EXPECT_GE_U(t, tl.spinner, PROFILE_TEST_MIN);
	KTEST_EXPECT_GE_U(t, tl.in_spin * 10, tl.spinner * 9);
	KTEST_EXPECT_GE_U(t, tl.caller_ok * 10, tl.spinner * 9);
out:
	if (!t->skipped)
		profile_release();
}

/* The folded line for the spin names the caller, then the leaf, last. */
static void profile_folds_outermost_first(struct ktest *t)
{
	struct log_capture c;

	if (!profile_spinner(t))
		goto out;
	log_capture_begin(&c);
	profile_print("profile_test: ");
	log_capture_end(&c);
	KTEST_EXPECT(t, log_capture_contains(
				";profile_test_thread;profile_test_spin "));
out:
	if (!t->skipped)
		profile_release();
}

KTEST_SUITE(profile,
	    KTEST_CASE(profile_finds_busy_function),
	    KTEST_CASE(profile_folds_outermost_first));
