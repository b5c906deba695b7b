// SPDX-License-Identifier: MIT
/*
 * Populate under an allocation failure: MAP_POPULATE, mlock() and
 * MADV_POPULATE_WRITE fault a range in from kernel context, and a page
 * allocation failing in the middle leaves the range partially populated
 * (what a memory cgroup at its limit does to MAP_POPULATE while the OOM
 * kill waits for a user fault). populate_range() must then report
 * exactly the pages that are mapped - no failed page counted - and the
 * mapped ones must be the first ones of the range.
 *
 *   PG(0)                                   PG(16)
 *   [ mapped ... mapped | the failed page, nothing after it ]
 *    <---- k pages ---->  0 < k < 16 (the k+1-th page fails)
 *
 * The failure is injected with page_alloc_fail_nth(FAIL_NTH): the first
 * page needs three table pages too, so the failure lands on a page of
 * the range whatever the slab allocates besides.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/populate.h"
#include "tests/mm/mm_test_util.h"

#define NR_PAGES	16
#define FAIL_NTH	6	/* allocations before it: < 3 tables + 16 */
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define PG(n)		(TEST_VA + (n) * PAGE_SIZE)

/* An mm with NR_PAGES private RW pages at PG(0), none mapped yet. */
static struct mm *mapped_mm(struct ktest *t, unsigned long extra)
{
	struct mm *mm = mm_alloc();

	if (!mm) {
		KTEST_FAIL(t, "mm_alloc failed");
		return NULL;
	}
	page_alloc_fail_nth(extra & MAP_POPULATE ? FAIL_NTH : 0);
	KTEST_EXPECT_EQ(t, do_mmap(mm, PG(0), NR_PAGES * PAGE_SIZE, RW,
				   ANON | MAP_FIXED | extra, -1, 0), PG(0));
	page_alloc_fail_nth(0);
	return mm;
}

/*
 * How many pages of the range mincore() reports resident; the case fails
 * if they are not the first ones or if the failure missed the range.
 */
static unsigned long resident_prefix(struct ktest *t, struct mm *mm)
{
	u8 vec[NR_PAGES];
	unsigned long k = 0;

	KTEST_EXPECT_EQ(t, do_mincore(mm, PG(0), NR_PAGES * PAGE_SIZE, vec),
			0);
	while (k < NR_PAGES && vec[k])
		k++;
	for (unsigned long i = k; i < NR_PAGES; i++)
		if (vec[i])
			KTEST_FAIL(t, "page %lu resident after a hole at %lu",
				   i, k);
	KTEST_EXPECT_GT(t, k, 0);
	KTEST_EXPECT_LT(t, k, NR_PAGES);
	return k;
}

/* populate_range() with an allocation failing: its count against mincore. */
static void populate_count_after_failure(struct ktest *t, unsigned int flags,
					 int expect_err)
{
	struct mm *mm = mapped_mm(t, 0);
	unsigned long nr = ~0UL;
	int err;

	if (!mm)
		return;
	mmap_read_lock(mm);
	page_alloc_fail_nth(FAIL_NTH);
	err = populate_range(mm, PG(0), PG(NR_PAGES), flags, &nr);
	page_alloc_fail_nth(0);
	mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, err, expect_err);
	KTEST_EXPECT_EQ_U(t, nr, resident_prefix(t, mm));
	mmput(mm);
}

/* MAP_POPULATE's flags: a failed page ends its VMA, no error. */
static void populate_count_map_populate(struct ktest *t)
{
	populate_count_after_failure(t, POPULATE_IGNORE_ERRORS, 0);
}

/* mlock()'s flags: the failure ends the walk with -ENOMEM. */
static void populate_count_mlock(struct ktest *t)
{
	populate_count_after_failure(t, POPULATE_SKIP_NOACCESS, -ENOMEM);
}

/* MADV_POPULATE_WRITE's flags: -ENOMEM. */
static void populate_count_madv_populate_write(struct ktest *t)
{
	populate_count_after_failure(t, POPULATE_WRITE, -ENOMEM);
}

/*
 * The system calls over the same failure: mmap(MAP_POPULATE) still
 * succeeds, mlock() fails with -EAGAIN (Linux's errno for "could not
 * lock it all"), MADV_POPULATE_WRITE with -ENOMEM; each leaves a
 * populated prefix.
 */
static void map_populate_partial(struct ktest *t)
{
	struct mm *mm = mapped_mm(t, MAP_POPULATE);

	if (!mm)
		return;
	resident_prefix(t, mm);
	mmput(mm);
}

static void mlock_partial(struct ktest *t)
{
	struct mm *mm = mapped_mm(t, 0);

	if (!mm)
		return;
	page_alloc_fail_nth(FAIL_NTH);
	KTEST_EXPECT_EQ(t, do_mlock(mm, PG(0), NR_PAGES * PAGE_SIZE),
			-EAGAIN);
	page_alloc_fail_nth(0);
	resident_prefix(t, mm);
	mmput(mm);
}

static void madv_populate_write_partial(struct ktest *t)
{
	struct mm *mm = mapped_mm(t, 0);

	if (!mm)
		return;
	page_alloc_fail_nth(FAIL_NTH);
	KTEST_EXPECT_EQ(t, do_madvise(mm, PG(0), NR_PAGES * PAGE_SIZE,
				      MADV_POPULATE_WRITE), -ENOMEM);
	page_alloc_fail_nth(0);
	resident_prefix(t, mm);
	mmput(mm);
}

KTEST_SUITE(mm_populate,
	    KTEST_CASE(populate_count_map_populate),
	    KTEST_CASE(populate_count_mlock),
	    KTEST_CASE(populate_count_madv_populate_write),
	    KTEST_CASE(map_populate_partial),
	    KTEST_CASE(mlock_partial),
	    KTEST_CASE(madv_populate_write_partial));
