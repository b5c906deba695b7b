// SPDX-License-Identifier: MIT
/*
 * virtio-net (virtio 1.0, 5.1) as a network device (net/netdev.h): one
 * receive queue (0) and one transmit queue (1), no offloads, no
 * mergeable buffers, so every frame sits in one buffer behind the
 * virtio-net header (12 bytes with VERSION_1, 10 on a legacy device).
 * Features taken: VERSION_1 (modern; a transitional device without it
 * is driven through the legacy interface), MAC (else QEMU's default is
 * unknown: the probe fails), STATUS (the link bit; without it the link
 * is always up).
 *
 * Receive is interrupt-driven with a budget: the handler turns the
 * receive queue's interrupts off (VRING_AVAIL_F_NO_INTERRUPT) and wakes
 * the receive thread; ->poll() takes used buffers, hands the frames up
 * and gives the buffers back; ->irq_enable() turns interrupts on again
 * and, since the device may have used a buffer just before, looks once
 * more. Transmit copies the frame into the next free buffer; finished
 * transmit buffers are taken back on the next transmit (their
 * interrupts stay off). The link bit is read at the probe and on every
 * poll round; a configuration change (the link) interrupts on the same
 * vector or line, so it starts a round.
 *
 * Locking: [I] set in the probe; [t] the receive thread (the receive
 * ring and its buffers); [x] the tcpip thread (the transmit ring);
 * [a] atomic (the receive ring's avail->flags: the handler sets the
 * no-interrupt bit, the thread clears it).
 */
#include <arch/mmu.h>
#include "drivers/virtio.h"
#include "drivers/virtio_net.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "net/netdev.h"

#define VIRTIO_NET_DEVICE_LEGACY	0x1000	/* transitional */
#define VIRTIO_NET_DEVICE_MODERN	0x1041

#define VIRTIO_NET_F_MAC	5
#define VIRTIO_NET_F_STATUS	16
#define VIRTIO_NET_S_LINK_UP	1
#define VIRTIO_NET_CFG_MAC	0
#define VIRTIO_NET_CFG_STATUS	6

#define VRING_AVAIL_F_NO_INTERRUPT	1

#define RXQ		0
#define TXQ		1
#define BUF_SIZE	2048		/* header and frame; two a page */
#define HDR_MODERN	12		/* struct virtio_net_hdr_v1 */
#define HDR_LEGACY	10		/* without num_buffers */

struct virtio_net {
	struct netdev ndev;		/* [I] */
	struct virtio_dev vd;		/* [I] */
	struct vring rx;		/* [t] */
	struct vring tx;		/* [x] */
	unsigned int hdr_len;		/* [I] */
	u8 **tx_free;			/* [x] free transmit buffers */
	unsigned int nr_tx_free;	/* [x] */
	bool ready;			/* [a] the rings exist */
};

static struct virtio_net *vnet_of(struct netdev *dev)
{
	return container_of(dev, struct virtio_net, ndev);
}

/* Give @buf to the device to receive into. */
static void vnet_post_rx(struct virtio_net *vn, u8 *buf)
{
	struct vring_buf b = { virt_to_phys(buf), BUF_SIZE, true };

	vring_add(&vn->rx, &b, 1, buf);
}

/* Take back the transmit buffers the device is done with. */
static void vnet_reap_tx(struct virtio_net *vn)
{
	u8 *buf;
	u32 len;

	while ((buf = vring_get_used(&vn->tx, &len)))
		vn->tx_free[vn->nr_tx_free++] = buf;
}

static int vnet_xmit(struct netdev *dev, const void *frame, size_t len)
{
	struct virtio_net *vn = vnet_of(dev);
	struct vring_buf b;
	u8 *buf;

	vnet_reap_tx(vn);
	if (!vn->nr_tx_free)
		return -EBUSY;
	buf = vn->tx_free[--vn->nr_tx_free];
	memset(buf, 0, vn->hdr_len);
	memcpy(buf + vn->hdr_len, frame, len);
	b = (struct vring_buf){ virt_to_phys(buf), vn->hdr_len + len, false };
	if (vring_add(&vn->tx, &b, 1, buf) < 0) {
		vn->tx_free[vn->nr_tx_free++] = buf;
		return -EBUSY;
	}
	virtio_notify(&vn->vd, TXQ);
	return 0;
}

static void vnet_check_link(struct virtio_net *vn)
{
	bool up = true;

	if (vn->vd.features & (1ULL << VIRTIO_NET_F_STATUS))
		up = virtio_cfg_read(&vn->vd, VIRTIO_NET_CFG_STATUS, 2) &
		     VIRTIO_NET_S_LINK_UP;
	netdev_set_link(&vn->ndev, up);
}

static unsigned int vnet_poll(struct netdev *dev, unsigned int budget)
{
	struct virtio_net *vn = vnet_of(dev);
	unsigned int done = 0;
	u8 *buf;
	u32 len;

	vnet_check_link(vn);
	while (done < budget && (buf = vring_get_used(&vn->rx, &len))) {
		if (len > vn->hdr_len && len <= BUF_SIZE)
			netdev_receive(dev, buf + vn->hdr_len,
				       len - vn->hdr_len);
		else
			netdev_stat_add(&dev->stats.rx_errors, 1);
		vnet_post_rx(vn, buf);
		done++;
	}
	if (done)
		virtio_notify(&vn->vd, RXQ);
	return done;
}

static bool vnet_rx_pending(struct virtio_net *vn)
{
	return __atomic_load_n(&vn->rx.used->idx, __ATOMIC_ACQUIRE) !=
	       vn->rx.last_used;
}

static void vnet_irq_enable(struct netdev *dev)
{
	struct virtio_net *vn = vnet_of(dev);

	__atomic_store_n(&vn->rx.avail->flags, 0, __ATOMIC_SEQ_CST);
	if (vnet_rx_pending(vn))
		netdev_schedule(dev);
}

/* Every transmit buffer is back: the device sent every frame. */
static bool vnet_tx_idle(struct netdev *dev)
{
	struct virtio_net *vn = vnet_of(dev);

	vnet_reap_tx(vn);
	return vn->nr_tx_free == vn->tx.num;
}

static const struct netdev_ops vnet_ops = {
	.xmit = vnet_xmit,
	.poll = vnet_poll,
	.irq_enable = vnet_irq_enable,
	.tx_idle = vnet_tx_idle,
};

static void vnet_irq(struct pci_dev *pci)
{
	struct virtio_net *vn = pci->drvdata;

	if (!__atomic_load_n(&vn->ready, __ATOMIC_ACQUIRE))
		return;
	/* On a shared line the ISR says whether it was us (and reading it
	 * lowers the line); a message is ours by construction. */
	if (pci->irq_kind == PCI_IRQ_INTX && !virtio_isr(&vn->vd))
		return;
	__atomic_store_n(&vn->rx.avail->flags, VRING_AVAIL_F_NO_INTERRUPT,
			 __ATOMIC_RELAXED);
	netdev_schedule(&vn->ndev);
}

/* Every receive buffer posted, every transmit buffer free. */
static int vnet_buffers(struct virtio_net *vn)
{
	vn->tx_free = kmalloc(vn->tx.num * sizeof(u8 *), GFP_KERNEL);
	if (!vn->tx_free)
		return -ENOMEM;
	for (unsigned int i = 0; i < vn->rx.num + vn->tx.num; i += 2) {
		u8 *page = get_zeroed_page(GFP_KERNEL);

		if (!page)
			return -ENOMEM;
		for (unsigned int j = 0; j < 2; j++) {
			u8 *buf = page + j * BUF_SIZE;

			if (i + j < vn->rx.num)
				vnet_post_rx(vn, buf);
			else
				vn->tx_free[vn->nr_tx_free++] = buf;
		}
	}
	vn->tx.avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	return 0;
}

static int vnet_start(struct virtio_net *vn, struct pci_dev *pci)
{
	u64 wanted = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_NET_F_MAC |
		     1ULL << VIRTIO_NET_F_STATUS;
	int err;

	pci_set_master(pci);
	err = pci_irq_setup(pci, vnet_irq, true);
	if (!err)
		err = virtio_pci_probe(&vn->vd, pci);
	if (!err)
		err = virtio_negotiate(&vn->vd, wanted);
	if (!err && !(vn->vd.features & (1ULL << VIRTIO_NET_F_MAC)))
		err = -ENODEV;
	if (!err)
		err = virtio_setup_vq(&vn->vd, RXQ, &vn->rx);
	if (!err)
		err = virtio_setup_vq(&vn->vd, TXQ, &vn->tx);
	if (!err)
		err = vnet_buffers(vn);
	if (err)
		return err;
	vn->hdr_len = vn->vd.modern ? HDR_MODERN : HDR_LEGACY;
	for (u16 i = 0; i < 6; i++)
		vn->ndev.mac[i] =
			(u8)virtio_cfg_read(&vn->vd, VIRTIO_NET_CFG_MAC + i, 1);
	__atomic_store_n(&vn->ready, true, __ATOMIC_RELEASE);
	virtio_driver_ok(&vn->vd);
	virtio_notify(&vn->vd, RXQ);
	return 0;
}

/*
 * Bind @pci. On failure the device is marked FAILED and what was set up
 * stays (boot memory, a vector whose handler sees ready == false).
 */
static int vnet_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_net *vn = kzalloc(sizeof(*vn), GFP_KERNEL);
	const u8 *m;
	int err;

	if (!vn)
		return -ENOMEM;
	vn->ndev.driver = "virtio_net";
	vn->ndev.ops = &vnet_ops;
	pci->drvdata = vn;
	err = vnet_start(vn, pci);
	if (!err)
		err = netdev_register(&vn->ndev);
	if (err) {
		if (vn->vd.pci)
			virtio_fail(&vn->vd);
		return err;
	}
	m = vn->ndev.mac;
	pr_info("virtio_net 0000:%02x:%02x.%u %s: %s, queues %u/%u, %02x:%02x:%02x:%02x:%02x:%02x\n",
		PCI_BDF_BUS(pci->bdf), PCI_BDF_DEV(pci->bdf),
		PCI_BDF_FN(pci->bdf), vn->ndev.name,
		vn->vd.modern ? "modern" : "legacy", vn->rx.num, vn->tx.num,
		m[0], m[1], m[2], m[3], m[4], m[5]);
	vnet_check_link(vn);
	vnet_irq_enable(&vn->ndev);
	return 0;
}

static const struct pci_device_id vnet_ids[] = {
	{ VIRTIO_PCI_VENDOR, VIRTIO_NET_DEVICE_LEGACY, 0, 0 },
	{ VIRTIO_PCI_VENDOR, VIRTIO_NET_DEVICE_MODERN, 0, 0 },
	{ 0 },
};

static const struct pci_driver vnet_driver = {
	.name = "virtio_net",
	.ids = vnet_ids,
	.probe = vnet_probe,
};

/**
 * virtio_net_init - bind every virtio network function.
 *
 * Context: boot, process context, after pci_init() and net_init().
 */
void virtio_net_init(void)
{
	pci_register_driver(&vnet_driver);
}
