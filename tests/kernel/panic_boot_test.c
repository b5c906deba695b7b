// SPDX-License-Identifier: MIT
/*
 * WARN_ON(): a true condition prints a "WARNING: CPU:" report, counts,
 * returns true and lets the caller continue; a false one does nothing.
 * (BUG_ON and panic end the machine: crash=bug and crash=panic cover
 * them.)
 */
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"

static void panic_warn_on_true_continues(struct ktest *t)
{
	unsigned int before = warn_count_read();
	volatile int one = 1;
	struct log_capture cap;
	char where[96];
	bool fired;
	int line;

	log_capture_begin(&cap);
	line = __LINE__ + 1;
	fired = WARN_ON(one == 1);
	log_capture_end(&cap);
	KTEST_EXPECT(t, fired);
	KTEST_EXPECT_EQ(t, warn_count_read(), before + 1);
	snprintf(where, sizeof(where), "WARNING: CPU: 0 at %s:%d: one == 1",
		 __FILE__, line);
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
