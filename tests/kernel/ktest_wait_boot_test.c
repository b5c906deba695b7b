// SPDX-License-Identifier: MIT
/*
 * ktest's bounded waits (kernel/ktest_wait.c). The "ktest_wait" suite
 * checks that a wait whose condition comes true returns true at once,
 * long before its bound, without failing the case. The explicit-only
 * "selftest_wait" suite waits for a condition that never comes true: its
 * case must fail (naming the condition) after the bound instead of
 * hanging the boot; the runner boots it and expects a failed run.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/time.h"

struct flag_setter {
	bool flag;			/* [a] */
	struct completion done;
};

static int flag_setter_fn(void *arg)
{
	struct flag_setter *f = arg;

	__atomic_store_n(&f->flag, true, __ATOMIC_RELEASE);
	complete(&f->done);
	return 0;
}

/*
 * A condition already true passes even with a zero bound; one that a
 * thread makes true is seen well within the 10 s bound (a thread starts
 * in microseconds; 5 s is already a broken wait). Expected: both waits
 * return true and the case passes.
 */
static void ktest_wait_until_returns_once_true(struct ktest *t)
{
	unsigned long base = task_count();
	struct flag_setter f = { .flag = false };
	u64 start;

	KTEST_EXPECT(t, ktest_wait_until(t, true, 0));
	init_completion(&f.done);
	start = ktime_get_ns();
	KTEST_ASSERT_NOT_NULL(t, kthread_run(flag_setter_fn, &f, "flag-set"));
	KTEST_EXPECT(t, ktest_wait_until(t, __atomic_load_n(&f.flag,
							    __ATOMIC_ACQUIRE),
					 KTEST_WAIT_MS));
	KTEST_EXPECT_LT_U(t, ktime_get_ns() - start,
			  KTEST_WAIT_MS / 2 * NSEC_PER_MSEC);
	KTEST_EXPECT(t, ktest_wait_completion(t, &f.done, KTEST_WAIT_MS));
	KTEST_EXPECT(t, ktest_wait_tasks(t, base, KTEST_WAIT_MS));
	KTEST_EXPECT(t, !t->wait_timed_out);
}

KTEST_SUITE(ktest_wait, KTEST_CASE(ktest_wait_until_returns_once_true));

static bool never_true(const volatile bool *flag)
{
	return *flag;
}

/*
 * Fails on purpose: a wait for a condition nothing makes true. Expected:
 * "not ok", with "timed out after 200 ms waiting for never_true(&flag)",
 * about 200 ms after the case started - not a hang. Only the wait itself
 * can fail this case: a wait that returned without failing it would let
 * the run pass, and the runner's expect-fail row catches that too.
 */
static void selftest_wait_never_true(struct ktest *t)
{
	volatile bool flag = false;

	ktest_wait_until(t, never_true(&flag), 200);
}

KTEST_SUITE(selftest_wait, KTEST_CASE(selftest_wait_never_true));
