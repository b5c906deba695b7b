// SPDX-License-Identifier: MIT
/*
 * PCI interrupts (drivers/pci.h): a function gets one vector, delivered
 * by the best mechanism it has. MSI-X (entry 0 of its table, the other
 * entries masked), else MSI (one message), else its INTx pin through the
 * IOAPIC (arch_pci_intx_route() says how the line is found without
 * ACPI's _PRT). Messages are edge interrupts owned by one function; INTx
 * lines are level-triggered and may be shared, so an INTx vector calls
 * the handler of every function on it and each handler must tell
 * whether its device raised the line (virtio reads its ISR).
 *
 * Handlers run in interrupt context, interrupts off: they may only take
 * irqsave spinlocks and wake tasks.
 *
 * Locking: pci_irq_setup() runs in probes, one at a time at boot; the
 * share table is [I] once a vector's handler is installed, which
 * happens after its entry is filled.
 */
#include <arch/apic.h>
#include <arch/irq.h>
#include <arch/mmio.h>
#include <arch/pci_conf.h>
#include "drivers/pci.h"
#include "kernel/printk.h"
#include "lib/errno.h"

#define PCI_MSI_FLAGS		2	/* from the capability */
#define  PCI_MSI_FLAGS_ENABLE	0x1
#define  PCI_MSI_FLAGS_64BIT	0x80
#define PCI_MSI_ADDR_LO		4
#define PCI_MSI_ADDR_HI		8
#define PCI_MSI_DATA_32		8
#define PCI_MSI_DATA_64		12

#define PCI_MSIX_FLAGS		2
#define  PCI_MSIX_FLAGS_QSIZE	0x7ff
#define  PCI_MSIX_FLAGS_MASKALL	0x4000
#define  PCI_MSIX_FLAGS_ENABLE	0x8000
#define PCI_MSIX_TABLE		4
#define  PCI_MSIX_TABLE_BIR	0x7
#define PCI_MSIX_ENTRY_SIZE	16
#define PCI_MSIX_ENTRY_ADDR_LO	0
#define PCI_MSIX_ENTRY_ADDR_HI	4
#define PCI_MSIX_ENTRY_DATA	8
#define PCI_MSIX_ENTRY_CTRL	12
#define  PCI_MSIX_ENTRY_MASKED	0x1

#define PCI_NR_VECTORS	(APIC_PCI_VECTOR_LAST - APIC_PCI_VECTOR_FIRST + 1)
#define PCI_IRQ_SHARERS	4	/* functions on one INTx vector */

/* Per PCI vector: the functions it serves. [I] once installed. */
static struct pci_dev *vector_devs[PCI_NR_VECTORS][PCI_IRQ_SHARERS];
/* Per INTx line: its vector, 0 until routed. */
static u8 line_vector[256];

static void pci_irq_entry(struct trap_frame *f)
{
	struct pci_dev **devs = vector_devs[f->vector - APIC_PCI_VECTOR_FIRST];

	for (unsigned int i = 0; i < PCI_IRQ_SHARERS && devs[i]; i++) {
		__atomic_add_fetch(&devs[i]->nr_irqs, 1, __ATOMIC_RELAXED);
		devs[i]->irq_handler(devs[i]);
	}
	arch_irq_eoi();
}

static int pci_vector_attach(struct pci_dev *dev, int vector)
{
	struct pci_dev **devs = vector_devs[vector - APIC_PCI_VECTOR_FIRST];

	for (unsigned int i = 0; i < PCI_IRQ_SHARERS; i++) {
		if (devs[i])
			continue;
		devs[i] = dev;
		dev->vector = vector;
		if (i == 0)
			return arch_irq_set_handler(vector, pci_irq_entry);
		return 0;
	}
	return -EBUSY;
}

static void pci_intx_enable(struct pci_dev *dev, bool on)
{
	u16 cmd = pci_read_config16(dev, PCI_COMMAND);

	if (on)
		cmd &= ~PCI_COMMAND_INTX_DISABLE;
	else
		cmd |= PCI_COMMAND_INTX_DISABLE;
	pci_write_config16(dev, PCI_COMMAND, cmd);
}

static int pci_setup_msix(struct pci_dev *dev, u8 cap, int vector)
{
	u16 flags = pci_read_config16(dev, cap + PCI_MSIX_FLAGS);
	u32 table = pci_read_config32(dev, cap + PCI_MSIX_TABLE);
	unsigned int n = (flags & PCI_MSIX_FLAGS_QSIZE) + 1;
	u8 *base = pci_iomap(dev, table & PCI_MSIX_TABLE_BIR);
	u64 addr;
	u32 data;

	if (!base)
		return -ENODEV;
	base += table & ~PCI_MSIX_TABLE_BIR;
	arch_msi_message(vector, &addr, &data);
	/* Function-masked while the table is written, as the spec asks. */
	pci_write_config16(dev, cap + PCI_MSIX_FLAGS,
			   flags | PCI_MSIX_FLAGS_ENABLE |
				   PCI_MSIX_FLAGS_MASKALL);
	for (unsigned int i = 0; i < n; i++) {
		u8 *e = base + i * PCI_MSIX_ENTRY_SIZE;

		writel(PCI_MSIX_ENTRY_MASKED, e + PCI_MSIX_ENTRY_CTRL);
		if (i)
			continue;
		writel((u32)addr, e + PCI_MSIX_ENTRY_ADDR_LO);
		writel((u32)(addr >> 32), e + PCI_MSIX_ENTRY_ADDR_HI);
		writel(data, e + PCI_MSIX_ENTRY_DATA);
		writel(0, e + PCI_MSIX_ENTRY_CTRL);
	}
	pci_write_config16(dev, cap + PCI_MSIX_FLAGS,
			   (flags | PCI_MSIX_FLAGS_ENABLE) &
				   ~PCI_MSIX_FLAGS_MASKALL);
	return 0;
}

static void pci_setup_msi(struct pci_dev *dev, u8 cap, int vector)
{
	u16 flags = pci_read_config16(dev, cap + PCI_MSI_FLAGS);
	u64 addr;
	u32 data;

	arch_msi_message(vector, &addr, &data);
	pci_write_config32(dev, cap + PCI_MSI_ADDR_LO, (u32)addr);
	if (flags & PCI_MSI_FLAGS_64BIT) {
		pci_write_config32(dev, cap + PCI_MSI_ADDR_HI, addr >> 32);
		pci_write_config16(dev, cap + PCI_MSI_DATA_64, data);
	} else {
		pci_write_config16(dev, cap + PCI_MSI_DATA_32, data);
	}
	/* One message: the Multiple Message Enable field stays 0. */
	pci_write_config16(dev, cap + PCI_MSI_FLAGS,
			   (flags & ~0x70) | PCI_MSI_FLAGS_ENABLE);
}

static int pci_setup_intx(struct pci_dev *dev)
{
	int vector = line_vector[dev->irq_line];
	int err;

	if (!dev->irq_pin)
		return -ENODEV;
	if (!vector) {
		vector = arch_pci_vector_alloc();
		if (vector < 0)
			return vector;
		err = arch_pci_intx_route(dev->irq_line, vector);
		if (err)
			return err;
		line_vector[dev->irq_line] = vector;
	}
	err = pci_vector_attach(dev, vector);
	if (!err)
		pci_intx_enable(dev, true);
	return err;
}

static int pci_setup_message(struct pci_dev *dev, u8 msix, u8 msi)
{
	int vector = arch_pci_vector_alloc();
	int err;

	if (vector < 0)
		return vector;
	err = pci_vector_attach(dev, vector);
	if (err)
		return err;
	pci_intx_enable(dev, false);
	if (msix)
		return pci_setup_msix(dev, msix, vector);
	pci_setup_msi(dev, msi, vector);
	return 0;
}

static const char *const irq_kind_names[] = {
	[PCI_IRQ_NONE] = "none", [PCI_IRQ_INTX] = "INTx",
	[PCI_IRQ_MSI] = "MSI", [PCI_IRQ_MSIX] = "MSI-X",
};

/**
 * pci_irq_setup - give @dev one interrupt vector and a handler.
 * @dev: the function, bound by the caller's probe
 * @handler: runs on each interrupt, interrupts off; with INTx it is also
 *           called for the other functions' interrupts on a shared line
 * @allow_msi: false to use INTx even when MSI or MSI-X is there (tests)
 *
 * With MSI-X the device raises entry 0 (the driver tells the device to
 * use it, as virtio does through its vector registers).
 *
 * Context: process context, the driver's probe.
 * Return: 0 and dev->irq_kind set; -ENODEV with no usable mechanism,
 * -ENOSPC out of vectors, -EBUSY for a too-shared line.
 */
int pci_irq_setup(struct pci_dev *dev, void (*handler)(struct pci_dev *),
		  bool allow_msi)
{
	u8 msix = allow_msi ? pci_find_capability(dev, PCI_CAP_ID_MSIX) : 0;
	u8 msi = allow_msi ? pci_find_capability(dev, PCI_CAP_ID_MSI) : 0;
	int err;

	dev->irq_handler = handler;
	if (msix || msi) {
		err = pci_setup_message(dev, msix, msi);
		dev->irq_kind = msix ? PCI_IRQ_MSIX : PCI_IRQ_MSI;
	} else {
		err = pci_setup_intx(dev);
		dev->irq_kind = PCI_IRQ_INTX;
	}
	if (err) {
		dev->irq_kind = PCI_IRQ_NONE;
		return err;
	}
	pr_info("pci 0000:%02x:%02x.%u: %s on vector %#x (INTx line %u)\n",
		PCI_BDF_BUS(dev->bdf), PCI_BDF_DEV(dev->bdf),
		PCI_BDF_FN(dev->bdf), irq_kind_names[dev->irq_kind],
		dev->vector, dev->irq_line);
	return 0;
}

/**
 * pci_irq_count - interrupts @dev's vector delivered to it so far.
 * @dev: the function
 *
 * Context: any.
 * Return: the count (shared INTx: every interrupt of the line).
 */
u64 pci_irq_count(const struct pci_dev *dev)
{
	return __atomic_load_n(&dev->nr_irqs, __ATOMIC_RELAXED);
}
