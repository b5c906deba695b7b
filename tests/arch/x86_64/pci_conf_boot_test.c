// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/pci_conf.c: config space reads agree across widths, an
 * absent function and an offset past the space read as all ones, and
 * writes through the chosen mechanism land (the host bridge's interrupt
 * line register, a scratch byte on every PCI function, restored).
 */
#include <arch/pci_conf.h>
#include "kernel/ktest.h"

#define HOST_BRIDGE		0x0000	/* 00:00.0 */
#define ABSENT_FUNCTION		0x00f7	/* 00:1e.7: on no QEMU machine */
#define REG_INTERRUPT_LINE	0x3c

static void pci_conf_widths(struct ktest *t)
{
	u32 id = arch_pci_conf_read(HOST_BRIDGE, 0, 4);

	KTEST_EXPECT_NE(t, id & 0xffff, 0xffff);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE, 0, 2),
			  id & 0xffff);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE, 2, 2), id >> 16);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE, 1, 1),
			  (id >> 8) & 0xff);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE, 3, 1), id >> 24);
}

static void pci_conf_absent(struct ktest *t)
{
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(ABSENT_FUNCTION, 0, 4),
			  0xffffffffu);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE,
						arch_pci_conf_size(), 4),
			  0xffffffffu);
	KTEST_EXPECT_EQ(t, arch_pci_conf_size(),
			arch_pci_conf_ecam() ? 4096 : 256);
}

static void pci_conf_write(struct ktest *t)
{
	u8 old = arch_pci_conf_read(HOST_BRIDGE, REG_INTERRUPT_LINE, 1);

	arch_pci_conf_write(HOST_BRIDGE, REG_INTERRUPT_LINE, 1, 0x5a);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE,
						REG_INTERRUPT_LINE, 1), 0x5a);
	arch_pci_conf_write(HOST_BRIDGE, REG_INTERRUPT_LINE, 1, old);
	KTEST_EXPECT_EQ_U(t, arch_pci_conf_read(HOST_BRIDGE,
						REG_INTERRUPT_LINE, 1), old);
}

KTEST_SUITE(pci_conf,
	    KTEST_CASE(pci_conf_widths),
	    KTEST_CASE(pci_conf_absent),
	    KTEST_CASE(pci_conf_write));
