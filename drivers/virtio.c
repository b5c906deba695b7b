// SPDX-License-Identifier: MIT
/*
 * virtio's PCI transport (drivers/virtio.h): device status, feature
 * negotiation, the virtqueue's placement and doorbell, the ISR and the
 * device configuration, for modern devices (registers in memory BARs
 * that vendor capabilities point to) and legacy ones (the I/O BAR 0
 * layout of virtio 0.9.5, whose device configuration moves from offset
 * 20 to 24 once MSI-X is on: so pci_irq_setup() must come first).
 *
 * Start-up follows virtio 1.0, 3.1.1: reset, ACKNOWLEDGE, DRIVER, read
 * and write features, FEATURES_OK (modern: re-read to see the device
 * accepted), set up the queue, DRIVER_OK.
 */
#include <arch/io.h>
#include <arch/mmio.h>
#include <arch/mmu.h>
#include "drivers/virtio.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

/* Vendor capability (virtio 1.0, 4.1.4). */
#define VIRTIO_CAP_CFG_TYPE	3
#define VIRTIO_CAP_BAR		4
#define VIRTIO_CAP_OFFSET	8
#define VIRTIO_CAP_NOTIFY_MULT	16
#define VIRTIO_PCI_CAP_COMMON	1
#define VIRTIO_PCI_CAP_NOTIFY	2
#define VIRTIO_PCI_CAP_ISR	3
#define VIRTIO_PCI_CAP_DEVICE	4

/* Modern common configuration. */
#define VC_DFSELECT		0
#define VC_DF			4
#define VC_GFSELECT		8
#define VC_GF			12
#define VC_MSIX_CONFIG		16
#define VC_STATUS		20
#define VC_Q_SELECT		22
#define VC_Q_SIZE		24
#define VC_Q_MSIX		26
#define VC_Q_ENABLE		28
#define VC_Q_NOTIFY_OFF		30
#define VC_Q_DESC		32
#define VC_Q_AVAIL		40
#define VC_Q_USED		48

/* Legacy I/O BAR 0. */
#define VL_HOST_FEATURES	0
#define VL_GUEST_FEATURES	4
#define VL_Q_PFN		8
#define VL_Q_NUM		12
#define VL_Q_SELECT		14
#define VL_Q_NOTIFY		16
#define VL_STATUS		18
#define VL_ISR			19
#define VL_MSIX_CONFIG		20
#define VL_Q_MSIX		22
#define VL_CONFIG		20
#define VL_CONFIG_MSIX		24
#define VL_PFN_SHIFT		12

#define VIRTIO_MAX_QUEUE	256	/* entries we use at most */
#define VIRTIO_RESET_POLLS	1000000

static u8 status_read(struct virtio_dev *vd)
{
	return vd->modern ? readb(vd->common + VC_STATUS)
			  : arch_inb(vd->iobase + VL_STATUS);
}

static void status_write(struct virtio_dev *vd, u8 status)
{
	if (vd->modern)
		writeb(status, vd->common + VC_STATUS);
	else
		arch_outb(vd->iobase + VL_STATUS, status);
}

static void status_set(struct virtio_dev *vd, u8 bits)
{
	status_write(vd, status_read(vd) | bits);
}

/* Record the structure a vendor capability at @pos points to. */
static void virtio_map_cap(struct virtio_dev *vd, u8 pos)
{
	struct pci_dev *pci = vd->pci;
	u8 type = pci_read_config8(pci, pos + VIRTIO_CAP_CFG_TYPE);
	u8 bar = pci_read_config8(pci, pos + VIRTIO_CAP_BAR);
	u32 off = pci_read_config32(pci, pos + VIRTIO_CAP_OFFSET);
	u8 *base = pci_iomap(pci, bar);

	if (!base)
		return;
	if (type == VIRTIO_PCI_CAP_COMMON && !vd->common)
		vd->common = base + off;
	else if (type == VIRTIO_PCI_CAP_NOTIFY && !vd->notify_base) {
		vd->notify_base = base + off;
		vd->notify_mult = pci_read_config32(pci, pos +
						    VIRTIO_CAP_NOTIFY_MULT);
	} else if (type == VIRTIO_PCI_CAP_ISR && !vd->isr)
		vd->isr = base + off;
	else if (type == VIRTIO_PCI_CAP_DEVICE && !vd->device_cfg)
		vd->device_cfg = base + off;
}

/* Reset, then wait (bounded) for a modern device to show status 0. */
static int virtio_reset(struct virtio_dev *vd)
{
	status_write(vd, 0);
	for (unsigned int i = 0; i < VIRTIO_RESET_POLLS; i++)
		if (!status_read(vd))
			return 0;
	return -ETIMEDOUT;
}

/**
 * virtio_pci_probe - find @pci's virtio registers, reset it, greet it.
 * @vd: filled in
 * @pci: a virtio function, bus master, its interrupt already set up
 *
 * Context: the driver's probe.
 * Return: 0 with ACKNOWLEDGE | DRIVER set; -ENODEV when neither the
 * modern capabilities nor a legacy I/O BAR are there; -ETIMEDOUT if the
 * reset never completes.
 */
int virtio_pci_probe(struct virtio_dev *vd, struct pci_dev *pci)
{
	int err;

	vd->pci = pci;
	for (u8 pos = pci_find_capability(pci, PCI_CAP_ID_VNDR); pos;
	     pos = pci_find_next_capability(pci, pos, PCI_CAP_ID_VNDR))
		virtio_map_cap(vd, pos);
	vd->modern = vd->common && vd->notify_base && vd->isr &&
		     vd->device_cfg;
	if (!vd->modern) {
		if (!pci->bar[0].io || !pci->bar[0].size)
			return -ENODEV;
		vd->iobase = pci->bar[0].addr;
	}
	err = virtio_reset(vd);
	if (err)
		return err;
	status_set(vd, VIRTIO_STATUS_ACK | VIRTIO_STATUS_DRIVER);
	return 0;
}

static u64 device_features(struct virtio_dev *vd)
{
	u64 f;

	if (!vd->modern)
		return arch_inl(vd->iobase + VL_HOST_FEATURES);
	writel(0, vd->common + VC_DFSELECT);
	f = readl(vd->common + VC_DF);
	writel(1, vd->common + VC_DFSELECT);
	return f | (u64)readl(vd->common + VC_DF) << 32;
}

/**
 * virtio_negotiate - accept the features of @wanted the device offers.
 * @vd: the device, after virtio_pci_probe()
 * @wanted: feature bits the driver understands; VIRTIO_F_VERSION_1 is
 *          required of a modern device and never offered by a legacy one
 *
 * Context: the driver's probe.
 * Return: 0 with vd->features set; -ENODEV if the device refuses them.
 */
int virtio_negotiate(struct virtio_dev *vd, u64 wanted)
{
	u64 f = device_features(vd) & wanted;

	if (!vd->modern) {
		vd->features = f & 0xffffffffu;
		arch_outl(vd->iobase + VL_GUEST_FEATURES, vd->features);
		return 0;
	}
	if (!(f & (1ULL << VIRTIO_F_VERSION_1)))
		return -ENODEV;
	writel(0, vd->common + VC_GFSELECT);
	writel((u32)f, vd->common + VC_GF);
	writel(1, vd->common + VC_GFSELECT);
	writel(f >> 32, vd->common + VC_GF);
	status_set(vd, VIRTIO_STATUS_FEATURES_OK);
	if (!(status_read(vd) & VIRTIO_STATUS_FEATURES_OK))
		return -ENODEV;
	vd->features = f;
	return 0;
}

/**
 * virtio_cfg_read - read the device-specific configuration.
 * @vd: the device
 * @off: byte offset in it
 * @size: 1, 2 or 4
 *
 * Context: any.
 * Return: the value.
 */
u32 virtio_cfg_read(struct virtio_dev *vd, u16 off, unsigned int size)
{
	u16 port;

	if (vd->modern) {
		u8 *a = vd->device_cfg + off;

		return size == 1 ? readb(a) : size == 2 ? readw(a) : readl(a);
	}
	port = vd->iobase + off + (vd->pci->irq_kind == PCI_IRQ_MSIX ?
				   VL_CONFIG_MSIX : VL_CONFIG);
	return size == 1 ? arch_inb(port) : size == 2 ? arch_inw(port) :
							arch_inl(port);
}

/* Route the queue's and the configuration-change interrupts (virtio-net's
 * link bit) to MSI-X entry 0: one handler, which looks at everything.
 * Return: 0, or -EBUSY if the device refused the vector. */
static int virtio_route_msix(struct virtio_dev *vd)
{
	if (vd->pci->irq_kind != PCI_IRQ_MSIX)
		return 0;
	if (vd->modern) {
		writew(0, vd->common + VC_MSIX_CONFIG);
		writew(0, vd->common + VC_Q_MSIX);
		return readw(vd->common + VC_Q_MSIX) ? -EBUSY : 0;
	}
	arch_outw(vd->iobase + VL_MSIX_CONFIG, 0);
	arch_outw(vd->iobase + VL_Q_MSIX, 0);
	return arch_inw(vd->iobase + VL_Q_MSIX) ? -EBUSY : 0;
}

static unsigned int queue_size(struct virtio_dev *vd, u16 index)
{
	if (vd->modern) {
		writew(index, vd->common + VC_Q_SELECT);
		return readw(vd->common + VC_Q_SIZE);
	}
	arch_outw(vd->iobase + VL_Q_SELECT, index);
	return arch_inw(vd->iobase + VL_Q_NUM);
}

static unsigned int ring_order(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* Tell the device where the ring is (queue @index selected). */
static void virtio_place_vq(struct virtio_dev *vd, u16 index,
			    struct vring *vr)
{
	u64 desc = virt_to_phys(vr->desc);

	if (!vd->modern) {
		/* Legacy: one block, page-aligned, the used ring aligned
		 * to VRING_LEGACY_ALIGN inside it. */
		arch_outl(vd->iobase + VL_Q_PFN, desc >> VL_PFN_SHIFT);
		return;
	}
	writew(vr->num, vd->common + VC_Q_SIZE);
	writeq_lo_hi(desc, vd->common + VC_Q_DESC);
	writeq_lo_hi(virt_to_phys(vr->avail), vd->common + VC_Q_AVAIL);
	writeq_lo_hi(virt_to_phys(vr->used), vd->common + VC_Q_USED);
	vd->notify[index] = vd->notify_base +
			    readw(vd->common + VC_Q_NOTIFY_OFF) *
			    vd->notify_mult;
	writew(1, vd->common + VC_Q_ENABLE);
}

/**
 * virtio_setup_vq - allocate virtqueue @index and hand it to the device.
 * @vd: the device, features negotiated
 * @index: the queue
 * @vr: laid out here; at most VIRTIO_MAX_QUEUE entries (a modern device
 *      is told the smaller size; a legacy one cannot be, and must offer
 *      a power of two)
 *
 * The ring's pages are kernel memory for the rest of the boot.
 *
 * Context: the driver's probe, may sleep.
 * Return: 0; -ENOENT for a queue the device lacks (or past
 * VIRTIO_MAX_VQS), -EINVAL for a size
 * that is not a power of two, -ENOMEM, -EBUSY (MSI-X vector refused).
 */
int virtio_setup_vq(struct virtio_dev *vd, u16 index, struct vring *vr)
{
	unsigned int num = queue_size(vd, index), order;
	void **data;
	void *mem;
	int err;

	if (!num || index >= VIRTIO_MAX_VQS)
		return -ENOENT;
	if (vd->modern && num > VIRTIO_MAX_QUEUE)
		num = VIRTIO_MAX_QUEUE;
	if (num & (num - 1))
		return -EINVAL;
	err = virtio_route_msix(vd);
	if (err)
		return err;
	order = ring_order(vring_size(num, VRING_LEGACY_ALIGN));
	data = kzalloc(num * sizeof(*data), GFP_KERNEL);
	mem = __get_free_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!data || !mem) {
		kfree(data);
		if (mem)
			free_pages_addr(mem, order);
		return -ENOMEM;
	}
	vring_layout(vr, num, mem, VRING_LEGACY_ALIGN, data);
	virtio_place_vq(vd, index, vr);
	return 0;
}

/**
 * virtio_driver_ok - the driver is ready: the device may start.
 * @vd: the device
 *
 * Context: the driver's probe.
 */
void virtio_driver_ok(struct virtio_dev *vd)
{
	status_set(vd, VIRTIO_STATUS_DRIVER_OK);
}

/**
 * virtio_fail - tell the device the driver gave up on it.
 * @vd: the device
 *
 * Context: the driver's probe.
 */
void virtio_fail(struct virtio_dev *vd)
{
	status_set(vd, VIRTIO_STATUS_FAILED);
}

/**
 * virtio_notify - ring queue @index's doorbell.
 * @vd: the device
 * @index: the queue, set up
 *
 * Context: any; after vring_add() published the buffers.
 */
void virtio_notify(struct virtio_dev *vd, u16 index)
{
	if (vd->modern)
		writew(index, vd->notify[index]);
	else
		arch_outw(vd->iobase + VL_Q_NOTIFY, index);
}

/**
 * virtio_isr - read and clear the interrupt status.
 * @vd: the device
 *
 * Context: the interrupt handler.
 * Return: bit 0: a queue interrupt; bit 1: a configuration change; 0:
 * not this device's interrupt (on a shared INTx line).
 */
u8 virtio_isr(struct virtio_dev *vd)
{
	return vd->modern ? readb(vd->isr) : arch_inb(vd->iobase + VL_ISR);
}
