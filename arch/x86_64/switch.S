/* SPDX-License-Identifier: MIT */
/*
 * arch_context_switch and the new-task trampoline; see <arch/context.h>.
 * The push order here is struct arch_switch_frame read from the bottom.
 */
	.text
	.code64

/* void *arch_context_switch(struct arch_context *prev, u64 next_rsp,
 *			     void *prev_task) */
	.globl arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)		/* prev->rsp */
	movq %rsi, %rsp			/* now on the next task's stack */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	movq %rdx, %rax			/* return prev_task in the resumed task */
	ret
	.size arch_context_switch, . - arch_context_switch

/*
 * First instruction of every new task: %rbx = start, %r12 = arg, %rax =
 * the previous task (arch_context_switch's return value). %rbp is 0, which
 * ends backtraces here. RSP is 16-byte aligned, as a call needs.
 */
	.globl arch_task_trampoline
	.type arch_task_trampoline, @function
arch_task_trampoline:
	movq %rax, %rdi
	movq %r12, %rsi
	call *%rbx
	ud2				/* start() must not return */
	.size arch_task_trampoline, . - arch_task_trampoline
	.section .note.GNU-stack, "", @progbits
