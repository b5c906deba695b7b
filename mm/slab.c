// SPDX-License-Identifier: MIT
/*
 * Slab allocator (see slab.h). A slab is one buddy block; its struct page
 * holds the cache pointer, the count of objects in use and the index of
 * the first free object; each free object's slot holds the index of the
 * next. Slabs with free objects are on cache->partial, full ones on
 * cache->full.
 *
 * Empty slabs: a cache keeps at most one empty slab (cache->empty) and
 * returns the others to the buddy at once. The pages of cached empty
 * slabs are counted in slab_empty_pages, and the free_pages test
 * invariant is nr_free_pages() + slab_nr_empty_pages(): a test that
 * allocates and frees objects may leave a fresh empty slab behind, but
 * the sum balances.
 *
 * Slot layout:
 *   non-debug:  | object (first 4 bytes: next free index while free) |
 *   debug:      | next u32 | pad u32 | requested size u64 | left redzone |
 *               | object (size) | right redzone (>= 8) |
 *   The object starts at a multiple of cache->align. A slot of an
 *   accounted cache ends in one more word, the memcg its object is
 *   charged to (Linux keeps a vector of obj_cgroup pointers per slab;
 *   struct page has no room here, so each slot carries its own).
 *
 * Accounted caches (Linux's SLAB_ACCOUNT and the kmalloc-cg-* caches
 * kmalloc(__GFP_ACCOUNT) uses) charge each object to current's memory
 * cgroup before taking it (mm/memcg_kmem.c: bytes, through a per-CPU
 * stock) and uncharge it from that same memcg when it is freed, by
 * whoever and wherever: a task that moved to another group meanwhile
 * does not move its objects' charges. A large kmalloc keeps its memcg in
 * its head page's memcg_data.
 *
 * Lock order: cache->lock is never held while calling the buddy; the two
 * locks do not nest.
 */
#include <arch/mmu.h>
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/memcg.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define SLAB_MAX_ORDER		3
#define SLAB_MAX_OBJECTS	512	/* kmem_cache_check's bitmap */
#define DEBUG_META		16	/* next, pad, requested size */
#define KMALLOC_SHIFT_MIN	3
#define KMALLOC_SHIFT_MAX	12
#define KMALLOC_CACHES		(KMALLOC_SHIFT_MAX - KMALLOC_SHIFT_MIN + 1)

static struct kmem_cache kmalloc_caches[KMALLOC_CACHES];
static struct kmem_cache kmalloc_cg_caches[KMALLOC_CACHES];
static char kmalloc_names[KMALLOC_CACHES][16];
static char kmalloc_cg_names[KMALLOC_CACHES][20];
static unsigned long slab_empty_pages;	/* [a] pages of cached empty slabs */

struct slot_meta {		/* debug builds: start of every slot */
	u32 next;
	u32 pad;
	u64 requested;		/* 0 while free */
};

static inline u8 *slab_base(const struct page *slab)
{
	return page_address(slab);
}

static inline u8 *slot_at(const struct kmem_cache *c,
			  const struct page *slab, u32 idx)
{
	return slab_base(slab) + (size_t)idx * c->stride;
}

static inline u32 *slot_next(u8 *slot)
{
	return (u32 *)slot;	/* both layouts: the slot's first word */
}

static inline unsigned int left_rz(const struct kmem_cache *c)
{
	return c->obj_offset - DEBUG_META;
}

/* The bytes at the end of a slot that hold its object's memcg. */
static inline unsigned int slot_tail(const struct kmem_cache *c)
{
	return c->account ? sizeof(struct memcg *) : 0;
}

static inline unsigned int right_rz(const struct kmem_cache *c)
{
	return c->stride - c->obj_offset - c->size - slot_tail(c);
}

/* Where an accounted object's memcg is kept. */
static inline struct memcg **slot_memcg(const struct kmem_cache *c,
					const void *obj)
{
	return (struct memcg **)((u8 *)obj - c->obj_offset + c->stride -
				 sizeof(struct memcg *));
}

/* The size an object is charged: Linux's obj_full_size(), the object
 * and the pointer that says whom it is charged to. */
static inline unsigned int obj_charge_size(const struct kmem_cache *c)
{
	return c->size + sizeof(struct memcg *);
}

static __noreturn void slab_bug(const struct slab_report *r)
{
	pr_emerg("=============================================\n");
	pr_emerg("BUG %s: %s\n", r->cache ? r->cache : "kmalloc", r->what);
	pr_emerg("object %p, bad byte at offset %ld\n", r->object, r->offset);
	BUG();
}

static int report(struct slab_report *r, const struct kmem_cache *c,
		  const void *obj, const char *what, long off, int err)
{
	r->cache = c ? c->name : NULL;
	r->object = obj;
	r->what = what;
	r->offset = off;
	return err;
}

/*
 * Debug-build check of one slot: free (poisoned, inactive redzones) or
 * allocated (active redzones, slack after the requested size).
 */
static int check_slot(const struct kmem_cache *c, u8 *slot, bool allocated,
		      struct slab_report *r)
{
	const struct slot_meta *m = (const struct slot_meta *)slot;
	u8 *obj = slot + c->obj_offset;
	u8 rz = allocated ? SLAB_RED_ACTIVE : SLAB_RED_INACTIVE;
	long off;

	if (allocated && !m->requested && slot[DEBUG_META] == SLAB_RED_INACTIVE)
		return report(r, c, obj, "double free (object already free)",
			      -1, -EINVAL);
	off = mm_memchr_inv(slot + DEBUG_META, rz, left_rz(c));
	if (off >= 0)
		return report(r, c, obj, "left redzone overwritten",
			      off - (long)left_rz(c), -EFAULT);
	off = mm_memchr_inv(obj + c->size, rz, right_rz(c));
	if (off >= 0)
		return report(r, c, obj, "right redzone overwritten",
			      (long)c->size + off, -EFAULT);
	if (allocated) {
		size_t req = m->requested;

		if (req > c->size)
			return report(r, c, obj, "requested size corrupted",
				      -1, -EFAULT);
		off = mm_memchr_inv(obj + req, SLAB_RED_ACTIVE, c->size - req);
		if (off >= 0)
			return report(r, c, obj,
				      "kmalloc redzone overwritten (past the "
				      "requested size)", (long)req + off,
				      -EFAULT);
		return 0;
	}
	off = mm_memchr_inv(obj, SLAB_POISON_FREE, c->size - 1);
	if (off < 0 && obj[c->size - 1] != SLAB_POISON_END)
		off = c->size - 1;
	if (off >= 0 || m->requested)
		return report(r, c, obj, "poison overwritten (use after free)",
			      off, -EFAULT);
	return 0;
}

static void slot_make_free(const struct kmem_cache *c, u8 *slot)
{
	struct slot_meta *m = (struct slot_meta *)slot;
	u8 *obj = slot + c->obj_offset;

	m->requested = 0;
	m->pad = 0;
	memset(slot + DEBUG_META, SLAB_RED_INACTIVE, left_rz(c));
	memset(obj, SLAB_POISON_FREE, c->size - 1);
	obj[c->size - 1] = SLAB_POISON_END;
	memset(obj + c->size, SLAB_RED_INACTIVE, right_rz(c));
}

static void slot_make_allocated(const struct kmem_cache *c, u8 *slot,
				size_t requested)
{
	struct slot_meta *m = (struct slot_meta *)slot;
	u8 *obj = slot + c->obj_offset;

	m->requested = requested;
	memset(slot + DEBUG_META, SLAB_RED_ACTIVE, left_rz(c));
	memset(obj + requested, SLAB_RED_ACTIVE,
	       c->size - requested + right_rz(c));
}

/* A new slab from the buddy, every object free. Outside c->lock. */
static struct page *slab_new(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab = alloc_pages(gfp & ~__GFP_ZERO, c->order);

	if (!slab)
		return NULL;
	slab->flags |= PG_slab;
	slab->slab_cache = c;
	slab->inuse = 0;
	slab->objects = (u16)c->objects;
	slab->free_head = 0;
	for (u32 i = 0; i < c->objects; i++) {
		u8 *slot = slot_at(c, slab, i);

		if (c->debug)
			slot_make_free(c, slot);
		*slot_next(slot) = i + 1 < c->objects ? i + 1 : PAGE_LIST_END;
	}
	return slab;
}

/* Give an empty slab back to the buddy. Outside c->lock. */
static void slab_release(struct kmem_cache *c, struct page *slab)
{
	slab->flags &= ~PG_slab;
	slab->private = 0;
	slab->order = c->order;		/* overlaid by inuse/objects */
	slab->_spare = 0;
	free_pages(slab, c->order);
}

/* Pop the first free object of a partial slab. Under c->lock. */
static u8 *slab_pop(struct kmem_cache *c, struct page *slab)
{
	u32 idx = slab->free_head;
	u8 *slot;
	u32 next;

	spin_assert_held(&c->lock);
	slot = slot_at(c, slab, idx);
	next = *slot_next(slot);
	if (next != PAGE_LIST_END && next >= c->objects) {
		struct slab_report r;

		report(&r, c, slot + c->obj_offset, "freelist corrupted", 0,
		       -EFAULT);
		slab_bug(&r);
	}
	slab->free_head = next;
	if (++slab->inuse == slab->objects) {
		page_list_del(main_zone.map, &c->partial, slab);
		page_list_add(main_zone.map, &c->full, slab);
	}
	return slot;
}

static void *slab_alloc(struct kmem_cache *c, gfp_t gfp, size_t requested)
{
	struct page *slab, *fresh = NULL;
	unsigned long flags;
	struct slab_report r;
	u8 *slot;

	flags = spin_lock_irqsave(&c->lock);
	while (!(slab = page_list_first(main_zone.map, &c->partial))) {
		if (c->empty) {
			slab = c->empty;
			c->empty = NULL;
			__atomic_sub_fetch(&slab_empty_pages, 1UL << c->order,
					   __ATOMIC_RELAXED);
		} else if (fresh) {
			slab = fresh;
			fresh = NULL;
			c->nr_slabs++;
		} else {
			spin_unlock_irqrestore(&c->lock, flags);
			fresh = slab_new(c, gfp);
			if (!fresh)
				return NULL;
			flags = spin_lock_irqsave(&c->lock);
			continue;
		}
		page_list_add(main_zone.map, &c->partial, slab);
	}
	slot = slab_pop(c, slab);
	spin_unlock_irqrestore(&c->lock, flags);
	if (fresh)	/* another CPU refilled the cache meanwhile */
		slab_release(c, fresh);
	if (c->debug) {
		if (check_slot(c, slot, false, &r))
			slab_bug(&r);
		slot_make_allocated(c, slot, requested);
	}
	if (gfp & __GFP_ZERO)
		memset(slot + c->obj_offset, 0, requested);
	return slot + c->obj_offset;
}

static void slab_free(struct kmem_cache *c, struct page *slab, void *obj)
{
	u8 *slot = (u8 *)obj - c->obj_offset;
	struct page *release = NULL;
	unsigned long flags;
	u32 idx = (u32)((size_t)(slot - slab_base(slab)) / c->stride);

	if (c->debug)
		slot_make_free(c, slot);
	flags = spin_lock_irqsave(&c->lock);
	*slot_next(slot) = slab->free_head;
	slab->free_head = idx;
	if (slab->inuse-- == slab->objects) {
		page_list_del(main_zone.map, &c->full, slab);
		page_list_add(main_zone.map, &c->partial, slab);
	}
	if (!slab->inuse) {
		page_list_del(main_zone.map, &c->partial, slab);
		if (!c->empty) {
			c->empty = slab;
			__atomic_add_fetch(&slab_empty_pages, 1UL << c->order,
					   __ATOMIC_RELAXED);
		} else {
			release = slab;
			c->nr_slabs--;
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (release)
		slab_release(c, release);
}

/*
 * An object of an accounted cache: charged to current's memcg first (as
 * Linux's memcg_slab_pre_alloc_hook()), which is remembered in its slot
 * with the reference memcg_get_from_current() took.
 */
static void *slab_alloc_account(struct kmem_cache *c, gfp_t gfp,
				size_t requested)
{
	struct memcg *m = memcg_get_from_current();
	void *obj;

	if (memcg_kmem_charge_obj(m, gfp, obj_charge_size(c))) {
		memcg_put(m);
		return NULL;
	}
	obj = slab_alloc(c, gfp, requested);
	if (!obj) {
		memcg_kmem_uncharge_obj(m, obj_charge_size(c));
		memcg_put(m);
		return NULL;
	}
	*slot_memcg(c, obj) = m;
	return obj;
}

/* Free @obj, and uncharge it from the memcg it was charged to. */
static void slab_free_account(struct kmem_cache *c, struct page *slab,
			      void *obj)
{
	struct memcg *m = NULL;

	if (c->account) {
		m = *slot_memcg(c, obj);
		*slot_memcg(c, obj) = NULL;
	}
	slab_free(c, slab, obj);
	if (m) {
		memcg_kmem_uncharge_obj(m, obj_charge_size(c));
		memcg_put(m);
	}
}

static unsigned int slab_order_for(unsigned int stride)
{
	unsigned int order;

	for (order = 0; order < SLAB_MAX_ORDER; order++) {
		size_t bytes = PAGE_SIZE << order;
		size_t n = bytes / stride;

		if (n && (bytes - n * stride) * 8 <= bytes)
			break;	/* wastes at most 1/8 */
	}
	return order;
}

/* kmem_cache_init(), and an accounted cache when @account. */
static int cache_setup(struct kmem_cache *c, const char *name,
		       unsigned int size, unsigned int align, bool account)
{
	unsigned int stride, off;

	align = MAX(align, 8U);
	if (!size || size > (PAGE_SIZE << SLAB_MAX_ORDER) / 2 ||
	    align > PAGE_SIZE || (align & (align - 1)))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->lock = (struct spinlock)SPINLOCK_INIT("kmem_cache");
	c->name = name;
	c->debug = MM_DEBUG;
	c->size = ALIGN_UP(size, 8U);
	c->align = align;
	c->account = account;
	if (c->debug) {
		off = ALIGN_UP((unsigned int)DEBUG_META + 8, align);
		stride = ALIGN_UP(off + c->size + 8 + slot_tail(c), align);
	} else {
		off = 0;
		stride = ALIGN_UP(c->size + slot_tail(c), align);
	}
	c->obj_offset = off;
	c->stride = stride;
	c->order = slab_order_for(stride);
	c->objects = MIN((unsigned int)((PAGE_SIZE << c->order) / stride),
			 (unsigned int)SLAB_MAX_OBJECTS);
	page_list_init(&c->partial);
	page_list_init(&c->full);
	return 0;
}

/**
 * kmem_cache_init - set up a cache in memory the caller provides.
 * @c: the cache
 * @name: for reports; must outlive the cache
 * @size: object size in bytes, 1 .. 16 KiB
 * @align: minimum alignment (power of two up to PAGE_SIZE), 0 for 8
 *
 * Context: any; no locks.
 * Return: 0, or -EINVAL for a size or alignment it cannot serve.
 */
int kmem_cache_init(struct kmem_cache *c, const char *name, unsigned int size,
		    unsigned int align)
{
	return cache_setup(c, name, size, align, false);
}

/**
 * kmem_cache_create - a new cache of @size-byte objects.
 * @name: for reports; must outlive the cache
 * @size: object size
 * @align: minimum alignment, 0 for 8
 *
 * Context: may sleep once GFP_KERNEL can (the cache itself is kmalloc'd).
 * Return: the cache, or NULL (no memory, or see kmem_cache_init()).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align)
{
	struct kmem_cache *c = kmalloc(sizeof(*c), GFP_KERNEL);

	if (c && kmem_cache_init(c, name, size, align)) {
		kfree(c);
		c = NULL;
	}
	return c;
}

/**
 * kmem_cache_destroy - free a cache from kmem_cache_create().
 * @c: the cache; every object must have been freed
 *
 * A cache with objects still allocated is reported and leaked.
 *
 * Context: takes and releases c->lock.
 */
void kmem_cache_destroy(struct kmem_cache *c)
{
	struct page *empty;
	unsigned long flags;
	bool busy;

	if (!c)
		return;
	flags = spin_lock_irqsave(&c->lock);
	busy = !page_list_empty(&c->partial) || !page_list_empty(&c->full);
	empty = c->empty;
	c->empty = NULL;
	if (empty) {
		c->nr_slabs--;
		__atomic_sub_fetch(&slab_empty_pages, 1UL << c->order,
				   __ATOMIC_RELAXED);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (empty)
		slab_release(c, empty);
	if (busy) {
		pr_err("kmem_cache_destroy %s: objects still allocated\n",
		       c->name);
		WARN_ON(busy);
		return;
	}
	kfree(c);
}

/**
 * kmem_cache_alloc - one object from @c.
 * @c: the cache
 * @gfp: GFP_* flags for a new slab; __GFP_ZERO zeroes the object
 *
 * Context: as alloc_pages() with @gfp; takes and releases c->lock.
 * Return: the object, or NULL.
 */
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	if (c->account)
		return slab_alloc_account(c, gfp, c->size);
	return slab_alloc(c, gfp, c->size);
}

/*
 * The page heading the block that holds @p: a slab of order k is one
 * buddy block, aligned to 2^k pages, and only its first page carries
 * PG_slab, so an object in a later page of the slab is found at the
 * nearest aligned page below it that heads a slab this large. Any other
 * page is returned as it is (a large kmalloc, or not kmalloc memory).
 */
static struct page *slab_head_page(const void *p)
{
	pfn_t pfn = page_to_pfn(virt_to_page(p));

	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		pfn_t head = pfn & ~(((pfn_t)1 << order) - 1);
		struct page *slab;

		if (!pfn_valid(head))
			break;
		slab = pfn_to_page(head);
		if ((slab->flags & PG_slab) &&
		    pfn - head < ((pfn_t)1 << slab->slab_cache->order))
			return slab;
	}
	return virt_to_page(p);
}

/* Does @p point at an object start of a slab of some cache? */
static int slab_lookup(const void *p, struct page **slabp,
		       struct slab_report *r)
{
	struct page *slab;
	struct kmem_cache *c;
	size_t off;

	memset(r, 0, sizeof(*r));
	r->offset = -1;
	if (!virt_addr_valid(p))
		return report(r, NULL, p, "not a kmalloc pointer (not RAM)",
			      -1, -EINVAL);
	slab = slab_head_page(p);
	if (slab->flags & PG_large_kmalloc) {
		*slabp = slab;
		return p == page_address(slab) ? 0 :
		       report(r, NULL, p, "not the start of a large kmalloc",
			      -1, -EINVAL);
	}
	if (!(slab->flags & PG_slab))
		return report(r, NULL, p,
			      "not a kmalloc pointer (page is not a slab)",
			      -1, -EINVAL);
	c = slab->slab_cache;
	off = (size_t)((const u8 *)p - slab_base(slab));
	if (off < c->obj_offset || (off - c->obj_offset) % c->stride ||
	    (off - c->obj_offset) / c->stride >= c->objects)
		return report(r, c, p, "pointer is not an object start", -1,
			      -EINVAL);
	*slabp = slab;
	return 0;
}

/**
 * kfree_check - would kfree(@p) be a bug? The non-fatal half of kfree().
 * @p: a pointer about to be freed
 * @r: filled with what is wrong
 *
 * Context: any; no locks (the caller owns the object).
 * Return: 0; -EINVAL for a pointer kmalloc did not return or a double
 * free (debug builds); -EFAULT for an overwritten redzone (debug builds).
 */
int kfree_check(const void *p, struct slab_report *r)
{
	struct page *slab;
	struct kmem_cache *c;
	int err = slab_lookup(p, &slab, r);

	if (err || (slab->flags & PG_large_kmalloc))
		return err;
	c = slab->slab_cache;
	if (!c->debug)
		return 0;
	return check_slot(c, (u8 *)p - c->obj_offset, true, r);
}

/**
 * kmem_cache_check - verify every slab of @c: freelists, and in debug
 * builds the redzones of all objects and the poison of free ones.
 * @c: the cache
 * @r: filled with the first problem found
 *
 * Context: takes and releases c->lock; O(objects).
 * Return: 0, or -EFAULT with @r set.
 */
int kmem_cache_check(struct kmem_cache *c, struct slab_report *r)
{
	const struct page_list *lists[] = { &c->partial, &c->full };
	unsigned long flags;
	int err = 0;

	memset(r, 0, sizeof(*r));
	flags = spin_lock_irqsave(&c->lock);
	for (unsigned int l = 0; l < 3 && !err; l++) {
		struct page *slab = l < 2 ? page_list_first(main_zone.map,
							    lists[l]) :
					    c->empty;

		for (; slab && !err; slab = l < 2 ?
		     page_list_next(main_zone.map, slab) : NULL) {
			u64 freemap[SLAB_MAX_OBJECTS / 64] = { 0 };
			u32 nfree = 0;

			for (u32 i = slab->free_head; i != PAGE_LIST_END;
			     i = *slot_next(slot_at(c, slab, i))) {
				if (i >= c->objects || nfree++ >= c->objects ||
				    (freemap[i / 64] & (1ULL << (i % 64)))) {
					err = report(r, c, slab_base(slab),
						     "freelist corrupted", -1,
						     -EFAULT);
					break;
				}
				freemap[i / 64] |= 1ULL << (i % 64);
			}
			if (!err && nfree + slab->inuse != c->objects)
				err = report(r, c, slab_base(slab),
					     "free + inuse != objects", -1,
					     -EFAULT);
			for (u32 i = 0; !err && c->debug && i < c->objects;
			     i++)
				err = check_slot(c, slot_at(c, slab, i),
						 !(freemap[i / 64] &
						   (1ULL << (i % 64))), r);
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return err;
}

/**
 * kmem_cache_free - return @obj to @c.
 * @c: the cache it came from
 * @obj: the object; NULL is ignored
 *
 * Debug builds check the object first, as kfree() does.
 *
 * Context: takes and releases c->lock.
 */
void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct slab_report r;
	struct page *slab;

	if (!obj)
		return;
	if (kfree_check(obj, &r))
		slab_bug(&r);
	slab = slab_head_page(obj);
	if (slab->slab_cache != c) {
		report(&r, c, obj, "object belongs to another cache", -1, 0);
		slab_bug(&r);
	}
	slab_free_account(c, slab, obj);
}

/* The kmalloc cache serving @size bytes (accounted ones for
 * __GFP_ACCOUNT in @gfp), or NULL above 4096. */
static struct kmem_cache *kmalloc_cache(size_t size, gfp_t gfp)
{
	unsigned int shift = KMALLOC_SHIFT_MIN;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	while ((1UL << shift) < size)
		shift++;
	if (gfp & __GFP_ACCOUNT)
		return &kmalloc_cg_caches[shift - KMALLOC_SHIFT_MIN];
	return &kmalloc_caches[shift - KMALLOC_SHIFT_MIN];
}

/* Linux's memcg_kmem_charge_page(): the pages, charged whole. */
static void *kmalloc_large_account(unsigned int order, gfp_t gfp)
{
	struct memcg *m = memcg_get_from_current();
	struct page *p = NULL;

	if (!memcg_kmem_charge_obj(m, gfp, PAGE_SIZE << order)) {
		p = alloc_pages(gfp, order);
		if (!p)
			memcg_kmem_uncharge_obj(m, PAGE_SIZE << order);
	}
	if (!p) {
		memcg_put(m);
		return NULL;
	}
	p->flags |= PG_large_kmalloc;
	p->memcg_data = (unsigned long)m;	/* keeps the reference */
	return page_address(p);
}

/* Free a large kmalloc, uncharging it if it was accounted. */
static void kfree_large(struct page *p)
{
	struct memcg *m = (struct memcg *)p->memcg_data;
	unsigned int order = p->order;

	p->flags &= ~PG_large_kmalloc;
	p->memcg_data = 0;
	free_pages(p, order);
	if (m) {
		memcg_kmem_uncharge_obj(m, PAGE_SIZE << order);
		memcg_put(m);
	}
}

static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = 0;
	struct page *p;

	while ((PAGE_SIZE << order) < size)
		order++;
	if (order >= MAX_ORDER)
		return NULL;
	if (gfp & __GFP_ACCOUNT)
		return kmalloc_large_account(order, gfp);
	p = alloc_pages(gfp, order);
	if (!p)
		return NULL;
	p->flags |= PG_large_kmalloc;	/* p->order keeps the order */
	return page_address(p);
}

/**
 * kmalloc - @size bytes of kernel memory.
 * @size: bytes; 0 gives ZERO_SIZE_PTR; above 4096 whole pages
 * @gfp: GFP_* flags
 *
 * Context: as alloc_pages() with @gfp.
 * Return: memory aligned to min(size class, 64), or NULL.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	if (gfp & __GFP_ACCOUNT)
		return slab_alloc_account(kmalloc_cache(size, gfp), gfp, size);
	return slab_alloc(kmalloc_cache(size, gfp), gfp, size);
}

/**
 * kfree - free memory from kmalloc().
 * @p: the pointer; NULL and ZERO_SIZE_PTR are ignored
 *
 * A bad pointer, a double free or (debug) an overwritten redzone is
 * reported as "BUG <cache>: ..." and stops the kernel.
 *
 * Context: any kmalloc context; takes the cache or zone lock.
 */
void kfree(const void *p)
{
	struct slab_report r;
	struct page *slab;

	if (!p || p == ZERO_SIZE_PTR)
		return;
	if (kfree_check(p, &r))
		slab_bug(&r);
	slab = slab_head_page(p);
	if (slab->flags & PG_large_kmalloc) {
		kfree_large(slab);
		return;
	}
	slab_free_account(slab->slab_cache, slab, (void *)p);
}

/**
 * slab_init - set up the kmalloc caches. Allocates nothing: slabs come
 * on first use.
 *
 * Context: boot, after page_alloc_init(); once.
 */
void slab_init(void)
{
	for (unsigned int i = 0; i < KMALLOC_CACHES; i++) {
		unsigned int size = 1U << (i + KMALLOC_SHIFT_MIN);

		snprintf(kmalloc_names[i], sizeof(kmalloc_names[i]),
			 "kmalloc-%u", size);
		BUG_ON(kmem_cache_init(&kmalloc_caches[i], kmalloc_names[i],
				       size, MIN(size, KMALLOC_MAX_ALIGN)));
		snprintf(kmalloc_cg_names[i], sizeof(kmalloc_cg_names[i]),
			 "kmalloc-cg-%u", size);
		BUG_ON(cache_setup(&kmalloc_cg_caches[i], kmalloc_cg_names[i],
				   size, MIN(size, KMALLOC_MAX_ALIGN), true));
	}
}

/* Pages held by caches' empty slabs (see the file header). */
unsigned long slab_nr_empty_pages(void)
{
	return __atomic_load_n(&slab_empty_pages, __ATOMIC_RELAXED);
}

static u64 free_pages_read(void)
{
	return nr_free_pages() + slab_nr_empty_pages();
}
KTEST_INVARIANT(free_pages, free_pages_read);
