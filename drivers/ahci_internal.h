/* SPDX-License-Identifier: MIT */
/*
 * What drivers/ahci.c (the HBA) and drivers/ahci_port.c (its ports)
 * share. Locking as in drivers/ahci.c: [I] set in the probe; [p]
 * port->lock ("ahci", interrupts off); [a] atomic.
 */
#ifndef DRIVERS_AHCI_INTERNAL_H
#define DRIVERS_AHCI_INTERNAL_H

#include "block/blkdev.h"
#include "kernel/spinlock.h"
#include "lib/types.h"

#define AHCI_MAX_PORTS		32
#define AHCI_MAX_DISKS		26	/* sda..sdz */
#define AHCI_MAX_PRDS		BLK_MAX_SEGS	/* one per segment */
#define AHCI_PORT_BASE		0x100
#define HOST_CAP_S64A		(1u << 31)	/* 64-bit addresses */
#define AHCI_PORT_SIZE		0x80

struct pci_dev;
struct ahci_port;

struct ahci_host {
	struct pci_dev *pci;		/* [I] */
	void *mmio;			/* [I] ABAR, uncached */
	u32 cap;			/* [I] HOST_CAP after the reset */
	struct ahci_port *ports[AHCI_MAX_PORTS];	/* [I] disks only */
	bool ready;			/* [a] the handler may run */
};

struct ahci_port {
	struct ahci_host *host;		/* [I] */
	void *regs;			/* [I] the port's registers */
	unsigned int no;		/* [I] port number on the HBA */
	unsigned int ata_id;		/* [I] Linux's N of "ataN" */
	u8 *dma;			/* [I] command list, FIS, table */
	struct block_device bdev;	/* [I] */
	struct spinlock lock;
	struct blk_request *rq;		/* [p] in slot 0, or NULL */
	u8 cmd;				/* [p] its ATA command */
	bool broken;			/* [p] an error: reset before use */
	u64 nr_resets;			/* [a] resets after errors */
};

bool ahci_wait_reg(void *reg, u32 mask, u32 want, unsigned int ms);
int ahci_port_probe(struct ahci_port *port);
int ahci_port_issue(struct ahci_port *port, struct blk_request *rq);
void ahci_port_irq(struct ahci_port *port);

#endif
