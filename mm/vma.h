/* SPDX-License-Identifier: MIT */
/*
 * The VMA set of an address space: the mapped ranges of a struct mm, kept
 * sorted by address in a red-black tree, with Linux's mmap, munmap,
 * mprotect and mlock semantics for splitting and merging. Pure bookkeeping:
 * page tables and charges are the caller's, reached through callbacks.
 *
 * Invariant: areas are page aligned, non-empty and disjoint. Mapping,
 * mprotect and mlock merge every area they create or change with its
 * compatible neighbours (touching, same flags, contiguous pgoff, not
 * VM_PFNMAP), so no two neighbours could merge.
 *
 * Locking: [m] mm->mmap_lock, read to look up, write to change; [I] set
 * at vma_set_init(). The set takes no lock itself.
 */
#ifndef MM_VMA_H
#define MM_VMA_H

#include <arch/layout.h>
#include "lib/rbtree.h"
#include "lib/types.h"

/* Linux's bit values, so flag dumps read the same. */
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYWRITE	0x00000020UL	/* a shared file mapping may become
					 * writable (its file is open for
					 * writing); set on no other VMA */
#define VM_GROWSDOWN	0x00000100UL	/* stack: keeps a guard gap below */
#define VM_PFNMAP	0x00000400UL	/* raw PFNs, no struct page */
#define VM_LOCKED	0x00002000UL	/* mlock()ed */
#define VM_NORESERVE	0x00200000UL	/* not charged to overcommit */
#define VM_HUGETLB	0x00400000UL	/* MAP_HUGETLB (none yet) */

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
/* Never merged, never mlocked (Linux's VM_SPECIAL, less VM_IO and
 * VM_DONTEXPAND, which do not exist here yet). */
#define VM_SPECIAL	VM_PFNMAP

/* Linux's DEFAULT_MAX_MAP_COUNT: USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN (5),
 * so a core dump's section count still fits in 16 bits. */
#define VMA_DEFAULT_MAX_MAP_COUNT	65530
extern unsigned long vma_max_map_count;

/* Linux's default stack_guard_gap: 256 pages (1 MiB) free below a stack. */
#define VMA_STACK_GUARD_GAP	(256UL << PAGE_SHIFT)

struct address_space;

struct vm_area {
	vaddr_t start;		/* [m] first address */
	vaddr_t end;		/* [m] first address after; page aligned */
	unsigned long flags;	/* [m] VM_* */
	u64 pgoff;		/* [m] page offset of start in the backing
				 * object; anonymous: start >> PAGE_SHIFT */
	struct rb_node node;	/* [m] in vma_set.root, keyed by start */
	/* [m] summary of this node's subtree, for vma_get_unmapped_area() */
	vaddr_t subtree_start;	/* start of its first area, less guard gap */
	vaddr_t subtree_end;	/* end of its last area */
	vaddr_t subtree_gap;	/* largest hole between two of its areas */
	/* [m] the file's page cache (mm/filemap.h) for a file mapping;
	 * NULL: anonymous memory. A file whose cache dies with its inode
	 * (ext2) is pinned while the mm has a VMA of it
	 * (mm/filemap_rmap.h); the others live as long as the kernel. */
	struct address_space *mapping;
	/* Later: struct anon_vma *anon, and vm_ops. */
};

/* Where struct vm_area comes from: kmalloc by default, tests count. */
struct vma_alloc_ops {
	struct vm_area *(*alloc)(struct vma_alloc_ops *ops);
	void (*free)(struct vma_alloc_ops *ops, struct vm_area *vma);
};

struct vma_set {
	struct rb_root root;		/* [m] areas by address */
	unsigned long count;		/* [m] areas in root */
	struct vma_alloc_ops *ops;	/* [I] */
};

/*
 * Called once per range [start, end) about to be unmapped, in address
 * order, while @vma (which contains the range) is still in the set and
 * unchanged: the caller zaps page tables and uncharges here.
 */
typedef void (*vma_unmap_fn)(const struct vm_area *vma, vaddr_t start,
			     vaddr_t end, void *data);

static inline unsigned long vma_pages(const struct vm_area *vma)
{
	return (vma->end - vma->start) >> PAGE_SHIFT;
}

/*
 * Lowest address a mapping below @vma may end at: a stack keeps
 * VMA_STACK_GUARD_GAP free below it (Linux vm_start_gap()).
 */
static inline vaddr_t vma_start_gap(const struct vm_area *vma)
{
	vaddr_t gap_start = vma->start;

	if (vma->flags & VM_GROWSDOWN) {
		gap_start -= VMA_STACK_GUARD_GAP;
		if (gap_start > vma->start)
			gap_start = 0;
	}
	return gap_start;
}

/* The backing-object page offset of @addr inside @vma. */
static inline u64 vma_pgoff_at(const struct vm_area *vma, vaddr_t addr)
{
	return vma->pgoff + ((addr - vma->start) >> PAGE_SHIFT);
}

void vma_set_init(struct vma_set *set, struct vma_alloc_ops *ops);
const char *vma_set_check(const struct vma_set *set);

struct vm_area *vma_find(const struct vma_set *set, vaddr_t addr);
struct vm_area *vma_first_at_or_after(const struct vma_set *set,
				      vaddr_t addr);
struct vm_area *vma_find_intersection(const struct vma_set *set,
				      vaddr_t start, vaddr_t end);

/* Neighbours and ends, or NULL. Context: mmap_lock held. */
static inline struct vm_area *vma_of_node(const struct rb_node *n)
{
	return rb_entry_safe((struct rb_node *)n, struct vm_area, node);
}

static inline struct vm_area *vma_first(const struct vma_set *set)
{
	return vma_of_node(rb_first(&set->root));
}

static inline struct vm_area *vma_last(const struct vma_set *set)
{
	return vma_of_node(rb_last(&set->root));
}

static inline struct vm_area *vma_next(const struct vm_area *vma)
{
	return vma_of_node(rb_next(&vma->node));
}

static inline struct vm_area *vma_prev(const struct vm_area *vma)
{
	return vma_of_node(rb_prev(&vma->node));
}

#define vma_for_each(vma, set)						\
	for (vma = vma_first(set); vma; vma = vma_next(vma))

int vma_map(struct vma_set *set, vaddr_t start, size_t len,
	    unsigned long flags, u64 pgoff);
int vma_map_fixed(struct vma_set *set, vaddr_t start, size_t len,
		  unsigned long flags, u64 pgoff, vma_unmap_fn fn, void *data);
int vma_map_file(struct vma_set *set, vaddr_t start, size_t len,
		 unsigned long flags, u64 pgoff, struct address_space *mapping);
int vma_map_fixed_file(struct vma_set *set, vaddr_t start, size_t len,
		       unsigned long flags, u64 pgoff,
		       struct address_space *mapping, vma_unmap_fn fn,
		       void *data);
int vma_unmap(struct vma_set *set, vaddr_t start, size_t len,
	      vma_unmap_fn fn, void *data);
int vma_protect(struct vma_set *set, vaddr_t start, size_t len,
		unsigned long prot);
int vma_set_locked(struct vma_set *set, vaddr_t start, size_t len,
		   bool locked);
/*
 * What vma_get_unmapped_area() looks for: Linux's vm_unmapped_area_info
 * (top-down) plus the hint its arch_get_unmapped_area_topdown() tries
 * first. The two windows differ as in Linux: a hinted range may end
 * anywhere up to the top of user space, a searched one only up to the
 * mmap base below the stack.
 */
struct vma_area_query {
	size_t len;		/* bytes, page aligned, non-zero */
	vaddr_t hint;		/* preferred start (aligned up), 0: none */
	vaddr_t low;		/* lowest start, hinted or searched */
	vaddr_t high;		/* highest end of a searched range */
	vaddr_t hint_high;	/* highest end of the hinted range */
};

int vma_get_unmapped_area(const struct vma_set *set,
			  const struct vma_area_query *q, vaddr_t *addr);
void vma_destroy_all(struct vma_set *set, vma_unmap_fn fn, void *data);

#endif
