/* SPDX-License-Identifier: MIT */
/*
 * AP start-up. A STARTUP IPI starts an AP in real mode at CS:IP =
 * (TRAMPOLINE_PHYS >> 4):0. smp_trampoline_start..end is copied there
 * (layout in trampoline.h); the code only uses addresses relative to its
 * own base, which it computes from CS into EBX, so nothing in it is
 * patched but the parameter block. It climbs to long mode on its own
 * page tables, then jumps to smp_ap_entry64 in the kernel image, which
 * switches to the kernel's GDT, CR4, CR3 and the AP's stack and calls
 * smp_ap_main(cpu). One AP runs it at a time: smp.c waits for each.
 */
#include "arch/x86_64/trampoline.h"

#define TR_CS32		0x08
#define TR_DS		0x10
#define TR_CS64		0x18
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x20
#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define EFER_NXE	0x800

	.section .rodata.smp_trampoline, "a"
	.global smp_trampoline_start
	.global smp_trampoline_end
	.set TR_GDT, tr_gdt - smp_trampoline_start
	.set TR_GDT_PTR, tr_gdt_ptr - smp_trampoline_start
	.set TR_PROTECTED, tr_protected - smp_trampoline_start
	.set TR_LONG, tr_long - smp_trampoline_start

	.code16
smp_trampoline_start:
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $TRAMPOLINE_STACK, %sp
	movzwl %ax, %ebx
	shl $4, %ebx			/* EBX: our physical base, from here on */
	leal TR_GDT(%ebx), %eax
	movl %eax, TR_GDT_PTR + 2
	lgdtl TR_GDT_PTR
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	leal TR_PROTECTED(%ebx), %eax
	pushl $TR_CS32
	pushl %eax
	lretl

	.code32
tr_protected:
	mov $TR_DS, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	leal TRAMPOLINE_STACK(%ebx), %esp
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov TP_PML4(%ebx), %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	cmpl $0, TP_EFER_NX(%ebx)
	je 1f
	or $EFER_NXE, %eax
1:	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_WP), %eax
	mov %eax, %cr0
	leal TR_LONG(%ebx), %eax
	pushl $TR_CS64
	pushl %eax
	lret

	.code64
tr_long:
	mov %ebx, %ebx			/* upper half undefined after the switch */
	mov TP_ENTRY(%rbx), %rax
	jmp *%rax

	.balign 8
tr_gdt:					/* accessed bits preset: never written */
	.quad 0
	.quad 0x00cf9b000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf93000000ffff	/* 0x10: data */
	.quad 0x00af9b000000ffff	/* 0x18: 64-bit code */
tr_gdt_ptr:
	.word tr_gdt_ptr - tr_gdt - 1
	.long 0				/* base: filled in at run time */
smp_trampoline_end:

/*
 * In the kernel image, still on the trampoline's page tables; RBX is the
 * trampoline's (identity-mapped) base. Everything is read from the
 * parameter block before CR3 stops mapping it.
 */
	.text
	.global smp_ap_entry64
smp_ap_entry64:
	lgdt smp_ap_gdt_ptr(%rip)
	mov TP_CR4(%rbx), %rax
	mov %rax, %cr4
	mov TP_STACK(%rbx), %rsp
	mov TP_CPU(%rbx), %rdi
	mov TP_CR3(%rbx), %rax
	mov %rax, %cr3
	mov $KERNEL_DS, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	pushq $KERNEL_CS
	leaq 2f(%rip), %rax
	pushq %rax
	lretq
2:	xor %ebp, %ebp
	call smp_ap_main
3:	cli
	hlt
	jmp 3b

/* Until gdt_init_cpu() gives the AP its own: the selectors of <arch/gdt.h>. */
	.section .rodata
	.balign 16
smp_ap_gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* 0x08: kernel code */
	.quad 0x00cf93000000ffff	/* 0x10: kernel data */
smp_ap_gdt_ptr:
	.word smp_ap_gdt_ptr - smp_ap_gdt - 1
	.quad smp_ap_gdt
