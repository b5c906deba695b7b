// SPDX-License-Identifier: MIT
/*
 * mm_init: physical memory from nothing to kmalloc, in the order each
 * step needs the previous one:
 *
 *   memblock      usable RAM minus the kernel, boot info, modules, 1st MiB
 *   page tables   direct map of all RAM + kernel image; CR3 switched
 *                 (table pages from memblock below 4 GiB: the boot tables
 *                 map only that much)
 *   mem_map       one struct page per pfn in [0, end of RAM), holes
 *                 included (QEMU -m 8G: the 3-4 GiB hole costs 8 MiB of
 *                 the 72 MiB array; simpler than sections, and O(1)
 *                 pfn_to_page). Only the struct pages of the first
 *                 BOOT_INIT_BYTES are initialised now: setting up all of
 *                 them took 0.3 s per 8 GiB under QEMU's TCG, before
 *                 the first test could run
 *   buddy         every free memblock range; the part above
 *                 BOOT_INIT_BYTES is counted free but deferred (see
 *                 mm/page_alloc.h); then the reserve is sized
 *   slab          kmalloc caches
 *
 * mm_init_late() then starts "pgdatinit", a kernel thread that
 * initialises the deferred struct pages in the background, a chunk at a
 * time; an allocation that finds the free lists empty first does the
 * next chunk itself, so memory is never short for having been deferred.
 *
 * After this, memblock is retired: nothing allocates from it again.
 * Kernel page tables that grow later (ioremap) take pages from a small
 * pool reserved here, then from the buddy.
 */
#include <arch/mmu.h>
#include "kernel/kthread.h"
#include "kernel/multiboot2.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "mm/mm_init.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define BOOT_MAP_LIMIT	(4UL << 30)	/* what boot.S maps */
#define PT_POOL_PAGES	16
#define BOOT_INIT_BYTES	(128UL << 20)	/* struct pages set up at boot */

extern char __kernel_phys_start[], __kernel_phys_end[];

static struct arch_mmu_range ram[BOOT_MMAP_MAX + 1];	/* [I] */
static paddr_t pt_pool[PT_POOL_PAGES];	/* [p] arch_kernel_pt.lock */
static unsigned int pt_pool_count;	/* [p] */

static paddr_t boot_table_alloc(void)
{
	paddr_t pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE);

	if (pa)
		clear_page(phys_to_virt(pa));
	return pa;
}

/* Kernel page tables after boot: the pool first, then the buddy. */
static paddr_t kernel_table_alloc(void)
{
	void *p;

	if (pt_pool_count)
		return pt_pool[--pt_pool_count];
	p = get_zeroed_page(GFP_ATOMIC);
	return p ? virt_to_phys(p) : 0;
}

static bool is_ram(enum boot_mem_type type)
{
	return type == BOOT_MEM_USABLE || type == BOOT_MEM_ACPI_RECLAIMABLE ||
	       type == BOOT_MEM_ACPI_NVS;
}

/* Sorted, merged, page-aligned RAM ranges (plus the first 1 MiB). */
static unsigned int collect_ram(const struct boot_info *bi)
{
	unsigned int n = 0, i, j;

	ram[n++] = (struct arch_mmu_range){ 0, MEMBLOCK_LOW_RESERVED };
	for (i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		struct arch_mmu_range x = {
			ALIGN_DOWN(r->base, PAGE_SIZE),
			ALIGN_UP(r->base + r->length, PAGE_SIZE),
		};

		if (!is_ram(r->type) || x.end <= x.start)
			continue;
		for (j = n++; j > 0 && ram[j - 1].start > x.start; j--)
			ram[j] = ram[j - 1];
		ram[j] = x;
	}
	for (i = 0, j = 1; j < n; j++) {
		if (ram[j].start <= ram[i].end)
			ram[i].end = MAX(ram[i].end, ram[j].end);
		else
			ram[++i] = ram[j];
	}
	return i + 1;
}

static void hand_over_to_buddy(void)
{
	paddr_t pos = 0, s, e;

	while (memblock_next_free(&pos, &s, &e))
		page_alloc_free_range(s >> PAGE_SHIFT, e >> PAGE_SHIFT);
}

/**
 * mm_init - bring up physical memory management (see the file header).
 * @bi: boot information with the memory map
 *
 * Context: boot CPU, interrupts off, once, after the command line is
 * parsed (fail_page_alloc=). Panics when memory cannot be set up.
 */
void mm_init(const struct boot_info *bi)
{
	paddr_t map_pa, end;
	unsigned int nr_ram;
	size_t map_bytes;
	u64 total = 0;

	if (!bi->mmap_count)
		panic("mm: the boot information has no memory map");
	if (memblock_init_from_boot(bi, (paddr_t)__kernel_phys_start,
				    (paddr_t)__kernel_phys_end))
		panic("mm: too many memory map regions for memblock");
	for (unsigned int i = 0; i < memblock.memory.cnt; i++)
		total += memblock.memory.regions[i].size;

	memblock_set_limit(BOOT_MAP_LIMIT);
	nr_ram = collect_ram(bi);
	arch_mmu_init(ram, nr_ram, boot_table_alloc);
	memblock_set_limit(~(paddr_t)0);	/* all RAM is mapped now */

	end = memblock_end_of_ram();
	map_bytes = page_alloc_map_bytes(0, end >> PAGE_SHIFT);
	map_pa = memblock_alloc(map_bytes, PAGE_SIZE);
	if (!map_pa)
		panic("mm: no memory for mem_map (%zu bytes)", map_bytes);
	page_alloc_init_deferred(phys_to_virt(map_pa), 0, end >> PAGE_SHIFT,
				 BOOT_INIT_BYTES >> PAGE_SHIFT);
	while (pt_pool_count < PT_POOL_PAGES &&
	       (pt_pool[pt_pool_count] = boot_table_alloc()))
		pt_pool_count++;

	hand_over_to_buddy();
	page_alloc_init_late();
	arch_kernel_pt.table_alloc = kernel_table_alloc;
	slab_init();

	pr_info("mm: %llu MiB usable, %lu MiB free; struct page %zu bytes, "
		"mem_map %zu KiB for pfn 0..%#llx; direct map %s pages%s, "
		"%lu table pages, reserve %lu pages\n",
		(unsigned long long)(total >> 20),
		nr_free_pages() >> (20 - PAGE_SHIFT), sizeof(struct page),
		map_bytes >> 10, (unsigned long long)(end >> PAGE_SHIFT),
		arch_mmu_has_1g_pages() ? "1 GiB" : "2 MiB",
		arch_mmu_has_nx() ? ", NX" : "", arch_kernel_pt.nr_tables,
		main_zone.min_free);
}

/*
 * pgdatinit: initialise the deferred struct pages, one chunk per lock
 * hold, yielding between chunks. When done it stays, asleep: exiting
 * would give its stack pages back to the buddy in the middle of some
 * test, whose free-page balance is checked after it.
 */
static int deferred_init_thread(void *unused)
{
	u64 start = ktime_get_ns();
	unsigned long chunks = 0;

	(void)unused;
	while (page_alloc_grow()) {
		chunks++;
		cond_resched();
	}
	pr_info("mm: deferred struct pages initialised: %lu chunks in %llu "
		"ms\n", chunks,
		(unsigned long long)((ktime_get_ns() - start) / 1000000));
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return 0;
}

/**
 * mm_init_late - start initialising the deferred struct pages in the
 * background (see the file header).
 *
 * Context: boot, process context, once the scheduler runs. Without the
 * thread (no memory for it) allocations still grow the zone on demand.
 */
void mm_init_late(void)
{
	if (page_alloc_deferred_done())
		return;
	if (!kthread_run(deferred_init_thread, NULL, "pgdatinit"))
		pr_err("mm: cannot start pgdatinit; struct pages will be "
		       "initialised on demand\n");
}
