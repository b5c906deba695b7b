/* SPDX-License-Identifier: MIT */
/*
 * Process entry. The kernel enters _start with %rsp at the SysV initial
 * stack (argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL) and every
 * other register unspecified except %rdx (an exit hook of a dynamic
 * loader; static programs ignore it). Hand that stack to start_main() on
 * a 16-byte aligned stack with a zero frame pointer ending the backtrace.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xor	%ebp, %ebp
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	start_main
	hlt
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
