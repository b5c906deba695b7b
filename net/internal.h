/* SPDX-License-Identifier: MIT */
/*
 * What net/'s files share and nothing else uses: running a function in
 * the tcpip thread, the Ethernet netif glue (net/netif_eth.c) and
 * netconsole (net/netconsole.c).
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include "net/netdev.h"

void net_run(void (*fn)(void *arg), void *arg);
u32 net_static_ip(void);

int netif_eth_add(struct netdev *dev);
void netif_eth_input(struct netdev *dev, const void *frame, size_t len);
void netif_eth_set_link(struct netdev *dev);
struct net_ip_config;
void netif_eth_configure(struct netdev *dev, const struct net_ip_config *cfg);

void netconsole_start(void);
void netconsole_flush(void);
void netconsole_hold(bool hold);

#endif
