/* SPDX-License-Identifier: MIT */
/*
 * PCI (drivers/pci.c, drivers/pci_irq.c): every function on every bus,
 * found once at boot with its BARs sized; a driver maps the memory BARs
 * it uses uncached (pci_iomap()). Drivers register a table of ids and
 * are probed for each function that matches, as in Linux. Interrupts: MSI-X, else MSI, else
 * the legacy INTx line through the IOAPIC (pci_irq_setup()).
 *
 * Locking: [I] set during enumeration (pci_init()) or by the driver's
 * probe, which runs before anything else uses the device; [d] the driver
 * owning the device; [a] atomic.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include "drivers/pci_decode.h"
#include "lib/list.h"
#include "lib/types.h"

#define PCI_ANY_ID	0xffff

struct pci_bar {
	u64 addr;		/* [I] bus address; 0: not implemented */
	u64 size;		/* [I] */
	bool io;		/* [I] an I/O port range */
	void *va;		/* [d] pci_iomap()'s mapping */
};

enum pci_irq_kind { PCI_IRQ_NONE, PCI_IRQ_INTX, PCI_IRQ_MSI, PCI_IRQ_MSIX };

struct pci_dev {
	struct list_head node;		/* [I] pci_devices */
	u16 bdf;			/* [I] */
	u16 vendor, device;		/* [I] */
	u32 class;			/* [I] class:subclass:prog-if */
	u8 revision;			/* [I] */
	u8 header_type;			/* [I] without the multifunc bit */
	u8 irq_line, irq_pin;		/* [I] firmware's INTx routing */
	struct pci_bar bar[PCI_NR_BARS];	/* [I] */
	const struct pci_driver *driver;	/* [I] bound driver */
	void *drvdata;				/* [d] */
	enum pci_irq_kind irq_kind;		/* [d] pci_irq_setup()'s */
	u8 vector;				/* [d] its vector */
	void (*irq_handler)(struct pci_dev *dev);	/* [d] */
	u64 nr_irqs;			/* [a] interrupts taken */
};

struct pci_device_id {
	u16 vendor, device;		/* PCI_ANY_ID matches any */
	u32 class, class_mask;		/* (class & mask) == class */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *ids;	/* ends with vendor 0 */
	/* Bind to @dev; an errno leaves it unbound. Process context. */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
};

void pci_init(void);
int pci_register_driver(const struct pci_driver *drv);
struct pci_dev *pci_get_device(u16 vendor, u16 device,
			       const struct pci_dev *from);
unsigned int pci_nr_devices(void);

u8 pci_read_config8(const struct pci_dev *dev, u16 off);
u16 pci_read_config16(const struct pci_dev *dev, u16 off);
u32 pci_read_config32(const struct pci_dev *dev, u16 off);
void pci_write_config8(const struct pci_dev *dev, u16 off, u8 v);
void pci_write_config16(const struct pci_dev *dev, u16 off, u16 v);
void pci_write_config32(const struct pci_dev *dev, u16 off, u32 v);
u8 pci_find_capability(const struct pci_dev *dev, u8 id);
u8 pci_find_next_capability(const struct pci_dev *dev, u8 pos, u8 id);
void pci_set_master(struct pci_dev *dev);
void *pci_iomap(struct pci_dev *dev, unsigned int bar);

/* drivers/pci_irq.c */
int pci_irq_setup(struct pci_dev *dev, void (*handler)(struct pci_dev *),
		  bool allow_msi);
u64 pci_irq_count(const struct pci_dev *dev);

#endif
