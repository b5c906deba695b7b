// SPDX-License-Identifier: MIT
/*
 * PCI configuration space and PCI interrupt messages (<arch/pci_conf.h>).
 *
 * Two ways in. ECAM: the MCFG table gives a memory window where function
 * bdf's 4 KiB of config space sit at base + (bus - bus_start) << 20 |
 * dev << 15 | fn << 12; each access is one uncached load or store, so
 * ECAM needs no lock. A bus's 1 MiB is mapped on its first access (the
 * whole window of 256 buses would cost 128 page tables up front). The
 * legacy mechanism #1 (ports 0xcf8/0xcfc) writes an address then moves
 * data: two steps, hence pci_conf_lock. i440fx has no MCFG and uses the
 * ports; q35 has one. Linux also checks that the MCFG window is reserved
 * in the firmware's memory map before trusting it; we do not.
 *
 * Locking: [I] set by arch_pci_conf_init() before any device is touched;
 * [l] pci_conf_lock; [a] atomic.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/io.h>
#include <arch/mmio.h>
#include <arch/mmu.h>
#include <arch/pci_conf.h>
#include "kernel/percpu.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

#define PCI_CONF_ADDR		0xcf8
#define PCI_CONF_DATA		0xcfc
#define PCI_CONF_ENABLE		0x80000000u
#define PCI_LEGACY_CONF_SIZE	256
#define PCI_ECAM_CONF_SIZE	4096
#define ECAM_BUS_SHIFT		20
#define ECAM_BUS_SIZE		(1UL << ECAM_BUS_SHIFT)
#define MSI_ADDR_BASE		0xfee00000u
#define MSI_ADDR_DEST_SHIFT	12

static paddr_t ecam_base;			/* [I] 0: ports */
static u8 ecam_bus_start, ecam_bus_end;		/* [I] */
static u8 *ecam_bus_va[256];			/* [a] mapped buses */
static struct spinlock pci_conf_lock = SPINLOCK_INIT("pci_conf");
static unsigned int next_vector = APIC_PCI_VECTOR_FIRST;	/* [a] */

/* Where bus @bus's config space starts. */
static paddr_t ecam_window(unsigned int bus)
{
	return ecam_base + ((paddr_t)bus << ECAM_BUS_SHIFT);
}

/**
 * arch_pci_conf_init - choose ECAM or the legacy ports.
 * @acpi: the parsed ACPI tables; its MCFG entry for segment 0, if any,
 *        selects ECAM
 *
 * Context: boot CPU, once, before any config access.
 */
void arch_pci_conf_init(const struct acpi_info *acpi)
{
	for (u32 i = 0; acpi && i < acpi->nr_mcfg; i++) {
		const struct acpi_mcfg *m = &acpi->mcfg[i];

		if (m->segment != 0 || !m->base)
			continue;
		ecam_base = m->base;
		ecam_bus_start = m->bus_start;
		ecam_bus_end = m->bus_end;
		pr_info("PCI: ECAM [mem %#llx-%#llx] (base %#llx) for domain "
			"0000 [bus %02x-%02x]\n",
			(unsigned long long)ecam_window(ecam_bus_start),
			(unsigned long long)ecam_window(ecam_bus_end + 1) - 1,
			(unsigned long long)ecam_base, ecam_bus_start,
			ecam_bus_end);
		return;
	}
	pr_info("PCI: Using configuration type 1 for base access\n");
}

/**
 * arch_pci_conf_ecam - whether config space goes through ECAM.
 *
 * Context: any.
 * Return: true with an MCFG window, false on the legacy ports.
 */
bool arch_pci_conf_ecam(void)
{
	return ecam_base != 0;
}

/**
 * arch_pci_conf_size - the bytes of config space a function shows.
 *
 * Context: any.
 * Return: 4096 through ECAM (PCI Express extended space), 256 otherwise.
 */
u16 arch_pci_conf_size(void)
{
	return ecam_base ? PCI_ECAM_CONF_SIZE : PCI_LEGACY_CONF_SIZE;
}

/* The bus's ECAM window, mapped on first use; NULL outside the MCFG's
 * range or without memory for page tables. */
static u8 *ecam_bus(u8 bus)
{
	u8 *va = __atomic_load_n(&ecam_bus_va[bus], __ATOMIC_ACQUIRE);

	if (va || bus < ecam_bus_start || bus > ecam_bus_end)
		return va;
	/* Two CPUs may both map it: ioremap() keeps what is there. */
	va = ioremap(ecam_window(bus), ECAM_BUS_SIZE);
	__atomic_store_n(&ecam_bus_va[bus], va, __ATOMIC_RELEASE);
	return va;
}

static volatile u8 *ecam_addr(u16 bdf, u16 off)
{
	u8 *bus = ecam_bus(bdf >> 8);

	if (!bus)
		return NULL;
	return bus + ((u32)(bdf & 0xff) << 12) + off;
}

static u32 legacy_addr(u16 bdf, u16 off)
{
	return PCI_CONF_ENABLE | (u32)bdf << 8 | (off & 0xfc);
}

/**
 * arch_pci_conf_read - read config space.
 * @bdf: the function
 * @off: byte offset, aligned to @size, below arch_pci_conf_size()
 * @size: 1, 2 or 4
 *
 * Context: any (the port path takes pci_conf_lock with interrupts off).
 * Return: the value; all ones for an absent function or a bad offset.
 */
u32 arch_pci_conf_read(u16 bdf, u16 off, unsigned int size)
{
	unsigned long flags;
	u32 v;

	if (off >= arch_pci_conf_size() || (off & (size - 1)))
		return ~0u;
	if (ecam_base) {
		volatile u8 *a = ecam_addr(bdf, off);

		if (!a)
			return ~0u;
		return size == 1 ? readb(a) : size == 2 ? readw(a) : readl(a);
	}
	flags = spin_lock_irqsave(&pci_conf_lock);
	arch_outl(PCI_CONF_ADDR, legacy_addr(bdf, off));
	if (size == 1)
		v = arch_inb(PCI_CONF_DATA + (off & 3));
	else if (size == 2)
		v = arch_inw(PCI_CONF_DATA + (off & 2));
	else
		v = arch_inl(PCI_CONF_DATA);
	spin_unlock_irqrestore(&pci_conf_lock, flags);
	return v;
}

/**
 * arch_pci_conf_write - write config space.
 * @bdf: the function
 * @off: byte offset, aligned to @size, below arch_pci_conf_size()
 * @size: 1, 2 or 4
 * @v: the value
 *
 * A bad offset is ignored. Context: any, as arch_pci_conf_read().
 */
void arch_pci_conf_write(u16 bdf, u16 off, unsigned int size, u32 v)
{
	unsigned long flags;

	if (off >= arch_pci_conf_size() || (off & (size - 1)))
		return;
	if (ecam_base) {
		volatile u8 *a = ecam_addr(bdf, off);

		if (!a)
			return;
		if (size == 1)
			writeb(v, a);
		else if (size == 2)
			writew(v, a);
		else
			writel(v, a);
		return;
	}
	flags = spin_lock_irqsave(&pci_conf_lock);
	arch_outl(PCI_CONF_ADDR, legacy_addr(bdf, off));
	if (size == 1)
		arch_outb(PCI_CONF_DATA + (off & 3), v);
	else if (size == 2)
		arch_outw(PCI_CONF_DATA + (off & 2), v);
	else
		arch_outl(PCI_CONF_DATA, v);
	spin_unlock_irqrestore(&pci_conf_lock, flags);
}

/**
 * arch_pci_vector_alloc - a free vector for a PCI interrupt.
 *
 * Vectors are never given back: devices are probed once per boot.
 *
 * Context: any.
 * Return: a vector in APIC_PCI_VECTOR_FIRST..LAST, or -ENOSPC.
 */
int arch_pci_vector_alloc(void)
{
	unsigned int v = __atomic_fetch_add(&next_vector, 1, __ATOMIC_RELAXED);

	if (v > APIC_PCI_VECTOR_LAST)
		return -ENOSPC;
	return v;
}

/**
 * arch_msi_message - the MSI address and data that raise @vector.
 * @vector: from arch_pci_vector_alloc()
 * @addr: out: the local APIC message address (boot CPU, physical mode)
 * @data: out: fixed delivery, edge
 *
 * Context: any.
 */
void arch_msi_message(u8 vector, u64 *addr, u32 *data)
{
	*addr = MSI_ADDR_BASE |
		(u64)(percpu_area[0].apic_id & 0xff) << MSI_ADDR_DEST_SHIFT;
	*data = vector;
}

/**
 * arch_pci_intx_route - deliver a PCI INTx line to @vector.
 * @line: the interrupt line register the firmware wrote
 * @vector: from arch_pci_vector_alloc()
 *
 * Without ACPI's _PRT (AML we do not interpret) the firmware's interrupt
 * line is taken as the GSI: BIOSes write the ISA IRQ their PCI interrupt
 * router (PIIX3 on i440fx, ICH9 on q35) steers the pin to, and those
 * routers drive the same-numbered IOAPIC input. PCI INTx is level
 * triggered and shared; a GSI from 16 up is active low, as ACPI's
 * default for PCI says, an ISA-range one active high as QEMU's link
 * devices declare.
 *
 * Context: any.
 * Return: 0; -ENODEV for no line (0 or 0xff) or no IOAPIC for it.
 */
int arch_pci_intx_route(u8 line, u8 vector)
{
	if (line == 0 || line == 0xff)
		return -ENODEV;
	return arch_gsi_irq_unmask(line, vector, true, line >= 16);
}
