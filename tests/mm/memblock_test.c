// SPDX-License-Identifier: MIT
/*
 * memblock tests on a scratch copy: each case saves the live memblock
 * (in the kernel it still describes the boot memory), resets it, works
 * on made-up physical ranges (nothing is touched through them) and puts
 * the original back with memblock_test_restore().
 */
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "mm/memblock.h"

static struct memblock saved;
static struct boot_info bi;

static void memblock_test_begin(void)
{
	saved = memblock;
	memblock_reset();
}

static void memblock_test_restore(void)
{
	memblock = saved;
}

/* Overlapping and adjacent ranges merge; a disjoint one stays apart:
 *   [0x1000,0x3000) + [0x2000,0x5000) + [0x5000,0x6000) -> [0x1000,0x6000)
 *   [0x9000,0xa000) separate.                                          */
static void merge_ranges(struct ktest *t)
{
	memblock_test_begin();
	memblock_add(0x9000, 0x1000);
	memblock_add(0x1000, 0x2000);
	memblock_add(0x2000, 0x3000);
	memblock_add(0x5000, 0x1000);
	KTEST_EXPECT_EQ(t, memblock.memory.cnt, 2);
	KTEST_EXPECT_EQ(t, memblock.memory.regions[0].base, 0x1000);
	KTEST_EXPECT_EQ(t, memblock.memory.regions[0].size, 0x5000);
	KTEST_EXPECT_EQ(t, memblock.memory.regions[1].base, 0x9000);
	KTEST_EXPECT_EQ(t, memblock_end_of_ram(), 0xa000);
	memblock_test_restore();
}

/* A QEMU-like map: usable 0..0x9fc00 and 1 MiB..0x7fe0000 (plus a
 * reserved and an ACPI range that are not memory). The first 1 MiB, the
 * kernel [1M, 2M), the boot info [3M, 3M+4K) and a module [4M, 4M+0x1234)
 * are reserved (rounded out to pages), so the free ranges are exactly
 *   [2M, 3M)  [3M+4K, 4M)  [4M+8K, 0x7fe0000)                          */
static void boot_map_free_ranges(struct ktest *t)
{
	static const paddr_t expect[][2] = {
		{ 0x200000, 0x300000 },
		{ 0x301000, 0x400000 },
		{ 0x402000, 0x7fe0000 },
	};
	paddr_t pos = 0, s, e;
	unsigned int n = 0;

	memblock_test_begin();
	bi = (struct boot_info){
		.info_phys = 0x300000, .info_size = 0x1000,
		.mmap_count = 4, .module_count = 1,
	};
	bi.mmap[0] = (struct boot_mem_region){ 0, 0x9fc00, BOOT_MEM_USABLE };
	bi.mmap[1] = (struct boot_mem_region){ 0x9fc00, 0x400,
					       BOOT_MEM_RESERVED };
	bi.mmap[2] = (struct boot_mem_region){ 0x100000, 0x7ee0000,
					       BOOT_MEM_USABLE };
	bi.mmap[3] = (struct boot_mem_region){ 0x7fe0000, 0x20000,
					       BOOT_MEM_ACPI_RECLAIMABLE };
	bi.modules[0] = (struct boot_module){ 0x400000, 0x401234, NULL };
	KTEST_EXPECT_EQ(t, memblock_init_from_boot(&bi, 0x100000, 0x200000), 0);
	while (memblock_next_free(&pos, &s, &e) && n < ARRAY_SIZE(expect)) {
		KTEST_EXPECT_EQ(t, s, expect[n][0]);
		KTEST_EXPECT_EQ(t, e, expect[n][1]);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, ARRAY_SIZE(expect));
	KTEST_EXPECT(t, !memblock_next_free(&pos, &s, &e));
	KTEST_EXPECT_EQ(t, memblock_free_bytes(),
			0x100000 + 0xff000 + (0x7fe0000 - 0x402000));
	memblock_test_restore();
}

/* Allocation is top-down, aligned, below the limit, never in a reserved
 * range, and reserves what it returns; when nothing fits it returns 0.
 *   memory [1M, 16M), reserved [15M, 16M), limit 8M                    */
static void alloc_top_down(struct ktest *t)
{
	paddr_t a, b;

	memblock_test_begin();
	memblock_add(0x100000, 0xf00000);
	memblock_reserve(0xf00000, 0x100000);
	a = memblock_alloc(0x3000, 0x10000);
	KTEST_EXPECT_EQ(t, a, 0xef0000);	/* highest 64K-aligned fit */
	b = memblock_alloc(0x1000, 0x1000);
	KTEST_EXPECT_EQ(t, b, 0xeff000);	/* in the gap above a */
	memblock_set_limit(0x800000);
	KTEST_EXPECT_EQ(t, memblock_alloc(0x1000, 0x1000), 0x7ff000);
	KTEST_EXPECT_EQ(t, memblock_alloc(0x1000000, 0x1000), 0);
	KTEST_EXPECT_EQ(t, memblock_free_bytes(),
			0xe00000 - 0x3000 - 0x1000 - 0x1000);
	memblock_test_restore();
}

KTEST_SUITE(memblock,
	    KTEST_CASE(merge_ranges),
	    KTEST_CASE(boot_map_free_ranges),
	    KTEST_CASE(alloc_top_down));
