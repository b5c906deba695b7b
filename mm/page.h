/* SPDX-License-Identifier: MIT */
/*
 * struct page: one per 4 KiB physical page, 32 bytes, in one array per
 * zone (mem_map). Lists of pages link through 32-bit indices into that
 * array instead of pointers, which is what keeps the struct at 32 bytes
 * with room for what is still to come.
 *
 *   offset  size  field
 *        0     4  flags           PG_*
 *        4     4  refcount        1 while allocated, 0 while free
 *        8     8  lru.next/prev   buddy free list, slab list, later LRU
 *       16     8  union: buddy/large kmalloc/user pages: order, and
 *                        mapcount (user pages: page-table entries
 *                        mapping it);
 *                        slab: inuse, free_head (object indices)
 *       24     8  union: slab: slab_cache;
 *                        other pages: private (0) / memcg_data, the
 *                        charge of a user page (mm/charge.h)
 *
 * A slab page never needs a mapcount or a page-level memcg (slab objects
 * are charged per object, through the cache), and a user page never needs
 * slab fields, so the two later fields share space with the slab ones.
 *
 * User pages (anonymous, private or shared; later file pages) are
 * PG_user and counted twice, as in Linux, so that fork with copy-on-write
 * fits without a rewrite:
 *   - mapcount: how many page-table entries map the page. A private
 *     anonymous page has 1 today; after a fork both mms map it (2), and a
 *     write fault copies it when mapcount > 1 (or refcount > mapcount).
 *   - refcount: references that keep the page allocated: one per
 *     mapping entry, plus one per other holder (a shared-anon page set,
 *     a populate caller's temporary reference, later the page cache or
 *     a gup pin). The page is uncharged and freed when it drops to 0
 *     (put_user_page() in mm/mm.c; the buddy's convention of refcount 1
 *     for an allocated block is restored just before the free).
 * Both are atomic: threads of one mm fault and unmap concurrently.
 *
 * Locking: a free page belongs to its zone ([z] zone->lock); a slab page
 * to its cache ([c] cache->lock); an allocated page to its owner; [a] for
 * the counts of user pages.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "lib/types.h"

#define PAGE_LIST_END	0xffffffffU

/* An index-linked list head; the indices are into one mem_map. */
struct page_list {
	u32 head;
};

struct page_links {
	u32 next, prev;
};

enum page_flag_bits {
	PG_reserved	= 1U << 0,	/* not managed by the buddy */
	PG_buddy	= 1U << 1,	/* head of a free block; order valid */
	PG_slab		= 1U << 2,	/* owned by a slab cache */
	PG_large_kmalloc = 1U << 3,	/* head of a kmalloc > page size */
	PG_poisoned	= 1U << 4,	/* free and filled with PAGE_POISON */
	PG_user		= 1U << 5,	/* a user page: mapcount, memcg_data */
	PG_anon		= 1U << 6,	/* user page of private anon memory */
	PG_file		= 1U << 7,	/* a charged file page (tmpfs, page
					 * cache): memory.stat counts it as
					 * file */
	PG_active	= 1U << 8,	/* page cache: on the active LRU
					 * ([p] filemap_lock, mm/vmscan.h) */
	PG_referenced	= 1U << 9,	/* page cache: accessed since the
					 * last scan or promotion ([p]) */
	PG_dirty	= 1U << 10,	/* a page-cache page newer than its
					 * file's store (mm/filemap.h) */
	PG_writeback	= 1U << 11,	/* a page-cache page being written
					 * to its store */
};

struct kmem_cache;

struct page {
	u32 flags;			/* PG_* */
	s32 refcount;			/* 1 allocated, 0 free; [a] user */
	struct page_links lru;
	union {
		struct {		/* free head, allocated head, large */
			u32 order;
			union {
				u32 _spare;	/* other pages: unused */
				s32 mapcount;	/* [a] user pages: PTEs */
			};
		};
		struct {		/* slab */
			u16 inuse;	/* objects handed out */
			u16 objects;	/* objects in this slab */
			u32 free_head;	/* first free object, or END */
		};
	};
	union {
		struct kmem_cache *slab_cache;	/* slab */
		unsigned long private;		/* 0 unless the owner says */
		unsigned long memcg_data;	/* user pages: mm/charge.h */
	};
};

_Static_assert(sizeof(struct page) == 32, "struct page must stay 32 bytes");

/* Take a reference to a user page (the caller already holds one). */
static inline void page_get(struct page *p)
{
	__atomic_add_fetch(&p->refcount, 1, __ATOMIC_RELAXED);
}

/* Drop a reference; true when it was the last (the caller frees). */
static inline bool page_put_testzero(struct page *p)
{
	return __atomic_sub_fetch(&p->refcount, 1, __ATOMIC_ACQ_REL) == 0;
}

static inline int page_mapcount(const struct page *p)
{
	return __atomic_load_n(&p->mapcount, __ATOMIC_RELAXED);
}

static inline void page_list_init(struct page_list *l)
{
	l->head = PAGE_LIST_END;
}

static inline bool page_list_empty(const struct page_list *l)
{
	return l->head == PAGE_LIST_END;
}

static inline struct page *page_list_first(struct page *base,
					   const struct page_list *l)
{
	return l->head == PAGE_LIST_END ? NULL : base + l->head;
}

static inline struct page *page_list_next(struct page *base,
					  const struct page *p)
{
	return p->lru.next == PAGE_LIST_END ? NULL : base + p->lru.next;
}

/* Push @p at the front of @l; @base is the mem_map the indices refer to. */
static inline void page_list_add(struct page *base, struct page_list *l,
				 struct page *p)
{
	u32 idx = (u32)(p - base);

	p->lru.prev = PAGE_LIST_END;
	p->lru.next = l->head;
	if (l->head != PAGE_LIST_END)
		base[l->head].lru.prev = idx;
	l->head = idx;
}

static inline void page_list_del(struct page *base, struct page_list *l,
				 struct page *p)
{
	if (p->lru.prev == PAGE_LIST_END)
		l->head = p->lru.next;
	else
		base[p->lru.prev].lru.next = p->lru.next;
	if (p->lru.next != PAGE_LIST_END)
		base[p->lru.next].lru.prev = p->lru.prev;
	p->lru.next = p->lru.prev = PAGE_LIST_END;
}

#endif
