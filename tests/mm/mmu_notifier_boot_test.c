// SPDX-License-Identifier: MIT
/*
 * mm/mmu_notifier.c's non-blockable start and the 4.16-4.18 flag, with
 * two mirrors (drivers/mirror.c) on one address space:
 *
 *   [TEST_VA, +4 pages)  mirrored by A (refuses: live entries, a drain
 *                        time) and by B (accepts: no drain time)
 *
 * A non-blockable start (the OOM reaper's) fails with -EAGAIN, but B,
 * registered after A, is still called and, having started, ended (A is
 * not: it never started); the refusal is logged in Linux's shape. The
 * OOM reaper of 4.16-4.18 naps only for a notifier without
 * MMU_INVALIDATE_DOES_NOT_BLOCK.
 */
#include "drivers/mirror.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "tests/kernel/log_capture.h"
#include "tests/mm/mm_test_util.h"

#define MN_PAGES	4
#define MN_END		(TEST_VA + MN_PAGES * PAGE_SIZE)

static struct mm *mn_mm(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return NULL;
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA, MN_PAGES * PAGE_SIZE,
				   PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				   0),
			TEST_VA);
	return mm;
}

static void mmu_notifier_nonblock_calls_every_notifier(struct ktest *t)
{
	struct mmu_notifier_range r;
	struct mirror *a, *b;
	struct log_capture cap;
	struct mm *mm = mn_mm(t);

	if (!mm)
		return;
	KTEST_ASSERT_EQ(t, mirror_create(mm, TEST_VA, MN_END, &a), 0);
	KTEST_ASSERT_EQ(t, mirror_create(mm, TEST_VA, MN_END, &b), 0);
	KTEST_EXPECT_EQ(t, mirror_snapshot(a), MN_PAGES);
	KTEST_EXPECT_EQ(t, mirror_snapshot(b), MN_PAGES);
	mirror_set_sleep(a, 5);
	mmu_notifier_range_init(&r, MMU_NOTIFY_UNMAP, 0, mm, TEST_VA, MN_END);
	log_capture_begin(&cap);
	KTEST_EXPECT_EQ(t, mmu_notifier_invalidate_range_start(&r), -EAGAIN);
	log_capture_end(&cap);
	KTEST_EXPECT(t, log_capture_contains(
		"mirror_invalidate_start+0x0/0x"));
	KTEST_EXPECT(t, log_capture_contains(
		" callback failed with -11 in non-blockable context.\n"));
	KTEST_EXPECT_EQ(t, a->nr_eagain, 1);
	KTEST_EXPECT_EQ(t, a->nr_end, 0);
	KTEST_EXPECT_EQ(t, b->nr_nonblock, 1);	/* called after A refused */
	KTEST_EXPECT_EQ(t, b->nr_end, 1);	/* and ended: it started */
	KTEST_EXPECT_EQ(t, b->invalidating, 0);
	KTEST_EXPECT_EQ(t, mirror_nr_live(a), MN_PAGES);
	mmput(mm);
	mirror_destroy(a);
	mirror_destroy(b);
}

static void mmu_notifier_does_not_block_flag(struct ktest *t)
{
	struct mirror *flagged, *plain;
	struct mm *mm = mn_mm(t);

	if (!mm)
		return;
	KTEST_EXPECT(t, !mm_has_notifiers(mm));
	KTEST_EXPECT_EQ(t, mirror_create_flags(mm, TEST_VA, MN_END, 1U << 7,
					       &flagged),
			-EINVAL);
	KTEST_ASSERT_EQ(t, mirror_create_flags(mm, TEST_VA, MN_END,
					       MMU_INVALIDATE_DOES_NOT_BLOCK,
					       &flagged),
			0);
	KTEST_EXPECT(t, mm_has_notifiers(mm));
	KTEST_EXPECT(t, !mm_has_blockable_invalidate_notifiers(mm));
	KTEST_ASSERT_EQ(t, mirror_create(mm, TEST_VA, MN_END, &plain), 0);
	KTEST_EXPECT(t, mm_has_blockable_invalidate_notifiers(mm));
	mirror_destroy(plain);
	KTEST_EXPECT(t, !mm_has_blockable_invalidate_notifiers(mm));
	mmput(mm);
	mirror_destroy(flagged);
}

KTEST_SUITE(mmu_notifier,
	KTEST_CASE(mmu_notifier_nonblock_calls_every_notifier),
	KTEST_CASE(mmu_notifier_does_not_block_flag));
