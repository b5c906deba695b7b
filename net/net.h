/* SPDX-License-Identifier: MIT */
/*
 * The network (net/): lwIP 2.1.3 in one kernel thread, the tcpip
 * thread, with the loopback interface and an Ethernet interface per NIC
 * driver that registers a netdev (net/netdev.h). net_init() starts the
 * stack before the NIC drivers probe; net_up() then configures the
 * addresses (DHCP, or net.ip= on eth0) and starts netconsole;
 * net_shutdown() sends what netconsole still holds before the machine
 * stops.
 */
#ifndef NET_NET_H
#define NET_NET_H

void net_init(void);
void net_up(void);
void net_shutdown(void);

#endif
