// SPDX-License-Identifier: MIT
/*
 * fork_mm() and the copy-on-write fault on kernel-built address spaces,
 * where every count can be checked exactly (no user code faulting its
 * stack). Each case builds a parent mm, forks it, and frees both in a
 * named order; the free-page and charge invariants check the balance
 * after every case.
 *
 *   parent  [0..N) private RW, written        child  same VMAs, same
 *           (mapcount 1 each)                         pages read-only
 *                                 fork_mm()           (mapcount 2 each)
 *   child writes each page: N copies; parent writes: N reuses, no copy.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/cow.h"
#include "mm/fault.h"
#include "mm/fork.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/oom_reaper.h"
#include "mm/oom_reaper_design.h"
#include "tests/mm/mm_test_util.h"

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define PG(n)	(TEST_VA + (n) * PAGE_SIZE)
#define NPAGES	8

/* A parent with @n written private pages at PG(0): word i holds i + 1. */
static struct mm *parent_with_pages(struct ktest *t, unsigned long n)
{
	struct mm *mm = mm_alloc();

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return NULL;
	KTEST_EXPECT_EQ(t, do_mmap(mm, PG(0), n * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			(long)PG(0));
	for (unsigned long i = 0; i < n; i++) {
		KTEST_EXPECT_EQ(t, fault_handle(mm, PG(i), FAULT_FLAG_WRITE),
				0);
		*user_word(mm, PG(i)) = i + 1;
	}
	return mm;
}

static struct page *page_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	if (!arch_pt_populated(&mm->pt, va, &leaf))
		return NULL;
	return pfn_to_page(arch_pte_paddr(leaf) >> PAGE_SHIFT);
}

static bool writable_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	return arch_pt_populated(&mm->pt, va, &leaf) &&
	       arch_pte_writable(leaf);
}

/*
 * Fork shares every page read-only, counted twice; the first writer
 * (the child) copies each page once, with the contents; the second (the
 * parent) is then alone and reuses its page in place. The child exits
 * first. Fails if fork copies, if a write reaches a shared page, or if a
 * lone writer copies again.
 */
static void fork_cow_copy_once(struct ktest *t)
{
	struct mm *mm = parent_with_pages(t, NPAGES), *child = NULL;
	unsigned long copies, reuses;
	struct page *orig[NPAGES];

	KTEST_ASSERT_NOT_NULL(t, mm);
	for (int i = 0; i < NPAGES; i++)
		orig[i] = page_at(mm, PG(i));
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	KTEST_EXPECT_EQ(t, mm_rss(child, MM_ANONPAGES), NPAGES);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), NPAGES);
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT(t, page_at(child, PG(i)) == orig[i]);
		KTEST_EXPECT_EQ(t, page_mapcount(orig[i]), 2);
		KTEST_EXPECT_EQ(t, orig[i]->refcount, 2);
		KTEST_EXPECT(t, !writable_at(mm, PG(i)));
		KTEST_EXPECT(t, !writable_at(child, PG(i)));
	}
	copies = cow_nr_copies();
	reuses = cow_nr_reuses();
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT_EQ(t, fault_handle(child, PG(i), FAULT_FLAG_WRITE),
				0);
		KTEST_EXPECT(t, page_at(child, PG(i)) != orig[i]);
		KTEST_EXPECT_EQ(t, *user_word(child, PG(i)), (u64)i + 1);
		*user_word(child, PG(i)) = 100 + i;
		KTEST_EXPECT_EQ(t, *user_word(mm, PG(i)), (u64)i + 1);
		KTEST_EXPECT_EQ(t, page_mapcount(orig[i]), 1);
	}
	KTEST_EXPECT_EQ_U(t, cow_nr_copies() - copies, NPAGES);
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT_EQ(t, fault_handle(mm, PG(i), FAULT_FLAG_WRITE),
				0);
		KTEST_EXPECT(t, page_at(mm, PG(i)) == orig[i]);
		KTEST_EXPECT(t, writable_at(mm, PG(i)));
	}
	KTEST_EXPECT_EQ_U(t, cow_nr_copies() - copies, NPAGES);
	KTEST_EXPECT_EQ_U(t, cow_nr_reuses() - reuses, NPAGES);
	KTEST_EXPECT_EQ(t, mm_rss(child, MM_ANONPAGES), NPAGES);
	mmput(child);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), NPAGES);
	mmput(mm);
}

/*
 * The parent exits first: the child keeps every page (mapcount back to
 * 1) and, alone now, writes without copying. Fails if the parent's exit
 * frees a page the child maps (the poison would show in the contents).
 */
static void fork_parent_exits_first(struct ktest *t)
{
	struct mm *mm = parent_with_pages(t, NPAGES), *child = NULL;
	unsigned long copies;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	mmput(mm);
	copies = cow_nr_copies();
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT_EQ(t, page_mapcount(page_at(child, PG(i))), 1);
		KTEST_EXPECT_EQ(t, *user_word(child, PG(i)), (u64)i + 1);
		KTEST_EXPECT_EQ(t, fault_handle(child, PG(i), FAULT_FLAG_WRITE),
				0);
	}
	KTEST_EXPECT_EQ_U(t, cow_nr_copies() - copies, 0);
	mmput(child);
}

/*
 * The OOM reaper reaping a parent whose pages a child shares drops the
 * parent's mappings only: the child's pages stay, with their contents,
 * and the parent's RSS goes to 0 while the child's stays. Fails if the
 * reaper frees a page another mm maps.
 */
static void fork_reaper_drops_only_victim_mapping(struct ktest *t)
{
	struct mm *mm = parent_with_pages(t, NPAGES), *child = NULL;
	bool busy = false;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	oom_reaper_reap_mm(mm, oom_reaper_policy(oom_reaper_get_design()),
			   &busy);
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	KTEST_EXPECT_EQ(t, mm_rss(child, MM_ANONPAGES), NPAGES);
	for (int i = 0; i < NPAGES; i++) {
		KTEST_EXPECT_EQ(t, page_mapcount(page_at(child, PG(i))), 1);
		KTEST_EXPECT_EQ(t, *user_word(child, PG(i)), (u64)i + 1);
	}
	mmput(mm);
	mmput(child);
}

/*
 * mprotect after fork keeps a shared private page read-only: PROT_READ
 * then PROT_READ|PROT_WRITE on the parent leaves the entry read-only, and
 * the parent's write copies, leaving the child's contents alone. Fails
 * if mprotect makes a page another mm maps writable.
 */
static void fork_mprotect_keeps_cow(struct ktest *t)
{
	struct mm *mm = parent_with_pages(t, 1), *child = NULL;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(0), PAGE_SIZE, PROT_READ), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(0), PAGE_SIZE, RW), 0);
	KTEST_EXPECT(t, !writable_at(mm, PG(0)));
	KTEST_EXPECT_EQ(t, fault_handle(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT(t, page_at(mm, PG(0)) != page_at(child, PG(0)));
	*user_word(mm, PG(0)) = 42;
	KTEST_EXPECT_EQ(t, *user_word(child, PG(0)), 1);
	mmput(child);
	mmput(mm);
}

/*
 * Shared anonymous memory stays shared: a page written before the fork
 * is the same page in both, a page first touched by the child after the
 * fork is the one the parent then finds, and the parent's munmap leaves
 * the child's range intact. The zero page stays the zero page. Fails if
 * the child gets its own shared page set.
 */
static void fork_shared_stays_shared(struct ktest *t)
{
	struct mm *mm = mm_alloc(), *child = NULL;
	long a;

	KTEST_ASSERT_NOT_NULL(t, mm);
	a = do_mmap(mm, PG(0), 2 * PAGE_SIZE, RW,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	KTEST_EXPECT_EQ(t, a, (long)PG(0));
	KTEST_EXPECT_EQ(t, do_mmap(mm, PG(4), PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			(long)PG(4));
	KTEST_EXPECT_EQ(t, fault_handle(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KTEST_EXPECT_EQ(t, fault_handle(mm, PG(4), 0), 0);	/* zero page */
	*user_word(mm, PG(0)) = 7;
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	KTEST_EXPECT(t, page_at(child, PG(0)) == page_at(mm, PG(0)));
	KTEST_EXPECT(t, writable_at(child, PG(0)));
	KTEST_EXPECT(t, page_at(child, PG(4)) == page_at(mm, PG(4)));
	KTEST_EXPECT_EQ(t, fault_handle(child, PG(1), FAULT_FLAG_WRITE), 0);
	*user_word(child, PG(1)) = 9;
	KTEST_EXPECT_EQ(t, fault_handle(mm, PG(1), 0), 0);
	KTEST_EXPECT_EQ(t, *user_word(mm, PG(1)), 9);
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(0), 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, *user_word(child, PG(0)), 7);
	mmput(mm);
	KTEST_EXPECT_EQ(t, *user_word(child, PG(1)), 9);
	mmput(child);
}

/*
 * mlock is not inherited (Linux's dup_mmap() clears VM_LOCKED): the
 * child's VMA is unlocked and its locked_vm 0, the parent's stays.
 */
static void fork_mlock_not_inherited(struct ktest *t)
{
	struct mm *mm = parent_with_pages(t, 2), *child = NULL;
	struct vm_area *vma;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mlock(mm, PG(0), 2 * PAGE_SIZE), 0);
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	vma = vma_find(&child->vmas, PG(0));
	KTEST_EXPECT(t, vma && !(vma->flags & VM_LOCKED));
	KTEST_EXPECT_EQ_U(t, child->locked_vm, 0);
	KTEST_EXPECT_EQ_U(t, mm->locked_vm, 2);
	KTEST_EXPECT_EQ_U(t, child->total_vm, mm->total_vm);
	mmput(child);
	mmput(mm);
}

/*
 * A range across three page tables, copied a table at a time: every
 * third page written (its own page), the next read (the zero page), the
 * third left empty.
 *
 *   TEST_VA + 2 MiB - 100 pages                 + 2 * 512 pages ...
 *   |  table 0 tail  |   table 1 (512)   |  table 2 head  |
 *   W Z . W Z . W Z . W Z . ...
 *
 * The child must map exactly the parent's entries (the same pages, the
 * zero page still special and read-only), count the same RSS and the
 * same table pages, and each written page twice. Fails if the copy
 * splits the batch at the wrong table, drops or shifts an entry, counts
 * the zero page, or loses its special mark.
 */
#define SPAN_START	(TEST_VA + PAGE_SIZE_2M - 100 * PAGE_SIZE)
#define SPAN_PAGES	(100 + 512 + 100)
#define SPAN_PG(n)	(SPAN_START + (n) * PAGE_SIZE)

static void fork_copies_table_by_table(struct ktest *t)
{
	struct mm *mm = mm_alloc(), *child = NULL;
	unsigned long written = 0;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, SPAN_START, SPAN_PAGES * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			(long)SPAN_START);
	for (unsigned long i = 0; i < SPAN_PAGES; i += 3) {
		KTEST_EXPECT_EQ(t, fault_handle(mm, SPAN_PG(i),
						FAULT_FLAG_WRITE), 0);
		*user_word(mm, SPAN_PG(i)) = i + 1;
		written++;
		if (i + 1 < SPAN_PAGES)
			KTEST_EXPECT_EQ(t, fault_handle(mm, SPAN_PG(i + 1), 0),
					0);
	}
	KTEST_ASSERT_EQ(t, fork_mm(mm, &child), 0);
	KTEST_EXPECT_EQ(t, mm_rss(child, MM_ANONPAGES), (long)written);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), (long)written);
	KTEST_EXPECT_EQ(t, mm_pgtables_bytes(child), mm_pgtables_bytes(mm));
	for (unsigned long i = 0; i < SPAN_PAGES; i++) {
		pte_t p = 0, c = 0;
		bool pp = arch_pt_populated(&mm->pt, SPAN_PG(i), &p);
		bool cp = arch_pt_populated(&child->pt, SPAN_PG(i), &c);

		KTEST_EXPECT_EQ(t, cp, pp);
		KTEST_EXPECT_EQ(t, cp, i % 3 != 2);
		if (!cp)
			continue;
		KTEST_EXPECT_EQ_U(t, arch_pte_paddr(c), arch_pte_paddr(p));
		KTEST_EXPECT_EQ(t, arch_pte_special(c), i % 3 == 1);
		KTEST_EXPECT(t, !arch_pte_writable(c));
		if (i % 3 == 0) {
			KTEST_EXPECT_EQ(t, page_mapcount(page_at(child,
								 SPAN_PG(i))),
					2);
			KTEST_EXPECT_EQ(t, *user_word(child, SPAN_PG(i)),
					(u64)i + 1);
		}
	}
	mmput(mm);
	KTEST_EXPECT_EQ(t, mm_rss(child, MM_ANONPAGES), (long)written);
	mmput(child);
}

KTEST_SUITE(mm_fork,
	    KTEST_CASE(fork_cow_copy_once),
	    KTEST_CASE(fork_parent_exits_first),
	    KTEST_CASE(fork_reaper_drops_only_victim_mapping),
	    KTEST_CASE(fork_mprotect_keeps_cow),
	    KTEST_CASE(fork_shared_stays_shared),
	    KTEST_CASE(fork_mlock_not_inherited),
	    KTEST_CASE(fork_copies_table_by_table));
