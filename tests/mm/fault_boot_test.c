// SPDX-License-Identifier: MIT
/*
 * The anonymous fault as Linux's do_anonymous_page() does it (mm/fault.c):
 * a read fault in a private VMA maps the shared zero page, read-only,
 * uncharged and outside RSS but resident for mincore(); a write fault
 * there replaces it with a charged page of its own; mprotect never makes
 * the zero page writable; MAP_POPULATE writes (allocates) in a private
 * writable mapping and reads (zero page) in a read-only one.
 *
 * The anonymous fault in Linux's order: the page tables a
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
#include "mm/charge.h"
#include "mm/fault.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "tests/mm/mm_test_util.h"

#define LIMIT		16	/* pages: memory.max "64K" */
#define REGION		(2UL << 20)	/* one page table's reach */

#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define READ_FAULT	FAULT_FLAG_USER
#define WRITE_FAULT	(FAULT_FLAG_USER | FAULT_FLAG_WRITE)

static pte_t leaf_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf = 0;

	arch_pt_populated(&mm->pt, va, &leaf);
	return leaf;
}

static void fault_read_maps_zero_page(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	u64 user = mm_charge_count(CHARGE_USER_FAULT);
	long tables;
	pte_t a, b;
	u8 vec[2];

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, 2 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), TEST_VA);
	tables = mm->pgtables;
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, TEST_VA, READ_FAULT), 0);
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, TEST_VA + PAGE_SIZE, READ_FAULT),
			  0);
	a = leaf_at(mm, TEST_VA);
	b = leaf_at(mm, TEST_VA + PAGE_SIZE);
	KTEST_EXPECT(t, arch_pte_special(a) && arch_pte_present(a));
	KTEST_EXPECT(t, !arch_pte_writable(a));
	KTEST_EXPECT_EQ_U(t, arch_pte_paddr(a), arch_pte_paddr(b));
	KTEST_EXPECT_EQ(t, *user_word(mm, TEST_VA), 0);
	/* Only the tables were charged; RSS does not count the zero page. */
	KTEST_EXPECT_EQ_U(t, mm_charge_count(CHARGE_USER_FAULT) - user,
			  (u64)(mm->pgtables - tables));
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	KTEST_EXPECT_EQ(t, do_mincore(mm, TEST_VA, 2 * PAGE_SIZE, vec), 0);
	KTEST_EXPECT(t, vec[0] && vec[1]);

	/* mprotect away and back: the zero page stays read-only. */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, 2 * PAGE_SIZE, PROT_READ),
			0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, 2 * PAGE_SIZE, RW), 0);
	KTEST_EXPECT(t, !arch_pte_writable(leaf_at(mm, TEST_VA)));

	/* A write gets a charged page of its own; the other stays zero. */
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, TEST_VA, WRITE_FAULT), 0);
	a = leaf_at(mm, TEST_VA);
	KTEST_EXPECT(t, arch_pte_writable(a) && !arch_pte_special(a));
	KTEST_EXPECT_NE(t, arch_pte_paddr(a), arch_pte_paddr(b));
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 1);
	*user_word(mm, TEST_VA) = 42;
	KTEST_EXPECT_EQ(t, *user_word(mm, TEST_VA + PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA, 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	mmput(mm);
}

/* MAP_POPULATE: populate_vma_page_range()'s FOLL_WRITE only for a
 * private writable mapping. */
static void fault_populate_zero_page_when_read_only(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, 4 * PAGE_SIZE, PROT_READ,
				   ANON | MAP_FIXED | MAP_POPULATE, -1, 0),
			TEST_VA);
	KTEST_EXPECT(t, arch_pte_special(leaf_at(mm, TEST_VA + PAGE_SIZE)));
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + REGION, 4 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED | MAP_POPULATE, -1, 0),
			TEST_VA + REGION);
	KTEST_EXPECT(t, arch_pte_writable(leaf_at(mm, TEST_VA + REGION)));
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 4);
	mmput(mm);
}

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
	    KTEST_CASE(fault_read_maps_zero_page),
	    KTEST_CASE(fault_populate_zero_page_when_read_only),
	    KTEST_CASE(fault_table_charged_before_page));
