/* SPDX-License-Identifier: MIT */
/*
 * Buddy page allocator. Blocks of 2^order pages, order 0..MAX_ORDER-1,
 * one free list per order; a freed block merges with its buddy (the block
 * whose pfn differs only in bit @order) while that buddy is free and of
 * the same order.
 *
 * The allocator works on a struct zone, an instance over one pfn range
 * with its own mem_map. The kernel has one zone (the "main" zone, all of
 * RAM); tests build small private zones over memory they own, so exact
 * counts can be asserted without disturbing the kernel.
 *
 * Names: the page API keeps Linux's names (alloc_pages, __get_free_pages,
 * page_address...) because that is what readers know. One deviation:
 * free_pages() takes the struct page, as alloc_pages() returns it (Linux's
 * takes an address); the address forms are free_pages_addr() and
 * free_page_addr().
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include <arch/layout.h>
#include "kernel/spinlock.h"
#include "mm/gfp.h"
#include "mm/page.h"

#define MAX_ORDER	11		/* orders 0..10: up to 4 MiB blocks */
#define PAGE_POISON	0xaa		/* freed pages, debug builds */
#define DEFERRED_RANGES	32		/* free ranges a zone can defer */

/*
 * Deferred struct page initialisation (Linux's deferred_init_memmap idea,
 * our own code): a zone may leave the struct pages from deferred_pfn to
 * its end uninitialised at boot. Free memory handed to it up there is
 * only counted (nr_free, managed, nr_deferred) and remembered as a
 * range; page_alloc_zone_grow() later initialises the next
 * DEFERRED_CHUNK pages (holes and reserved pages as reserved, the free
 * ones into the buddy) and moves deferred_pfn past them. The allocator
 * grows a zone itself when its lists cannot serve a request, so a
 * counted free page is always allocatable; nothing ever looks at a
 * struct page at or above deferred_pfn, and no block merges with one.
 */
#define DEFERRED_CHUNK	(1UL << (MAX_ORDER - 1))	/* one largest block */

struct pfn_range {
	pfn_t start, end;
};

/* Locking: [I] immutable after init; [z] zone->lock */
struct free_area {
	struct page_list list;		/* [z] */
	unsigned long nr_free;		/* [z] blocks of this order */
};

struct zone {
	struct spinlock lock;
	const char *name;		/* [I] */
	struct page *map;		/* [I] mem_map: pages of [start, end) */
	pfn_t start_pfn, end_pfn;	/* [I] */
	unsigned long managed;		/* [z] pages ever given to the buddy */
	unsigned long nr_free;		/* [z] free pages, all orders,
					 * deferred ones included */
	unsigned long min_free;		/* [z] reserve: see zone_alloc_pages */
	unsigned long fail_nth;		/* [z] fault injection countdown */
	unsigned long nr_injected;	/* [z] failures injected so far */
	struct free_area free_area[MAX_ORDER];
	pfn_t deferred_pfn;		/* [z] struct pages from here on are
					 * not initialised; end_pfn: none */
	unsigned long nr_deferred;	/* [z] free pages above deferred_pfn,
					 * in nr_free but on no list */
	unsigned int nr_deferred_ranges;	/* [z] */
	struct pfn_range deferred[DEFERRED_RANGES];	/* [z] their ranges */
	char check_msg[96];		/* [z] last page_alloc_zone_check error */
};

/* Zone instances (the kernel's and tests'). */
void page_alloc_zone_init(struct zone *z, const char *name, struct page *map,
			  pfn_t start_pfn, pfn_t end_pfn);
void page_alloc_zone_init_deferred(struct zone *z, const char *name,
				   struct page *map, pfn_t start_pfn,
				   pfn_t end_pfn, pfn_t deferred_pfn);
void page_alloc_zone_free_range(struct zone *z, pfn_t start, pfn_t end);
bool page_alloc_zone_grow(struct zone *z);
bool page_alloc_zone_deferred_done(struct zone *z);
struct page *zone_alloc_pages(struct zone *z, gfp_t gfp, unsigned int order);
void zone_free_pages(struct zone *z, struct page *page, unsigned int order);
int zone_free_pages_check(struct zone *z, struct page *page,
			  unsigned int order);
int page_alloc_zone_check(struct zone *z);
void page_alloc_zone_fail_nth(struct zone *z, unsigned long n);
unsigned long zone_nr_free_order(struct zone *z, unsigned int order);

static inline pfn_t zone_page_to_pfn(const struct zone *z,
				     const struct page *p)
{
	return z->start_pfn + (pfn_t)(p - z->map);
}

static inline struct page *zone_pfn_to_page(struct zone *z, pfn_t pfn)
{
	return z->map + (pfn - z->start_pfn);
}

static inline bool zone_spans(const struct zone *z, pfn_t pfn)
{
	return pfn >= z->start_pfn && pfn < z->end_pfn;
}

/* The kernel's zone. */
extern struct zone main_zone;

void page_alloc_init(struct page *map, pfn_t start_pfn, pfn_t end_pfn);
void page_alloc_init_deferred(struct page *map, pfn_t start_pfn,
			      pfn_t end_pfn, pfn_t deferred_pfn);
bool page_alloc_grow(void);
bool page_alloc_deferred_done(void);
void page_alloc_free_range(pfn_t start, pfn_t end);
void page_alloc_init_late(void);
int page_alloc_check(void);
void page_alloc_fail_nth(unsigned long n);
size_t page_alloc_map_bytes(pfn_t start_pfn, pfn_t end_pfn);

struct page *alloc_pages(gfp_t gfp, unsigned int order);
void free_pages(struct page *page, unsigned int order);
void *__get_free_pages(gfp_t gfp, unsigned int order);
void free_pages_addr(void *addr, unsigned int order);
unsigned long nr_free_pages(void);
unsigned long nr_managed_pages(void);

static inline struct page *alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

static inline void free_page(struct page *page)
{
	free_pages(page, 0);
}

static inline void *__get_free_page(gfp_t gfp)
{
	return __get_free_pages(gfp, 0);
}

static inline void *get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

static inline void free_page_addr(void *addr)
{
	free_pages_addr(addr, 0);
}

/* pfn/page/address conversions for the main zone (mem_map). */
static inline pfn_t page_to_pfn(const struct page *p)
{
	return zone_page_to_pfn(&main_zone, p);
}

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return zone_pfn_to_page(&main_zone, pfn);
}

static inline bool pfn_valid(pfn_t pfn)
{
	return zone_spans(&main_zone, pfn);
}

void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);
bool virt_addr_valid(const void *addr);

#endif
