// SPDX-License-Identifier: MIT
/*
 * The network stack end to end, every lwIP call made in the tcpip
 * thread through net_run(): a UDP datagram and a TCP stream over the
 * loopback interface (every boot), and on a boot with a NIC the DHCP
 * address and an ICMP echo to the gateway (QEMU's user network answers
 * for 10.0.2.2). Every wait is bounded and fails its case.
 */
#include "kernel/cmdline.h"
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "lib/string.h"
#include "lwip/dhcp.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/raw.h"
#include "lwip/udp.h"
#include "net/internal.h"
#include "tests/net/tcp_stream.h"

#define LOOP_UDP_PORT	7001
#define LOOP_TCP_PORT	7002
#define TCP_BYTES	(64 * 1024)
#define WAIT_MS		10000
#define DHCP_WAIT_MS	30000
#define PING_TRIES	5
#define PING_WAIT_MS	2000
#define PING_ID		0x6f6c		/* "ol" */
#define LINK_WAIT_MS	15000

static const ip_addr_t loopback = IPADDR4_INIT_BYTES(127, 0, 0, 1);


/* --- UDP over loopback ------------------------------------------- */

struct udp_case {
	struct udp_pcb *rx, *tx;
	struct completion got;
	u8 data[128];
	u16 len;
	err_t err;
};

static void udp_case_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			  const ip_addr_t *addr, u16_t port)
{
	struct udp_case *c = arg;

	c->len = pbuf_copy_partial(p, c->data, sizeof(c->data), 0);
	pbuf_free(p);
	complete(&c->got);
}

static void udp_case_start(void *arg)
{
	struct udp_case *c = arg;
	u8 payload[100];
	struct pbuf *p;

	for (u32 i = 0; i < sizeof(payload); i++)
		payload[i] = tcp_stream_byte(i);
	c->rx = udp_new();
	c->tx = udp_new();
	p = pbuf_alloc(PBUF_TRANSPORT, sizeof(payload), PBUF_RAM);
	c->err = ERR_MEM;
	if (!c->rx || !c->tx || !p)
		goto out;
	c->err = udp_bind(c->rx, IP4_ADDR_ANY, LOOP_UDP_PORT);
	if (c->err)
		goto out;
	udp_recv(c->rx, udp_case_recv, c);
	pbuf_take(p, payload, sizeof(payload));
	c->err = udp_sendto(c->tx, p, &loopback, LOOP_UDP_PORT);
out:
	if (p)
		pbuf_free(p);
}

static void udp_case_end(void *arg)
{
	struct udp_case *c = arg;

	if (c->rx)
		udp_remove(c->rx);
	if (c->tx)
		udp_remove(c->tx);
}

/* 100 bytes to 127.0.0.1:7001 come back whole on the bound pcb. */
static void net_loopback_udp(struct ktest *t)
{
	struct udp_case c = { 0 };

	init_completion(&c.got);
	net_run(udp_case_start, &c);
	if (KTEST_EXPECT_EQ(t, c.err, ERR_OK) &&
	    ktest_wait_completion(t, &c.got, WAIT_MS)) {
		KTEST_EXPECT_EQ(t, c.len, 100);
		for (u32 i = 0; i < c.len; i++)
			if (!KTEST_EXPECT_EQ(t, c.data[i], tcp_stream_byte(i)))
				break;
	}
	net_run(udp_case_end, &c);
}

/* --- TCP over loopback ------------------------------------------- */

/* 64 KiB from a client to a listener on 127.0.0.1:7002, then FIN: the
 * server gets every byte, in order, and the close. */
static void net_loopback_tcp(struct ktest *t)
{
	struct tcp_stream s;

	if (!tcp_stream_loopback(t, LOOP_TCP_PORT, TCP_BYTES, WAIT_MS, &s))
		return;
	KTEST_EXPECT_EQ_U(t, s.received, TCP_BYTES);
	KTEST_EXPECT_EQ_U(t, s.mismatches, 0);
	KTEST_EXPECT(t, s.closed);
}

/* --- a NIC: DHCP and ping ---------------------------------------- */

static struct netdev *first_nic(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);

	if (dev && !ktest_wait_until(t, __atomic_load_n(&dev->ipv4_addr,
							__ATOMIC_ACQUIRE),
				     DHCP_WAIT_MS))
		return NULL;
	return dev;
}

/* eth0 gets an address: net.ip='s when given, else DHCP's (QEMU's user
 * network gives 10.0.2.15/24); the interface and the netdev agree. */
static void net_nic_address(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);
	struct netif *nif;
	u32 addr;

	if (!dev)
		KTEST_SKIP(t, "no NIC");
	if (!first_nic(t))
		return;
	nif = dev->netif;
	addr = dev->ipv4_addr;
	KTEST_EXPECT_EQ_U(t, addr,
			  lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(nif))));
	if (net_static_ip())
		KTEST_EXPECT_EQ_U(t, addr, net_static_ip());
	else
		KTEST_EXPECT(t, dhcp_supplied_address(nif));
	KTEST_EXPECT(t, netif_is_up(nif));
	KTEST_EXPECT(t, netif_is_link_up(nif));
	ktest_log(t, "%s: %u.%u.%u.%u", dev->name, addr >> 24,
		  addr >> 16 & 0xff, addr >> 8 & 0xff, addr & 0xff);
}

struct ping {
	struct raw_pcb *pcb;
	ip_addr_t to;
	u16 seq;
	bool replied;			/* [x] */
	err_t err;
};

static u8_t ping_recv(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		      const ip_addr_t *addr)
{
	struct ping *ping = arg;
	struct icmp_echo_hdr echo;
	u16_t hlen = IP_HLEN;

	if (pbuf_copy_partial(p, &echo, sizeof(echo), hlen) != sizeof(echo) ||
	    echo.type != ICMP_ER || echo.id != lwip_htons(PING_ID) ||
	    !ip_addr_cmp(addr, &ping->to))
		return 0;
	__atomic_store_n(&ping->replied, true, __ATOMIC_RELEASE);
	pbuf_free(p);
	return 1;
}

static void ping_open(void *arg)
{
	struct ping *ping = arg;

	ping->pcb = raw_new(IP_PROTO_ICMP);
	if (ping->pcb)
		raw_recv(ping->pcb, ping_recv, ping);
}

static void ping_send(void *arg)
{
	struct ping *ping = arg;
	struct pbuf *p = pbuf_alloc(PBUF_IP, sizeof(struct icmp_echo_hdr) + 32,
				    PBUF_RAM);
	struct icmp_echo_hdr *echo;

	ping->err = ERR_MEM;
	if (!p)
		return;
	echo = p->payload;
	memset(echo, 0, p->len);
	echo->type = ICMP_ECHO;
	echo->id = lwip_htons(PING_ID);
	echo->seqno = lwip_htons(ping->seq);
	echo->chksum = inet_chksum(echo, p->len);
	ping->err = raw_sendto(ping->pcb, p, &ping->to);
	pbuf_free(p);
}

static void ping_close(void *arg)
{
	struct ping *ping = arg;

	if (ping->pcb)
		raw_remove(ping->pcb);
}

/* Ping eth0's gateway until it answers (PING_TRIES tries). */
static bool ping_gateway(struct ktest *t, struct netdev *dev,
			 unsigned int *tries)
{
	struct ping ping = { 0 };

	ip_addr_copy(ping.to, ((struct netif *)dev->netif)->gw);
	net_run(ping_open, &ping);
	if (!KTEST_EXPECT_NOT_NULL(t, ping.pcb))
		return false;
	for (ping.seq = 1; ping.seq <= PING_TRIES && !ping.replied;
	     ping.seq++) {
		net_run(ping_send, &ping);
		if (!KTEST_EXPECT_EQ(t, ping.err, ERR_OK))
			break;
		for (u64 end = ktest_wait_deadline(PING_WAIT_MS);
		     !__atomic_load_n(&ping.replied, __ATOMIC_ACQUIRE) &&
		     ktest_wait_pause(end);)
			;
	}
	net_run(ping_close, &ping);
	*tries = ping.seq - 1;
	return __atomic_load_n(&ping.replied, __ATOMIC_ACQUIRE);
}

/* An ICMP echo to the gateway through eth0 is answered; the NIC counted
 * frames both ways. A frame that never leaves the transmit ring, or a
 * receive ring that stops being refilled, fails here. */
static void net_nic_ping_gateway(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);
	unsigned int tries;
	u64 rx, tx;

	if (!dev)
		KTEST_SKIP(t, "no NIC");
	if (!first_nic(t))
		return;
	rx = dev->stats.rx_packets;
	tx = dev->stats.tx_packets;
	KTEST_EXPECT(t, ping_gateway(t, dev, &tries));
	KTEST_EXPECT_GT(t, dev->stats.tx_packets, tx);
	KTEST_EXPECT_GT(t, dev->stats.rx_packets, rx);
	ktest_log(t, "answered after %u tries; %s rx %llu tx %llu dropped %llu",
		  tries, dev->name,
		  (unsigned long long)dev->stats.rx_packets,
		  (unsigned long long)dev->stats.tx_packets,
		  (unsigned long long)dev->stats.rx_dropped);
}

static bool link_is(struct netdev *dev, bool up)
{
	return __atomic_load_n(&dev->link_up, __ATOMIC_ACQUIRE) == up;
}

/*
 * The cable pulled and put back: the runner answers the line
 * "set_link off" (and "set_link on") with QEMU's monitor command
 * set_link on the card. The driver must see the link go down (e1000's
 * LSC interrupt, virtio-net's configuration interrupt and status bit)
 * and come back, lwIP's interface must follow, and the gateway must
 * answer a ping again. Only a runner answers, so the case runs only
 * when it says so (net.link_test=1, which tools/oomlab adds to every boot
 * with a card); elsewhere, e.g. on hardware, it is skipped.
 * netconsole is held meanwhile: frames on their way when the cable goes
 * are lost, and its lines must all arrive.
 */
static bool link_test;
KPARAM_BOOL(net_link_test, "net.link_test", &link_test,
	    "the runner pulls the cable when asked (QEMU's set_link)");

static void net_nic_link(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);
	struct netif *nif;
	unsigned int tries;

	if (!dev)
		KTEST_SKIP(t, "no NIC");
	if (!link_test)
		KTEST_SKIP(t, "no runner to pull the cable (net.link_test=1)");
	if (!first_nic(t))
		return;
	nif = dev->netif;
	netconsole_hold(true);
	ktest_log(t, "set_link off");
	ktest_wait_until(t, link_is(dev, false) && !netif_is_link_up(nif),
			 LINK_WAIT_MS);
	ktest_log(t, "set_link on");
	if (ktest_wait_until(t, link_is(dev, true) && netif_is_link_up(nif),
			     LINK_WAIT_MS) &&
	    ktest_wait_until(t, __atomic_load_n(&dev->ipv4_addr,
						__ATOMIC_ACQUIRE) &&
			     netif_is_up(nif), DHCP_WAIT_MS))
		KTEST_EXPECT(t, ping_gateway(t, dev, &tries));
	netconsole_hold(false);
}

KTEST_SUITE(net,
	KTEST_CASE(net_loopback_udp),
	KTEST_CASE(net_loopback_tcp),
	KTEST_CASE(net_nic_address),
	KTEST_CASE(net_nic_ping_gateway),
	KTEST_CASE(net_nic_link));
