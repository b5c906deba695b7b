// SPDX-License-Identifier: MIT
/*
 * struct user_regs_struct from and to a stopped thread's user frame
 * (<arch/ptrace.h>), with Linux's putreg() rules: the code and stack
 * selectors stay the user ones, the flags change only in the bits user
 * code may change, the FS/GS bases stay in the user half. orig_rax is
 * the syscall number of a syscall's frame (-1 for any other frame, and
 * writable only in a syscall's).
 */
#include <arch/gdt.h>
#include <arch/ptrace.h>
#include <arch/syscall.h>
#include <arch/uaccess.h>
#include "lib/errno.h"

#define EFLAGS_CF	0x0001UL
#define EFLAGS_PF	0x0004UL
#define EFLAGS_AF	0x0010UL
#define EFLAGS_ZF	0x0040UL
#define EFLAGS_SF	0x0080UL
#define EFLAGS_DF	0x0400UL
#define EFLAGS_OF	0x0800UL
#define EFLAGS_AC	0x40000UL
/* Linux's FLAG_MASK without TF and RF: a trap flag set by a tracer would
 * raise #DB in user mode, which oomlab does not turn into SIGTRAP. */
#define EFLAGS_TRACER	(EFLAGS_CF | EFLAGS_PF | EFLAGS_AF | EFLAGS_ZF | \
			 EFLAGS_SF | EFLAGS_DF | EFLAGS_OF | EFLAGS_AC)

static bool syscall_frame(const struct trap_frame *f)
{
	return f->vector == TRAP_VECTOR_SYSCALL;
}

/**
 * arch_ptrace_get_regs - a stopped thread's registers.
 * @f: its user frame
 * @u: its saved user state (FS/GS bases)
 * @out: filled
 *
 * Context: the thread stays stopped meanwhile.
 */
void arch_ptrace_get_regs(const struct trap_frame *f,
			  const struct arch_user_state *u,
			  struct arch_ptrace_regs *out)
{
	*out = (struct arch_ptrace_regs){
		.r15 = f->r15, .r14 = f->r14, .r13 = f->r13, .r12 = f->r12,
		.rbp = f->rbp, .rbx = f->rbx, .r11 = f->r11, .r10 = f->r10,
		.r9 = f->r9, .r8 = f->r8, .rax = f->rax, .rcx = f->rcx,
		.rdx = f->rdx, .rsi = f->rsi, .rdi = f->rdi,
		.orig_rax = syscall_frame(f) ? f->error_code : ~0ULL,
		.rip = f->rip, .cs = f->cs, .eflags = f->rflags,
		.rsp = f->rsp, .ss = f->ss,
		.fs_base = u->fs_base, .gs_base = u->gs_base,
	};
}

/**
 * arch_ptrace_set_regs - change a stopped thread's registers.
 * @f: its user frame
 * @u: its saved user state
 * @in: the new values
 *
 * Context: the thread stays stopped meanwhile.
 * Return: 0; -EIO for a selector other than the user ones or an FS/GS
 * base outside the user half (nothing changed then).
 */
int arch_ptrace_set_regs(struct trap_frame *f, struct arch_user_state *u,
			 const struct arch_ptrace_regs *in)
{
	if (in->cs != GDT_USER_CS || in->ss != GDT_USER_DS)
		return -EIO;
	if (!arch_user_addr_ok(in->fs_base) || !arch_user_addr_ok(in->gs_base))
		return -EIO;
	f->r15 = in->r15;
	f->r14 = in->r14;
	f->r13 = in->r13;
	f->r12 = in->r12;
	f->rbp = in->rbp;
	f->rbx = in->rbx;
	f->r11 = in->r11;
	f->r10 = in->r10;
	f->r9 = in->r9;
	f->r8 = in->r8;
	f->rax = in->rax;
	f->rcx = in->rcx;
	f->rdx = in->rdx;
	f->rsi = in->rsi;
	f->rdi = in->rdi;
	if (syscall_frame(f))
		f->error_code = in->orig_rax;
	f->rip = in->rip;
	f->rsp = in->rsp;
	f->rflags = (f->rflags & ~EFLAGS_TRACER) | (in->eflags & EFLAGS_TRACER);
	u->fs_base = in->fs_base;
	u->gs_base = in->gs_base;
	return 0;
}
