/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 entry. GRUB enters here in 32-bit protected mode with paging
 * off (on BIOS and on UEFI alike), EAX = magic, EBX = physical address of
 * the boot information. We build throw-away page tables that map the low
 * 4 GiB three times (identity, direct map at DIRECT_MAP_BASE, and the
 * kernel image at KERNEL_VMA), enter long mode and call kernel_main() in
 * the higher half. mm/ replaces these tables once the memory map is known.
 */
#include <arch/layout.h>

#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0
#define PTE_P		0x1
#define PTE_W		0x2
#define PTE_PS		0x80
#define CR0_PG		0x80000000
#define CR0_WP		0x00010000
#define CR4_PAE		0x20
#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define EFER_NXE	0x800
#define COM1		0x3f8
#define MB2_TAG_FRAMEBUFFER 5
#define MB2_TAG_OPTIONAL 1
#define FB_WANT_WIDTH	1024
#define FB_WANT_HEIGHT	768
#define FB_WANT_DEPTH	32

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/*
	 * Framebuffer request, optional: GRUB sets a 1024x768 32 bpp mode
	 * where it can (BIOS VBE; UEFI GOP keeps a mode near it) and
	 * otherwise boots us in text mode; drivers/fbcon.c copes with both.
	 */
	.balign 8
	.word MB2_TAG_FRAMEBUFFER, MB2_TAG_OPTIONAL
	.long 20
	.long FB_WANT_WIDTH, FB_WANT_HEIGHT, FB_WANT_DEPTH
	.balign 8
	/* end tag */
	.word 0, 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov %eax, %edi			/* multiboot magic: 1st C argument */
	mov %ebx, %esi			/* boot info address: 2nd C argument */
	mov $boot_stack32_top, %esp

	/* Long mode present? Otherwise say so on COM1 and stop. */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode
	mov %edx, %ebp			/* keep NX support bit (20) */

	/* Zero the boot page tables (NOLOAD: GRUB leaves them as it found them). */
	push %edi
	mov $boot_tables_start, %edi
	mov $boot_tables_end, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl
	pop %edi

	/* Four page directories of 2 MiB pages: physical 0 .. 4 GiB. */
	mov $boot_pd, %ebx
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, (%ebx, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax			/* bits 32+ of (ecx << 21) */
	mov %eax, 4(%ebx, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b

	/* Low PDPT: entries 0..3 -> the four directories. */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $12, %eax
	add $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, boot_pdpt_low(, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jb 2b

	/* High PDPT: entries 510, 511 -> physical 0 .. 2 GiB at KERNEL_VMA. */
	mov $(boot_pd + PTE_P + PTE_W), %eax
	mov %eax, boot_pdpt_high + 510 * 8
	add $4096, %eax
	mov %eax, boot_pdpt_high + 511 * 8

	mov $(boot_pdpt_low + PTE_P + PTE_W), %eax
	mov %eax, boot_pml4
	mov %eax, boot_pml4 + PML4_INDEX(DIRECT_MAP_BASE) * 8
	mov $(boot_pdpt_high + PTE_P + PTE_W), %eax
	mov %eax, boot_pml4 + 511 * 8

	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	test $(1 << 20), %ebp
	jz 3f
	or $EFER_NXE, %eax
3:	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_WP), %eax
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode_entry

no_long_mode:
	mov $no_long_mode_msg, %esi
4:	lodsb
	test %al, %al
	jz 5f
	mov %al, %bl
6:	mov $(COM1 + 5), %dx		/* wait for THR empty */
	inb %dx, %al
	test $0x20, %al
	jz 6b
	mov $COM1, %dx
	mov %bl, %al
	outb %al, %dx
	jmp 4b
5:	hlt
	jmp 5b

	.code64
long_mode_entry:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	movabs $higher_half_entry, %rax
	jmp *%rax

	.section .boot.data, "a"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
boot_gdt_ptr:
	.word boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt
no_long_mode_msg:
	.asciz "oomlab: this CPU has no long mode (x86_64); halting\r\n"

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_tables_start:
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096 * 4
boot_tables_end:
	.skip 1024
boot_stack32_top:

	.text
higher_half_entry:
	/* .bss is NOBITS: clear it ourselves rather than trust the loader. */
	mov %rdi, %r12
	mov %rsi, %r13
	movabs $__bss_start, %rdi
	movabs $__bss_end, %rcx
	sub %rdi, %rcx
	xor %eax, %eax
	rep stosb
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp
	mov %r12, %rdi
	mov %r13, %rsi
	call kernel_main
7:	cli
	hlt
	jmp 7b

	.bss
	.balign 16
	.global boot_stack_bottom
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
	.global boot_stack_top
boot_stack_top:
