/* SPDX-License-Identifier: MIT */
/*
 * The virtio split virtqueue (drivers/virtio_ring.c; virtio 1.0, 2.4):
 * a descriptor table, the available ring the driver fills and the used
 * ring the device fills, in memory both share. Pure ring arithmetic,
 * tested on the host with a simulated device; the transport
 * (drivers/virtio.c) places the ring and rings the doorbell.
 *
 * Locking: the owner serialises vring_add() and vring_get_used() (one
 * lock, interrupts off: the interrupt handler reaps); the device writes
 * only the used ring.
 */
#ifndef DRIVERS_VIRTIO_RING_H
#define DRIVERS_VIRTIO_RING_H

#include "lib/types.h"

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2	/* device writes this buffer */
#define VRING_LEGACY_ALIGN	4096	/* legacy: used ring page-aligned */

struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct vring_used_elem {
	u32 id;		/* head of the chain */
	u32 len;	/* bytes the device wrote */
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

/* One buffer of a chain: a physical address the device reaches. */
struct vring_buf {
	u64 addr;
	u32 len;
	bool device_writes;
};

struct vring {
	unsigned int num;		/* entries, a power of two */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void **data;			/* per head: the caller's token */
	u16 free_head;			/* first free descriptor */
	unsigned int nr_free;
	u16 avail_idx;			/* our copy of avail->idx */
	u16 last_used;			/* next used entry to reap */
};

size_t vring_size(unsigned int num, unsigned long align);
void vring_layout(struct vring *vr, unsigned int num, void *mem,
		  unsigned long align, void **data);
int vring_add(struct vring *vr, const struct vring_buf *bufs,
	      unsigned int n, void *data);
void *vring_get_used(struct vring *vr, u32 *len);

#endif
