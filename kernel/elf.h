/* SPDX-License-Identifier: MIT */
/*
 * ELF64 executables: validation of a static x86_64 executable image into
 * a list of loadable segments. Pure (it only reads the image it is
 * given), so the host tests forge headers; kernel/exec.c maps the result.
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "lib/types.h"

/* The ELF64 structures and constants (System V gABI, x86_64 psABI). */
#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62

#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551

#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

struct elf64_ehdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

#define ELF_MAX_PHDRS	32	/* more is not a program we build */
#define ELF_MAX_SEGMENTS 8	/* PT_LOAD entries with memsz > 0 */
#define ELF_MIN_VADDR	0x10000UL	/* Linux's default mmap_min_addr */
#define ELF_USER_TOP	0x00007ffffffff000UL /* end of user space */

/* Segment permissions, the PROT_* values of mmap. */
#define ELF_PROT_READ	0x1
#define ELF_PROT_WRITE	0x2
#define ELF_PROT_EXEC	0x4

struct elf_segment {
	u64 vaddr;		/* where the file bytes go */
	u64 memsz;		/* bytes of memory; [filesz, memsz) are zero */
	u64 offset;		/* of the file bytes in the image */
	u64 filesz;
	unsigned int prot;	/* ELF_PROT_* */
};

/* Everything exec needs, with every range checked against the image. */
struct elf_image {
	u64 entry;
	u64 phdr_addr;		/* AT_PHDR: 0 if the headers are not loaded */
	u16 phnum;		/* AT_PHNUM */
	u16 phent;		/* AT_PHENT */
	u64 lo, hi;		/* page-aligned extent of all segments */
	unsigned int nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS]; /* by vaddr, disjoint pages */
};

int elf_parse(const void *image, size_t len, struct elf_image *out);
int elf_parse_head(const void *head, size_t headlen, u64 filesize,
		   struct elf_image *out);

#endif
