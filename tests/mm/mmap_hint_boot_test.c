// SPDX-License-Identifier: MIT
/*
 * Where mmap() puts a mapping when it is given a hint (no MAP_FIXED),
 * against Linux 6.1 on x86_64: do_mmap() first rounds the hint down to a
 * page and raises a non-zero hint below mmap_min_addr to mmap_min_addr
 * (round_hint_to_min()); arch_get_unmapped_area_topdown() then takes the
 * hint if the range fits below TASK_SIZE (mmap_address_hint_valid()) and
 * ends at or below vm_start_gap() of the next VMA; otherwise the mapping
 * goes to the highest free range below the mmap base (vm_unmapped_area()).
 * The hint window (up to the top of user space) is wider than the search
 * window (up to the mmap base). Each case starts from a fresh mm, whose
 * first top-down placement of N bytes is mmap_base - N.
 */
#include "kernel/ktest.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "tests/mm/mm_test_util.h"

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define PG(n)	(TEST_VA + (n) * PAGE_SIZE)

static long map_hint(struct mm *mm, vaddr_t hint, unsigned long pages)
{
	return do_mmap(mm, hint, pages * PAGE_SIZE, RW, ANON, -1, 0);
}

/* Where a mapping of @pages pages goes in a fresh mm without a hint. */
static long topdown(struct mm *mm, unsigned long pages)
{
	return (long)(mm->mmap_base - pages * PAGE_SIZE);
}

/*
 * A non-zero hint below MM_MMAP_MIN_ADDR is raised to MM_MMAP_MIN_ADDR
 * and taken there; once that page is busy, the same hint goes top-down.
 *   hint 1 page  -> MM_MMAP_MIN_ADDR (free)
 *   hint 1 page  -> mmap_base - 1 page (MM_MMAP_MIN_ADDR is busy)
 */
static void mmap_hint_below_min_addr(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_hint(mm, PAGE_SIZE, 1), (long)MM_MMAP_MIN_ADDR);
	KTEST_EXPECT_EQ(t, map_hint(mm, PAGE_SIZE, 1), topdown(mm, 1));
	mmput(mm);
}

/*
 * An unaligned hint is rounded down to its page, as Linux does
 * (round_hint_to_min() masks it with PAGE_MASK).
 *   hint PG(3) + 1 -> PG(3)
 */
static void mmap_hint_unaligned_rounds_down(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_hint(mm, PG(3) + 1, 1), (long)PG(3));
	mmput(mm);
}

/*
 * A hint whose range overlaps a VMA is not taken; one that ends exactly
 * where the VMA starts is (Linux: addr + len <= vm_start_gap(vma)).
 *   VMA [PG(4), PG(8)), fixed
 *   hint PG(2), 4 pages: [2,6) overlaps   -> mmap_base - 4 pages
 *   hint PG(6), 1 page: inside the VMA    -> below the first, top-down
 *   hint PG(0), 4 pages: [0,4) touches it -> PG(0)
 */
static void mmap_hint_overlapping_vma(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT_EQ(t, do_mmap(mm, PG(4), 4 * PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), (long)PG(4));
	KTEST_EXPECT_EQ(t, map_hint(mm, PG(2), 4), topdown(mm, 4));
	KTEST_EXPECT_EQ(t, map_hint(mm, PG(6), 1), topdown(mm, 5));
	KTEST_EXPECT_EQ(t, map_hint(mm, PG(0), 4), (long)PG(0));
	mmput(mm);
}

/*
 * A hinted range must end at or below MM_TASK_SIZE (Linux
 * mmap_address_hint_valid(): TASK_SIZE - len < addr is refused), but may
 * lie above the mmap base, where no top-down search looks.
 *   hint TASK_SIZE - 1 page, 2 pages: crosses the top -> top-down
 *   hint TASK_SIZE - 2 pages, 2 pages: ends at the top -> taken
 */
static void mmap_hint_at_top_of_user_space(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	vaddr_t top = MM_TASK_SIZE;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_ASSERT(t, top - 2 * PAGE_SIZE > mm->mmap_base);
	KTEST_EXPECT_EQ(t, map_hint(mm, top - PAGE_SIZE, 2), topdown(mm, 2));
	KTEST_EXPECT_EQ(t, map_hint(mm, top - 2 * PAGE_SIZE, 2),
			(long)(top - 2 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, mm->total_vm, 4);
	mmput(mm);
}

KTEST_SUITE(mmap_hint,
	    KTEST_CASE(mmap_hint_below_min_addr),
	    KTEST_CASE(mmap_hint_unaligned_rounds_down),
	    KTEST_CASE(mmap_hint_overlapping_vma),
	    KTEST_CASE(mmap_hint_at_top_of_user_space));
