/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (drivers/virtio_net.c) as a network device: QEMU's
 * -device virtio-net-pci, modern or legacy.
 */
#ifndef DRIVERS_VIRTIO_NET_H
#define DRIVERS_VIRTIO_NET_H

void virtio_net_init(void);

#endif
