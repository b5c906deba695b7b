// SPDX-License-Identifier: MIT
/*
 * Network benchmarks (explicit-only: ktest.filter=bench_*): TCP through
 * the loopback interface (the stack alone: lwIP, the port's mailbox and
 * the tcpip thread), and, on a boot with a NIC, UDP datagrams sent to
 * the host (the transmit path down to the card, until the card has
 * taken every frame: QEMU's user network delivers them to the host's
 * port 9, where nobody need listen). Figures only: the assertions are
 * that the data arrived whole and that datagrams went out.
 */
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lwip/udp.h"
#include "net/internal.h"
#include "tests/net/tcp_stream.h"

#define BENCH_TCP_PORT	7010
#define BENCH_TCP_BYTES	(8U << 20)
#define BENCH_UDP_COUNT	4000
#define BENCH_UDP_SIZE	1400
#define BENCH_WAIT_MS	120000

static void bench_net_loopback_tcp(struct ktest *t)
{
	struct tcp_stream s;

	if (!tcp_stream_loopback(t, BENCH_TCP_PORT, BENCH_TCP_BYTES,
				 BENCH_WAIT_MS, &s))
		return;
	KTEST_EXPECT_EQ_U(t, s.received, BENCH_TCP_BYTES);
	KTEST_EXPECT_EQ_U(t, s.mismatches, 0);
	ktest_log(t, "bench net_loopback_tcp: %llu MB/s",
		  (unsigned long long)(BENCH_TCP_BYTES * NSEC_PER_SEC /
				       (s.ns ? s.ns : 1) >> 20));
}

struct udp_blast {
	struct udp_pcb *pcb;
	u32 sent, failed;
	bool idle;
};

static void blast_some(void *arg)
{
	static const ip_addr_t host = IPADDR4_INIT_BYTES(10, 0, 2, 2);
	struct udp_blast *b = arg;

	if (!b->pcb)
		b->pcb = udp_new();
	for (unsigned int i = 0; i < 64 && b->pcb; i++) {
		struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, BENCH_UDP_SIZE,
					    PBUF_RAM);

		if (p && udp_sendto(b->pcb, p, &host, 9) == ERR_OK)
			b->sent++;
		else
			b->failed++;
		if (p)
			pbuf_free(p);
	}
}

static void blast_idle(void *arg)
{
	struct udp_blast *b = arg;

	b->idle = netdev_all_tx_idle();
}

static void blast_end(void *arg)
{
	struct udp_blast *b = arg;

	if (b->pcb)
		udp_remove(b->pcb);
}

static void bench_net_udp_tx(struct ktest *t)
{
	struct netdev *dev = netdev_get(0);
	struct udp_blast b = { 0 };
	u64 start, ns;

	if (!dev)
		KTEST_SKIP(t, "no NIC");
	if (!ktest_wait_until(t, __atomic_load_n(&dev->ipv4_addr,
						 __ATOMIC_ACQUIRE), 30000))
		return;
	start = ktime_get_ns();
	while (b.sent + b.failed < BENCH_UDP_COUNT)
		net_run(blast_some, &b);
	ktest_wait_until(t, (net_run(blast_idle, &b), b.idle), BENCH_WAIT_MS);
	ns = ktime_get_ns() - start;
	net_run(blast_end, &b);
	KTEST_EXPECT_GT(t, b.sent, 0);
	ktest_log(t, "bench net_udp_tx_%s: %llu MB/s (%u sent, %u refused)",
		  dev->driver,
		  (unsigned long long)((u64)b.sent * BENCH_UDP_SIZE *
				       NSEC_PER_SEC / (ns ? ns : 1) >> 20),
		  b.sent, b.failed);
}

KTEST_SUITE(bench_net,
	KTEST_CASE(bench_net_loopback_tcp),
	KTEST_CASE(bench_net_udp_tx));
