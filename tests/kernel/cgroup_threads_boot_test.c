// SPDX-License-Identifier: MIT
/*
 * Threads of one process in different groups of a threaded subtree
 * (kernel/cgroup.c's cgroup_attach_thread(), fs/cgroupfs_type.c's
 * cgroup.threads), while the process's memory stays its domain's:
 *
 *   root
 *    └─ cgt_dom          domain: the process, and its memory charges
 *        └─ cgt_thr      threaded: one thread, then the whole process;
 *                        its memcg is never charged
 */
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "mm/charge.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/oom_internal.h"
#include "tests/kernel/user_run.h"

/*
 * cgthreadtest --check migrate, which Linux passes too: a thread written
 * to cgroup.threads moves alone within its domain (-EOPNOTSUPP to
 * another, -ESRCH, -EINVAL), each file lists it where it is, and its
 * group is populated until it exits.
 */
static void cgroup_threads_move_alone(struct ktest *t)
{
	static struct user_run u;
	u64 checks = 0, failed = ~0ULL;

	if (user_run(t, &u, 8 * KTEST_WAIT_MS, "/bin/cgthreadtest", "--check",
		     "migrate", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&u, 0));
	KTEST_EXPECT(t, user_field(u.out, "cgthreadtest: result", "checks=",
				   &checks));
	KTEST_EXPECT(t, user_field(u.out, "cgthreadtest: result", "failed=",
				   &failed));
	KTEST_EXPECT_GT(t, checks, 20);
	KTEST_EXPECT_EQ(t, failed, 0);
}

/* A live thread of @p other than its leader, or NULL. */
static struct task *second_thread(struct process *p)
{
	struct task *found = NULL;
	struct uthread *ut;

	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node)
		if (ut->task->tid != p->tgid && !found)
			found = ut->task;
	spin_unlock(&p->lock);
	return found;
}

/* Do @p's charges go to @m: its mm owner's and @thr's kernel charges? */
static bool charged_to(struct process *p, struct task *thr, struct memcg *m)
{
	struct task *owner = NULL;

	spin_lock(&p->lock);
	if (p->mm)
		owner = mm_owner(p->mm);
	spin_unlock(&p->lock);
	return owner && mm_charge_mark(owner) == (unsigned long)m &&
	       mm_charge_mark(thr) == (unsigned long)m &&
	       oom_process_memcg(p) == m;
}

/*
 * hog's four threads fault 400 pages in cgt_dom. One thread moves alone
 * into threaded cgt_thr, then the whole process: the threads count
 * there, the process stays cgt_dom's in cgroup.procs' sense, and every
 * page the hog faults meanwhile is charged to cgt_dom, none to cgt_thr
 * (memory is a domain controller, as in Linux).
 */
static void cgroup_threads_memory_in_domain(struct ktest *t)
{
	static struct user_run u;
	struct cgroup *dom, *thr;
	struct process *p;
	struct task *second;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "cgt_dom", &dom), 0);
	KTEST_ASSERT_EQ(t, cgroup_create(dom, "cgt_thr", &thr), 0);
	cgroup_set_threaded(thr);
	cgroup_attach_kthread(current, dom);
	/* Four threads faulting 100 pages each, 20 ms apart: 2 s alive. */
	if (user_start(t, &u, (const char *const[]){ "/bin/hog", "--pages",
						    "400", "--threads", "4",
						    "--delay-us", "20000",
						    NULL }))
		goto out;
	cgroup_attach_kthread(current, &cgroup_root);
	p = process_get_by_pid(u.pid, PROCESS_ALIVE);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT(t, ktest_wait_until(t, __atomic_load_n(&p->nr_threads,
							    __ATOMIC_RELAXED)
					 >= 5, KTEST_WAIT_MS));
	second = second_thread(p);
	KTEST_ASSERT_NOT_NULL(t, second);
	KTEST_EXPECT_EQ(t, cgroup_attach_thread(second->tid, &cgroup_root),
			-EOPNOTSUPP);
	KTEST_EXPECT_EQ(t, cgroup_attach_thread(999999, thr), -ESRCH);
	KTEST_EXPECT_EQ(t, cgroup_attach_thread(second->tid, thr), 0);
	KTEST_EXPECT(t, second->cgroup == thr && p->cgroup == dom);
	KTEST_EXPECT_EQ(t, thr->nr_threads, 1);
	KTEST_EXPECT_EQ(t, dom->nr_threads, 4);
	KTEST_EXPECT(t, charged_to(p, second, dom->memcg));
	KTEST_EXPECT_EQ(t, cgroup_attach_process(u.pid, thr), 0);
	KTEST_EXPECT(t, p->cgroup == thr && cgroup_domain(thr) == dom);
	KTEST_EXPECT_EQ(t, thr->nr_threads, 5);
	KTEST_EXPECT(t, charged_to(p, second, dom->memcg));
	process_put(p);
	user_wait(t, &u, 4 * KTEST_WAIT_MS);
	KTEST_EXPECT(t, user_exited(&u, 0));
	KTEST_EXPECT_EQ(t, thr->nr_threads, 0);
	KTEST_EXPECT_EQ(t, memcg_current(thr->memcg), 0);
out:
	cgroup_attach_kthread(current, &cgroup_root);
	KTEST_EXPECT_EQ(t, cgroup_remove(thr), 0);
	cgroup_put(thr);
	KTEST_EXPECT_EQ(t, cgroup_remove(dom), 0);
	cgroup_put(dom);
}

KTEST_SUITE(cgroup_threads,
	KTEST_CASE(cgroup_threads_move_alone),
	KTEST_CASE(cgroup_threads_memory_in_domain));
