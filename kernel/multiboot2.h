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
	u8 red_pos, red_size;	/* RGB only: bit position and width */
	u8 green_pos, green_size;
	u8 blue_pos, blue_size;
};

/*
 * Everything the boot loader told us. Strings point into the boot
 * information blob, which therefore stays mapped and reserved
 * (info_phys, info_size) for as long as they are used.
 */
struct boot_info {
	paddr_t info_phys;	/* the blob itself, to be reserved */
	u32 info_size;
	const char *cmdline;	/* "" when the tag is absent */
	const char *loader_name; /* "" when the tag is absent */
	bool meminfo_present;	/* tag 4: BIOS lower/upper memory */
	u32 mem_lower_kib, mem_upper_kib;
	struct boot_mem_region mmap[BOOT_MMAP_MAX];
	u32 mmap_count;
	u32 mmap_dropped;	/* entries beyond BOOT_MMAP_MAX, lost */
	bool mmap_from_efi;	/* built from the EFI memory map tag */
	u32 efi_mmap_count;	/* descriptors in tag 17, used or not */
	struct boot_module modules[BOOT_MODULES_MAX];
	u32 module_count;
	u32 modules_dropped;	/* modules beyond BOOT_MODULES_MAX, lost */
	struct boot_framebuffer framebuffer;
	u8 rsdp[BOOT_RSDP_MAX];	/* copy of the ACPI RSDP */
	u8 rsdp_revision;	/* 0: none; 1: ACPI 1.0 tag; 2: 2.0+ tag */
	bool efi_boot;		/* an EFI system table tag was present */
	u8 efi_bits;		/* 32 or 64: which system table tag */
	paddr_t efi_system_table;
	bool efi_boot_services;	/* tag 18: boot services not exited */
	bool load_base_present;	/* tag 21 */
	paddr_t load_base;	/* where the loader put the image */
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

/* The boot information of this boot, once kernel_main() has published
 * it; NULL before (and always in host tests). */
void multiboot2_set_boot_info(const struct boot_info *bi);
const struct boot_info *multiboot2_boot_info(void);

#endif
