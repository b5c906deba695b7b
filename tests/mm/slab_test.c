// SPDX-License-Identifier: MIT
/*
 * Slab and kmalloc tests. Debug-only cases (redzones, poison, double
 * free) use the non-fatal checkers, kfree_check() and kmem_cache_check(),
 * so detection is asserted without stopping the kernel; each puts the
 * damaged byte back before freeing.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

static size_t size_class(size_t size)
{
	size_t c = KMALLOC_MIN_SIZE;

	while (c < size)
		c <<= 1;
	return c;
}

/* kmalloc of 1..4096 bytes (every size to 256, then steps) returns
 * memory aligned to min(class, 64) bytes that can be filled to the
 * requested size without tripping the kfree checks. */
static void kmalloc_sizes_alignment(struct ktest *t)
{
	struct slab_report r;

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE;
	     size += size < 256 ? 1 : 61) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		size_t align = MIN(size_class(size), (size_t)KMALLOC_MAX_ALIGN);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_EQ(t, (uintptr_t)p & (align - 1), 0);
		memset(p, 0x3c, size);
		KTEST_EXPECT_EQ(t, kfree_check(p, &r), 0);
		kfree(p);
	}
}

/* kmalloc(0) is ZERO_SIZE_PTR; kfree of it and of NULL does nothing. */
static void kmalloc_zero_size(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
}

/* Above 4096 bytes kmalloc takes whole pages: 5000 bytes is one order-1
 * block (exactly 2 pages off the free count), page-aligned, with
 * PG_large_kmalloc and the order in its struct page; 1 MiB is order 8. */
static void kmalloc_large(struct ktest *t)
{
	unsigned long before = nr_free_pages();
	u8 *p = kmalloc(5000, GFP_KERNEL);
	u8 *q;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, (uintptr_t)p & (PAGE_SIZE - 1), 0);
	KTEST_EXPECT_EQ(t, before - nr_free_pages(), 2);
	KTEST_EXPECT(t, virt_to_page(p)->flags & PG_large_kmalloc);
	KTEST_EXPECT_EQ(t, virt_to_page(p)->order, 1);
	memset(p, 1, 5000);
	q = kmalloc(1 << 20, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_EQ(t, virt_to_page(q)->order, 8);
	kfree(q);
	kfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* kzalloc returns zeroes even where a freed object was dirtied. */
static void kzalloc_zeroes(struct ktest *t)
{
	u8 *p = kmalloc(128, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xff, 128);
	kfree(p);
	p = kzalloc(128, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, mm_memchr_inv(p, 0, 128), -1);
	kfree(p);
}

/* 1000 live 64-byte objects (several slabs) are distinct and each keeps
 * its own tag; freed in random order, the free count balances (the
 * invariant counts the one empty slab the cache may keep). */
static void kmalloc_many_distinct(struct ktest *t)
{
	static u64 *objs[1000];
	unsigned int n = ARRAY_SIZE(objs);

	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmalloc(64, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		for (int w = 0; w < 8; w++)
			objs[i][w] = i;
	}
	for (unsigned int i = 0; i < n; i++)
		for (int w = 0; w < 8; w++)
			if (objs[i][w] != i) {
				KTEST_FAIL(t, "object %u word %d overwritten",
					   i, w);
				break;
			}
	while (n) {
		unsigned int i = (unsigned int)prng_below(&t->rng, n);

		kfree(objs[i]);
		objs[i] = objs[--n];
	}
}

/* A cache of 24-byte objects aligned to 16: objects are aligned, the
 * cache checks clean while objects are live, and one empty slab stays
 * cached after everything is freed (counted by slab_nr_empty_pages())
 * until the cache is destroyed. (Freeing the cache struct itself may leave
 * an empty kmalloc slab: the free_pages invariant counts it.) */
static void kmem_cache_basic(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-24", 24, 16);
	unsigned long empty = slab_nr_empty_pages();
	struct slab_report r;
	void *objs[40];

	KTEST_ASSERT_NOT_NULL(t, c);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL | __GFP_ZERO);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		KTEST_EXPECT_EQ(t, (uintptr_t)objs[i] & 15, 0);
		KTEST_EXPECT_EQ(t, mm_memchr_inv(objs[i], 0, 24), -1);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_check(c, &r), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(c, objs[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_check(c, &r), 0);
	KTEST_EXPECT_EQ(t, c->nr_slabs, 1);
	KTEST_EXPECT_EQ(t, slab_nr_empty_pages(), empty + (1UL << c->order));
	kmem_cache_destroy(c);	/* the free_pages invariant checks the rest */
}

/* Debug builds: writing past the requested size of kmalloc(40) (inside
 * the 64-byte class), past the class (right redzone) or before the
 * object (left redzone) is reported by kfree_check() as -EFAULT with the
 * offset of the bad byte; restored, the object frees cleanly. */
static void redzone_overflow_detected(struct ktest *t)
{
	static const long offsets[] = { 40, 63, 64, -1 };
	struct slab_report r;
	u8 *p;

	if (!MM_DEBUG)
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	p = kmalloc(40, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (unsigned int i = 0; i < ARRAY_SIZE(offsets); i++) {
		u8 old = p[offsets[i]];

		p[offsets[i]] = 0;
		KTEST_EXPECT_EQ(t, kfree_check(p, &r), -EFAULT);
		KTEST_EXPECT_EQ(t, r.offset, offsets[i]);
		KTEST_EXPECT(t, r.what && strstr(r.what, "redzone"));
		p[offsets[i]] = old;
	}
	KTEST_EXPECT_EQ(t, kfree_check(p, &r), 0);
	kfree(p);
}

/* Debug builds: freeing an object twice is detected (-EINVAL, "double
 * free"); a second object keeps the slab alive so the first's memory is
 * still a slab slot when checked. */
static void double_free_detected(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-dfree", 48, 0);
	struct slab_report r;
	void *a, *b;

	KTEST_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	kmem_cache_free(c, a);
	if (MM_DEBUG) {
		KTEST_EXPECT_EQ(t, kfree_check(a, &r), -EINVAL);
		KTEST_EXPECT(t, r.what && strstr(r.what, "double free"));
		KTEST_EXPECT_STREQ(t, r.cache, "test-dfree");
	}
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

/* Pointers kmalloc never returned are rejected (-EINVAL): the middle of
 * an object, a stack address, and a page from the buddy. */
static void bad_free_detected(struct ktest *t)
{
	struct slab_report r;
	u8 *p = kmalloc(32, GFP_KERNEL);
	void *page = __get_free_page(GFP_KERNEL);
	int local;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_EXPECT_EQ(t, kfree_check(p + 8, &r), -EINVAL);
	KTEST_EXPECT_EQ(t, kfree_check(&local, &r), -EINVAL);
	KTEST_EXPECT_EQ(t, kfree_check(page, &r), -EINVAL);
	KTEST_EXPECT(t, r.what && strstr(r.what, "not a slab"));
	free_page_addr(page);
	kfree(p);
}

/* Debug builds: a write into a freed object is found by
 * kmem_cache_check() as overwritten poison at that offset; putting the
 * byte back makes the cache check clean. */
static void use_after_free_detected(struct ktest *t)
{
	struct kmem_cache *c;
	struct slab_report r;
	u8 *a, *b, old;

	if (!MM_DEBUG)
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	c = kmem_cache_create("test-uaf", 64, 0);
	KTEST_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	kmem_cache_free(c, a);
	old = a[3];
	a[3] = 0;
	KTEST_EXPECT_EQ(t, kmem_cache_check(c, &r), -EFAULT);
	KTEST_EXPECT_EQ(t, r.object, a);
	KTEST_EXPECT_EQ(t, r.offset, 3);
	KTEST_EXPECT(t, r.what && strstr(r.what, "poison"));
	a[3] = old;
	KTEST_EXPECT_EQ(t, kmem_cache_check(c, &r), 0);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

/* An object's page, counted from the page of @first. */
static long page_offset_from(const void *obj, const void *first)
{
	return ((long)((uintptr_t)obj >> PAGE_SHIFT) -
		(long)((uintptr_t)first >> PAGE_SHIFT));
}

/*
 * Free @n objects of @c (kmalloc ones when @c is NULL), each checked by
 * kfree_check() first: a pointer it rejects is reported and kept, since
 * freeing it would stop the kernel.
 */
static void free_checked(struct ktest *t, struct kmem_cache *c, void **objs,
			 unsigned int n)
{
	struct slab_report r;

	for (unsigned int i = 0; i < n; i++) {
		if (!KTEST_EXPECT_EQ(t, kfree_check(objs[i], &r), 0)) {
			ktest_log(t, "object %u: %s", i, r.what);
			continue;
		}
		if (c)
			kmem_cache_free(c, objs[i]);
		else
			kfree(objs[i]);
	}
}

/*
 * Objects past the first page of a multi-page slab (only that page is
 * marked PG_slab). 3000-byte objects take an order-2 slab (a smaller
 * one would waste more than an eighth), five to a slab:
 *
 *   | page 0 (PG_slab) | page 1         | page 2         | page 3   |
 *   | obj 0     | obj 1     | obj 2     | obj 3     | obj 4     |     |
 *
 * Expected: one slab holds all five, the last starting in page 2, and
 * every one passes kfree_check() and frees; the cache then checks clean.
 * Debug builds also take kmalloc(2048) from order-2 slabs (redzones make
 * the slot 2176 bytes): sixteen of them, over three slabs, free the same
 * way.
 */
static void multi_page_slab_free(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-3000", 3000, 0);
	void *objs[16];
	long last_page = 0;
	struct slab_report r;

	KTEST_ASSERT_NOT_NULL(t, c);
	KTEST_EXPECT_EQ(t, c->order, 2);
	KTEST_EXPECT_EQ(t, c->objects, 5);
	for (unsigned int i = 0; i < c->objects; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		last_page = MAX(last_page, page_offset_from(objs[i], objs[0]));
	}
	KTEST_EXPECT_EQ(t, c->nr_slabs, 1);
	KTEST_EXPECT_EQ(t, last_page, 2);
	free_checked(t, c, objs, c->objects);
	KTEST_EXPECT_EQ(t, kmem_cache_check(c, &r), 0);
	kmem_cache_destroy(c);

	for (unsigned int i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmalloc(2048, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
	}
	free_checked(t, NULL, objs, ARRAY_SIZE(objs));
}

/* Slab allocation fails cleanly when the page allocator does: with the
 * next page allocation set to fail, a kmalloc that needs a new slab
 * returns NULL; the one after succeeds. */
static void kmalloc_fault_injection(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-fail", 512, 0);
	void *p;

	KTEST_ASSERT_NOT_NULL(t, c);
	page_alloc_fail_nth(1);
	KTEST_EXPECT_NULL(t, kmem_cache_alloc(c, GFP_KERNEL));
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, p);
	kmem_cache_free(c, p);
	kmem_cache_destroy(c);
}

KTEST_SUITE(slab,
	    KTEST_CASE(kmalloc_sizes_alignment),
	    KTEST_CASE(kmalloc_zero_size),
	    KTEST_CASE(kmalloc_large),
	    KTEST_CASE(kzalloc_zeroes),
	    KTEST_CASE(kmalloc_many_distinct),
	    KTEST_CASE(kmem_cache_basic),
	    KTEST_CASE(redzone_overflow_detected),
	    KTEST_CASE(double_free_detected),
	    KTEST_CASE(bad_free_detected),
	    KTEST_CASE(use_after_free_detected),
	    KTEST_CASE(kmalloc_fault_injection),
	    KTEST_CASE(multi_page_slab_free));
