// SPDX-License-Identifier: MIT
/*
 * netconsole: every console line also goes out as one UDP datagram to
 * netconsole=IP:PORT (default 10.0.2.2:6666, the host as QEMU's user
 * network shows it, and Linux netconsole's default port), from port
 * 6665, numbered so the receiver sees any line that was lost
 * (net/netconsole_ring.h has the format).
 *
 * The console writer runs under printk_lock, in any context, and must
 * never wait or recurse into the network: it only queues the line
 * (nc_ring_write()). It cannot even wake a thread (a wakeup takes
 * scheduler locks, which rank above printk_lock), so a sender thread
 * looks at the queue every NC_POLL_MS and has the tcpip thread send
 * what is there. Lines printed by the tcpip thread itself, by interrupt
 * handlers or while the queue is full take the same path; a full queue
 * drops and counts. Nothing is sent until eth0 has an address and the
 * next hop's MAC is known (lwIP would keep only one packet waiting for
 * ARP), so the lines queued meanwhile are not lost.
 *
 * A pulled cable loses the frames on their way (Linux's netconsole too:
 * UDP has no retransmission); a test that pulls it holds netconsole
 * first (netconsole_hold()), so that nothing is in flight and the lines
 * printed meanwhile wait in the queue.
 *
 * Locking: [x] the tcpip thread; [a] atomic; [p] printk_lock (the
 * ring's producer side); [h] netconsole_lock (mutex: one sender at a
 * time decides whether to send).
 */
#include "kernel/cmdline.h"
#include "kernel/kthread.h"
#include "kernel/mutex.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "lwip/etharp.h"
#include "lwip/ip4.h"
#include "lwip/udp.h"
#include "net/internal.h"
#include "net/ip_param.h"
#include "net/netconsole_ring.h"

#define NC_DEFAULT		"10.0.2.2:6666"
#define NC_LOCAL_PORT		6665
#define NC_POLL_MS		10
#define NC_BATCH		64	/* records per tcpip thread trip */
#define NC_FLUSH_TIMEOUT_MS	3000

static char nc_param[32] = NC_DEFAULT;
KPARAM_STRING(netconsole, "netconsole", nc_param,
	      "send console lines as UDP to IP:PORT (default " NC_DEFAULT ")");

static struct nc_ring nc_ring;		/* [p] producer, [x] consumer */
static struct net_endpoint nc_dest;	/* [I] netconsole_start() */
static struct udp_pcb *nc_pcb;			/* [x] */
static u64 nc_sent;				/* [a] */
static u64 nc_send_failed;			/* [a] */
static bool nc_running;				/* [a] */
static bool nc_held;				/* [h] */
static DEFINE_MUTEX(netconsole_lock);

static void nc_write(const char *s, size_t len)
{
	nc_ring_write(&nc_ring, s, len, ktime_get_ns() / NSEC_PER_USEC);
}

static struct console nc_console = {
	.name = "netcon0",
	.write = nc_write,
};

/* The interface and next hop toward the destination, MAC known. */
static bool nc_route_ready(const ip4_addr_t *dst)
{
	struct netif *nif = ip4_route(dst);
	const ip4_addr_t *hop = dst, *found_ip;
	struct eth_addr *found_mac;

	if (!nif || ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return false;
	if (!(nif->flags & NETIF_FLAG_ETHARP))
		return true;
	if (!ip4_addr_netcmp(dst, netif_ip4_addr(nif), netif_ip4_netmask(nif)))
		hop = netif_ip4_gw(nif);
	if (etharp_find_addr(nif, hop, &found_mac, &found_ip) >= 0)
		return true;
	etharp_query(nif, hop, NULL);
	return false;
}

static void nc_send_one(const struct nc_record *rec, const ip_addr_t *dst)
{
	char buf[NC_RECORD_MAX];
	size_t len = nc_ring_format(rec, buf, sizeof(buf));
	struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);

	if (p && pbuf_take(p, buf, (u16_t)len) == ERR_OK &&
	    udp_sendto(nc_pcb, p, dst, nc_dest.port) == ERR_OK)
		__atomic_fetch_add(&nc_sent, 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&nc_send_failed, 1, __ATOMIC_RELAXED);
	if (p)
		pbuf_free(p);
}

/* In the tcpip thread: send up to NC_BATCH queued lines. */
static void nc_send_batch(void *arg)
{
	struct nc_record rec;
	ip_addr_t dst;

	ip_addr_set_ip4_u32_val(dst, lwip_htonl(nc_dest.addr));
	if (!nc_pcb) {
		nc_pcb = udp_new();
		if (!nc_pcb || udp_bind(nc_pcb, IP_ADDR_ANY, NC_LOCAL_PORT))
			return;
	}
	if (!nc_route_ready(ip_2_ip4(&dst)))
		return;
	for (unsigned int i = 0; i < NC_BATCH && nc_ring_pop(&nc_ring, &rec);
	     i++)
		nc_send_one(&rec, &dst);
}

static int nc_thread(void *data)
{
	for (;;) {
		msleep(NC_POLL_MS);
		mutex_lock(&netconsole_lock);
		if (!nc_held && !nc_ring_empty(&nc_ring))
			net_run(nc_send_batch, NULL);
		mutex_unlock(&netconsole_lock);
	}
	return 0;
}

/**
 * netconsole_start - send the console's lines from now on.
 *
 * A bad netconsole= value says why and keeps the default.
 *
 * Context: boot (net_up()), may sleep.
 */
void netconsole_start(void)
{
	const char *why;

	if (net_parse_endpoint(nc_param, &nc_dest, &why)) {
		pr_warn("netconsole: netconsole=%s: %s; using " NC_DEFAULT "\n",
			nc_param, why);
		net_parse_endpoint(NC_DEFAULT, &nc_dest, &why);
	}
	if (!kthread_run(nc_thread, NULL, "netconsole")) {
		pr_err("netconsole: no thread; not started\n");
		return;
	}
	console_register(&nc_console);
	__atomic_store_n(&nc_running, true, __ATOMIC_RELEASE);
	pr_info("netconsole: console lines to %u.%u.%u.%u:%u\n",
		nc_dest.addr >> 24, nc_dest.addr >> 16 & 0xff,
		nc_dest.addr >> 8 & 0xff, nc_dest.addr & 0xff, nc_dest.port);
}

static void nc_tx_idle(void *arg)
{
	*(bool *)arg = netdev_all_tx_idle();
}

/* Send what is queued, until the queue is empty and the NICs have put
 * every frame on the wire, or until @deadline. */
static void nc_drain(u64 deadline)
{
	bool idle = false;

	while (!nc_ring_empty(&nc_ring) && ktime_get_ns() < deadline) {
		net_run(nc_send_batch, NULL);
		if (!nc_ring_empty(&nc_ring))
			msleep(NC_POLL_MS);
	}
	while (ktime_get_ns() < deadline) {
		net_run(nc_tx_idle, &idle);
		if (idle)
			return;
		msleep(1);
	}
}

/**
 * netconsole_hold - stop sending, with nothing left in flight; or start
 * again.
 * @hold: true to stop: what is queued is sent first and the NICs have
 *        put it on the wire when this returns (bounded); false to go on
 *
 * Lines printed while held wait in the queue (a full queue drops and
 * counts, as always).
 *
 * Context: process context, may sleep; not the tcpip thread.
 */
void netconsole_hold(bool hold)
{
	mutex_lock(&netconsole_lock);
	nc_held = hold;
	if (hold && __atomic_load_n(&nc_running, __ATOMIC_ACQUIRE))
		nc_drain(ktime_get_ns() + NC_FLUSH_TIMEOUT_MS * NSEC_PER_MSEC);
	mutex_unlock(&netconsole_lock);
}

/**
 * netconsole_flush - send every queued line, within a bound.
 *
 * Then logs how many lines were sent and lost, and sends that line too.
 *
 * Context: process context, may sleep (at most NC_FLUSH_TIMEOUT_MS).
 */
void netconsole_flush(void)
{
	u64 deadline = ktime_get_ns() + NC_FLUSH_TIMEOUT_MS * NSEC_PER_MSEC;

	if (!__atomic_load_n(&nc_running, __ATOMIC_ACQUIRE))
		return;
	mutex_lock(&netconsole_lock);
	nc_held = false;
	mutex_unlock(&netconsole_lock);
	nc_drain(deadline);
	pr_info("netconsole: %llu lines sent, %llu dropped (queue full), %llu failed\n",
		(unsigned long long)__atomic_load_n(&nc_sent, __ATOMIC_RELAXED),
		(unsigned long long)nc_ring_dropped(&nc_ring),
		(unsigned long long)__atomic_load_n(&nc_send_failed,
						    __ATOMIC_RELAXED));
	nc_drain(deadline + NC_POLL_MS * 10 * NSEC_PER_MSEC);
}
