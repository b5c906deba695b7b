// SPDX-License-Identifier: MIT
/*
 * Buddy allocator tests. Exact-count cases run on a private test zone: a
 * 1024-page (order-10, 4 MiB) block taken from the kernel's allocator and
 * given to a fresh struct zone, so every free-list count is known:
 *
 *   pfn  base                                   base + 1024
 *        |<-------- one order-10 free block -------->|
 *
 * The other cases drive the kernel's zone and rely on the free_pages
 * invariant to prove they gave everything back.
 */
#include <arch/mmu.h>
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"

#define TZ_ORDER	10
#define TZ_PAGES	(1UL << TZ_ORDER)

static struct zone tz;
static struct page tz_map[TZ_PAGES];
static struct page *tz_block;

/* Build the test zone over a fresh order-10 block; @npages are free. */
static bool tz_setup(struct ktest *t, unsigned long npages)
{
	pfn_t base;

	tz_block = alloc_pages(GFP_KERNEL, TZ_ORDER);
	if (!KTEST_EXPECT_NOT_NULL(t, tz_block))
		return false;
	base = page_to_pfn(tz_block);
	page_alloc_zone_init(&tz, "test", tz_map, base, base + TZ_PAGES);
	page_alloc_zone_free_range(&tz, base, base + npages);
	return true;
}

static void tz_teardown(void)
{
	free_pages(tz_block, TZ_ORDER);
	tz_block = NULL;
}

static pfn_t tz_pfn(struct page *p)
{
	return zone_page_to_pfn(&tz, p) - tz.start_pfn;
}

/* Sanity: struct page is exactly 32 bytes, with the fields where the
 * layout comment in mm/page.h says. */
static void struct_page_size(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, sizeof(struct page), 32);
	KTEST_EXPECT_EQ(t, offsetof(struct page, lru), 8);
	KTEST_EXPECT_EQ(t, offsetof(struct page, order), 16);
	KTEST_EXPECT_EQ(t, offsetof(struct page, slab_cache), 24);
	KTEST_EXPECT_EQ(t, offsetof(struct page, private), 24);
}

/* One order-0 allocation from a lone order-10 block splits it: the
 * lowest page is returned and exactly one block of each order 0..9 is
 * left; freeing it merges everything back into one order-10 block. */
static void buddy_split_exact(struct ktest *t)
{
	struct page *p;

	if (!tz_setup(t, TZ_PAGES))
		return;
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, TZ_ORDER), 1);
	p = zone_alloc_pages(&tz, GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, tz_pfn(p), 0);
	for (unsigned int o = 0; o < TZ_ORDER; o++)
		KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, o), 1);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, TZ_ORDER), 0);
	KTEST_EXPECT_EQ(t, tz.nr_free, TZ_PAGES - 1);
	zone_free_pages(&tz, p, 0);
	for (unsigned int o = 0; o < TZ_ORDER; o++)
		KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, o), 0);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, TZ_ORDER), 1);
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz_teardown();
}

/* Allocate all 1024 pages one by one, then free them in a random order:
 * two freed buddies 0 and 1 first make one order-1 block, and at the end
 * everything has coalesced into a single order-10 block again. */
static void buddy_coalesce_exact(struct ktest *t)
{
	static struct page *pages[TZ_PAGES];
	unsigned long i;

	if (!tz_setup(t, TZ_PAGES))
		return;
	for (i = 0; i < TZ_PAGES; i++) {
		pages[i] = zone_alloc_pages(&tz, GFP_KERNEL, 0);
		if (!KTEST_EXPECT_NOT_NULL(t, pages[i]))
			break;
		KTEST_EXPECT_EQ(t, tz_pfn(pages[i]), i);
	}
	KTEST_EXPECT_EQ(t, tz.nr_free, 0);
	zone_free_pages(&tz, pages[0], 0);
	zone_free_pages(&tz, pages[1], 0);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, 0), 0);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, 1), 1);
	for (i = 2; i < TZ_PAGES; i++) {	/* shuffle the rest */
		unsigned long j = 2 + prng_below(&t->rng, TZ_PAGES - 2);
		struct page *tmp = pages[i];

		pages[i] = pages[j];
		pages[j] = tmp;
	}
	for (i = 2; i < TZ_PAGES; i++)
		zone_free_pages(&tz, pages[i], 0);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, TZ_ORDER), 1);
	KTEST_EXPECT_EQ(t, tz.nr_free, TZ_PAGES);
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz_teardown();
}

/* A zone of 1000 pages (not a power of two) is released as blocks of
 * 512+256+128+64+32+8 pages: the per-order counters say exactly that. */
static void per_order_counters(struct ktest *t)
{
	static const unsigned long expect[MAX_ORDER] = {
		[3] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [9] = 1,
	};
	struct page *p;

	if (!tz_setup(t, 1000))
		return;
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, o), expect[o]);
	KTEST_EXPECT_EQ(t, tz.nr_free, 1000);
	/* order 4 must split the order-5 block: 4 appears, 5 goes */
	p = zone_alloc_pages(&tz, GFP_KERNEL, 4);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, 4), 1);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, 5), 0);
	zone_free_pages(&tz, p, 4);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, 5), 1);
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz_teardown();
}

/* Every order-n block starts at a pfn (and physical address) aligned to
 * 2^n pages, in the test zone and in the kernel's zone. */
static void order_alignment(struct ktest *t)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct page *p = alloc_pages(GFP_KERNEL, o);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_EQ(t, page_to_pfn(p) & ((1UL << o) - 1), 0);
		KTEST_EXPECT_EQ(t, virt_to_page(page_address(p)), p);
		free_pages(p, o);
	}
	if (!tz_setup(t, TZ_PAGES))
		return;
	for (unsigned int o = 0; o < 6; o++) {
		struct page *p = zone_alloc_pages(&tz, GFP_KERNEL, o);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_EQ(t, tz_pfn(p) & ((1UL << o) - 1), 0);
	}
	tz_teardown();	/* the test zone's pages go back with the block */
}

struct live_block {
	struct page *page;
	unsigned int order;
	u64 tag;
};

static void tag_block(struct live_block *b)
{
	u64 *first = page_address(b->page);
	u64 *last = (u64 *)((u8 *)first + (PAGE_SIZE << b->order)) - 1;

	*first = b->tag;
	*last = ~b->tag;
}

static bool tag_intact(const struct live_block *b)
{
	u64 *first = page_address(b->page);
	u64 *last = (u64 *)((u8 *)first + (PAGE_SIZE << b->order)) - 1;

	return *first == b->tag && *last == ~b->tag;
}

static bool overlaps(const struct live_block *a, const struct live_block *b)
{
	pfn_t as = page_to_pfn(a->page), bs = page_to_pfn(b->page);

	return as < bs + (1UL << b->order) && bs < as + (1UL << a->order);
}

/* 4000 random steps of alloc (orders 0..5) or free on the kernel's zone
 * with up to 128 live blocks: no two live blocks overlap, each block's
 * head and tail tags survive until it is freed, the free lists stay
 * consistent, and the free count returns to its baseline. */
static void stress_random(struct ktest *t)
{
	static struct live_block live[128];
	unsigned long base = nr_free_pages();
	unsigned int n = 0;

	for (int step = 0; step < 4000 && !ktest_failed(t); step++) {
		if (n < ARRAY_SIZE(live) && (n == 0 || prng_below(&t->rng, 2))) {
			struct live_block b = {
				.order = (unsigned int)prng_below(&t->rng, 6),
				.tag = prng_next(&t->rng),
			};

			b.page = alloc_pages(GFP_KERNEL, b.order);
			KTEST_ASSERT_NOT_NULL(t, b.page);
			for (unsigned int i = 0; i < n; i++)
				if (overlaps(&b, &live[i]))
					KTEST_FAIL(t, "block %u overlaps", i);
			tag_block(&b);
			live[n++] = b;
		} else {
			unsigned int i = (unsigned int)prng_below(&t->rng, n);

			KTEST_EXPECT(t, tag_intact(&live[i]));
			free_pages(live[i].page, live[i].order);
			live[i] = live[--n];
		}
	}
	while (n) {
		KTEST_EXPECT(t, tag_intact(&live[n - 1]));
		n--;
		free_pages(live[n].page, live[n].order);
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), base);
	KTEST_EXPECT_EQ(t, page_alloc_check(), 0);
}

/* Test zone without reserve: order-0 allocations succeed exactly 1024
 * times and then return NULL; freeing them all restores one order-10
 * block. */
static void exhaustion_test_zone(struct ktest *t)
{
	static struct page *pages[TZ_PAGES];
	unsigned long n = 0;
	struct page *p;

	if (!tz_setup(t, TZ_PAGES))
		return;
	while ((p = zone_alloc_pages(&tz, GFP_KERNEL, 0)) && n < TZ_PAGES)
		pages[n++] = p;
	KTEST_EXPECT_NULL(t, p);
	KTEST_EXPECT_EQ(t, n, TZ_PAGES);
	KTEST_EXPECT_EQ(t, tz.nr_free, 0);
	KTEST_EXPECT_NULL(t, zone_alloc_pages(&tz, GFP_ATOMIC, 0));
	while (n)
		zone_free_pages(&tz, pages[--n], 0);
	KTEST_EXPECT_EQ(t, zone_nr_free_order(&tz, TZ_ORDER), 1);
	tz_teardown();
}

/* Exhaust the kernel's zone with GFP_KERNEL, largest orders first; the
 * blocks are chained through their own first word. At the end no more
 * than the reserve is free, GFP_ATOMIC can still get a page from it, and
 * freeing everything brings the count back. Skipped above 1 GiB: debug
 * builds poison every freed page, minutes of memset under QEMU TCG with
 * 8 GiB (exhaustion_test_zone covers the logic). */
static void exhaustion_global(struct ktest *t)
{
	void *chain = NULL, *atomic;
	unsigned long got = 0, base = nr_free_pages();

	if (MM_DEBUG && nr_managed_pages() > (1UL << (30 - PAGE_SHIFT)))
		KTEST_SKIP(t, "over 1 GiB: poisoning all of RAM is too slow");

	for (int o = MAX_ORDER - 1; o >= 0; o--) {
		void *p;

		while ((p = __get_free_pages(GFP_KERNEL, (unsigned int)o))) {
			((void **)p)[0] = chain;
			((unsigned long *)p)[1] = (unsigned long)o;
			chain = p;
			got += 1UL << o;
		}
	}
	KTEST_EXPECT_LE(t, nr_free_pages(), main_zone.min_free);
	KTEST_EXPECT_GE(t, got + main_zone.min_free, base);
	atomic = __get_free_page(GFP_ATOMIC);
	KTEST_EXPECT_NOT_NULL(t, atomic);
	free_page_addr(atomic);
	while (chain) {
		void *next = ((void **)chain)[0];

		free_pages_addr(chain, (unsigned int)((unsigned long *)chain)[1]);
		chain = next;
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), base);
}

/* Reserve: in a zone with min_free 16, GFP_KERNEL stops with 16 pages
 * free, GFP_ATOMIC (__GFP_HIGH) goes down to 8, and __GFP_NOFAIL takes
 * the last 8. */
static void reserve_and_nofail(struct ktest *t)
{
	static struct page *pages[TZ_PAGES];
	unsigned long n = 0;
	struct page *p;

	if (!tz_setup(t, TZ_PAGES))
		return;
	tz.min_free = 16;
	while (n < TZ_PAGES && (p = zone_alloc_pages(&tz, GFP_KERNEL, 0)))
		pages[n++] = p;
	KTEST_EXPECT_EQ(t, tz.nr_free, 16);
	while (n < TZ_PAGES && (p = zone_alloc_pages(&tz, GFP_ATOMIC, 0)))
		pages[n++] = p;
	KTEST_EXPECT_EQ(t, tz.nr_free, 8);
	while (n < TZ_PAGES && tz.nr_free)
		pages[n++] = zone_alloc_pages(&tz, GFP_KERNEL | __GFP_NOFAIL, 0);
	KTEST_EXPECT_EQ(t, tz.nr_free, 0);
	KTEST_EXPECT_EQ(t, n, TZ_PAGES);
	while (n)
		zone_free_pages(&tz, pages[--n], 0);
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz_teardown();
}

/* fail_nth = 3: attempts 1 and 2 succeed, 3 fails, 4 succeeds again.
 * A __GFP_NOFAIL attempt is exempt and does not count: armed with 1, a
 * NOFAIL allocation succeeds and the next ordinary one fails. */
static void fault_injection(struct ktest *t)
{
	struct page *p[4];
	unsigned long injected = main_zone.nr_injected;

	page_alloc_fail_nth(3);
	p[0] = alloc_page(GFP_KERNEL);
	p[1] = alloc_page(GFP_KERNEL);
	p[2] = alloc_page(GFP_KERNEL);
	p[3] = alloc_page(GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, p[0]);
	KTEST_EXPECT_NOT_NULL(t, p[1]);
	KTEST_EXPECT_NULL(t, p[2]);
	KTEST_EXPECT_NOT_NULL(t, p[3]);
	KTEST_EXPECT_EQ(t, main_zone.nr_injected, injected + 1);
	for (int i = 0; i < 4; i++)
		if (p[i])
			free_page(p[i]);

	page_alloc_fail_nth(1);
	p[0] = alloc_page(GFP_KERNEL | __GFP_NOFAIL);
	p[1] = alloc_page(GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, p[0]);
	KTEST_EXPECT_NULL(t, p[1]);
	free_page(p[0]);
	if (p[1])
		free_page(p[1]);
	page_alloc_fail_nth(0);
}

/* __GFP_ZERO: a block dirtied, freed and allocated again with __GFP_ZERO
 * reads as zeroes over all 4 pages (order 2). */
static void gfp_zero(struct ktest *t)
{
	u8 *p = __get_free_pages(GFP_KERNEL, 2);

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0x5a, PAGE_SIZE << 2);
	free_pages_addr(p, 2);
	p = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 2);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, mm_memchr_inv(p, 0, PAGE_SIZE << 2), -1);
	free_pages_addr(p, 2);
}

/* Bad frees are caught by the non-fatal checker: a double free, the
 * wrong order, a tail page, and a page the buddy never managed. */
static void bad_free_detected(struct ktest *t)
{
	struct page *p, *q;

	if (!tz_setup(t, 512))
		return;
	p = zone_alloc_pages(&tz, GFP_KERNEL, 1);
	q = zone_alloc_pages(&tz, GFP_KERNEL, 2);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_EQ(t, zone_free_pages_check(&tz, p, 1), 0);
	zone_free_pages(&tz, p, 1);
	KTEST_EXPECT_EQ(t, zone_free_pages_check(&tz, p, 1), -EINVAL);
	KTEST_EXPECT(t, strstr(tz.check_msg, "double free"));
	KTEST_EXPECT_EQ(t, zone_free_pages_check(&tz, q, 1), -EINVAL);
	KTEST_EXPECT_EQ(t, zone_free_pages_check(&tz, q + 1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, zone_free_pages_check(&tz, &tz_map[600], 0),
			-EINVAL);
	KTEST_EXPECT(t, strstr(tz.check_msg, "reserved"));
	zone_free_pages(&tz, q, 2);
	tz_teardown();
}

/* Debug builds: a write into a freed page is found by the free-list
 * check (-EFAULT, the pfn named); putting the byte back clears it. */
static void use_after_free_detected(struct ktest *t)
{
	struct page *p;
	u8 *va, old;

	if (!MM_DEBUG)
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	if (!tz_setup(t, TZ_PAGES))
		return;
	p = zone_alloc_pages(&tz, GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(t, p);
	va = phys_to_virt(zone_page_to_pfn(&tz, p) << PAGE_SHIFT);
	zone_free_pages(&tz, p, 0);
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	old = va[100];
	va[100] = 0x17;
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), -EFAULT);
	KTEST_EXPECT(t, strstr(tz.check_msg, "poison"));
	va[100] = old;
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz_teardown();
}

/* A corrupted counter is caught by the free-list check (-EINVAL). */
static void free_list_integrity(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, page_alloc_check(), 0);
	if (!tz_setup(t, TZ_PAGES))
		return;
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz.free_area[3].nr_free++;
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), -EINVAL);
	tz.free_area[3].nr_free--;
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	tz_teardown();
}

/* page_address, virt_to_page, pfn_to_page and page_to_pfn agree for
 * every page of an order-3 block. */
static void address_conversions(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 3);
	u8 *va;

	KTEST_ASSERT_NOT_NULL(t, p);
	va = page_address(p);
	for (unsigned int i = 0; i < 8; i++) {
		KTEST_EXPECT_EQ(t, virt_to_page(va + i * PAGE_SIZE + 5), p + i);
		KTEST_EXPECT_EQ(t, pfn_to_page(page_to_pfn(p) + i), p + i);
		KTEST_EXPECT_EQ(t, virt_to_phys(va + i * PAGE_SIZE),
				(page_to_pfn(p) + i) << PAGE_SHIFT);
	}
	KTEST_EXPECT(t, virt_addr_valid(va));
	free_pages(p, 3);
}

/*
 * A zone whose struct pages are all deferred, over garbage (every flag
 * set, as leftover RAM may look): the 1000 free pages handed to it are
 * counted free at once but sit on no list, and the zone check balances
 * lists + deferred against nr_free. The first allocation initialises the
 * chunk itself; then pfns 1000..1023 are reserved, 0..999 allocatable.
 */
static void deferred_zone_grows_on_demand(struct ktest *t)
{
	pfn_t base;
	struct page *p;
	unsigned long got = 0;

	tz_block = alloc_pages(GFP_KERNEL, TZ_ORDER);
	KTEST_ASSERT_NOT_NULL(t, tz_block);
	base = page_to_pfn(tz_block);
	memset(tz_map, 0xff, sizeof(tz_map));
	page_alloc_zone_init_deferred(&tz, "test", tz_map, base,
				      base + TZ_PAGES, base);
	page_alloc_zone_free_range(&tz, base, base + 1000);
	KTEST_EXPECT_EQ(t, tz.nr_free, 1000);
	KTEST_EXPECT_EQ(t, tz.managed, 1000);
	KTEST_EXPECT_EQ(t, tz.nr_deferred, 1000);
	KTEST_EXPECT(t, !page_alloc_zone_deferred_done(&tz));
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	p = zone_alloc_pages(&tz, GFP_KERNEL, 0);
	KTEST_EXPECT_NOT_NULL(t, p);
	KTEST_EXPECT(t, page_alloc_zone_deferred_done(&tz));
	KTEST_EXPECT_EQ(t, tz.nr_deferred, 0);
	KTEST_EXPECT_EQ(t, tz.nr_free, 999);
	KTEST_EXPECT_EQ(t, page_alloc_zone_check(&tz), 0);
	for (pfn_t i = 1000; i < TZ_PAGES; i++)
		if (!KTEST_EXPECT_EQ(t, tz_map[i].flags, PG_reserved))
			break;
	if (p)
		zone_free_pages(&tz, p, 0);
	while ((p = zone_alloc_pages(&tz, GFP_KERNEL, 0))) {
		KTEST_EXPECT_LT(t, tz_pfn(p), 1000);
		got++;
	}
	KTEST_EXPECT_EQ(t, got, 1000);
	tz_teardown();
}

KTEST_SUITE(page_alloc,
	    KTEST_CASE(struct_page_size),
	    KTEST_CASE(buddy_split_exact),
	    KTEST_CASE(buddy_coalesce_exact),
	    KTEST_CASE(per_order_counters),
	    KTEST_CASE(order_alignment),
	    KTEST_CASE(stress_random),
	    KTEST_CASE(exhaustion_test_zone),
	    KTEST_CASE(exhaustion_global),
	    KTEST_CASE(reserve_and_nofail),
	    KTEST_CASE(fault_injection),
	    KTEST_CASE(gfp_zero),
	    KTEST_CASE(bad_free_detected),
	    KTEST_CASE(use_after_free_detected),
	    KTEST_CASE(free_list_integrity),
	    KTEST_CASE(address_conversions),
	    KTEST_CASE(deferred_zone_grows_on_demand));
