/* SPDX-License-Identifier: MIT */
/*
 * virtio over PCI (drivers/virtio.c): the device-independent part a
 * virtio driver uses. Modern devices (virtio 1.0, 4.1) are found by
 * their vendor capabilities, which point into memory BARs at the common
 * configuration, the notification area, the ISR and the device's own
 * configuration; transitional devices without them (QEMU's
 * disable-modern=on) are driven through the legacy (0.9.5) I/O BAR 0.
 * A driver sets up at most VIRTIO_MAX_VQS queues (virtio-blk one,
 * virtio-net a receive and a transmit queue), all on MSI-X entry 0 when
 * the device has MSI-X on.
 *
 * Locking: [I] set by virtio_pci_probe() and virtio_setup_vq() in the
 * driver's probe; the registers are the driver's to serialise.
 */
#ifndef DRIVERS_VIRTIO_H
#define DRIVERS_VIRTIO_H

#include "drivers/pci.h"
#include "drivers/virtio_ring.h"
#include "lib/types.h"

#define VIRTIO_PCI_VENDOR	0x1af4

#define VIRTIO_STATUS_ACK		1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_FAILED		128

#define VIRTIO_F_VERSION_1	32
#define VIRTIO_MAX_VQS		2	/* queues a driver may set up */

struct virtio_dev {
	struct pci_dev *pci;		/* [I] */
	bool modern;			/* [I] */
	u8 *common;			/* [I] modern: common config */
	u8 *notify_base;		/* [I] modern: notification area */
	u32 notify_mult;		/* [I] modern: bytes per notify_off */
	u8 *notify[VIRTIO_MAX_VQS];	/* [I] modern: each queue's doorbell */
	u8 *isr;			/* [I] modern: ISR status */
	u8 *device_cfg;			/* [I] modern: device config */
	u16 iobase;			/* [I] legacy: BAR 0 ports */
	u64 features;			/* [I] negotiated */
};

int virtio_pci_probe(struct virtio_dev *vd, struct pci_dev *pci);
int virtio_negotiate(struct virtio_dev *vd, u64 wanted);
u32 virtio_cfg_read(struct virtio_dev *vd, u16 off, unsigned int size);
int virtio_setup_vq(struct virtio_dev *vd, u16 index, struct vring *vr);
void virtio_driver_ok(struct virtio_dev *vd);
void virtio_fail(struct virtio_dev *vd);
void virtio_notify(struct virtio_dev *vd, u16 index);
u8 virtio_isr(struct virtio_dev *vd);

#endif
