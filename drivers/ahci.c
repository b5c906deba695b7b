// SPDX-License-Identifier: MIT
/*
 * AHCI SATA host controllers (drivers/ahci.h; AHCI 1.3.1): the HBA
 * (PCI class 01.06.01, registers in BAR 5, "ABAR") is taken from the
 * firmware (BIOS/OS hand-off when CAP2.BOH says the firmware may own
 * it), reset and put in AHCI mode; each implemented port with a SATA
 * disk behind it (drivers/ahci_port.c brings it up) becomes a block
 * device sda, sdb... READ/WRITE DMA EXT and FLUSH CACHE EXT complete by
 * interrupt: MSI when the function has it (ahci.intx=1 forces INTx),
 * else the INTx line, where the global interrupt status tells whether
 * the interrupt is the HBA's.
 *
 * One command slot per port, so one request in flight per disk (the
 * block layer's depth 1). Without NCQ a SATA disk runs one command at a
 * time anyway; what several slots would buy is the next command queued
 * in the HBA while the last completes, at the cost of tracking which
 * slots finished and of recovery that must fail every slot. The block
 * layer merges what queues behind the running request, up to 16
 * segments (64 KiB or more), which keeps sequential transfers large.
 *
 * Errors: a task-file error (the disk's status has ERR) or a host bus,
 * data or interface error fails the running request with -EIO and
 * marks the port broken; the next request first resets the port
 * (COMRESET and a new start-up), in process context. A command that
 * never completes is not timed out: the block layer's waiter gives up
 * after BLK_SYNC_TIMEOUT_MS and the port stays busy.
 *
 * Locking: [I] set in the probe before the device is registered; [p]
 * port->lock ("ahci", interrupts off: the handler takes it): the
 * request in flight and the broken flag; [a] atomic. The handler drops
 * it before calling the block layer.
 */
#include <arch/mmio.h>
#include "block/blkdev.h"
#include "drivers/ahci.h"
#include "drivers/ahci_internal.h"
#include "drivers/ata_id.h"
#include "drivers/pci.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "mm/slab.h"

#define AHCI_CLASS		0x010601	/* mass storage, SATA, AHCI */
#define AHCI_ABAR		5

#define HOST_CAP		0x00
#define  HOST_CAP_NP		0x1f		/* ports - 1 */
#define  HOST_CAP_NCS(cap)	((((cap) >> 8) & 0x1f) + 1)
#define  HOST_CAP_ISS(cap)	(((cap) >> 20) & 0xf)
#define  HOST_CAP_SAM		(1u << 18)	/* AHCI mode only */
#define HOST_GHC		0x04
#define  HOST_GHC_HR		(1u << 0)
#define  HOST_GHC_IE		(1u << 1)
#define  HOST_GHC_AE		(1u << 31)
#define HOST_IS			0x08
#define HOST_PI			0x0c
#define HOST_VS			0x10
#define HOST_CAP2		0x24
#define  HOST_CAP2_BOH		(1u << 0)
#define HOST_BOHC		0x28
#define  HOST_BOHC_BOS		(1u << 0)	/* the BIOS owns the HBA */
#define  HOST_BOHC_OOS		(1u << 1)	/* the OS wants it */
#define  HOST_BOHC_BB		(1u << 4)	/* the BIOS is finishing */

#define AHCI_RESET_MS		1000	/* GHC.HR clears (AHCI 10.4.3) */
#define AHCI_BOS_MS		25	/* the BIOS answers the OS (10.6.3) */
#define AHCI_BIOS_BUSY_MS	2000	/* then finishes what it runs */

static bool force_intx;
KPARAM_BOOL(ahci_intx, "ahci.intx", &force_intx,
	    "AHCI: use the INTx line even when MSI is there");

static unsigned int nr_ata_ports;	/* Linux's ataN; probes run serially */
static unsigned int nr_disks;

/**
 * ahci_wait_reg - poll a register until the bits under @mask are @want.
 * @reg: an HBA or port register
 * @mask: the bits to look at
 * @want: their awaited value
 * @ms: the bound
 *
 * Context: process context; busy-waits (10 us steps), at most @ms.
 * Return: true once they are, false after @ms.
 */
bool ahci_wait_reg(void *reg, u32 mask, u32 want, unsigned int ms)
{
	u64 end = ktime_get_ns() + ms * NSEC_PER_MSEC;

	for (;;) {
		if ((readl(reg) & mask) == want)
			return true;
		if (ktime_get_ns() > end)
			return (readl(reg) & mask) == want;
		udelay(10);
	}
}

/* AHCI 10.6.3: ask for ownership; the BIOS drops BOS within 25 ms and
 * may then need up to 2 s to finish the commands it runs (BB). */
static void ahci_bios_handoff(struct ahci_host *host)
{
	void *bohc = host->mmio + HOST_BOHC;

	if (!(readl(host->mmio + HOST_CAP2) & HOST_CAP2_BOH))
		return;
	writel(readl(bohc) | HOST_BOHC_OOS, bohc);
	if (!ahci_wait_reg(bohc, HOST_BOHC_BOS, 0, AHCI_BOS_MS) ||
	    (readl(bohc) & HOST_BOHC_BB))
		ahci_wait_reg(bohc, HOST_BOHC_BOS | HOST_BOHC_BB, 0,
			      AHCI_BIOS_BUSY_MS);
	if (readl(bohc) & HOST_BOHC_BOS)
		pr_warn("ahci: the BIOS kept the HBA; going on\n");
}

/* Reset the HBA (every port stops, whatever the firmware left running
 * in memory that is ours now) and put it in AHCI mode. */
static int ahci_reset(struct ahci_host *host)
{
	void *ghc = host->mmio + HOST_GHC;

	writel(HOST_GHC_AE, ghc);
	writel(HOST_GHC_AE | HOST_GHC_HR, ghc);
	if (!ahci_wait_reg(ghc, HOST_GHC_HR, 0, AHCI_RESET_MS))
		return -ETIMEDOUT;
	writel(HOST_GHC_AE, ghc);
	return 0;
}

static const char *ahci_speed(u32 cap)
{
	static const char *const s[] = { "?", "1.5", "3", "6" };

	return HOST_CAP_ISS(cap) < 4 ? s[HOST_CAP_ISS(cap)] : "?";
}

static void ahci_irq(struct pci_dev *pci)
{
	struct ahci_host *host = pci->drvdata;
	u32 is;

	if (!__atomic_load_n(&host->ready, __ATOMIC_ACQUIRE))
		return;
	/* Zero: on a shared INTx line, a neighbour's interrupt. */
	is = readl(host->mmio + HOST_IS);
	if (!is)
		return;
	/* Each port's status first: IS.IPS clears only once PxIS has. */
	for (unsigned int i = 0; i < AHCI_MAX_PORTS; i++)
		if ((is & (1u << i)) && host->ports[i])
			ahci_port_irq(host->ports[i]);
	writel(is, host->mmio + HOST_IS);
}

static int ahci_queue_rq(struct block_device *bdev, struct blk_request *rq)
{
	return ahci_port_issue(bdev->driver_data, rq);
}

static const struct blk_driver_ops ahci_ops = {
	.queue_rq = ahci_queue_rq,
};

/* Register @port's disk as the next sdX, with sd's capacity line. */
static int ahci_add_disk(struct ahci_port *port)
{
	struct block_device *bdev = &port->bdev;
	char dec[16], bin[16];
	u64 bytes = bdev->nr_sectors * SECTOR_SIZE;

	snprintf(bdev->name, sizeof(bdev->name), "sd%c", 'a' + nr_disks++);
	bdev->ops = &ahci_ops;
	bdev->driver_data = port;
	bdev->logical_block_size = SECTOR_SIZE;
	bdev->max_segs = AHCI_MAX_PRDS;
	bdev->depth = 1;
	ata_size_string(bytes, false, dec, sizeof(dec));
	ata_size_string(bytes, true, bin, sizeof(bin));
	/* Each ata port is a SCSI host of its own in Linux: host N-1. */
	pr_notice("sd %u:0:0:0: [%s] %llu 512-byte logical blocks: (%s/%s)\n",
		  port->ata_id - 1, bdev->name,
		  (unsigned long long)bdev->nr_sectors, dec, bin);
	return blk_register(bdev);
}

/* Bring up port @no; a disk becomes a block device, anything else
 * (no link, an ATAPI drive, a failure) is logged and left alone. */
static void ahci_probe_port(struct ahci_host *host, unsigned int no)
{
	struct ahci_port *port = kzalloc(sizeof(*port), GFP_KERNEL);

	if (!port)
		return;
	port->host = host;
	port->no = no;
	port->ata_id = ++nr_ata_ports;
	port->regs = host->mmio + AHCI_PORT_BASE + no * AHCI_PORT_SIZE;
	spin_lock_init(&port->lock, "ahci");
	if (ahci_port_probe(port)) {
		kfree(port);
		return;
	}
	if (nr_disks >= AHCI_MAX_DISKS || ahci_add_disk(port)) {
		pr_warn("ata%u: no block device for the disk\n",
			port->ata_id);
		return;			/* its DMA page stays: boot memory */
	}
	host->ports[no] = port;
}

static void ahci_print_info(struct ahci_host *host, u32 pi)
{
	struct pci_dev *pci = host->pci;
	u32 vs = readl(host->mmio + HOST_VS);

	pr_info("ahci 0000:%02x:%02x.%u: AHCI %02x%02x.%02x%02x %u slots "
		"%u ports %s Gbps 0x%x impl SATA mode\n",
		PCI_BDF_BUS(pci->bdf), PCI_BDF_DEV(pci->bdf),
		PCI_BDF_FN(pci->bdf), vs >> 24, (vs >> 16) & 0xff,
		(vs >> 8) & 0xff, vs & 0xff, HOST_CAP_NCS(host->cap),
		(host->cap & HOST_CAP_NP) + 1, ahci_speed(host->cap), pi);
}

static int ahci_start(struct ahci_host *host, struct pci_dev *pci)
{
	u32 pi;
	int err;

	pci_set_master(pci);
	host->mmio = pci_iomap(pci, AHCI_ABAR);
	if (!host->mmio)
		return -ENODEV;
	ahci_bios_handoff(host);
	err = ahci_reset(host);
	if (err)
		return err;
	host->cap = readl(host->mmio + HOST_CAP);
	pi = readl(host->mmio + HOST_PI);
	err = pci_irq_setup(pci, ahci_irq, !force_intx);
	if (err)
		return err;
	ahci_print_info(host, pi);
	for (unsigned int i = 0; i < AHCI_MAX_PORTS; i++)
		if (pi & (1u << i))
			ahci_probe_port(host, i);
	writel(~0u, host->mmio + HOST_IS);
	__atomic_store_n(&host->ready, true, __ATOMIC_RELEASE);
	writel(HOST_GHC_AE | HOST_GHC_IE, host->mmio + HOST_GHC);
	return 0;
}

/*
 * Bind @pci. On failure what was set up stays (a vector whose handler
 * sees ready == false, the ports' DMA pages): boot memory.
 */
static int ahci_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct ahci_host *host = kzalloc(sizeof(*host), GFP_KERNEL);
	int err;

	if (!host)
		return -ENOMEM;
	host->pci = pci;
	pci->drvdata = host;
	err = ahci_start(host, pci);
	if (err)
		pr_err("ahci 0000:%02x:%02x.%u: probe failed: %d\n",
		       PCI_BDF_BUS(pci->bdf), PCI_BDF_DEV(pci->bdf),
		       PCI_BDF_FN(pci->bdf), err);
	return err;
}

static const struct pci_device_id ahci_ids[] = {
	{ PCI_ANY_ID, PCI_ANY_ID, AHCI_CLASS, 0xffffff },
	{ 0 },
};

static const struct pci_driver ahci_driver = {
	.name = "ahci",
	.ids = ahci_ids,
	.probe = ahci_probe,
};

/**
 * ahci_init - bind every AHCI host controller.
 *
 * Context: boot, process context, after pci_init() and blk_init().
 */
void ahci_init(void)
{
	pci_register_driver(&ahci_driver);
}

/**
 * ahci_pci - the PCI function behind @bdev, if it is an AHCI disk.
 * @bdev: a registered device
 *
 * Context: any.
 * Return: the HBA's function, or NULL for another kind of device.
 */
struct pci_dev *ahci_pci(struct block_device *bdev)
{
	if (bdev->ops != &ahci_ops)
		return NULL;
	return ((struct ahci_port *)bdev->driver_data)->host->pci;
}

/**
 * ahci_port_resets - how often @bdev's port was reset after an error.
 * @bdev: an AHCI disk (ahci_pci() not NULL)
 *
 * Context: any.
 * Return: the count since boot.
 */
u64 ahci_port_resets(struct block_device *bdev)
{
	struct ahci_port *port = bdev->driver_data;

	return __atomic_load_n(&port->nr_resets, __ATOMIC_RELAXED);
}
