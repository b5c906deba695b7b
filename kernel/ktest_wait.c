// SPDX-License-Identifier: MIT
/*
 * ktest's bounded waits (kernel/ktest.h): what a test uses whenever it
 * waits for another thread. Each one ends at a deadline and then fails
 * the case with what it waited for, so a regression costs one failed case
 * rather than a hung boot. Kernel only: the waits yield or sleep.
 */
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/timer.h"

/**
 * ktest_wait_bound - how long a wait of @t may take.
 * @t: the case
 * @timeout_ms: the bound the test asked for
 *
 * Context: any.
 * Return: @timeout_ms; KTEST_WAIT_AFTER_TIMEOUT_MS at most once a wait of
 * @t ran out (the case has failed; what follows is cleanup).
 */
unsigned int ktest_wait_bound(const struct ktest *t, unsigned int timeout_ms)
{
	if (t->wait_timed_out)
		return MIN(timeout_ms, KTEST_WAIT_AFTER_TIMEOUT_MS);
	return timeout_ms;
}

/**
 * ktest_wait_deadline - the ktime_get_ns() at which a wait gives up.
 * @timeout_ms: the wait's bound
 *
 * Context: any.
 * Return: now plus @timeout_ms, in nanoseconds.
 */
u64 ktest_wait_deadline(unsigned int timeout_ms)
{
	return ktime_get_ns() + timeout_ms * NSEC_PER_MSEC;
}

/**
 * ktest_wait_pause - let others run between two checks of a condition.
 * @deadline_ns: from ktest_wait_deadline()
 *
 * A yield, not a sleep: the threads a test waits for are often on this
 * CPU, and a yield runs them at once.
 *
 * Context: process context, may schedule.
 * Return: false once @deadline_ns has passed (check one last time, no
 * pause), true after a pause.
 */
bool ktest_wait_pause(u64 deadline_ns)
{
	if (ktime_get_ns() >= deadline_ns)
		return false;
	yield();
	return true;
}

/**
 * ktest_wait_timed_out - fail @t for a wait that ran out.
 * @t: the case
 * @file: where it waited
 * @line: where it waited
 * @what: the condition, as written in the test
 * @timeout_ms: the bound that passed
 *
 * Context: any.
 */
void ktest_wait_timed_out(struct ktest *t, const char *file, int line,
			  const char *what, unsigned int timeout_ms)
{
	t->wait_timed_out = true;
	ktest_fail_at(t, file, line, "timed out after %u ms waiting for %s",
		      timeout_ms, what);
}

/**
 * ktest_wait_tasks_at - ktest_wait_tasks(): wait until the threads a test
 * created are freed.
 * @t: the case
 * @file: where it waited
 * @line: where it waited
 * @n: task_count() before the test created its threads
 * @timeout_ms: the bound
 *
 * Context: process context, may sleep.
 * Return: true when at most @n tasks are left; false (the case failed,
 * with the number still alive) when @timeout_ms ran out first.
 */
bool ktest_wait_tasks_at(struct ktest *t, const char *file, int line,
			 unsigned long n, unsigned int timeout_ms)
{
	timeout_ms = ktest_wait_bound(t, timeout_ms);
	if (task_wait_count(n, timeout_ms))
		return true;
	t->wait_timed_out = true;
	ktest_fail_at(t, file, line,
		      "timed out after %u ms waiting for task_count() <= %lu: %lu alive",
		      timeout_ms, n, task_count());
	return false;
}

/**
 * ktest_wait_completion_at - ktest_wait_completion(): a bounded
 * wait_for_completion().
 * @t: the case
 * @file: where it waited
 * @line: where it waited
 * @x: the completion
 * @what: its expression in the test
 * @timeout_ms: the bound
 *
 * Context: process context, may sleep.
 * Return: true when @x was completed (one completion consumed); false,
 * with the case failed, when @timeout_ms ran out first.
 */
bool ktest_wait_completion_at(struct ktest *t, const char *file, int line,
			      struct completion *x, const char *what,
			      unsigned int timeout_ms)
{
	timeout_ms = ktest_wait_bound(t, timeout_ms);
	if (wait_for_completion_timeout(x, (long)msecs_to_jiffies(timeout_ms)))
		return true;
	t->wait_timed_out = true;
	ktest_fail_at(t, file, line,
		      "timed out after %u ms waiting for complete(%s)",
		      timeout_ms, what);
	return false;
}
