// SPDX-License-Identifier: MIT
/*
 * drivers/pci_decode.c: BAR decoding and sizing, the capability walk
 * and the log line, on forged register values.
 */
#include "drivers/pci_decode.h"
#include "kernel/ktest.h"
#include "lib/string.h"

/* A 32-bit non-prefetchable memory BAR at 0xfebf1000 of 4 KiB: all
 * ones read back as 0xfffff000 (plus the type bits, zero here). */
static void pci_bar_mem32(struct ktest *t)
{
	struct pci_bar_info b;

	pci_bar_decode(0xfebf1000, 0, 0xfffff000, 0, &b);
	KTEST_EXPECT_EQ_U(t, b.addr, 0xfebf1000);
	KTEST_EXPECT_EQ_U(t, b.size, 0x1000);
	KTEST_EXPECT(t, !b.io && !b.is64 && !b.prefetch);
}

/* A 64-bit prefetchable BAR of 16 KiB above 4 GiB (q35's virtio
 * notify BAR at 0xe000000000): the high register holds address bits
 * and all of it is writable. */
static void pci_bar_mem64(struct ktest *t)
{
	struct pci_bar_info b;

	pci_bar_decode(0x0000000c, 0xe0, 0xffffc00c, 0xffffffff, &b);
	KTEST_EXPECT_EQ_U(t, b.addr, 0xe000000000ull);
	KTEST_EXPECT_EQ_U(t, b.size, 0x4000);
	KTEST_EXPECT(t, b.is64 && b.prefetch && !b.io);
}

/* A 64-bit BAR of 8 GiB: the size is in the high half. */
static void pci_bar_mem64_huge(struct ktest *t)
{
	struct pci_bar_info b;

	pci_bar_decode(0x0000000c, 0x4, 0x0000000c, 0xfffffffe, &b);
	KTEST_EXPECT_EQ_U(t, b.size, 0x200000000ull);
	KTEST_EXPECT_EQ_U(t, b.addr, 0x400000000ull);
}

/* An I/O BAR of 128 ports whose upper 16 bits read back as zero (a
 * 64 KiB I/O space): the size still comes out as 0x80. */
static void pci_bar_io(struct ktest *t)
{
	struct pci_bar_info b;

	pci_bar_decode(0xc001, 0, 0x0000ff81, 0, &b);
	KTEST_EXPECT(t, b.io);
	KTEST_EXPECT_EQ_U(t, b.addr, 0xc000);
	KTEST_EXPECT_EQ_U(t, b.size, 0x80);
}

/* An unimplemented BAR reads back zero: size 0, not 4 GiB. */
static void pci_bar_absent(struct ktest *t)
{
	struct pci_bar_info b;

	pci_bar_decode(0, 0, 0, 0, &b);
	KTEST_EXPECT_EQ_U(t, b.size, 0);
}

static u8 cfg[256];

static u8 cfg_read8(void *ctx, u16 off)
{
	return ((u8 *)ctx)[off];
}

/* A list 0x40 (MSI-X) -> 0x50 (vendor) -> 0x60 (vendor) -> end. */
static void cap_list_setup(void)
{
	memset(cfg, 0, sizeof(cfg));
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	cfg[0x40] = PCI_CAP_ID_MSIX;
	cfg[0x41] = 0x50;
	cfg[0x50] = PCI_CAP_ID_VNDR;
	cfg[0x51] = 0x60;
	cfg[0x60] = PCI_CAP_ID_VNDR;
	cfg[0x61] = 0;
}

static void pci_cap_walk(struct ktest *t)
{
	cap_list_setup();
	KTEST_EXPECT_EQ(t, pci_cap_find(cfg_read8, cfg, PCI_CAPABILITY_LIST,
					PCI_CAP_ID_MSIX), 0x40);
	KTEST_EXPECT_EQ(t, pci_cap_find(cfg_read8, cfg, PCI_CAPABILITY_LIST,
					PCI_CAP_ID_VNDR), 0x50);
	/* The next one after 0x50 starts from 0x50's link. */
	KTEST_EXPECT_EQ(t, pci_cap_find(cfg_read8, cfg, 0x51,
					PCI_CAP_ID_VNDR), 0x60);
	KTEST_EXPECT_EQ(t, pci_cap_find(cfg_read8, cfg, 0x61,
					PCI_CAP_ID_VNDR), 0);
	KTEST_EXPECT_EQ(t, pci_cap_find(cfg_read8, cfg, PCI_CAPABILITY_LIST,
					PCI_CAP_ID_MSI), 0);
}

/* A list that loops back on itself ends the walk instead of hanging. */
static void pci_cap_loop(struct ktest *t)
{
	cap_list_setup();
	cfg[0x61] = 0x40;
	KTEST_EXPECT_EQ(t, pci_cap_find(cfg_read8, cfg, PCI_CAPABILITY_LIST,
					PCI_CAP_ID_MSI), 0);
}

static void pci_device_line(struct ktest *t)
{
	char line[80];

	pci_format_device(line, sizeof(line), PCI_BDF(0, 3, 0), 0x1af4,
			  0x1001, 0x00, 0x010000);
	KTEST_EXPECT_STREQ(t, line,
			   "0000:00:03.0: [1af4:1001] type 00 class 0x010000");
	/* A multi-function bridge: the multi-function bit is not the type. */
	pci_format_device(line, sizeof(line), PCI_BDF(0x1f, 0x1c, 7), 0x8086,
			  0x2448, 0x81, 0x060401);
	KTEST_EXPECT_STREQ(t, line,
			   "0000:1f:1c.7: [8086:2448] type 01 class 0x060401");
}

KTEST_SUITE(pci_decode,
	    KTEST_CASE(pci_bar_mem32),
	    KTEST_CASE(pci_bar_mem64),
	    KTEST_CASE(pci_bar_mem64_huge),
	    KTEST_CASE(pci_bar_io),
	    KTEST_CASE(pci_bar_absent),
	    KTEST_CASE(pci_cap_walk),
	    KTEST_CASE(pci_cap_loop),
	    KTEST_CASE(pci_device_line));
