// SPDX-License-Identifier: MIT
/*
 * elf_parse() against forged images shaped like our user programs:
 *
 *   file  0x0000 ehdr + 3 phdrs | 0x1000 text (R X) | 0x1e20 data (RW)
 *   mem   0x400000 (R, holds the headers)  0x401000 text
 *         0x402e20 data: 0x40 bytes from the file, memsz 0x2000 (bss)
 *
 * The good image parses to exactly those segments (unaligned data offset
 * kept, AT_PHDR found in the first segment); every malformed variant is
 * -ENOEXEC. Images sit at the end of a buffer, so on the host ASan
 * catches any read past them.
 */
#include "kernel/elf.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

#define IMG_LEN		0x2000
#define NPH		4

static u8 img[IMG_LEN];
static u8 tail[IMG_LEN];
static struct elf_image out;

static struct elf64_ehdr *eh(void)
{
	return (struct elf64_ehdr *)img;
}

static struct elf64_phdr *ph(int i)
{
	return (struct elf64_phdr *)(img + sizeof(struct elf64_ehdr)) + i;
}

static void set_ph(int i, u32 type, u32 flags, u64 off, u64 vaddr,
		   u64 filesz, u64 memsz)
{
	*ph(i) = (struct elf64_phdr){ .p_type = type, .p_flags = flags,
				      .p_offset = off, .p_vaddr = vaddr,
				      .p_paddr = vaddr, .p_filesz = filesz,
				      .p_memsz = memsz, .p_align = 0x1000 };
}

/* The good image of the file comment. */
static void img_reset(void)
{
	memset(img, 0, sizeof(img));
	memcpy(eh()->e_ident, "\x7f" "ELF\x02\x01\x01", 7);
	eh()->e_type = ET_EXEC;
	eh()->e_machine = EM_X86_64;
	eh()->e_version = EV_CURRENT;
	eh()->e_entry = 0x401010;
	eh()->e_phoff = sizeof(struct elf64_ehdr);
	eh()->e_ehsize = sizeof(struct elf64_ehdr);
	eh()->e_phentsize = sizeof(struct elf64_phdr);
	eh()->e_phnum = NPH;
	set_ph(0, PT_LOAD, PF_R, 0, 0x400000, 0x120, 0x120);
	set_ph(1, PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x100, 0x100);
	set_ph(2, PT_LOAD, PF_R | PF_W, 0x1e20, 0x402e20, 0x40, 0x2000);
	set_ph(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

static int parse_len(size_t len)
{
	u8 *p = tail + sizeof(tail) - len;

	memcpy(p, img, len);
	return elf_parse(p, len, &out);
}

static int parse(void)
{
	return parse_len(IMG_LEN);
}

static void elf_good_image(struct ktest *t)
{
	img_reset();
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, out.entry, 0x401010);
	KTEST_EXPECT_EQ(t, out.phdr_addr, 0x400040);
	KTEST_EXPECT_EQ(t, out.phnum, NPH);
	KTEST_EXPECT_EQ(t, out.phent, 56);
	KTEST_EXPECT_EQ(t, out.lo, 0x400000);
	KTEST_EXPECT_EQ(t, out.hi, 0x405000);
	KTEST_ASSERT_EQ(t, out.nseg, 3);
	KTEST_EXPECT_EQ(t, out.seg[0].prot, ELF_PROT_READ);
	KTEST_EXPECT_EQ(t, out.seg[1].prot, ELF_PROT_READ | ELF_PROT_EXEC);
	KTEST_EXPECT_EQ(t, out.seg[2].prot, ELF_PROT_READ | ELF_PROT_WRITE);
	KTEST_EXPECT_EQ(t, out.seg[2].offset, 0x1e20);
	KTEST_EXPECT_EQ(t, out.seg[2].vaddr, 0x402e20);
	KTEST_EXPECT_EQ(t, out.seg[2].filesz, 0x40);
	KTEST_EXPECT_EQ(t, out.seg[2].memsz, 0x2000);
}

/* A segment with memsz 0 is skipped; one without PT_PHDR coverage gives
 * AT_PHDR 0 (optional for the runtime). */
static void elf_optional_bits(struct ktest *t)
{
	img_reset();
	set_ph(3, PT_LOAD, PF_R, 0x1f00, 0x404000, 0, 0);
	KTEST_EXPECT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, out.nseg, 3);
	img_reset();
	set_ph(0, 4 /* PT_NOTE */, PF_R, 0, 0x400000, 0x120, 0x120);
	KTEST_EXPECT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, out.phdr_addr, 0);
}

/* Header-level forgeries, one at a time, each -ENOEXEC. */
static void elf_bad_headers(struct ktest *t)
{
	struct {
		const char *what;
		size_t off;		/* byte to patch */
		u8 val;
	} bytes[] = {
		{ "magic", 1, 'e' },
		{ "class32", 4, 1 },
		{ "big-endian", 5, 2 },
		{ "ident version", 6, 0 },
		{ "ET_DYN", 16, ET_DYN },
		{ "ET_REL", 16, 1 },
		{ "machine i386", 18, 3 },
		{ "e_version", 20, 0 },
		{ "phentsize", 54, 32 },
		{ "phnum 0", 56, 0 },
		{ "phnum 200", 56, 200 },
		{ "phoff past end", 32 + 1, 0x20 },	/* 0x2040 */
		{ "phoff huge", 32 + 7, 0xff },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bytes); i++) {
		img_reset();
		img[bytes[i].off] = bytes[i].val;
		if (!KTEST_EXPECT_EQ(t, parse(), -ENOEXEC))
			ktest_log(t, "accepted: %s", bytes[i].what);
	}
	img_reset();
	KTEST_EXPECT_EQ(t, parse_len(sizeof(struct elf64_ehdr) - 1), -ENOEXEC);
	/* The phdr table cut by the end of the image. */
	KTEST_EXPECT_EQ(t, parse_len(sizeof(struct elf64_ehdr) + 3 * 56),
			-ENOEXEC);
}

/* Segment-level forgeries on the data segment (or as noted). */
static void elf_bad_segments(struct ktest *t)
{
	static const struct {
		const char *what;
		int i;
		u32 type;
		u64 off, vaddr, filesz, memsz;
	} segs[] = {
		{ "PT_INTERP", 3, PT_INTERP, 0x100, 0, 0x10, 0x10 },
		{ "PT_DYNAMIC", 3, PT_DYNAMIC, 0x100, 0x402e20, 0x10, 0x10 },
		{ "filesz > memsz", 2, PT_LOAD, 0x1e20, 0x402e20, 0x41, 0x40 },
		{ "file bytes past end", 2, PT_LOAD, 0x1e20, 0x402e20, 0x1e1,
		  0x2000 },
		{ "offset wraps", 2, PT_LOAD, ~0UL - 0x1df, 0x402e20, 0x200,
		  0x200 },
		{ "vaddr wraps", 2, PT_LOAD, 0x1e20, ~0UL - 0x1df, 0x40,
		  0x1000 },
		{ "above user space", 2, PT_LOAD, 0x1e20, ELF_USER_TOP - 0x1000 + 0xe20,
		  0x40, 0x2000 },
		{ "below mmap_min_addr", 0, PT_LOAD, 0, 0x1000, 0x120, 0x120 },
		{ "offset not congruent", 2, PT_LOAD, 0x1e28, 0x402e20, 0x40,
		  0x40 },
		{ "shares a page", 2, PT_LOAD, 0x1e20, 0x401e20, 0x40, 0x40 },
		{ "out of order", 2, PT_LOAD, 0x1e20, 0x3ffe20, 0x40, 0x40 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(segs); i++) {
		img_reset();
		set_ph(segs[i].i, segs[i].type, PF_R | PF_W, segs[i].off,
		       segs[i].vaddr, segs[i].filesz, segs[i].memsz);
		if (!KTEST_EXPECT_EQ(t, parse(), -ENOEXEC))
			ktest_log(t, "accepted: %s", segs[i].what);
	}
}

/* The entry point must be in an executable segment; no PT_LOAD at all,
 * or more than ELF_MAX_SEGMENTS of them, is refused. */
static void elf_entry_and_counts(struct ktest *t)
{
	img_reset();
	eh()->e_entry = 0x402e30;		/* data: RW, not X */
	KTEST_EXPECT_EQ(t, parse(), -ENOEXEC);
	eh()->e_entry = 0x300000;		/* nowhere */
	KTEST_EXPECT_EQ(t, parse(), -ENOEXEC);

	img_reset();
	for (int i = 0; i < NPH; i++)
		set_ph(i, PT_GNU_STACK, 0, 0, 0, 0, 0);
	KTEST_EXPECT_EQ(t, parse(), -ENOEXEC);

	img_reset();
	eh()->e_phnum = ELF_MAX_SEGMENTS + 2;
	eh()->e_entry = 0x401008;
	for (int i = 0; i < ELF_MAX_SEGMENTS + 2; i++)
		set_ph(i, PT_LOAD, PF_R | PF_X, 0x1000,
		       0x401000 + 0x1000 * (u64)i, 0x10, 0x10);
	KTEST_EXPECT_EQ(t, parse(), -ENOEXEC);
	eh()->e_phnum = ELF_MAX_SEGMENTS;
	KTEST_EXPECT_EQ(t, parse(), 0);
}

KTEST_SUITE(elf,
	    KTEST_CASE(elf_good_image),
	    KTEST_CASE(elf_optional_bits),
	    KTEST_CASE(elf_bad_headers),
	    KTEST_CASE(elf_bad_segments),
	    KTEST_CASE(elf_entry_and_counts));
