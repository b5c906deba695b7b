/* SPDX-License-Identifier: MIT */
/*
 * Slab allocator: caches of equal-sized objects carved out of buddy
 * blocks, and kmalloc() on top (power-of-two caches 8..4096 bytes, larger
 * requests straight from the buddy with the order kept in struct page).
 *
 * kmalloc(__GFP_ACCOUNT) (GFP_KERNEL_ACCOUNT) charges the object to the
 * allocating task's memory cgroup until it is freed (mm/memcg_kmem.c).
 *
 * Alignment: kmalloc() memory is aligned to min(size class, 64) bytes in
 * every build, so classes up to 64 bytes are naturally aligned.
 *
 * Debug builds (CONFIG_DEBUG) put redzones around each object, fill the
 * unused tail of a kmalloc object (requested size .. class size) with the
 * redzone pattern, and poison free objects. kfree() reports a double
 * free, a bad pointer or an overwritten redzone as "BUG <cache>: ..." and
 * stops; kfree_check() and kmem_cache_check() are the non-fatal checkers
 * tests use to assert the detection.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include "kernel/spinlock.h"
#include "mm/gfp.h"
#include "mm/page.h"

#define KMALLOC_MIN_SIZE	8
#define KMALLOC_MAX_CACHE_SIZE	4096
#define KMALLOC_MAX_ALIGN	64
#define ZERO_SIZE_PTR		((void *)16)	/* kmalloc(0) */

#define SLAB_RED_INACTIVE	0xbb	/* redzone of a free object */
#define SLAB_RED_ACTIVE		0xcc	/* redzone of an allocated object */
#define SLAB_POISON_FREE	0x6b	/* a free object's bytes */
#define SLAB_POISON_END		0xa5	/* its last byte */

/* Locking: [I] immutable after kmem_cache_create(); [c] cache->lock */
struct kmem_cache {
	struct spinlock lock;
	const char *name;		/* [I] */
	unsigned int size;		/* [I] object bytes the caller may use */
	unsigned int align;		/* [I] */
	unsigned int stride;		/* [I] bytes per object slot */
	unsigned int obj_offset;	/* [I] object start within its slot */
	unsigned int order;		/* [I] buddy order of one slab */
	unsigned int objects;		/* [I] objects per slab */
	bool debug;			/* [I] redzones and poison */
	bool account;			/* [I] objects charged to a memcg */
	struct page_list partial;	/* [c] slabs with free and used objects */
	struct page_list full;		/* [c] slabs without free objects */
	struct page *empty;		/* [c] at most one cached empty slab */
	unsigned long nr_slabs;		/* [c] including the empty one */
};

/* What a checker found; what == NULL when all is well. */
struct slab_report {
	const char *cache;
	const char *what;
	const void *object;
	long offset;			/* of the bad byte in the object, or -1 */
};

void slab_init(void);
unsigned long slab_nr_empty_pages(void);

int kmem_cache_init(struct kmem_cache *c, const char *name, unsigned int size,
		    unsigned int align);
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align);
void kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *obj);
int kmem_cache_check(struct kmem_cache *c, struct slab_report *r);

void *kmalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
int kfree_check(const void *p, struct slab_report *r);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

#endif
