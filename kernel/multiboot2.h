/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 boot information, parsed once into struct boot_info so that
 * the rest of the kernel never walks tags. The parser is pure (it only
 * reads the blob it is given), so the host tests feed it forged blobs.
 */
#ifndef KERNEL_MULTIBOOT2_H
#define KERNEL_MULTIBOOT2_H

#include "lib/types.h"

#define MULTIBOOT2_BOOTLOADER_MAGIC	0x36d76289
#define BOOT_MMAP_MAX		256
#define BOOT_MODULES_MAX	16
#define BOOT_RSDP_MAX		36	/* ACPI 2.0 RSDP size */

enum boot_mem_type {		/* e820 numbering */
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_region {
	paddr_t base;
	u64 length;
	enum boot_mem_type type;
};

struct boot_module {
	paddr_t start;
	paddr_t end;		/* exclusive */
	const char *cmdline;	/* points into the boot info blob */
};

struct boot_framebuffer {
	bool present;
	paddr_t addr;
	u32 pitch, width, height;
	u8 bpp;
	u8 type;		/* 0 indexed, 1 RGB, 2 EGA text */
};

struct boot_info {
	paddr_t info_phys;	/* the blob itself, to be reserved */
	u32 info_size;
	const char *cmdline;	/* "" when the tag is absent */
	const char *loader_name;
	struct boot_mem_region mmap[BOOT_MMAP_MAX];
	u32 mmap_count;
	bool mmap_from_efi;	/* built from the EFI memory map tag */
	struct boot_module modules[BOOT_MODULES_MAX];
	u32 module_count;
	struct boot_framebuffer framebuffer;
	u8 rsdp[BOOT_RSDP_MAX];	/* copy of the ACPI RSDP */
	u8 rsdp_revision;	/* 0: none; 1: ACPI 1.0 tag; 2: 2.0+ tag */
	bool efi_boot;		/* an EFI system table tag was present */
};

/**
 * multiboot2_parse - fill @bi from the boot information at @info.
 * @magic: EAX at entry; must be MULTIBOOT2_BOOTLOADER_MAGIC
 * @info: the boot information blob (mapped)
 * @info_phys: its physical address, recorded in @bi
 * @bi: the result
 * @err: on failure, a message naming what is missing or malformed
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL with @err set.
 */
int multiboot2_parse(u32 magic, const void *info, paddr_t info_phys,
		     struct boot_info *bi, char *err, size_t errlen);

void multiboot2_print(const struct boot_info *bi);

#endif
