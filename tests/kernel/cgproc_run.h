/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helper: run one group of user/cgproctest's self-checks
 * (kill, clone or freeze), which Linux passes too, and expect each of
 * them to pass. The program's own waits are bounded (10 s each); the
 * deadline here is past the sum of a group's waits, so a failing check
 * is reported by the program, which then cleans its groups up.
 */
#ifndef TESTS_KERNEL_CGPROC_RUN_H
#define TESTS_KERNEL_CGPROC_RUN_H

#include "tests/kernel/user_run.h"

#define CGPROC_RUN_MS	(8 * KTEST_WAIT_MS)

static inline void cgproc_run_checks(struct ktest *t, struct user_run *u,
				     const char *which, u64 min_checks)
{
	u64 checks = 0, failed = ~0ULL;

	if (user_run(t, u, CGPROC_RUN_MS, "/bin/cgproctest", "--check",
		     which, NULL))
		return;
	KTEST_EXPECT(t, user_exited(u, 0));
	KTEST_EXPECT(t, user_field(u->out, "cgproctest: result", "checks=",
				   &checks));
	KTEST_EXPECT(t, user_field(u->out, "cgproctest: result", "failed=",
				   &failed));
	KTEST_EXPECT_GT(t, checks, min_checks);
	KTEST_EXPECT_EQ(t, failed, 0);
}

#endif
