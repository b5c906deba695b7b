/* SPDX-License-Identifier: MIT */
/*
 * A stopped thread's registers as ptrace(2) shows them: Linux x86_64's
 * struct user_regs_struct (PTRACE_GETREGS, PTRACE_SETREGS), built from
 * the user frame at the top of its kernel stack and its saved FS/GS
 * bases (arch/x86_64/ptrace_regs.c).
 *
 * Locking: the caller holds what keeps the thread stopped (its
 * process->lock while kernel/ptrace.c copies).
 */
#ifndef ARCH_PTRACE_H
#define ARCH_PTRACE_H

#include <arch/traps.h>
#include <arch/usermode.h>
#include "lib/types.h"

/* struct user_regs_struct, Linux x86_64's layout (216 bytes). */
struct arch_ptrace_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi, orig_rax;
	u64 rip, cs, eflags, rsp, ss;
	u64 fs_base, gs_base, ds, es, fs, gs;
};
_Static_assert(sizeof(struct arch_ptrace_regs) == 27 * 8,
	       "user_regs_struct is 27 words");

void arch_ptrace_get_regs(const struct trap_frame *f,
			  const struct arch_user_state *u,
			  struct arch_ptrace_regs *out);
int arch_ptrace_set_regs(struct trap_frame *f, struct arch_user_state *u,
			 const struct arch_ptrace_regs *in);

#endif
