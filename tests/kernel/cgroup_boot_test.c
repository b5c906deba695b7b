// SPDX-License-Identifier: MIT
/*
 * kernel/cgroup.c: the tree (create, lookup, path, remove and their
 * errnos), membership (a spawned process starts in its spawner's group,
 * a moved process takes all its threads, a group with tasks or children
 * cannot be removed) and lifetime (a removed group whose memcg still
 * has charges lives on, and its parent's usage with it, until the last
 * uncharge frees it).
 *
 *   root
 *    └─ cg_a            tree errors
 *        └─ cg_x
 *    └─ cg_busy         tasks (a kernel thread, a process)
 *    └─ cg_from ─ cg_to moving a process
 *    └─ cg_p ─ cg_c     removed with charges left
 */
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "mm/memcg.h"
#include "tests/kernel/user_run.h"

/* Tree errors are Linux's mkdir/rmdir errnos. */
static void cgroup_tree_errors(struct ktest *t)
{
	struct cgroup *a, *x, *y, *l;
	char path[CGROUP_PATH_MAX];

	KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root, "", &a), -EINVAL);
	KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root, "a/b", &a), -EINVAL);
	KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root, "..", &a), -EINVAL);
	KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root,
					 "a_name_of_thirty_two_characters_", &a),
			-ENAMETOOLONG);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "cg_a", &a), 0);
	KTEST_EXPECT_EQ(t, cgroup_create(&cgroup_root, "cg_a", &y), -EEXIST);
	KTEST_ASSERT_EQ(t, cgroup_create(a, "cg_x", &x), 0);
	KTEST_EXPECT_EQ(t, cgroup_path(x, path, sizeof(path)), 10);
	KTEST_EXPECT_STREQ(t, path, "/cg_a/cg_x");
	KTEST_EXPECT_EQ(t, cgroup_path(x, path, 10), -ENAMETOOLONG);
	l = cgroup_lookup("/cg_a//cg_x/");
	KTEST_EXPECT(t, l == x);
	if (l)
		cgroup_put(l);
	KTEST_EXPECT_NULL(t, cgroup_lookup("/cg_a/cg_y"));
	KTEST_EXPECT_EQ(t, cgroup_remove(&cgroup_root), -EBUSY);
	KTEST_EXPECT_EQ(t, cgroup_remove(a), -EBUSY);	/* a child */
	KTEST_EXPECT_EQ(t, cgroup_remove(x), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(x), -ENOENT);
	KTEST_EXPECT_EQ(t, cgroup_create(x, "cg_z", &y), -ENOENT);
	KTEST_EXPECT_NULL(t, cgroup_lookup("/cg_a/cg_x"));
	KTEST_EXPECT_EQ(t, cgroup_remove(a), 0);
	cgroup_put(x);
	cgroup_put(a);
}

/*
 * A kernel thread in a group makes it busy; a process it spawns starts
 * in it and keeps it busy until the process has exited, not until it
 * is reaped.
 */
static void cgroup_busy_while_tasks(struct ktest *t)
{
	static struct user_run u;
	struct process *p;
	struct cgroup *cg;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "cg_busy", &cg), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	KTEST_EXPECT(t, cgroup_populated(cg));
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), -EBUSY);
	if (!user_start(t, &u, (const char *const[]){ "/bin/hog", "--pages",
						     "4", "--hold-ms", "300",
						     NULL })) {
		p = process_get_by_pid(u.pid, PROCESS_UNREAPED);
		KTEST_EXPECT(t, p && p->cgroup == cg);
		KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, &cgroup_root),
				0);
		KTEST_EXPECT_EQ(t, cg->nr_tasks, 1);	/* the process */
		KTEST_EXPECT_EQ(t, cgroup_remove(cg), -EBUSY);
		if (p) {
			ktest_wait_until(t, __atomic_load_n(&p->exited,
							    __ATOMIC_ACQUIRE),
					 KTEST_WAIT_MS);
			process_put(p);
		}
		/* A zombie, not reaped yet: the group is empty. */
		KTEST_EXPECT(t, !cgroup_populated(cg));
		KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
		user_wait(t, &u, KTEST_WAIT_MS);
		KTEST_EXPECT(t, user_exited(&u, 0));
	}
	cgroup_attach_kthread(current, &cgroup_root);
	cgroup_put(cg);
}

/* Every thread of @p points at @cg (and the process does). */
static bool all_threads_in(struct process *p, struct cgroup *cg)
{
	struct uthread *ut;
	bool all = p->cgroup == cg;

	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node)
		all = all && ut->task->cgroup == cg;
	spin_unlock(&p->lock);
	return all;
}

/* Moving a process (cgroup.procs) moves all of its threads. */
static void cgroup_move_process_all_threads(struct ktest *t)
{
	static struct user_run u;
	struct cgroup *from, *to;
	struct process *p;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "cg_from", &from), 0);
	KTEST_ASSERT_EQ(t, cgroup_create(from, "cg_to", &to), 0);
	cgroup_attach_kthread(current, from);
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
	KTEST_EXPECT(t, all_threads_in(p, from));
	KTEST_EXPECT_EQ(t, cgroup_attach_process(u.pid, to), 0);
	KTEST_EXPECT(t, all_threads_in(p, to));
	KTEST_EXPECT_EQ(t, from->nr_tasks, 0);
	KTEST_EXPECT_EQ(t, to->nr_tasks, 1);
	KTEST_EXPECT_EQ(t, cgroup_attach_process(999999, to), -ESRCH);
	process_put(p);
	process_kill_pid(u.pid, SIGKILL);
	user_wait(t, &u, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, cgroup_remove(to), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_process(u.pid, to), -ESRCH);
out:
	cgroup_attach_kthread(current, &cgroup_root);
	cgroup_put(to);
	KTEST_EXPECT_EQ(t, cgroup_remove(from), 0);
	cgroup_put(from);
}

static int count_memcgs(void)
{
	struct memcg *m;
	int n = 0;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node)
		n++;
	spin_unlock(&memcg_tree_lock);
	return n;
}

/*
 * A removed group with charges left is offline but alive: its memcg
 * still counts, and so does its parent's usage, until the last page is
 * uncharged; then it is freed.
 */
static void cgroup_removed_lives_on(struct ktest *t)
{
	int before = count_memcgs();
	struct cgroup *p, *c;
	struct memcg *m;

	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "cg_p", &p), 0);
	KTEST_ASSERT_EQ(t, cgroup_create(p, "cg_c", &c), 0);
	m = c->memcg;
	KTEST_EXPECT_EQ(t, memcg_charge_kernel(m, GFP_KERNEL, 3), 0);
	memcg_drain_all_stock(m);
	KTEST_EXPECT_EQ(t, cgroup_remove(c), 0);
	cgroup_put(c);		/* only the three pages hold it now */
	KTEST_EXPECT_EQ(t, count_memcgs(), before + 2);
	KTEST_EXPECT_EQ(t, memcg_current(m), 3);
	KTEST_EXPECT_EQ(t, memcg_current(p->memcg), 3);
	KTEST_EXPECT_EQ(t, __atomic_load_n(&c->refs, __ATOMIC_RELAXED), 3);
	memcg_uncharge_kernel(m, 3);
	KTEST_EXPECT_EQ(t, count_memcgs(), before + 1);
	KTEST_EXPECT_EQ(t, memcg_current(p->memcg), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(p), 0);
	cgroup_put(p);
	KTEST_EXPECT_EQ(t, count_memcgs(), before);
}

KTEST_SUITE(cgroup,
	KTEST_CASE(cgroup_tree_errors),
	KTEST_CASE(cgroup_busy_while_tasks),
	KTEST_CASE(cgroup_move_process_all_threads),
	KTEST_CASE(cgroup_removed_lives_on));
