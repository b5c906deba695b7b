// SPDX-License-Identifier: MIT
/*
 * virtio-blk (drivers/virtio_blk.h; virtio 1.0, 5.2): each virtio block
 * function becomes a block device vda, vdb... with one virtqueue. A
 * request is a descriptor chain: a 16-byte header the device reads
 * (type, sector), the data segments (the device writes them on a read),
 * and one status byte the device writes. Completions arrive by
 * interrupt (MSI-X when the function has it, else INTx; virtio_blk.intx
 * forces INTx); the handler only reaps the used ring and hands the
 * requests to the block layer, which finishes them in kblockd.
 *
 * Features taken: VERSION_1 (modern), FLUSH (else the device has no
 * volatile cache and a flush is a no-op), SEG_MAX (segments per
 * request), BLK_SIZE (the logical block size, reported only: requests
 * are in 512-byte sectors either way, as virtio requires).
 *
 * Locking: [I] set in the probe before the device is registered; [v]
 * vb->lock ("virtio_blk", interrupts off: the handler takes it): the
 * ring and the free commands. The handler drops it before calling the
 * block layer.
 */
#include <arch/layout.h>
#include <arch/mmu.h>
#include "block/blkdev.h"
#include "drivers/virtio.h"
#include "drivers/virtio_blk.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define VIRTIO_BLK_DEVICE_LEGACY	0x1001	/* transitional */
#define VIRTIO_BLK_DEVICE_MODERN	0x1042

#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

#define VIRTIO_BLK_CFG_CAPACITY	0
#define VIRTIO_BLK_CFG_SEG_MAX	12
#define VIRTIO_BLK_CFG_BLK_SIZE	20

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_S_OK		0

#define VIRTIO_BLK_QUEUE	0
#define VIRTIO_BLK_MAX_DISKS	26

static bool force_intx;
KPARAM_BOOL(virtio_blk_intx, "virtio_blk.intx", &force_intx,
	    "virtio-blk: use the INTx line even when MSI-X is there");

/* One request's device-visible header and status; a page of them. */
struct vblk_cmd {
	u32 type;
	u32 reserved;
	u64 sector;
	u8 status;			/* written by the device */
	struct blk_request *rq;		/* [v] */
	struct vblk_cmd *next_free;	/* [v] */
};

struct virtio_blk {
	struct virtio_dev vd;		/* [I] */
	struct block_device bdev;	/* [I] */
	struct vring vr;		/* [v] */
	struct spinlock lock;
	struct vblk_cmd *free_cmds;	/* [v] */
	bool ready;			/* [a] the ring exists */
};

static unsigned int nr_disks;		/* probes run one at a time */

static bool vblk_buf_ok(const void *buf)
{
	vaddr_t v = (vaddr_t)buf;

	return (v >= DIRECT_MAP_BASE && v < KSTACK_AREA_BASE) ||
	       v >= KERNEL_VMA;
}

static u32 vblk_type(enum blk_op op)
{
	return op == BLK_READ ? VIRTIO_BLK_T_IN :
	       op == BLK_WRITE ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_FLUSH;
}

static int vblk_queue_rq(struct block_device *bdev, struct blk_request *rq)
{
	struct virtio_blk *vb = bdev->driver_data;
	struct vring_buf bufs[BLK_MAX_SEGS + 2];
	unsigned int n = 0;
	struct vblk_cmd *cmd;
	unsigned long flags;
	int head;

	if (rq->op == BLK_FLUSH &&
	    !(vb->vd.features & (1ULL << VIRTIO_BLK_F_FLUSH))) {
		blk_request_done(rq, 0);	/* no cache to flush */
		return 0;
	}
	for (unsigned int i = 0; i < rq->nr_segs; i++)
		if (!vblk_buf_ok(rq->segs[i].buf))
			return -EINVAL;
	flags = spin_lock_irqsave(&vb->lock);
	cmd = vb->free_cmds;
	vb->free_cmds = cmd->next_free;
	cmd->type = vblk_type(rq->op);
	cmd->sector = rq->op == BLK_FLUSH ? 0 : rq->sector;
	cmd->status = 0xff;
	cmd->rq = rq;
	bufs[n++] = (struct vring_buf){ virt_to_phys(cmd), 16, false };
	for (unsigned int i = 0; i < rq->nr_segs; i++)
		bufs[n++] = (struct vring_buf){ virt_to_phys(rq->segs[i].buf),
						rq->segs[i].len,
						rq->op == BLK_READ };
	bufs[n++] = (struct vring_buf){ virt_to_phys(&cmd->status), 1, true };
	head = vring_add(&vb->vr, bufs, n, cmd);
	if (head < 0) {
		cmd->next_free = vb->free_cmds;
		vb->free_cmds = cmd;
	}
	spin_unlock_irqrestore(&vb->lock, flags);
	if (head < 0)
		return head;
	virtio_notify(&vb->vd, VIRTIO_BLK_QUEUE);
	return 0;
}

static const struct blk_driver_ops vblk_ops = {
	.queue_rq = vblk_queue_rq,
};

static void vblk_irq(struct pci_dev *pci)
{
	struct virtio_blk *vb = pci->drvdata;
	struct list_head done = LIST_HEAD_INIT(done);
	struct blk_request *rq;
	struct vblk_cmd *cmd;
	u32 len;

	if (!__atomic_load_n(&vb->ready, __ATOMIC_ACQUIRE))
		return;
	/* On a shared line the ISR says whether it was us; reading it also
	 * lowers the line. A message is ours by construction. */
	if (pci->irq_kind == PCI_IRQ_INTX && !(virtio_isr(&vb->vd) & 1))
		return;
	spin_lock(&vb->lock);
	while ((cmd = vring_get_used(&vb->vr, &len))) {
		rq = cmd->rq;
		rq->status = cmd->status == VIRTIO_BLK_S_OK ? 0 : -EIO;
		list_add_tail(&rq->node, &done);
		cmd->next_free = vb->free_cmds;
		vb->free_cmds = cmd;
	}
	spin_unlock(&vb->lock);
	while (!list_empty(&done)) {
		rq = list_first_entry(&done, struct blk_request, node);
		list_del_init(&rq->node);
		blk_request_done(rq, rq->status);
	}
}

/* The block device's limits from the configuration and the ring. */
static void vblk_limits(struct virtio_blk *vb)
{
	struct virtio_dev *vd = &vb->vd;
	unsigned int segs = BLK_MAX_SEGS;

	vb->bdev.nr_sectors =
		virtio_cfg_read(vd, VIRTIO_BLK_CFG_CAPACITY, 4) |
		(u64)virtio_cfg_read(vd, VIRTIO_BLK_CFG_CAPACITY + 4, 4) << 32;
	if (vd->features & (1ULL << VIRTIO_BLK_F_SEG_MAX)) {
		u32 max = virtio_cfg_read(vd, VIRTIO_BLK_CFG_SEG_MAX, 4);

		if (max && max < segs)
			segs = max;
	}
	if (segs > vb->vr.num - 2)
		segs = vb->vr.num - 2;
	vb->bdev.max_segs = segs;
	vb->bdev.depth = vb->vr.num / (segs + 2);
	if (vb->bdev.depth > PAGE_SIZE / sizeof(struct vblk_cmd))
		vb->bdev.depth = PAGE_SIZE / sizeof(struct vblk_cmd);
	vb->bdev.logical_block_size = SECTOR_SIZE;
	if (vd->features & (1ULL << VIRTIO_BLK_F_BLK_SIZE))
		vb->bdev.logical_block_size =
			virtio_cfg_read(vd, VIRTIO_BLK_CFG_BLK_SIZE, 4);
}

static int vblk_alloc_cmds(struct virtio_blk *vb)
{
	struct vblk_cmd *cmds = get_zeroed_page(GFP_KERNEL);

	if (!cmds)
		return -ENOMEM;
	for (unsigned int i = 0; i < vb->bdev.depth; i++) {
		cmds[i].next_free = vb->free_cmds;
		vb->free_cmds = &cmds[i];
	}
	return 0;
}

static int vblk_start(struct virtio_blk *vb, struct pci_dev *pci)
{
	u64 wanted = 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_BLK_F_FLUSH |
		     1ULL << VIRTIO_BLK_F_SEG_MAX |
		     1ULL << VIRTIO_BLK_F_BLK_SIZE;
	int err;

	/* Memory decoding on before the MSI-X table is written. */
	pci_set_master(pci);
	err = pci_irq_setup(pci, vblk_irq, !force_intx);
	if (!err)
		err = virtio_pci_probe(&vb->vd, pci);
	if (!err)
		err = virtio_negotiate(&vb->vd, wanted);
	if (!err)
		err = virtio_setup_vq(&vb->vd, VIRTIO_BLK_QUEUE, &vb->vr);
	if (err)
		return err;
	vblk_limits(vb);
	err = vblk_alloc_cmds(vb);
	if (err)
		return err;
	__atomic_store_n(&vb->ready, true, __ATOMIC_RELEASE);
	virtio_driver_ok(&vb->vd);
	return 0;
}

/*
 * Bind @pci. On failure the device is marked FAILED and what was set up
 * stays (boot memory, a vector whose handler sees ready == false).
 */
static int vblk_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_blk *vb;
	int err;

	if (nr_disks >= VIRTIO_BLK_MAX_DISKS)
		return -ENOSPC;
	vb = kzalloc(sizeof(*vb), GFP_KERNEL);
	if (!vb)
		return -ENOMEM;
	spin_lock_init(&vb->lock, "virtio_blk");
	pci->drvdata = vb;
	err = vblk_start(vb, pci);
	if (err) {
		if (vb->vd.pci)
			virtio_fail(&vb->vd);
		return err;
	}
	snprintf(vb->bdev.name, sizeof(vb->bdev.name), "vd%c",
		 'a' + nr_disks++);
	vb->bdev.ops = &vblk_ops;
	vb->bdev.driver_data = vb;
	pr_info("virtio_blk 0000:%02x:%02x.%u: [%s] %s, queue %u, %u segments,"
		" depth %u, flush %s\n", PCI_BDF_BUS(pci->bdf),
		PCI_BDF_DEV(pci->bdf), PCI_BDF_FN(pci->bdf), vb->bdev.name,
		vb->vd.modern ? "modern" : "legacy", vb->vr.num,
		vb->bdev.max_segs, vb->bdev.depth,
		vb->vd.features & (1ULL << VIRTIO_BLK_F_FLUSH) ? "yes" : "no");
	return blk_register(&vb->bdev);
}

static const struct pci_device_id vblk_ids[] = {
	{ VIRTIO_PCI_VENDOR, VIRTIO_BLK_DEVICE_LEGACY, 0, 0 },
	{ VIRTIO_PCI_VENDOR, VIRTIO_BLK_DEVICE_MODERN, 0, 0 },
	{ 0 },
};

static const struct pci_driver vblk_driver = {
	.name = "virtio_blk",
	.ids = vblk_ids,
	.probe = vblk_probe,
};

/**
 * virtio_blk_init - bind every virtio block function.
 *
 * Context: boot, process context, after pci_init() and blk_init().
 */
void virtio_blk_init(void)
{
	pci_register_driver(&vblk_driver);
}

/**
 * virtio_blk_pci - the PCI function behind @bdev, if it is virtio-blk.
 * @bdev: a registered device
 *
 * Context: any.
 * Return: the function, or NULL for another kind of device.
 */
struct pci_dev *virtio_blk_pci(struct block_device *bdev)
{
	if (bdev->ops != &vblk_ops)
		return NULL;
	return ((struct virtio_blk *)bdev->driver_data)->vd.pci;
}

/**
 * virtio_blk_modern - whether @bdev is driven through virtio 1.0.
 * @bdev: a virtio-blk device (virtio_blk_pci() not NULL)
 *
 * Context: any.
 * Return: true for modern, false for the legacy interface.
 */
bool virtio_blk_modern(struct block_device *bdev)
{
	return ((struct virtio_blk *)bdev->driver_data)->vd.modern;
}
