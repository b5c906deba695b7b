/* SPDX-License-Identifier: MIT */
/*
 * The way into the kernel from user mode by `syscall`, and every way back
 * out to user mode (see <arch/usermode.h>).
 *
 * syscall leaves the user RSP in place and RIP/RFLAGS in RCX/R11, with
 * interrupts, DF, TF, AC and NT masked (SFMASK). The entry swaps GS,
 * switches to the task's kernel stack and builds the same struct
 * trap_frame the interrupt stubs build (vector TRAP_VECTOR_SYSCALL, the
 * syscall number in the error code slot), so that C sees one frame shape.
 * With no free register, the user RSP is parked in the per-CPU kernel
 * stack slot by an xchg and the slot is rewritten once the frame is up.
 *
 * arch_return_to_user: interrupts off, RSP at a trap frame whose CS is
 * the user's. SYSRET is used only for a syscall frame whose RCX/R11 still
 * equal RIP/RFLAGS, with a user-half RIP and no TF/RF: SYSRET with a
 * non-canonical RCX faults in ring 0 on the user's stack (Intel), and
 * SYSRET cannot restore RCX/R11 or set RF. Everything else uses IRETQ.
 * A NMI/#MC between the switch to the user RSP and sysret runs on its IST
 * stack and finds the user's GS via the paranoid check in entry.S.
 */
#include <arch/gdt.h>
#include <arch/traps.h>
#include <arch/usermode.h>
#include "arch/x86_64/trap_frame.inc"

#define FRAME_CS	(TRAP_FRAME_RIP + 8)
#define FRAME_RFLAGS	(TRAP_FRAME_RIP + 16)
#define FRAME_RSP	(TRAP_FRAME_RIP + 24)
#define FRAME_SS	(TRAP_FRAME_RIP + 32)
#define FRAME_OFF_RCX	(12 * 8)	/* struct trap_frame.rcx */
#define FRAME_OFF_R11	(4 * 8)		/* struct trap_frame.r11 */


	.text
	.code64

	.globl arch_syscall_entry
	.type arch_syscall_entry, @function
	.balign 16
arch_syscall_entry:
	swapgs
	xchgq %rsp, %gs:PERCPU_KERNEL_STACK_TOP	/* slot = user RSP */
	pushq $GDT_USER_DS
	pushq %gs:PERCPU_KERNEL_STACK_TOP
	pushq %r11				/* user RFLAGS */
	pushq $GDT_USER_CS
	pushq %rcx				/* user RIP */
	pushq %rax				/* error code slot: nr */
	pushq $TRAP_VECTOR_SYSCALL
	PUSH_REGS
	leaq TRAP_FRAME_SIZE(%rsp), %rax	/* the stack top again */
	movq %rax, %gs:PERCPU_KERNEL_STACK_TOP
	movq %rsp, %rdi
	pushq TRAP_FRAME_RIP(%rdi)		/* fake frame for backtraces */
	pushq %rbp
	movq %rsp, %rbp
	call syscall_dispatch			/* returns with irqs off */
	addq $16, %rsp
	/* fall through */

/* RSP: a trap frame returning to user mode; interrupts off. */
	.globl arch_return_to_user
	.type arch_return_to_user, @function
arch_return_to_user:
	cmpq $TRAP_VECTOR_SYSCALL, TRAP_FRAME_VECTOR(%rsp)
	jne 1f
	movq FRAME_OFF_RCX(%rsp), %rcx
	cmpq %rcx, TRAP_FRAME_RIP(%rsp)
	jne 1f
	movq %rcx, %rax
	shrq $47, %rax				/* RIP must be in the user half */
	jnz 1f
	movq FRAME_OFF_R11(%rsp), %r11
	cmpq %r11, FRAME_RFLAGS(%rsp)
	jne 1f
	testq $(X86_RFLAGS_TF | X86_RFLAGS_RF), %r11
	jnz 1f
	cmpq $GDT_USER_CS, FRAME_CS(%rsp)
	jne 1f
	cmpq $GDT_USER_DS, FRAME_SS(%rsp)
	jne 1f
	POP_REGS
	movq 40(%rsp), %rsp			/* user RSP: past vector..rflags */
	swapgs
	sysretq
1:	POP_REGS
	addq $16, %rsp				/* vector, error code */
	swapgs
	iretq
	.size arch_syscall_entry, . - arch_syscall_entry

/*
 * void arch_enter_user(vaddr_t entry, vaddr_t user_stack): start user
 * mode on a fresh kernel stack (percpu->kernel_stack_top) with every
 * register zero and interrupts on.
 */
	.globl arch_enter_user
	.type arch_enter_user, @function
arch_enter_user:
	cli
	movq %gs:PERCPU_KERNEL_STACK_TOP, %rsp
	pushq $GDT_USER_DS
	pushq %rsi
	pushq $USER_RFLAGS_INIT
	pushq $GDT_USER_CS
	pushq %rdi
	pushq $0				/* error code */
	pushq $0				/* vector: not a syscall frame */
	xorl %eax, %eax
	.rept 15
	pushq %rax
	.endr
	jmp arch_return_to_user
	.size arch_enter_user, . - arch_enter_user

/*
 * long arch_user_run_enter(struct arch_user_run *r, vaddr_t entry,
 *			    vaddr_t user_stack): save the callee-saved
 * registers and RFLAGS, make the stack below them the kernel stack for
 * the excursion and enter user mode. arch_user_run_resume() comes back.
 */
#define RUN_SAVED_RSP	0
#define RUN_STACK_TOP	8
	.globl arch_user_run_enter
	.type arch_user_run_enter, @function
arch_user_run_enter:
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushfq
	movq %rsp, RUN_SAVED_RSP(%rdi)
	cli
	movq %rsi, %r12
	movq %rdx, %r13
	movq %rsp, %rax
	andq $-16, %rax
	subq $16, %rax				/* never reuse a saved word */
	movq %rax, RUN_STACK_TOP(%rdi)
	movq %rax, %rdi
	call arch_set_kernel_stack
	movq %r12, %rdi
	movq %r13, %rsi
	jmp arch_enter_user
	.size arch_user_run_enter, . - arch_user_run_enter

/* void arch_user_run_resume(struct arch_user_run *r, long val) */
	.globl arch_user_run_resume
	.type arch_user_run_resume, @function
arch_user_run_resume:
	cli
	movq RUN_SAVED_RSP(%rdi), %rsp
	movq %rsi, %rax
	popfq
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_user_run_resume, . - arch_user_run_resume

/*
 * int arch_probe_exec(vaddr_t addr): call @addr; if the fetch faults,
 * traps.c resumes at arch_probe_exec_fault with the return address
 * popped.
 */
	.globl arch_probe_exec
	.type arch_probe_exec, @function
arch_probe_exec:
	pushq %rbp
	movq %rsp, %rbp
	call *%rdi
	.globl arch_probe_exec_ret
arch_probe_exec_ret:
	xorl %eax, %eax
	popq %rbp
	ret
	.globl arch_probe_exec_fault
arch_probe_exec_fault:
	movl $-14, %eax				/* -EFAULT */
	popq %rbp
	ret
	.size arch_probe_exec, . - arch_probe_exec
	.section .note.GNU-stack, "", @progbits
