// SPDX-License-Identifier: MIT
/*
 * VMA set: the sorted, disjoint mapped ranges of one address space, and
 * the mmap/munmap/mprotect/mlock range operations on them.
 *
 * Areas live in a red-black tree keyed by start address, so finding the
 * area at an address is O(log n). The tree is augmented (as Linux's was
 * before the maple tree, with rb_subtree_gap): each node summarises its
 * subtree -- the first start, the last end and the largest hole between
 * two of its areas -- so vma_get_unmapped_area() skips subtrees whose
 * holes are all too small instead of walking every area.
 *
 * Each operation allocates the at most two areas it may need before it
 * changes anything, so running out of memory never leaves an operation
 * half done (Linux can fail a split mid-way). What is left half done on
 * purpose is mprotect/mlock over a hole: like Linux, they change the
 * areas before the hole and then return -ENOMEM.
 *
 * An address space holds at most vma_max_map_count areas (Linux's
 * vm.max_map_count): an operation that could take it past the limit
 * fails with -ENOMEM before changing anything. The count is checked
 * against the areas the operation may add before merging (its spares),
 * as Linux checks map_count before each split and each new mapping, so
 * one mprotect() of every other page cannot split a mapping until kernel
 * memory runs out.
 *
 * Locking: every function here runs under mm->mmap_lock (see mm/vma.h);
 * [a] vma_max_map_count, set on the command line.
 */
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "mm/vma.h"

unsigned long vma_max_map_count = VMA_DEFAULT_MAX_MAP_COUNT;	/* [a] */
KPARAM_UINT(vm_max_map_count, "vm.max_map_count", &vma_max_map_count, 0,
	    0x7fffffff, "most VMAs in one address space (-ENOMEM beyond)");

#define VM_KNOWN_FLAGS	(VM_ACCESS_FLAGS | VM_SHARED | VM_GROWSDOWN | \
			 VM_PFNMAP | VM_LOCKED | VM_NORESERVE | VM_MAYWRITE)

/* Size of the free range [lo, hi), 0 if there is none. */
static vaddr_t hole(vaddr_t lo, vaddr_t hi)
{
	return hi > lo ? hi - lo : 0;
}

/* rb augment callback: recompute @n's subtree summary from its children. */
static void vma_augment(struct rb_node *n)
{
	struct vm_area *vma = vma_of_node(n);
	struct vm_area *l = vma_of_node(n->left), *r = vma_of_node(n->right);
	vaddr_t gap = 0;

	vma->subtree_start = l ? l->subtree_start : vma_start_gap(vma);
	vma->subtree_end = r ? r->subtree_end : vma->end;
	if (l) {
		gap = l->subtree_gap;
		gap = MAX(gap, hole(l->subtree_end, vma_start_gap(vma)));
	}
	if (r) {
		gap = MAX(gap, r->subtree_gap);
		gap = MAX(gap, hole(vma->end, r->subtree_start));
	}
	vma->subtree_gap = gap;
}

/*
 * Charged to the caller's memory cgroup, as Linux's vm_area_cachep
 * (SLAB_ACCOUNT): at its limit the allocation fails and the operation
 * that needed the area returns -ENOMEM having changed nothing.
 */
static struct vm_area *vma_kmalloc(struct vma_alloc_ops *ops)
{
	return kmalloc(sizeof(struct vm_area), GFP_KERNEL_ACCOUNT);
}

static void vma_kfree(struct vma_alloc_ops *ops, struct vm_area *vma)
{
	kfree(vma);
}

static struct vma_alloc_ops vma_kmalloc_ops = {
	.alloc = vma_kmalloc,
	.free = vma_kfree,
};

/**
 * vma_set_init - make an empty set
 * @set: the set
 * @ops: where areas come from; NULL for kmalloc(GFP_KERNEL_ACCOUNT)
 *
 * Context: may be called before the set is visible to anyone else.
 */
void vma_set_init(struct vma_set *set, struct vma_alloc_ops *ops)
{
	set->root = RB_ROOT_AUGMENTED(vma_augment);
	set->count = 0;
	set->ops = ops ? ops : &vma_kmalloc_ops;
}

/* --- lookup ------------------------------------------------------------ */

/**
 * vma_first_at_or_after - the first area that ends above @addr
 * @set: the set
 * @addr: an address
 *
 * The area returned contains @addr or is the first one above it (Linux
 * find_vma()).
 *
 * Context: mmap_lock held. Return: the area, or NULL. O(log n).
 */
struct vm_area *vma_first_at_or_after(const struct vma_set *set, vaddr_t addr)
{
	struct rb_node *n = set->root.node;
	struct vm_area *best = NULL;

	while (n) {
		struct vm_area *vma = vma_of_node(n);

		if (vma->end > addr) {
			best = vma;
			if (vma->start <= addr)
				break;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

/**
 * vma_find - the area containing @addr
 * @set: the set
 * @addr: an address
 *
 * Context: mmap_lock held. Return: the area, or NULL if @addr is not
 * mapped. O(log n).
 */
struct vm_area *vma_find(const struct vma_set *set, vaddr_t addr)
{
	struct vm_area *vma = vma_first_at_or_after(set, addr);

	return vma && vma->start <= addr ? vma : NULL;
}

/**
 * vma_find_intersection - the lowest area overlapping [@start, @end)
 * @set: the set
 * @start: first address
 * @end: first address after the range
 *
 * Context: mmap_lock held. Return: the area, or NULL. O(log n).
 */
struct vm_area *vma_find_intersection(const struct vma_set *set,
				      vaddr_t start, vaddr_t end)
{
	struct vm_area *vma = vma_first_at_or_after(set, start);

	return vma && vma->start < end ? vma : NULL;
}

/* --- tree and allocation helpers ---------------------------------------- */

/* Link @vma, whose range is free in @set, into the tree. */
static void vma_link(struct vma_set *set, struct vm_area *vma)
{
	struct rb_node **link = &set->root.node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = vma->start < vma_of_node(parent)->start ?
			&parent->left : &parent->right;
	}
	rb_link_node(&vma->node, parent, link);
	rb_insert_color(&vma->node, &set->root);
	set->count++;
}

static void vma_unlink_free(struct vma_set *set, struct vm_area *vma)
{
	rb_erase(&vma->node, &set->root);
	set->count--;
	set->ops->free(set->ops, vma);
}

/* @vma's start or end moved without changing the order: resummarise. */
static void vma_resized(struct vma_set *set, struct vm_area *vma)
{
	rb_augment_propagate(&vma->node, &set->root);
}

/* Areas allocated up front by an operation, so it cannot fail half way. */
struct vma_spares {
	struct vm_area *area[2];
	unsigned int nr;
};

static void spares_release(struct vma_set *set, struct vma_spares *sp)
{
	while (sp->nr)
		set->ops->free(set->ops, sp->area[--sp->nr]);
}

/* Allocate the @want areas an operation may add; -ENOMEM when the set
 * could grow past vma_max_map_count or memory is short. */
static int spares_fill(struct vma_set *set, struct vma_spares *sp,
		       unsigned int want)
{
	sp->nr = 0;
	if (want && set->count + want >
			    __atomic_load_n(&vma_max_map_count, __ATOMIC_RELAXED))
		return -ENOMEM;
	while (sp->nr < want) {
		struct vm_area *vma = set->ops->alloc(set->ops);

		if (!vma) {
			spares_release(set, sp);
			return -ENOMEM;
		}
		sp->area[sp->nr++] = vma;
	}
	return 0;
}

static struct vm_area *spares_take(struct vma_spares *sp)
{
	BUG_ON(!sp->nr);
	return sp->area[--sp->nr];
}

static void vma_init(struct vm_area *vma, vaddr_t start, vaddr_t end,
		     unsigned long flags, u64 pgoff,
		     struct address_space *mapping)
{
	vma->start = start;
	vma->end = end;
	vma->flags = flags;
	vma->pgoff = pgoff;
	vma->mapping = mapping;
}

/*
 * Split @vma at @addr (strictly inside it): @vma keeps [start, addr), a
 * spare becomes [addr, end) with the same mapping. Returns the upper part.
 */
static struct vm_area *vma_split(struct vma_set *set, struct vm_area *vma,
				 vaddr_t addr, struct vma_spares *sp)
{
	struct vm_area *upper = spares_take(sp);

	/* Every field describing the mapping is copied here. */
	vma_init(upper, addr, vma->end, vma->flags, vma_pgoff_at(vma, addr),
		 vma->mapping);
	vma->end = addr;
	vma_resized(set, vma);
	vma_link(set, upper);
	return upper;
}

/*
 * May @a and @b, with @a directly below, become one area? Linux
 * is_mergeable_vma() + can_vma_merge_*(): touching, same flags, pgoff
 * contiguous, the same file (or both anonymous), and not VM_SPECIAL
 * (vma_merge() refuses those). Anonymous memory will add "same or no
 * anon_vma".
 */
static bool vma_can_merge(const struct vm_area *a, const struct vm_area *b)
{
	return a->end == b->start && a->flags == b->flags &&
	       a->mapping == b->mapping &&
	       !(a->flags & VM_SPECIAL) && b->pgoff == vma_pgoff_at(a, a->end);
}

/* Merge @vma with whichever neighbours allow it; returns the survivor,
 * which covers @vma's range (the lower area survives, as in Linux). */
static struct vm_area *vma_merge_neighbours(struct vma_set *set,
					    struct vm_area *vma)
{
	struct vm_area *next = vma_next(vma), *prev = vma_prev(vma);

	if (next && vma_can_merge(vma, next)) {
		vma->end = next->end;
		vma_unlink_free(set, next);
		vma_resized(set, vma);
	}
	if (prev && vma_can_merge(prev, vma)) {
		prev->end = vma->end;
		vma_unlink_free(set, vma);
		vma_resized(set, prev);
		vma = prev;
	}
	return vma;
}

/* Is [start, start + len) a non-empty page-aligned range without wrap? */
static bool range_ok(vaddr_t start, size_t len)
{
	return len && IS_ALIGNED(start, PAGE_SIZE) &&
	       IS_ALIGNED(len, PAGE_SIZE) && start + len > start;
}

/* --- mmap and munmap ---------------------------------------------------- */

/* Does unmapping [start, end) cut an area in three? That needs a spare. */
static unsigned int unmap_needs(const struct vma_set *set, vaddr_t start,
				vaddr_t end)
{
	struct vm_area *vma = vma_find(set, start);

	return vma && vma->start < start && vma->end > end;
}

/* Remove [start, end) from the set; unmap_needs() spares are in @sp. */
static void unmap_range(struct vma_set *set, vaddr_t start, vaddr_t end,
			vma_unmap_fn fn, void *data, struct vma_spares *sp)
{
	struct vm_area *vma = vma_first_at_or_after(set, start);

	while (vma && vma->start < end) {
		struct vm_area *next = vma_next(vma);

		if (fn)
			fn(vma, MAX(vma->start, start), MIN(vma->end, end),
			   data);
		if (vma->start < start && vma->end > end) {
			/*  [vma->start ... start | hole | end ... vma->end)  */
			vma_split(set, vma, end, sp);
			vma->end = start;
			vma_resized(set, vma);
		} else if (vma->start < start) {
			vma->end = start;
			vma_resized(set, vma);
		} else if (vma->end > end) {
			vma->pgoff = vma_pgoff_at(vma, end);
			vma->start = end;
			vma_resized(set, vma);
		} else {
			vma_unlink_free(set, vma);
		}
		vma = next;
	}
}

/* Map [start, end), which is free, with one spare from @sp; merge. */
static void map_free_range(struct vma_set *set, vaddr_t start, vaddr_t end,
			   unsigned long flags, u64 pgoff,
			   struct address_space *mapping,
			   struct vma_spares *sp)
{
	struct vm_area *vma = spares_take(sp);

	vma_init(vma, start, end, flags, pgoff, mapping);
	vma_link(set, vma);
	vma_merge_neighbours(set, vma);
}

/**
 * vma_map - map a free range, merging with compatible neighbours
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned, non-zero
 * @flags: VM_* flags
 * @pgoff: page offset of @start in the backing object; for anonymous
 *         memory start >> PAGE_SHIFT, as Linux do_mmap() sets it
 *
 * Like mmap(MAP_FIXED_NOREPLACE): an occupied range is an error.
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: 0; -EINVAL for a bad range or unknown flag; -EEXIST if any of
 * the range is mapped; -ENOMEM.
 */
int vma_map(struct vma_set *set, vaddr_t start, size_t len,
	    unsigned long flags, u64 pgoff)
{
	return vma_map_file(set, start, len, flags, pgoff, NULL);
}

/**
 * vma_map_file - vma_map() for a file's pages
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned, non-zero
 * @flags: VM_* flags
 * @pgoff: page offset of @start in the file
 * @mapping: the file's page cache; NULL: anonymous memory
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: as vma_map().
 */
int vma_map_file(struct vma_set *set, vaddr_t start, size_t len,
		 unsigned long flags, u64 pgoff, struct address_space *mapping)
{
	struct vma_spares sp;

	if (!range_ok(start, len) || (flags & ~VM_KNOWN_FLAGS))
		return -EINVAL;
	if (vma_find_intersection(set, start, start + len))
		return -EEXIST;
	if (spares_fill(set, &sp, 1))
		return -ENOMEM;
	map_free_range(set, start, start + len, flags, pgoff, mapping, &sp);
	return 0;
}

/**
 * vma_map_fixed - map a range, replacing whatever is mapped there
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned, non-zero
 * @flags: VM_* flags
 * @pgoff: as for vma_map()
 * @fn: called for each old range removed (may be NULL)
 * @data: passed to @fn
 *
 * Like mmap(MAP_FIXED). All-or-nothing: on -ENOMEM the old mappings are
 * untouched and @fn was not called.
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: 0; -EINVAL for a bad range or unknown flag; -ENOMEM.
 */
int vma_map_fixed(struct vma_set *set, vaddr_t start, size_t len,
		  unsigned long flags, u64 pgoff, vma_unmap_fn fn, void *data)
{
	return vma_map_fixed_file(set, start, len, flags, pgoff, NULL, fn,
				  data);
}

/**
 * vma_map_fixed_file - vma_map_fixed() for a file's pages
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned, non-zero
 * @flags: VM_* flags
 * @pgoff: page offset of @start in the file
 * @mapping: the file's page cache; NULL: anonymous memory
 * @fn: called for each old range removed (may be NULL)
 * @data: passed to @fn
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: as vma_map_fixed().
 */
int vma_map_fixed_file(struct vma_set *set, vaddr_t start, size_t len,
		       unsigned long flags, u64 pgoff,
		       struct address_space *mapping, vma_unmap_fn fn,
		       void *data)
{
	vaddr_t end = start + len;
	struct vma_spares sp;

	if (!range_ok(start, len) || (flags & ~VM_KNOWN_FLAGS))
		return -EINVAL;
	if (spares_fill(set, &sp, 1 + unmap_needs(set, start, end)))
		return -ENOMEM;
	unmap_range(set, start, end, fn, data, &sp);
	map_free_range(set, start, end, flags, pgoff, mapping, &sp);
	spares_release(set, &sp);
	return 0;
}

/**
 * vma_unmap - unmap a range, splitting areas it partly covers
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned, non-zero
 * @fn: called once per removed range, before the set changes (may be NULL)
 * @data: passed to @fn
 *
 * Holes inside the range are fine, as for Linux munmap(). A range strictly
 * inside one area splits it in two and needs one allocation.
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: 0; -EINVAL for a bad range; -ENOMEM (nothing changed).
 */
int vma_unmap(struct vma_set *set, vaddr_t start, size_t len,
	      vma_unmap_fn fn, void *data)
{
	vaddr_t end = start + len;
	struct vma_spares sp;

	if (!range_ok(start, len))
		return -EINVAL;
	if (spares_fill(set, &sp, unmap_needs(set, start, end)))
		return -ENOMEM;
	unmap_range(set, start, end, fn, data, &sp);
	spares_release(set, &sp);
	return 0;
}

/**
 * vma_destroy_all - remove every area (exit_mmap)
 * @set: the set; empty afterwards
 * @fn: called once per area, lowest first, before any is freed (may be
 *      NULL)
 * @data: passed to @fn
 *
 * Context: mmap_lock held for writing, or the address space is no longer
 * reachable. O(n): areas are freed in post-order, without rebalancing.
 */
void vma_destroy_all(struct vma_set *set, vma_unmap_fn fn, void *data)
{
	struct rb_node *n, *next;
	struct vm_area *vma;

	if (fn)
		vma_for_each(vma, set)
			fn(vma, vma->start, vma->end, data);
	for (n = rb_first_postorder(&set->root); n; n = next) {
		next = rb_next_postorder(n);
		set->ops->free(set->ops, vma_of_node(n));
	}
	set->root.node = NULL;
	set->count = 0;
}

/* --- mprotect and mlock ------------------------------------------------- */

/* The flags an area should get, given its current ones. */
typedef unsigned long (*flags_fn)(unsigned long flags, unsigned long arg);

/*
 * How many splits can changing [start, end) need? One where the range
 * starts inside an area that changes, one where it ends inside one.
 */
static unsigned int change_needs(const struct vma_set *set, vaddr_t start,
				 vaddr_t end, flags_fn f, unsigned long arg)
{
	struct vm_area *first = vma_find(set, start);
	struct vm_area *last = vma_find(set, end - 1);
	unsigned int n = 0;

	if (first && first->start < start &&
	    f(first->flags, arg) != first->flags)
		n++;
	if (last && last->end > end && f(last->flags, arg) != last->flags)
		n++;
	return n;
}

/*
 * Apply @f to every area in [start, end), splitting at the edges and
 * merging afterwards. Walks the range in address order and stops at the
 * first hole, having changed everything before it -- the shape of Linux's
 * loop in do_mprotect_pkey() (mm/mprotect.c) and apply_vma_lock_flags()
 * (mm/mlock.c):
 *   - no area at start                  -> -ENOMEM, nothing changed;
 *   - an area does not begin where the
 *     previous one ended                -> -ENOMEM, the areas before the
 *                                          hole keep their new flags;
 *   - the last area ends before end     -> -ENOMEM, likewise (Linux
 *                                          commit 77795f900e2a, "fix
 *                                          do_mprotect_pkey() limit
 *                                          check", made this case fail).
 * An area whose flags do not change is neither split nor merged, as in
 * mprotect_fixup() and mlock_fixup().
 */
static int change_range(struct vma_set *set, vaddr_t start, vaddr_t end,
			flags_fn f, unsigned long arg)
{
	struct vm_area *vma = vma_find(set, start);
	struct vma_spares sp;
	int err = 0;

	if (!vma)
		return -ENOMEM;
	if (spares_fill(set, &sp, change_needs(set, start, end, f, arg)))
		return -ENOMEM;
	for (;;) {
		unsigned long flags = f(vma->flags, arg);

		if (flags != vma->flags) {
			if (vma->start < start)
				vma = vma_split(set, vma, start, &sp);
			if (vma->end > end)
				vma_split(set, vma, end, &sp);
			vma->flags = flags;
			vma = vma_merge_neighbours(set, vma);
		}
		if (vma->end >= end)
			break;
		start = vma->end;
		vma = vma_next(vma);
		if (!vma || vma->start != start) {
			err = -ENOMEM;
			break;
		}
	}
	spares_release(set, &sp);
	return err;
}

static unsigned long protect_flags(unsigned long flags, unsigned long prot)
{
	return (flags & ~VM_ACCESS_FLAGS) | prot;
}

/*
 * mlock_fixup() leaves VM_SPECIAL areas alone without failing: they count
 * as mapped for the hole check but never get VM_LOCKED.
 */
static unsigned long lock_flags(unsigned long flags, unsigned long locked)
{
	if (flags & VM_SPECIAL)
		return flags;
	return locked ? flags | VM_LOCKED : flags & ~VM_LOCKED;
}

/* Validate a mprotect/mlock range; 1 means "empty, nothing to do". */
static int change_range_ok(vaddr_t start, size_t len)
{
	if (!IS_ALIGNED(start, PAGE_SIZE) || !IS_ALIGNED(len, PAGE_SIZE))
		return -EINVAL;
	if (!len)
		return 1;
	/* Linux mprotect(): "if (end <= start) return -ENOMEM". */
	return start + len > start ? 0 : -ENOMEM;
}

/**
 * vma_protect - set the access flags of a range (mprotect)
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned; 0 does nothing
 * @prot: the new VM_READ/VM_WRITE/VM_EXEC bits; other flags are kept
 *
 * Splits the areas at the range edges and re-merges afterwards, so that
 * restoring the old protection gives back the original single area.
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: 0; -EINVAL for a misaligned range or @prot outside
 * VM_ACCESS_FLAGS; -ENOMEM if part of the range is not mapped -- the
 * areas below the first hole have been changed, as in Linux -- or if no
 * memory is left for a split (then nothing has changed).
 */
int vma_protect(struct vma_set *set, vaddr_t start, size_t len,
		unsigned long prot)
{
	int ret = change_range_ok(start, len);

	if (prot & ~VM_ACCESS_FLAGS)
		return -EINVAL;
	if (ret)
		return ret < 0 ? ret : 0;
	return change_range(set, start, start + len, protect_flags, prot);
}

/**
 * vma_set_locked - set or clear VM_LOCKED on a range (mlock, munlock)
 * @set: the set
 * @start: first address, page aligned
 * @len: length in bytes, page aligned; 0 does nothing
 * @locked: true to lock
 *
 * Only the flag: populating the pages (mlock faults them in) and the
 * RLIMIT_MEMLOCK check are the caller's. VM_PFNMAP areas are skipped
 * silently, as Linux mlock_fixup() skips VM_SPECIAL ones.
 *
 * Context: mmap_lock held for writing; may sleep (allocates).
 * Return: as vma_protect(), with the same partial effect over a hole.
 */
int vma_set_locked(struct vma_set *set, vaddr_t start, size_t len,
		   bool locked)
{
	int ret = change_range_ok(start, len);

	if (ret)
		return ret < 0 ? ret : 0;
	return change_range(set, start, start + len, lock_flags, locked);
}

/* --- free range search -------------------------------------------------- */

/* The highest fit for @q inside the free range [lo, hi), into *@addr. */
static bool fit_top(vaddr_t lo, vaddr_t hi, const struct vma_area_query *q,
		    vaddr_t *addr)
{
	lo = MAX(lo, q->low);
	hi = MIN(hi, q->high);
	if (hole(lo, hi) < q->len)
		return false;
	*addr = hi - q->len;
	return true;
}

/*
 * The highest fit among the holes between areas of @n's subtree: the
 * right subtree's, the one on each side of @n, then the left subtree's.
 * Subtrees whose largest hole is too small, or that lie wholly outside
 * [low, high), are skipped. Recursion depth is the tree height.
 */
static bool search_topdown(const struct rb_node *n,
			   const struct vma_area_query *q, vaddr_t *addr)
{
	const struct vm_area *vma = vma_of_node(n);
	const struct vm_area *l = vma_of_node(n->left);
	const struct vm_area *r = vma_of_node(n->right);

	if (vma->subtree_gap < q->len)
		return false;
	/* Holes inside a subtree lie within [subtree_start, subtree_end);
	 * a guard gap may reach below @vma's left neighbours, so bound each
	 * side by its own summary, not by @vma. */
	if (r) {
		if (r->subtree_start < q->high &&
		    search_topdown(n->right, q, addr))
			return true;
		if (fit_top(vma->end, r->subtree_start, q, addr))
			return true;
	}
	if (l) {
		if (fit_top(l->subtree_end, vma_start_gap(vma), q, addr))
			return true;
		if (l->subtree_end > q->low && search_topdown(n->left, q, addr))
			return true;
	}
	return false;
}

/*
 * May the mapping go at @addr, the aligned hint? Inside [low, hint_high)
 * and ending at or below vma_start_gap() of the next area. The area below
 * ends at or before @addr by the lookup, and no area grows up (there is no
 * VM_GROWSUP), so no gap is kept above it: Linux's check of vm_end_gap()
 * has nothing to add.
 */
static bool hint_free(const struct vma_set *set, vaddr_t addr,
		      const struct vma_area_query *q)
{
	struct vm_area *next;

	if (addr < q->low || q->hint_high < q->len ||
	    addr > q->hint_high - q->len)
		return false;
	next = vma_first_at_or_after(set, addr);
	return !next || addr + q->len <= vma_start_gap(next);
}

/**
 * vma_get_unmapped_area - find a free range, top-down
 * @set: the set
 * @q: the length, the hint and the windows (see struct vma_area_query)
 * @addr: receives the start
 *
 * Linux's top-down layout (arch_get_unmapped_area_topdown()): the hint,
 * rounded up to a page, is taken if the whole range is free there and
 * inside [low, hint_high); otherwise the highest free range of len bytes
 * inside [low, high). Free means outside every area and outside the
 * VMA_STACK_GUARD_GAP below a VM_GROWSDOWN area. For MAP_FIXED, skip this
 * and call vma_map_fixed(); for MAP_FIXED_NOREPLACE, vma_map(). Unlike
 * Linux there is no bottom-up retry above high: the caller picks the
 * window.
 *
 * Context: mmap_lock held. Return: 0; -EINVAL if the length is 0 or
 * misaligned; -ENOMEM if nothing fits. O(log n) unless the window cuts
 * many large holes short.
 */
int vma_get_unmapped_area(const struct vma_set *set,
			  const struct vma_area_query *q, vaddr_t *addr)
{
	const struct rb_node *root = set->root.node;
	const struct vm_area *top = vma_of_node(root);
	vaddr_t hint = ALIGN_UP(q->hint, PAGE_SIZE);

	if (!q->len || !IS_ALIGNED(q->len, PAGE_SIZE))
		return -EINVAL;
	if (hint && hint_free(set, hint, q)) {
		*addr = hint;
		return 0;
	}
	if (q->high < q->low || q->high - q->low < q->len)
		return -ENOMEM;
	if (!top)
		return fit_top(0, q->high, q, addr) ? 0 : -ENOMEM;
	/* Above the last area, between areas, below the first. */
	if (fit_top(top->subtree_end, q->high, q, addr) ||
	    search_topdown(root, q, addr) ||
	    fit_top(0, top->subtree_start, q, addr))
		return 0;
	return -ENOMEM;
}

/* --- checking ------------------------------------------------------------ */

/**
 * vma_set_check - verify the set's structure
 * @set: the set
 *
 * Areas non-empty, page aligned, sorted and disjoint; count right; every
 * subtree summary up to date. (Canonical merging is the tests' to check.)
 *
 * Context: mmap_lock held. Return: NULL if all is well, else what is
 * wrong. O(n).
 */
const char *vma_set_check(const struct vma_set *set)
{
	const struct vm_area *vma, *prev = NULL;
	unsigned long count = 0;

	vma_for_each(vma, set) {
		struct vm_area copy = *vma;

		if (vma->start >= vma->end)
			return "empty or inverted area";
		if (!IS_ALIGNED(vma->start | vma->end, PAGE_SIZE))
			return "misaligned area";
		if (prev && prev->end > vma->start)
			return "areas out of order or overlapping";
		if (vma->flags & ~VM_KNOWN_FLAGS)
			return "unknown flag";
		vma_augment(&copy.node);	/* reads the real children */
		if (copy.subtree_start != vma->subtree_start ||
		    copy.subtree_end != vma->subtree_end ||
		    copy.subtree_gap != vma->subtree_gap)
			return "stale subtree summary";
		prev = vma;
		count++;
	}
	return count == set->count ? NULL : "wrong count";
}
