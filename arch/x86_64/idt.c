// SPDX-License-Identifier: MIT
/*
 * The Interrupt Descriptor Table: 256 interrupt gates, all pointing at the
 * stubs of entry.S, plus the table of handlers for vectors 32-255 and the
 * NMI that drivers register. The IDT is one table shared by every CPU;
 * the IST slots it names select stacks in each CPU's own TSS.
 *
 * Locking: [I] idt is written once by idt_init(); [a] irq_handlers.
 */
#include <arch/gdt.h>
#include <arch/idt.h>
#include <arch/irq.h>
#include "lib/errno.h"

#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3	0x60	/* reachable by int n from ring 3 */

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;			/* bits 0-2: IST slot, 0 = none */
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

extern const u64 isr_stub_table[X86_NR_VECTORS];	/* entry.S */

static struct idt_gate idt[X86_NR_VECTORS] __aligned(16);
static arch_irq_handler_fn irq_handlers[X86_NR_VECTORS];

static void idt_set_gate(unsigned int vector, u64 handler, u8 ist, u8 attr)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->selector = GDT_KERNEL_CS;
	g->ist = ist;
	g->type_attr = attr;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

/* Which IST stack a vector runs on: those that may arrive on a bad stack. */
static u8 idt_ist_for(unsigned int vector)
{
	switch (vector) {
	case X86_TRAP_DF:
		return IST_DOUBLE_FAULT;
	case X86_TRAP_NMI:
		return IST_NMI;
	case X86_TRAP_MC:
		return IST_MACHINE_CHECK;
	default:
		return 0;
	}
}

/**
 * idt_init - fill the IDT: every vector to its entry.S stub.
 *
 * #DF, NMI and #MC get IST stacks; #BP is callable from ring 3 so that a
 * user int3 will be a breakpoint, not a #GP.
 *
 * Context: boot CPU, once, interrupts off, before idt_load().
 */
void idt_init(void)
{
	for (unsigned int v = 0; v < X86_NR_VECTORS; v++) {
		u8 attr = GATE_INTERRUPT;

		if (v == X86_TRAP_BP)
			attr |= GATE_DPL3;
		idt_set_gate(v, isr_stub_table[v], idt_ist_for(v), attr);
	}
}

/**
 * idt_load - make the calling CPU use the IDT.
 *
 * Context: any CPU's bring-up, after idt_init() and gdt_init_cpu().
 */
void idt_load(void)
{
	struct desc_ptr ptr = {
		.limit = sizeof(idt) - 1,
		.base = (u64)idt,
	};

	__asm__ volatile("lidt %0" : : "m"(ptr) : "memory");
}

/**
 * idt_gate_info - decode the gate of @vector (tests and diagnostics).
 * @vector: 0-255
 * @ist: set to the gate's IST slot (0: none)
 * @dpl: set to the gate's DPL
 *
 * Context: any.
 * Return: the handler address in the gate.
 */
u64 idt_gate_info(unsigned int vector, unsigned int *ist, unsigned int *dpl)
{
	const struct idt_gate *g = &idt[vector & 0xff];

	*ist = g->ist & 7;
	*dpl = (g->type_attr >> 5) & 3;
	return g->offset_low | (u64)g->offset_mid << 16 |
	       (u64)g->offset_high << 32;
}

/**
 * arch_irq_set_handler - route @vector to @fn.
 * @vector: IRQ_VECTOR_FIRST..255, or X86_TRAP_NMI
 * @fn: the handler, or NULL to remove it
 *
 * Context: any; the change is atomic, but a handler being removed may
 * still be running on another CPU when this returns.
 * Return: 0, or -EINVAL for a CPU exception vector or one above 255.
 */
int arch_irq_set_handler(unsigned int vector, arch_irq_handler_fn fn)
{
	if (vector >= X86_NR_VECTORS ||
	    (vector < IRQ_VECTOR_FIRST && vector != X86_TRAP_NMI))
		return -EINVAL;
	__atomic_store_n(&irq_handlers[vector], fn, __ATOMIC_RELEASE);
	return 0;
}

/**
 * arch_irq_handler - the handler registered for @vector.
 * @vector: 0-255
 *
 * Context: any (trap_dispatch() calls it with interrupts off).
 * Return: the handler, or NULL if none is registered.
 */
arch_irq_handler_fn arch_irq_handler(unsigned int vector)
{
	if (vector >= X86_NR_VECTORS)
		return NULL;
	return __atomic_load_n(&irq_handlers[vector], __ATOMIC_ACQUIRE);
}
