// SPDX-License-Identifier: MIT
/*
 * The host harness has no timer tick to sample, so profile= does not
 * exist there: ktest's profiling hooks do nothing.
 */
#include "kernel/ktest.h"

void ktest_profile_begin(struct ktest *t)
{
	(void)t;
}

void ktest_profile_end(struct ktest *t)
{
	(void)t;
}
