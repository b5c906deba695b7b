/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time physical memory allocator, used before the
 * buddy exists (page tables, mem_map). Two sorted, merged lists of
 * ranges: memory (usable RAM from the boot memory map) and reserved
 * (the kernel, the boot information, modules, the first 1 MiB, and every
 * memblock allocation). Free memory is memory minus reserved; mm_init()
 * hands exactly that to the buddy, after which memblock is retired.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "lib/types.h"

#define MEMBLOCK_MAX_REGIONS	128
#define MEMBLOCK_LOW_RESERVED	0x100000UL	/* real-mode trampoline, BIOS */

struct boot_info;

struct memblock_region {
	paddr_t base;
	u64 size;
};

struct memblock_type {
	unsigned int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

/* Locking: boot only, one CPU: no lock. */
struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
	paddr_t limit;			/* allocations end below this */
};

extern struct memblock memblock;

void memblock_reset(void);
int memblock_add(paddr_t base, u64 size);
int memblock_reserve(paddr_t base, u64 size);
int memblock_init_from_boot(const struct boot_info *bi, paddr_t kernel_start,
			    paddr_t kernel_end);
paddr_t memblock_alloc(u64 size, u64 align);
void memblock_set_limit(paddr_t limit);
bool memblock_next_free(paddr_t *pos, paddr_t *start, paddr_t *end);
paddr_t memblock_end_of_ram(void);
u64 memblock_free_bytes(void);

#endif
