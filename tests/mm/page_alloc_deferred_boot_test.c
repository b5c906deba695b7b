// SPDX-License-Identifier: MIT
/*
 * Deferred struct page initialisation of the kernel's zone (mm/mm_init.c,
 * mm/page_alloc.c), end to end: once pgdatinit has finished, every page
 * of the machine is where boot would have put it had it initialised
 * everything at once. Run at every memory size; the plan's mem-16G row
 * runs it on 16 GiB (4 M struct pages, most of them deferred).
 */
#include "kernel/ktest.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"

#define DEFERRED_WAIT_MS	60000	/* 16 GiB under a loaded TCG host */

/*
 * After pgdatinit: nothing is deferred, the free lists and counters
 * check out (every free page on a list, so allocatable), the managed
 * pages are exactly the free memory memblock had (memblock is retired,
 * so its tables still say what boot saw), and a pfn is reserved exactly
 * when boot did not free it: a hole or boot memory is never handed out,
 * and no free page is lost.
 */
static void deferred_init_complete(struct ktest *t)
{
	unsigned long usable = 0, wrong = 0;
	paddr_t pos = 0, s, e;

	if (!ktest_wait_until(t, page_alloc_deferred_done(), DEFERRED_WAIT_MS))
		return;
	KTEST_EXPECT_EQ(t, main_zone.nr_deferred, 0);
	if (!KTEST_EXPECT_EQ(t, page_alloc_check(), 0))
		ktest_log(t, "%s", main_zone.check_msg);
	KTEST_EXPECT_EQ_U(t, nr_managed_pages(),
			  memblock_free_bytes() >> PAGE_SHIFT);
	while (memblock_next_free(&pos, &s, &e)) {
		for (pfn_t pfn = s >> PAGE_SHIFT; pfn < e >> PAGE_SHIFT; pfn++)
			wrong += !!(pfn_to_page(pfn)->flags & PG_reserved);
		usable += (e - s) >> PAGE_SHIFT;
	}
	KTEST_EXPECT_EQ_U(t, wrong, 0);
	for (pfn_t pfn = main_zone.start_pfn; pfn < main_zone.end_pfn; pfn++)
		usable -= !(pfn_to_page(pfn)->flags & PG_reserved);
	KTEST_EXPECT_EQ_U(t, usable, 0);
}

KTEST_SUITE(page_alloc_deferred,
	    KTEST_CASE(deferred_init_complete));
