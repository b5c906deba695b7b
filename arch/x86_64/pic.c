// SPDX-License-Identifier: MIT
/*
 * The two cascaded 8259 PICs. The IOAPIC delivers legacy IRQs instead, so
 * the PICs are only reprogrammed to vectors 0x20-0x2f - away from the CPU
 * exceptions, where a spurious IRQ 7 or 15 would otherwise land - and
 * every line is masked. Harmless on boards that have no PIC at all.
 */
#include <arch/apic.h>
#include <arch/io.h>
#include <arch/irq.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define ICW1_INIT_ICW4	0x11	/* edge, cascade, ICW4 follows */
#define ICW3_SLAVE_AT_2	0x04
#define ICW3_CASCADE_ID	0x02
#define ICW4_8086	0x01
#define MASK_ALL	0xff

/* A PIC's spurious IRQ 7/15: nothing to acknowledge, nothing to do. */
static void pic_spurious_irq(struct trap_frame *f)
{
}

/**
 * pic_disable - remap both 8259s to 0x20-0x2f and mask every line.
 *
 * Context: boot CPU, once, interrupts off.
 */
void pic_disable(void)
{
	arch_outb(PIC1_DATA, MASK_ALL);
	arch_outb(PIC2_DATA, MASK_ALL);
	arch_outb(PIC1_CMD, ICW1_INIT_ICW4);
	arch_io_delay();
	arch_outb(PIC2_CMD, ICW1_INIT_ICW4);
	arch_io_delay();
	arch_outb(PIC1_DATA, APIC_PIC_VECTOR_BASE);
	arch_io_delay();
	arch_outb(PIC2_DATA, APIC_PIC_VECTOR_BASE + 8);
	arch_io_delay();
	arch_outb(PIC1_DATA, ICW3_SLAVE_AT_2);
	arch_io_delay();
	arch_outb(PIC2_DATA, ICW3_CASCADE_ID);
	arch_io_delay();
	arch_outb(PIC1_DATA, ICW4_8086);
	arch_io_delay();
	arch_outb(PIC2_DATA, ICW4_8086);
	arch_io_delay();
	arch_outb(PIC1_DATA, MASK_ALL);
	arch_outb(PIC2_DATA, MASK_ALL);
	arch_irq_set_handler(APIC_PIC_VECTOR_BASE + 7, pic_spurious_irq);
	arch_irq_set_handler(APIC_PIC_VECTOR_BASE + 15, pic_spurious_irq);
}
