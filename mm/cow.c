// SPDX-License-Identifier: MIT
/*
 * The copy-on-write fault (Linux's do_wp_page(), wp_page_reuse() and
 * wp_page_copy()): a write to a present, read-only entry of a private
 * writable VMA - what fork_mm() leaves in both mms.
 *
 *   the page is the mapping's alone (mapcount 1, refcount 1: no other
 *   mm and no other holder)  -> reuse: the entry becomes writable
 *   otherwise                -> copy: a new page, charged like any page
 *                               a user fault allocates, replaces the
 *                               entry; the old page loses this mapping
 * So of two mms sharing a page the first writer copies and the second
 * finds itself alone and reuses: the page is copied once. Linux 6.1
 * decides reuse by the folio's reference count (do_wp_page() reuses an
 * anonymous folio whose folio_ref_count() is 1); the mapcount test here
 * says the same for a page with no extra holder.
 *
 * The copy is charged through mm_alloc_user_page() to the faulting
 * mm's owner's memory cgroup in the fault's context, so every memcg
 * design applies as to any user fault: at the limit it reclaims,
 * OOM-kills, retries or fails with VM_FAULT_OOM. The old page keeps its
 * own charge until its last reference goes.
 *
 * Invariant: an entry becomes writable only while its page is mapped by
 * this entry alone. Runs under the mmap_lock held for reading: a zap of
 * the entry beside it (MADV_DONTNEED, the OOM reaper) makes the
 * replacement fail (the entry changed), and the access is retried.
 *
 * Locking: [a] the counters.
 */
#include "lib/string.h"
#include "mm/cow.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"

static unsigned long nr_copies;		/* [a] pages copied */
static unsigned long nr_reuses;		/* [a] entries made writable */

/* Is @page mapped by the faulting entry only, with no other holder? */
static bool cow_page_exclusive(struct page *page)
{
	return page_mapcount(page) == 1 &&
	       __atomic_load_n(&page->refcount, __ATOMIC_ACQUIRE) == 1;
}

/* The entry's page is ours alone: let the write through. */
static vm_fault_t cow_reuse(struct mm *mm, struct vm_area *vma, vaddr_t addr)
{
	arch_pt_protect(&mm->pt, addr, addr + PAGE_SIZE,
			mm_vm_prot(vma->flags));
	mm_flush_tlb_range(mm, addr, addr + PAGE_SIZE);
	__atomic_add_fetch(&nr_reuses, 1, __ATOMIC_RELAXED);
	return 0;
}

/**
 * cow_wp_page - resolve a copy-on-write fault (cow_fault_wanted()).
 * @mm: the faulting address space
 * @vma: the private, writable VMA containing @addr
 * @addr: page-aligned user address
 * @leaf: the read-only entry as the fault saw it
 * @ctx: the charge context of a copy (a user fault or populate)
 *
 * Context: mm->mmap_lock held for reading; may sleep (allocation, the
 * charge, TLB shootdown).
 * Return: 0 (the access is retried, also when the entry changed
 * meanwhile); VM_FAULT_OOM when no page or no charge could be had.
 */
vm_fault_t cow_wp_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		       pte_t leaf, enum charge_ctx ctx)
{
	paddr_t old_pa = arch_pte_paddr(leaf);
	struct page *page;

	if (cow_page_exclusive(pfn_to_page(old_pa >> PAGE_SHIFT)))
		return cow_reuse(mm, vma, addr);
	page = mm_alloc_user_page(mm, GFP_HIGHUSER_MOVABLE, ctx, true);
	if (!page)
		return VM_FAULT_OOM;
	memcpy(phys_to_virt(page_to_pfn(page) << PAGE_SHIFT),
	       phys_to_virt(old_pa), PAGE_SIZE);
	if (mm_replace_user_page(mm, vma, addr, leaf, page))
		put_user_page(page);	/* the entry changed: retry */
	else
		__atomic_add_fetch(&nr_copies, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Pages copied by copy-on-write faults since boot. Context: any. */
unsigned long cow_nr_copies(void)
{
	return __atomic_load_n(&nr_copies, __ATOMIC_RELAXED);
}

/* Copy-on-write faults that reused the page since boot. Context: any. */
unsigned long cow_nr_reuses(void)
{
	return __atomic_load_n(&nr_reuses, __ATOMIC_RELAXED);
}
