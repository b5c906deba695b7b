/* SPDX-License-Identifier: MIT */
/*
 * long thread_clone(unsigned long flags, void *sp, int *ptid, int *ctid,
 *                   struct tcb *tls);
 *
 * clone() for a new thread. The child runs on a stack the parent prepared:
 * sp[0] is the entry function, sp[1] its argument. The child must not
 * return through the parent's frames (they are on the parent's stack), so
 * the child's half lives in assembly: pop the function and argument, call
 * it, and end the thread with exit() (not exit_group()) with its result.
 *
 * Argument registers: flags %rdi, sp %rsi, ptid %rdx, ctid %rcx -> %r10
 * (the syscall ABI's fourth register), tls %r8. Linux x86_64 clone takes
 * (flags, stack, parent_tid, child_tid, tls) in that order.
 */
	.text
	.globl	thread_clone
	.type	thread_clone, @function
thread_clone:
	mov	%rcx, %r10
	mov	$56, %eax		/* SYS_clone */
	syscall
	test	%rax, %rax
	jnz	1f
	/* Child: %rsp = sp, 16-byte aligned after the two pops. */
	xor	%ebp, %ebp
	pop	%rax
	pop	%rdi
	call	*%rax
	mov	%eax, %edi
	mov	$60, %eax		/* SYS_exit: this thread only */
	syscall
	hlt
1:	ret				/* parent: tid or -errno */
	.size	thread_clone, . - thread_clone

	.section .note.GNU-stack, "", @progbits
