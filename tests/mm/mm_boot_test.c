// SPDX-License-Identifier: MIT
/*
 * Address spaces, driven from kernel tests (no ring 3): mm life cycle,
 * mmap/munmap/mprotect seen through the page tables, demand-zero faults,
 * permission faults, stack growth, populate, mlock, mincore, MADV_*,
 * errnos. Every case frees everything it built; the free-page and
 * charged-page invariants check that after each case.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/charge.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "tests/mm/mm_test_util.h"

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)

/* A fixed anonymous private mapping of @n pages at TEST_VA. */
static long map_fixed(struct mm *mm, unsigned long n, unsigned long prot,
		      unsigned long extra)
{
	return do_mmap(mm, TEST_VA, n * PAGE_SIZE, prot,
		       ANON | MAP_FIXED | extra, -1, 0);
}

/* mm_alloc + mmput of an empty mm gives back every page, PML4 included
 * (the free-page invariant checks it); the new PML4 shares the kernel
 * half. */
static void mm_alloc_put_empty(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	const pte_t *k = phys_to_virt(arch_kernel_pt.root);
	const pte_t *u;

	KTEST_ASSERT_NOT_NULL(t, mm);
	u = phys_to_virt(mm->pt.root);
	KTEST_EXPECT_EQ(t, u[511], k[511]);
	KTEST_EXPECT_EQ(t, u[256], k[256]);
	KTEST_EXPECT_EQ(t, u[0], 0);
	KTEST_EXPECT_EQ(t, mm->pgtables, 0);	/* the root is not counted */
	mmput(mm);
}

/* A demand-zero write fault maps a zeroed, writable, user, NX page and
 * counts it; munmap removes it and the emptied tables. */
static void demand_zero_fault(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	struct vm_area *vma;
	pte_t leaf;
	u64 user_before = mm_charge_count(CHARGE_USER_FAULT);

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 4, RW, 0), TEST_VA);
	KTEST_EXPECT(t, !arch_pt_populated(&mm->pt, TEST_VA, NULL));
	mmap_read_lock(mm);
	vma = vma_first_at_or_after(&mm->vmas, TEST_VA + 100);
	KTEST_EXPECT_EQ(t, handle_mm_fault(mm, vma, TEST_VA + 100,
					   FAULT_FLAG_WRITE | FAULT_FLAG_USER),
			0);
	mmap_read_unlock(mm);
	KTEST_ASSERT(t, arch_pt_populated(&mm->pt, TEST_VA, &leaf));
	KTEST_EXPECT(t, (leaf & (PTE_P | PTE_U | PTE_W)) ==
				(PTE_P | PTE_U | PTE_W));
	KTEST_EXPECT_EQ(t, !!(leaf & PTE_NX), arch_mmu_has_nx());
	KTEST_EXPECT_EQ(t, *user_word(mm, TEST_VA + 8), 0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 1);
	KTEST_EXPECT_EQ(t, mm_charge_count(CHARGE_USER_FAULT),
			user_before + 4);	/* the page, PT, PD, PDPT */
	KTEST_EXPECT_EQ(t, mm->pgtables, 3);	/* PT, PD, PDPT */
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA, 4 * PAGE_SIZE), 0);
	KTEST_EXPECT(t, !arch_pt_populated(&mm->pt, TEST_VA, NULL));
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, mm->pgtables, 0);
	mmput(mm);
}

/*
 * mprotect of the middle page splits one VMA into three and the page
 * table follows; restoring the protection merges them back:
 *   [ RW | RW | RW | RW ]  ->  [ RW | R | RW RW ]  ->  [ RW RW RW RW ]
 * A partial munmap of the middle leaves two VMAs and a hole.
 */
static void mprotect_split_merge_munmap(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	pte_t leaf;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 4, RW, MAP_POPULATE), TEST_VA);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA + PAGE_SIZE, PAGE_SIZE,
				       PROT_READ), 0);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 3);
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, TEST_VA + PAGE_SIZE,
					  &leaf) && !(leaf & PTE_W));
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, TEST_VA, &leaf) &&
				(leaf & PTE_W));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA + PAGE_SIZE, PAGE_SIZE,
				       RW), 0);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, TEST_VA + PAGE_SIZE,
					  &leaf) && (leaf & PTE_W));
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, PAGE_SIZE, PROT_NONE), 0);
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, TEST_VA, &leaf) &&
				!(leaf & PTE_P));
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA + PAGE_SIZE, 2 * PAGE_SIZE),
			0);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 2);
	KTEST_EXPECT(t, !arch_pt_populated(&mm->pt, TEST_VA + PAGE_SIZE,
					   NULL));
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, TEST_VA + 3 * PAGE_SIZE,
					  NULL));
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 2);
	KTEST_EXPECT_EQ(t, mm->total_vm, 2);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, 4 * PAGE_SIZE, RW),
			-ENOMEM);	/* the hole */
	mmput(mm);
}

/* Access checks: write to read-only, read of PROT_NONE, exec of NX and an
 * address with no VMA are SIGSEGVs with the right reason. */
static void permission_faults(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 1, PROT_READ, 0), TEST_VA);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA, FAULT_FLAG_USER |
						      FAULT_FLAG_WRITE),
			VM_FAULT_SIGSEGV | VM_FAULT_BADACCESS);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA, FAULT_FLAG_USER |
						      FAULT_FLAG_INSTRUCTION),
			VM_FAULT_SIGSEGV | VM_FAULT_BADACCESS);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA, FAULT_FLAG_USER), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, PAGE_SIZE, PROT_NONE), 0);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA, FAULT_FLAG_USER),
			VM_FAULT_SIGSEGV | VM_FAULT_BADACCESS);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA + PAGE_SIZE,
					FAULT_FLAG_USER),
			VM_FAULT_SIGSEGV | VM_FAULT_BADMAP);
	KTEST_EXPECT_EQ(t, fault_handle(mm, ARCH_USER_HALF_END,
					FAULT_FLAG_USER),
			VM_FAULT_SIGSEGV | VM_FAULT_BADMAP);
	mmput(mm);
}

/* A fault just below a MAP_GROWSDOWN VMA grows it (one VMA, 3 pages);
 * a fault beyond the 8 MiB stack limit does not. */
static void stack_growth(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	vaddr_t top = TEST_VA + (16UL << 20);
	struct vm_area *vma;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, top - PAGE_SIZE, PAGE_SIZE, RW,
				   ANON | MAP_FIXED | MAP_GROWSDOWN, -1, 0),
			top - PAGE_SIZE);
	KTEST_EXPECT_EQ(t, fault_handle(mm, top - 3 * PAGE_SIZE + 8,
					FAULT_FLAG_USER | FAULT_FLAG_WRITE),
			0);
	vma = vma_first_at_or_after(&mm->vmas, 0);
	KTEST_ASSERT_NOT_NULL(t, vma);
	KTEST_EXPECT_EQ(t, vma->start, top - 3 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, vma->end, top);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	KTEST_EXPECT_EQ(t, mm->total_vm, 3);
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, top - 3 * PAGE_SIZE, NULL));
	KTEST_EXPECT_EQ(t, fault_handle(mm, top - MM_STACK_LIMIT - PAGE_SIZE,
					FAULT_FLAG_USER),
			VM_FAULT_SIGSEGV | VM_FAULT_BADMAP);
	mmput(mm);
}

/* MAP_POPULATE maps every page (mincore all 1, RSS = pages) through the
 * populate charge context; a plain mapping stays empty. */
static void populate_and_mincore(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	u64 pop_before = mm_charge_count(CHARGE_POPULATE);
	u8 vec[64];
	unsigned int sum = 0;

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 32, RW, MAP_POPULATE), TEST_VA);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + 32 * PAGE_SIZE,
				   32 * PAGE_SIZE, RW, ANON | MAP_FIXED, -1,
				   0),
			TEST_VA + 32 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);	/* merged */
	KTEST_EXPECT_EQ(t, do_mincore(mm, TEST_VA, 64 * PAGE_SIZE, vec), 0);
	for (int i = 0; i < 64; i++)
		sum += vec[i] << (i >= 32 ? 8 : 0);
	KTEST_EXPECT_EQ(t, sum, 32);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 32);
	KTEST_EXPECT_GE_U(t, mm_charge_count(CHARGE_POPULATE),
			  pop_before + 32);
	KTEST_EXPECT_EQ(t, do_mincore(mm, TEST_VA, 65 * PAGE_SIZE, vec),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, do_mincore(mm, TEST_VA + 1, PAGE_SIZE, vec),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, TEST_VA + 32 * PAGE_SIZE,
				      32 * PAGE_SIZE, MADV_POPULATE_WRITE), 0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 64);
	mmput(mm);
}

/* Linux's errnos for bad arguments. */
static void mmap_errnos(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, 0, RW, ANON, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + 1, PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, PAGE_SIZE, RW, MAP_ANONYMOUS, -1,
				   0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, PAGE_SIZE, RW, MAP_PRIVATE, 3, 0),
			-EBADF);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, PAGE_SIZE, RW, ANON, -1, 5),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0, ~0UL, RW, ANON, -1, 0), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mmap(mm, 0x1000, PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0), -EPERM);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 2, RW, 0), TEST_VA);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + PAGE_SIZE, PAGE_SIZE, RW,
				   ANON | MAP_FIXED_NOREPLACE, -1, 0),
			-EEXIST);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + 2 * PAGE_SIZE, PAGE_SIZE, RW,
				   ANON | MAP_FIXED_NOREPLACE, -1, 0),
			TEST_VA + 2 * PAGE_SIZE);
	/* A hint that is taken is returned; a busy one is not. */
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + 8 * PAGE_SIZE, PAGE_SIZE, RW,
				   ANON, -1, 0), TEST_VA + 8 * PAGE_SIZE);
	KTEST_EXPECT_NE(t, do_mmap(mm, TEST_VA, PAGE_SIZE, RW, ANON, -1, 0),
			TEST_VA);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA + 1, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_munmap(mm, TEST_VA + (1UL << 30), PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA + 1, PAGE_SIZE, RW),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect(mm, TEST_VA, PAGE_SIZE, 0x80), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, TEST_VA, PAGE_SIZE, 12345), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, TEST_VA + 1, PAGE_SIZE,
				      MADV_DONTNEED), -EINVAL);
	KTEST_EXPECT_EQ(t, do_madvise(mm, TEST_VA + (1UL << 30), PAGE_SIZE,
				      MADV_DONTNEED), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mlock2(mm, TEST_VA, PAGE_SIZE, 2), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mlockall(mm, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mlockall(mm, MCL_ONFAULT), -EINVAL);
	mmput(mm);
}

/* mlock populates and counts locked_vm; munlock undoes the count; a hole
 * is -ENOMEM after the VMAs before it were locked; MLOCK_ONFAULT locks
 * without populating; DONTNEED on locked memory is -EINVAL;
 * mlockall(MCL_CURRENT) locks everything. */
static void mlock_accounting(struct ktest *t)
{
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 8, RW, 0), TEST_VA);
	KTEST_EXPECT_EQ(t, do_mlock(mm, TEST_VA + 100, 2 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 3);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 2);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 3);
	KTEST_EXPECT_EQ(t, do_madvise(mm, TEST_VA, PAGE_SIZE, MADV_DONTNEED),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_munlock(mm, TEST_VA, 8 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	KTEST_EXPECT_EQ(t, count_vmas(mm), 1);
	/* Over a trailing hole: -ENOMEM after locking what is mapped. */
	KTEST_EXPECT_EQ(t, do_mlock(mm, TEST_VA, 9 * PAGE_SIZE), -ENOMEM);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 8);
	KTEST_EXPECT_EQ(t, do_munlock(mm, TEST_VA, 8 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, do_mlock2(mm, TEST_VA + 4 * PAGE_SIZE,
				     4 * PAGE_SIZE, MLOCK_ONFAULT), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 4);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 3);
	KTEST_EXPECT_EQ(t, do_mlockall(mm, MCL_CURRENT | MCL_FUTURE), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 8);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 8);
	KTEST_EXPECT_EQ(t, do_mmap(mm, TEST_VA + 16 * PAGE_SIZE, PAGE_SIZE,
				   RW, ANON | MAP_FIXED, -1, 0),
			TEST_VA + 16 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 9);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 9);
	KTEST_EXPECT_EQ(t, do_munlockall(mm), 0);
	KTEST_EXPECT_EQ(t, mm->locked_vm, 0);
	mmput(mm);
}

/* MADV_DONTNEED drops private pages (refault reads zero) but a shared
 * mapping's page set keeps the data (refault sees it again). */
static void madv_dontneed_private_and_shared(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	vaddr_t shared = TEST_VA + 16 * PAGE_SIZE;
	u8 vec[1];

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, map_fixed(mm, 2, RW, MAP_POPULATE), TEST_VA);
	*user_word(mm, TEST_VA) = 0x1234;
	KTEST_EXPECT_EQ(t, do_madvise(mm, TEST_VA, 2 * PAGE_SIZE,
				      MADV_DONTNEED), 0);
	KTEST_EXPECT(t, !arch_pt_populated(&mm->pt, TEST_VA, NULL));
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, fault_handle(mm, TEST_VA, FAULT_FLAG_USER), 0);
	KTEST_EXPECT_EQ(t, *user_word(mm, TEST_VA), 0);

	KTEST_EXPECT_EQ(t, do_mmap(mm, shared, PAGE_SIZE, RW,
				   MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED |
					   MAP_POPULATE,
				   -1, 0),
			shared);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_SHMEMPAGES), 1);
	*user_word(mm, shared) = 0x5678;
	KTEST_EXPECT_EQ(t, do_madvise(mm, shared, PAGE_SIZE, MADV_DONTNEED),
			0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_SHMEMPAGES), 0);
	KTEST_EXPECT_EQ(t, do_mincore(mm, shared, PAGE_SIZE, vec), 0);
	KTEST_EXPECT_EQ(t, vec[0], 1);	/* still in its page set */
	KTEST_EXPECT_EQ(t, fault_handle(mm, shared, FAULT_FLAG_USER), 0);
	KTEST_EXPECT_EQ(t, *user_word(mm, shared), 0x5678);
	mmput(mm);
}

/* brk grows the heap as one mapping, refuses to run into the next
 * mapping and shrinking unmaps. */
static void brk_grow_shrink(struct ktest *t)
{
	struct mm *mm = mm_alloc();
	vaddr_t base = TEST_VA;

	KTEST_ASSERT_NOT_NULL(t, mm);
	mm->start_brk = mm->brk = base;
	KTEST_EXPECT_EQ(t, do_brk(mm, 0), base);
	KTEST_EXPECT_EQ(t, do_brk(mm, base + 3 * PAGE_SIZE + 5),
			base + 3 * PAGE_SIZE + 5);
	KTEST_EXPECT_EQ(t, mm->total_vm, 4);
	KTEST_EXPECT_EQ(t, fault_handle(mm, base + 3 * PAGE_SIZE,
					FAULT_FLAG_USER | FAULT_FLAG_WRITE),
			0);
	KTEST_EXPECT_EQ(t, do_mmap(mm, base + 8 * PAGE_SIZE, PAGE_SIZE, RW,
				   ANON | MAP_FIXED, -1, 0),
			base + 8 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, do_brk(mm, base + 8 * PAGE_SIZE),
			base + 3 * PAGE_SIZE + 5);
	KTEST_EXPECT_EQ(t, do_brk(mm, base + PAGE_SIZE), base + PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm->total_vm, 2);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 0);
	KTEST_EXPECT_EQ(t, do_brk(mm, base - PAGE_SIZE), base + PAGE_SIZE);
	mmput(mm);
}

/* exit_mmap with pages spread over many tables frees every page and
 * table (free_pages_balance() returns to where it was) and sets
 * MMF_OOM_SKIP; mmget_not_zero fails on a dead mm. */
static void exit_mmap_frees_everything(struct ktest *t)
{
	unsigned long before = free_pages_balance();
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	for (int i = 0; i < 4; i++)
		KTEST_EXPECT_GT(t, do_mmap(mm, TEST_VA + ((u64)i << 30) +
						       i * (2UL << 20),
					   4 * PAGE_SIZE, RW,
					   ANON | MAP_FIXED | MAP_POPULATE,
					   -1, 0),
				0);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_ANONPAGES), 16);
	KTEST_EXPECT_GT(t, mm->pgtables, 8);
	mmgrab(mm);
	mmput(mm);
	KTEST_EXPECT(t, mm_flag_test(mm, MMF_OOM_SKIP));
	KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
	KTEST_EXPECT_EQ(t, mm->pgtables, 0);
	KTEST_EXPECT(t, !mmget_not_zero(mm));
	mmdrop(mm);
	KTEST_EXPECT_EQ(t, free_pages_balance(), before);
}

KTEST_SUITE(mm_addr_space,
	    KTEST_CASE(mm_alloc_put_empty),
	    KTEST_CASE(demand_zero_fault),
	    KTEST_CASE(mprotect_split_merge_munmap),
	    KTEST_CASE(permission_faults),
	    KTEST_CASE(stack_growth),
	    KTEST_CASE(populate_and_mincore),
	    KTEST_CASE(mmap_errnos),
	    KTEST_CASE(mlock_accounting),
	    KTEST_CASE(madv_dontneed_private_and_shared),
	    KTEST_CASE(brk_grow_shrink),
	    KTEST_CASE(exit_mmap_frees_everything));
