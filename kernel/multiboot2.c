// SPDX-License-Identifier: MIT
/*
 * Multiboot2 boot information parser. The blob is a header (total_size,
 * reserved) followed by 8-byte-aligned tags { u32 type; u32 size; ... },
 * ending with a tag of type 0. The parser walks it once, checking every
 * size against the blob before reading through it, and fills struct
 * boot_info; nobody else ever walks tags.
 *
 * Invariant: no byte outside [info, info + total_size) is read, and no
 * tag is read past its own size, whatever the blob claims; a blob that
 * would need either is rejected with a message naming the tag.
 */
#include <stdarg.h>
#include "kernel/multiboot2.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "lib/unaligned.h"

#define MB2_INFO_MAX		(1024 * 1024)	/* sanity bound, not the spec's */
#define MB2_HEADER_SIZE		8
#define MB2_MMAP_ENTRY_MIN	24	/* u64 base, length; u32 type, zero */
#define MB2_EFI_DESC_MIN	40	/* EFI_MEMORY_DESCRIPTOR */
#define MB2_RSDP_V1_SIZE	20
#define EFI_PAGE_SHIFT		12

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18,
	MB2_TAG_LOAD_BASE = 21,
};

/* The tags we read, with the smallest size that holds their fixed part. */
static const struct mb2_tag_rule {
	u32 type;
	u32 min_size;
	const char *name;
} mb2_tag_rules[] = {
	{ MB2_TAG_CMDLINE, 9, "command line" },
	{ MB2_TAG_LOADER_NAME, 9, "boot loader name" },
	{ MB2_TAG_MODULE, 17, "module" },
	{ MB2_TAG_BASIC_MEMINFO, 16, "basic memory info" },
	{ MB2_TAG_MMAP, 16, "memory map" },
	{ MB2_TAG_FRAMEBUFFER, 30, "framebuffer" },
	{ MB2_TAG_EFI32, 12, "EFI 32-bit system table" },
	{ MB2_TAG_EFI64, 16, "EFI 64-bit system table" },
	{ MB2_TAG_ACPI_OLD, 8 + MB2_RSDP_V1_SIZE, "ACPI old RSDP" },
	{ MB2_TAG_ACPI_NEW, 8 + MB2_RSDP_V1_SIZE, "ACPI new RSDP" },
	{ MB2_TAG_EFI_MMAP, 16, "EFI memory map" },
	{ MB2_TAG_EFI_BS, 8, "EFI boot services not terminated" },
	{ MB2_TAG_LOAD_BASE, 12, "image load base" },
};

struct mb2_parser {
	const u8 *blob;
	u32 total;
	struct boot_info *bi;
	char *err;
	size_t errlen;
	const u8 *mmap;		/* the memory map tags, decoded last */
	const u8 *efi_mmap;
};

static const struct boot_info *multiboot2_current;

static __printf(2, 3) int mb2_fail(struct mb2_parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const struct mb2_tag_rule *mb2_rule(u32 type)
{
	for (size_t i = 0; i < ARRAY_SIZE(mb2_tag_rules); i++)
		if (mb2_tag_rules[i].type == type)
			return &mb2_tag_rules[i];
	return NULL;
}

/* The NUL-terminated string at @offset in @tag, or NULL with @err set. */
static const char *mb2_string(struct mb2_parser *p, const u8 *tag,
			      u32 offset)
{
	u32 size = get_unaligned_le32(tag + 4);
	const struct mb2_tag_rule *r = mb2_rule(get_unaligned_le32(tag));

	if (!memchr(tag + offset, '\0', size - offset)) {
		mb2_fail(p, "%s tag (type %u): string not NUL-terminated in its %u bytes",
			 r->name, r->type, size);
		return NULL;
	}
	return (const char *)(tag + offset);
}

static void mb2_mmap_add(struct boot_info *bi, paddr_t base, u64 length,
			 enum boot_mem_type type, bool coalesce)
{
	struct boot_mem_region *last;

	if (!length)
		return;
	last = bi->mmap_count ? &bi->mmap[bi->mmap_count - 1] : NULL;
	if (coalesce && last && last->type == type &&
	    last->base + last->length == base) {
		last->length += length;
		return;
	}
	if (bi->mmap_count == BOOT_MMAP_MAX) {
		bi->mmap_dropped++;
		return;
	}
	bi->mmap[bi->mmap_count++] = (struct boot_mem_region){
		.base = base, .length = length, .type = type };
}

static int mb2_parse_mmap(struct mb2_parser *p, const u8 *tag)
{
	u32 size = get_unaligned_le32(tag + 4);
	u32 entry_size = get_unaligned_le32(tag + 8);

	if (entry_size < MB2_MMAP_ENTRY_MIN)
		return mb2_fail(p, "memory map tag (type 6): entry_size %u, need >= %u",
				entry_size, MB2_MMAP_ENTRY_MIN);
	for (u32 off = 16; off + entry_size <= size; off += entry_size) {
		u64 base = get_unaligned_le64(tag + off);
		u64 length = get_unaligned_le64(tag + off + 8);
		u32 type = get_unaligned_le32(tag + off + 16);

		if (base + length < base)
			return mb2_fail(p, "memory map tag (type 6): entry 0x%llx+0x%llx wraps",
					(unsigned long long)base,
					(unsigned long long)length);
		/* e820 types above 5 (PRAM, PMEM...) are not RAM for us. */
		if (type < BOOT_MEM_USABLE || type > BOOT_MEM_BAD)
			type = BOOT_MEM_RESERVED;
		mb2_mmap_add(p->bi, base, length, type, false);
	}
	return 0;
}

/* EFI memory types, as the UEFI specification numbers them. */
static enum boot_mem_type mb2_efi_type(u32 efi_type, bool boot_services)
{
	switch (efi_type) {
	case 1:		/* EfiLoaderCode */
	case 2:		/* EfiLoaderData */
	case 7:		/* EfiConventionalMemory */
		return BOOT_MEM_USABLE;
	case 3:		/* EfiBootServicesCode */
	case 4:		/* EfiBootServicesData */
		/* Free once boot services are exited, which GRUB does
		 * unless it says otherwise with tag 18. */
		return boot_services ? BOOT_MEM_RESERVED : BOOT_MEM_USABLE;
	case 8:		/* EfiUnusableMemory */
		return BOOT_MEM_BAD;
	case 9:		/* EfiACPIReclaimMemory */
		return BOOT_MEM_ACPI_RECLAIMABLE;
	case 10:	/* EfiACPIMemoryNVS */
		return BOOT_MEM_ACPI_NVS;
	default:	/* runtime services, MMIO, PAL, persistent, unaccepted */
		return BOOT_MEM_RESERVED;
	}
}

static int mb2_parse_efi_mmap(struct mb2_parser *p, const u8 *tag)
{
	u32 size = get_unaligned_le32(tag + 4);
	u32 desc_size = get_unaligned_le32(tag + 8);

	if (desc_size < MB2_EFI_DESC_MIN)
		return mb2_fail(p, "EFI memory map tag (type 17): descriptor_size %u, need >= %u",
				desc_size, MB2_EFI_DESC_MIN);
	for (u32 off = 16; off + desc_size <= size; off += desc_size) {
		u32 type = get_unaligned_le32(tag + off);
		u64 base = get_unaligned_le64(tag + off + 8);
		u64 pages = get_unaligned_le64(tag + off + 24);
		u64 length = pages << EFI_PAGE_SHIFT;

		if (pages > (UINT64_MAX >> EFI_PAGE_SHIFT) ||
		    base + length < base)
			return mb2_fail(p, "EFI memory map tag (type 17): 0x%llx+%llu pages wraps",
					(unsigned long long)base,
					(unsigned long long)pages);
		/* EFI maps come in many small pieces: merge neighbours. */
		mb2_mmap_add(p->bi, base, length,
			     mb2_efi_type(type, p->bi->efi_boot_services),
			     true);
	}
	return 0;
}

static int mb2_parse_module(struct mb2_parser *p, const u8 *tag)
{
	u32 start = get_unaligned_le32(tag + 8);
	u32 end = get_unaligned_le32(tag + 12);
	const char *name = mb2_string(p, tag, 16);
	struct boot_info *bi = p->bi;

	if (!name)
		return -EINVAL;
	if (end < start)
		return mb2_fail(p, "module tag (type 3): end 0x%x below start 0x%x",
				end, start);
	if (bi->module_count == BOOT_MODULES_MAX) {
		bi->modules_dropped++;
		return 0;
	}
	bi->modules[bi->module_count++] = (struct boot_module){
		.start = start, .end = end, .cmdline = name };
	return 0;
}

static void mb2_parse_framebuffer(struct mb2_parser *p, const u8 *tag)
{
	struct boot_framebuffer *fb = &p->bi->framebuffer;

	fb->present = true;
	fb->addr = get_unaligned_le64(tag + 8);
	fb->pitch = get_unaligned_le32(tag + 16);
	fb->width = get_unaligned_le32(tag + 20);
	fb->height = get_unaligned_le32(tag + 24);
	fb->bpp = tag[28];
	fb->type = tag[29];
	/* GRUB's layout: a u16 reserved, then the colour info at 32. */
	if (fb->type == 1 && get_unaligned_le32(tag + 4) >= 38) {
		fb->red_pos = tag[32];
		fb->red_size = tag[33];
		fb->green_pos = tag[34];
		fb->green_size = tag[35];
		fb->blue_pos = tag[36];
		fb->blue_size = tag[37];
	}
}

static void mb2_parse_rsdp(struct mb2_parser *p, const u8 *tag, u8 revision)
{
	u32 len = MIN(get_unaligned_le32(tag + 4) - 8, (u32)BOOT_RSDP_MAX);

	if (p->bi->rsdp_revision > revision)	/* the 2.0 copy wins */
		return;
	memset(p->bi->rsdp, 0, sizeof(p->bi->rsdp));
	memcpy(p->bi->rsdp, tag + 8, len);
	p->bi->rsdp_revision = revision;
}

/* Decode one tag whose size has been checked against the blob. */
static int mb2_parse_tag(struct mb2_parser *p, const u8 *tag, u32 type)
{
	struct boot_info *bi = p->bi;

	switch (type) {
	case MB2_TAG_CMDLINE:
		bi->cmdline = mb2_string(p, tag, 8);
		return bi->cmdline ? 0 : -EINVAL;
	case MB2_TAG_LOADER_NAME:
		bi->loader_name = mb2_string(p, tag, 8);
		return bi->loader_name ? 0 : -EINVAL;
	case MB2_TAG_MODULE:
		return mb2_parse_module(p, tag);
	case MB2_TAG_BASIC_MEMINFO:
		bi->meminfo_present = true;
		bi->mem_lower_kib = get_unaligned_le32(tag + 8);
		bi->mem_upper_kib = get_unaligned_le32(tag + 12);
		return 0;
	case MB2_TAG_MMAP:
		p->mmap = tag;
		return 0;
	case MB2_TAG_FRAMEBUFFER:
		mb2_parse_framebuffer(p, tag);
		return 0;
	case MB2_TAG_EFI32:
	case MB2_TAG_EFI64:
		bi->efi_boot = true;
		bi->efi_bits = type == MB2_TAG_EFI32 ? 32 : 64;
		bi->efi_system_table = type == MB2_TAG_EFI32 ?
				       get_unaligned_le32(tag + 8) :
				       get_unaligned_le64(tag + 8);
		return 0;
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		mb2_parse_rsdp(p, tag, type == MB2_TAG_ACPI_OLD ? 1 : 2);
		return 0;
	case MB2_TAG_EFI_MMAP:
		p->efi_mmap = tag;
		return 0;
	case MB2_TAG_EFI_BS:
		bi->efi_boot_services = true;
		return 0;
	case MB2_TAG_LOAD_BASE:
		bi->load_base_present = true;
		bi->load_base = get_unaligned_le32(tag + 8);
		return 0;
	default:	/* ELF sections, APM, SMBIOS...: not needed */
		return 0;
	}
}

/* Walk the tags up to the end tag, checking each size before use. */
static int mb2_walk(struct mb2_parser *p)
{
	u32 off = MB2_HEADER_SIZE;

	while ((u64)off + 8 <= p->total) {
		const u8 *tag = p->blob + off;
		u32 type = get_unaligned_le32(tag);
		u32 size = get_unaligned_le32(tag + 4);
		const struct mb2_tag_rule *r = mb2_rule(type);
		int err;

		if (size < 8)
			return mb2_fail(p, "tag type %u at offset %u: size %u < 8, the tag header",
					type, off, size);
		if ((u64)off + size > p->total)
			return mb2_fail(p, "%s tag (type %u) at offset %u truncated: size %u runs past total_size %u",
					r ? r->name : "unknown", type, off,
					size, p->total);
		if (type == MB2_TAG_END)
			return 0;
		if (r && size < r->min_size)
			return mb2_fail(p, "%s tag (type %u) at offset %u truncated: size %u, need >= %u",
					r->name, type, off, size,
					r->min_size);
		err = mb2_parse_tag(p, tag, type);
		if (err)
			return err;
		off += ALIGN_UP(size, 8);
	}
	return mb2_fail(p, "no end tag (type 0) within total_size %u",
			p->total);
}

/**
 * multiboot2_parse - fill @bi from the boot information at @info.
 * @magic: EAX at entry; must be MULTIBOOT2_BOOTLOADER_MAGIC
 * @info: the boot information blob (mapped), 8-byte aligned
 * @info_phys: its physical address, recorded in @bi
 * @bi: the result; its strings point into @info
 * @err: on failure, a message naming what is missing or malformed
 * @errlen: size of @err
 *
 * The memory map comes from tag 6 when present, else from the EFI
 * memory map (tag 17, with mmap_from_efi set); one of them is required.
 *
 * Context: any; pure: reads only @info and writes only @bi and @err.
 * Return: 0, or -EINVAL with @err set.
 */
int multiboot2_parse(u32 magic, const void *info, paddr_t info_phys,
		     struct boot_info *bi, char *err, size_t errlen)
{
	struct mb2_parser p = { .blob = info, .bi = bi, .err = err,
				.errlen = errlen };
	int ret;

	memset(bi, 0, sizeof(*bi));
	bi->cmdline = "";
	bi->loader_name = "";
	bi->info_phys = info_phys;
	if (magic != MULTIBOOT2_BOOTLOADER_MAGIC)
		return mb2_fail(&p, "bad magic 0x%x (expected 0x%x): not a multiboot2 boot",
				magic, MULTIBOOT2_BOOTLOADER_MAGIC);
	if (!info || !IS_ALIGNED((uintptr_t)info, 8))
		return mb2_fail(&p, "boot information at %p not 8-byte aligned",
				info);
	p.total = get_unaligned_le32(p.blob);
	bi->info_size = p.total;
	if (p.total < MB2_HEADER_SIZE + 8 || p.total > MB2_INFO_MAX)
		return mb2_fail(&p, "total_size %u is not in [16, %u]", p.total,
				MB2_INFO_MAX);
	ret = mb2_walk(&p);
	if (ret)
		return ret;
	if (p.efi_mmap)
		bi->efi_mmap_count = (get_unaligned_le32(p.efi_mmap + 4) - 16) /
			MAX(get_unaligned_le32(p.efi_mmap + 8), 1U);
	if (p.mmap)
		return mb2_parse_mmap(&p, p.mmap);
	if (p.efi_mmap) {
		bi->mmap_from_efi = true;
		return mb2_parse_efi_mmap(&p, p.efi_mmap);
	}
	return mb2_fail(&p, "no memory map: neither tag 6 (memory map) nor tag 17 (EFI memory map)");
}

static const char *multiboot2_mem_type_name(enum boot_mem_type type)
{
	switch (type) {
	case BOOT_MEM_USABLE: return "usable";
	case BOOT_MEM_ACPI_RECLAIMABLE: return "ACPI data";
	case BOOT_MEM_ACPI_NVS: return "ACPI NVS";
	case BOOT_MEM_BAD: return "unusable";
	default: return "reserved";
	}
}

static void multiboot2_print_mmap(const struct boot_info *bi)
{
	u64 usable = 0;

	pr_info("%s-provided physical RAM map (%s):\n",
		bi->efi_boot ? "EFI" : "BIOS", bi->mmap_from_efi ?
		"converted from the EFI memory map tag" :
		"multiboot2 memory map tag");
	for (u32 i = 0; i < bi->mmap_count; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];

		pr_info(" BIOS-e820: [mem 0x%016llx-0x%016llx] %s\n",
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->length - 1),
			multiboot2_mem_type_name(r->type));
		if (r->type == BOOT_MEM_USABLE)
			usable += r->length;
	}
	if (bi->mmap_dropped)
		pr_warn("boot: memory map: %u entries beyond %u dropped\n",
			bi->mmap_dropped, BOOT_MMAP_MAX);
	pr_info("boot: %llu KiB usable in %u regions%s\n",
		(unsigned long long)(usable >> 10), bi->mmap_count,
		bi->efi_mmap_count && !bi->mmap_from_efi ?
		" (EFI memory map tag present, not needed)" : "");
}

static void multiboot2_print_rsdp(const struct boot_info *bi)
{
	const u8 *r = bi->rsdp;	/* ACPI: signature, checksum, OEM id... */
	char xsdt_text[32] = "";
	u32 rsdt;
	u64 xsdt;

	if (!bi->rsdp_revision) {
		pr_info("ACPI: no RSDP from the boot loader\n");
		return;
	}
	memcpy(&rsdt, r + 16, sizeof(rsdt));
	memcpy(&xsdt, r + 24, sizeof(xsdt));
	if (bi->rsdp_revision == 2)
		snprintf(xsdt_text, sizeof(xsdt_text), " XSDT 0x%016llx",
			 (unsigned long long)xsdt);
	pr_info("ACPI: RSDP from tag %u (%s): revision %u, OEM '%.6s'%s, RSDT 0x%08x%s\n",
		bi->rsdp_revision == 1 ? 14 : 15,
		bi->rsdp_revision == 1 ? "ACPI 1.0" : "ACPI 2.0+", r[15],
		(const char *)r + 9,
		memcmp(r, "RSD PTR ", 8) ? " (bad signature)" : "", rsdt,
		xsdt_text);
}

/**
 * multiboot2_print - log the boot information, Linux style.
 * @bi: a successfully parsed boot information
 *
 * Context: any; only printk.
 */
void multiboot2_print(const struct boot_info *bi)
{
	pr_info("boot: multiboot2 info at 0x%llx, %u bytes, from '%s'\n",
		(unsigned long long)bi->info_phys, bi->info_size,
		bi->loader_name);
	pr_info("boot: command line: '%s'\n", bi->cmdline);
	if (bi->efi_boot)
		pr_info("boot: EFI boot, %u-bit system table at 0x%llx, boot services %s\n",
			bi->efi_bits, (unsigned long long)bi->efi_system_table,
			bi->efi_boot_services ? "still running" : "exited");
	else
		pr_info("boot: BIOS boot\n");
	if (bi->load_base_present)
		pr_info("boot: image loaded at 0x%llx\n",
			(unsigned long long)bi->load_base);
	if (bi->meminfo_present)
		pr_info("boot: basic meminfo: lower %u KiB, upper %u KiB\n",
			bi->mem_lower_kib, bi->mem_upper_kib);
	multiboot2_print_mmap(bi);
	for (u32 i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];

		pr_info("boot: module %u: [mem 0x%016llx-0x%016llx] %llu bytes '%s'\n",
			i, (unsigned long long)m->start,
			(unsigned long long)(m->end > m->start ? m->end - 1
							      : m->start),
			(unsigned long long)(m->end - m->start), m->cmdline);
	}
	if (bi->modules_dropped)
		pr_warn("boot: %u modules beyond %u dropped\n",
			bi->modules_dropped, BOOT_MODULES_MAX);
	if (bi->framebuffer.present)
		pr_info("boot: framebuffer %ux%u, %u bpp, type %u, pitch %u, at 0x%llx\n",
			bi->framebuffer.width, bi->framebuffer.height,
			bi->framebuffer.bpp, bi->framebuffer.type,
			bi->framebuffer.pitch,
			(unsigned long long)bi->framebuffer.addr);
	multiboot2_print_rsdp(bi);
}

/**
 * multiboot2_set_boot_info - publish this boot's parsed information.
 * @bi: the result of a successful multiboot2_parse(); must stay valid
 *
 * Context: boot, single-threaded, before anyone calls
 * multiboot2_boot_info().
 */
void multiboot2_set_boot_info(const struct boot_info *bi)
{
	multiboot2_current = bi;
}

/**
 * multiboot2_boot_info - the boot information of this boot.
 *
 * Context: any.
 * Return: what multiboot2_set_boot_info() published, or NULL.
 */
const struct boot_info *multiboot2_boot_info(void)
{
	return multiboot2_current;
}
