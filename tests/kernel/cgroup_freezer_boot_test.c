// SPDX-License-Identifier: MIT
/*
 * cgroup.freeze (kernel/cgroup_freezer.c).
 *
 *   cgproctest --check freeze   Linux passes it too: cgroup.freeze's
 *                               errnos; a spinning child and one asleep
 *                               in a futex wait park (cgroup.events says
 *                               "frozen 1" in the group and its child,
 *                               the poll on it wakes, their counters stay
 *                               put), a group made under a frozen one is
 *                               frozen, the thaw lets both count again,
 *                               and a frozen task dies of SIGKILL
 *
 *   cgf_oom  memory.max 8M      a frozen hog of 1200 pages in cgf_oom/f,
 *   +-- f    frozen             a running hog of 1200 pages in cgf_oom/r:
 *   +-- r                       the second one's charge fails, the OOM
 *                               killer picks the frozen one (the larger),
 *                               which dies in its freezer trap; the other
 *                               finishes, and once both are reaped the
 *                               group's usage is back to 0
 */
#include "fs/cgroupfs.h"
#include "kernel/cgroup.h"
#include "mm/memcg.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/cgproc_run.h"

#define OOM_CG		CGROUPFS_MOUNT "/cgf_oom"

static struct user_run run, victim, charger;

static void cgroup_freezer_selfcheck(struct ktest *t)
{
	cgproc_run_checks(t, &run, "freeze", 20);
}

/* Start @argv in @cg (the test thread's group while it spawns). */
static int start_in(struct ktest *t, struct cgroup *cg, struct user_run *u,
		    const char *const *argv)
{
	int r;

	cgroup_attach_kthread(current, cg);
	r = user_start(t, u, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return r;
}

/* @m's usage once the charge stocks gave theirs back. */
static long drained_current(struct memcg *m)
{
	memcg_drain_all_stock(m);
	return memcg_current(m);
}

static void cgroup_freezer_oom_kills_frozen(struct ktest *t)
{
	struct cgroup *top = NULL, *f = NULL, *r = NULL;

	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), OOM_CG, 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), OOM_CG "/f", 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), OOM_CG "/r", 0755), 0);
	KTEST_EXPECT_EQ(t, ft_put(OOM_CG "/memory.max", "8M"), 2);
	top = cgroup_lookup("/cgf_oom");
	f = cgroup_lookup("/cgf_oom/f");
	r = cgroup_lookup("/cgf_oom/r");
	if (!KTEST_EXPECT(t, top && f && r))
		goto out;
	if (start_in(t, f, &victim, (const char *const[]){
			"/bin/hog", "--pages", "1200", "--hold-ms", "60000",
			NULL }))
		goto out;
	KTEST_EXPECT(t, user_wait_line(&victim, "hog: holding",
				       KTEST_WAIT_MS));
	cgroup_freeze(f, true);
	ktest_wait_until(t, cgroup_frozen(f), KTEST_WAIT_MS);
	if (!start_in(t, r, &charger, (const char *const[]){
			"/bin/hog", "--pages", "1200", NULL }))
		user_wait(t, &charger, KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&charger, 0));
	user_wait(t, &victim, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, victim.status, wait_status_signaled(SIGKILL));
	ktest_wait_until(t, drained_current(top->memcg) == 0, KTEST_WAIT_MS);
out:
	if (f)
		cgroup_freeze(f, false);
	cgroup_put(r);
	cgroup_put(f);
	cgroup_put(top);
	vfs_rmdir(vfs_root(), OOM_CG "/r");
	vfs_rmdir(vfs_root(), OOM_CG "/f");
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), OOM_CG), 0);
}

KTEST_SUITE(cgroup_freezer,
	    KTEST_CASE(cgroup_freezer_selfcheck),
	    KTEST_CASE(cgroup_freezer_oom_kills_frozen));
