// SPDX-License-Identifier: MIT
/*
 * cgroup.kill (kernel/cgroup_kill.c), driven from user space:
 *
 *   cgproctest --check kill Linux passes it too: cgroup.kill's errnos, a
 *                           spinning and a sleeping child of a group and
 *                           its child group die of SIGKILL
 *   cgk_bomb                a fork bomb that never stops forking (a tree
 *                           of 15: inner processes reap and fork again)
 *                           is killed whole by one write of "1": the
 *                           children forked while the kill walks the
 *                           processes die too, so the group empties
 *
 * Expected: the self-check reports no failure; the bomb's group is
 * unpopulated within the bound, every bomb process ended by SIGKILL is
 * reaped (orphans by the kernel, as init), and the group can be removed.
 */
#include "fs/cgroupfs.h"
#include "kernel/cgroup.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/cgproc_run.h"

#define BOMB		CGROUPFS_MOUNT "/cgk_bomb"
#define BOMB_MAX	64	/* orphans reaped per pass */

static struct user_run run;

static void cgroup_kill_selfcheck(struct ktest *t)
{
	cgproc_run_checks(t, &run, "kill", 10);
}

/* The bomb's processes other than @main still on the process list,
 * after reaping the orphans among them (the kernel is their init). */
static int reap_bomb_orphans(int main)
{
	int pids[BOMB_MAX], n = 0, left = 0, status;
	struct process *p;

	process_list_lock();
	for_each_process(p) {
		if (p->tgid == main || strcmp(p->name, "cgproctest"))
			continue;
		left++;
		if (!p->parent && n < BOMB_MAX)
			pids[n++] = p->tgid;
	}
	process_list_unlock();
	for (int i = 0; i < n; i++)
		process_wait_timeout(pids[i], &status, 1);
	return left;
}

static bool bomb_populated(struct cgroup *cg)
{
	return cgroup_populated(cg);
}

static void cgroup_kill_races_fork(struct ktest *t)
{
	static const char *const argv[] = { "/bin/cgproctest", "--forkbomb",
					    BOMB, NULL };
	struct cgroup *cg;

	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), BOMB, 0755), 0);
	cg = cgroup_lookup("/cgk_bomb");
	KTEST_ASSERT_NOT_NULL(t, cg);
	if (user_start(t, &run, argv))
		goto out_rmdir;
	KTEST_EXPECT(t, user_wait_line(&run, "cgproctest: forkbomb ready",
				       KTEST_WAIT_MS));
	KTEST_EXPECT_EQ(t, ft_put(BOMB "/cgroup.kill", "1"), 1);
	ktest_wait_until(t, !bomb_populated(cg), KTEST_WAIT_MS);
	if (bomb_populated(cg))		/* a survivor: do not hang the run */
		cgroup_kill(cg);
	user_wait(t, &run, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, run.status, wait_status_signaled(SIGKILL));
	ktest_wait_until(t, !reap_bomb_orphans(run.pid), KTEST_WAIT_MS);
out_rmdir:
	cgroup_put(cg);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), BOMB), 0);
}

KTEST_SUITE(cgroup_kill,
	    KTEST_CASE(cgroup_kill_selfcheck),
	    KTEST_CASE(cgroup_kill_races_fork));
