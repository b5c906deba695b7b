// SPDX-License-Identifier: MIT
/*
 * The boot information this kernel really received, as parsed by
 * multiboot2_parse() and published by kernel_main(). Needs the machine
 * (and GRUB), so it is kernel-only. Each case skips when nothing was
 * published, which only happens if kernel_main() never called
 * multiboot2_set_boot_info().
 */
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "lib/string.h"

#define MiB	0x100000ULL

extern char __kernel_phys_start[], __kernel_phys_end[];

#define GET_BOOT_INFO(t, bi)						\
	do {								\
		bi = multiboot2_boot_info();				\
		if (!bi)						\
			KTEST_SKIP(t, "boot info not published by kernel_main"); \
	} while (0)

/* The memory map has RAM above 1 MiB, where the kernel and every
 * allocator live; QEMU's -m 128M gives about 127 MiB there. */
static void multiboot2_boot_usable_above_1mib(struct ktest *t)
{
	const struct boot_info *bi;
	u64 above = 0;

	GET_BOOT_INFO(t, bi);
	KTEST_ASSERT_GT(t, bi->mmap_count, 0);
	for (u32 i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		u64 end = r->base + r->length;

		if (r->type == BOOT_MEM_USABLE && end > MiB)
			above += end - MAX(r->base, MiB);
	}
	KTEST_EXPECT_GE(t, above, 8 * MiB);
	KTEST_EXPECT_EQ(t, bi->mmap_dropped, 0);
}

/* No two usable regions overlap: mm/ may hand each out independently. */
static void multiboot2_boot_usable_regions_disjoint(struct ktest *t)
{
	const struct boot_info *bi;

	GET_BOOT_INFO(t, bi);
	for (u32 i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *a = &bi->mmap[i];

		for (u32 j = i + 1; j < bi->mmap_count; j++) {
			const struct boot_mem_region *b = &bi->mmap[j];

			if (a->type != BOOT_MEM_USABLE ||
			    b->type != BOOT_MEM_USABLE)
				continue;
			if (a->base < b->base + b->length &&
			    b->base < a->base + a->length)
				KTEST_FAIL(t, "usable regions %u and %u overlap",
					   i, j);
		}
	}
}

/* The kernel image sits inside one usable region (so mm/ must reserve
 * it), as GRUB only loads into RAM it reports as available. */
static void multiboot2_boot_kernel_in_usable_ram(struct ktest *t)
{
	const struct boot_info *bi;
	u64 start = (u64)(uintptr_t)__kernel_phys_start;
	u64 end = (u64)(uintptr_t)__kernel_phys_end;
	bool inside = false;

	GET_BOOT_INFO(t, bi);
	for (u32 i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];

		if (r->type == BOOT_MEM_USABLE && r->base <= start &&
		    end <= r->base + r->length)
			inside = true;
	}
	if (!inside)
		KTEST_FAIL(t, "kernel [0x%llx, 0x%llx) is not in usable RAM",
			   (unsigned long long)start, (unsigned long long)end);
}

/* GRUB names itself and passes a command line (possibly empty), and the
 * blob itself is recorded so that mm/ can keep it. */
static void multiboot2_boot_loader_and_cmdline(struct ktest *t)
{
	const struct boot_info *bi;

	GET_BOOT_INFO(t, bi);
	KTEST_ASSERT_NOT_NULL(t, bi->loader_name);
	if (strncmp(bi->loader_name, "GRUB", 4))
		KTEST_FAIL(t, "loader is \"%s\", expected GRUB...",
			   bi->loader_name);
	KTEST_ASSERT_NOT_NULL(t, bi->cmdline);
	KTEST_EXPECT_LT(t, strlen(bi->cmdline), 4096);
	KTEST_EXPECT_NE(t, bi->info_phys, 0);
	KTEST_EXPECT_GE(t, bi->info_size, 16);
}

/* Firmware details agree with the boot path: an EFI boot has a system
 * table; any RSDP GRUB passed carries the ACPI signature. */
static void multiboot2_boot_firmware_tables(struct ktest *t)
{
	const struct boot_info *bi;

	GET_BOOT_INFO(t, bi);
	if (bi->efi_boot)
		KTEST_EXPECT_NE(t, bi->efi_system_table, 0);
	if (bi->rsdp_revision)
		KTEST_EXPECT(t, !memcmp(bi->rsdp, "RSD PTR ", 8));
	else
		ktest_log(t, "no ACPI RSDP from the boot loader");
}

KTEST_SUITE(multiboot2_boot,
	KTEST_CASE(multiboot2_boot_usable_above_1mib),
	KTEST_CASE(multiboot2_boot_usable_regions_disjoint),
	KTEST_CASE(multiboot2_boot_kernel_in_usable_ram),
	KTEST_CASE(multiboot2_boot_loader_and_cmdline),
	KTEST_CASE(multiboot2_boot_firmware_tables));
