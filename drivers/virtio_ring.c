// SPDX-License-Identifier: MIT
/*
 * The split virtqueue's arithmetic (drivers/virtio_ring.h). Free
 * descriptors form a list through their next fields; a request takes a
 * chain of them, published by writing its head into the available ring
 * and then, after a release fence, the new available index. Indexes are
 * free-running 16-bit counters (the ring position is idx % num, num a
 * power of two), so they wrap at 65536 without any special case. The
 * used index is read with acquire so the entries it covers are seen
 * whole.
 */
#include "drivers/virtio_ring.h"
#include "lib/errno.h"

static size_t align_up(size_t v, unsigned long align)
{
	return (v + align - 1) & ~(align - 1);
}

static size_t vring_used_offset(unsigned int num, unsigned long align)
{
	return align_up(sizeof(struct vring_desc) * num +
			sizeof(struct vring_avail) + sizeof(u16) * (num + 1),
			align);
}

/**
 * vring_size - bytes a ring of @num entries needs in one block.
 * @num: entries, a power of two
 * @align: the used ring's alignment (VRING_LEGACY_ALIGN for legacy
 *         devices, which fix it; modern ones need only 4)
 *
 * Context: any.
 * Return: the size.
 */
size_t vring_size(unsigned int num, unsigned long align)
{
	return vring_used_offset(num, align) +
	       align_up(sizeof(struct vring_used) +
			sizeof(struct vring_used_elem) * num + sizeof(u16),
			align);
}

/**
 * vring_layout - lay a ring out in @mem (zeroed, vring_size() bytes).
 * @vr: the ring
 * @num: entries, a power of two
 * @mem: the memory, shared with the device
 * @align: as for vring_size()
 * @data: @num token slots
 *
 * Context: any.
 */
void vring_layout(struct vring *vr, unsigned int num, void *mem,
		  unsigned long align, void **data)
{
	vr->num = num;
	vr->desc = mem;
	vr->avail = (struct vring_avail *)(vr->desc + num);
	vr->used = (struct vring_used *)((u8 *)mem +
					 vring_used_offset(num, align));
	vr->data = data;
	for (unsigned int i = 0; i + 1 < num; i++)
		vr->desc[i].next = i + 1;
	vr->free_head = 0;
	vr->nr_free = num;
	vr->avail_idx = 0;
	vr->last_used = 0;
}

/**
 * vring_add - publish a chain of @n buffers to the device.
 * @vr: the ring
 * @bufs: the buffers, device-readable ones first
 * @n: how many (>= 1)
 * @data: the token vring_get_used() returns for this chain (not NULL)
 *
 * The caller notifies the device afterwards.
 *
 * Context: the ring's lock held.
 * Return: the chain's head, or -ENOSPC with too few free descriptors.
 */
int vring_add(struct vring *vr, const struct vring_buf *bufs,
	      unsigned int n, void *data)
{
	u16 head = vr->free_head, i = head, last = head;

	if (!n || n > vr->nr_free)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		struct vring_desc *d = &vr->desc[i];

		d->addr = bufs[k].addr;
		d->len = bufs[k].len;
		d->flags = (bufs[k].device_writes ? VRING_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vr->free_head = vr->desc[last].next;
	vr->nr_free -= n;
	vr->data[head] = data;
	vr->avail->ring[vr->avail_idx & (vr->num - 1)] = head;
	vr->avail_idx++;
	/* The entry and its descriptors before the index that shows them. */
	__atomic_store_n(&vr->avail->idx, vr->avail_idx, __ATOMIC_RELEASE);
	return head;
}

/**
 * vring_get_used - reap one chain the device is done with.
 * @vr: the ring
 * @len: out: bytes the device wrote into the chain
 *
 * The chain's descriptors go back on the free list.
 *
 * Context: the ring's lock held.
 * Return: the chain's token, or NULL when nothing is new.
 */
void *vring_get_used(struct vring *vr, u32 *len)
{
	u16 used_idx = __atomic_load_n(&vr->used->idx, __ATOMIC_ACQUIRE);
	struct vring_used_elem *e;
	u16 head, i;
	void *data;

	if (used_idx == vr->last_used)
		return NULL;
	e = &vr->used->ring[vr->last_used & (vr->num - 1)];
	head = e->id;
	*len = e->len;
	vr->last_used++;
	if (head >= vr->num || !vr->data[head])
		return NULL;	/* a device bug: nothing of ours to return */
	data = vr->data[head];
	vr->data[head] = NULL;
	for (i = head; vr->desc[i].flags & VRING_DESC_F_NEXT;
	     i = vr->desc[i].next)
		vr->nr_free++;
	vr->nr_free++;
	vr->desc[i].next = vr->free_head;
	vr->free_head = head;
	return data;
}
