// SPDX-License-Identifier: MIT
/*
 * multiboot2_parse() against forged boot information blobs: a BIOS-style
 * and an EFI-style boot, each optional tag, and every way a blob can be
 * malformed. Pure logic: runs on the host and at boot alike. Blobs are
 * built at the end of a static buffer so that, on the host, ASan catches
 * a read past total_size.
 */
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "lib/errno.h"
#include "lib/string.h"

#define BLOB_WORDS	2048		/* 16 KiB, 8-byte aligned */
#define MB2_MAGIC	MULTIBOOT2_BOOTLOADER_MAGIC
#define MiB		0x100000ULL

struct blob {
	u8 bytes[BLOB_WORDS * 8];
	u32 len;
};

/* Static: struct boot_info and the blob are too big for a boot stack. */
static struct blob blob;
static struct boot_info bi;
static u64 placed[BLOB_WORDS];
static char err[160];

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

/* Start a new blob and forget the last parse. */
static void blob_reset(void)
{
	memset(&blob, 0, sizeof(blob));
	memset(&bi, 0, sizeof(bi));
	memset(err, 0, sizeof(err));
	blob.len = 8;
}

/* Append a tag of @size bytes (header included); return it for filling. */
static u8 *blob_tag(u32 type, u32 size)
{
	u8 *tag = blob.bytes + blob.len;

	put32(tag, type);
	put32(tag + 4, size);
	blob.len += ALIGN_UP(size, 8);
	return tag;
}

static void blob_string(u32 type, const char *s)
{
	u32 n = (u32)strlen(s) + 1;

	memcpy(blob_tag(type, 8 + n) + 8, s, n);
}

static void blob_mmap(const u64 (*e)[3], u32 n)
{
	u8 *tag = blob_tag(6, 16 + 24 * n);

	put32(tag + 8, 24);
	put32(tag + 12, 0);
	for (u32 i = 0; i < n; i++) {
		put64(tag + 16 + 24 * i, e[i][0]);
		put64(tag + 24 + 24 * i, e[i][1]);
		put32(tag + 32 + 24 * i, (u32)e[i][2]);
	}
}

/* EFI descriptors {type, base, pages}, 48 bytes apart as OVMF lays them. */
static void blob_efi_mmap(const u64 (*d)[3], u32 n)
{
	u8 *tag = blob_tag(17, 16 + 48 * n);

	put32(tag + 8, 48);
	put32(tag + 12, 1);
	for (u32 i = 0; i < n; i++) {
		u8 *desc = tag + 16 + 48 * i;

		put32(desc, (u32)d[i][0]);
		put64(desc + 8, d[i][1]);
		put64(desc + 24, d[i][2]);
	}
}

static void blob_rsdp(u32 type, u8 revision, const char *oem)
{
	u32 len = type == 14 ? 20 : 36;
	u8 *r = blob_tag(type, 8 + len) + 8;

	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, oem, 6);
	r[15] = revision;
}

static void blob_end(void)
{
	blob_tag(0, 8);
	put32(blob.bytes, blob.len);
}

/* Parse the blob as a loader at 0x10000 would hand it over. */
static int blob_parse(u32 magic)
{
	u32 total, room;
	u8 *at;

	/* Room for what the blob claims (at least its header) and for
	 * what was built; nothing after it. */
	memcpy(&total, blob.bytes, 4);
	room = ALIGN_UP(MAX(MAX(total, blob.len), 8U), 8U);
	room = MIN(room, (u32)sizeof(placed));
	at = (u8 *)placed + sizeof(placed) - room;
	memcpy(at, blob.bytes, room);
	return multiboot2_parse(magic, at, 0x10000, &bi, err, sizeof(err));
}

static void blob_bios_basics(void)
{
	static const u64 e820[][3] = {
		{ 0, 0x9fc00, 1 },
		{ 0x9fc00, 0x400, 2 },
		{ 0xf0000, 0x10000, 2 },
		{ MiB, 127 * MiB, 1 },
		{ 0xfeffc000, 0x4000, 12 },	/* e820 PRAM: not RAM for us */
	};

	blob_string(1, "loglevel=7 ktest.seed=3");
	blob_string(2, "GRUB 2.06-13+deb12u1");
	put32(blob_tag(4, 16) + 8, 639);
	blob_mmap(e820, ARRAY_SIZE(e820));
}

/* A failure must name its cause: @what appears in the message. */
static void expect_einval(struct ktest *t, const char *what)
{
	int ret;

	blob_end();
	ret = blob_parse(MB2_MAGIC);
	KTEST_EXPECT_EQ(t, ret, -EINVAL);
	if (!strstr(err, what))
		KTEST_FAIL(t, "error \"%s\" does not mention \"%s\"", err, what);
}

/* BIOS boot: cmdline, loader, meminfo, e820 map and ACPI 1.0 RSDP all
 * land in boot_info; e820 types above 5 read as reserved. */
static void multiboot2_bios_boot(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	blob_rsdp(14, 0, "BOCHS ");
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT_STREQ(t, bi.cmdline, "loglevel=7 ktest.seed=3");
	KTEST_EXPECT_STREQ(t, bi.loader_name, "GRUB 2.06-13+deb12u1");
	KTEST_EXPECT(t, bi.meminfo_present);
	KTEST_EXPECT_EQ(t, bi.mem_lower_kib, 639);
	KTEST_EXPECT_EQ(t, bi.info_phys, 0x10000);
	KTEST_EXPECT_EQ(t, bi.info_size, blob.len);
	KTEST_ASSERT_EQ(t, bi.mmap_count, 5);
	KTEST_EXPECT(t, !bi.mmap_from_efi);
	KTEST_EXPECT_EQ(t, bi.mmap[3].base, MiB);
	KTEST_EXPECT_EQ(t, bi.mmap[3].length, 127 * MiB);
	KTEST_EXPECT_EQ(t, bi.mmap[3].type, BOOT_MEM_USABLE);
	KTEST_EXPECT_EQ(t, bi.mmap[1].type, BOOT_MEM_RESERVED);
	KTEST_EXPECT_EQ(t, bi.mmap[4].type, BOOT_MEM_RESERVED);
	KTEST_EXPECT_EQ(t, bi.rsdp_revision, 1);
	KTEST_EXPECT(t, !memcmp(bi.rsdp, "RSD PTR ", 8));
	KTEST_EXPECT(t, !memcmp(bi.rsdp + 9, "BOCHS ", 6));
	KTEST_EXPECT(t, !bi.efi_boot);
	KTEST_EXPECT_EQ(t, bi.module_count, 0);
	KTEST_EXPECT(t, !bi.framebuffer.present);
}

/*
 * EFI boot with only the EFI memory map: descriptors convert to e820
 * types and contiguous ones of the same type merge:
 *
 *   0x0      LoaderCode 1p | Conventional 159p   -> usable 0..0xa0000
 *   1 MiB    BootServicesData 16p | Conventional -> usable 1 MiB..64 MiB
 *   64 MiB   RuntimeServicesData                 -> reserved
 *   ...      ACPIReclaim, ACPINVS, MMIO, Unusable
 */
static void multiboot2_efi_boot(struct ktest *t)
{
	static const u64 efi[][3] = {
		{ 1, 0, 1 }, { 7, 0x1000, 159 },
		{ 4, MiB, 16 }, { 7, MiB + 0x10000, (63 * MiB - 0x10000) >> 12 },
		{ 6, 64 * MiB, 4 },
		{ 9, 64 * MiB + 0x4000, 1 },
		{ 10, 64 * MiB + 0x5000, 1 },
		{ 11, 0xffc00000, 1024 },
		{ 8, 0x100000000ULL, 1 },
	};

	blob_reset();
	blob_string(2, "GRUB 2.06");
	put64(blob_tag(12, 16) + 8, 0x7f9ee018);
	blob_efi_mmap(efi, ARRAY_SIZE(efi));
	blob_rsdp(15, 2, "OVMF  ");
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT(t, bi.efi_boot);
	KTEST_EXPECT_EQ(t, bi.efi_bits, 64);
	KTEST_EXPECT_EQ(t, bi.efi_system_table, 0x7f9ee018);
	KTEST_EXPECT(t, !bi.efi_boot_services);
	KTEST_EXPECT(t, bi.mmap_from_efi);
	KTEST_EXPECT_EQ(t, bi.efi_mmap_count, ARRAY_SIZE(efi));
	KTEST_EXPECT_STREQ(t, bi.cmdline, "");
	KTEST_ASSERT_EQ(t, bi.mmap_count, 7);
	KTEST_EXPECT_EQ(t, bi.mmap[0].base, 0);
	KTEST_EXPECT_EQ(t, bi.mmap[0].length, 0xa0000);
	KTEST_EXPECT_EQ(t, bi.mmap[0].type, BOOT_MEM_USABLE);
	KTEST_EXPECT_EQ(t, bi.mmap[1].base, MiB);
	KTEST_EXPECT_EQ(t, bi.mmap[1].length, 63 * MiB);
	KTEST_EXPECT_EQ(t, bi.mmap[1].type, BOOT_MEM_USABLE);
	KTEST_EXPECT_EQ(t, bi.mmap[2].type, BOOT_MEM_RESERVED);
	KTEST_EXPECT_EQ(t, bi.mmap[3].type, BOOT_MEM_ACPI_RECLAIMABLE);
	KTEST_EXPECT_EQ(t, bi.mmap[4].type, BOOT_MEM_ACPI_NVS);
	KTEST_EXPECT_EQ(t, bi.mmap[5].type, BOOT_MEM_RESERVED);
	KTEST_EXPECT_EQ(t, bi.mmap[5].length, 4 * MiB);
	KTEST_EXPECT_EQ(t, bi.mmap[6].type, BOOT_MEM_BAD);
	KTEST_EXPECT_EQ(t, bi.rsdp_revision, 2);
	KTEST_EXPECT_EQ(t, bi.rsdp[15], 2);
}

/* Tag 18 (boot services still running): boot services memory is not
 * ours, so it stays reserved and does not merge with free memory. */
static void multiboot2_efi_boot_services_running(struct ktest *t)
{
	static const u64 efi[][3] = { { 3, MiB, 16 }, { 7, MiB + 0x10000, 16 } };

	blob_reset();
	put32(blob_tag(11, 12) + 8, 0x7f000000);
	blob_efi_mmap(efi, ARRAY_SIZE(efi));
	blob_tag(18, 8);
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT(t, bi.efi_boot_services);
	KTEST_EXPECT_EQ(t, bi.efi_bits, 32);
	KTEST_ASSERT_EQ(t, bi.mmap_count, 2);
	KTEST_EXPECT_EQ(t, bi.mmap[0].type, BOOT_MEM_RESERVED);
	KTEST_EXPECT_EQ(t, bi.mmap[1].type, BOOT_MEM_USABLE);
}

/* Both map tags (what GRUB gives under UEFI): tag 6 is used, whichever
 * comes first, and the EFI map is only counted. */
static void multiboot2_mmap_tag_preferred_over_efi(struct ktest *t)
{
	static const u64 efi[][3] = { { 7, 0, 16 } };
	static const u64 e820[][3] = { { 0, 0x9f000, 1 } };

	blob_reset();
	blob_efi_mmap(efi, 1);
	blob_mmap(e820, 1);
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT(t, !bi.mmap_from_efi);
	KTEST_EXPECT_EQ(t, bi.efi_mmap_count, 1);
	KTEST_ASSERT_EQ(t, bi.mmap_count, 1);
	KTEST_EXPECT_EQ(t, bi.mmap[0].length, 0x9f000);
}

static void blob_module(u32 start, u32 end, const char *name)
{
	u32 n = (u32)strlen(name) + 1;
	u8 *tag = blob_tag(3, 16 + n);

	put32(tag + 8, start);
	put32(tag + 12, end);
	memcpy(tag + 16, name, n);
}

/* Two modules keep their order, ranges and strings; the seventeenth and
 * later are counted as dropped, not an error. */
static void multiboot2_modules(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	blob_module(0x200000, 0x280000, "initrd");
	blob_module(0x280000, 0x280400, "");
	for (int i = 0; i < BOOT_MODULES_MAX; i++)
		blob_module(0x300000, 0x301000, "extra");
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT_EQ(t, bi.module_count, BOOT_MODULES_MAX);
	KTEST_EXPECT_EQ(t, bi.modules_dropped, 2);
	KTEST_EXPECT_EQ(t, bi.modules[0].start, 0x200000);
	KTEST_EXPECT_EQ(t, bi.modules[0].end, 0x280000);
	KTEST_EXPECT_STREQ(t, bi.modules[0].cmdline, "initrd");
	KTEST_EXPECT_STREQ(t, bi.modules[1].cmdline, "");
	KTEST_EXPECT_STREQ(t, bi.modules[15].cmdline, "extra");
}

/* An RGB framebuffer tag fills every field, colour layout included. */
static void multiboot2_framebuffer(struct ktest *t)
{
	static const u8 rgb[6] = { 16, 8, 8, 8, 0, 8 };
	u8 *tag;

	blob_reset();
	blob_bios_basics();
	tag = blob_tag(8, 38);
	put64(tag + 8, 0xfd000000);
	put32(tag + 16, 4096);
	put32(tag + 20, 1024);
	put32(tag + 24, 768);
	tag[28] = 32;
	tag[29] = 1;
	memcpy(tag + 32, rgb, sizeof(rgb));
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT(t, bi.framebuffer.present);
	KTEST_EXPECT_EQ(t, bi.framebuffer.addr, 0xfd000000);
	KTEST_EXPECT_EQ(t, bi.framebuffer.pitch, 4096);
	KTEST_EXPECT_EQ(t, bi.framebuffer.width, 1024);
	KTEST_EXPECT_EQ(t, bi.framebuffer.height, 768);
	KTEST_EXPECT_EQ(t, bi.framebuffer.bpp, 32);
	KTEST_EXPECT_EQ(t, bi.framebuffer.type, 1);
	KTEST_EXPECT_EQ(t, bi.framebuffer.red_pos, 16);
	KTEST_EXPECT_EQ(t, bi.framebuffer.blue_size, 8);
}

/* ACPI 2.0 RSDP wins over 1.0 in either order; load base is recorded;
 * unknown and ignored tags (ELF sections, type 99) are skipped. */
static void multiboot2_acpi_new_wins_and_misc_tags(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	blob_rsdp(15, 2, "NEWOEM");
	blob_tag(99, 13);
	blob_rsdp(14, 0, "OLDOEM");
	blob_tag(9, 20);
	put32(blob_tag(21, 12) + 8, 0x200000);
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT_EQ(t, bi.rsdp_revision, 2);
	KTEST_EXPECT(t, !memcmp(bi.rsdp + 9, "NEWOEM", 6));
	KTEST_EXPECT(t, bi.load_base_present);
	KTEST_EXPECT_EQ(t, bi.load_base, 0x200000);
}

/* More e820 entries than BOOT_MMAP_MAX: the first 256 are kept and the
 * rest counted, so the loss is visible in the boot log. */
static void multiboot2_mmap_overflow_counted(struct ktest *t)
{
	static u64 e820[BOOT_MMAP_MAX + 10][3];

	for (u32 i = 0; i < ARRAY_SIZE(e820); i++) {
		e820[i][0] = i * 2 * 0x1000ULL;
		e820[i][1] = 0x1000;
		e820[i][2] = 1;
	}
	blob_reset();
	blob_mmap(e820, ARRAY_SIZE(e820));
	blob_end();
	KTEST_ASSERT_EQ(t, blob_parse(MB2_MAGIC), 0);
	KTEST_EXPECT_EQ(t, bi.mmap_count, BOOT_MMAP_MAX);
	KTEST_EXPECT_EQ(t, bi.mmap_dropped, 10);
}

/* Wrong EAX: not a multiboot2 boot at all. */
static void multiboot2_bad_magic(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	blob_end();
	KTEST_EXPECT_EQ(t, blob_parse(0x2badb002), -EINVAL);
	KTEST_EXPECT(t, strstr(err, "bad magic 0x2badb002") != NULL);
}

/* total_size below a header plus end tag, or above 1 MiB. */
static void multiboot2_bad_total_size(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	blob_end();
	put32(blob.bytes, 8);
	KTEST_EXPECT_EQ(t, blob_parse(MB2_MAGIC), -EINVAL);
	KTEST_EXPECT(t, strstr(err, "total_size 8") != NULL);
	KTEST_EXPECT_EQ(t, multiboot2_parse(MB2_MAGIC, (u8 *)placed + 4, 0,
					    &bi, err, sizeof(err)), -EINVAL);
	KTEST_EXPECT(t, strstr(err, "not 8-byte aligned") != NULL);
}

/* A tag whose size runs past total_size is truncated. */
static void multiboot2_truncated_tag(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	put32(blob_tag(1, 16) + 4, 4000);
	expect_einval(t, "command line tag (type 1) at offset");
	KTEST_EXPECT(t, strstr(err, "truncated") != NULL);
}

/* A tag too small for its fixed fields, and one smaller than a header. */
static void multiboot2_tag_too_small(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	blob_tag(8, 16);
	expect_einval(t, "framebuffer tag (type 8) at offset");
	blob_reset();
	blob_bios_basics();
	blob_tag(5, 8);
	put32(blob.bytes + blob.len - 4, 4);
	expect_einval(t, "size 4 < 8, the tag header");
}

/* Tags run to total_size with no type-0 tag. */
static void multiboot2_missing_end_tag(struct ktest *t)
{
	blob_reset();
	blob_bios_basics();
	put32(blob.bytes, blob.len);
	KTEST_EXPECT_EQ(t, blob_parse(MB2_MAGIC), -EINVAL);
	KTEST_EXPECT(t, strstr(err, "no end tag") != NULL);
}

/* Neither tag 6 nor tag 17: the kernel cannot know its memory. */
static void multiboot2_no_memory_map(struct ktest *t)
{
	blob_reset();
	blob_string(1, "quiet");
	expect_einval(t, "no memory map");
}

/* e820 entries smaller than the 24 bytes they need; same for EFI. */
static void multiboot2_bad_mmap_entry_size(struct ktest *t)
{
	static const u64 e820[][3] = { { 0, 0x9f000, 1 } };
	static const u64 efi[][3] = { { 7, 0, 16 } };

	blob_reset();
	blob_mmap(e820, 1);
	put32(blob.bytes + 8 + 8, 16);
	expect_einval(t, "entry_size 16, need >= 24");
	blob_reset();
	blob_efi_mmap(efi, 1);
	put32(blob.bytes + 8 + 8, 24);
	expect_einval(t, "descriptor_size 24, need >= 40");
}

/* A string tag with no NUL inside the tag. */
static void multiboot2_unterminated_string(struct ktest *t)
{
	u8 *tag;

	blob_reset();
	blob_bios_basics();
	tag = blob_tag(2, 12);
	memcpy(tag + 8, "GRUB", 4);
	expect_einval(t, "boot loader name tag (type 2): string not NUL-terminated");
	blob_reset();
	blob_bios_basics();
	blob_module(0x200000, 0x100000, "backwards");
	expect_einval(t, "module tag (type 3): end 0x100000 below start");
}

/*
 * Random corruption of a valid blob: flipped bytes and shortened
 * total_size. Whatever the damage, the parser returns 0 or -EINVAL with
 * a message, and (checked by ASan on the host) never reads past the end.
 */
static void multiboot2_fuzz_never_overreads(struct ktest *t)
{
	static struct blob good;
	int fails = 0;

	blob_reset();
	blob_bios_basics();
	blob_module(0x200000, 0x280000, "initrd");
	blob_rsdp(15, 2, "FUZZ  ");
	blob_end();
	good = blob;
	for (int i = 0; i < 2000; i++) {
		int ret;

		blob = good;
		for (int n = 1 + (int)prng_below(&t->rng, 4); n; n--)
			blob.bytes[4 + prng_below(&t->rng, good.len - 4)] =
				(u8)prng_next(&t->rng);
		if (prng_below(&t->rng, 4) == 0)
			put32(blob.bytes, (u32)prng_below(&t->rng, good.len));
		blob.len = 0;
		err[0] = '\0';
		ret = blob_parse(MB2_MAGIC);
		if (ret != 0 && (ret != -EINVAL || !err[0]) && fails++ < 3)
			KTEST_FAIL(t, "round %d: ret %d, err \"%s\"", i, ret,
				   err);
	}
}

KTEST_SUITE(multiboot2,
	KTEST_CASE(multiboot2_bios_boot),
	KTEST_CASE(multiboot2_efi_boot),
	KTEST_CASE(multiboot2_efi_boot_services_running),
	KTEST_CASE(multiboot2_mmap_tag_preferred_over_efi),
	KTEST_CASE(multiboot2_modules),
	KTEST_CASE(multiboot2_framebuffer),
	KTEST_CASE(multiboot2_acpi_new_wins_and_misc_tags),
	KTEST_CASE(multiboot2_mmap_overflow_counted),
	KTEST_CASE(multiboot2_bad_magic),
	KTEST_CASE(multiboot2_bad_total_size),
	KTEST_CASE(multiboot2_truncated_tag),
	KTEST_CASE(multiboot2_tag_too_small),
	KTEST_CASE(multiboot2_missing_end_tag),
	KTEST_CASE(multiboot2_no_memory_map),
	KTEST_CASE(multiboot2_bad_mmap_entry_size),
	KTEST_CASE(multiboot2_unterminated_string),
	KTEST_CASE(multiboot2_fuzz_never_overreads));
