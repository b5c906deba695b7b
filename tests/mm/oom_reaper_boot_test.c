// SPDX-License-Identifier: MIT
/*
 * mm/oom_reaper.c's walk, outside any scenario: what a pass counts.
 *
 * Linux 4.17-4.19's exit_mmap() runs its own reaping walk while the
 * reaper thread may be walking the same mm (under the read lock), so a
 * walk that counted "RSS before minus RSS after" counted the other
 * walk's pages too - pages_reaped then exceeded what was ever mapped.
 * Here the other walker is a notifier that zaps a second VMA while the
 * reaper's walk is at the first: the walk must count only its own.
 *
 * And switching the design switches every rwsem to the flavour that
 * design shipped with, unless rwsem.flavour= named one.
 */
#include "kernel/ktest.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/oom_reaper.h"
#include "mm/oom_reaper_design.h"
#include "tests/mm/mm_test_util.h"

#define FIRST_PAGES	4
#define SECOND_VA	(TEST_VA + 16 * PAGE_SIZE)
#define SECOND_PAGES	8

struct other_walker {
	struct mmu_notifier sub;
	unsigned long zapped;		/* pages it unmapped */
};

/* While the reaper invalidates the first VMA, unmap the second, as a
 * concurrent exit_mmap() walk would. */
static int zap_second_vma(struct mmu_notifier *sub,
			  const struct mmu_notifier_range *r)
{
	struct other_walker *w = container_of(sub, struct other_walker, sub);
	struct vm_area *second = vma_find(&r->mm->vmas, SECOND_VA);

	if (r->start == TEST_VA && second)
		w->zapped += mm_zap_range(r->mm, second, second->start,
					  second->end);
	return 0;
}

static const struct mmu_notifier_ops other_walker_ops = {
	.flags = MMU_INVALIDATE_DOES_NOT_BLOCK,
	.invalidate_range_start = zap_second_vma,
};

static bool map_and_touch(struct ktest *t, struct mm *mm, vaddr_t va,
			  unsigned long pages)
{
	if (!KTEST_EXPECT_EQ(t, do_mmap(mm, va, pages * PAGE_SIZE,
					PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS |
						MAP_FIXED,
					-1, 0),
			     (long)va))
		return false;
	for (unsigned long i = 0; i < pages; i++)
		if (!KTEST_EXPECT_EQ_U(t, fault_handle(mm, va + i * PAGE_SIZE,
						       FAULT_FLAG_WRITE),
				       0))
			return false;
	return true;
}

static void oom_reaper_counts_only_its_own_unmaps(struct ktest *t)
{
	struct other_walker w = { .sub.ops = &other_walker_ops };
	struct oom_reaper_stats st0, st1;
	struct mm *mm = mm_alloc();
	bool busy = false;

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return;
	if (map_and_touch(t, mm, TEST_VA, FIRST_PAGES) &&
	    map_and_touch(t, mm, SECOND_VA, SECOND_PAGES) &&
	    KTEST_EXPECT_EQ(t, mmu_notifier_register(&w.sub, mm), 0)) {
		oom_reaper_stats(&st0);
		mmap_read_lock(mm);
		KTEST_EXPECT_EQ(t, oom_reaper_reap_mm(
				mm, oom_reaper_policy(OOM_REAPER_RP419),
				&busy), OOM_PASS_FULL);
		mmap_read_unlock(mm);
		oom_reaper_stats(&st1);
		KTEST_EXPECT_EQ_U(t, w.zapped, SECOND_PAGES);
		KTEST_EXPECT_EQ_U(t, st1.pages_reaped - st0.pages_reaped,
				  FIRST_PAGES);
		KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
		mmu_notifier_unregister(&w.sub, mm);
	}
	mmput(mm);
}

static void oom_reaper_design_sets_rwsem_flavour(struct ktest *t)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	enum rwsem_flavour before = rwsem_get_flavour();

	oom_reaper_set_design(OOM_REAPER_RPMOD);
	KTEST_EXPECT_EQ(t, rwsem_get_flavour(),
			rwsem_flavour_explicit() ? before : RWSEM_FLAVOUR_V61);
	oom_reaper_set_design(OOM_REAPER_RP419);
	KTEST_EXPECT_EQ(t, rwsem_get_flavour(),
			rwsem_flavour_explicit() ? before : RWSEM_FLAVOUR_V4);
	oom_reaper_set_design(saved);
	KTEST_EXPECT_EQ(t, rwsem_get_flavour(), before);
}

KTEST_SUITE(oom_reaper, KTEST_CASE(oom_reaper_counts_only_its_own_unmaps),
	    KTEST_CASE(oom_reaper_design_sets_rwsem_flavour));
