/* SPDX-License-Identifier: MIT */
/*
 * The IDT (arch-internal; drivers use <arch/irq.h>). One table for all
 * CPUs: idt_init() once, idt_load() on each CPU.
 */
#ifndef ARCH_IDT_H
#define ARCH_IDT_H

#include <arch/gdt.h>
#include "lib/types.h"

void idt_init(void);
void idt_load(void);
u64 idt_gate_info(unsigned int vector, unsigned int *ist, unsigned int *dpl);

/* What the CPU has loaded (tests). */
static inline struct desc_ptr idt_read_idtr(void)
{
	struct desc_ptr p;

	__asm__ volatile("sidt %0" : "=m"(p));
	return p;
}

#endif
