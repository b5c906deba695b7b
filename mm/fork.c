// SPDX-License-Identifier: MIT
/*
 * Copying an address space at fork (Linux's dup_mm() and dup_mmap()):
 * the child gets the parent's VMAs and page tables, not its pages.
 *
 *   private page   both mms map it read-only: mapcount and refcount go
 *                  up by one, nothing is copied or charged; the first
 *                  write in either mm takes a copy-on-write fault
 *                  (mm/cow.c)
 *   shared page    both map it with the VMA's protection; the child
 *                  uses the parent's shared page set (mm_shared_fork())
 *   file page      both map it (the child's VMA maps the same page
 *                  cache and pins the file: mm/filemap_rmap.h); a
 *                  shared one read-only in the child, whose first
 *                  write dirties it as any mapping's does
 *   zero page      mapped read-only in the child too
 *   PFNMAP VMA     not copied: its raw frames are a driver's, not ours
 *                  to hand to a second process
 *
 * Central invariant: once fork_mm() returns, every private page of the
 * parent is mapped read-only in both mms (the parent's TLBs flushed), so
 * no write reaches a page another mm maps. The parent's mmap_lock is
 * held for writing throughout: no fault, zap or OOM reaper pass
 * (read lock) of the parent runs while its tables are walked.
 *
 * The copy goes a page table at a time, as Linux's copy_pte_range():
 * the parent's populated entries of one table are read under one hold
 * of its page-table lock and entered in the child's table under one
 * hold of the child's, so a fork costs its tables' locking plus, per
 * entry, the copy and its page's counts (refcount, mapcount, RSS).
 *
 * The child's page tables are allocated as the parent's were and charged
 * as kernel memory (CHARGE_KERNEL) to the memory cgroup of the mm's
 * owner during the copy: the parent's owner, in the cgroup the child
 * starts in; the caller then names the child's thread the owner
 * (mm_fork_owner()). VM_LOCKED is not inherited (Linux's dup_mmap()
 * clears VM_LOCKED and VM_LOCKONFAULT; mlockall's def_flags are not
 * copied either), so the child's locked_vm starts at 0.
 */
#include <arch/smp.h>
#include "lib/errno.h"
#include "mm/filemap_rmap.h"
#include "mm/fork.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

/* mm/mmap.c's VM_LOCKONFAULT: MLOCK_ONFAULT's VMA bit. */
#define FORK_VM_LOCKONFAULT	(1UL << 62)
#define FORK_VM_NOT_INHERITED	(VM_LOCKED | FORK_VM_LOCKONFAULT)
/* One level-0 table: the entries a copy enters with one lock round. */
#define FORK_TABLE_SPAN		PAGE_SIZE_2M
#define FORK_TABLE_ENTRIES	(FORK_TABLE_SPAN / PAGE_SIZE)

/* A table's worth of the parent's entries (kmalloc'ed: 8 KiB). */
struct fork_batch {
	vaddr_t *vas;
	pte_t *leaves;
};

/* Take (@sign 1) or drop (-1) the child's mapping references of @leaves'
 * user pages; the zero page has none. */
static void fork_ref_leaves(const pte_t *leaves, unsigned int n, int sign)
{
	for (unsigned int i = 0; i < n; i++) {
		struct page *page;

		if (arch_pte_special(leaves[i]))
			continue;
		page = pfn_to_page(arch_pte_paddr(leaves[i]) >> PAGE_SHIFT);
		if (sign > 0)
			page_get(page);
		else
			put_user_page(page);
	}
}

/*
 * Enter what the parent maps in [@start, @end) in @child, a table at a
 * time: one locked read of the parent's table, one locked write of the
 * child's (Linux's copy_pte_range()), so an entry costs its copy and its
 * page's counts, not a page-table walk of its own.
 */
static int fork_copy_range(struct mm *parent, struct mm *child,
			   struct vm_area *cvma, struct fork_batch *b,
			   vaddr_t start, vaddr_t end)
{
	vaddr_t va = start;

	while (va < end) {
		unsigned int n, i, j;

		va = arch_pt_read_batch(&parent->pt, va, end, b->vas,
					b->leaves, FORK_TABLE_ENTRIES, &n);
		for (i = 0; i < n; i = j) {
			vaddr_t table_end = ALIGN_DOWN(b->vas[i],
						       FORK_TABLE_SPAN) +
					    FORK_TABLE_SPAN;
			int err;

			for (j = i; j < n && b->vas[j] < table_end; j++)
				;
			fork_ref_leaves(b->leaves + i, j - i, 1);
			err = mm_map_user_table(child, cvma, b->vas + i,
						b->leaves + i, j - i,
						CHARGE_KERNEL);
			if (err) {
				fork_ref_leaves(b->leaves + i, j - i, -1);
				return err;
			}
		}
	}
	return 0;
}

/* The child's VMA for the parent's @vma, its entries and protection. */
static int fork_copy_vma(struct mm *parent, struct mm *child,
			 struct vm_area *vma, struct fork_batch *b)
{
	unsigned long flags = vma->flags & ~FORK_VM_NOT_INHERITED;
	unsigned int ro = mm_vm_prot(flags) & ~ARCH_PROT_WRITE;
	struct vm_area *cvma;
	int err;

	err = vma_map_file(&child->vmas, vma->start, vma->end - vma->start,
			   flags, vma->pgoff, vma->mapping);
	if (err)
		return err;
	mmap_vm_account(child, flags, (long)vma_pages(vma));
	cvma = vma_first_at_or_after(&child->vmas, vma->start);
	err = fork_copy_range(parent, child, cvma, b, vma->start, vma->end);
	if (!err && vma->mapping && (flags & VM_SHARED))
		/* The child's first write faults and dirties the page:
		 * writeback may clean it before the child's file links
		 * exist (filemap_rmap_sync()), and would not protect a
		 * writable entry of the child. */
		arch_pt_protect(&child->pt, vma->start, vma->end, ro);
	if (err || (flags & VM_SHARED) || !(flags & VM_WRITE))
		return err;
	/* Private and writable: read-only on both sides until a write. */
	arch_pt_protect(&parent->pt, vma->start, vma->end, ro);
	arch_pt_protect(&child->pt, vma->start, vma->end, ro);
	return 0;
}

/**
 * fork_mm - a copy of @parent for a forked child, sharing its pages
 * copy-on-write.
 * @parent: the forking thread's mm (current->mm)
 * @out: set to the new mm (mm_users 1, @parent's owner)
 *
 * Linux's dup_mm(). The copy is charged to @parent's owner's memory
 * cgroup: the new mm starts with @parent's owner, and the caller hands
 * it to the child with mm_fork_owner() before the child runs.
 *
 * Context: task context, may sleep; takes @parent's mmap_lock for
 * writing (killably, as Linux's dup_mmap()).
 * Return: 0; -ENOMEM (a table page or its charge, the copy's buffer);
 * -EINTR (killed while waiting for the lock). On failure nothing is
 * left.
 */
int fork_mm(struct mm *parent, struct mm **out)
{
	struct fork_batch b = {
		.vas = kmalloc(FORK_TABLE_ENTRIES * sizeof(vaddr_t), GFP_KERNEL),
		.leaves = kmalloc(FORK_TABLE_ENTRIES * sizeof(pte_t), GFP_KERNEL),
	};
	struct mm *child = NULL;
	struct vm_area *vma;
	int err = -ENOMEM;

	if (!b.vas || !b.leaves)
		goto out;
	child = mm_alloc();
	if (!child)
		goto out;
	if (mm_owner(parent))
		mm_set_owner(child, mm_owner(parent));
	err = -EINTR;
	if (mmap_write_lock_killable(parent))
		goto out;
	child->start_brk = parent->start_brk;
	child->brk = parent->brk;
	mm_shared_fork(parent, child);
	mm_flag_set(parent, MMF_COW_SHARED);
	mm_flag_set(child, MMF_COW_SHARED);
	err = 0;
	vma_for_each(vma, &parent->vmas) {
		if (vma->flags & VM_PFNMAP)
			continue;
		err = fork_copy_vma(parent, child, vma, &b);
		if (err)
			break;
	}
	/* Entries the parent had writable are read-only now. */
	mm_flush_tlb_range(parent, 0, TLB_FLUSH_ALL);
	mmap_write_unlock(parent);
	if (!err)	/* the child's VMAs pin their files too */
		err = filemap_rmap_sync(child);
	if (!err) {
		*out = child;
		child = NULL;
	}
out:
	if (child)
		mmput(child);	/* unmaps what was copied */
	kfree(b.vas);
	kfree(b.leaves);
	return err;
}
