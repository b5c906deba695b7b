/* SPDX-License-Identifier: MIT */
/*
 * AHCI SATA host controllers (drivers/ahci.c): every SATA disk behind an
 * AHCI function (class 01.06.01) becomes a block device sda, sdb... in
 * the order the ports are found.
 */
#ifndef DRIVERS_AHCI_H
#define DRIVERS_AHCI_H

#include "lib/types.h"

struct block_device;
struct pci_dev;

void ahci_init(void);
struct pci_dev *ahci_pci(struct block_device *bdev);
u64 ahci_port_resets(struct block_device *bdev);

#endif
