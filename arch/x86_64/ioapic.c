// SPDX-License-Identifier: MIT
/*
 * IOAPICs: they turn device interrupt lines (GSIs) into messages to a
 * local APIC. Legacy ISA IRQ n is GSI n, edge, active high - unless the
 * MADT has an interrupt source override for it, which gives the GSI and
 * its polarity and trigger mode. Every pin starts masked; a driver
 * registers its handler on APIC_ISA_VECTOR(irq), then unmasks the IRQ,
 * which is delivered to the boot CPU.
 *
 * Locking: [I] set by ioapic_init(); [l] ioapic_lock, because a register
 * access is a select write followed by a window access.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/mmu.h>
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

#define IOREGSEL		0x00
#define IOWIN			0x10
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REDTBL(pin)	(0x10 + 2 * (pin))
#define RTE_ACTIVE_LOW		(1U << 13)
#define RTE_LEVEL		(1U << 15)
#define RTE_MASKED		(1U << 16)
#define ISA_IRQS		16

struct ioapic {
	volatile u32 *mmio;	/* [I] */
	u32 gsi_base;		/* [I] */
	u32 nr_pins;		/* [I] */
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];	/* [I] */
static unsigned int nr_ioapics;			/* [I] */
static const struct acpi_info *ioapic_acpi;	/* [I] */
static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	io->mmio[IOREGSEL / 4] = reg;
	return io->mmio[IOWIN / 4];
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 v)
{
	io->mmio[IOREGSEL / 4] = reg;
	io->mmio[IOWIN / 4] = v;
}

static struct ioapic *ioapic_for_gsi(u32 gsi, u32 *pin)
{
	for (unsigned int i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi < io->gsi_base + io->nr_pins) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

/* The redirection entry's low word for ISA @irq, and its GSI. */
static u32 isa_rte(unsigned int irq, u32 *gsi)
{
	const struct acpi_info *a = ioapic_acpi;
	u32 rte = APIC_ISA_VECTOR(irq);

	*gsi = irq;
	for (u32 i = 0; a && i < a->nr_overrides; i++) {
		const struct acpi_override *o = &a->overrides[i];

		if (o->bus != 0 || o->irq != irq)
			continue;
		*gsi = o->gsi;
		if ((o->flags & ACPI_POLARITY_MASK) == ACPI_POLARITY_LOW)
			rte |= RTE_ACTIVE_LOW;
		if ((o->flags & ACPI_TRIGGER_MASK) == ACPI_TRIGGER_LEVEL)
			rte |= RTE_LEVEL;
	}
	return rte;
}

static int isa_irq_program(unsigned int irq, bool masked)
{
	struct ioapic *io;
	unsigned long flags;
	u32 gsi, pin, rte;

	if (irq >= ISA_IRQS)
		return -EINVAL;
	rte = isa_rte(irq, &gsi) | (masked ? RTE_MASKED : 0);
	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = spin_lock_irqsave(&ioapic_lock);
	ioapic_write(io, IOAPIC_REDTBL(pin) + 1, percpu_area[0].apic_id << 24);
	ioapic_write(io, IOAPIC_REDTBL(pin), rte);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

/**
 * arch_isa_irq_unmask - deliver ISA @irq to the boot CPU.
 * @irq: 0-15; its vector is APIC_ISA_VECTOR(@irq), whose handler must
 *       call arch_irq_eoi()
 *
 * Context: any.
 * Return: 0, -EINVAL for a bad @irq, -ENODEV if no IOAPIC serves it.
 */
int arch_isa_irq_unmask(unsigned int irq)
{
	return isa_irq_program(irq, false);
}

/* As arch_isa_irq_unmask(), but stop delivery. */
int arch_isa_irq_mask(unsigned int irq)
{
	return isa_irq_program(irq, true);
}

/**
 * arch_gsi_irq_unmask - deliver @gsi to the boot CPU on @vector.
 * @gsi: the IOAPIC input (a PCI INTx line, for instance)
 * @vector: its vector; the handler must call arch_irq_eoi()
 * @level: level-triggered (PCI INTx) rather than edge
 * @active_low: asserted low
 *
 * Context: any.
 * Return: 0, or -ENODEV if no IOAPIC serves @gsi.
 */
int arch_gsi_irq_unmask(u32 gsi, u8 vector, bool level, bool active_low)
{
	u32 rte = vector | (level ? RTE_LEVEL : 0) |
		  (active_low ? RTE_ACTIVE_LOW : 0);
	struct ioapic *io;
	unsigned long flags;
	u32 pin;

	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return -ENODEV;
	flags = spin_lock_irqsave(&ioapic_lock);
	ioapic_write(io, IOAPIC_REDTBL(pin) + 1, percpu_area[0].apic_id << 24);
	ioapic_write(io, IOAPIC_REDTBL(pin), rte);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

static void ioapic_add(const struct acpi_ioapic *a)
{
	struct ioapic *io = &ioapics[nr_ioapics];

	io->mmio = ioremap(a->addr, PAGE_SIZE);
	if (!io->mmio) {
		pr_warn("ioapic: cannot map %#llx\n",
			(unsigned long long)a->addr);
		return;
	}
	io->gsi_base = a->gsi_base;
	io->nr_pins = ((ioapic_read(io, IOAPIC_REG_VER) >> 16) & 0xff) + 1;
	for (u32 pin = 0; pin < io->nr_pins; pin++)
		ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
	nr_ioapics++;
	pr_info("ioapic: id %u at %#llx, GSI %u-%u\n", a->id,
		(unsigned long long)a->addr, io->gsi_base,
		io->gsi_base + io->nr_pins - 1);
}

/**
 * ioapic_init - map every IOAPIC of the MADT and mask all its pins.
 * @acpi: the parsed tables (kept for the ISA overrides); NULL: none
 *
 * Context: boot CPU, once, interrupts off.
 */
void ioapic_init(const struct acpi_info *acpi)
{
	ioapic_acpi = acpi;
	if (!acpi)
		return;
	for (u32 i = 0; i < acpi->nr_ioapics; i++)
		ioapic_add(&acpi->ioapics[i]);
	if (!nr_ioapics)
		pr_warn("ioapic: none found; legacy IRQs stay off\n");
}
