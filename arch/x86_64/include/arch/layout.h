/* SPDX-License-Identifier: MIT */
/*
 * Virtual address layout, shared by assembly and C.
 *
 *   0x0000000000000000 .. 0x00007fffffffffff  user space (later)
 *   0xffff887ffffff000 .. +4 KiB               never mapped: a known-bad
 *                                              kernel address for tests
 *   0xffff888000000000 ..                      direct map of all RAM
 *   0xffffc90000000000 .. +64 MiB              kernel stacks, 4 KiB pages,
 *                                              unmapped guard pages between
 *                                              (kernel/kstack.c)
 *   0xffffffff80000000 ..                      kernel image (-mcmodel=kernel)
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#ifdef __ASSEMBLER__
#define UL(x)		x
#else
#define UL(x)		x##UL
#endif

#define DIRECT_MAP_BASE	UL(0xffff888000000000)
#define KERNEL_VMA	UL(0xffffffff80000000)
#define KSTACK_AREA_BASE UL(0xffffc90000000000)
#define PML4_INDEX(va)	((((va) >> 39) & 511))
#define BOOT_STACK_SIZE	16384
#define PAGE_SHIFT	12
#define PAGE_SIZE	(UL(1) << PAGE_SHIFT)

#endif
