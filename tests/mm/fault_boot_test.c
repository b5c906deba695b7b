// SPDX-License-Identifier: MIT
/*
 * The anonymous fault in Linux's order (mm/fault.c): the page tables a
 * fault needs are allocated and charged before its data page, so at a
 * memory cgroup's limit it is the data page's charge that fails and the
 * new table stays (Linux's __handle_mm_fault() and pte_alloc() run
 * before do_anonymous_page() charges the page).
 *
 * The group is full but for one page; a write fault in a 2 MiB region
 * that has no page table yet needs two pages, a table and the data page:
 *
 *   TEST_VA           TEST_VA + 2M
 *   | LIMIT pages ... | the fault: a new page table, then its page
 *
 * Expected (MOD, no victim: the charging thread is a kernel thread):
 * VM_FAULT_OOM, one more table page in the mm and in memory.stat
 * pagetables, no more anon pages, the group exactly at its limit.
 */
#include "kernel/cgroup.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/task.h"
#include "mm/fault.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "tests/mm/mm_test_util.h"

#define LIMIT		16	/* pages: memory.max "64K" */
#define REGION		(2UL << 20)	/* one page table's reach */

/* Fault pages in from TEST_VA until the group's limit stops them. */
static unsigned int fill_to_limit(struct mm *mm)
{
	unsigned int n = 0;

	while (n < 2 * LIMIT &&
	       !fault_handle(mm, TEST_VA + n * PAGE_SIZE,
			     FAULT_FLAG_USER | FAULT_FLAG_WRITE))
		n++;
	return n;
}

static void fault_table_charged_before_page(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();
	struct task *owner = NULL;
	struct cgroup *cg = NULL;
	struct mm *mm = mm_alloc();
	long tables, anon;

	memcg_set_design(MEMCG_DESIGN_MOD);
	owner = kthread_run(mm_test_owner_thread, NULL, "fault_owner");
	KTEST_ASSERT_NOT_NULL(t, mm);
	if (!owner || cgroup_create(&cgroup_root, "fault_order", &cg)) {
		KTEST_FAIL(t, "kthread_run or cgroup_create");
		goto out;
	}
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "64K"), 0);
	KTEST_EXPECT_EQ(t, cgroup_attach_kthread(owner, cg), 0);
	mm_set_owner(mm, owner);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, REGION + PAGE_SIZE,
				   PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				   0), TEST_VA);
	KTEST_EXPECT_LT_U(t, fill_to_limit(mm), LIMIT);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), LIMIT);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA, PAGE_SIZE), 0);
	tables = mm->pgtables;
	anon = memcg_stat_read(cg->memcg, MEMCG_ANON);

	KTEST_EXPECT_EQ_U(t, fault_handle(mm, TEST_VA + REGION,
					  FAULT_FLAG_USER | FAULT_FLAG_WRITE),
			  VM_FAULT_OOM);
	KTEST_EXPECT_EQ(t, mm->pgtables, tables + 1);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_ANON), anon);
	KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), LIMIT);
	KTEST_EXPECT(t, !arch_pt_populated(&mm->pt, TEST_VA + REGION,
					      NULL));
out:
	mmput(mm);	/* drops the owner reference: before the stop */
	if (owner) {
		cgroup_attach_kthread(owner, &cgroup_root);
		kthread_stop(owner);
	}
	if (cg) {
		KTEST_EXPECT_EQ(t, memcg_current(cg->memcg), 0);
		KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
		cgroup_put(cg);
	}
	memcg_set_design(saved);
}

KTEST_SUITE(mm_fault,
	    KTEST_CASE(fault_table_charged_before_page));
