// SPDX-License-Identifier: MIT
/*
 * vm.max_map_count on a real address space: mprotect() of every other
 * page of one big mapping splits it until the mm holds
 * VMA_DEFAULT_MAX_MAP_COUNT (65530) areas; the split that would go past
 * it fails with -ENOMEM, as does a munmap() that would punch a hole and a
 * new mmap(), while changes that add no area still work. Without the
 * limit the splitting goes on as long as kernel memory lasts.
 *
 *   [ R | RW | R | RW | ... | R | RW ... RW ]  65530 areas, then -ENOMEM
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/vma.h"
#include "tests/mm/mm_test_util.h"

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
/* Enough pages to split past the limit: two per split, and some. */
#define NR_PAGES	(2UL * VMA_DEFAULT_MAX_MAP_COUNT + 64)
#define PG(n)	(TEST_VA + (n) * PAGE_SIZE)

/* mprotect every other page read-only until it fails; Return: the error,
 * and in *pages the pages done. */
static int split_until_error(struct mm *mm, unsigned long *pages)
{
	int r = 0;

	for (*pages = 0; 2 * *pages + 1 < NR_PAGES; ++*pages) {
		r = do_mprotect(mm, PG(2 * *pages), PAGE_SIZE, PROT_READ);
		if (r)
			break;
	}
	return r;
}

static void mmap_max_map_count(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	unsigned long done, last;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ_U(t, vma_max_map_count, VMA_DEFAULT_MAX_MAP_COUNT);
	KTEST_ASSERT_EQ(t, do_mmap(mm, PG(0), NR_PAGES * PAGE_SIZE, RW, ANON,
				   -1, 0), (long)PG(0));
	KTEST_EXPECT_EQ(t, split_until_error(mm, &done), -ENOMEM);
	/* The first split adds one area, each later one two. */
	KTEST_EXPECT_EQ_U(t, count_vmas(mm), 2 * done);
	KTEST_EXPECT_LE_U(t, count_vmas(mm), VMA_DEFAULT_MAX_MAP_COUNT);
	KTEST_EXPECT_GE_U(t, count_vmas(mm), VMA_DEFAULT_MAX_MAP_COUNT - 1);
	last = NR_PAGES - 2;	/* inside the last, still RW, area */
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(last), PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mmap(mm, PG(NR_PAGES + 16), PAGE_SIZE, RW,
				   ANON, -1, 0), -ENOMEM);
	/* Whole areas: no new one, so these still work. */
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(0), PAGE_SIZE, RW), 0);
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(2), 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ_U(t, count_vmas(mm), 2 * done - 3);
	mmput(mm);
}

KTEST_SUITE(mmap_map_count,
	    KTEST_CASE(mmap_max_map_count));
