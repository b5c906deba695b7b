// SPDX-License-Identifier: MIT
/*
 * A suite that fails on purpose. ktest runs selftest_* suites only when
 * ktest.filter names them (ktest.filter=selftest_fail); the runner boots
 * with that filter to prove that a failing case fails the whole run
 * (QEMU exit status 35, "not ok" in the KTAP report).
 */
#include "kernel/ktest.h"

/* Expected outcome: "not ok 1 selftest_fail_always". */
static void selftest_fail_always(struct ktest *t)
{
	volatile int two = 2;

	KTEST_EXPECT_EQ(t, two + 2, 5);
}

KTEST_SUITE(selftest_fail,
	    KTEST_CASE(selftest_fail_always));
