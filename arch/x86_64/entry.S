/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry. One 16-byte-aligned stub per vector
 * (isr_stub_<n>) pushes a zero error code where the CPU pushes none and
 * the vector number, so that every vector reaches isr_common with the same
 * frame. isr_common saves the general registers (completing a struct
 * trap_frame, <arch/traps.h>), adds a fake stack frame whose return
 * address is the trapped RIP - so a backtrace taken inside a handler walks
 * on into the interrupted code - and calls trap_dispatch(frame). Handlers
 * that return come back here, and iretq resumes the interrupted code with
 * whatever the handler left in the frame (a fixup changes RIP).
 *
 * GS: an entry from user mode (saved CS RPL 3) does one swapgs and leaves
 * through arch_return_to_user (syscall.S), which does the other. An
 * exception taken in kernel mode may still find the user's GS loaded -
 * an NMI or #MC between syscall and its swapgs, or just before sysret -
 * so exceptions from kernel mode read MSR_GS_BASE and swap only if it is
 * not a kernel address, and swap back on the way out. Interrupts from
 * kernel mode cannot hit those windows (they run with IF clear). %rbx
 * (callee-saved) remembers what to undo across the C call. AC is cleared
 * on every entry so that SMAP protects the handler.
 *
 * The stack is 16-byte aligned at the call: the CPU aligns RSP before
 * pushing its 5-word frame, and we push 2 + 15 + 2 more words.
 */
#include <arch/traps.h>
#include <arch/usermode.h>
#include "arch/x86_64/trap_frame.inc"

#define MSR_GS_BASE	0xc0000101
#define FRAME_CS	(TRAP_FRAME_RIP + 8)

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
			   (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.altmacro
	.macro ISR_STUB vec
	.balign 16
isr_stub_\vec:
	.if HAS_ERROR_CODE(\vec)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp isr_common
	.endm

	.macro ISR_STUB_ADDR vec
	.quad isr_stub_\vec
	.endm

	.text
	.balign 16
isr_common:
	PUSH_REGS
	cld
	xorl %ebx, %ebx			/* 1: swapped GS on a kernel entry */
	testb $3, FRAME_CS(%rsp)
	jz 1f
	swapgs				/* from user: always */
	jmp 2f
1:	cmpq $X86_NR_EXCEPTIONS, TRAP_FRAME_VECTOR(%rsp)
	jae 2f
	movl $MSR_GS_BASE, %ecx
	rdmsr
	testl %edx, %edx
	js 2f				/* a kernel address: ours */
	swapgs
	movl $1, %ebx
2:	cmpb $0, arch_smap_enabled(%rip)
	je 3f
	clac
3:	movq %rsp, %rdi			/* struct trap_frame * */
	pushq TRAP_FRAME_RIP(%rdi)	/* fake frame: { rbp, trapped RIP } */
	pushq %rbp
	movq %rsp, %rbp
	call trap_dispatch		/* returns with interrupts off */
	addq $16, %rsp
	testb $3, FRAME_CS(%rsp)
	jnz arch_return_to_user
	testl %ebx, %ebx
	jz 4f
	swapgs
4:	POP_REGS
	addq $16, %rsp			/* vector, error code */
	iretq

	vec = 0
	.rept X86_NR_VECTORS
	ISR_STUB %vec
	vec = vec + 1
	.endr

	.section .rodata
	.balign 8
	.global isr_stub_table
isr_stub_table:
	vec = 0
	.rept X86_NR_VECTORS
	ISR_STUB_ADDR %vec
	vec = vec + 1
	.endr
	.section .note.GNU-stack, "", @progbits
