// SPDX-License-Identifier: MIT
/*
 * Bad frames from the host (tools/oomlab/frames.py, on a boot with
 * net.frames_test=1): a second card, eth1, sits on a QEMU socket netdev
 * through which the host writes raw Ethernet frames. The case gives
 * eth1 an address, says "# bad_frames ADDR PORT", and waits for the
 * good datagram the host sends after one frame of each bad kind: a
 * frame too short for its header, an IPv4 header of version 6, one of
 * 12 bytes, one whose total length is past the frame, a wrong IPv4
 * checksum, a wrong UDP checksum, and a frame past the MTU. Each is
 * dropped where Linux drops it and counted there; the good datagram
 * after them arrives whole. Every wait is bounded.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/stats.h"
#include "lwip/udp.h"
#include "net/internal.h"

#define FRAMES_PORT	7777
#define FRAMES_ADDR	IPADDR4_INIT_BYTES(10, 0, 3, 15)
#define FRAMES_MASK	IPADDR4_INIT_BYTES(255, 255, 255, 0)
#define END_PAYLOAD	"bad_frames: end"
#define END_WAIT_MS	30000

static bool frames_test;
KPARAM_BOOL(net_frames_test, "net.frames_test", &frames_test,
	    "run net_bad_frames: a host peer writes frames to eth1 (runner only)");

/* What the case reads before and after (lwIP's are the tcpip thread's). */
struct frame_counts {
	u64 length_errors;	/* eth1's rx_length_errors */
	u64 rx_errors;		/* eth1's rx_errors */
	u32 etharp_proterr;	/* frames of no protocol lwIP knows */
	u32 ip_err;		/* not IPv4 */
	u32 ip_lenerr;		/* header or total length wrong */
	u32 ip_chkerr;
	u32 udp_chkerr;
};

struct frames_case {
	struct netif *nif;
	struct udp_pcb *pcb;
	struct netdev *dev;
	struct frame_counts counts;
	char got[64];		/* the first datagram's payload */
	bool ended;		/* [a] the end marker came */
};

static void frames_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			const ip_addr_t *addr, u16_t port)
{
	struct frames_case *c = arg;

	if (!__atomic_load_n(&c->ended, __ATOMIC_RELAXED)) {
		u16 n = pbuf_copy_partial(p, c->got, sizeof(c->got) - 1, 0);

		c->got[n] = '\0';
		__atomic_store_n(&c->ended, true, __ATOMIC_RELEASE);
	}
	pbuf_free(p);
}

static void frames_count(void *arg)
{
	struct frames_case *c = arg;
	struct frame_counts *k = &c->counts;

	k->length_errors = c->dev->stats.rx_length_errors;
	k->rx_errors = c->dev->stats.rx_errors;
	k->etharp_proterr = lwip_stats.etharp.proterr;
	k->ip_err = lwip_stats.ip.err;
	k->ip_lenerr = lwip_stats.ip.lenerr;
	k->ip_chkerr = lwip_stats.ip.chkerr;
	k->udp_chkerr = lwip_stats.udp.chkerr;
}

static void frames_open(void *arg)
{
	struct frames_case *c = arg;
	const ip4_addr_t addr = FRAMES_ADDR, mask = FRAMES_MASK;

	netif_set_addr(c->nif, &addr, &mask, IP4_ADDR_ANY4);
	c->pcb = udp_new();
	if (!c->pcb)
		return;
	if (udp_bind(c->pcb, IP4_ADDR_ANY, FRAMES_PORT) != ERR_OK) {
		udp_remove(c->pcb);
		c->pcb = NULL;
		return;
	}
	udp_recv(c->pcb, frames_recv, c);
}

static void frames_close(void *arg)
{
	struct frames_case *c = arg;

	if (c->pcb)
		udp_remove(c->pcb);
	c->pcb = NULL;
	netif_set_addr(c->nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4);
}

/*
 * One frame of each bad kind, then the good datagram. The counters
 * move by exactly the frames of their kind: the short frame in the
 * card's or the netdev's length check (QEMU's e1000 pads it to 60
 * bytes, so there it reaches lwIP as a frame of no known type), the
 * oversized one there too (e1000 drops it in the card and counts it in
 * ROC), version 6 in ip.err, the two length lies in ip.lenerr, the
 * checksums in ip.chkerr and udp.chkerr; the card flags nothing as a
 * receive error; and the good datagram comes through intact. A stack
 * that passed a bad frame up, or dropped one without counting it,
 * fails here.
 */
static void net_bad_frames(struct ktest *t)
{
	static struct frames_case c;
	struct frame_counts a;
	u64 short_frames;

	if (!frames_test)
		KTEST_SKIP(t, "no host peer (net.frames_test=1)");
	c = (struct frames_case){ .dev = netdev_get(1) };
	KTEST_ASSERT_NOT_NULL(t, c.dev);
	c.nif = c.dev->netif;
	net_run(frames_open, &c);
	KTEST_ASSERT_NOT_NULL(t, c.pcb);
	net_run(frames_count, &c);
	a = c.counts;
	printk("# bad_frames 10.0.3.15 %u\n", FRAMES_PORT);
	ktest_wait_until(t, __atomic_load_n(&c.ended, __ATOMIC_ACQUIRE),
			 END_WAIT_MS);
	net_run(frames_count, &c);
	net_run(frames_close, &c);
	KTEST_EXPECT_STREQ(t, c.got, END_PAYLOAD);
	short_frames = (c.counts.length_errors - a.length_errors) +
		       (c.counts.etharp_proterr - a.etharp_proterr);
	KTEST_EXPECT_EQ_U(t, short_frames, 2);
	KTEST_EXPECT_GE_U(t, c.counts.length_errors - a.length_errors, 1);
	KTEST_EXPECT_EQ_U(t, c.counts.rx_errors - a.rx_errors, 0);
	KTEST_EXPECT_EQ_U(t, c.counts.ip_err - a.ip_err, 1);
	KTEST_EXPECT_EQ_U(t, c.counts.ip_lenerr - a.ip_lenerr, 2);
	KTEST_EXPECT_EQ_U(t, c.counts.ip_chkerr - a.ip_chkerr, 1);
	KTEST_EXPECT_EQ_U(t, c.counts.udp_chkerr - a.udp_chkerr, 1);
}

KTEST_SUITE(net_frames,
	KTEST_CASE(net_bad_frames));
