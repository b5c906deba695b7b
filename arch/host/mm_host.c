// SPDX-License-Identifier: MIT
/*
 * Host stand-in for mm_init(): 64 MiB of malloc'd "physical" memory at
 * HOST_PHYS_BASE, handed to the buddy and slab before main() runs, so
 * the mm tests see the same global allocator on the host as in the
 * kernel (in the spirit of Linux's memblock simulator).
 */
#include <stdio.h>
#include <stdlib.h>
#include <arch/mmu.h>
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define HOST_RAM_SIZE	(64UL << 20)

uintptr_t host_phys_offset;
size_t host_phys_size;
void *host_ram;		/* kept so LeakSanitizer sees it in use */

static void __attribute__((constructor)) host_mm_init(void)
{
	pfn_t start = HOST_PHYS_BASE >> PAGE_SHIFT;
	pfn_t end = start + (HOST_RAM_SIZE >> PAGE_SHIFT);
	void *ram = aligned_alloc(PAGE_SIZE, HOST_RAM_SIZE);
	struct page *map = malloc(page_alloc_map_bytes(start, end));

	if (!ram || !map) {
		fprintf(stderr, "host_mm_init: no memory\n");
		exit(2);
	}
	host_ram = ram;
	host_phys_offset = (uintptr_t)ram - HOST_PHYS_BASE;
	host_phys_size = HOST_RAM_SIZE;
	page_alloc_init(map, start, end);
	page_alloc_free_range(start, end);
	page_alloc_init_late();
	slab_init();
}
