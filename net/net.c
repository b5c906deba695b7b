// SPDX-License-Identifier: MIT
/*
 * The network's start and end (net/net.h): the tcpip thread, the
 * addresses, netconsole. lwIP runs only in the tcpip thread
 * (LWIP_TCPIP_CORE_LOCKING 0): everything else hands it work through
 * net_run() or lwIP's own tcpip_callback(), so no lwIP state needs a
 * lock of ours.
 */
#include "kernel/cmdline.h"
#include "kernel/completion.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "lib/string.h"
#include "lwip/tcpip.h"
#include "net/http.h"
#include "net/internal.h"
#include "net/ip_param.h"
#include "net/net.h"

/* How long the boot waits for the tcpip thread to say it is running. */
#define NET_START_TIMEOUT_MS	10000

static char ip_param[64];
KPARAM_STRING(net_ip, "net.ip", ip_param,
	      "static address of eth0, A.B.C.D/N[,gw=A.B.C.D] (default: DHCP)");

struct net_call {
	void (*fn)(void *arg);
	void *arg;
	struct completion done;
};

static void net_call_run(void *data)
{
	struct net_call *call = data;

	call->fn(call->arg);
	complete(&call->done);
}

/**
 * net_run - run @fn(@arg) in the tcpip thread and wait for it.
 * @fn: the function; it may use any lwIP call
 * @arg: its argument
 *
 * Context: process context, not the tcpip thread; may sleep.
 */
void net_run(void (*fn)(void *arg), void *arg)
{
	struct net_call call = { .fn = fn, .arg = arg };

	init_completion(&call.done);
	if (tcpip_callback(net_call_run, &call) != ERR_OK)
		panic("net: cannot reach the tcpip thread");
	wait_for_completion(&call.done);
}

static void tcpip_ready(void *arg)
{
	complete(arg);
}

/**
 * net_init - start lwIP's tcpip thread, with the loopback interface.
 *
 * Context: boot, before the NIC drivers probe; may sleep.
 */
void net_init(void)
{
	struct completion ready;

	init_completion(&ready);
	tcpip_init(tcpip_ready, &ready);
	if (!wait_for_completion_timeout(
		    &ready, msecs_to_jiffies(NET_START_TIMEOUT_MS)))
		panic("net: the tcpip thread did not start");
	pr_info("NET: lwIP 2.1.3, tcpip thread started, lo 127.0.0.1\n");
	http_start();	/* the metrics server, on lo and every NIC */
}

/**
 * net_static_ip - the address net.ip= gives eth0.
 *
 * Context: any.
 * Return: the address in host order; 0 when net.ip= is absent or bad
 * (eth0 asks DHCP then).
 */
u32 net_static_ip(void)
{
	struct net_ip_config cfg;
	const char *why;

	if (!ip_param[0] || net_parse_ip_config(ip_param, &cfg, &why))
		return 0;
	return cfg.addr;
}

/* net.ip=, or NULL for DHCP (a bad value says why and keeps DHCP). */
static const struct net_ip_config *static_config(struct net_ip_config *cfg)
{
	const char *why;

	if (!ip_param[0])
		return NULL;
	if (!net_parse_ip_config(ip_param, cfg, &why))
		return cfg;
	pr_warn("net: net.ip=%s: %s; using DHCP\n", ip_param, why);
	return NULL;
}

/**
 * net_up - configure every NIC's address and start netconsole.
 *
 * eth0 takes net.ip= when it is given; every other interface, and eth0
 * without it, asks DHCP. The addresses arrive asynchronously: the boot
 * does not wait for them.
 *
 * Context: boot, after the NIC drivers probed; may sleep.
 */
void net_up(void)
{
	struct net_ip_config cfg;
	const struct net_ip_config *fixed = static_config(&cfg);

	if (!netdev_count()) {
		pr_info("net: no NIC found\n");
		return;
	}
	for (unsigned int i = 0; i < netdev_count(); i++)
		netif_eth_configure(netdev_get(i), i == 0 ? fixed : NULL);
	netconsole_start();
}

/**
 * net_shutdown - the machine is about to stop: send netconsole's queue.
 *
 * Context: process context, may sleep (bounded).
 */
void net_shutdown(void)
{
	netconsole_flush();
}
