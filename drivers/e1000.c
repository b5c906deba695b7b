// SPDX-License-Identifier: MIT
/*
 * Intel PRO/1000 (82540EM, the 8254x register set): reset, the
 * MAC address from the EEPROM (EERD) or the receive address register
 * the firmware left, one receive and one transmit descriptor ring in
 * DMA memory with a 2 KiB buffer per descriptor, no offloads.
 *
 * Receive is interrupt-driven with a budget (net/netdev.h): the
 * handler reads ICR (which acknowledges it), masks the receive and link
 * interrupts and wakes the device's receive thread; ->poll() hands up
 * at most the budget of frames and notes a link change (STATUS.LU after
 * an LSC interrupt); ->irq_enable() unmasks. Transmit copies the frame
 * into the next descriptor's buffer; descriptors are reused once the
 * NIC reports them done (DD), so a full ring refuses a frame.
 *
 * Locking: [I] set in the probe; [t] the receive thread; [x] the tcpip
 * thread (transmit); [a] atomic. The registers are split the same way:
 * RDT is the receive thread's, TDT the tcpip thread's, IMC/IMS/ICR the
 * interrupt handler's and the receive thread's, ordered by the mask.
 */
#include <arch/mmio.h>
#include <arch/mmu.h>
#include "drivers/e1000.h"
#include "drivers/pci.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "net/netdev.h"

#define E1000_VENDOR		0x8086
#define E1000_DEV_82540EM	0x100e

/* Registers (byte offsets into BAR 0). */
#define E1000_CTRL	0x0000
#define E1000_STATUS	0x0008
#define E1000_EERD	0x0014
#define E1000_ICR	0x00c0
#define E1000_IMS	0x00d0
#define E1000_IMC	0x00d8
#define E1000_RCTL	0x0100
#define E1000_TCTL	0x0400
#define E1000_TIPG	0x0410
#define E1000_RDBAL	0x2800
#define E1000_RDBAH	0x2804
#define E1000_RDLEN	0x2808
#define E1000_RDH	0x2810
#define E1000_RDT	0x2818
#define E1000_TDBAL	0x3800
#define E1000_TDBAH	0x3804
#define E1000_TDLEN	0x3808
#define E1000_TDH	0x3810
#define E1000_TDT	0x3818
#define E1000_MPC	0x4010		/* missed packets, read clears */
#define E1000_RUC	0x40a4		/* undersized frames, read clears */
#define E1000_ROC	0x40ac		/* oversized frames, read clears */
#define E1000_MTA	0x5200		/* 128 multicast table entries */
#define E1000_RAL0	0x5400
#define E1000_RAH0	0x5404

#define CTRL_ASDE	(1U << 5)
#define CTRL_SLU	(1U << 6)
#define CTRL_RST	(1U << 26)
#define STATUS_FD	(1U << 0)
#define STATUS_LU	(1U << 1)
#define STATUS_SPEED(s)	(((s) >> 6) & 3)
#define STATUS_PCI66	(1U << 11)
#define STATUS_BUS64	(1U << 12)
#define EERD_START	(1U << 0)
#define EERD_DONE	(1U << 4)
#define RAH_AV		(1U << 31)
#define ICR_LSC		(1U << 2)
#define ICR_RXDMT0	(1U << 4)
#define ICR_RXO		(1U << 6)
#define ICR_RXT0	(1U << 7)
#define RCTL_EN		(1U << 1)
#define RCTL_BAM	(1U << 15)	/* accept broadcast */
#define RCTL_SECRC	(1U << 26)	/* strip the FCS */
#define TCTL_EN		(1U << 1)
#define TCTL_PSP	(1U << 3)	/* pad short packets */
#define TCTL_CT		(0x10U << 4)	/* collision threshold */
#define TCTL_COLD	(0x40U << 12)	/* collision distance, FD */
#define TIPG_DEFAULT	(10U | 8U << 10 | 6U << 20)	/* IEEE 802.3 */

#define RXD_DD		(1U << 0)
#define RXD_EOP		(1U << 1)
#define TXD_CMD_EOP	(1U << 0)
#define TXD_CMD_IFCS	(1U << 1)
#define TXD_CMD_RS	(1U << 3)
#define TXD_DD		(1U << 0)

#define E1000_IRQS	(ICR_LSC | ICR_RXDMT0 | ICR_RXO | ICR_RXT0)
#define RX_RING		128
#define TX_RING		64
#define BUF_SIZE	2048		/* RCTL.BSIZE 0 */
#define RESET_TIMEOUT_US 10000
#define EERD_TIMEOUT_US	 10000

struct e1000_rx_desc {
	u64 addr;
	u16 length;
	u16 csum;
	u8 status;
	u8 errors;
	u16 special;
};

struct e1000_tx_desc {
	u64 addr;
	u16 length;
	u8 cso;
	u8 cmd;
	u8 status;
	u8 css;
	u16 special;
};

struct e1000 {
	struct netdev ndev;			/* [I] */
	struct pci_dev *pci;			/* [I] */
	u8 *regs;				/* [I] BAR 0 */
	volatile struct e1000_rx_desc *rx;	/* [t] shared with the NIC */
	volatile struct e1000_tx_desc *tx;	/* [x] shared with the NIC */
	u8 *rx_buf[RX_RING];			/* [I] */
	u8 *tx_buf[TX_RING];			/* [I] */
	unsigned int rx_next;			/* [t] next to read */
	unsigned int tx_next;			/* [x] next to fill */
	bool lsc;				/* [a] LSC since last poll */
};

static u32 rd(struct e1000 *e, u32 reg)
{
	return readl(e->regs + reg);
}

static void wr(struct e1000 *e, u32 reg, u32 v)
{
	writel(v, e->regs + reg);
}

static struct e1000 *e1000_of(struct netdev *dev)
{
	return container_of(dev, struct e1000, ndev);
}

/* Reset the MAC; the bit clears itself when the reset is done. */
static int e1000_reset(struct e1000 *e)
{
	wr(e, E1000_IMC, ~0U);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | CTRL_RST);
	for (unsigned int us = 0; us < RESET_TIMEOUT_US; us += 10) {
		udelay(10);
		if (!(rd(e, E1000_CTRL) & CTRL_RST)) {
			wr(e, E1000_IMC, ~0U);
			rd(e, E1000_ICR);
			return 0;
		}
	}
	return -ETIMEDOUT;
}

static int eeprom_read(struct e1000 *e, u8 word, u16 *out)
{
	wr(e, E1000_EERD, (u32)word << 8 | EERD_START);
	for (unsigned int us = 0; us < EERD_TIMEOUT_US; us++) {
		u32 v = rd(e, E1000_EERD);

		if (v & EERD_DONE) {
			*out = (u16)(v >> 16);
			return 0;
		}
		udelay(1);
	}
	return -ETIMEDOUT;
}

/* The MAC from EEPROM words 0-2, else what RAL0/RAH0 hold. */
static void e1000_read_mac(struct e1000 *e)
{
	u8 *mac = e->ndev.mac;
	u16 w;

	for (u8 i = 0; i < 3; i++) {
		if (eeprom_read(e, i, &w))
			goto from_ral;
		mac[2 * i] = (u8)w;
		mac[2 * i + 1] = (u8)(w >> 8);
	}
	return;
from_ral:
	for (unsigned int i = 0; i < 4; i++)
		mac[i] = (u8)(rd(e, E1000_RAL0) >> (8 * i));
	mac[4] = (u8)rd(e, E1000_RAH0);
	mac[5] = (u8)(rd(e, E1000_RAH0) >> 8);
}

static void e1000_set_mac(struct e1000 *e)
{
	const u8 *m = e->ndev.mac;

	wr(e, E1000_RAL0, m[0] | m[1] << 8 | m[2] << 16 | (u32)m[3] << 24);
	wr(e, E1000_RAH0, m[4] | m[5] << 8 | RAH_AV);
	for (unsigned int i = 0; i < 128; i++)
		wr(e, E1000_MTA + 4 * i, 0);
}

/* @n buffers of BUF_SIZE, two to a page. */
static int alloc_bufs(u8 **bufs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i += 2) {
		u8 *page = get_zeroed_page(GFP_KERNEL);

		if (!page)
			return -ENOMEM;
		bufs[i] = page;
		bufs[i + 1] = page + BUF_SIZE;
	}
	return 0;
}

static int e1000_rings(struct e1000 *e)
{
	paddr_t rx, tx;

	e->rx = get_zeroed_page(GFP_KERNEL);
	e->tx = get_zeroed_page(GFP_KERNEL);
	if (!e->rx || !e->tx || alloc_bufs(e->rx_buf, RX_RING) ||
	    alloc_bufs(e->tx_buf, TX_RING))
		return -ENOMEM;
	for (unsigned int i = 0; i < RX_RING; i++)
		e->rx[i].addr = virt_to_phys(e->rx_buf[i]);
	for (unsigned int i = 0; i < TX_RING; i++) {
		e->tx[i].addr = virt_to_phys(e->tx_buf[i]);
		e->tx[i].status = TXD_DD;	/* free */
	}
	rx = virt_to_phys((const void *)e->rx);
	tx = virt_to_phys((const void *)e->tx);
	wr(e, E1000_RDBAL, (u32)rx);
	wr(e, E1000_RDBAH, (u32)(rx >> 32));
	wr(e, E1000_RDLEN, RX_RING * sizeof(struct e1000_rx_desc));
	wr(e, E1000_RDH, 0);
	wr(e, E1000_RDT, RX_RING - 1);
	wr(e, E1000_TDBAL, (u32)tx);
	wr(e, E1000_TDBAH, (u32)(tx >> 32));
	wr(e, E1000_TDLEN, TX_RING * sizeof(struct e1000_tx_desc));
	wr(e, E1000_TDH, 0);
	wr(e, E1000_TDT, 0);
	wr(e, E1000_RCTL, RCTL_EN | RCTL_BAM | RCTL_SECRC);
	wr(e, E1000_TIPG, TIPG_DEFAULT);
	wr(e, E1000_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
	return 0;
}

static int e1000_xmit(struct netdev *dev, const void *frame, size_t len)
{
	struct e1000 *e = e1000_of(dev);
	unsigned int i = e->tx_next;
	volatile struct e1000_tx_desc *d = &e->tx[i];

	if (!(d->status & TXD_DD))
		return -EBUSY;
	memcpy(e->tx_buf[i], frame, len);
	d->length = (u16)len;
	d->cmd = TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS;
	d->status = 0;
	e->tx_next = (i + 1) % TX_RING;
	/* The descriptor is in memory before the NIC is told (writel is
	 * ordered after the stores on x86, and the compiler sees a barrier
	 * in it). */
	wr(e, E1000_TDT, e->tx_next);
	return 0;
}

/* An LSC interrupt came: read the new state, log it as Linux does. */
static void e1000_check_link(struct e1000 *e)
{
	static const unsigned int mbps[] = { 10, 100, 1000, 1000 };
	u32 status = rd(e, E1000_STATUS);
	bool up = status & STATUS_LU;

	if (up == __atomic_load_n(&e->ndev.link_up, __ATOMIC_ACQUIRE))
		return;
	if (up)
		pr_info("e1000: %s NIC Link is Up %u Mbps %s Duplex\n",
			e->ndev.name, mbps[STATUS_SPEED(status)],
			status & STATUS_FD ? "Full" : "Half");
	else
		pr_info("e1000: %s NIC Link is Down\n", e->ndev.name);
	netdev_set_link(&e->ndev, up);
}

static unsigned int e1000_poll(struct netdev *dev, unsigned int budget)
{
	struct e1000 *e = e1000_of(dev);
	unsigned int done = 0;

	if (__atomic_exchange_n(&e->lsc, false, __ATOMIC_ACQ_REL))
		e1000_check_link(e);
	netdev_stat_add(&dev->stats.rx_missed, rd(e, E1000_MPC));
	/* Frames the card dropped for their length (no long packets:
	 * RCTL.LPE is clear) count where the driver's own drops do. */
	netdev_stat_add(&dev->stats.rx_length_errors,
			rd(e, E1000_ROC) + rd(e, E1000_RUC));
	while (done < budget) {
		unsigned int i = e->rx_next;
		volatile struct e1000_rx_desc *d = &e->rx[i];

		if (!(d->status & RXD_DD))
			break;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if ((d->status & RXD_EOP) && !d->errors)
			netdev_receive(dev, e->rx_buf[i], d->length);
		else
			netdev_stat_add(&dev->stats.rx_errors, 1);
		d->status = 0;
		e->rx_next = (i + 1) % RX_RING;
		wr(e, E1000_RDT, i);
		done++;
	}
	return done;
}

static void e1000_irq_enable(struct netdev *dev)
{
	wr(e1000_of(dev), E1000_IMS, E1000_IRQS);
}

/* The NIC's head has caught up with our tail: nothing left to send. */
static bool e1000_tx_idle(struct netdev *dev)
{
	struct e1000 *e = e1000_of(dev);

	return rd(e, E1000_TDH) == e->tx_next;
}

static const struct netdev_ops e1000_ops = {
	.xmit = e1000_xmit,
	.poll = e1000_poll,
	.irq_enable = e1000_irq_enable,
	.tx_idle = e1000_tx_idle,
};

static void e1000_irq(struct pci_dev *pci)
{
	struct e1000 *e = pci->drvdata;
	u32 icr = rd(e, E1000_ICR);	/* reading acknowledges */

	if (!(icr & E1000_IRQS))
		return;			/* a shared line: not ours */
	wr(e, E1000_IMC, E1000_IRQS);
	if (icr & ICR_LSC)
		__atomic_store_n(&e->lsc, true, __ATOMIC_RELEASE);
	netdev_schedule(&e->ndev);
}

static int e1000_start(struct e1000 *e, struct pci_dev *pci)
{
	int err;

	pci_set_master(pci);
	e->regs = pci_iomap(pci, 0);
	if (!e->regs)
		return -ENODEV;
	err = e1000_reset(e);
	if (err)
		return err;
	e1000_read_mac(e);
	e1000_set_mac(e);
	wr(e, E1000_CTRL, rd(e, E1000_CTRL) | CTRL_SLU | CTRL_ASDE);
	err = e1000_rings(e);
	if (!err)
		err = pci_irq_setup(pci, e1000_irq, true);
	return err;
}

static int e1000_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct e1000 *e = kzalloc(sizeof(*e), GFP_KERNEL);
	u32 status;
	int err;

	if (!e)
		return -ENOMEM;
	e->pci = pci;
	e->ndev.driver = "e1000";
	e->ndev.ops = &e1000_ops;
	pci->drvdata = e;
	err = e1000_start(e, pci);
	if (!err)
		err = netdev_register(&e->ndev);
	if (err) {
		pr_err("e1000 0000:%02x:%02x.%u: probe failed: %d\n",
		       PCI_BDF_BUS(pci->bdf), PCI_BDF_DEV(pci->bdf),
		       PCI_BDF_FN(pci->bdf), err);
		return err;
	}
	status = rd(e, E1000_STATUS);
	pr_info("e1000 0000:%02x:%02x.%u %s: (PCI:%uMHz:%u-bit) %02x:%02x:%02x:%02x:%02x:%02x\n",
		PCI_BDF_BUS(pci->bdf), PCI_BDF_DEV(pci->bdf),
		PCI_BDF_FN(pci->bdf), e->ndev.name,
		status & STATUS_PCI66 ? 66 : 33,
		status & STATUS_BUS64 ? 64 : 32,
		e->ndev.mac[0], e->ndev.mac[1], e->ndev.mac[2], e->ndev.mac[3],
		e->ndev.mac[4], e->ndev.mac[5]);
	pr_info("e1000 0000:%02x:%02x.%u %s: Intel(R) PRO/1000 Network Connection\n",
		PCI_BDF_BUS(pci->bdf), PCI_BDF_DEV(pci->bdf),
		PCI_BDF_FN(pci->bdf), e->ndev.name);
	e1000_check_link(e);
	e1000_irq_enable(&e->ndev);
	return 0;
}

static const struct pci_device_id e1000_ids[] = {
	{ E1000_VENDOR, E1000_DEV_82540EM, 0, 0 },
	{ 0 },
};

static const struct pci_driver e1000_driver = {
	.name = "e1000",
	.ids = e1000_ids,
	.probe = e1000_probe,
};

/**
 * e1000_init - bind every 82540EM.
 *
 * Context: boot, process context, after pci_init() and net_init().
 */
void e1000_init(void)
{
	pci_register_driver(&e1000_driver);
}
