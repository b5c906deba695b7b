// SPDX-License-Identifier: MIT
/*
 * ELF64 validation: from an untrusted image to a list of PT_LOAD segments
 * that exec can map without further checks.
 *
 * Accepted: little-endian ELF64, x86_64, ET_EXEC, no PT_INTERP and no
 * PT_DYNAMIC (static, non-PIE: oomlab has no dynamic loader and does not
 * relocate static-pie images). Each loaded segment:
 *
 *   image:  [offset, offset + filesz)                must lie in the image
 *   memory: [vaddr, vaddr + memsz), filesz <= memsz, inside
 *           [ELF_MIN_VADDR, ELF_USER_TOP), offset == vaddr (mod page)
 *
 *   page:   |....[vaddr .. file bytes .. | zero (bss) .......]....|
 *           ALIGN_DOWN(vaddr)            vaddr+filesz   vaddr+memsz
 *
 * and segments come in ascending order on disjoint pages (what ld emits
 * with max-page-size=4096; overlapping pages would need their
 * permissions merged). The entry point must lie in an executable segment.
 *
 * Invariant: every sum of two image-controlled values is checked for
 * overflow before it is compared, so a forged header is -ENOEXEC, never
 * a read outside the image.
 */
#include <arch/layout.h>
#include "kernel/elf.h"
#include "lib/errno.h"
#include "lib/string.h"

/* a + b without wrapping, or false. */
static bool add_ok(u64 a, u64 b, u64 *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

static int check_ehdr(const struct elf64_ehdr *eh, size_t len)
{
	u64 ph_bytes, ph_end;

	if (memcmp(eh->e_ident, "\x7f" "ELF", 4) ||
	    eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_ident[6] != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64 ||
	    eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || !eh->e_phnum ||
	    eh->e_phnum > ELF_MAX_PHDRS)
		return -ENOEXEC;
	ph_bytes = (u64)eh->e_phnum * sizeof(struct elf64_phdr);
	if (!add_ok(eh->e_phoff, ph_bytes, &ph_end) || ph_end > len)
		return -ENOEXEC;
	return 0;
}

static unsigned int prot_of(u32 p_flags)
{
	return (p_flags & PF_R ? ELF_PROT_READ : 0) |
	       (p_flags & PF_W ? ELF_PROT_WRITE : 0) |
	       (p_flags & PF_X ? ELF_PROT_EXEC : 0);
}

/* Check one PT_LOAD and append it to @out (memsz 0: nothing to map). */
static int add_load(const struct elf64_phdr *ph, size_t len,
		    struct elf_image *out)
{
	struct elf_segment *s;
	u64 file_end, mem_end;

	if (!ph->p_memsz)
		return 0;
	if (ph->p_filesz > ph->p_memsz ||
	    !add_ok(ph->p_offset, ph->p_filesz, &file_end) || file_end > len)
		return -ENOEXEC;
	if (!add_ok(ph->p_vaddr, ph->p_memsz, &mem_end) ||
	    ph->p_vaddr < ELF_MIN_VADDR || mem_end > ELF_USER_TOP)
		return -ENOEXEC;
	if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE)
		return -ENOEXEC;
	if (out->nseg == ELF_MAX_SEGMENTS)
		return -ENOEXEC;
	if (out->nseg && ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE) < out->hi)
		return -ENOEXEC;	/* out of order or sharing a page */
	s = &out->seg[out->nseg++];
	*s = (struct elf_segment){ .vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
				   .offset = ph->p_offset,
				   .filesz = ph->p_filesz,
				   .prot = prot_of(ph->p_flags) };
	if (out->nseg == 1)
		out->lo = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	out->hi = ALIGN_UP(mem_end, PAGE_SIZE);
	return 0;
}

/* AT_PHDR: where the program headers are in memory, if a segment loads
 * them from the file; 0 otherwise (the auxv entry is then optional). */
static u64 phdr_address(const struct elf64_ehdr *eh,
			const struct elf_image *img)
{
	u64 ph_bytes = (u64)eh->e_phnum * sizeof(struct elf64_phdr);

	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (eh->e_phoff >= s->offset &&
		    eh->e_phoff + ph_bytes <= s->offset + s->filesz)
			return s->vaddr + (eh->e_phoff - s->offset);
	}
	return 0;
}

static bool entry_ok(const struct elf_image *img)
{
	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct elf_segment *s = &img->seg[i];

		if (img->entry >= s->vaddr && img->entry < s->vaddr + s->memsz)
			return s->prot & ELF_PROT_EXEC;
	}
	return false;
}

/**
 * elf_parse_head - validate a static ELF64 x86_64 executable from its
 * first bytes (exec reads a file's head, then its segments).
 * @head: the file's first bytes (any alignment); the program headers
 *        must lie in them
 * @headlen: their number
 * @filesize: the whole file's size, which every segment's bytes must fit
 * @out: the segments, entry and auxv facts, valid on success
 *
 * Context: any; pure.
 * Return: 0, or -ENOEXEC for anything this kernel cannot run: not ELF64
 * little-endian x86_64 ET_EXEC, program headers outside @head,
 * PT_INTERP or PT_DYNAMIC, a bad PT_LOAD (see the file comment), no
 * loadable segment, or an entry point outside every executable segment.
 */
int elf_parse_head(const void *head, size_t headlen, u64 filesize,
		   struct elf_image *out)
{
	struct elf64_ehdr eh;
	int r;

	memset(out, 0, sizeof(*out));
	if (headlen < sizeof(eh) || headlen > filesize)
		return -ENOEXEC;
	memcpy(&eh, head, sizeof(eh));	/* the image may be unaligned */
	r = check_ehdr(&eh, headlen);
	if (r)
		return r;
	for (u16 i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, (const u8 *)head + eh.e_phoff + i * sizeof(ph),
		       sizeof(ph));
		if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
			return -ENOEXEC;
		if (ph.p_type == PT_LOAD) {
			r = add_load(&ph, filesize, out);
			if (r)
				return r;
		}
	}
	if (!out->nseg)
		return -ENOEXEC;
	out->entry = eh.e_entry;
	if (!entry_ok(out))
		return -ENOEXEC;
	out->phdr_addr = phdr_address(&eh, out);
	out->phnum = eh.e_phnum;
	out->phent = eh.e_phentsize;
	return 0;
}

/**
 * elf_parse - validate a static ELF64 x86_64 executable held whole.
 * @image: the file's bytes (any alignment)
 * @len: their number
 * @out: as for elf_parse_head()
 *
 * Context: any; pure.
 * Return: as elf_parse_head() with the whole file as its head.
 */
int elf_parse(const void *image, size_t len, struct elf_image *out)
{
	return elf_parse_head(image, len, len, out);
}
