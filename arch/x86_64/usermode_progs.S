/* SPDX-License-Identifier: MIT */
/*
 * Tiny ring-3 programs for the user-mode boot tests
 * (tests/arch/x86_64/usermode_boot_test.c), kept here because assembly
 * lives under arch/. Each is position-independent data between <name> and
 * <name>_end that a test copies into a user code page. They talk to the
 * kernel with oomlab's test-only syscalls (<arch/unistd.h>): ping = 1000,
 * exit = 1001 (RDI: the result), nop = 1002. A parameter, where one is
 * used, is the word at (%rsp).
 */
#include <arch/unistd.h>

	.macro PROG name
	.globl \name
\name:
	.endm

	.macro PROG_END name
	.globl \name\()_end
\name\()_end:
	.endm

	.macro EXIT reg
	mov \reg, %rdi
	mov $__NR_oomlab_test_exit, %eax
	syscall
	ud2
	.endm

	.macro RDTSC64 reg		/* TSC into \reg; clobbers rax, rdx */
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	mov %rdx, \reg
	.endm

	.section .rodata

/* ping(0x1234) == 0x1235, callee-saved registers and RSP survive: 1. */
PROG um_prog_roundtrip
	movabs $0x1111111111111111, %r12
	mov %rsp, %r13
	mov $__NR_oomlab_test_ping, %eax
	mov $0x1234, %edi
	syscall
	xor %ebx, %ebx
	cmp $0x1235, %rax
	jne 1f
	movabs $0x1111111111111111, %rdx
	cmp %rdx, %r12
	jne 1f
	cmp %rsp, %r13
	jne 1f
	mov $1, %ebx
1:	EXIT %rbx
PROG_END um_prog_roundtrip

PROG um_prog_ud			/* #UD */
	ud2
PROG_END um_prog_ud

PROG um_prog_gp			/* #GP: hlt at CPL 3 */
	hlt
PROG_END um_prog_gp

PROG um_prog_de			/* #DE */
	xor %ecx, %ecx
	xor %edx, %edx
	mov $1, %eax
	div %ecx
PROG_END um_prog_de

PROG um_prog_null		/* #PF at address 0 */
	mov 0, %rax
PROG_END um_prog_null

PROG um_prog_kernel_read	/* #PF reading the kernel address param */
	mov (%rsp), %rax
	mov (%rax), %rax
PROG_END um_prog_kernel_read

PROG um_prog_enosys		/* result: what syscall 999 returns */
	mov $999, %eax
	syscall
	EXIT %rax
PROG_END um_prog_enosys

/* Spin (param) TSC cycles so that timer interrupts hit ring 3: 1. */
PROG um_prog_spin
	mov (%rsp), %rsi
	RDTSC64 %rdi
1:	RDTSC64 %rcx
	sub %rdi, %rcx
	cmp %rsi, %rcx
	jb 1b
	mov $1, %ebx
	EXIT %rbx
PROG_END um_prog_spin

/*
 * arch_prctl(ARCH_SET_FS, 0x600000), arch_prctl(ARCH_SET_GS, 0x600008),
 * spin, then %fs:0 + %gs:0; -1 if a prctl failed.
 */
PROG um_prog_fsgs
	mov $__NR_arch_prctl, %eax
	mov $0x1002, %edi
	mov $0x600000, %esi
	syscall
	mov %rax, %r14
	mov $__NR_arch_prctl, %eax
	mov $0x1001, %edi
	mov $0x600008, %esi
	syscall
	or %rax, %r14
	mov $3000000, %ecx
1:	dec %ecx
	jnz 1b
	mov %fs:0, %rbx
	add %gs:0, %rbx
	test %r14, %r14
	jz 2f
	mov $-1, %rbx
2:	EXIT %rbx
PROG_END um_prog_fsgs

/* (param) nop syscalls; the result is the TSC cycles they took. */
PROG um_prog_bench
	mov (%rsp), %rbx
	RDTSC64 %r12
1:	mov $__NR_oomlab_test_nop, %eax
	syscall
	dec %rbx
	jnz 1b
	RDTSC64 %rdx
	sub %r12, %rdx
	EXIT %rdx
PROG_END um_prog_bench

/* Placed to end at 2^47: the syscall's return RIP is non-canonical. */
PROG um_prog_edge
	mov $__NR_oomlab_test_nop, %eax
	syscall
PROG_END um_prog_edge

	.section .note.GNU-stack, "", @progbits
