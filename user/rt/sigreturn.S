/* SPDX-License-Identifier: MIT */
/*
 * sig_restorer: where a signal handler returns (sa_restorer, which
 * x86_64 requires): rt_sigreturn(2) with the frame the kernel pushed.
 * glibc's __restore_rt is the same two instructions.
 */
	.text
	.globl sig_restorer
	.type sig_restorer, @function
sig_restorer:
	movq $15, %rax			/* SYS_rt_sigreturn */
	syscall
	hlt				/* rt_sigreturn does not return */
	.size sig_restorer, . - sig_restorer
	.section .note.GNU-stack, "", @progbits
