// SPDX-License-Identifier: MIT
/*
 * The ktest runner's invariant check (kernel/ktest.c), on a private set
 * of invariants: a change in any of them fails the case, however many
 * there are (the runner once kept a 16-entry table and silently ignored
 * the rest). Runs in the kernel and on the host.
 */
#include "kernel/ktest.h"

#define MANY_INVARIANTS	40	/* well past any fixed table */

static u64 moving_value;

static u64 steady_read(void)
{
	return 7;
}

static u64 moving_read(void)
{
	return moving_value;
}

/*
 * MANY_INVARIANTS invariants, the last one of which moves between the
 * read and the check. Expected: an unchanged set leaves a scratch case
 * passing; the move of the last one fails it.
 */
static void ktest_invariants_checks_every_one(struct ktest *t)
{
	static struct ktest_invariant inv[MANY_INVARIANTS];
	static struct ktest_invariant *ptrs[MANY_INVARIANTS];
	struct ktest scratch = { .suite = t->suite, .name = "scratch" };

	for (int i = 0; i < MANY_INVARIANTS; i++) {
		inv[i] = (struct ktest_invariant){ .name = "steady",
						   .read = steady_read };
		ptrs[i] = &inv[i];
	}
	inv[MANY_INVARIANTS - 1].name = "moving (expected to change)";
	inv[MANY_INVARIANTS - 1].read = moving_read;

	moving_value = 1;
	ktest_invariants_read(ptrs, MANY_INVARIANTS);
	ktest_invariants_check(&scratch, ptrs, MANY_INVARIANTS);
	KTEST_EXPECT(t, !ktest_failed(&scratch));

	ktest_invariants_read(ptrs, MANY_INVARIANTS);
	moving_value = 2;
	ktest_invariants_check(&scratch, ptrs, MANY_INVARIANTS);
	KTEST_EXPECT(t, ktest_failed(&scratch));
}

KTEST_SUITE(ktest, KTEST_CASE(ktest_invariants_checks_every_one));
