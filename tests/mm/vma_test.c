// SPDX-License-Identifier: MIT
/*
 * mm/vma.c: mapping and merging, munmap splits, mprotect and mlock with
 * Linux's partial effect over holes, all-or-nothing behaviour when an
 * allocation fails, the top-down free-range search, and random operation
 * sequences checked page by page against a simple model. Every case uses
 * a counting allocator and ends with no struct vm_area left allocated.
 *
 * Diagrams are in pages from BASE: [0,4) is pages 0..3.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/vma.h"
#include "mm/slab.h"

#define BASE	0x40000000UL
#define PG(n)	(BASE + (vaddr_t)(n) * PAGE_SIZE)
#define NPG(n)	((size_t)(n) * PAGE_SIZE)
#define ANON(n)	(PG(n) >> PAGE_SHIFT)	/* anonymous pgoff of page n */

#define RW	(VM_READ | VM_WRITE)
#define RX	(VM_READ | VM_EXEC)

/* --- fixture: counting allocator, recorded unmap calls ------------------ */

struct vma_fixture {
	struct vma_alloc_ops ops;
	struct vma_set set;
	long live;		/* areas allocated and not freed */
	long fail_after;	/* allocations to allow; < 0: unlimited */
	int nr_calls;		/* unmap callbacks seen */
	vaddr_t call_start[16], call_end[16];
	unsigned long call_pages;
};

static struct vm_area *fixture_alloc(struct vma_alloc_ops *ops)
{
	struct vma_fixture *f = container_of(ops, struct vma_fixture, ops);
	struct vm_area *vma;

	if (f->fail_after == 0)
		return NULL;
	if (f->fail_after > 0)
		f->fail_after--;
	vma = kmalloc(sizeof(*vma), GFP_KERNEL);
	if (vma)
		f->live++;
	return vma;
}

static void fixture_free(struct vma_alloc_ops *ops, struct vm_area *vma)
{
	struct vma_fixture *f = container_of(ops, struct vma_fixture, ops);

	memset(vma, 0x6b, sizeof(*vma));	/* use after free shows */
	kfree(vma);
	f->live--;
}

static void record_unmap(const struct vm_area *vma, vaddr_t start,
			 vaddr_t end, void *data)
{
	struct vma_fixture *f = data;

	if (f->nr_calls < 16) {
		f->call_start[f->nr_calls] = start;
		f->call_end[f->nr_calls] = end;
	}
	f->nr_calls++;
	f->call_pages += (end - start) >> PAGE_SHIFT;
}

/* Start every case from an empty set and a clean allocator. */
static void fixture_reset(struct vma_fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->ops.alloc = fixture_alloc;
	f->ops.free = fixture_free;
	f->fail_after = -1;
	vma_set_init(&f->set, &f->ops);
}

static void fixture_clear_calls(struct vma_fixture *f)
{
	f->nr_calls = 0;
	f->call_pages = 0;
}

/* Tear down: the set is consistent, and destroying it frees every area. */
static void fixture_done(struct ktest *t, struct vma_fixture *f)
{
	const char *bad = vma_set_check(&f->set);

	if (bad)
		KTEST_FAIL(t, "vma_set_check: %s", bad);
	vma_destroy_all(&f->set, NULL, NULL);
	KTEST_EXPECT_EQ(t, f->live, 0);
	KTEST_EXPECT_EQ(t, f->set.count, 0);
}

struct want {
	unsigned long start, end;	/* pages */
	unsigned long flags;
	u64 pgoff;
};

/* The set holds exactly @w[0..n), in order. */
static void expect_areas(struct ktest *t, struct vma_fixture *f,
			 const struct want *w, unsigned int n)
{
	const char *bad = vma_set_check(&f->set);
	struct vm_area *vma;
	unsigned int i = 0;

	if (bad)
		KTEST_FAIL(t, "vma_set_check: %s", bad);
	vma_for_each(vma, &f->set) {
		if (i >= n) {
			KTEST_FAIL(t, "extra area [%#lx, %#lx)",
				   (unsigned long)vma->start,
				   (unsigned long)vma->end);
			return;
		}
		if (vma->start != PG(w[i].start) || vma->end != PG(w[i].end) ||
		    vma->flags != w[i].flags || vma->pgoff != w[i].pgoff)
			KTEST_FAIL(t, "area %u: got pages [%lu, %lu) flags "
				   "%#lx pgoff %#llx, want [%lu, %lu) %#lx %#llx",
				   i, (unsigned long)(vma->start - BASE) >> 12,
				   (unsigned long)(vma->end - BASE) >> 12,
				   vma->flags, (unsigned long long)vma->pgoff,
				   w[i].start, w[i].end, w[i].flags,
				   (unsigned long long)w[i].pgoff);
		i++;
	}
	KTEST_EXPECT_EQ(t, i, n);
	KTEST_EXPECT_EQ(t, f->set.count, n);
	KTEST_EXPECT_EQ(t, f->live, n);
}

static int map_anon(struct vma_fixture *f, unsigned long first,
		    unsigned long pages, unsigned long flags)
{
	return vma_map(&f->set, PG(first), NPG(pages), flags, ANON(first));
}

static struct vma_fixture fx;

/* vma_get_unmapped_area() on @fx with one window, [low, high), for the
 * hint and the search alike. */
static int unmapped_area(size_t len, vaddr_t hint, vaddr_t low,
			 vaddr_t high, vaddr_t *addr)
{
	struct vma_area_query q = {
		.len = len,
		.hint = hint,
		.low = low,
		.high = high,
		.hint_high = high,
	};

	return vma_get_unmapped_area(&fx.set, &q, addr);
}

/* --- mmap and merging --------------------------------------------------- */

/*
 * Touching anonymous mappings with equal flags merge, whichever side the
 * new one lands on:
 *   map [0,4) RW, [4,8) RW    -> [0,8)
 *   map [12,16) RW             -> [0,8) [12,16)
 *   map [8,12) RW (fills hole) -> [0,16), one area, one allocation live
 */
static void vma_map_merges_adjacent(struct ktest *t)
{
	fixture_reset(&fx);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 0, 4, RW), 0);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 4, 4, RW), 0);
	expect_areas(t, &fx, (struct want[]){ { 0, 8, RW, ANON(0) } }, 1);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 12, 4, RW), 0);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 8, 4, RW), 0);
	expect_areas(t, &fx, (struct want[]){ { 0, 16, RW, ANON(0) } }, 1);
	fixture_done(t, &fx);
}

/*
 * Neighbours that differ do not merge:
 *   [0,4) RW | [4,8) R            different flags
 *   [8,12) R pgoff 7 after [4,8) R  pgoff not contiguous (4,5,6,7 vs 7)
 *   [12,16) R|VM_PFNMAP twice       VM_PFNMAP never merges
 */
static void vma_map_no_merge_when_different(struct ktest *t)
{
	fixture_reset(&fx);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 0, 4, RW), 0);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 4, 4, VM_READ), 0);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(8), NPG(4), VM_READ, 7), 0);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(12), NPG(2),
				   VM_READ | VM_PFNMAP, 100), 0);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(14), NPG(2),
				   VM_READ | VM_PFNMAP, 102), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 4, RW, ANON(0) }, { 4, 8, VM_READ, ANON(4) },
		{ 8, 12, VM_READ, 7 }, { 12, 14, VM_READ | VM_PFNMAP, 100 },
		{ 14, 16, VM_READ | VM_PFNMAP, 102 } }, 5);
	fixture_done(t, &fx);
}

/*
 * vma_map() refuses what mmap would: an occupied range (-EEXIST, as
 * MAP_FIXED_NOREPLACE), a misaligned or empty or wrapping range, an
 * unknown flag (-EINVAL); a range that fits merges with its neighbour.
 */
static void vma_map_rejects(struct ktest *t)
{
	fixture_reset(&fx);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 4, 4, RW), 0);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 7, 2, RW), -EEXIST);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 0, 16, RW), -EEXIST);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(0) + 1, NPG(1), RW, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(0), 100, RW, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(0), 0, RW, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, -PAGE_SIZE, NPG(2), RW, 0),
			-EINVAL);
	KTEST_EXPECT_EQ(t, vma_map(&fx.set, PG(0), NPG(1), 1UL << 40, 0),
			-EINVAL);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 8, 2, RW), 0);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 9, 2, RW), -EEXIST);
	expect_areas(t, &fx, (struct want[]){ { 4, 10, RW, ANON(4) } }, 1);
	fixture_done(t, &fx);
}

/*
 * Lookups on  [2,4) [6,8) [10,12):
 *   vma_find: page 2 and 3 -> [2,4); page 4 and 1 -> NULL
 *   vma_first_at_or_after(4) -> [6,8); (11) -> [10,12); (12) -> NULL
 *   vma_find_intersection [4,6) -> NULL, [4,7) -> [6,8)
 *   first/last/next/prev walk the three in order
 */
static void vma_lookups(struct ktest *t)
{
	struct vm_area *a, *b, *c;

	fixture_reset(&fx);
	map_anon(&fx, 2, 2, RW);
	map_anon(&fx, 6, 2, RW);
	map_anon(&fx, 10, 2, RW);
	a = vma_find(&fx.set, PG(2));
	b = vma_find(&fx.set, PG(7) + 5);
	c = vma_find(&fx.set, PG(12) - 1);
	KTEST_ASSERT(t, a && b && c);
	KTEST_EXPECT(t, vma_find(&fx.set, PG(3)) == a);
	KTEST_EXPECT_NULL(t, vma_find(&fx.set, PG(4)));
	KTEST_EXPECT_NULL(t, vma_find(&fx.set, PG(1)));
	KTEST_EXPECT(t, vma_first_at_or_after(&fx.set, PG(4)) == b);
	KTEST_EXPECT(t, vma_first_at_or_after(&fx.set, PG(11)) == c);
	KTEST_EXPECT_NULL(t, vma_first_at_or_after(&fx.set, PG(12)));
	KTEST_EXPECT_NULL(t, vma_find_intersection(&fx.set, PG(4), PG(6)));
	KTEST_EXPECT(t, vma_find_intersection(&fx.set, PG(4), PG(7)) == b);
	KTEST_EXPECT(t, vma_first(&fx.set) == a && vma_last(&fx.set) == c);
	KTEST_EXPECT(t, vma_next(a) == b && vma_next(b) == c && !vma_next(c));
	KTEST_EXPECT(t, vma_prev(c) == b && vma_prev(b) == a && !vma_prev(a));
	fixture_done(t, &fx);
}

/* --- munmap ------------------------------------------------------------- */

/*
 * Partial munmap of one area [0,16) RW, pgoff following the pages:
 *   unmap [0,2)   head  -> [2,16)
 *   unmap [14,16) tail  -> [2,14)
 *   unmap [6,8)   middle split -> [2,6) [8,14), the upper part's pgoff
 *                 still that of page 8
 * The callback sees exactly the removed ranges.
 */
static void vma_unmap_head_tail_middle(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 16, RW);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(0), NPG(2), record_unmap,
				     &fx), 0);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(14), NPG(2), record_unmap,
				     &fx), 0);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(6), NPG(2), record_unmap,
				     &fx), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 2, 6, RW, ANON(2) }, { 8, 14, RW, ANON(8) } }, 2);
	KTEST_ASSERT_EQ(t, fx.nr_calls, 3);
	KTEST_EXPECT(t, fx.call_start[0] == PG(0) && fx.call_end[0] == PG(2));
	KTEST_EXPECT(t, fx.call_start[1] == PG(14) && fx.call_end[1] == PG(16));
	KTEST_EXPECT(t, fx.call_start[2] == PG(6) && fx.call_end[2] == PG(8));
	fixture_done(t, &fx);
}

/*
 * One munmap across several areas and the holes between them:
 *   before  [0,4) RW  .  [6,10) R  .  [12,16) RX
 *   unmap       [2 ..................... 14)
 *   after   [0,2) RW                       [14,16) RX
 * Callbacks, in order: [2,4) [6,10) [12,14). Unmapping only holes is fine
 * (0, no callback); a zero or misaligned length is -EINVAL.
 */
static void vma_unmap_spanning_and_holes(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 4, RW);
	map_anon(&fx, 6, 4, VM_READ);
	map_anon(&fx, 12, 4, RX);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(2), NPG(12), record_unmap,
				     &fx), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, RW, ANON(0) }, { 14, 16, RX, ANON(14) } }, 2);
	KTEST_ASSERT_EQ(t, fx.nr_calls, 3);
	KTEST_EXPECT(t, fx.call_start[0] == PG(2) && fx.call_end[0] == PG(4));
	KTEST_EXPECT(t, fx.call_start[1] == PG(6) && fx.call_end[1] == PG(10));
	KTEST_EXPECT(t, fx.call_start[2] == PG(12) && fx.call_end[2] == PG(14));
	fixture_clear_calls(&fx);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(4), NPG(8), record_unmap,
				     &fx), 0);
	KTEST_EXPECT_EQ(t, fx.nr_calls, 0);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(0), 0, NULL, NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(0), 10, NULL, NULL), -EINVAL);
	fixture_done(t, &fx);
}

/*
 * MAP_FIXED replaces what is there:
 *   before [0,4) R [4,12) RW
 *   fixed      [2,6) RX          -> [0,2) R [2,6) RX [6,12) RW
 * with callbacks [2,4) and [4,6). Mapping [2,6) back as the anonymous
 * R/RW it was re-merges with the neighbour of the same flags.
 */
static void vma_map_fixed_replaces(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 4, VM_READ);
	map_anon(&fx, 4, 8, RW);
	KTEST_EXPECT_EQ(t, vma_map_fixed(&fx.set, PG(2), NPG(4), RX, 77,
					 record_unmap, &fx), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, VM_READ, ANON(0) }, { 2, 6, RX, 77 },
		{ 6, 12, RW, ANON(6) } }, 3);
	KTEST_ASSERT_EQ(t, fx.nr_calls, 2);
	KTEST_EXPECT(t, fx.call_start[0] == PG(2) && fx.call_end[0] == PG(4));
	KTEST_EXPECT(t, fx.call_start[1] == PG(4) && fx.call_end[1] == PG(6));
	KTEST_EXPECT_EQ(t, vma_map_fixed(&fx.set, PG(2), NPG(4), RW, ANON(2),
					 NULL, NULL), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, VM_READ, ANON(0) }, { 2, 12, RW, ANON(2) } }, 2);
	/* Same flags and pgoff in the middle of one area: one area again. */
	KTEST_EXPECT_EQ(t, vma_map_fixed(&fx.set, PG(5), NPG(2), RW, ANON(5),
					 NULL, NULL), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, VM_READ, ANON(0) }, { 2, 12, RW, ANON(2) } }, 2);
	fixture_done(t, &fx);
}

/* --- mprotect and mlock -------------------------------------------------- */

/*
 * mprotect splits at both ends and re-merges when restored:
 *   [0,16) RW --mprotect [4,8) R--> [0,4) RW [4,8) R [8,16) RW
 *             --mprotect [4,8) RW-> [0,16) RW   (one area, one live)
 * mprotect of a whole area changes it in place (no allocation), and a
 * protection equal to the current one changes nothing.
 */
static void vma_protect_split_and_remerge(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 16, RW);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(4), NPG(4), VM_READ), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 4, RW, ANON(0) }, { 4, 8, VM_READ, ANON(4) },
		{ 8, 16, RW, ANON(8) } }, 3);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(4), NPG(4), RW), 0);
	expect_areas(t, &fx, (struct want[]){ { 0, 16, RW, ANON(0) } }, 1);
	fx.fail_after = 0;	/* neither of these may allocate */
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(0), NPG(16), 0), 0);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(4), NPG(4), 0), 0);
	expect_areas(t, &fx, (struct want[]){ { 0, 16, 0, ANON(0) } }, 1);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(0), NPG(1), VM_SHARED),
			-EINVAL);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(0), 0, VM_READ), 0);
	fixture_done(t, &fx);
}

/*
 * mprotect over a hole returns -ENOMEM after changing what lies before
 * the hole (Linux do_mprotect_pkey(): the loop stops at the first area
 * that does not start where the last ended; "if (!error && tmp < end)
 * error = -ENOMEM" covers a range running past the last area):
 *   before   [0,4) RW  . .  [6,10) RW
 *   R [2,8)      ^^ changed, then hole -> -ENOMEM
 *   after    [0,2) RW [2,4) R  [6,10) RW
 *   R [4,8)  starts in the hole -> -ENOMEM, nothing changed
 *   R [8,12) runs past the end  -> -ENOMEM, [8,10) changed
 */
static void vma_protect_hole_partial(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 4, RW);
	map_anon(&fx, 6, 4, RW);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(2), NPG(6), VM_READ),
			-ENOMEM);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, RW, ANON(0) }, { 2, 4, VM_READ, ANON(2) },
		{ 6, 10, RW, ANON(6) } }, 3);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(4), NPG(4), VM_READ),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(8), NPG(4), VM_READ),
			-ENOMEM);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, RW, ANON(0) }, { 2, 4, VM_READ, ANON(2) },
		{ 6, 8, RW, ANON(6) }, { 8, 10, VM_READ, ANON(8) } }, 4);
	fixture_done(t, &fx);
}

/*
 * mlock/munlock set and clear VM_LOCKED with the same split and merge:
 *   [0,8) RW --mlock [2,4)--> [0,2) RW [2,4) RW|L [4,8) RW
 *   mlock [0,8)            -> [0,8) RW|L
 *   munlock [0,8)          -> [0,8) RW
 * Over a hole they act as mprotect (Linux apply_vma_lock_flags()):
 *   [0,8) RW . . [10,12) RW  --mlock [6,12)--> -ENOMEM, [6,8) locked
 * A VM_PFNMAP area in the range is skipped without error (Linux
 * mlock_fixup() leaves VM_SPECIAL areas unlocked):
 *   [12,14) PFNMAP touching [10,12): mlock [10,14) -> 0, PFNMAP unlocked
 */
static void vma_mlock_split_merge(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 8, RW);
	KTEST_EXPECT_EQ(t, vma_set_locked(&fx.set, PG(2), NPG(2), true), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 2, RW, ANON(0) }, { 2, 4, RW | VM_LOCKED, ANON(2) },
		{ 4, 8, RW, ANON(4) } }, 3);
	KTEST_EXPECT_EQ(t, vma_set_locked(&fx.set, PG(0), NPG(8), true), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 8, RW | VM_LOCKED, ANON(0) } }, 1);
	KTEST_EXPECT_EQ(t, vma_set_locked(&fx.set, PG(0), NPG(8), false), 0);
	expect_areas(t, &fx, (struct want[]){ { 0, 8, RW, ANON(0) } }, 1);

	map_anon(&fx, 10, 2, RW);
	KTEST_EXPECT_EQ(t, vma_set_locked(&fx.set, PG(6), NPG(6), true),
			-ENOMEM);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 6, RW, ANON(0) }, { 6, 8, RW | VM_LOCKED, ANON(6) },
		{ 10, 12, RW, ANON(10) } }, 3);

	vma_map(&fx.set, PG(12), NPG(2), RW | VM_PFNMAP, 5);
	KTEST_EXPECT_EQ(t, vma_set_locked(&fx.set, PG(10), NPG(4), true), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 6, RW, ANON(0) }, { 6, 8, RW | VM_LOCKED, ANON(6) },
		{ 10, 12, RW | VM_LOCKED, ANON(10) },
		{ 12, 14, RW | VM_PFNMAP, 5 } }, 4);
	fixture_done(t, &fx);
}

/*
 * Operations allocate before they change anything, so an allocation
 * failure leaves the set as it was and calls no callback:
 *   [0,16) RW: munmap [4,8) (middle split), mprotect [4,8) (two splits,
 *   the second allocation fails), mlock [0,4) (one split), mmap [20,24),
 *   MAP_FIXED [2,6) -> all -ENOMEM, [0,16) RW untouched.
 */
static void vma_alloc_failure_changes_nothing(struct ktest *t)
{
	fixture_reset(&fx);
	map_anon(&fx, 0, 16, RW);
	fx.fail_after = 0;
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(4), NPG(4), record_unmap,
				     &fx), -ENOMEM);
	fx.fail_after = 1;
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(4), NPG(4), VM_READ),
			-ENOMEM);
	fx.fail_after = 0;
	KTEST_EXPECT_EQ(t, vma_set_locked(&fx.set, PG(0), NPG(4), true),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 20, 4, RW), -ENOMEM);
	fx.fail_after = 1;
	KTEST_EXPECT_EQ(t, vma_map_fixed(&fx.set, PG(2), NPG(4), RX, 0,
					 record_unmap, &fx), -ENOMEM);
	KTEST_EXPECT_EQ(t, fx.nr_calls, 0);
	expect_areas(t, &fx, (struct want[]){ { 0, 16, RW, ANON(0) } }, 1);
	fx.fail_after = -1;
	fixture_done(t, &fx);
}

/*
 * vma_max_map_count 3: operations that could leave more than 3 areas
 * fail with -ENOMEM and change nothing; those that add none still work.
 *   [0,16) RW; R [4,8)         -> [0,4) [4,8) R [8,16): 3 areas
 *   R [12,13): one split more  -> -ENOMEM
 *   munmap [9,10): a hole      -> -ENOMEM (no split past the limit)
 *   map [20,24): a new area    -> -ENOMEM
 *   munmap [0,4), R [8,16)     -> fine (no new area; the second merges)
 *   at the limit, map [20,24)  -> fine again: 2 areas + 1
 */
static void vma_map_count_limit(struct ktest *t)
{
	unsigned long saved = vma_max_map_count;

	fixture_reset(&fx);
	vma_max_map_count = 3;
	map_anon(&fx, 0, 16, RW);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(4), NPG(4), VM_READ), 0);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(12), NPG(1), VM_READ),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(9), NPG(1), record_unmap,
				     &fx), -ENOMEM);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 20, 4, RW), -ENOMEM);
	KTEST_EXPECT_EQ(t, fx.nr_calls, 0);
	expect_areas(t, &fx, (struct want[]){
		{ 0, 4, RW, ANON(0) }, { 4, 8, VM_READ, ANON(4) },
		{ 8, 16, RW, ANON(8) } }, 3);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(0), NPG(4), record_unmap,
				     &fx), 0);
	KTEST_EXPECT_EQ(t, vma_protect(&fx.set, PG(8), NPG(8), VM_READ), 0);
	KTEST_EXPECT_EQ(t, map_anon(&fx, 20, 4, RW), 0);
	expect_areas(t, &fx, (struct want[]){
		{ 4, 16, VM_READ, ANON(4) }, { 20, 24, RW, ANON(20) } }, 2);
	vma_max_map_count = saved;
	fixture_done(t, &fx);
}

/* --- free range search ---------------------------------------------------- */

/*
 * Top-down search in the window [0,64):
 *   empty: 4 pages -> [60,64)
 *   areas [40,48) and [56,62): 4 pages -> [52,56) (the 2 pages above
 *   [56,62) are too few); 10 pages -> [30,40); 40 pages -> -ENOMEM
 *   hint 10 (free) -> 10; hint 42 (mapped) -> top-down [52,56);
 *   hint of page 9 plus one byte rounds up to page 10
 *   window [0,50) -> [36,40) below [40,48); window [49,53) with 4 pages
 *   -> [49,53) exactly; window [50,53) -> -ENOMEM
 */
static void vma_unmapped_area_topdown(struct ktest *t)
{
	vaddr_t a = 0;

	fixture_reset(&fx);
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(0), PG(64), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(60));
	map_anon(&fx, 40, 8, RW);
	map_anon(&fx, 56, 6, RW);
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(0), PG(64), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(52));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(10), 0, PG(0), PG(64), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(30));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(41), 0, PG(0), PG(64), &a),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), PG(10), PG(0), PG(64), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(10));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), PG(42), PG(0), PG(64), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(52));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), PG(9) + 1, PG(0), PG(64), &a),
			0);
	KTEST_EXPECT_EQ(t, a, PG(10));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(0), PG(50), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(36));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(49), PG(53), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(49));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(50), PG(53), &a),
			-ENOMEM);
	KTEST_EXPECT_EQ(t, unmapped_area(0, 0, PG(0), PG(64), &a), -EINVAL);
	fixture_done(t, &fx);
}

/*
 * A VM_GROWSDOWN area (the stack) keeps VMA_STACK_GUARD_GAP (256 pages)
 * free below it, for searches and hints alike:
 *   stack [600,608) GROWSDOWN, window [0,608)
 *   4 pages -> [340,344), ending exactly 256 pages below the stack
 *   hint 400 -> refused (inside the gap) -> [340,344)
 * An ordinary area at [300,344) then pushes the search below it.
 */
static void vma_unmapped_area_stack_guard(struct ktest *t)
{
	unsigned long gap = VMA_STACK_GUARD_GAP >> PAGE_SHIFT;
	vaddr_t a = 0;

	fixture_reset(&fx);
	map_anon(&fx, 600, 8, RW | VM_GROWSDOWN);
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(0), PG(608), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(600 - gap - 4));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), PG(400), PG(0), PG(608), &a),
			0);
	KTEST_EXPECT_EQ(t, a, PG(600 - gap - 4));
	map_anon(&fx, 300, 44, RW);
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(0), PG(608), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(296));
	fixture_done(t, &fx);
}

/*
 * Scale: 2000 one-page areas with one-page holes, [0,4000), and a
 * 3-page hole punched at a random place p. A 3-page search finds
 * exactly [p, p+3), and the set stays consistent through the punching.
 */
static void vma_unmapped_area_many(struct ktest *t)
{
	unsigned long p = 2 * (1 + prng_below(&t->rng, 1990));
	vaddr_t a = 0;

	fixture_reset(&fx);
	for (unsigned long i = 0; i < 2000; i++)
		KTEST_ASSERT_EQ(t, map_anon(&fx, 2 * i, 1, RW), 0);
	KTEST_EXPECT_EQ(t, fx.set.count, 2000);
	KTEST_EXPECT_EQ(t, vma_unmap(&fx.set, PG(p), NPG(1), NULL, NULL), 0);
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(3), 0, PG(0), PG(3999), &a), 0);
	KTEST_EXPECT_EQ(t, a, PG(p - 1));
	KTEST_EXPECT_EQ(t, unmapped_area(NPG(4), 0, PG(0), PG(3999), &a),
			-ENOMEM);
	fixture_done(t, &fx);
}

/*
 * exit_mmap: vma_destroy_all() reports every area once, lowest first,
 * then frees them all: 50 scattered areas, callbacks covering exactly the
 * mapped pages, nothing left allocated.
 */
static void vma_destroy_all_reports_and_frees(struct ktest *t)
{
	unsigned long pages = 0;

	fixture_reset(&fx);
	for (int i = 0; i < 50; i++) {
		unsigned long n = 1 + prng_below(&t->rng, 3);

		map_anon(&fx, 10 * (unsigned long)i, n,
			 i % 2 ? RW : VM_READ);
		pages += n;
	}
	vma_destroy_all(&fx.set, record_unmap, &fx);
	KTEST_EXPECT_EQ(t, fx.nr_calls, 50);
	KTEST_EXPECT_EQ(t, fx.call_pages, pages);
	KTEST_EXPECT(t, fx.call_start[0] == PG(0));
	KTEST_EXPECT(t, rb_empty(&fx.set.root));
	fixture_done(t, &fx);
}

/* --- random operations against a page model ----------------------------- */

#define MODEL_PAGES	640

struct model {
	bool mapped[MODEL_PAGES];
	unsigned long flags[MODEL_PAGES];
	u64 pgoff[MODEL_PAGES];
};

static struct model model;

static unsigned long random_flags(struct prng *r)
{
	static const unsigned long prot[] = { 0, VM_READ, RW, RW, RX };
	unsigned long flags = prot[prng_below(r, ARRAY_SIZE(prot))];

	if (prng_below(r, 8) == 0)
		flags |= VM_LOCKED;
	if (prng_below(r, 8) == 0)
		flags |= VM_SHARED;
	if (prng_below(r, 24) == 0)
		flags |= VM_GROWSDOWN;
	return flags;
}

/* The area structure matches the model page for page, and is canonical:
 * one area per maximal run of mergeable pages. */
static void model_compare(struct ktest *t, struct vma_fixture *f)
{
	const char *bad = vma_set_check(&f->set);
	struct vm_area *vma = vma_first(&f->set);
	unsigned long runs = 0;

	if (bad) {
		KTEST_FAIL(t, "vma_set_check: %s", bad);
		return;
	}
	for (unsigned long i = 0; i < MODEL_PAGES; i++) {
		vaddr_t addr = PG(i);

		while (vma && vma->end <= addr)
			vma = vma_next(vma);
		if (!model.mapped[i]) {
			if (vma && vma->start <= addr) {
				KTEST_FAIL(t, "page %lu mapped, model not", i);
				return;
			}
			continue;
		}
		if (!vma || vma->start > addr ||
		    vma->flags != model.flags[i] ||
		    vma_pgoff_at(vma, addr) != model.pgoff[i]) {
			KTEST_FAIL(t, "page %lu differs from the model", i);
			return;
		}
		if (i == 0 || !model.mapped[i - 1] ||
		    model.flags[i - 1] != model.flags[i] ||
		    model.pgoff[i - 1] + 1 != model.pgoff[i])
			runs++;
	}
	KTEST_EXPECT_EQ(t, f->set.count, runs);
	KTEST_EXPECT_EQ(t, f->live, runs);
}

static unsigned long model_mapped_in(unsigned long first, unsigned long n)
{
	unsigned long count = 0;

	for (unsigned long i = first; i < first + n; i++)
		count += model.mapped[i];
	return count;
}

static void model_set(unsigned long first, unsigned long n, bool mapped,
		      unsigned long flags, u64 pgoff)
{
	for (unsigned long i = 0; i < n; i++) {
		model.mapped[first + i] = mapped;
		model.flags[first + i] = mapped ? flags : 0;
		model.pgoff[first + i] = mapped ? pgoff + i : 0;
	}
}

/* mprotect/mlock in the model: page by page until the first hole. */
static int model_change(unsigned long first, unsigned long n, bool lock,
			unsigned long arg)
{
	for (unsigned long i = first; i < first + n; i++) {
		if (!model.mapped[i])
			return -ENOMEM;
		if (!lock)
			model.flags[i] = (model.flags[i] & ~VM_ACCESS_FLAGS) |
					 arg;
		else if (arg)
			model.flags[i] |= VM_LOCKED;
		else
			model.flags[i] &= ~VM_LOCKED;
	}
	return 0;
}

/* Could [a, a+n) be handed out? Free, and clear of a stack's guard gap. */
static bool model_fits(unsigned long a, unsigned long n)
{
	unsigned long gap = VMA_STACK_GUARD_GAP >> PAGE_SHIFT, next;

	if (model_mapped_in(a, n))
		return false;
	for (next = a + n; next < MODEL_PAGES && !model.mapped[next]; next++)
		;
	return next == MODEL_PAGES || !(model.flags[next] & VM_GROWSDOWN) ||
	       a + n + gap <= next;
}

/* The model's answer to a top-down search in pages [lo, hi). */
static int model_unmapped_area(unsigned long n, unsigned long hint,
			       unsigned long lo, unsigned long hi,
			       unsigned long *out)
{
	if (hint && hint >= lo && hint + n <= hi && model_fits(hint, n)) {
		*out = hint;
		return 0;
	}
	for (unsigned long a = hi - n + 1; a-- > lo;) {
		if (model_fits(a, n)) {
			*out = a;
			return 0;
		}
	}
	return -ENOMEM;
}

/*
 * 3000 random steps on pages [0, 640): mmap (NOREPLACE and MAP_FIXED),
 * munmap, mprotect, mlock/munlock and free-range searches with random
 * ranges, flags and hints. After every step the set equals the model page
 * by page (flags and pgoff), is canonically merged, holds as many
 * allocations as areas, and the unmap callbacks covered exactly the pages
 * that were mapped in the range. Error returns agree with the model.
 */
static void vma_random_against_model(struct ktest *t)
{
	struct prng *r = &t->rng;

	fixture_reset(&fx);
	memset(&model, 0, sizeof(model));
	for (int step = 0; step < 3000 && !ktest_failed(t); step++) {
		unsigned long first = prng_below(r, MODEL_PAGES - 1);
		unsigned long n = 1 + prng_below(r, 24);
		unsigned long flags = random_flags(r);
		u64 pgoff = prng_below(r, 4) ? ANON(first) : prng_below(r, 64);
		unsigned long mapped, op;
		int want, got;

		if (first + n > MODEL_PAGES)
			n = MODEL_PAGES - first;
		mapped = model_mapped_in(first, n);
		fixture_clear_calls(&fx);
		op = prng_below(r, 7);
		switch (op) {
		case 0:
			want = mapped ? -EEXIST : 0;
			got = vma_map(&fx.set, PG(first), NPG(n), flags, pgoff);
			if (!want)
				model_set(first, n, true, flags, pgoff);
			break;
		case 1:
			want = 0;
			got = vma_map_fixed(&fx.set, PG(first), NPG(n), flags,
					    pgoff, record_unmap, &fx);
			model_set(first, n, true, flags, pgoff);
			KTEST_EXPECT_EQ(t, fx.call_pages, mapped);
			break;
		case 2:
			want = 0;
			got = vma_unmap(&fx.set, PG(first), NPG(n),
					record_unmap, &fx);
			model_set(first, n, false, 0, 0);
			KTEST_EXPECT_EQ(t, fx.call_pages, mapped);
			break;
		case 3:
		case 4:
			flags &= VM_ACCESS_FLAGS;
			want = model_change(first, n, false, flags);
			got = vma_protect(&fx.set, PG(first), NPG(n), flags);
			break;
		case 5: {
			bool lock = prng_below(r, 2);

			want = model_change(first, n, true, lock);
			got = vma_set_locked(&fx.set, PG(first), NPG(n), lock);
			break;
		}
		default: {
			unsigned long lo = prng_below(r, 3) ? 0 :
					   prng_below(r, MODEL_PAGES / 2);
			unsigned long hi = MODEL_PAGES - (prng_below(r, 3) ? 0 :
					   prng_below(r, MODEL_PAGES / 2));
			unsigned long hint = prng_below(r, 2) ? first : 0;
			unsigned long expect = 0;
			vaddr_t a = 0;

			want = model_unmapped_area(n, hint, lo, hi, &expect);
			got = unmapped_area(NPG(n), hint ? PG(hint) : 0, PG(lo),
					    PG(hi), &a);
			if (!want && !got)
				KTEST_EXPECT_EQ(t, a, PG(expect));
			break;
		}
		}
		if (got != want)
			KTEST_FAIL(t, "step %d op %lu pages [%lu, +%lu): "
				   "got %d, model says %d", step, op, first, n,
				   got, want);
		model_compare(t, &fx);
	}
	fixture_done(t, &fx);
}

KTEST_SUITE(vma,
	KTEST_CASE(vma_map_merges_adjacent),
	KTEST_CASE(vma_map_no_merge_when_different),
	KTEST_CASE(vma_map_rejects),
	KTEST_CASE(vma_lookups),
	KTEST_CASE(vma_unmap_head_tail_middle),
	KTEST_CASE(vma_unmap_spanning_and_holes),
	KTEST_CASE(vma_map_fixed_replaces),
	KTEST_CASE(vma_protect_split_and_remerge),
	KTEST_CASE(vma_protect_hole_partial),
	KTEST_CASE(vma_mlock_split_merge),
	KTEST_CASE(vma_alloc_failure_changes_nothing),
	KTEST_CASE(vma_map_count_limit),
	KTEST_CASE(vma_unmapped_area_topdown),
	KTEST_CASE(vma_unmapped_area_stack_guard),
	KTEST_CASE(vma_unmapped_area_many),
	KTEST_CASE(vma_destroy_all_reports_and_frees),
	KTEST_CASE(vma_random_against_model));
