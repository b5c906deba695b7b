/* SPDX-License-Identifier: MIT */
/*
 * The SysV x86_64 initial process stack (argc, argv, envp, auxv and the
 * strings they point to), built in a kernel buffer that stands for the
 * top of the new user stack. Pure, so the host tests check the layout.
 */
#ifndef KERNEL_EXEC_STACK_H
#define KERNEL_EXEC_STACK_H

#include "lib/types.h"

/* Auxiliary vector keys (Linux's values). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31

/* argv + envp entries. Linux's only bound is their size (a quarter of
 * the stack limit); this one keeps a count's arithmetic small. */
#define EXEC_MAX_STRINGS	16384
#define EXEC_AUXV_MAX		20	/* pairs, AT_NULL included */

/* What the auxiliary vector says about the program. */
struct exec_auxv_info {
	u64 phdr;		/* AT_PHDR; 0: left out */
	u64 phent;
	u64 phnum;
	u64 entry;
	u64 hwcap;		/* AT_HWCAP: Linux x86's CPUID.1:EDX */
	u64 hwcap2;		/* AT_HWCAP2 */
	u8 random[16];		/* AT_RANDOM's bytes */
	const char *execfn;	/* AT_EXECFN's string */
};

int exec_stack_build(void *buf, size_t buflen, u64 top,
		     const char *const *argv, const char *const *envp,
		     const struct exec_auxv_info *info, u64 *sp);

#endif
