// SPDX-License-Identifier: MIT
/*
 * The lwIP interface of an Ethernet netdev: frames in (the receive
 * thread copies each into a pbuf and queues it to the tcpip thread),
 * frames out (the tcpip thread flattens a pbuf chain and hands it to
 * the driver), link changes, and the address: DHCP or a static one,
 * logged once it is there as Linux's IP-Config does.
 *
 * Locking: [x] the tcpip thread; [I] set before the netif is added.
 */
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "mm/slab.h"
#include "net/internal.h"
#include "net/ip_param.h"
#include "netif/ethernet.h"

struct netif_eth {
	struct netif nif;		/* [x] */
	struct netdev *dev;		/* [I] */
	struct net_ip_config fixed;	/* [x] static; addr 0: DHCP */
	u8 tx_frame[NETDEV_FRAME_MAX];	/* [x] the flattened frame */
};

static struct netif_eth *eth_of(struct netif *nif)
{
	return container_of(nif, struct netif_eth, nif);
}

static err_t eth_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct netif_eth *ne = eth_of(nif);
	struct netdev *dev = ne->dev;
	u16 len = p->tot_len;

	if (len > sizeof(ne->tx_frame) ||
	    pbuf_copy_partial(p, ne->tx_frame, len, 0) != len ||
	    dev->ops->xmit(dev, ne->tx_frame, len)) {
		netdev_stat_add(&dev->stats.tx_dropped, 1);
		return ERR_IF;
	}
	netdev_stat_add(&dev->stats.tx_packets, 1);
	netdev_stat_add(&dev->stats.tx_bytes, len);
	return ERR_OK;
}

/* "10.0.2.15" into @buf. */
static const char *ip_text(const ip4_addr_t *a, char *buf, int size)
{
	return ip4addr_ntoa_r(a, buf, size);
}

/* The address changed: publish it and log it the way Linux's ipconfig
 * does. */
static void eth_status(struct netif *nif)
{
	struct netif_eth *ne = eth_of(nif);
	struct netdev *dev = ne->dev;
	u32 addr = lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(nif)));
	char a[16], m[16], g[16];
	const u8 *hw = dev->mac;

	if (!addr || addr == __atomic_load_n(&dev->ipv4_addr, __ATOMIC_RELAXED))
		return;
	pr_info("IP-Config: Complete (%s):\n", ne->fixed.addr ? "static" :
		"dhcp");
	pr_info("     device=%s, hwaddr=%02x:%02x:%02x:%02x:%02x:%02x, ipaddr=%s, mask=%s, gw=%s\n",
		dev->name, hw[0], hw[1], hw[2], hw[3], hw[4], hw[5],
		ip_text(netif_ip4_addr(nif), a, sizeof(a)),
		ip_text(netif_ip4_netmask(nif), m, sizeof(m)),
		ip_text(netif_ip4_gw(nif), g, sizeof(g)));
	__atomic_store_n(&dev->ipv4_addr, addr, __ATOMIC_RELEASE);
}

static err_t eth_netif_init(struct netif *nif)
{
	struct netif_eth *ne = eth_of(nif);

	nif->name[0] = 'e';
	nif->name[1] = 't';
	nif->hostname = "oomlab";
	nif->mtu = NETDEV_MTU;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, ne->dev->mac, ETH_HWADDR_LEN);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET;
	nif->output = etharp_output;
	nif->linkoutput = eth_linkoutput;
	netif_set_status_callback(nif, eth_status);
	return ERR_OK;
}

static void eth_add(void *arg)
{
	struct netif_eth *ne = arg;

	if (!netif_add(&ne->nif, NULL, NULL, NULL, ne, eth_netif_init,
		       tcpip_input))
		ne->dev = NULL;
}

/**
 * netif_eth_add - the lwIP interface of @dev, down until configured.
 * @dev: a netdev being registered
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOMEM, or -EINVAL when lwIP refuses the interface.
 */
int netif_eth_add(struct netdev *dev)
{
	struct netif_eth *ne = kzalloc(sizeof(*ne), GFP_KERNEL);

	if (!ne)
		return -ENOMEM;
	ne->dev = dev;
	net_run(eth_add, ne);
	if (!ne->dev) {
		kfree(ne);
		return -EINVAL;
	}
	dev->netif = &ne->nif;
	return 0;
}

/**
 * netif_eth_input - queue one received frame to the tcpip thread.
 * @dev: the device
 * @frame: copied before return
 * @len: its length
 *
 * No memory or a full tcpip mailbox drops the frame and counts it.
 *
 * Context: @dev's receive thread.
 */
void netif_eth_input(struct netdev *dev, const void *frame, size_t len)
{
	struct netif *nif = dev->netif;
	struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_RAM);

	if (!p)
		goto drop;
	pbuf_take(p, frame, (u16_t)len);
	if (nif->input(p, nif) == ERR_OK)
		return;
	pbuf_free(p);
drop:
	netdev_stat_add(&dev->stats.rx_dropped, 1);
}

static void eth_link(void *arg)
{
	struct netif_eth *ne = arg;

	if (__atomic_load_n(&ne->dev->link_up, __ATOMIC_ACQUIRE))
		netif_set_link_up(&ne->nif);
	else
		netif_set_link_down(&ne->nif);
}

/**
 * netif_eth_set_link - tell lwIP the carrier came or went.
 * @dev: the device; dev->link_up holds the new state
 *
 * DHCP starts over on its own when the link comes back.
 *
 * Context: process context, may sleep.
 */
void netif_eth_set_link(struct netdev *dev)
{
	if (dev->netif)
		net_run(eth_link, eth_of(dev->netif));
}

static void eth_configure(void *arg)
{
	struct netif_eth *ne = arg;
	ip4_addr_t a, m, g;

	if (ne->dev == netdev_get(0))
		netif_set_default(&ne->nif);
	netif_set_up(&ne->nif);
	if (!ne->fixed.addr) {
		dhcp_start(&ne->nif);
		return;
	}
	ip4_addr_set_u32(&a, lwip_htonl(ne->fixed.addr));
	ip4_addr_set_u32(&m, lwip_htonl(ne->fixed.netmask));
	ip4_addr_set_u32(&g, lwip_htonl(ne->fixed.gw));
	netif_set_addr(&ne->nif, &a, &m, &g);
}

/**
 * netif_eth_configure - bring @dev's interface up with an address.
 * @dev: the device
 * @cfg: a static address, or NULL to ask DHCP
 *
 * The first NIC configured becomes the default route.
 *
 * Context: process context, may sleep.
 */
void netif_eth_configure(struct netdev *dev,
			 const struct net_ip_config *cfg)
{
	struct netif_eth *ne = eth_of(dev->netif);

	if (cfg)
		ne->fixed = *cfg;
	net_run(eth_configure, ne);
}
