/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (drivers/virtio_blk.c): virtio block devices as vda, vdb...
 */
#ifndef DRIVERS_VIRTIO_BLK_H
#define DRIVERS_VIRTIO_BLK_H

#include "lib/types.h"

struct block_device;
struct pci_dev;

void virtio_blk_init(void);
struct pci_dev *virtio_blk_pci(struct block_device *bdev);
bool virtio_blk_modern(struct block_device *bdev);

#endif
