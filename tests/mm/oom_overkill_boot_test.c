// SPDX-License-Identifier: MIT
/*
 * A second memcg OOM whose scan ran while the first victim's memory went
 * (mm/oom_kill.c's oom_room_appeared()), in design MOD under the default
 * reaper design (rpmod), the state the race leaves made by hand so that
 * it replays on any number of CPUs:
 *
 *   oomo (max 8M) ─┬─ v  hog, 600 pages, holding: marked and SIGKILLed as
 *                  │     the first OOM does; its exit uncharges its pages,
 *                  │     then sets MMF_OOM_SKIP; left a zombie
 *                  └─ c  hog, 600 pages, holding: what the second scan
 *                        chooses, v being MMF_OOM_SKIP
 *
 * The second charger checked the margin while v's pages were still
 * charged; its scan found v skippable and chose c. oom_kill_process()
 * gets c with 600 of 2048 pages used: it must kill nothing (no kill
 * counted, no oom_kill event, c lives and ends by itself), where the
 * over-kill seen in cgroup_freezer_oom_kills_frozen at -smp 1 killed
 * the charger.
 */
#include "fs/cgroupfs.h"
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "mm/oom_internal.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define OOMO_CG		CGROUPFS_MOUNT "/oomo"

static struct user_run victim, charger;

static int start_in(struct ktest *t, struct cgroup *cg, struct user_run *u,
		    const char *const *argv)
{
	int r;

	cgroup_attach_kthread(current, cg);
	r = user_start(t, u, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return r;
}

static bool start_holding(struct ktest *t, struct cgroup *cg,
			  struct user_run *u)
{
	if (start_in(t, cg, u, (const char *const[]){
			"/bin/hog", "--pages", "600", "--hold-ms", "60000",
			NULL }))
		return false;
	return KTEST_EXPECT(t, user_wait_line(u, "hog: holding",
					      KTEST_WAIT_MS));
}

static bool exited(struct process *p)
{
	return __atomic_load_n(&p->exited, __ATOMIC_ACQUIRE);
}

/* What the first OOM does to @p (oom_kill_one()), then wait for its
 * exit to end: its mm then has MMF_OOM_SKIP and its pages are gone. */
static bool kill_as_victim(struct ktest *t, struct process *p)
{
	struct mm *mm = oom_process_mm(p);

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return false;
	oom_lock_for_reaper();
	oom_mark_victim(p, mm);
	oom_unlock_for_reaper();
	process_kill(p, SIGKILL);
	ktest_wait_until(t, exited(p), KTEST_WAIT_MS);
	KTEST_EXPECT(t, mm_flag_test(mm, MMF_OOM_SKIP));
	mmdrop(mm);
	return exited(p);
}

/* The second OOM's kill, its scan having chosen @chosen. */
static void second_oom_kill(struct memcg *m, struct process *chosen)
{
	struct oom_control oc = {
		.memcg = m, .gfp = GFP_KERNEL, .order = 0,
		.design = memcg_get_design(),
		.totalpages = (unsigned long)page_counter_max(&m->memory),
		.chosen = chosen, .chosen_points = 600,
	};

	oom_lock_for_reaper();	/* oom_lock, as an invocation holds it */
	oom_kill_process(&oc, "Memory cgroup out of memory");
	oom_unlock_for_reaper();
}

static void oom_overkill_room_after_scan(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();
	struct process *v = NULL, *c = NULL;
	unsigned long kills0;
	struct cgroup *top;
	long oom_kill0;

	memcg_set_design(MEMCG_DESIGN_MOD);
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), OOMO_CG, 0755), 0);
	KTEST_EXPECT_EQ(t, ft_put(OOMO_CG "/memory.max", "8M"), 2);
	top = cgroup_lookup("/oomo");
	if (!KTEST_EXPECT_NOT_NULL(t, top) ||
	    !start_holding(t, top, &victim))
		goto out;
	if (!start_holding(t, top, &charger))
		goto out_victim;
	v = process_get_by_pid(victim.pid, PROCESS_ALIVE);
	c = process_get_by_pid(charger.pid, PROCESS_ALIVE);
	if (!KTEST_EXPECT(t, v && c) || !kill_as_victim(t, v))
		goto out_charger;
	kills0 = oom_kill_count();
	oom_kill0 = memcg_event_read(top->memcg, MEMCG_OOM_KILL, false);
	ktest_log(t, "second OOM with %ld of %ld pages used",
		  memcg_current(top->memcg),
		  (long)page_counter_max(&top->memcg->memory));
	second_oom_kill(top->memcg, c);
	KTEST_EXPECT_EQ_U(t, oom_kill_count(), kills0);
	KTEST_EXPECT_EQ(t, memcg_event_read(top->memcg, MEMCG_OOM_KILL, false),
			oom_kill0);
out_charger:
	/* Our references keep their dead threads: let them go first. */
	if (v)
		process_put(v);
	if (c)
		process_put(c);
	/* The charger is released by a kill of ours, after the check. */
	process_kill_pid(charger.pid, SIGTERM);
	/* Reaped first but not counted: the victim's user_wait() counts
	 * the tasks of both against what was there before them. */
	KTEST_EXPECT_EQ(t, process_wait_timeout(charger.pid, &charger.status,
			(long)msecs_to_jiffies(KTEST_WAIT_MS)), 0);
	KTEST_EXPECT_EQ(t, charger.status, wait_status_signaled(SIGTERM));
out_victim:
	process_kill_pid(victim.pid, SIGKILL);
	user_wait(t, &victim, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, victim.status, wait_status_signaled(SIGKILL));
	cgroup_put(top);
out:
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), OOMO_CG), 0);
	memcg_set_design(saved);
}

KTEST_SUITE(oom_overkill, KTEST_CASE(oom_overkill_room_after_scan));
