// SPDX-License-Identifier: MIT
/*
 * Network benchmarks with the host (explicit-only: ktest.filter=bench_*,
 * on a boot with a card and net.bench_test=1; make bench boots one with
 * e1000 and one with virtio-net): the round trip of an ICMP echo to
 * the gateway (QEMU's user network answers for 10.0.2.2), and TCP from
 * the metrics server's /bench to the host through hostfwd
 * (tools/oomlab/netbench.py fetches it), timed by the server from the
 * request to the last byte acknowledged. Figures as "bench NAME: VALUE
 * UNIT", NAME ending in the driver's name; under TCG, so only ratios
 * within one run mean much.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/string.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/raw.h"
#include "net/http.h"
#include "net/internal.h"

#define ECHOES		20
#define ECHO_WAIT_MS	5000
#define ECHO_ID		0x6265		/* "be" */
#define DHCP_WAIT_MS	30000
#define HTTP_BENCH_BYTES (16U << 20)
#define HTTP_WAIT_MS	300000

static bool bench_test;
KPARAM_BOOL(net_bench_test, "net.bench_test", &bench_test,
	    "run bench_net_peer: the host fetches /bench (runner only)");

static struct netdev *bench_nic(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);

	if (!bench_test)
		return NULL;
	if (dev && !ktest_wait_until(t, __atomic_load_n(&dev->ipv4_addr,
							__ATOMIC_ACQUIRE),
				     DHCP_WAIT_MS))
		return NULL;
	return dev;
}

struct echo {
	struct raw_pcb *pcb;
	ip_addr_t to;
	u16 seq;		/* the echo in flight */
	u64 answered;		/* [a] the seq last answered */
	err_t err;
};

static u8_t echo_recv(void *arg, struct raw_pcb *pcb, struct pbuf *p,
		      const ip_addr_t *addr)
{
	struct echo *e = arg;
	struct icmp_echo_hdr h;

	if (pbuf_copy_partial(p, &h, sizeof(h), IP_HLEN) != sizeof(h) ||
	    h.type != ICMP_ER || h.id != lwip_htons(ECHO_ID))
		return 0;
	__atomic_store_n(&e->answered, lwip_ntohs(h.seqno), __ATOMIC_RELEASE);
	pbuf_free(p);
	return 1;
}

static void echo_open(void *arg)
{
	struct echo *e = arg;

	e->pcb = raw_new(IP_PROTO_ICMP);
	if (e->pcb)
		raw_recv(e->pcb, echo_recv, e);
}

static void echo_send(void *arg)
{
	struct echo *e = arg;
	struct pbuf *p = pbuf_alloc(PBUF_IP, sizeof(struct icmp_echo_hdr) + 56,
				    PBUF_RAM);
	struct icmp_echo_hdr *h;

	e->err = ERR_MEM;
	if (!p)
		return;
	h = p->payload;
	memset(h, 0, p->len);
	h->type = ICMP_ECHO;
	h->id = lwip_htons(ECHO_ID);
	h->seqno = lwip_htons(e->seq);
	h->chksum = inet_chksum(h, p->len);
	e->err = raw_sendto(e->pcb, p, &e->to);
	pbuf_free(p);
}

static void echo_close(void *arg)
{
	struct echo *e = arg;

	if (e->pcb)
		raw_remove(e->pcb);
}

/* ECHOES echoes to the gateway, one at a time: the best and the mean
 * round trip (the first, which may wait for ARP, is not counted). */
static void bench_net_ping(struct ktest *t)
{
	struct netdev *dev = bench_nic(t);
	struct echo e = { 0 };
	u64 best = ~0ULL, sum = 0;

	if (!dev)
		KTEST_SKIP(t, "no NIC or no net.bench_test=1");
	ip_addr_copy(e.to, ((struct netif *)dev->netif)->gw);
	net_run(echo_open, &e);
	KTEST_ASSERT_NOT_NULL(t, e.pcb);
	for (e.seq = 0; e.seq <= ECHOES; e.seq++) {
		u64 t0 = ktime_get_ns(), rtt;

		net_run(echo_send, &e);
		if (!KTEST_EXPECT_EQ(t, e.err, ERR_OK) ||
		    !ktest_wait_until(t, __atomic_load_n(&e.answered,
							 __ATOMIC_ACQUIRE) ==
					     e.seq,
				      ECHO_WAIT_MS))
			break;
		rtt = ktime_get_ns() - t0;
		if (!e.seq)
			continue;
		sum += rtt;
		best = MIN(best, rtt);
	}
	net_run(echo_close, &e);
	if (e.seq <= ECHOES)
		return;
	ktest_log(t, "bench net_ping_gw_%s: %llu us", dev->driver,
		  (unsigned long long)(sum / ECHOES / 1000));
	ktest_log(t, "bench net_ping_gw_best_%s: %llu us", dev->driver,
		  (unsigned long long)(best / 1000));
}

/* HTTP_BENCH_BYTES of /bench to the host; the server's clock. */
static void bench_net_http_tx(struct ktest *t)
{
	struct netdev *dev = bench_nic(t);
	struct http_stats s;
	u64 before, bps;

	if (!dev)
		KTEST_SKIP(t, "no NIC or no net.bench_test=1");
	http_stats_read(&s);
	before = s.bench_ns;
	printk("# http_bench_ready %u %u\n", http_port(), HTTP_BENCH_BYTES);
	if (!ktest_wait_until(t, (http_stats_read(&s),
				  s.bench_ns != before),
			      HTTP_WAIT_MS))
		return;
	KTEST_EXPECT_EQ_U(t, s.bench_bytes, HTTP_BENCH_BYTES);
	bps = s.bench_bytes * 1000000ULL / (s.bench_ns / 1000 + 1);
	ktest_log(t, "bench net_http_tx_%s: %llu.%03llu MB/s", dev->driver,
		  (unsigned long long)(bps / 1000000),
		  (unsigned long long)(bps / 1000 % 1000));
}

KTEST_SUITE(bench_net_peer,
	KTEST_CASE(bench_net_ping),
	KTEST_CASE(bench_net_http_tx));
