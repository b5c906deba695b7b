/* SPDX-License-Identifier: MIT */
/*
 * The local APIC (every CPU's interrupt controller and timer), the IOAPIC
 * (legacy device interrupts) and the vector plan they share.
 *
 *   0x20-0x2f  8259 PIC, remapped there only so that its spurious IRQ 7/15
 *              cannot look like an exception; all its lines stay masked
 *   0x30-0x3f  ISA IRQ n through the IOAPIC: APIC_ISA_VECTOR(n)
 *   0x40-0x5f  PCI devices (MSI, MSI-X, INTx): arch_pci_vector_alloc()
 *   0xec       local APIC timer (the tick)
 *   0xf0-0xf3  free: the traps tests borrow them
 *   0xfb-0xfd  IPIs: TLB shootdown, function call, reschedule (<arch/smp.h>)
 *   0xfe       local APIC error
 *   0xff       local APIC spurious
 *
 * The local APIC is driven through MMIO (xAPIC) or MSRs (x2APIC, when
 * CPUID has it); callers never see which.
 */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

#include "lib/types.h"

#define APIC_PIC_VECTOR_BASE	0x20
#define APIC_ISA_VECTOR_BASE	0x30
#define APIC_ISA_VECTOR(irq)	(APIC_ISA_VECTOR_BASE + (irq))
#define APIC_PCI_VECTOR_FIRST	0x40
#define APIC_PCI_VECTOR_LAST	0x5f
#define APIC_TIMER_VECTOR	0xec
#define APIC_ERROR_VECTOR	0xfe
#define APIC_SPURIOUS_VECTOR	0xff

struct acpi_info;

/* Local APIC: apic.c */
void apic_init_bsp(const struct acpi_info *acpi);
void apic_init_cpu(void);
u32 apic_read_id(void);
bool apic_x2apic_mode(void);
void apic_send_ipi(u32 apic_id, u8 vector);
void apic_send_init(u32 apic_id);
void apic_send_sipi(u32 apic_id, u8 page);
void apic_timer_arm(u32 lvt, u32 divide, u32 count);
u32 apic_timer_current(void);

/**
 * arch_irq_eoi - acknowledge the interrupt being handled at the local APIC.
 *
 * Context: an interrupt handler of a vector the APIC delivered (IOAPIC
 * lines, the timer, IPIs); interrupts off. Never for the spurious vector.
 */
void arch_irq_eoi(void);

/* Local APIC timer, the tick: apic_timer.c */
void apic_timer_init(const struct acpi_info *acpi);
void apic_timer_start_cpu(void);
void apic_timer_stop_cpu(void);
u64 apic_timer_hz(void);

/* IOAPIC: ioapic.c. ISA IRQs honour the MADT's overrides. */
void ioapic_init(const struct acpi_info *acpi);
int arch_isa_irq_unmask(unsigned int irq);
int arch_isa_irq_mask(unsigned int irq);
int arch_gsi_irq_unmask(u32 gsi, u8 vector, bool level, bool active_low);

/* 8259 PIC: pic.c */
void pic_disable(void);

/* HPET: hpet.c; a reference clock for calibration only. */
bool hpet_init(paddr_t addr);
u64 hpet_counter(void);
u32 hpet_period_fs(void);

#endif
