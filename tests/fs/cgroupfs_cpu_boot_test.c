// SPDX-License-Identifier: MIT
/*
 * The cpu controller's files (fs/cgroupfs_cpu.c, kernel/cgroup_cpu.c),
 * driven from user space by cgthreadtest --check cpu, which Linux passes
 * too: "+cpu" in the root's cgroup.subtree_control; in ct_cpu,
 * cpu.weight (100; 1 .. 10000, -ERANGE, -EINVAL), cpu.weight.nice (the
 * scheduler's weight of a nice value and back), cpu.max ("max 100000";
 * Linux's bounds, -EINVAL; a quota alone keeps the period), each failed
 * write changing nothing; cpu.stat's usage of a child that spins 200 ms
 * in ct_cpu/sub shows in both groups and stays in ct_cpu after sub is
 * removed.
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static void cgroupfs_cpu_files(struct ktest *t)
{
	static struct user_run u;
	u64 checks = 0, failed = ~0ULL;

	if (user_run(t, &u, 8 * KTEST_WAIT_MS, "/bin/cgthreadtest", "--check",
		     "cpu", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&u, 0));
	KTEST_EXPECT(t, user_field(u.out, "cgthreadtest: result", "checks=",
				   &checks));
	KTEST_EXPECT(t, user_field(u.out, "cgthreadtest: result", "failed=",
				   &failed));
	KTEST_EXPECT_GT(t, checks, 30);
	KTEST_EXPECT_EQ(t, failed, 0);
}

KTEST_SUITE(cgroupfs_cpu,
	KTEST_CASE(cgroupfs_cpu_files));
