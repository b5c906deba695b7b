// SPDX-License-Identifier: MIT
/*
 * memblock (see memblock.h). Invariant: both region lists are sorted by
 * base, never overlap and never touch (adjacent ranges are merged), so a
 * free range is found by walking memory and skipping reserved ranges.
 * Allocation is top-down below memblock.limit, as in Linux: early page
 * tables must come from memory the boot page tables already map.
 */
#include "kernel/multiboot2.h"
#include <arch/layout.h>
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/memblock.h"

struct memblock memblock = { .limit = ~(paddr_t)0 };

/**
 * memblock_reset - forget every range (tests; boot starts empty).
 *
 * Context: boot or a test owning memblock.
 */
void memblock_reset(void)
{
	memset(&memblock, 0, sizeof(memblock));
	memblock.limit = ~(paddr_t)0;
}

/* Insert [base, base+size), then re-sort and merge. */
static int type_add(struct memblock_type *t, paddr_t base, u64 size)
{
	unsigned int i, j;

	if (!size)
		return 0;
	if (base + size < base)
		size = ~(paddr_t)0 - base;	/* clip at the top */
	if (t->cnt == MEMBLOCK_MAX_REGIONS)
		return -ENOSPC;
	for (i = t->cnt; i > 0 && t->regions[i - 1].base > base; i--)
		t->regions[i] = t->regions[i - 1];
	t->regions[i] = (struct memblock_region){ base, size };
	t->cnt++;
	for (i = 0, j = 1; j < t->cnt; j++) {	/* merge into regions[i] */
		struct memblock_region *a = &t->regions[i], *b = &t->regions[j];

		if (b->base <= a->base + a->size) {
			paddr_t end = MAX(a->base + a->size, b->base + b->size);

			a->size = end - a->base;
		} else {
			t->regions[++i] = *b;
		}
	}
	t->cnt = i + 1;
	return 0;
}

/**
 * memblock_add - record usable RAM.
 * @base: physical start
 * @size: bytes
 *
 * Context: boot.
 * Return: 0, or -ENOSPC when the region table is full.
 */
int memblock_add(paddr_t base, u64 size)
{
	return type_add(&memblock.memory, base, size);
}

/**
 * memblock_reserve - keep a range out of allocations and of the buddy.
 * @base: physical start
 * @size: bytes; the range is rounded out to whole pages
 *
 * Context: boot.
 * Return: 0, or -ENOSPC when the region table is full.
 */
int memblock_reserve(paddr_t base, u64 size)
{
	paddr_t start = ALIGN_DOWN(base, PAGE_SIZE);

	if (!size)
		return 0;
	return type_add(&memblock.reserved, start,
			ALIGN_UP(base + size, PAGE_SIZE) - start);
}

/**
 * memblock_init_from_boot - memory from the boot memory map, minus what
 * must survive: the first 1 MiB, the kernel image, the boot information
 * blob and the modules.
 * @bi: parsed boot information
 * @kernel_start: physical start of the kernel image
 * @kernel_end: physical end (exclusive)
 *
 * Usable regions are trimmed inwards to whole pages.
 *
 * Context: boot.
 * Return: 0, or -ENOSPC.
 */
int memblock_init_from_boot(const struct boot_info *bi, paddr_t kernel_start,
			    paddr_t kernel_end)
{
	int err = 0;

	for (u32 i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		paddr_t start = ALIGN_UP(r->base, PAGE_SIZE);
		paddr_t end = ALIGN_DOWN(r->base + r->length, PAGE_SIZE);

		if (r->type == BOOT_MEM_USABLE && end > start)
			err = err ? err : memblock_add(start, end - start);
	}
	err = err ? err : memblock_reserve(0, MEMBLOCK_LOW_RESERVED);
	err = err ? err : memblock_reserve(kernel_start,
					   kernel_end - kernel_start);
	if (bi->info_size)
		err = err ? err : memblock_reserve(bi->info_phys,
						   bi->info_size);
	for (u32 i = 0; i < bi->module_count; i++)
		err = err ? err : memblock_reserve(bi->modules[i].start,
				bi->modules[i].end - bi->modules[i].start);
	return err;
}

/**
 * memblock_next_free - the lowest free range (memory minus reserved)
 * ending above *@pos; advances *@pos past it.
 * @pos: cursor, start at 0
 * @start: set to the range's start
 * @end: set to its end (exclusive)
 *
 * Context: boot.
 * Return: false when there is none left.
 */
bool memblock_next_free(paddr_t *pos, paddr_t *start, paddr_t *end)
{
	const struct memblock_type *res = &memblock.reserved;

	for (unsigned int m = 0; m < memblock.memory.cnt; m++) {
		const struct memblock_region *mr = &memblock.memory.regions[m];
		paddr_t mend = mr->base + mr->size;
		paddr_t s = MAX(mr->base, *pos);
		unsigned int r = 0;

		while (s < mend) {
			paddr_t e = mend;

			for (; r < res->cnt; r++) {
				const struct memblock_region *rr =
					&res->regions[r];

				if (rr->base + rr->size <= s)
					continue;
				if (rr->base <= s) {	/* s is reserved */
					s = rr->base + rr->size;
					continue;
				}
				e = MIN(e, rr->base);
				break;
			}
			if (s >= e)
				break;
			*start = s;
			*end = e;
			*pos = e;
			return true;
		}
	}
	return false;
}

/**
 * memblock_alloc - reserve @size bytes aligned to @align, as high as
 * possible below memblock.limit.
 * @size: bytes
 * @align: power of two
 *
 * The memory is not zeroed (memblock does not know how to reach it).
 *
 * Context: boot.
 * Return: physical address, or 0 when nothing fits.
 */
paddr_t memblock_alloc(u64 size, u64 align)
{
	paddr_t pos = 0, s, e, best = 0;

	if (!size)
		return 0;
	while (memblock_next_free(&pos, &s, &e)) {
		paddr_t top = MIN(e, memblock.limit), cand;

		if (top < s + size || top < size)
			continue;
		cand = ALIGN_DOWN(top - size, align);
		if (cand >= s && cand > best)
			best = cand;
	}
	if (best && memblock_reserve(best, size))
		return 0;
	return best;
}

/* Allocations from now on end below @limit (the boot direct map). */
void memblock_set_limit(paddr_t limit)
{
	memblock.limit = limit;
}

/* End of the highest usable RAM range. */
paddr_t memblock_end_of_ram(void)
{
	const struct memblock_type *t = &memblock.memory;

	return t->cnt ? t->regions[t->cnt - 1].base +
			t->regions[t->cnt - 1].size : 0;
}

/* Bytes that memblock_next_free() would return in total. */
u64 memblock_free_bytes(void)
{
	paddr_t pos = 0, s, e;
	u64 total = 0;

	while (memblock_next_free(&pos, &s, &e))
		total += e - s;
	return total;
}
