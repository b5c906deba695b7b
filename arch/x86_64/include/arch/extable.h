/* SPDX-License-Identifier: MIT */
/*
 * Exception table: instructions that may fault on purpose. Each entry
 * pairs the address of such an instruction with where to resume instead
 * (the "fixup"). When a kernel-mode #PF, #GP or #SS hits an instruction in
 * the table, trap_dispatch() sets RIP to the fixup and returns; the fixup
 * code reports the failure (probe reads return -EFAULT; user copies will
 * return the bytes left). Entries come from EX_TABLE() in inline or plain
 * assembly and are gathered by the linker between __ex_table_start and
 * __ex_table_end.
 *
 *   1:	movq (%rsi), %rax	<- may fault
 *   2:	...
 *	.pushsection .text.fixup, "ax"
 *   3:	mov $-EFAULT, %ecx; jmp 2b
 *	.popsection
 *	EX_TABLE(1b, 3b)
 */
#ifndef ARCH_EXTABLE_H
#define ARCH_EXTABLE_H

#ifdef __ASSEMBLER__
#define EX_TABLE(insn, fixup)						\
	.pushsection __ex_table, "a";					\
	.balign 8;							\
	.quad insn, fixup;						\
	.popsection
#else
#define EX_TABLE(insn, fixup)						\
	".pushsection __ex_table, \"a\"\n\t"				\
	".balign 8\n\t"							\
	".quad " #insn ", " #fixup "\n\t"				\
	".popsection\n\t"

#include "lib/types.h"

struct exception_table_entry {
	u64 insn;	/* address of the instruction that may fault */
	u64 fixup;	/* where execution resumes if it does */
};

const struct exception_table_entry *extable_search(u64 insn);
int arch_probe_read_u64(const void *addr, u64 *out);

#endif /* __ASSEMBLER__ */
#endif
