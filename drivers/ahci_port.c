// SPDX-License-Identifier: MIT
/*
 * One AHCI port (drivers/ahci_internal.h; AHCI 1.3.1 sections 3.3, 4.2,
 * 10.1-10.4): its start-up, the one command slot it uses, completion
 * and recovery after an error.
 *
 * Each port owns one zeroed page of DMA memory:
 *
 *   0x000  command list: 32 headers of 32 bytes (1 KiB aligned); only
 *          slot 0 is ever issued
 *   0x400  received FIS area (256 bytes, 256 aligned): the disk's
 *          register FIS after each command lands at 0x440
 *   0x500  slot 0's command table (128 aligned): the command FIS at
 *          0x500, the PRD table at 0x580, 16 entries
 *   0x800  IDENTIFY's 512 bytes
 *
 * Start-up: stop the command list and FIS engines (bounded waits), point
 * the port at its page, clear stale errors, start FIS reception, spin up
 * and power on the disk, and (after an error) COMRESET the link; wait
 * for the link (SStatus.DET 3) and for the disk to be ready (BSY and DRQ
 * clear), read its signature, then start the command list and enable
 * the port's interrupts. The HBA's own reset (drivers/ahci.c) already
 * reset every link at probe time, so the probe does not COMRESET unless
 * the link shows a device without communication.
 *
 * Locking: see drivers/ahci.c.
 */
#include <arch/mmio.h>
#include <arch/mmu.h>
#include <arch/layout.h>
#include "block/blkdev.h"
#include "drivers/ahci_internal.h"
#include "drivers/ata_id.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define PORT_CLB		0x00
#define PORT_CLBU		0x04
#define PORT_FB			0x08
#define PORT_FBU		0x0c
#define PORT_IS			0x10
#define PORT_IE			0x14
#define  PORT_IRQ_D2H		(1u << 0)
#define  PORT_IRQ_PIOS		(1u << 1)
#define  PORT_IRQ_DMAS		(1u << 2)
#define  PORT_IRQ_SDB		(1u << 3)
#define  PORT_IRQ_OFS		(1u << 24)	/* overflow */
#define  PORT_IRQ_INFS		(1u << 26)	/* interface, non-fatal */
#define  PORT_IRQ_IFS		(1u << 27)	/* interface, fatal */
#define  PORT_IRQ_HBDS		(1u << 28)	/* host bus data */
#define  PORT_IRQ_HBFS		(1u << 29)	/* host bus fatal */
#define  PORT_IRQ_TFES		(1u << 30)	/* task file: ERR */
#define  PORT_IRQ_ERROR		(PORT_IRQ_OFS | PORT_IRQ_INFS | \
				 PORT_IRQ_IFS | PORT_IRQ_HBDS | \
				 PORT_IRQ_HBFS | PORT_IRQ_TFES)
#define  PORT_IRQ_DONE		(PORT_IRQ_D2H | PORT_IRQ_PIOS | \
				 PORT_IRQ_DMAS | PORT_IRQ_SDB)
#define PORT_CMD		0x18
#define  PORT_CMD_ST		(1u << 0)
#define  PORT_CMD_SUD		(1u << 1)
#define  PORT_CMD_POD		(1u << 2)
#define  PORT_CMD_FRE		(1u << 4)
#define  PORT_CMD_FR		(1u << 14)
#define  PORT_CMD_CR		(1u << 15)
#define PORT_TFD		0x20
#define  ATA_ERR		0x01
#define  ATA_DRQ		0x08
#define  ATA_BUSY		0x80
#define PORT_SIG		0x24
#define  SIG_ATA		0x00000101
#define  SIG_ATAPI		0xeb140101
#define PORT_SSTS		0x28
#define  SSTS_DET		0xf
#define  SSTS_DET_PHY		3	/* device there, link up */
#define  SSTS_SPD(s)		(((s) >> 4) & 0xf)
#define PORT_SCTL		0x2c
#define  SCTL_IPM_NONE		0x300	/* no partial/slumber: Linux's */
#define  SCTL_DET_COMRESET	0x1
#define PORT_SERR		0x30
#define PORT_CI			0x38

#define DMA_CMD_LIST		0x000
#define DMA_RX_FIS		0x400
#define DMA_RX_D2H		0x440
#define DMA_CMD_TABLE		0x500
#define DMA_PRDT		0x580
#define DMA_IDENTIFY		0x800

#define CMD_HDR_CFL		(ATA_FIS_H2D_LEN / 4)	/* FIS dwords */
#define CMD_HDR_WRITE		(1u << 6)
#define CMD_HDR_PRDTL_SHIFT	16
#define PRD_MAX_BYTES		(4u << 20)

#define AHCI_STOP_MS		500	/* CR, FR clear (AHCI 10.1.2) */
#define AHCI_LINK_MS		20	/* DET shows a device after spin-up */
#define AHCI_COMRESET_US	1000	/* DET=1 held at least 1 ms */
#define AHCI_LINK_UP_MS		1000	/* after a COMRESET */
#define AHCI_READY_MS		10000	/* BSY clears: a disk spinning up */
#define AHCI_POLL_MS		10000	/* IDENTIFY answered */

struct ahci_cmd_hdr {
	u32 opts;		/* CFL, W, PRDTL */
	u32 bytes;		/* PRDBC: written by the HBA */
	u64 table;		/* CTBA(U) */
	u32 reserved[4];
};

struct ahci_prd {
	u64 addr;		/* DBA(U), even */
	u32 reserved;
	u32 count;		/* bytes - 1, bit 31: interrupt */
};

static const char *ahci_cmd_name(u8 cmd)
{
	return cmd == ATA_CMD_READ_DMA_EXT ? "READ DMA EXT" :
	       cmd == ATA_CMD_WRITE_DMA_EXT ? "WRITE DMA EXT" :
	       cmd == ATA_CMD_FLUSH_EXT ? "FLUSH CACHE EXT" :
	       cmd == ATA_CMD_IDENTIFY ? "IDENTIFY DEVICE" : "?";
}

/* The HBA can reach @len bytes at @buf: direct-map memory (never a
 * kernel stack), below 4 GiB unless it has 64-bit addressing (we have
 * one zone: GFP_DMA32 would not place it). */
static bool ahci_dma_ok(const struct ahci_port *port, const void *buf,
			u32 len)
{
	vaddr_t v = (vaddr_t)buf;

	if (!((v >= DIRECT_MAP_BASE && v < KSTACK_AREA_BASE) ||
	      v >= KERNEL_VMA))
		return false;
	return (port->host->cap & HOST_CAP_S64A) ||
	       virt_to_phys(buf) + len <= (1ULL << 32);
}

/* Stop the command list, then FIS reception (AHCI 10.1.2). */
static int ahci_port_stop(struct ahci_port *port)
{
	void *cmd = port->regs + PORT_CMD;

	writel(readl(cmd) & ~PORT_CMD_ST, cmd);
	if (!ahci_wait_reg(cmd, PORT_CMD_CR, 0, AHCI_STOP_MS))
		return -ETIMEDOUT;
	writel(readl(cmd) & ~PORT_CMD_FRE, cmd);
	if (!ahci_wait_reg(cmd, PORT_CMD_FR, 0, AHCI_STOP_MS))
		return -ETIMEDOUT;
	return 0;
}

/* COMRESET: DET=1 for more than a millisecond, then released. */
static void ahci_port_comreset(struct ahci_port *port)
{
	writel(SCTL_IPM_NONE | SCTL_DET_COMRESET, port->regs + PORT_SCTL);
	udelay(AHCI_COMRESET_US);
	writel(SCTL_IPM_NONE, port->regs + PORT_SCTL);
}

/* Point the port at its page, receive FISes, spin the disk up, reset
 * the link if @comreset or if the disk is there without a link. */
static void ahci_port_power_up(struct ahci_port *port, bool comreset)
{
	paddr_t pa = virt_to_phys(port->dma);
	void *regs = port->regs;
	u32 det;

	writel((u32)(pa + DMA_CMD_LIST), regs + PORT_CLB);
	writel((u32)((pa + DMA_CMD_LIST) >> 32), regs + PORT_CLBU);
	writel((u32)(pa + DMA_RX_FIS), regs + PORT_FB);
	writel((u32)((pa + DMA_RX_FIS) >> 32), regs + PORT_FBU);
	writel(~0u, regs + PORT_SERR);
	writel(~0u, regs + PORT_IS);
	writel(readl(regs + PORT_CMD) | PORT_CMD_FRE | PORT_CMD_SUD |
	       PORT_CMD_POD, regs + PORT_CMD);
	if (!comreset) {
		writel(SCTL_IPM_NONE, regs + PORT_SCTL);
		ahci_wait_reg(regs + PORT_SSTS, SSTS_DET, SSTS_DET_PHY,
			      AHCI_LINK_MS);
		det = readl(regs + PORT_SSTS) & SSTS_DET;
		comreset = det && det != SSTS_DET_PHY;
	}
	if (comreset) {
		ahci_port_comreset(port);
		ahci_wait_reg(regs + PORT_SSTS, SSTS_DET, SSTS_DET_PHY,
			      AHCI_LINK_UP_MS);
	}
	writel(~0u, regs + PORT_SERR);
}

/* Start the command list with interrupts on; the disk must be ready. */
static int ahci_port_run(struct ahci_port *port)
{
	void *regs = port->regs;

	if (!ahci_wait_reg(regs + PORT_TFD, ATA_BUSY | ATA_DRQ, 0,
			   AHCI_READY_MS))
		return -ETIMEDOUT;
	writel(~0u, regs + PORT_IS);
	writel(PORT_IRQ_DONE | PORT_IRQ_ERROR, regs + PORT_IE);
	writel(readl(regs + PORT_CMD) | PORT_CMD_ST, regs + PORT_CMD);
	return 0;
}

/* Fill slot 0 with @cmd over @segs and issue it. Context: nothing in
 * flight on the port. */
static void ahci_port_start_cmd(struct ahci_port *port, u8 cmd, u64 lba,
				u32 count, const struct blk_seg *segs,
				unsigned int nr_segs, bool write)
{
	struct ahci_cmd_hdr *hdr = (void *)(port->dma + DMA_CMD_LIST);
	struct ahci_prd *prd = (void *)(port->dma + DMA_PRDT);
	u8 *fis = port->dma + DMA_CMD_TABLE;

	ata_fis_h2d(fis, cmd, lba, count);
	for (unsigned int i = 0; i < nr_segs; i++) {
		prd[i].addr = virt_to_phys(segs[i].buf);
		prd[i].reserved = 0;
		prd[i].count = segs[i].len - 1;
	}
	hdr->opts = CMD_HDR_CFL | (write ? CMD_HDR_WRITE : 0) |
		    nr_segs << CMD_HDR_PRDTL_SHIFT;
	hdr->bytes = 0;
	hdr->table = virt_to_phys(fis);
	/* The HBA reads the table once it sees the bit: memory first. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	writel(1, port->regs + PORT_CI);
}

/* IDENTIFY DEVICE, polled: the HBA's interrupt is not enabled yet. */
static int ahci_port_identify(struct ahci_port *port, u16 *id)
{
	struct blk_seg seg = { port->dma + DMA_IDENTIFY, SECTOR_SIZE };
	void *regs = port->regs;
	u64 end = ktime_get_ns() + AHCI_POLL_MS * NSEC_PER_MSEC;

	ahci_port_start_cmd(port, ATA_CMD_IDENTIFY, 0, 1, &seg, 1, false);
	while ((readl(regs + PORT_CI) & 1) &&
	       !(readl(regs + PORT_IS) & PORT_IRQ_ERROR)) {
		if (ktime_get_ns() > end)
			return -ETIMEDOUT;
		udelay(10);
	}
	if ((readl(regs + PORT_IS) & PORT_IRQ_ERROR) ||
	    (readl(regs + PORT_TFD) & ATA_ERR))
		return -EIO;
	writel(~0u, regs + PORT_IS);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	memcpy(id, port->dma + DMA_IDENTIFY, ATA_ID_WORDS * 2);
	return 0;
}

/* Linux's lines: "ata1: SATA link up 1.5 Gbps (SStatus 113 SControl
 * 300)" or "... link down ...". Return: whether the link is up. */
static bool ahci_port_link_report(struct ahci_port *port)
{
	static const char *const spd[] = { "1.5", "3.0", "6.0" };
	u32 ssts = readl(port->regs + PORT_SSTS);
	u32 sctl = readl(port->regs + PORT_SCTL);
	unsigned int s = SSTS_SPD(ssts);

	if ((ssts & SSTS_DET) != SSTS_DET_PHY) {
		pr_info("ata%u: SATA link down (SStatus %X SControl %X)\n",
			port->ata_id, ssts, sctl);
		return false;
	}
	pr_info("ata%u: SATA link up %s Gbps (SStatus %X SControl %X)\n",
		port->ata_id, s >= 1 && s <= 3 ? spd[s - 1] : "<unknown>",
		ssts, sctl);
	return true;
}

/* IDENTIFY the disk, print Linux's lines, set the capacity. */
static int ahci_port_configure(struct ahci_port *port)
{
	char model[ATA_ID_PROD_LEN + 1], fw[ATA_ID_FW_REV_LEN + 1];
	u16 *id = (u16 *)(port->dma + DMA_IDENTIFY + SECTOR_SIZE);
	int err = ahci_port_identify(port, id);

	if (err) {
		pr_err("ata%u.00: IDENTIFY failed (%d)\n", port->ata_id, err);
		return err;
	}
	ata_id_string(id, ATA_ID_PROD, ATA_ID_PROD_LEN, model);
	ata_id_string(id, ATA_ID_FW_REV, ATA_ID_FW_REV_LEN, fw);
	pr_info("ata%u.00: ATA-%u: %s, %s, max %s\n", port->ata_id,
		ata_id_major(id), model, fw, ata_id_max_mode(id));
	if (!ata_id_has_lba48(id)) {
		pr_err("ata%u.00: no LBA48: not driven\n", port->ata_id);
		return -ENODEV;
	}
	port->bdev.nr_sectors = ata_id_sectors(id);
	pr_info("ata%u.00: %llu sectors, multi 0: LBA48\n", port->ata_id,
		(unsigned long long)port->bdev.nr_sectors);
	return 0;
}

/* Stop, power up and start the port; @comreset after an error. Return:
 * 0 with a SATA disk ready, -ENODEV without one, -ETIMEDOUT. */
static int ahci_port_bring_up(struct ahci_port *port, bool comreset)
{
	int err = ahci_port_stop(port);

	if (err)
		return err;
	ahci_port_power_up(port, comreset);
	if ((readl(port->regs + PORT_SSTS) & SSTS_DET) != SSTS_DET_PHY)
		return -ENODEV;
	err = ahci_port_run(port);
	if (err)
		return err;
	return readl(port->regs + PORT_SIG) == SIG_ATA ? 0 : -ENODEV;
}

/**
 * ahci_port_probe - bring up @port and identify the SATA disk behind it.
 * @port: host, no, ata_id, regs and lock set
 *
 * Context: the HBA's probe, process context, the HBA's interrupt not
 * enabled yet. Busy-waits (bounded: tens of milliseconds for an empty
 * port, seconds for a disk that spins up).
 * Return: 0 with @port->bdev.nr_sectors set; -ENODEV without a disk (no
 * link, an ATAPI drive), -ENOMEM, -ETIMEDOUT, -EIO.
 */
int ahci_port_probe(struct ahci_port *port)
{
	int err;

	port->dma = get_zeroed_page(GFP_KERNEL);
	if (!port->dma)
		return -ENOMEM;
	if (!ahci_dma_ok(port, port->dma, PAGE_SIZE)) {
		pr_err("ata%u: DMA page above 4 GiB for a 32-bit HBA\n",
		       port->ata_id);
		free_pages_addr(port->dma, 0);
		return -ENOMEM;
	}
	err = ahci_port_bring_up(port, false);
	if (!ahci_port_link_report(port))
		goto out_stop;
	if (err == -ENODEV && readl(port->regs + PORT_SIG) == SIG_ATAPI)
		pr_info("ata%u.00: ATAPI device: not driven\n", port->ata_id);
	else if (err)
		pr_err("ata%u: port start-up failed (%d)\n", port->ata_id, err);
	else
		err = ahci_port_configure(port);
	if (!err)
		return 0;
out_stop:
	ahci_port_stop(port);
	free_pages_addr(port->dma, 0);
	return err ? err : -ENODEV;
}


/* After an error: a port reset, as Linux's error handler's hard reset.
 * Context: process context, nothing in flight. */
static int ahci_port_recover(struct ahci_port *port)
{
	int err;

	pr_info("ata%u: hard resetting link\n", port->ata_id);
	err = ahci_port_bring_up(port, true);
	ahci_port_link_report(port);
	__atomic_add_fetch(&port->nr_resets, 1, __ATOMIC_RELAXED);
	if (err)
		pr_err("ata%u: reset failed (%d)\n", port->ata_id, err);
	return err;
}

/**
 * ahci_port_issue - start @rq in the port's one slot.
 * @port: a disk's port
 * @rq: a read, write or flush the block layer hands over
 *
 * A port broken by an error is reset first. Completion comes through
 * ahci_port_irq().
 * Context: process context (the block layer's queue_rq()), nothing else
 * in flight on @port (depth 1). May busy-wait through a reset.
 * Return: 0, or -EIO (a reset failed, a buffer the HBA cannot reach).
 */
int ahci_port_issue(struct ahci_port *port, struct blk_request *rq)
{
	bool write = rq->op == BLK_WRITE;
	unsigned long flags;
	bool broken;
	u8 cmd;

	flags = spin_lock_irqsave(&port->lock);
	broken = port->broken;
	spin_unlock_irqrestore(&port->lock, flags);
	if (broken) {
		if (ahci_port_recover(port))
			return -EIO;
		flags = spin_lock_irqsave(&port->lock);
		port->broken = false;
		spin_unlock_irqrestore(&port->lock, flags);
	}
	for (unsigned int i = 0; i < rq->nr_segs; i++)
		if (!ahci_dma_ok(port, rq->segs[i].buf, rq->segs[i].len) ||
		    rq->segs[i].len == 0 ||
		    rq->segs[i].len > PRD_MAX_BYTES)
			return -EIO;
	cmd = rq->op == BLK_FLUSH ? ATA_CMD_FLUSH_EXT :
	      write ? ATA_CMD_WRITE_DMA_EXT : ATA_CMD_READ_DMA_EXT;
	/* Published before the command is: its interrupt finds it. The
	 * slot itself needs no lock, nothing else being in flight, and
	 * the doorbell is rung with interrupts on (QEMU may run the whole
	 * command inside that register write). */
	flags = spin_lock_irqsave(&port->lock);
	port->rq = rq;
	port->cmd = cmd;
	spin_unlock_irqrestore(&port->lock, flags);
	if (rq->op == BLK_FLUSH)
		ahci_port_start_cmd(port, cmd, 0, 0, NULL, 0, false);
	else
		ahci_port_start_cmd(port, cmd, rq->sector, rq->nr_sectors,
				    rq->segs, rq->nr_segs, write);
	return 0;
}

/* Linux's shape of a failed command, after the lock is dropped. */
static void ahci_port_report_error(struct ahci_port *port, u8 cmd, u32 is,
				   u32 tfd)
{
	pr_err("ata%u.00: exception SErr 0x%x irq_stat 0x%08x\n",
	       port->ata_id, readl(port->regs + PORT_SERR), is);
	pr_err("ata%u.00: failed command: %s\n", port->ata_id,
	       ahci_cmd_name(cmd));
	pr_err("ata%u.00: status: 0x%02x error: 0x%02x\n", port->ata_id,
	       tfd & 0xff, (tfd >> 8) & 0xff);
}

/**
 * ahci_port_irq - finish the port's request, or fail it on an error.
 * @port: a disk's port whose bit is set in the HBA's interrupt status
 *
 * Context: interrupt handler, interrupts off.
 */
void ahci_port_irq(struct ahci_port *port)
{
	u32 is = readl(port->regs + PORT_IS);
	u32 tfd = readl(port->regs + PORT_TFD);
	struct blk_request *rq;
	int status = 0;
	u8 cmd;

	writel(is, port->regs + PORT_IS);
	spin_lock(&port->lock);
	rq = port->rq;
	cmd = port->cmd;
	if (rq && (is & PORT_IRQ_ERROR)) {
		status = -EIO;
		port->broken = true;
	} else if (rq && (!(is & PORT_IRQ_DONE) ||
			  (readl(port->regs + PORT_CI) & 1))) {
		rq = NULL;		/* not finished yet */
	}
	if (rq)
		port->rq = NULL;
	spin_unlock(&port->lock);
	if (status)
		ahci_port_report_error(port, cmd, is, tfd);
	if (rq) {
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		blk_request_done(rq, status);
	}
}
