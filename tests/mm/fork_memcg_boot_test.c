// SPDX-License-Identifier: MIT
/*
 * fork and copy-on-write against memory cgroups, through user/forktest:
 *
 *   256m_no_copy  a process with 256 MiB touched forks: its group's
 *                 memory.current (a group forktest makes) moves by the
 *                 page tables only, and so does MemFree (no page is
 *                 copied or charged at fork)
 *   moved_child   the child moves itself into another group before
 *                 writing: the copies are charged there (the faulting
 *                 mm's owner's group), not to the parent's
 *   limit         the child rewrites 384 pages its parent touched in a
 *                 group of 2 MiB (512 pages), under every design: the
 *                 copies hit the limit and the group's OOM path runs
 *                 (memory.events oom), as for any user fault; both
 *                 processes end and the group empties
 */
#include "mm/cow.h"
#include "mm/page_alloc.h"
#include "tests/mm/scenario.h"

#define BIG_MIB		256
#define BIG_FREE_MIB	400	/* free memory the 256 MiB case needs */
#define TABLES_MAX	(4L << 20)	/* what page tables may add, bytes */
#define BIG_WAIT_MS	120000	/* touching 256 MiB under TCG on a loaded
				 * host takes seconds to tens of seconds */

static struct user_run run;

/* Reap the child forktest named if its parent left it (parent killed). */
static void reap_orphan(struct ktest *t, const char *out)
{
	u64 pid = 0;
	int status;

	if (!user_field(out, "forktest: child", "pid=", &pid))
		return;
	process_kill_pid((int)pid, SIGKILL);	/* if still running */
	process_wait_timeout((int)pid, &status,
			     (long)msecs_to_jiffies(KTEST_WAIT_MS));
	(void)t;
}

/* Run forktest with @argv in a fresh group "forkg" (memory.max @max). */
static struct cgroup *run_in_group(struct ktest *t, const char *max,
				   const char *const *argv)
{
	struct cgroup *cg;

	if (cgroup_create(&cgroup_root, "forkg", &cg)) {
		KTEST_FAIL(t, "cgroup_create forkg");
		return NULL;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, max), 0);
	cgroup_attach_kthread(current, cg);
	if (!user_run_argv(t, &run, KTEST_WAIT_MS, argv))
		reap_orphan(t, run.out);
	cgroup_attach_kthread(current, &cgroup_root);
	return cg;
}

static void remove_group(struct ktest *t, struct cgroup *cg)
{
	if (!ktest_wait_until(t, (memcg_drain_all_stock(cg->memcg),
				  memcg_current(cg->memcg) == 0),
			      KTEST_WAIT_MS))
		KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

/*
 * fork of a 256 MiB process copies no page: memory.current and MemFree
 * move by less than TABLES_MAX (the child's page tables and the few
 * pages it writes before it waits). Fails if fork copies or charges the
 * pages (256 MiB). Needs BIG_FREE_MIB free: the "fork-256M" plan row
 * boots with 1 GiB; smaller machines skip it.
 */
static void fork_memcg_256m_no_copy(struct ktest *t)
{
	u64 cur0 = 0, cur1 = 0, free0 = 0, free1 = 0;

	if (nr_free_pages() < (BIG_FREE_MIB << 20) / PAGE_SIZE)
		KTEST_SKIP(t, "needs 400 MiB free (the fork-256M row)");
	if (user_run(t, &run, BIG_WAIT_MS, "/bin/forktest", "--nocopy-mib",
		     "256", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "forktest: nocopy",
				   "current_before=", &cur0));
	KTEST_EXPECT(t, user_field(run.out, "forktest: nocopy",
				   "current_after=", &cur1));
	KTEST_EXPECT(t, user_field(run.out, "forktest: nocopy",
				   "free_before=", &free0));
	KTEST_EXPECT(t, user_field(run.out, "forktest: nocopy",
				   "free_after=", &free1));
	printk("# fork_256m: current +%ld bytes, free -%ld bytes\n",
	       (long)(cur1 - cur0), (long)(free0 - free1));
	KTEST_EXPECT_GE(t, (long)cur0, (long)BIG_MIB << 20);
	KTEST_EXPECT_LT(t, (long)(cur1 - cur0), TABLES_MAX);
	KTEST_EXPECT_LT(t, (long)(free0 - free1), TABLES_MAX);
}

/*
 * The child moves into /sys/fs/cgroup/forkb, then rewrites 4 MiB its
 * parent touched: forkb's memory.current grows by at least 4 MiB, the
 * copies' charge. Fails if a copy is charged to the parent's group (or
 * to the page's old group).
 */
static void fork_memcg_moved_child(struct ktest *t)
{
	u64 before = 0, after = 0, status = 1, rmdir = 1;
	struct cgroup *cg = run_in_group(t, "max", (const char *const[]){
		"/bin/forktest", "--cow-pages", "1024", "--child-cgroup",
		"/sys/fs/cgroup/forkb", NULL });

	KTEST_ASSERT_NOT_NULL(t, cg);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "forktest: cow", "before=",
				   &before));
	KTEST_EXPECT(t, user_field(run.out, "forktest: cow", "after=",
				   &after));
	KTEST_EXPECT(t, user_field(run.out, "forktest: reaped", "status=",
				   &status));
	KTEST_EXPECT(t, user_field(run.out, "forktest: rmdir", "rmdir=",
				   &rmdir));
	KTEST_EXPECT_EQ(t, status, 0);
	KTEST_EXPECT_EQ(t, rmdir, 0);
	KTEST_EXPECT_GE(t, (long)(after - before), 4L << 20);
	remove_group(t, cg);
}

/* Is @pid a process that has not exited? */
static bool process_alive(int pid)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);

	if (p)
		process_put(p);
	return p;
}

/* One design's run of the limit case (see the top of the file). */
static void cow_at_limit(struct ktest *t, enum memcg_design d)
{
	struct scenario s;

	if (scenario_begin(t, &s, "cow_limit", d, "2M"))
		return;
	if (!scenario_start(t, &s, &run, (const char *const[]){
		    "/bin/forktest", "--cow-pages", "384", NULL })) {
		/* A killed orphan stays a zombie nobody else reaps, whose
		 * oom_mm keeps its mm and, through mm->owner, its task:
		 * the task count scenario_wait() waits for. */
		ktest_wait_until(t, !process_alive(run.pid), KTEST_WAIT_MS);
		reap_orphan(t, run.out);
		scenario_wait(t, &s, &run, "parent");
	}
	KTEST_EXPECT_GE(t, scenario_event(&s, MEMCG_OOM), 1);
	scenario_end(t, &s);
}

/*
 * Copy-on-write at the limit under every design: the copies are charged
 * through the charge path like any user fault, so the group's OOM path
 * runs (memory.events oom >= 1). Fails if the copy bypasses the charge.
 */
static void fork_memcg_limit(struct ktest *t)
{
	scenario_each_design(t, cow_at_limit);
}

KTEST_SUITE(fork_memcg,
	    KTEST_CASE(fork_memcg_256m_no_copy),
	    KTEST_CASE(fork_memcg_moved_child),
	    KTEST_CASE(fork_memcg_limit));
