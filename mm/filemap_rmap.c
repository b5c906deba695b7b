// SPDX-License-Identifier: MIT
/*
 * Which address spaces map a file (see mm/filemap_rmap.h). Invariant:
 * while an mm has a VMA whose mapping is filemap_rmap_wanted(), a link
 * for that (mm, mapping) pair is on both lists and holds one reference
 * on the mapping's inode; the link is made before that VMA and dropped
 * after it, each under filemap_rmap.
 */
#include "fs/vfs.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "mm/filemap_rmap.h"
#include "mm/mm.h"
#include "mm/mmu_notifier.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

/* One mm that maps one file. */
struct filemap_rmap_link {
	struct list_head by_mapping;	/* [r] on mapping->i_mmap */
	struct list_head by_mm;		/* [r] on mm->file_maps */
	struct address_space *mapping;	/* [I] */
	struct mm *mm;			/* [I] */
};

static DEFINE_MUTEX(filemap_rmap);

static struct filemap_rmap_link *link_find(struct mm *mm,
					   struct address_space *mapping)
{
	struct filemap_rmap_link *link;

	list_for_each_entry(link, &mm->file_maps, by_mm)
		if (link->mapping == mapping)
			return link;
	return NULL;
}

/* Pin the file and link @link in. Context: [r]. */
static void link_add(struct filemap_rmap_link *link, struct mm *mm,
		     struct address_space *mapping)
{
	iget(mapping->inode);
	link->mapping = mapping;
	link->mm = mm;
	list_add_tail(&link->by_mapping, &mapping->i_mmap);
	list_add_tail(&link->by_mm, &mm->file_maps);
	__atomic_add_fetch(&mapping->nr_mms, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&mm->nr_file_maps, 1, __ATOMIC_RELAXED);
}

/* Unlink @link onto @gone; its pin is dropped by link_release(). */
static void link_del(struct filemap_rmap_link *link, struct list_head *gone)
{
	list_del_init(&link->by_mapping);
	list_del_init(&link->by_mm);
	__atomic_sub_fetch(&link->mapping->nr_mms, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&link->mm->nr_file_maps, 1, __ATOMIC_RELAXED);
	list_add_tail(&link->by_mm, gone);
}

/*
 * Drop the pins of unlinked links. The last iput() of a file evicts it
 * (ext2 writes it back or frees its blocks), so no lock may be held.
 */
static void link_release(struct list_head *gone)
{
	struct filemap_rmap_link *link, *next;

	list_for_each_entry_safe(link, next, gone, by_mm) {
		struct inode *inode = link->mapping->inode;

		list_del_init(&link->by_mm);
		kfree(link);
		iput(inode);
	}
}

/**
 * filemap_rmap_get - make sure @mm has a link for @mapping, before a VMA
 * of it is made (mmap).
 * @mm: the address space about to map the file
 * @mapping: the file's page cache; nothing happens unless
 *	     filemap_rmap_wanted()
 *
 * A link left without a VMA (the mmap failed) goes at the next
 * filemap_rmap_sync().
 * Context: task context, may sleep; no mmap_lock held.
 * Return: 0; -ENOMEM.
 */
int filemap_rmap_get(struct mm *mm, struct address_space *mapping)
{
	struct filemap_rmap_link *link;

	if (!filemap_rmap_wanted(mapping))
		return 0;
	link = kmalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	mutex_lock(&filemap_rmap);
	if (!link_find(mm, mapping)) {
		link_add(link, mm, mapping);
		link = NULL;
	}
	mutex_unlock(&filemap_rmap);
	kfree(link);
	return 0;
}

static bool mm_maps(struct mm *mm, struct address_space *mapping)
{
	struct vm_area *vma;

	vma_for_each(vma, &mm->vmas)
		if (vma->mapping == mapping)
			return true;
	return false;
}

/* Links for @mm's file VMAs that have none (a forked mm's). Context: [r],
 * @mm's mmap_lock. */
static int links_add_missing(struct mm *mm)
{
	struct vm_area *vma;

	vma_for_each(vma, &mm->vmas) {
		struct filemap_rmap_link *link;

		if (!filemap_rmap_wanted(vma->mapping) ||
		    link_find(mm, vma->mapping))
			continue;
		link = kmalloc(sizeof(*link), GFP_KERNEL);
		if (!link)
			return -ENOMEM;
		link_add(link, mm, vma->mapping);
	}
	return 0;
}

/**
 * filemap_rmap_sync - bring @mm's links in line with its VMAs: a link for
 * each mapped file (a forked mm starts with none), none for a file no
 * longer mapped, whose pin goes now (after munmap, a failed mmap, and
 * exit_mmap, where every link goes).
 * @mm: the address space
 *
 * Context: task context, may sleep; no mmap_lock held (it takes
 * @mm's for reading), nor any file's lock (a last iput() evicts).
 * Return: 0; -ENOMEM when a missing link could not be made (the links
 * made stay; the caller gives the mm up).
 */
int filemap_rmap_sync(struct mm *mm)
{
	struct filemap_rmap_link *link, *next;
	struct list_head gone = LIST_HEAD_INIT(gone);
	int err;

	mutex_lock(&filemap_rmap);
	mmap_read_lock(mm);
	err = links_add_missing(mm);
	list_for_each_entry_safe(link, next, &mm->file_maps, by_mm)
		if (!mm_maps(mm, link->mapping))
			link_del(link, &gone);
	mmap_read_unlock(mm);
	mutex_unlock(&filemap_rmap);
	link_release(&gone);
	return err;
}

/* Write-protect @vma's entries for file pages [first, last]. */
static void mkclean_vma(struct mm *mm, struct vm_area *vma, pgoff_t first,
			pgoff_t last)
{
	pgoff_t lo = MAX(first, (pgoff_t)vma->pgoff);
	pgoff_t hi = MIN(last + 1, (pgoff_t)(vma->pgoff + vma_pages(vma)));
	struct mmu_notifier_range range;
	vaddr_t start, end;

	if (lo >= hi)
		return;
	start = vma->start + ((vaddr_t)(lo - vma->pgoff) << PAGE_SHIFT);
	end = vma->start + ((vaddr_t)(hi - vma->pgoff) << PAGE_SHIFT);
	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_VMA,
				MMU_NOTIFIER_RANGE_BLOCKABLE, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	arch_pt_protect(&mm->pt, start, end,
			mm_vm_prot(vma->flags & ~VM_WRITE));
	mm_flush_tlb_range(mm, start, end);
	mmu_notifier_invalidate_range_end(&range);
}

/**
 * filemap_rmap_mkclean - write-protect every entry of a shared mapping
 * that maps file pages [@first, @last] of @mapping (Linux's
 * folio_mkclean()), so that a write after this faults and dirties the
 * page again.
 * @mapping: the file's page cache
 * @first: the first page
 * @last: the last page
 *
 * Called by writeback after it cleared the pages' PG_dirty and before
 * it copies them: a write that got in before the protection is in the
 * copy; one after it faults and marks the page dirty again. A file with
 * no link costs one atomic read: a VMA made later maps its pages
 * read-only first.
 * Context: task context, may sleep; no mmap_lock held (it takes each
 * linked mm's for reading); the file's lock may be held.
 */
void filemap_rmap_mkclean(struct address_space *mapping, pgoff_t first,
			  pgoff_t last)
{
	struct filemap_rmap_link *link;

	if (!__atomic_load_n(&mapping->nr_mms, __ATOMIC_ACQUIRE))
		return;
	mutex_lock(&filemap_rmap);
	list_for_each_entry(link, &mapping->i_mmap, by_mapping) {
		struct mm *mm = link->mm;
		struct vm_area *vma;

		mmap_read_lock(mm);
		vma_for_each(vma, &mm->vmas)
			if (vma->mapping == mapping &&
			    (vma->flags & VM_SHARED))
				mkclean_vma(mm, vma, first, last);
		mmap_read_unlock(mm);
	}
	mutex_unlock(&filemap_rmap);
}

/**
 * filemap_rmap_trylock - take filemap_rmap for a reclaim walk, without
 * waiting: reclaim may run under an mmap_lock (a charge in a fault) or a
 * file's lock held by the flusher, which the order puts outside it
 * (Linux's folio_referenced() likewise only tries the i_mmap lock).
 * While it is held no link goes, so the file of a page that a linked mm
 * maps stays (its link pins it).
 *
 * Context: task context; no spinlock held.
 * Return: whether it was taken (filemap_rmap_unlock() drops it).
 */
bool filemap_rmap_trylock(void)
{
	return mutex_trylock(&filemap_rmap);
}

/**
 * filemap_rmap_unlock - drop what filemap_rmap_trylock() took.
 *
 * Context: filemap_rmap held by the caller.
 */
void filemap_rmap_unlock(void)
{
	mutex_unlock(&filemap_rmap);
}

/* One page's reverse-map walk (Linux's struct rmap_walk_control). */
struct rmap_walk {
	struct address_space *mapping;
	pgoff_t index;
	struct page *page;
	/* The entry at @va of @vma may map the page; false ends the walk. */
	bool (*one)(struct rmap_walk *w, struct mm *mm, struct vm_area *vma,
		    vaddr_t va);
	struct filemap_rmap_refs *refs;
	bool dirty;		/* an unmapped entry had been written */
};

/* Where @vma maps file page @index; 0 when it does not cover it. */
static vaddr_t vma_address(const struct vm_area *vma, pgoff_t index)
{
	if (index < vma->pgoff || index - vma->pgoff >= vma_pages(vma))
		return 0;
	return vma->start + ((vaddr_t)(index - vma->pgoff) << PAGE_SHIFT);
}

/*
 * Call w->one for every VMA of every linked mm that covers the page. An
 * mm whose mmap_lock is busy is not waited for (a queued writer would
 * make a reader wait, and the reclaimer may hold the lock itself): the
 * walk stops there, contended.
 */
static void rmap_walk(struct rmap_walk *w)
{
	struct filemap_rmap_link *link;

	WARN_ON(!mutex_is_locked(&filemap_rmap));
	list_for_each_entry(link, &w->mapping->i_mmap, by_mapping) {
		struct mm *mm = link->mm;
		struct vm_area *vma;
		bool more = true;

		if (!mmap_read_trylock(mm)) {
			w->refs->contended = true;
			return;
		}
		vma_for_each(vma, &mm->vmas) {
			vaddr_t va = vma->mapping == w->mapping ?
					     vma_address(vma, w->index) : 0;

			if (va && !w->one(w, mm, vma, va)) {
				more = false;
				break;
			}
		}
		mmap_read_unlock(mm);
		if (!more)
			return;
	}
}

static paddr_t page_paddr(const struct page *page)
{
	return page_to_pfn(page) << PAGE_SHIFT;
}

/* Does the entry at @va of @mm map @page? */
static bool maps_page(struct mm *mm, vaddr_t va, const struct page *page)
{
	pte_t leaf;

	return arch_pt_populated(&mm->pt, va, &leaf) &&
	       arch_pte_paddr(leaf) == page_paddr(page);
}

/*
 * Linux 6.1's folio_referenced_one(): a VM_LOCKED VMA that maps the page
 * ends the walk (the page is mlocked); else an accessed entry counts,
 * its bit cleared, with its VMA's flags (VM_EXEC).
 */
static bool referenced_one(struct rmap_walk *w, struct mm *mm,
			   struct vm_area *vma, vaddr_t va)
{
	if (vma->flags & VM_LOCKED) {
		if (!maps_page(mm, va, w->page))
			return true;
		w->refs->vm_flags |= VM_LOCKED;
		return false;
	}
	if (arch_pt_clear_young(&mm->pt, va, page_paddr(w->page))) {
		w->refs->young++;
		w->refs->vm_flags |= vma->flags;
	}
	return true;
}

/**
 * filemap_rmap_referenced - test and clear the accessed bit of every
 * entry that maps @page (Linux's folio_referenced()).
 * @mapping: @page's file; filemap_rmap_wanted()
 * @index: @page's index in it
 * @page: a page-cache page the caller holds a reference on
 * @refs: filled: the accessed entries, their VMAs' flags (VM_LOCKED when
 *	  a locked VMA maps it), contended when an mm could not be looked
 *	  at (the count is then short)
 *
 * Context: task context; filemap_rmap held (filemap_rmap_trylock()), no
 * spinlock; takes each linked mm's mmap_lock by trylock.
 */
void filemap_rmap_referenced(struct address_space *mapping, pgoff_t index,
			     struct page *page, struct filemap_rmap_refs *refs)
{
	struct rmap_walk w = { .mapping = mapping, .index = index,
			       .page = page, .one = referenced_one,
			       .refs = refs };

	*refs = (struct filemap_rmap_refs){ 0 };
	rmap_walk(&w);
}

/*
 * Linux 6.1's try_to_unmap_one(): never from a VM_LOCKED VMA; else the
 * entry goes (mmu notifiers told first, without blocking), every CPU's
 * TLB forgets it, and its dirty bit goes to the page.
 */
static bool unmap_one(struct rmap_walk *w, struct mm *mm,
		      struct vm_area *vma, vaddr_t va)
{
	struct mmu_notifier_range range;
	pte_t old;

	if (vma->flags & VM_LOCKED) {
		if (!maps_page(mm, va, w->page))
			return true;
		w->refs->vm_flags |= VM_LOCKED;
		return false;
	}
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, mm, va,
				va + PAGE_SIZE);
	if (mmu_notifier_invalidate_range_start(&range)) {
		w->refs->contended = true;
		return false;
	}
	if (arch_pt_unmap_page(&mm->pt, va, page_paddr(w->page), &old)) {
		mm_flush_tlb_range(mm, va, va + PAGE_SIZE);
		w->dirty |= arch_pte_dirty(old);
		mm_unmap_file_page(mm, w->page);
	}
	mmu_notifier_invalidate_range_end(&range);
	return true;
}

/**
 * filemap_rmap_try_to_unmap - clear every entry that maps @page (Linux's
 * try_to_unmap()), each shot down on every CPU that may cache it, and
 * make the page dirty if one of them was written through.
 * @mapping: @page's file; filemap_rmap_wanted()
 * @index: @page's index in it
 * @page: a page-cache page the caller holds a reference on (the
 *	  entries' references go, never the last one)
 *
 * A VMA that is VM_LOCKED keeps its entry (Linux's unevictable page), as
 * does an mm whose lock was busy. A later access faults the page in
 * again, from the cache or from the file.
 * Context: task context, may sleep (TLB shootdown); filemap_rmap held
 * (filemap_rmap_trylock()), no spinlock; takes each linked mm's
 * mmap_lock by trylock.
 * Return: whether no entry maps @page any more.
 */
bool filemap_rmap_try_to_unmap(struct address_space *mapping, pgoff_t index,
			       struct page *page)
{
	struct filemap_rmap_refs refs = { 0 };
	struct rmap_walk w = { .mapping = mapping, .index = index,
			       .page = page, .one = unmap_one,
			       .refs = &refs };

	rmap_walk(&w);
	if (w.dirty)
		filemap_page_mkwrite(mapping, index, page);
	return !page_mapcount(page);
}
