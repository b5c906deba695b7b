/* SPDX-License-Identifier: MIT */
/*
 * The syscall ABI as the generic code sees it: which number and
 * arguments a user frame carries, where its result goes, and where the
 * running task's user frame is. kernel/syscall.c and the syscall
 * handlers use only these, never register names.
 *
 * x86_64: the number in RAX (saved by syscall.S as the frame's error
 * code, RAX being the return slot), arguments in RDI, RSI, RDX, R10, R8
 * and R9, the result in RAX.
 *
 * Locking: the frame is [t] the task's own (see <arch/usermode.h>).
 */
#ifndef ARCH_SYSCALL_H
#define ARCH_SYSCALL_H

#include <arch/traps.h>
#include "kernel/percpu.h"
#include "lib/types.h"

#define ARCH_SYSCALL_NR_ARGS	6

static inline unsigned long arch_syscall_nr(const struct trap_frame *f)
{
	return f->error_code;
}

static inline void arch_syscall_args(const struct trap_frame *f,
				     u64 args[ARCH_SYSCALL_NR_ARGS])
{
	args[0] = f->rdi;
	args[1] = f->rsi;
	args[2] = f->rdx;
	args[3] = f->r10;
	args[4] = f->r8;
	args[5] = f->r9;
}

static inline void arch_syscall_set_return(struct trap_frame *f, long val)
{
	f->rax = (u64)val;
}

/* Where the user frame @f resumes, and its user stack pointer. */
static inline u64 arch_user_frame_ip(const struct trap_frame *f)
{
	return f->rip;
}

static inline void arch_user_frame_set_sp(struct trap_frame *f, u64 sp)
{
	f->rsp = sp;
}

/*
 * This CPU's kernel stack top for entries from user mode, which the
 * scheduler sets to the running task's on every switch (or to its user
 * excursion's, see arch_set_kernel_stack()). One GS-relative load: the
 * task may be preempted and moved to another CPU between any two
 * instructions, and "find this CPU's area, then read its field" would
 * read the stack top of whatever task now runs on the CPU it left. In
 * one instruction, the CPU it reads is the CPU it runs on, whose value
 * is this task's.
 */
static inline u64 arch_kernel_stack_top(void)
{
	u64 top;

	__asm__ volatile("movq %%gs:%c1, %0"
			 : "=r"(top)
			 : "i"(offsetof(struct percpu, kernel_stack_top)));
	return top;
}

/**
 * arch_syscall_regs - the user register frame of the running task.
 *
 * Context: process context of a task that entered from user mode (a
 * syscall handler, or a trap from user); preemption may be on.
 * Return: the frame at the top of the task's kernel stack; changes to it
 * take effect on the return to user mode.
 */
static inline struct trap_frame *arch_syscall_regs(void)
{
	return (struct trap_frame *)arch_kernel_stack_top() - 1;
}

#endif
