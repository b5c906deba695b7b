// SPDX-License-Identifier: MIT
/*
 * PCI decoding that needs no hardware (drivers/pci_decode.h): what a BAR
 * says about itself, how big its window is, where a capability sits, and
 * the line each device gets in the log. drivers/pci.c feeds it what it
 * read from config space; the host tests feed it forged values.
 */
#include "drivers/pci_decode.h"
#include "lib/format.h"

/**
 * pci_bar_decode - address, size and kind of one BAR.
 * @lo: the BAR as the firmware left it
 * @hi: the next BAR (the high half of a 64-bit memory BAR), else unused
 * @lo_sized: @lo's register read back after writing all ones to it
 * @hi_sized: likewise for @hi
 *
 * Sizing (PCI 3.0, 6.2.5.1): the device hardwires the address bits below
 * its window's size to zero, so all ones written read back as the size's
 * two's complement once the low flag bits are masked off. An I/O BAR's
 * upper 16 bits may read back as zero (Linux's pci_size() keeps only
 * the bits the device implements): the size is taken from the lowest
 * writable bit, which works either way. A BAR whose bits all read back
 * as zero is not implemented: size 0.
 *
 * Context: any.
 */
void pci_bar_decode(u32 lo, u32 hi, u32 lo_sized, u32 hi_sized,
		    struct pci_bar_info *out)
{
	u64 mask;

	out->io = lo & PCI_BAR_IO;
	out->is64 = !out->io && (lo & PCI_BAR_MEM_TYPE_MASK) ==
					PCI_BAR_MEM_TYPE_64;
	out->prefetch = !out->io && (lo & PCI_BAR_MEM_PREFETCH);
	if (out->io) {
		out->addr = lo & PCI_BAR_IO_MASK;
		mask = lo_sized & PCI_BAR_IO_MASK;
	} else {
		out->addr = lo & PCI_BAR_MEM_MASK;
		mask = lo_sized & PCI_BAR_MEM_MASK;
		if (!mask && (!out->is64 || !hi_sized)) {
			out->size = 0;
			return;
		}
		if (out->is64) {
			out->addr |= (u64)hi << 32;
			mask |= (u64)hi_sized << 32;
		}
	}
	/* The lowest set bit of the writable mask is the size. */
	out->size = mask ? mask & -mask : 0;
}

/**
 * pci_cap_find - the offset of capability @id in a function's list.
 * @read8: reads a config byte of the function
 * @ctx: its argument
 * @start: the offset to start from: PCI_CAPABILITY_LIST for the first
 *         match, or a capability's offset + 1 for the next one after it
 * @id: PCI_CAP_ID_*
 *
 * A broken list (a loop, a pointer into the header) ends the walk after
 * PCI_CAP_MAX_WALK entries or at an offset below 0x40, as Linux's
 * __pci_find_next_cap_ttl() does.
 *
 * Context: any.
 * Return: the capability's offset, or 0 if it is not there.
 */
u8 pci_cap_find(pci_read8_fn read8, void *ctx, u8 start, u8 id)
{
	u8 pos = read8(ctx, start);

	for (int ttl = PCI_CAP_MAX_WALK; ttl > 0; ttl--) {
		pos &= ~3;
		if (pos < 0x40)
			return 0;
		if (read8(ctx, pos) == id)
			return pos;
		pos = read8(ctx, pos + 1);
	}
	return 0;
}

/**
 * pci_format_device - the line Linux logs for a function it found.
 * @buf: out
 * @len: its size
 * @bdf: the function
 * @vendor: vendor id
 * @device: device id
 * @header_type: the header type register, multi-function bit included
 * @class: class << 16 | subclass << 8 | prog-if
 *
 * "0000:00:03.0: [1af4:1001] type 00 class 0x010000", as Linux 6.1's
 * pci_setup_device() prints it (after the "pci " prefix).
 *
 * Context: any.
 * Return: the length the line needs, as snprintf().
 */
int pci_format_device(char *buf, size_t len, u16 bdf, u16 vendor,
		      u16 device, u8 header_type, u32 class)
{
	return snprintf(buf, len, "0000:%02x:%02x.%u: [%04x:%04x] type %02x "
			"class %#08x", PCI_BDF_BUS(bdf), PCI_BDF_DEV(bdf),
			PCI_BDF_FN(bdf), vendor, device,
			header_type & PCI_HEADER_TYPE_MASK, class);
}
