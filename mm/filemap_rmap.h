/* SPDX-License-Identifier: MIT */
/*
 * Which address spaces map a file (Linux's i_mmap, kept per mm rather
 * than per VMA): one link per (mm, file) pair while the mm has a VMA of
 * the file, for files whose page cache dies with their inode (ext2).
 *
 * The link is the mapping's pin: it holds a reference on the file's
 * inode, so closing the last fd and unlinking the file while it is
 * mapped keeps both until the last VMA goes (Linux: vma->vm_file).
 * Splits and merges of VMAs change nothing here; a link is made before
 * its first VMA exists and dropped only after its last one is gone
 * (filemap_rmap_sync()), so a walk of the links never misses a VMA.
 *
 * Two walks use the links. filemap_rmap_mkclean(): writeback
 * write-protects every entry that maps the pages it is about to clean
 * (Linux's folio_mkclean()), so the next write through a shared mapping
 * faults and dirties the page again. Reclaim's (mm/vmscan.c):
 * filemap_rmap_referenced() tests and clears the accessed bits of a
 * page's entries (Linux's folio_referenced()), and
 * filemap_rmap_try_to_unmap() clears them (Linux's try_to_unmap()), so
 * that a cold mapped page can be freed.
 *
 * Lock order: the file's lock ([f]) > filemap_rmap (mutex) > each
 * mm->mmap_lock. Nothing waits for filemap_rmap under an mmap_lock:
 * links are made before mmap takes it and dropped after munmap releases
 * it, and the last iput() of a file runs with neither held. Reclaim runs
 * where a charge or an allocation does - under the faulting mm's
 * mmap_lock, or a file's lock - so it only tries filemap_rmap and each
 * mmap_lock, and leaves a page mapped when one is busy (Linux's rmap walk
 * in reclaim tries the i_mmap lock the same way).
 *
 * Locking: [r] filemap_rmap.
 */
#ifndef MM_FILEMAP_RMAP_H
#define MM_FILEMAP_RMAP_H

#include "mm/filemap.h"

struct mm;

/* What a reclaim walk saw of one page's entries (filemap_rmap_referenced()). */
struct filemap_rmap_refs {
	int young;			/* entries that had been accessed */
	unsigned long vm_flags;		/* their VMAs' VM_* flags, and
					 * VM_LOCKED if a locked VMA maps it */
	bool contended;			/* an mm's lock was busy: not all
					 * entries were looked at */
};

int filemap_rmap_get(struct mm *mm, struct address_space *mapping);
int filemap_rmap_sync(struct mm *mm);
void filemap_rmap_mkclean(struct address_space *mapping, pgoff_t first,
			  pgoff_t last);

/* Reclaim (mm/vmscan.c): Context: filemap_rmap held by trylock. */
bool filemap_rmap_trylock(void);
void filemap_rmap_unlock(void);
void filemap_rmap_referenced(struct address_space *mapping, pgoff_t index,
			     struct page *page, struct filemap_rmap_refs *refs);
bool filemap_rmap_try_to_unmap(struct address_space *mapping, pgoff_t index,
			       struct page *page);

/* Does @mapping need a link (its cache dies with its inode)? */
static inline bool filemap_rmap_wanted(const struct address_space *mapping)
{
	return mapping && mapping->inode;
}

#endif
