// SPDX-License-Identifier: MIT
/*
 * PCI enumeration and driver binding (drivers/pci.h). pci_init() walks
 * bus 0 and every bus behind a bridge (the secondary bus numbers the
 * firmware assigned; we renumber nothing), records each function with
 * its BARs sized, and logs it as Linux does. A driver registered later
 * is probed for every function its id table matches. A machine with no
 * device we know boots the same: nothing binds.
 *
 * Locking: the device list is built once by pci_init() before any driver
 * registers, and only read afterwards; [I].
 */
#include <arch/mmu.h>
#include <arch/pci_conf.h>
#include "drivers/pci.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "mm/slab.h"

#define PCI_MAX_DEVICES_PER_BUS	32
#define PCI_MAX_FUNCTIONS	8

static struct list_head pci_devices = LIST_HEAD_INIT(pci_devices); /* [I] */
static unsigned int nr_pci_devices;	/* [I] */

u8 pci_read_config8(const struct pci_dev *dev, u16 off)
{
	return arch_pci_conf_read(dev->bdf, off, 1);
}

u16 pci_read_config16(const struct pci_dev *dev, u16 off)
{
	return arch_pci_conf_read(dev->bdf, off, 2);
}

u32 pci_read_config32(const struct pci_dev *dev, u16 off)
{
	return arch_pci_conf_read(dev->bdf, off, 4);
}

void pci_write_config8(const struct pci_dev *dev, u16 off, u8 v)
{
	arch_pci_conf_write(dev->bdf, off, 1, v);
}

void pci_write_config16(const struct pci_dev *dev, u16 off, u16 v)
{
	arch_pci_conf_write(dev->bdf, off, 2, v);
}

void pci_write_config32(const struct pci_dev *dev, u16 off, u32 v)
{
	arch_pci_conf_write(dev->bdf, off, 4, v);
}

static u8 dev_read8(void *ctx, u16 off)
{
	return pci_read_config8(ctx, off);
}

/**
 * pci_find_next_capability - the next capability @id after @pos.
 * @dev: the function
 * @pos: a capability's offset; the search starts at the one it links to
 * @id: PCI_CAP_ID_*
 *
 * Context: any.
 * Return: its offset, or 0.
 */
u8 pci_find_next_capability(const struct pci_dev *dev, u8 pos, u8 id)
{
	return pci_cap_find(dev_read8, (void *)dev, pos + 1, id);
}

/**
 * pci_find_capability - the first capability @id of @dev.
 * @dev: the function
 * @id: PCI_CAP_ID_*
 *
 * Context: any.
 * Return: its offset, or 0 (also when the function has no list).
 */
u8 pci_find_capability(const struct pci_dev *dev, u8 id)
{
	if (!(pci_read_config16(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	return pci_cap_find(dev_read8, (void *)dev, PCI_CAPABILITY_LIST, id);
}

/**
 * pci_set_master - let @dev decode its BARs and master the bus (DMA).
 * @dev: the function
 *
 * Context: process context, the driver's probe.
 */
void pci_set_master(struct pci_dev *dev)
{
	u16 cmd = pci_read_config16(dev, PCI_COMMAND);

	pci_write_config16(dev, PCI_COMMAND, cmd | PCI_COMMAND_IO |
			   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/**
 * pci_iomap - map memory BAR @bar uncached.
 * @dev: the function
 * @bar: 0-5
 *
 * Context: process context (may allocate page tables).
 * Return: its virtual address; NULL for an I/O or absent BAR, or without
 * memory for page tables.
 */
void *pci_iomap(struct pci_dev *dev, unsigned int bar)
{
	struct pci_bar *b;

	if (bar >= PCI_NR_BARS)
		return NULL;
	b = &dev->bar[bar];
	if (b->io || !b->size || !b->addr)
		return NULL;
	if (!b->va)
		b->va = ioremap(b->addr, b->size);
	return b->va;
}

/* Size BAR @i (and its high half): decoding is off while all ones sit in
 * the registers, so the device cannot claim a stray window meanwhile.
 * Return: the number of registers it took (2 for 64-bit memory). */
static unsigned int pci_size_bar(struct pci_dev *dev, unsigned int i)
{
	u16 reg = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 lo = pci_read_config32(dev, reg), hi = 0, lo_sized, hi_sized = 0;
	struct pci_bar_info info;
	bool is64;

	is64 = !(lo & PCI_BAR_IO) && (lo & PCI_BAR_MEM_TYPE_MASK) ==
					     PCI_BAR_MEM_TYPE_64;
	pci_write_config32(dev, reg, ~0u);
	lo_sized = pci_read_config32(dev, reg);
	pci_write_config32(dev, reg, lo);
	if (is64 && i + 1 < PCI_NR_BARS) {
		hi = pci_read_config32(dev, reg + 4);
		pci_write_config32(dev, reg + 4, ~0u);
		hi_sized = pci_read_config32(dev, reg + 4);
		pci_write_config32(dev, reg + 4, hi);
	}
	pci_bar_decode(lo, hi, lo_sized, hi_sized, &info);
	dev->bar[i].addr = info.addr;
	dev->bar[i].size = info.size;
	dev->bar[i].io = info.io;
	return is64 ? 2 : 1;
}

static void pci_size_bars(struct pci_dev *dev)
{
	unsigned int nr = dev->header_type == PCI_HEADER_BRIDGE ? 2 :
			  dev->header_type == PCI_HEADER_NORMAL ? PCI_NR_BARS :
			  0;
	u16 cmd = pci_read_config16(dev, PCI_COMMAND);

	pci_write_config16(dev, PCI_COMMAND,
			   cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned int i = 0; i < nr;)
		i += pci_size_bar(dev, i);
	pci_write_config16(dev, PCI_COMMAND, cmd);
}

static void pci_log_bars(const struct pci_dev *dev, const char *name)
{
	for (unsigned int i = 0; i < PCI_NR_BARS; i++) {
		const struct pci_bar *b = &dev->bar[i];

		if (!b->size)
			continue;
		pr_info("pci %s: reg 0x%x: [%s %#llx-%#llx]\n", name,
			PCI_BASE_ADDRESS_0 + 4 * i, b->io ? "io " : "mem",
			(unsigned long long)b->addr,
			(unsigned long long)(b->addr + b->size - 1));
	}
}

static struct pci_dev *pci_add_function(u16 bdf, u32 id)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	char line[80];
	u32 cr;

	if (!dev)
		return NULL;
	dev->bdf = bdf;
	dev->vendor = id & 0xffff;
	dev->device = id >> 16;
	cr = pci_read_config32(dev, PCI_CLASS_REVISION);
	dev->class = cr >> 8;
	dev->revision = cr & 0xff;
	dev->header_type = pci_read_config8(dev, PCI_HEADER_TYPE) &
			   PCI_HEADER_TYPE_MASK;
	dev->irq_line = pci_read_config8(dev, PCI_INTERRUPT_LINE);
	dev->irq_pin = pci_read_config8(dev, PCI_INTERRUPT_PIN);
	pci_format_device(line, sizeof(line), bdf, dev->vendor, dev->device,
			  dev->header_type, dev->class);
	pr_info("pci %s\n", line);
	pci_size_bars(dev);
	line[12] = '\0';	/* "0000:bb:dd.f" */
	pci_log_bars(dev, line);
	list_add_tail(&dev->node, &pci_devices);
	nr_pci_devices++;
	return dev;
}

static void pci_scan_bus(u8 bus, unsigned int depth);

/* Function @bdf, if present; a bridge's secondary bus is scanned next. */
static bool pci_scan_function(u16 bdf, unsigned int depth)
{
	u32 id = arch_pci_conf_read(bdf, PCI_VENDOR_ID, 4);
	struct pci_dev *dev;
	u8 secondary;

	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return false;
	dev = pci_add_function(bdf, id);
	if (!dev || dev->header_type != PCI_HEADER_BRIDGE)
		return true;
	secondary = pci_read_config8(dev, PCI_SECONDARY_BUS);
	/* A bus number not above ours is unassigned or a loop. */
	if (secondary > PCI_BDF_BUS(bdf))
		pci_scan_bus(secondary, depth + 1);
	return true;
}

static void pci_scan_bus(u8 bus, unsigned int depth)
{
	if (depth > 255)
		return;
	for (u8 d = 0; d < PCI_MAX_DEVICES_PER_BUS; d++) {
		u16 bdf = PCI_BDF(bus, d, 0);
		u8 type;

		if (!pci_scan_function(bdf, depth))
			continue;
		type = arch_pci_conf_read(bdf, PCI_HEADER_TYPE, 1);
		if (!(type & PCI_HEADER_MULTIFUNC))
			continue;
		for (u8 fn = 1; fn < PCI_MAX_FUNCTIONS; fn++)
			pci_scan_function(PCI_BDF(bus, d, fn), depth);
	}
}

/**
 * pci_init - find every PCI function.
 *
 * Context: boot, process context, after smp_init() (config space method
 * chosen, interrupts on), before any driver registers.
 */
void pci_init(void)
{
	pr_info("PCI: Probing PCI hardware (bus 00) through %s\n",
		arch_pci_conf_ecam() ? "ECAM" : "ports 0xcf8/0xcfc");
	pci_scan_bus(0, 0);
	pr_info("PCI: %u functions\n", nr_pci_devices);
}

/**
 * pci_nr_devices - how many functions pci_init() found.
 *
 * Context: any, after pci_init().
 * Return: the count.
 */
unsigned int pci_nr_devices(void)
{
	return nr_pci_devices;
}

/**
 * pci_get_device - the next function with these ids.
 * @vendor: vendor id, or PCI_ANY_ID
 * @device: device id, or PCI_ANY_ID
 * @from: the previous match, NULL to start
 *
 * Context: any, after pci_init().
 * Return: the function, or NULL when there is no more.
 */
struct pci_dev *pci_get_device(u16 vendor, u16 device,
			       const struct pci_dev *from)
{
	struct list_head *pos = from ? from->node.next : pci_devices.next;

	for (; pos != &pci_devices; pos = pos->next) {
		struct pci_dev *dev = list_entry(pos, struct pci_dev, node);

		if ((vendor == PCI_ANY_ID || dev->vendor == vendor) &&
		    (device == PCI_ANY_ID || dev->device == device))
			return dev;
	}
	return NULL;
}

static const struct pci_device_id *pci_match(const struct pci_driver *drv,
					     const struct pci_dev *dev)
{
	for (const struct pci_device_id *id = drv->ids; id->vendor; id++) {
		if (id->vendor != PCI_ANY_ID && id->vendor != dev->vendor)
			continue;
		if (id->device != PCI_ANY_ID && id->device != dev->device)
			continue;
		if ((dev->class & id->class_mask) != id->class)
			continue;
		return id;
	}
	return NULL;
}

/**
 * pci_register_driver - probe @drv on every unbound function it matches.
 * @drv: the driver; lives for the rest of the boot
 *
 * Context: process context, may sleep, after pci_init().
 * Return: the number of functions bound to @drv.
 */
int pci_register_driver(const struct pci_driver *drv)
{
	struct pci_dev *dev;
	int bound = 0;

	list_for_each_entry(dev, &pci_devices, node) {
		const struct pci_device_id *id = pci_match(drv, dev);
		int err;

		if (!id || dev->driver)
			continue;
		err = drv->probe(dev, id);
		if (err) {
			pr_warn("pci 0000:%02x:%02x.%u: %s probe failed: %d\n",
				PCI_BDF_BUS(dev->bdf), PCI_BDF_DEV(dev->bdf),
				PCI_BDF_FN(dev->bdf), drv->name, err);
			continue;
		}
		dev->driver = drv;
		bound++;
	}
	return bound;
}
