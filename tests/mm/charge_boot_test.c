// SPDX-License-Identifier: MIT
/*
 * The charge context and who pays. A user fault marks the task
 * (in_user_fault) only while it is handled: the mark is clear after a
 * fault that succeeded, one that failed (no memory; no VMA) and one
 * killed in the mmap_lock wait. Page tables are charged in the context
 * of the page that needs them, to the mm's owner: a populate's tables
 * are CHARGE_POPULATE even right after a user fault, and so are the
 * tables of a driver (mirror) faulting in another task's mm.
 */
#include "drivers/mirror.h"
#include "kernel/cgroup.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/rwsem.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/fault.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/populate.h"
#include "tests/mm/mm_test_util.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define FAR_VA		(TEST_VA + (1UL << 39))	/* a new PML4 entry */
#define NR_TABLES	3	/* PDPT, PD, PT under a new PML4 entry */
#define NR_MIRROR	8
#define WAIT_MS		5000

struct charge_snap {
	u64 n[NR_CHARGE_CTX];
};

static void charge_snap(struct charge_snap *s)
{
	for (int c = 0; c < NR_CHARGE_CTX; c++)
		s->n[c] = mm_charge_count(c);
}

/* Charges per context since @s: exactly @user, @populate and @kernel. */
static void expect_charges(struct ktest *t, const struct charge_snap *s,
			   u64 user, u64 populate, u64 kernel)
{
	KTEST_EXPECT_EQ_U(t, mm_charge_count(CHARGE_USER_FAULT) -
				     s->n[CHARGE_USER_FAULT], user);
	KTEST_EXPECT_EQ_U(t, mm_charge_count(CHARGE_POPULATE) -
				     s->n[CHARGE_POPULATE], populate);
	KTEST_EXPECT_EQ_U(t, mm_charge_count(CHARGE_KERNEL) -
				     s->n[CHARGE_KERNEL], kernel);
}

/* The charge mark of the page mapped at @va (0: none mapped). */
static unsigned long mark_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	if (!arch_pt_populated(&mm->pt, va, &leaf))
		return 0;
	return pfn_to_page(arch_pte_paddr(leaf) >> PAGE_SHIFT)->memcg_data;
}

/*
 * User faults: one that maps its page (and its three tables, all
 * CHARGE_USER_FAULT), one whose page allocation fails
 * (VM_FAULT_OOM, after the mark was set) and one outside any VMA: the
 * mark is clear after each. Then a populate far away builds a new table
 * chain: page and tables are CHARGE_POPULATE, to the mm's owner (a
 * task of its own, as an exec'd process's first thread).
 */
static void user_fault_mark_clear_and_populate_tables(struct ktest *t)
{
	struct task *owner = kthread_run(mm_test_owner_thread, NULL, "mm_owner");
	struct mm *mm = mm_alloc();
	struct charge_snap s;
	unsigned long nr;

	KTEST_ASSERT_NOT_NULL(t, owner);
	if (!mm) {
		kthread_stop(owner);
		KTEST_FAIL(t, "mm_alloc failed");
		return;
	}
	mm_set_owner(mm, owner);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, 2 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), TEST_VA);
	KTEST_EXPECT_EQ(t, do_mmap(mm, FAR_VA, PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), FAR_VA);

	charge_snap(&s);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA, FAULT_FLAG_USER |
					FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT(t, !task_in_user_fault(current));
	expect_charges(t, &s, 1 + NR_TABLES, 0, 0);
	page_alloc_fail_nth(1);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA + PAGE_SIZE,
					FAULT_FLAG_USER | FAULT_FLAG_WRITE),
			VM_FAULT_OOM);
	page_alloc_fail_nth(0);
	KTEST_EXPECT(t, !task_in_user_fault(current));
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA + 4 * PAGE_SIZE,
					FAULT_FLAG_USER),
			VM_FAULT_SIGSEGV | VM_FAULT_BADMAP);
	KTEST_EXPECT(t, !task_in_user_fault(current));

	charge_snap(&s);
	mmap_read_lock(mm);
	KTEST_EXPECT_EQ(t, populate_range(mm, FAR_VA, FAR_VA + PAGE_SIZE, 0,
					  &nr), 0);
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ_U(t, nr, 1);
	expect_charges(t, &s, 0, 1 + NR_TABLES, 0);
	KTEST_EXPECT_EQ_U(t, mark_at(mm, FAR_VA), mm_charge_mark(owner));
	KTEST_EXPECT_EQ_U(t, mark_at(mm, TEST_VA), mm_charge_mark(owner));
	mmput(mm);	/* drops the owner reference: before the stop */
	kthread_stop(owner);
}

struct killed_fault {
	struct mm *mm;
	vm_fault_t ret;
	bool marked;			/* the mark after the fault */
	struct completion done;
};

/* Killed while it waits for the mmap_lock: the killable wait gives up. */
static int killed_fault_thread(void *arg)
{
	struct killed_fault *k = arg;

	k->ret = fault_handle(k->mm, TEST_VA, FAULT_FLAG_USER |
			      FAULT_FLAG_WRITE | FAULT_FLAG_KILLABLE);
	k->marked = task_in_user_fault(current);
	complete(&k->done);
	return 0;
}

/*
 * A user fault whose task is killed while the mmap_lock is held for
 * writing ends with VM_FAULT_RETRY and leaves the mark clear.
 */
static void killed_fault_mark_clear(struct ktest *t)
{
	unsigned long tasks = task_count();
	struct killed_fault k = { .mm = mm_alloc() };
	struct task *th;
	bool done = false;

	KTEST_ASSERT_NOT_NULL(t, k.mm);
	init_completion(&k.done);
	KTEST_EXPECT_EQ(t, do_mmap(k.mm, TEST_VA, PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), TEST_VA);
	mmap_write_lock(k.mm);
	th = kthread_run(killed_fault_thread, &k, "killed_fault");
	KTEST_EXPECT_NOT_NULL(t, th);
	if (th && ktest_wait_until(t, rwsem_nr_waiters(&k.mm->mmap_lock),
				   WAIT_MS)) {
		task_kill(th);
		done = ktest_wait_completion(t, &k.done, WAIT_MS);
	}
	mmap_write_unlock(k.mm);
	if (th && !done)	/* with the lock free the fault ends */
		ktest_wait_completion(t, &k.done, WAIT_MS);
	if (done) {
		KTEST_EXPECT_EQ(t, k.ret, VM_FAULT_RETRY);
		KTEST_EXPECT(t, !k.marked);
	}
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	mmput(k.mm);
}

/*
 * The mirror driver snapshots an mm owned by another task: the pages and
 * their three table pages are CHARGE_POPULATE, none CHARGE_KERNEL, and
 * the pages are charged to the mm's owner's memory cgroup (the root),
 * not to the snapshotting task's (a group of its own meanwhile).
 */
static void mirror_charges_populate_to_owner(struct ktest *t)
{
	struct task *owner = kthread_run(mm_test_owner_thread, NULL, "mm_owner");
	struct mm *mm = mm_alloc();
	struct mirror *m = NULL;
	struct charge_snap s;
	struct cgroup *cg = NULL;

	KTEST_ASSERT_NOT_NULL(t, owner);
	if (!mm || cgroup_create(&cgroup_root, "charge_test", &cg)) {
		if (mm)
			mmput(mm);
		kthread_stop(owner);
		KTEST_FAIL(t, "mm_alloc or cgroup_create failed");
		return;
	}
	mm_set_owner(mm, owner);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, NR_MIRROR * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), TEST_VA);
	/* Joined after the mmap: its VMA is kmem charged to the caller. */
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, cg), 0);
	KTEST_EXPECT_EQ(t, mirror_create(mm, TEST_VA,
					 TEST_VA + NR_MIRROR * PAGE_SIZE, &m),
			0);
	if (m) {
		charge_snap(&s);
		KTEST_EXPECT_EQ(t, mirror_snapshot(m), NR_MIRROR);
		expect_charges(t, &s, 0, NR_MIRROR + NR_TABLES, 0);
		for (unsigned int i = 0; i < NR_MIRROR; i++)
			KTEST_EXPECT_EQ_U(t, mark_at(mm, TEST_VA + i * PAGE_SIZE),
					  mm_charge_mark(owner));
		KTEST_EXPECT_NE(t, mm_charge_mark(owner),
				mm_charge_mark(current));
		KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
		mirror_destroy(m);
	}
	mmput(mm);	/* drops the owner reference: before the stop */
	kthread_stop(owner);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(current, &cgroup_root), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

KTEST_SUITE(mm_charge,
	    KTEST_CASE(user_fault_mark_clear_and_populate_tables),
	    KTEST_CASE(killed_fault_mark_clear),
	    KTEST_CASE(mirror_charges_populate_to_owner));
