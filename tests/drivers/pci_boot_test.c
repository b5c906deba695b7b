// SPDX-License-Identifier: MIT
/*
 * drivers/pci.c on the machine QEMU gives us (i440fx or q35, and in
 * the disk rows a virtio-blk function): the host bridge is found at
 * 00:00.0, every BAR is naturally aligned to its size (what sizing must
 * produce), and a virtio-blk function, when there is one, is bound.
 */
#include "drivers/pci.h"
#include "drivers/virtio.h"
#include "kernel/ktest.h"
#include "lib/string.h"

#define PCI_CLASS_BRIDGE_HOST	0x0600

static void pci_host_bridge(struct ktest *t)
{
	struct pci_dev *dev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);

	KTEST_ASSERT_NOT_NULL(t, dev);
	KTEST_EXPECT_EQ(t, dev->bdf, PCI_BDF(0, 0, 0));
	KTEST_EXPECT_EQ(t, dev->class >> 8, PCI_CLASS_BRIDGE_HOST);
	KTEST_EXPECT_GE(t, pci_nr_devices(), 2);
}

/* Sizes are powers of two and bases multiples of them. */
static void pci_bars_aligned(struct ktest *t)
{
	struct pci_dev *dev = NULL;
	unsigned int bars = 0;

	while ((dev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, dev))) {
		for (unsigned int i = 0; i < PCI_NR_BARS; i++) {
			const struct pci_bar *b = &dev->bar[i];

			if (!b->size)
				continue;
			bars++;
			KTEST_EXPECT_EQ_U(t, b->size & (b->size - 1), 0);
			KTEST_EXPECT_EQ_U(t, b->addr & (b->size - 1), 0);
		}
	}
	/* Every QEMU machine has a VGA or network function with BARs. */
	KTEST_EXPECT_GE(t, bars, 1);
}

static void pci_virtio_bound(struct ktest *t)
{
	struct pci_dev *dev = pci_get_device(VIRTIO_PCI_VENDOR, 0x1001, NULL);

	if (!dev)
		dev = pci_get_device(VIRTIO_PCI_VENDOR, 0x1042, NULL);
	if (!dev)
		KTEST_SKIP(t, "no virtio-blk function");
	KTEST_ASSERT_NOT_NULL(t, dev->driver);
	KTEST_EXPECT_STREQ(t, dev->driver->name, "virtio_blk");
	KTEST_EXPECT_NE(t, dev->irq_kind, PCI_IRQ_NONE);
}

KTEST_SUITE(pci,
	    KTEST_CASE(pci_host_bridge),
	    KTEST_CASE(pci_bars_aligned),
	    KTEST_CASE(pci_virtio_bound));
