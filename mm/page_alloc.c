// SPDX-License-Identifier: MIT
/*
 * Buddy page allocator over a struct zone (see page_alloc.h).
 *
 * Invariant: every page of a zone is in exactly one state — reserved
 * (never given to the buddy: holes, the kernel, mem_map itself), inside a
 * free block (whose head has PG_buddy and the block's order, and sits on
 * free_area[order]), or inside an allocated block (head refcount 1). Two
 * free buddies of the same order never coexist: freeing merges them.
 * zone->nr_free is the sum of 2^order over the free lists.
 *
 * Reserve: a zone keeps min_free pages back from ordinary allocations.
 * __GFP_HIGH (GFP_ATOMIC) may use half of it, __GFP_NOFAIL all of it.
 *
 * Deferred pages (see page_alloc.h): zone->nr_free counts the free pages
 * above deferred_pfn too, so the counters never move when they are
 * initialised; the free lists hold nr_free - nr_deferred pages.
 *
 * Debug builds poison every page freed at run time (PG_poisoned) and
 * check the poison when the page is handed out again; memory given to the
 * buddy at boot is not poisoned, so boot stays fast with 8 GiB.
 *
 * Lock order: zone->lock is a leaf; nothing is taken under it.
 */
#include <arch/mmu.h>
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"

struct zone main_zone;

static u64 fail_page_alloc;
KPARAM_UINT(fail_page_alloc, "fail_page_alloc", &fail_page_alloc, 0,
	    1ULL << 40, "fail the Nth page allocation (fault injection)");

static inline unsigned long zone_spanned(const struct zone *z)
{
	return z->end_pfn - z->start_pfn;
}

static inline void *zone_page_address(const struct zone *z,
				      const struct page *p)
{
	return phys_to_virt(zone_page_to_pfn(z, p) << PAGE_SHIFT);
}

static void add_free(struct zone *z, struct page *p, unsigned int order)
{
	p->flags |= PG_buddy;
	p->order = order;
	page_list_add(z->map, &z->free_area[order].list, p);
	z->free_area[order].nr_free++;
}

static void del_free(struct zone *z, struct page *p, unsigned int order)
{
	page_list_del(z->map, &z->free_area[order].list, p);
	p->flags &= ~PG_buddy;
	z->free_area[order].nr_free--;
}

/* Merge the free block at @pfn with its buddies and list the result. */
static void free_one(struct zone *z, pfn_t pfn, unsigned int order)
{
	spin_assert_held(&z->lock);
	while (order < MAX_ORDER - 1) {
		pfn_t buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!zone_spans(z, buddy_pfn) || buddy_pfn >= z->deferred_pfn)
			break;	/* outside, or its struct page is not set up */
		buddy = zone_pfn_to_page(z, buddy_pfn);
		if (!(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_free(z, buddy, order);
		pfn &= ~(1UL << order);
		order++;
	}
	add_free(z, zone_pfn_to_page(z, pfn), order);
}

/* Take a block of @order off the free lists, splitting a larger one. */
static struct page *rmqueue(struct zone *z, unsigned int order)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct page *p = page_list_first(z->map, &z->free_area[o].list);

		if (!p)
			continue;
		del_free(z, p, o);
		while (o > order) {	/* give back the upper halves */
			o--;
			add_free(z, p + (1UL << o), o);
		}
		z->nr_free -= 1UL << order;
		return p;
	}
	return NULL;
}

static bool grow_locked(struct zone *z);

static bool watermark_ok(const struct zone *z, gfp_t gfp, unsigned int order)
{
	unsigned long min = z->min_free;

	if (gfp & __GFP_NOFAIL)
		min = 0;
	else if (gfp & __GFP_HIGH)
		min /= 2;
	return z->nr_free >= min + (1UL << order);
}

/* Fault injection: does this attempt fail? __GFP_NOFAIL is exempt and
 * does not count. */
static bool should_fail(struct zone *z, gfp_t gfp)
{
	if (!z->fail_nth || (gfp & __GFP_NOFAIL))
		return false;
	if (--z->fail_nth)
		return false;
	z->nr_injected++;
	return true;
}

static void check_poison(struct zone *z, struct page *p)
{
	long off = mm_memchr_inv(zone_page_address(z, p), PAGE_POISON,
				 PAGE_SIZE);

	if (off < 0)
		return;
	pr_emerg("BUG: page poison overwritten (use after free) in zone %s: "
		 "pfn %#llx offset %#lx\n", z->name,
		 (unsigned long long)zone_page_to_pfn(z, p), off);
	BUG();
}

/* A block just taken off the free lists becomes the caller's. */
static void prep_new_block(struct zone *z, struct page *p,
			   unsigned int order, gfp_t gfp)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (p[i].flags & PG_poisoned) {
			if (MM_DEBUG)
				check_poison(z, &p[i]);
			p[i].flags &= ~PG_poisoned;
		}
	}
	p->refcount = 1;
	p->order = order;
	p->private = 0;
	if (gfp & __GFP_ZERO) {
		u8 *addr = zone_page_address(z, p);

		for (unsigned long i = 0; i < (1UL << order); i++)
			clear_page(addr + i * PAGE_SIZE);
	}
}

/* A block of @order within the watermark, or NULL. Context: z->lock. */
static struct page *take_block_locked(struct zone *z, gfp_t gfp,
				      unsigned int order)
{
	struct page *p = NULL;

	if (watermark_ok(z, gfp, order))
		while (!(p = rmqueue(z, order)) && grow_locked(z))
			;
	return p;
}

/*
 * The slow path (Linux's __alloc_pages_slowpath() without kswapd or
 * compaction): reclaim page cache and try again, while reclaim frees
 * something, up to Linux's MAX_RECLAIM_RETRIES times. Only the kernel's
 * zone: reclaim frees into it.
 */
#define ALLOC_RECLAIM_RETRIES	16
static struct page *alloc_after_reclaim(struct zone *z, gfp_t gfp,
					unsigned int order)
{
	struct page *p = NULL;

	for (int tries = 0; !p && tries < ALLOC_RECLAIM_RETRIES; tries++) {
		unsigned long flags;

		if (!vmscan_alloc_reclaim(gfp, order))
			break;
		flags = spin_lock_irqsave(&z->lock);
		p = take_block_locked(z, gfp, order);
		spin_unlock_irqrestore(&z->lock, flags);
	}
	return p;
}

/**
 * zone_alloc_pages - allocate 2^@order contiguous pages from @z.
 * @z: the zone
 * @gfp: GFP_* flags; __GFP_ZERO zeroes, __GFP_HIGH and __GFP_NOFAIL may
 *       dip into the reserve (see the file header)
 * @order: 0..MAX_ORDER-1
 *
 * Before the kernel's zone fails a request that may block, reclaim
 * frees page cache (vmscan_alloc_reclaim()) and the request is tried
 * again. __GFP_NOFAIL: never returns NULL. With no global OOM killer
 * yet, a NOFAIL request that even the whole reserve cannot satisfy
 * panics ("out of memory"); fault injection never fails it.
 *
 * Context: any; takes and releases z->lock with interrupts saved.
 * Return: the head page of the block (refcount 1), or NULL.
 */
struct page *zone_alloc_pages(struct zone *z, gfp_t gfp, unsigned int order)
{
	struct page *p = NULL;
	unsigned long flags;
	bool injected;

	if (WARN_ON(order >= MAX_ORDER))
		return NULL;
	flags = spin_lock_irqsave(&z->lock);
	injected = should_fail(z, gfp);
	if (!injected)
		p = take_block_locked(z, gfp, order);
	spin_unlock_irqrestore(&z->lock, flags);
	if (!p && !injected && z == &main_zone)
		p = alloc_after_reclaim(z, gfp, order);
	if (!p) {
		if (gfp & __GFP_NOFAIL)
			panic("out of memory: __GFP_NOFAIL order %u allocation "
			      "failed in zone %s (%lu pages free)", order,
			      z->name, z->nr_free);
		return NULL;
	}
	prep_new_block(z, p, order, gfp);
	return p;
}

/**
 * zone_free_pages_check - would freeing @page at @order be a bug?
 * @z: the zone the page should belong to
 * @page: head page of the block
 * @order: order it was allocated with
 *
 * The non-fatal half of zone_free_pages(): tests call it to assert that
 * a double or bad free is detected. Sets z->check_msg.
 *
 * Context: any; the caller owns @page (no lock taken).
 * Return: 0, or -EINVAL with z->check_msg naming the problem.
 */
int zone_free_pages_check(struct zone *z, struct page *page,
			  unsigned int order)
{
	const char *why = NULL;
	pfn_t pfn;

	if (page < z->map || page >= z->map + zone_spanned(z)) {
		snprintf(z->check_msg, sizeof(z->check_msg),
			 "page %p outside zone %s", (void *)page, z->name);
		return -EINVAL;
	}
	pfn = zone_page_to_pfn(z, page);
	if (pfn >= z->deferred_pfn)
		why = "struct page not initialised yet (deferred)";
	else if (order >= MAX_ORDER)
		why = "bad order";
	else if (!IS_ALIGNED(pfn, 1UL << order))
		why = "pfn not aligned to order";
	else if (page->flags & PG_buddy)
		why = "double free (block already free)";
	else if (page->flags & PG_reserved)
		why = "reserved page";
	else if (page->flags & PG_slab)
		why = "page belongs to a slab";
	else if (page->refcount != 1)
		why = "not an allocated block head (refcount != 1)";
	else if (page->order != order)
		why = "order differs from the allocation's";
	if (!why)
		return 0;
	snprintf(z->check_msg, sizeof(z->check_msg),
		 "pfn %#llx order %u: %s", (unsigned long long)pfn, order, why);
	return -EINVAL;
}

/**
 * zone_free_pages - give a block back to @z.
 * @z: the zone it came from
 * @page: head page returned by zone_alloc_pages()
 * @order: the order it was allocated with
 *
 * A bad free (double free, wrong order, a page that is not a block head)
 * is reported as "BUG: Bad page state" and stops the kernel.
 *
 * Context: any; takes and releases z->lock with interrupts saved.
 */
void zone_free_pages(struct zone *z, struct page *page, unsigned int order)
{
	unsigned long flags;

	if (zone_free_pages_check(z, page, order)) {
		pr_emerg("BUG: Bad page state in zone %s: %s\n", z->name,
			 z->check_msg);
		BUG();
	}
	page->refcount = 0;
	page->order = 0;
	if (MM_DEBUG) {
		memset(zone_page_address(z, page), PAGE_POISON,
		       PAGE_SIZE << order);
		for (unsigned long i = 0; i < (1UL << order); i++)
			page[i].flags |= PG_poisoned;
	}
	flags = spin_lock_irqsave(&z->lock);
	free_one(z, zone_page_to_pfn(z, page), order);
	z->nr_free += 1UL << order;
	spin_unlock_irqrestore(&z->lock, flags);
}

/* Every page of [@from, @to) reserved, as a hole or boot memory is. */
static void init_reserved(struct zone *z, pfn_t from, pfn_t to)
{
	struct page *map = zone_pfn_to_page(z, from);

	memset(map, 0, page_alloc_map_bytes(from, to));
	for (pfn_t i = 0; i < to - from; i++) {
		map[i].flags = PG_reserved;
		map[i].refcount = 1;
		map[i].lru.next = map[i].lru.prev = PAGE_LIST_END;
	}
}

/**
 * page_alloc_zone_init_deferred - set up @z over [@start_pfn, @end_pfn)
 * with the struct pages from @deferred_pfn on left for later.
 * @z: the zone
 * @name: for reports
 * @map: mem_map, page_alloc_map_bytes() long; every page below
 *       @deferred_pfn starts reserved, the rest is not touched yet
 * @start_pfn: first pfn
 * @end_pfn: one past the last
 * @deferred_pfn: first pfn initialised by page_alloc_zone_grow() instead;
 *                rounded up to DEFERRED_CHUNK, @end_pfn or more: none
 *
 * Context: boot, or a test owning @z; no locks.
 */
void page_alloc_zone_init_deferred(struct zone *z, const char *name,
				   struct page *map, pfn_t start_pfn,
				   pfn_t end_pfn, pfn_t deferred_pfn)
{
	memset(z, 0, sizeof(*z));
	z->lock = (struct spinlock)SPINLOCK_INIT("zone");
	z->name = name;
	z->map = map;
	z->start_pfn = start_pfn;
	z->end_pfn = end_pfn;
	z->deferred_pfn = MIN(MAX(ALIGN_UP(deferred_pfn, DEFERRED_CHUNK),
				  start_pfn), end_pfn);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		page_list_init(&z->free_area[o].list);
	init_reserved(z, start_pfn, z->deferred_pfn);
}

/**
 * page_alloc_zone_init - set up @z over [@start_pfn, @end_pfn), every
 * struct page at once.
 * @z: the zone
 * @name: for reports
 * @map: mem_map, page_alloc_map_bytes() long; every page starts reserved
 * @start_pfn: first pfn
 * @end_pfn: one past the last
 *
 * Context: boot, or a test owning @z; no locks.
 */
void page_alloc_zone_init(struct zone *z, const char *name, struct page *map,
			  pfn_t start_pfn, pfn_t end_pfn)
{
	page_alloc_zone_init_deferred(z, name, map, start_pfn, end_pfn,
				      end_pfn);
}

/* Give initialised reserved pages [@start, @end) to the free lists. */
static void free_range_locked(struct zone *z, pfn_t start, pfn_t end)
{
	pfn_t pfn;

	spin_assert_held(&z->lock);
	for (pfn = start; pfn < end; pfn++) {
		struct page *p = zone_pfn_to_page(z, pfn);

		BUG_ON(!(p->flags & PG_reserved));
		p->flags &= ~PG_reserved;
		p->refcount = 0;
	}
	for (pfn = start; pfn < end;) {
		unsigned int order = MAX_ORDER - 1;

		while (order && (!IS_ALIGNED(pfn, 1UL << order) ||
				 pfn + (1UL << order) > end))
			order--;
		free_one(z, pfn, order);
		pfn += 1UL << order;
	}
}

/* Remember free [@start, @end) above deferred_pfn; false when full. */
static bool defer_range(struct zone *z, pfn_t start, pfn_t end)
{
	if (z->nr_deferred_ranges == DEFERRED_RANGES)
		return false;
	z->deferred[z->nr_deferred_ranges++] = (struct pfn_range){ start, end };
	z->nr_deferred += end - start;
	return true;
}

/* Move deferred_pfn one chunk on: its struct pages reserved, then the
 * deferred free ranges inside it freed. */
static bool grow_locked(struct zone *z)
{
	pfn_t from = z->deferred_pfn, to;

	spin_assert_held(&z->lock);
	if (from >= z->end_pfn)
		return false;
	to = MIN(ALIGN_DOWN(from, DEFERRED_CHUNK) + DEFERRED_CHUNK, z->end_pfn);
	init_reserved(z, from, to);
	z->deferred_pfn = to;
	for (unsigned int i = 0; i < z->nr_deferred_ranges; i++) {
		struct pfn_range *r = &z->deferred[i];
		pfn_t s = MAX(r->start, from), e = MIN(r->end, to);

		if (s >= e)
			continue;
		free_range_locked(z, s, e);
		z->nr_deferred -= e - s;
	}
	return true;
}

/* Initialise every struct page below @to. */
static void grow_to_locked(struct zone *z, pfn_t to)
{
	while (z->deferred_pfn < to && grow_locked(z))
		;
}

/**
 * page_alloc_zone_free_range - hand reserved pages [@start, @end) to the
 * buddy, in the largest aligned blocks that fit.
 * @z: the zone; the range is clipped to it
 * @start: first pfn
 * @end: one past the last
 *
 * The part at or above z->deferred_pfn is counted as free at once and
 * reaches the free lists when page_alloc_zone_grow() gets there (at
 * once when the zone has no room left to remember the range).
 *
 * Context: takes and releases z->lock.
 */
void page_alloc_zone_free_range(struct zone *z, pfn_t start, pfn_t end)
{
	unsigned long flags;

	start = MAX(start, z->start_pfn);
	end = MIN(end, z->end_pfn);
	if (end <= start)
		return;
	flags = spin_lock_irqsave(&z->lock);
	if (end > z->deferred_pfn &&
	    !defer_range(z, MAX(start, z->deferred_pfn), end))
		grow_to_locked(z, end);	/* no room to remember it: now */
	if (start < z->deferred_pfn)
		free_range_locked(z, start, MIN(end, z->deferred_pfn));
	z->nr_free += end - start;
	z->managed += end - start;
	spin_unlock_irqrestore(&z->lock, flags);
}

/**
 * page_alloc_zone_grow - initialise the next DEFERRED_CHUNK struct pages
 * of @z and free what is free among them.
 * @z: the zone
 *
 * Context: takes and releases z->lock (interrupts off for one chunk).
 * Return: false when every struct page of @z was initialised already.
 */
bool page_alloc_zone_grow(struct zone *z)
{
	unsigned long flags = spin_lock_irqsave(&z->lock);
	bool grew = grow_locked(z);

	spin_unlock_irqrestore(&z->lock, flags);
	return grew;
}

/* Context: any. Return: whether every struct page of @z is initialised. */
bool page_alloc_zone_deferred_done(struct zone *z)
{
	return __atomic_load_n(&z->deferred_pfn, __ATOMIC_RELAXED) >=
	       z->end_pfn;
}

static int check_block(struct zone *z, struct page *p, unsigned int order,
		       u32 prev)
{
	pfn_t pfn;

	if (p < z->map || p >= z->map + zone_spanned(z))
		return snprintf(z->check_msg, sizeof(z->check_msg),
				"order %u: link outside the zone", order),
		       -EINVAL;
	pfn = zone_page_to_pfn(z, p);
	if (!(p->flags & PG_buddy) || p->order != order ||
	    p->lru.prev != prev || !IS_ALIGNED(pfn, 1UL << order) ||
	    pfn + (1UL << order) > z->end_pfn)
		return snprintf(z->check_msg, sizeof(z->check_msg),
				"order %u: bad free block at pfn %#llx",
				order, (unsigned long long)pfn), -EINVAL;
	for (unsigned long i = 0; MM_DEBUG && i < (1UL << order); i++) {
		long off;

		if (!(p[i].flags & PG_poisoned))
			continue;
		off = mm_memchr_inv(zone_page_address(z, &p[i]), PAGE_POISON,
				    PAGE_SIZE);
		if (off >= 0)
			return snprintf(z->check_msg, sizeof(z->check_msg),
					"poison overwritten at pfn %#llx "
					"offset %#lx",
					(unsigned long long)(pfn + i), off),
			       -EFAULT;
	}
	return 0;
}

/**
 * page_alloc_zone_check - verify @z's free lists and counters, and (debug
 * builds) the poison of every free page freed at run time.
 * @z: the zone
 *
 * Non-fatal: reports through the return value and z->check_msg only.
 *
 * Context: takes and releases z->lock; O(free pages) with poison checks.
 * Return: 0; -EINVAL for a broken list or counter; -EFAULT for poison
 * overwritten (a use after free).
 */
int page_alloc_zone_check(struct zone *z)
{
	unsigned long flags, total = 0;
	int ret = 0;

	flags = spin_lock_irqsave(&z->lock);
	for (unsigned int o = 0; o < MAX_ORDER && !ret; o++) {
		struct free_area *fa = &z->free_area[o];
		unsigned long n = 0;
		u32 prev = PAGE_LIST_END;

		for (struct page *p = page_list_first(z->map, &fa->list); p;
		     p = page_list_next(z->map, p)) {
			ret = check_block(z, p, o, prev);
			if (ret || ++n > zone_spanned(z))
				break;
			prev = (u32)(p - z->map);
		}
		if (!ret && n != fa->nr_free) {
			snprintf(z->check_msg, sizeof(z->check_msg),
				 "order %u: %lu blocks listed, counter %lu",
				 o, n, fa->nr_free);
			ret = -EINVAL;
		}
		total += n << o;
	}
	if (!ret && total + z->nr_deferred != z->nr_free) {
		snprintf(z->check_msg, sizeof(z->check_msg),
			 "%lu pages listed + %lu deferred, nr_free %lu", total,
			 z->nr_deferred, z->nr_free);
		ret = -EINVAL;
	}
	spin_unlock_irqrestore(&z->lock, flags);
	return ret;
}

/**
 * page_alloc_zone_fail_nth - make the @n-th allocation attempt from now
 * fail (once); 0 disarms.
 * @z: the zone
 * @n: attempt number, counting from 1; __GFP_NOFAIL attempts do not count
 *
 * Context: takes and releases z->lock.
 */
void page_alloc_zone_fail_nth(struct zone *z, unsigned long n)
{
	unsigned long flags = spin_lock_irqsave(&z->lock);

	z->fail_nth = n;
	spin_unlock_irqrestore(&z->lock, flags);
}

/* Free blocks of @order in @z (a racy snapshot without the lock). */
unsigned long zone_nr_free_order(struct zone *z, unsigned int order)
{
	return __atomic_load_n(&z->free_area[order].nr_free, __ATOMIC_RELAXED);
}

size_t page_alloc_map_bytes(pfn_t start_pfn, pfn_t end_pfn)
{
	return (size_t)(end_pfn - start_pfn) * sizeof(struct page);
}

/**
 * page_alloc_init - set up the kernel's zone; every page reserved until
 * page_alloc_free_range() releases it.
 * @map: mem_map for [@start_pfn, @end_pfn)
 * @start_pfn: first pfn covered
 * @end_pfn: one past the last
 *
 * Context: boot, once.
 */
void page_alloc_init(struct page *map, pfn_t start_pfn, pfn_t end_pfn)
{
	page_alloc_init_deferred(map, start_pfn, end_pfn, end_pfn);
}

/**
 * page_alloc_init_deferred - page_alloc_init() leaving the struct pages
 * from @deferred_pfn on to page_alloc_grow().
 * @map: mem_map for [@start_pfn, @end_pfn)
 * @start_pfn: first pfn covered
 * @end_pfn: one past the last
 * @deferred_pfn: first pfn not initialised now
 *
 * Context: boot, once.
 */
void page_alloc_init_deferred(struct page *map, pfn_t start_pfn,
			      pfn_t end_pfn, pfn_t deferred_pfn)
{
	page_alloc_zone_init_deferred(&main_zone, "main", map, start_pfn,
				      end_pfn, deferred_pfn);
	main_zone.fail_nth = fail_page_alloc;
}

/* page_alloc_zone_grow() of the kernel's zone. */
bool page_alloc_grow(void)
{
	return page_alloc_zone_grow(&main_zone);
}

/* page_alloc_zone_deferred_done() of the kernel's zone. */
bool page_alloc_deferred_done(void)
{
	return page_alloc_zone_deferred_done(&main_zone);
}

void page_alloc_free_range(pfn_t start, pfn_t end)
{
	page_alloc_zone_free_range(&main_zone, start, end);
}

static unsigned long isqrt(unsigned long x)
{
	unsigned long r = 0;

	for (unsigned long bit = 1UL << 62; bit; bit >>= 2) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
	}
	return r;
}

/**
 * page_alloc_init_late - size the reserve once all memory is in: Linux's
 * min_free_kbytes rule, 4 * sqrt(KiB managed), within 128 KiB .. 256 MiB.
 *
 * Context: boot, after the last page_alloc_free_range().
 */
void page_alloc_init_late(void)
{
	unsigned long kb = main_zone.managed * (PAGE_SIZE / 1024);
	unsigned long min_kb = MIN(MAX(4 * isqrt(kb), 128UL), 262144UL);
	unsigned long flags = spin_lock_irqsave(&main_zone.lock);

	main_zone.min_free = min_kb / (PAGE_SIZE / 1024);
	spin_unlock_irqrestore(&main_zone.lock, flags);
}

/**
 * alloc_pages - allocate 2^@order pages from the kernel's zone.
 * @gfp: GFP_* flags (see zone_alloc_pages())
 * @order: 0..MAX_ORDER-1
 *
 * Context: any; a caller that may sleep (GFP_KERNEL) may reclaim.
 * Return: head page, or NULL (never with __GFP_NOFAIL).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return zone_alloc_pages(&main_zone, gfp, order);
}

/**
 * free_pages - free a block from alloc_pages().
 * @page: its head page
 * @order: its order
 *
 * Context: any.
 */
void free_pages(struct page *page, unsigned int order)
{
	zone_free_pages(&main_zone, page, order);
}

/**
 * __get_free_pages - alloc_pages() returning the block's direct-map address.
 * @gfp: GFP_* flags
 * @order: 0..MAX_ORDER-1
 *
 * Context: as alloc_pages().
 * Return: virtual address, or NULL.
 */
void *__get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *p = alloc_pages(gfp, order);

	return p ? page_address(p) : NULL;
}

/**
 * free_pages_addr - free a block by the address __get_free_pages() gave.
 * @addr: the address; NULL is ignored
 * @order: its order
 *
 * Context: any.
 */
void free_pages_addr(void *addr, unsigned int order)
{
	if (addr)
		free_pages(virt_to_page(addr), order);
}

/**
 * page_alloc_check - page_alloc_zone_check() on the kernel's zone.
 *
 * Context: takes the zone lock.
 * Return: 0, -EINVAL or -EFAULT; main_zone.check_msg says what.
 */
int page_alloc_check(void)
{
	return page_alloc_zone_check(&main_zone);
}

/* Fail the @n-th allocation from now in the kernel's zone; 0 disarms. */
void page_alloc_fail_nth(unsigned long n)
{
	page_alloc_zone_fail_nth(&main_zone, n);
}

unsigned long nr_free_pages(void)
{
	return __atomic_load_n(&main_zone.nr_free, __ATOMIC_RELAXED);
}

unsigned long nr_managed_pages(void)
{
	return __atomic_load_n(&main_zone.managed, __ATOMIC_RELAXED);
}

void *page_address(const struct page *page)
{
	return zone_page_address(&main_zone, page);
}

bool virt_addr_valid(const void *addr)
{
	return pfn_valid(virt_to_phys(addr) >> PAGE_SHIFT);
}

struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(virt_to_phys(addr) >> PAGE_SHIFT);
}
