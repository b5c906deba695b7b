// SPDX-License-Identifier: MIT
/*
 * drivers/virtio_ring.c against a simulated device that consumes the
 * available ring and fills the used ring as a virtio device does: chains
 * come back with their tokens, descriptors are recycled, indexes wrap
 * at 65536, a full ring refuses more, and the layout matches the legacy
 * interface's fixed offsets.
 */
#include "drivers/virtio_ring.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"

#define NUM	8

static u8 ring_mem[3 * 4096] __aligned(4096);
static void *ring_data[NUM];
static struct vring vr;
static u16 dev_avail_seen;	/* the device's copy of its progress */

static void ring_reset(void)
{
	memset(ring_mem, 0, sizeof(ring_mem));
	memset(ring_data, 0, sizeof(ring_data));
	vring_layout(&vr, NUM, ring_mem, VRING_LEGACY_ALIGN, ring_data);
	dev_avail_seen = 0;
}

/* The device: complete every new chain, reporting the bytes of its
 * device-writable buffers as written. Return: chains consumed. */
static unsigned int device_run(void)
{
	unsigned int n = 0;

	while (dev_avail_seen != vr.avail->idx) {
		u16 head = vr.avail->ring[dev_avail_seen % NUM];
		u32 written = 0;
		u16 i = head;

		for (;;) {
			if (vr.desc[i].flags & VRING_DESC_F_WRITE)
				written += vr.desc[i].len;
			if (!(vr.desc[i].flags & VRING_DESC_F_NEXT))
				break;
			i = vr.desc[i].next;
		}
		vr.used->ring[vr.used->idx % NUM] =
			(struct vring_used_elem){ head, written };
		vr.used->idx++;
		dev_avail_seen++;
		n++;
	}
	return n;
}

/* Legacy offsets for 8 entries: avail right after 128 bytes of
 * descriptors, used at the next 4096 boundary; 8196 bytes in all. */
static void vring_legacy_layout(struct ktest *t)
{
	ring_reset();
	KTEST_EXPECT_EQ(t, (u8 *)vr.avail - ring_mem, 128);
	KTEST_EXPECT_EQ(t, (u8 *)vr.used - ring_mem, 4096);
	KTEST_EXPECT_EQ_U(t, vring_size(NUM, VRING_LEGACY_ALIGN), 8192);
	KTEST_EXPECT_EQ_U(t, vring_size(256, VRING_LEGACY_ALIGN), 12288);
}

/* A header, two data buffers the device writes, a status byte: one
 * chain of four, flags right, returned with its token and length. */
static void vring_chain_roundtrip(struct ktest *t)
{
	struct vring_buf bufs[] = {
		{ 0x1000, 16, false }, { 0x2000, 512, true },
		{ 0x3000, 512, true }, { 0x4000, 1, true },
	};
	int token;
	u32 len = 0;
	int head;

	ring_reset();
	head = vring_add(&vr, bufs, 4, &token);
	KTEST_ASSERT_GE(t, head, 0);
	KTEST_EXPECT_EQ(t, vr.nr_free, NUM - 4);
	KTEST_EXPECT_EQ(t, vr.desc[head].flags, VRING_DESC_F_NEXT);
	KTEST_EXPECT_EQ(t, vr.avail->idx, 1);
	KTEST_EXPECT_NULL(t, vring_get_used(&vr, &len));
	KTEST_EXPECT_EQ(t, device_run(), 1);
	KTEST_EXPECT(t, vring_get_used(&vr, &len) == &token);
	KTEST_EXPECT_EQ_U(t, len, 1025);
	KTEST_EXPECT_EQ(t, vr.nr_free, NUM);
	KTEST_EXPECT_NULL(t, vring_get_used(&vr, &len));
}

/* Eight descriptors: two chains of four fill the ring; a third, even of
 * one, is refused until one completes. */
static void vring_full(struct ktest *t)
{
	struct vring_buf bufs[4] = { { 0x1000, 16, false } };
	int a, b, c;
	u32 len;

	ring_reset();
	KTEST_ASSERT_GE(t, vring_add(&vr, bufs, 4, &a), 0);
	KTEST_ASSERT_GE(t, vring_add(&vr, bufs, 4, &b), 0);
	KTEST_EXPECT_EQ(t, vring_add(&vr, bufs, 1, &c), -ENOSPC);
	device_run();
	KTEST_EXPECT(t, vring_get_used(&vr, &len) == &a);
	KTEST_EXPECT_GE(t, vring_add(&vr, bufs, 1, &c), 0);
	KTEST_EXPECT(t, vring_get_used(&vr, &len) == &b);
}

/* 70,000 requests of varying length, up to three in flight: every
 * token comes back in order past the 16-bit wrap of both indexes, no
 * descriptor leaks, and empty polls after the wrap lose nothing. */
static void vring_index_wrap(struct ktest *t)
{
	struct vring_buf bufs[3] = { { 0x1000, 16, false },
				     { 0x2000, 8, true },
				     { 0x3000, 1, true } };
	static int tokens[4];
	unsigned int added = 0, reaped = 0;
	u32 len;

	ring_reset();
	while (reaped < 70000) {
		unsigned int n = 1 + added % 3;
		void *tok;

		if (added - reaped < 2 &&
		    vring_add(&vr, bufs, n, &tokens[added % 4]) >= 0) {
			added++;
			continue;
		}
		device_run();
		tok = vring_get_used(&vr, &len);
		KTEST_ASSERT(t, tok == &tokens[reaped % 4]);
		reaped++;
	}
	device_run();
	while (vring_get_used(&vr, &len))
		reaped++;
	KTEST_EXPECT_EQ(t, reaped, added);
	KTEST_EXPECT_EQ(t, vr.nr_free, NUM);
	KTEST_EXPECT_EQ(t, vr.avail->idx, (u16)added);
	KTEST_EXPECT_EQ(t, vr.used->idx, (u16)added);
	/* Polls with nothing new (an interrupt handler's) change nothing:
	 * the next request still comes back. */
	KTEST_EXPECT_NULL(t, vring_get_used(&vr, &len));
	KTEST_EXPECT_NULL(t, vring_get_used(&vr, &len));
	KTEST_ASSERT_GE(t, vring_add(&vr, bufs, 3, &tokens[0]), 0);
	device_run();
	KTEST_EXPECT(t, vring_get_used(&vr, &len) == &tokens[0]);
}

KTEST_SUITE(virtio_ring,
	    KTEST_CASE(vring_legacy_layout),
	    KTEST_CASE(vring_chain_roundtrip),
	    KTEST_CASE(vring_full),
	    KTEST_CASE(vring_index_wrap));
