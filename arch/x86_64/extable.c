// SPDX-License-Identifier: MIT
/*
 * Exception table lookup and the accessors built on it (see
 * <arch/extable.h>). The table is read-only after link and is searched
 * linearly: a lookup happens only when something faulted, and the table
 * holds a handful of entries. Sort it at boot and bisect once user copies
 * make it large.
 */
#include <arch/extable.h>
#include "lib/errno.h"
#include "lib/format.h"

extern const struct exception_table_entry __ex_table_start[];
extern const struct exception_table_entry __ex_table_end[];

/**
 * extable_search - find the fixup for a faulting instruction.
 * @insn: the address of the instruction that faulted (trap frame RIP)
 *
 * Context: any, lock-free (the table is immutable).
 * Return: the entry covering @insn, or NULL if @insn may not fault.
 */
const struct exception_table_entry *extable_search(u64 insn)
{
	for (const struct exception_table_entry *e = __ex_table_start;
	     e < __ex_table_end; e++)
		if (e->insn == insn)
			return e;
	return NULL;
}

/**
 * arch_probe_read_u64 - read 8 bytes that may not be mapped.
 * @addr: kernel address to read; any value, even non-canonical
 * @out: where the value goes (0 on failure)
 *
 * The load sits in the exception table, so a page fault or general
 * protection fault on it resumes at the fixup instead of oopsing.
 * Backtraces use it to walk stacks that may be corrupt.
 *
 * Context: any, including exception handlers; does not sleep.
 * Return: 0, or -EFAULT if the read faulted.
 */
int arch_probe_read_u64(const void *addr, u64 *out)
{
	int err = 0;
	u64 val;

	__asm__ volatile("1:	movq (%[addr]), %[val]\n"
			 "2:\n\t"
			 ".pushsection .text.fixup, \"ax\"\n"
			 "3:	movl %[efault], %[err]\n\t"
			 "xorl %k[val], %k[val]\n\t"
			 "jmp 2b\n\t"
			 ".popsection\n\t"
			 EX_TABLE(1b, 3b)
			 : [err] "+r"(err), [val] "=r"(val)
			 : [addr] "r"(addr), [efault] "i"(-EFAULT)
			 : "memory");
	*out = val;
	return err;
}

/**
 * format_probe_strnlen - strnlen() for vsnprintf's %s that cannot fault.
 * @s: the string; any value, even non-canonical
 * @max: stop counting here
 *
 * Reads aligned 8-byte words through arch_probe_read_u64(), so a string
 * ending just before an unmapped page is read in full and a garbage
 * pointer (a freed task's name, a corrupted lock's) costs a "(efault)" in
 * the message instead of a second fault in a crash report.
 * Context: any, including exception handlers.
 * Return: the length, or -1 if a byte before the end could not be read.
 */
long format_probe_strnlen(const char *s, size_t max)
{
	size_t len = 0;

	while (len < max) {
		u64 at = (u64)(s + len), word;
		size_t off = at & 7;

		if (arch_probe_read_u64((const void *)(at - off), &word))
			return -1;
		for (word >>= 8 * off; off < 8 && len < max; off++, len++) {
			if (!(word & 0xff))
				return (long)len;
			word >>= 8;
		}
	}
	return (long)len;
}
