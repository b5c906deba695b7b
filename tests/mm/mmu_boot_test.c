// SPDX-License-Identifier: MIT
/*
 * Kernel page tables built by arch_mmu_init() (kernel only): what the
 * direct map and the kernel image map look like, a map/unmap round trip,
 * and ioremap of the local APIC's registers.
 */
#include <arch/mmu.h>
#include "kernel/ktest.h"
#include "mm/page_alloc.h"

#define TEST_VA		0xffffc90000000000UL	/* outside every mapping */
#define LAPIC_PHYS	0xfee00000UL
#define LAPIC_VERSION	0x30

static int image_data_word = 1;
static const char image_rodata[] = "read-only";

/* A buddy page and 16 MiB (2 MiB-aligned, RAM on every machine we boot
 * with 32 MiB or more) are direct-mapped writable and not executable;
 * 16 MiB sits in a large page. */
static void direct_map_covers_ram(struct ktest *t)
{
	struct page *p = alloc_page(GFP_KERNEL);
	paddr_t pa, want;
	pte_t leaf;

	KTEST_ASSERT_NOT_NULL(t, p);
	want = page_to_pfn(p) << PAGE_SHIFT;
	KTEST_EXPECT(t, arch_pt_lookup(&arch_kernel_pt,
				       (vaddr_t)page_address(p), &pa, &leaf));
	KTEST_EXPECT_EQ(t, pa, want);
	KTEST_EXPECT(t, leaf & PTE_W);
	KTEST_EXPECT_EQ(t, !!(leaf & PTE_NX), arch_mmu_has_nx());
	free_page(p);
	KTEST_EXPECT(t, arch_pt_lookup(&arch_kernel_pt,
				       (vaddr_t)phys_to_virt(16UL << 20), &pa,
				       &leaf));
	KTEST_EXPECT_EQ(t, pa, 16UL << 20);
	KTEST_EXPECT(t, leaf & PTE_PS);
}

/* The image: text is read-only and executable, rodata read-only and
 * (with NXE) not executable, data writable and not executable. */
static void kernel_image_protections(struct ktest *t)
{
	paddr_t pa;
	pte_t leaf;
	bool nx = arch_mmu_has_nx();

	KTEST_ASSERT(t, arch_pt_lookup(&arch_kernel_pt,
				       (vaddr_t)&direct_map_covers_ram, &pa,
				       &leaf));
	KTEST_EXPECT(t, !(leaf & PTE_W));
	KTEST_EXPECT(t, !(leaf & PTE_NX));
	KTEST_EXPECT_EQ(t, pa, virt_to_phys(&direct_map_covers_ram));
	KTEST_ASSERT(t, arch_pt_lookup(&arch_kernel_pt, (vaddr_t)image_rodata,
				       &pa, &leaf));
	KTEST_EXPECT(t, !(leaf & PTE_W));
	KTEST_EXPECT_EQ(t, !!(leaf & PTE_NX), nx);
	KTEST_ASSERT(t, arch_pt_lookup(&arch_kernel_pt,
				       (vaddr_t)&image_data_word, &pa, &leaf));
	KTEST_EXPECT(t, leaf & PTE_W);
	KTEST_EXPECT_EQ(t, !!(leaf & PTE_NX), nx);
	KTEST_EXPECT(t, !arch_pt_lookup(&arch_kernel_pt, 0x1000, &pa, NULL));
}

/* A page mapped at an unused address reads and writes the same memory
 * as its direct-map alias; after arch_pt_unmap the address is unmapped
 * and mapping it twice fails with -EEXIST. (Table pages come from the
 * kernel table pool, so free pages do not move.) */
static void map_unmap_roundtrip(struct ktest *t)
{
	struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	volatile u64 *alias = (volatile u64 *)TEST_VA;
	paddr_t pa;

	KTEST_ASSERT_NOT_NULL(t, p);
	pa = page_to_pfn(p) << PAGE_SHIFT;
	KTEST_EXPECT_EQ(t, arch_pt_map(&arch_kernel_pt, TEST_VA, pa,
				       ARCH_PROT_READ | ARCH_PROT_WRITE), 0);
	KTEST_EXPECT_EQ(t, arch_pt_map(&arch_kernel_pt, TEST_VA, pa,
				       ARCH_PROT_READ), -17 /* -EEXIST */);
	alias[3] = 0x1234abcd;
	KTEST_EXPECT_EQ(t, ((u64 *)page_address(p))[3], 0x1234abcd);
	arch_pt_unmap(&arch_kernel_pt, TEST_VA, PAGE_SIZE);
	KTEST_EXPECT(t, !arch_pt_lookup(&arch_kernel_pt, TEST_VA, &pa, NULL));
	free_page(p);
}

/* ioremap of the local APIC (in the 3-4 GiB hole, not RAM) maps it
 * uncached at DIRECT_MAP_BASE + pa; its version register reads as a
 * plausible integrated-APIC version; a second ioremap is the same. */
static void ioremap_lapic(struct ktest *t)
{
	volatile u32 *regs = ioremap(LAPIC_PHYS, PAGE_SIZE);
	paddr_t pa;
	pte_t leaf;
	u32 version;

	KTEST_ASSERT_NOT_NULL(t, regs);
	KTEST_EXPECT_EQ(t, (vaddr_t)regs, (vaddr_t)phys_to_virt(LAPIC_PHYS));
	KTEST_ASSERT(t, arch_pt_lookup(&arch_kernel_pt, (vaddr_t)regs, &pa,
				       &leaf));
	KTEST_EXPECT_EQ(t, pa, LAPIC_PHYS);
	KTEST_EXPECT(t, leaf & PTE_PCD);
	version = regs[LAPIC_VERSION / 4] & 0xff;
	KTEST_EXPECT_GE(t, version, 0x10);
	KTEST_EXPECT_LT(t, version, 0x20);
	KTEST_EXPECT_EQ(t, ioremap(LAPIC_PHYS, 4), (void *)regs);
}

KTEST_SUITE(mmu,
	    KTEST_CASE(direct_map_covers_ram),
	    KTEST_CASE(kernel_image_protections),
	    KTEST_CASE(map_unmap_roundtrip),
	    KTEST_CASE(ioremap_lapic));
