// SPDX-License-Identifier: MIT
/*
 * The pids controller (kernel/cgroup_pids.c, fs/cgroupfs_pids.c): its
 * files and their errnos, and fork bombs (user/forkbomb) held by a
 * group's pids.max and by RLIMIT_NPROC: the kernel survives, the bomb
 * never gets past its limit, and once the test kills every process of
 * the bomb's group and reaps them the counts are back to zero.
 *
 *   root
 *    └─ pids_t          pids.max 8
 *        └─ in          the bomb (pids.max "max": the parent's cap holds)
 *    └─ nproc_t         the RLIMIT_NPROC bomb (no cap)
 */
#include "fs/cgroupfs.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_pids.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define T		CGROUPFS_MOUNT "/pids_t"
#define BOMB_MAX	8
#define BOMB_NPROC	6
#define MAX_BOMB_PIDS	256

static struct user_run run;

struct pids_write {
	const char *input;
	long result;		/* 0: the whole write is taken */
	const char *after;	/* pids.max then */
};

/* Linux 6.1's pids_max_write() answers (kstrtoll() base 0). */
static const struct pids_write pids_writes[] = {
	{ "-1", -EINVAL, "max\n" },
	{ "abc", -EINVAL, "max\n" },
	{ "", -EINVAL, "max\n" },
	{ "4194305", -EINVAL, "max\n" },
	{ "99999999999999999999", -ERANGE, "max\n" },
	{ "12 3", -EINVAL, "max\n" },
	{ "0x10", 0, "16\n" },
	{ " 5\n", 0, "5\n" },
	{ "0", 0, "0\n" },
	{ "4194304", 0, "4194304\n" },
	{ "max\n", 0, "max\n" },
};

/*
 * pids.max takes "max" or 0 .. 4194304 as Linux does, and a bad value
 * changes nothing; pids.current and pids.events start at 0; the root
 * has none of the files. Fails if a value is parsed unlike Linux.
 */
static void pids_files(struct ktest *t)
{
	char buf[64];

	KTEST_EXPECT_EQ(t, ft_slurp(CGROUPFS_MOUNT "/pids.max", buf,
				    sizeof(buf)), -ENOENT);
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), T, 0755), 0);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/pids.current", buf, sizeof(buf)), 2);
	KTEST_EXPECT_STREQ(t, buf, "0\n");
	KTEST_EXPECT_EQ(t, ft_slurp(T "/pids.events", buf, sizeof(buf)), 6);
	KTEST_EXPECT_STREQ(t, buf, "max 0\n");
	for (size_t i = 0; i < ARRAY_SIZE(pids_writes); i++) {
		const struct pids_write *w = &pids_writes[i];
		long want = w->result ? w->result : (long)strlen(w->input);

		KTEST_EXPECT_EQ(t, ft_put(T "/pids.max", w->input), want);
		ft_slurp(T "/pids.max", buf, sizeof(buf));
		KTEST_EXPECT_STREQ(t, buf, w->after);
	}
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), 0);
}

/* The pids of @cg's processes (@alive: with a thread left) into @pids. */
static int bomb_pids(struct cgroup *cg, bool alive, int *pids)
{
	struct process *p;
	int n = 0;

	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		if (p->cgroup == cg && (!alive || p->nr_threads) &&
		    n < MAX_BOMB_PIDS)
			pids[n++] = p->tgid;
		spin_unlock(&p->lock);
	}
	process_list_unlock();
	return n;
}

/* SIGKILL every live process of @cg. Return: how many there were. */
static int bomb_kill_round(struct cgroup *cg)
{
	static int pids[MAX_BOMB_PIDS];
	int n = bomb_pids(cg, true, pids);

	for (int i = 0; i < n; i++)
		process_kill_pid(pids[i], SIGKILL);
	return n;
}

/* Kill the bomb in @cg (no cgroup.kill: walk its processes), reap every
 * orphan of it, then its first process (user_wait()). */
static void bomb_end(struct ktest *t, struct cgroup *cg)
{
	static int pids[MAX_BOMB_PIDS];
	int n, status;

	ktest_wait_until(t, bomb_kill_round(cg) == 0, KTEST_WAIT_MS);
	while ((n = bomb_pids(cg, false, pids)) > 1) {
		for (int i = 0; i < n; i++)
			if (pids[i] != run.pid)
				process_wait_timeout(pids[i], &status,
						     (long)msecs_to_jiffies(
							     KTEST_WAIT_MS));
		if (!KTEST_EXPECT(t, bomb_pids(cg, false, pids) < n))
			break;	/* none reaped: give up, do not spin */
	}
	user_wait(t, &run, KTEST_WAIT_MS);
	KTEST_EXPECT(t, run.status == wait_status_signaled(SIGKILL));
}

/* Start a bomb from inside @cg (the kernel thread moves in and out). */
static bool bomb_start(struct ktest *t, struct cgroup *cg, const char *nproc)
{
	const char *argv[] = { "/bin/forkbomb", nproc ? "--nproc" : NULL,
			       nproc, NULL };
	int r;

	if (!KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0))
		return false;
	r = user_start(t, &run, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return !r;
}

/*
 * A fork bomb in pids_t/in with pids_t's pids.max at 8: every fork past
 * 8 fails with EAGAIN, the count stays at the cap on both levels, the
 * refusals are counted on the group the bomb forks in (Linux 6.1's
 * pids.events), and after the kill every count is back at 0 and both
 * groups can be removed. Fails if the cap is not hierarchical, if racing
 * forks overshoot it, or if an exit does not give its pid back.
 */
static void pids_fork_bomb_max(struct ktest *t)
{
	struct cgroup *top, *in;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "pids_t", &top), 0);
	KTEST_ASSERT_EQ(t, cgroup_create(top, "in", &in), 0);
	KTEST_EXPECT_EQ(t, cgroup_pids_set_max(top, BOMB_MAX), 0);
	if (bomb_start(t, in, NULL)) {
		KTEST_EXPECT(t, user_wait_line(&run, "forkbomb: refused",
					       KTEST_WAIT_MS));
		KTEST_EXPECT_STREQ(t, user_line(run.out, "forkbomb: refused"),
				   "forkbomb: refused errno=11\n");
		KTEST_EXPECT_EQ(t, cgroup_pids_current(in), BOMB_MAX);
		KTEST_EXPECT_EQ(t, cgroup_pids_current(top), BOMB_MAX);
		KTEST_EXPECT(t, cgroup_pids_events_max(in) > 0);
		KTEST_EXPECT_EQ(t, cgroup_pids_events_max(top), 0);
		bomb_end(t, in);
	}
	KTEST_EXPECT_EQ(t, cgroup_pids_current(in), 0);
	KTEST_EXPECT_EQ(t, cgroup_pids_current(top), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(in), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(top), 0);
	cgroup_put(in);
	cgroup_put(top);
}

/*
 * A fork bomb as a non-root user with RLIMIT_NPROC 6, in a group without
 * a cap: forks past 6 threads of the user fail with EAGAIN, and the
 * group counts exactly those 6. Fails if RLIMIT_NPROC stops acting or
 * pids.current drifts from the threads alive.
 */
static void pids_fork_bomb_nproc(struct ktest *t)
{
	struct cgroup *cg;
	char nproc[8];

	snprintf(nproc, sizeof(nproc), "%d", BOMB_NPROC);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "nproc_t", &cg), 0);
	if (bomb_start(t, cg, nproc)) {
		KTEST_EXPECT(t, user_wait_line(&run, "forkbomb: refused",
					       KTEST_WAIT_MS));
		KTEST_EXPECT_STREQ(t, user_line(run.out, "forkbomb: refused"),
				   "forkbomb: refused errno=11\n");
		KTEST_EXPECT_EQ(t, cgroup_pids_current(cg), BOMB_NPROC);
		KTEST_EXPECT_EQ(t, cgroup_pids_events_max(cg), 0);
		bomb_end(t, cg);
	}
	KTEST_EXPECT_EQ(t, cgroup_pids_current(cg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(cgroup_pids, KTEST_CASE(pids_files),
	    KTEST_CASE(pids_fork_bomb_max), KTEST_CASE(pids_fork_bomb_nproc));
