/* SPDX-License-Identifier: MIT */
/*
 * The user signal frame and the registers a signal changes: the one place
 * that knows x86_64's struct rt_sigframe (arch/x86_64/signal_frame.c).
 * kernel/signal_deliver.c decides which signal, which handler and which
 * mask; the arch builds the frame, points the registers at the handler,
 * and on rt_sigreturn checks and restores what the frame holds.
 *
 * The frame is Linux's, byte for byte, so that glibc's and any Linux
 * program's handlers and unwinders read it: pretcode (sa_restorer), a
 * struct ucontext (uc_flags, uc_link, uc_stack, uc_mcontext = struct
 * sigcontext, uc_sigmask), the siginfo, and the FPU state (XSAVE or
 * FXSAVE format, 64-byte aligned, with the FP_XSTATE_MAGIC words) that
 * sigcontext.fpstate points at.
 *
 * Syscall restart: a frame that entered by `syscall` still knows its
 * number; arch_signal_syscall_nr() gives it, arch_signal_restart() makes
 * the return re-execute the syscall instruction.
 *
 * Locking: the frame is the running task's own ([t], <arch/usermode.h>).
 */
#ifndef ARCH_SIGNAL_FRAME_H
#define ARCH_SIGNAL_FRAME_H

#include <arch/traps.h>
#include "kernel/signal.h"
#include "lib/types.h"

/* What the handler is called with and what the frame saves. */
struct arch_signal_setup {
	int sig;
	const struct signal_info *info;
	const struct signal_disposition *action;
	u64 saved_mask;			/* uc_sigmask: blocked on return */
	struct signal_stack uc_stack;	/* uc_stack: the altstack as saved */
	u64 stack_top;			/* 0: below the interrupted RSP (past
					 * its red zone); else the altstack's
					 * top to build on */
};

int arch_signal_frame_setup(struct trap_frame *regs,
			    const struct arch_signal_setup *s);
int arch_signal_frame_restore(struct trap_frame *regs, u64 *mask,
			      struct signal_stack *uc_stack);
u64 arch_signal_user_sp(const struct trap_frame *regs);
long arch_signal_syscall_nr(const struct trap_frame *regs);
long arch_signal_syscall_result(const struct trap_frame *regs);
void arch_signal_restart(struct trap_frame *regs, long nr);
void arch_signal_set_result(struct trap_frame *regs, long val);
void arch_signal_forget_syscall(struct trap_frame *regs);

#endif
