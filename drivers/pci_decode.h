/* SPDX-License-Identifier: MIT */
/*
 * The pure arithmetic of PCI (drivers/pci_decode.c), apart from any
 * hardware so that the host tests run it: config-space register layout,
 * BAR decoding and sizing, the capability-list walk, the log line.
 */
#ifndef DRIVERS_PCI_DECODE_H
#define DRIVERS_PCI_DECODE_H

#include "lib/types.h"

/* A function's name: bus << 8 | device << 3 | function. */
#define PCI_BDF(bus, dev, fn)	((u16)((bus) << 8 | (dev) << 3 | (fn)))
#define PCI_BDF_BUS(bdf)	((u8)((bdf) >> 8))
#define PCI_BDF_DEV(bdf)	((u8)(((bdf) >> 3) & 0x1f))
#define PCI_BDF_FN(bdf)		((u8)((bdf) & 7))

/* Type 0/1 header registers (PCI Local Bus 3.0, 6.1). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x1
#define  PCI_COMMAND_MEMORY	0x2
#define  PCI_COMMAND_MASTER	0x4
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_CLASS_REVISION	0x08	/* class << 8 | revision */
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_MULTIFUNC	0x80
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_SECONDARY_BUS	0x19	/* type 1: bridges */
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_HEADER_NORMAL	0
#define PCI_HEADER_BRIDGE	1
#define PCI_NR_BARS		6	/* type 0; a bridge has 2 */

/* BAR low bits. */
#define PCI_BAR_IO		0x1
#define PCI_BAR_MEM_TYPE_MASK	0x6
#define PCI_BAR_MEM_TYPE_64	0x4
#define PCI_BAR_MEM_PREFETCH	0x8
#define PCI_BAR_IO_MASK		(~0x3u)
#define PCI_BAR_MEM_MASK	(~0xfu)

/* Capability ids. */
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11

/* Linux's PCI_FIND_CAP_TTL: a list longer than this loops. */
#define PCI_CAP_MAX_WALK	48

struct pci_bar_info {
	u64 addr;		/* bus address */
	u64 size;		/* 0: BAR not implemented */
	bool io;		/* I/O space, else memory */
	bool is64;		/* memory BAR taking two registers */
	bool prefetch;
};

void pci_bar_decode(u32 lo, u32 hi, u32 lo_sized, u32 hi_sized,
		    struct pci_bar_info *out);

/* Reads one config byte of the function being walked. */
typedef u8 (*pci_read8_fn)(void *ctx, u16 off);

u8 pci_cap_find(pci_read8_fn read8, void *ctx, u8 start, u8 id);

int pci_format_device(char *buf, size_t len, u16 bdf, u16 vendor,
		      u16 device, u8 header_type, u32 class);

#endif
