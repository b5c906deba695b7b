// SPDX-License-Identifier: MIT
/*
 * The OOM killer on real processes, in every design. A group "oomk" of
 * 2 MiB (512 pages) holds a small bystander (hog, 32 pages, holding) and
 * then a hog touching 8 MiB:
 *
 *   oomk (max 2M) ─┬─ bystander  32 pages, sleeps
 *                  └─ hog        grows until the limit
 *
 * Expected: the hog (the biggest) dies of SIGKILL, exactly one kill
 * (oom_kill +1, oom >= 1), the "Killed process" line is logged in the
 * design's shape, the bystander lives; with the bystander at
 * oom_score_adj -1000 and the biggest, the hog still is the one to die.
 * Afterwards memory.current is 0.
 */
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "mm/memcg.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/oom.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

static struct user_run bystander, hog;

static void set_adj(int pid, int adj)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);

	if (!p)
		return;
	spin_lock(&p->lock);
	__atomic_store_n(&p->oom_score_adj, adj, __ATOMIC_RELAXED);
	spin_unlock(&p->lock);
	process_put(p);
}

/* Start a hog inside @cg with @args; 0 or the spawn error. */
static int start_in(struct ktest *t, struct cgroup *cg, struct user_run *u,
		    const char *const *argv)
{
	int r;

	cgroup_attach_kthread(current, cg);
	r = user_start(t, u, argv);
	cgroup_attach_kthread(current, &cgroup_root);
	return r;
}

static void one_kill(struct ktest *t, enum memcg_design d, bool shield,
		     const char *by_pages)
{
	struct cgroup *cg;
	long kill0, oom0;
	unsigned long kills0 = oom_kill_count();

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "oomk", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "2M"), 0);
	kill0 = memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false);
	oom0 = memcg_event_read(cg->memcg, MEMCG_OOM, false);
	if (start_in(t, cg, &bystander, (const char *const[]){
			     "/bin/hog", "--pages", by_pages, "--hold-ms",
			     "60000", NULL }))
		goto out;
	/* Every bystander page resident before the hog starts: a bystander
	 * still faulting while the victim exits would charge against a
	 * full group with no eligible task left (the -1000 case), which is
	 * scenario 11's race (V419RFC WARNs), not this test's. */
	KTEST_EXPECT(t, user_wait_line(&bystander, "hog: holding",
				       KTEST_WAIT_MS));
	if (shield)
		set_adj(bystander.pid, -1000);
	if (start_in(t, cg, &hog, (const char *const[]){
			     "/bin/hog", "--mib", "8", NULL }))
		goto out_bystander;
	user_wait(t, &hog, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, wait_status_sig(hog.status), SIGKILL);
	KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false)
			- kill0, 1);
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 1);
	KTEST_EXPECT_GT(t, memcg_event_read(cg->memcg, MEMCG_OOM, false) - oom0,
			0);
	KTEST_EXPECT(t, log_capture_contains("Killed process"));
	KTEST_EXPECT(t, log_capture_contains(
		d >= MEMCG_DESIGN_V419PLUS ? "Memory cgroup out of memory: "
					     "Killed process"
					   : "or sacrifice child"));
	KTEST_EXPECT_EQ(t, process_kill_pid(bystander.pid, 0), 0);
out_bystander:
	process_kill_pid(bystander.pid, SIGKILL);
	user_wait(t, &bystander, KTEST_WAIT_MS);
out:
	memcg_drain_all_stock(cg->memcg);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void each_design(struct ktest *t, bool shield, const char *pages)
{
	enum memcg_design saved = memcg_get_design();

	for (int d = 0; d < MEMCG_NR_DESIGNS && !ktest_failed(t); d++) {
		memcg_set_design(d);
		one_kill(t, d, shield, pages);
	}
	memcg_set_design(saved);
}

/* The biggest process in the group dies, once; the bystander lives. */
static void oom_kill_biggest(struct ktest *t)
{
	each_design(t, false, "32");
}

/* A bystander bigger than the hog's share but at -1000 is never chosen. */
static void oom_kill_skips_adj_min(struct ktest *t)
{
	each_design(t, true, "400");
}

/* MAP_HUGETLB without reserved huge pages: -ENOMEM, as Linux. */
static void oom_map_hugetlb_enomem(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, 4096, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB,
				   -1, 0), -ENOMEM);
	mmput(mm);
}

KTEST_SUITE(oom_kill,
	    KTEST_CASE(oom_kill_biggest),
	    KTEST_CASE(oom_kill_skips_adj_min),
	    KTEST_CASE(oom_map_hugetlb_enomem));
