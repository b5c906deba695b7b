// SPDX-License-Identifier: MIT
/*
 * The mmap-family system calls against Linux's semantics where they are
 * easy to get wrong: mlockall walking VMAs that merge under it, locked_vm
 * with VM_PFNMAP VMAs, mlock over a hole, stack guard gaps for hints and
 * brk, brk killed while waiting, MAP_SHARED|MAP_GROWSDOWN,
 * PROT_GROWSDOWN/UP and MAP_FIXED being all or nothing. Every case frees
 * what it built; the free-page and charge invariants check that.
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "tests/mm/mm_test_util.h"

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define PG(n)	(TEST_VA + (n) * PAGE_SIZE)

/* A fixed anonymous private mapping of @n pages at page @first. */
static long map_at(struct mm *mm, unsigned long first, unsigned long n,
		   unsigned long prot, unsigned long extra)
{
	return do_mmap(mm, PG(first), n * PAGE_SIZE, prot,
		       ANON | MAP_FIXED | extra, -1, 0);
}

static bool locked_at(struct mm *mm, vaddr_t va)
{
	struct vm_area *vma = vma_find(&mm->vmas, va);

	return vma && (vma->flags & VM_LOCKED);
}

/*
 * mlockall over a VMA that merges into its predecessor: the walk must
 * not step from the freed VMA (reviewer's probe).
 *   [0..4 RW locked][4..8 RW][hole][32 RO]
 * mlockall(MCL_CURRENT | MCL_ONFAULT): [4..8) merges into [0..4) and is
 * freed; [32] must still be locked: locked_vm 9. munlockall: 0.
 */
static void mlockall_after_merge_into_prev(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 8, RW, 0), PG(0));
	KTEST_EXPECT_EQ(t, map_at(mm, 32, 1, PROT_READ, 0), PG(32));
	KTEST_EXPECT_EQ(t, do_mlock2(mm, PG(0), 4 * PAGE_SIZE, MLOCK_ONFAULT),
			0);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 3);
	KTEST_EXPECT_EQ(t, do_mlockall(mm, MCL_CURRENT | MCL_ONFAULT), 0);
	KTEST_EXPECT(t, locked_at(mm, PG(32)));
	KTEST_EXPECT_EQ(t, count_vmas(mm), 2);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 9);
	KTEST_EXPECT_EQ(t, do_munlockall(mm), 0);
	KTEST_EXPECT(t, !locked_at(mm, PG(0)) && !locked_at(mm, PG(32)));
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	mmput(mm);
}

/*
 * VM_PFNMAP VMAs are never locked (Linux mlock_fixup() skips
 * VM_SPECIAL), so locked_vm must not count them:
 *   [0..2 RW][2..4 PFNMAP]
 * mlock2(ONFAULT) over all four pages: locked_vm 2; munlock: 0;
 * mlockall(CURRENT | ONFAULT): 2; munlockall: 0.
 */
static void mlock_does_not_count_pfnmap(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	int err;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 2, RW, 0), PG(0));
	mmap_write_lock(mm);
	err = vma_map(&mm->vmas, PG(2), 2 * PAGE_SIZE, VM_READ | VM_PFNMAP,
		      PG(2) >> PAGE_SHIFT);
	if (!err)
		mm->total_vm += 2;
	mmap_write_unlock(mm);
	KTEST_ASSERT_EQ(t, err, 0);
	KTEST_EXPECT_EQ(t, do_mlock2(mm, PG(0), 4 * PAGE_SIZE, MLOCK_ONFAULT),
			0);
	KTEST_EXPECT(t, locked_at(mm, PG(0)) && !locked_at(mm, PG(2)));
	KTEST_EXPECT_EQ(t, mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, do_munlock(mm, PG(0), 4 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	KTEST_EXPECT_EQ(t, do_mlockall(mm, MCL_CURRENT | MCL_ONFAULT), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, do_munlockall(mm), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	mmput(mm);
}

/*
 * mlock/munlock over a hole, Linux's apply_vma_lock_flags() shape:
 *   [0..2 RW][hole 2][3..5 RW]
 * mlock(0, 5 pages): -ENOMEM, [0..2) locked (not populated), [3..5) not;
 * munlock(0, 5 pages): -ENOMEM, [0..2) unlocked again;
 * mlock(2, 3 pages), starting in the hole: -ENOMEM, nothing changed.
 */
static void mlock_over_hole_changes_vmas_before_it(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 2, RW, 0), PG(0));
	KTEST_EXPECT_EQ(t, map_at(mm, 3, 2, RW, 0), PG(3));
	KTEST_EXPECT_EQ(t, do_mlock(mm, PG(0), 5 * PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT(t, locked_at(mm, PG(0)) && locked_at(mm, PG(1)));
	KTEST_EXPECT(t, !locked_at(mm, PG(3)));
	KTEST_EXPECT_EQ(t, mm->locked_vm, 2);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, do_munlock(mm, PG(0), 5 * PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT(t, !locked_at(mm, PG(0)));
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	KTEST_EXPECT_EQ(t, do_mlock(mm, PG(2), 3 * PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT(t, !locked_at(mm, PG(3)));
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	mmput(mm);
}

/*
 * A hint inside a stack's guard gap is not taken (Linux checks it
 * against vm_start_gap()); one that ends where the gap starts is.
 *   [gap: VMA_STACK_GUARD_GAP][stack at S, MAP_GROWSDOWN]
 */
static void mmap_hint_respects_stack_guard_gap(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	vaddr_t s = TEST_VA + VMA_STACK_GUARD_GAP + (64UL << PAGE_SHIFT);
	vaddr_t gap = s - VMA_STACK_GUARD_GAP, hint = s - 2 * PAGE_SIZE;
	long a;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, s, PAGE_SIZE, RW,
				   ANON | MAP_FIXED | MAP_GROWSDOWN, -1, 0),
			(long)s);
	a = do_mmap(mm, hint, PAGE_SIZE, RW, ANON, -1, 0);
	KTEST_EXPECT_NE(t, a, (long)hint);
	KTEST_EXPECT(t, a > 0 && ((vaddr_t)a + PAGE_SIZE <= gap ||
				  (vaddr_t)a >= s + PAGE_SIZE));
	KTEST_EXPECT_EQ(t, do_mmap(mm, gap - PAGE_SIZE, PAGE_SIZE, RW, ANON,
				   -1, 0),
			(long)(gap - PAGE_SIZE));
	mmput(mm);
}

/*
 * brk stops a page below a stack's guard gap (Linux: newbrk + PAGE_SIZE
 * > vm_start_gap(next) fails), not a page below the stack itself.
 *   [heap at 0 ...][gap 256 pages below S][stack at S = page 300]
 */
static void brk_respects_stack_guard_gap(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	vaddr_t s = PG(300), gap = s - VMA_STACK_GUARD_GAP;

	KTEST_ASSERT_NOT_NULL(t, mm);
	mm->start_brk = mm->brk = PG(0);
	KTEST_EXPECT_EQ(t, do_mmap(mm, s, PAGE_SIZE, RW,
				   ANON | MAP_FIXED | MAP_GROWSDOWN, -1, 0),
			(long)s);
	KTEST_EXPECT_EQ(t, do_brk(mm, s - 2 * PAGE_SIZE), PG(0));
	KTEST_EXPECT_EQ(t, do_brk(mm, gap), PG(0));
	KTEST_EXPECT_EQ(t, do_brk(mm, gap - PAGE_SIZE), gap - PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->total_vm, 1 + (gap - PAGE_SIZE - PG(0)) /
						     PAGE_SIZE);
	mmput(mm);
}

struct brk_waiter {
	struct mm *mm;
	vaddr_t ret;
	struct task *task;
	struct completion done;
};

static int brk_waiter_fn(void *arg)
{
	struct brk_waiter *w = arg;

	w->ret = do_brk(w->mm, PG(4));
	complete(&w->done);
	return 0;
}

/*
 * brk killed while waiting for mmap_lock returns -EINTR (Linux's brk
 * does "return -EINTR" there), not the old break; the heap is unchanged.
 * The case holds mmap_lock for writing while a thread calls brk.
 */
static void brk_killed_waiting_returns_eintr(struct ktest *t)
{
	unsigned long base = task_count();
	struct mm *mm = mm_alloc();
	struct brk_waiter w = { .mm = mm };

	KTEST_ASSERT_NOT_NULL(t, mm);
	mm->start_brk = mm->brk = PG(0);
	init_completion(&w.done);
	mmap_write_lock(mm);
	w.task = kthread_run(brk_waiter_fn, &w, "brk-waiter");
	KTEST_ASSERT_NOT_NULL(t, w.task);
	ktest_wait_until(t, rwsem_nr_waiters(&mm->mmap_lock) == 1,
			 KTEST_WAIT_MS);
	task_kill(w.task);
	ktest_wait_completion(t, &w.done, KTEST_WAIT_MS);
	mmap_write_unlock(mm);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, (long)w.ret, -EINTR);
	KTEST_EXPECT_EQ(t, mm->brk, PG(0));
	KTEST_EXPECT_EQ(t, mm->total_vm, 0);
	mmput(mm);
}

/*
 * Anonymous MAP_SHARED | MAP_GROWSDOWN is -EINVAL (Linux do_mmap()),
 * also with MAP_FIXED over a mapping, which then stays as it was.
 */
static void mmap_shared_growsdown_einval(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, PAGE_SIZE, RW,
				   MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN,
				   -1, 0),
			-EINVAL);
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 1, RW, MAP_POPULATE), PG(0));
	KTEST_EXPECT_EQ(t, do_mmap(mm, PG(0), PAGE_SIZE, RW,
				   MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED |
					   MAP_GROWSDOWN,
				   -1, 0),
			-EINVAL);
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, PG(0), NULL));
	KTEST_EXPECT_EQ(t, mm->total_vm, 1);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	mmput(mm);
}

/*
 * PROT_GROWSDOWN (Linux do_mprotect_pkey()): on a VM_GROWSDOWN VMA the
 * range extends down to the VMA's start; on any other VMA -EINVAL, and
 * so is PROT_GROWSUP (no VMA grows up on x86_64); a hole at the start
 * is -ENOMEM.
 *   [0..4 RW stack, GROWSDOWN][hole][8..10 RW]
 * mprotect(2, 1 page, READ | GROWSDOWN) -> [0..3) READ, [3..4) RW.
 */
static void mprotect_growsdown_and_growsup(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	struct vm_area *vma;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 4, RW, MAP_GROWSDOWN), PG(0));
	KTEST_EXPECT_EQ(t, map_at(mm, 8, 2, RW, 0), PG(8));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(2), PAGE_SIZE,
				       PROT_READ | PROT_GROWSDOWN),
			0);
	vma = vma_find(&mm->vmas, PG(0));
	KTEST_ASSERT_NOT_NULL(t, vma);
	KTEST_EXPECT_EQ(t, vma->end, PG(3));
	KTEST_EXPECT_EQ(t, vma->flags & VM_ACCESS_FLAGS, VM_READ);
	vma = vma_find(&mm->vmas, PG(3));
	KTEST_EXPECT(t, vma && (vma->flags & VM_WRITE));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(9), PAGE_SIZE,
				       PROT_READ | PROT_GROWSDOWN),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(8), PAGE_SIZE,
				       PROT_READ | PROT_GROWSUP),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(5), PAGE_SIZE,
				       PROT_READ | PROT_GROWSUP),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, PG(5), PAGE_SIZE,
				       PROT_READ | PROT_GROWSDOWN),
			-ENOMEM);
	vma = vma_find(&mm->vmas, PG(8));
	KTEST_EXPECT(t, vma && vma->start == PG(8) && vma->end == PG(10) &&
				(vma->flags & VM_WRITE));
	mmput(mm);
}

/* VMA allocations that always fail; frees as the default (kmalloc). */
static struct vm_area *vma_alloc_none(struct vma_alloc_ops *ops)
{
	return NULL;
}

static void vma_free_kfree(struct vma_alloc_ops *ops, struct vm_area *vma)
{
	kfree(vma);
}

static struct vma_alloc_ops vma_fail_ops = {
	.alloc = vma_alloc_none,
	.free = vma_free_kfree,
};

/*
 * MAP_FIXED exactly over a mapping, with no memory for a VMA: -ENOMEM
 * and the old mapping is untouched (page still mapped, counted), since
 * MAP_FIXED is all or nothing (vma_map_fixed()).
 */
static void mmap_fixed_all_or_nothing(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	struct vma_alloc_ops *ops;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 2, RW, MAP_POPULATE), PG(0));
	/* The allocator is [I], but this case holds the only reference. */
	ops = mm->vmas.ops;
	mm->vmas.ops = &vma_fail_ops;
	KTEST_EXPECT_EQ(t, map_at(mm, 0, 2, PROT_READ, 0), -ENOMEM);
	mm->vmas.ops = ops;
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	KTEST_EXPECT(t, vma_find(&mm->vmas, PG(1)) != NULL);
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, PG(1), NULL));
	KTEST_EXPECT_EQ(t, mm->total_vm, 2);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 2);
	mmput(mm);
}

KTEST_SUITE(mm_mmap,
	    KTEST_CASE(mlockall_after_merge_into_prev),
	    KTEST_CASE(mlock_does_not_count_pfnmap),
	    KTEST_CASE(mlock_over_hole_changes_vmas_before_it),
	    KTEST_CASE(mmap_hint_respects_stack_guard_gap),
	    KTEST_CASE(brk_respects_stack_guard_gap),
	    KTEST_CASE(brk_killed_waiting_returns_eintr),
	    KTEST_CASE(mmap_shared_growsdown_einval),
	    KTEST_CASE(mprotect_growsdown_and_growsup),
	    KTEST_CASE(mmap_fixed_all_or_nothing));
