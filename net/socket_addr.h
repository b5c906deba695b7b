/* SPDX-License-Identifier: MIT */
/*
 * Socket addresses as user space passes them (net/socket_addr.c): struct
 * sockaddr_in and struct sockaddr_in6, Linux's layouts, to and from the
 * kernel's struct sock_addr (IPv4, host byte order). Pure: also built
 * for the host tests.
 *
 * lwIP is built without IPv6 here, so an AF_INET6 socket is an IPv4
 * socket seen through IPv6 addresses, as a Linux dual-stack socket sees
 * IPv4 peers: "::" is any address, "::ffff:a.b.c.d" (v4-mapped) is
 * a.b.c.d, and "::1" stands for 127.0.0.1. Any other IPv6 address is
 * one nobody here owns or can reach.
 */
#ifndef NET_SOCKET_ADDR_H
#define NET_SOCKET_ADDR_H

#include "lib/types.h"
#include "net/socket.h"

#define SOCKADDR_IN_LEN		16
#define SOCKADDR_IN6_LEN	28
#define SOCKADDR_MAX_LEN	128	/* struct sockaddr_storage */
#define SOCK_ADDR_NOT_V4	1	/* an IPv6 address with no IPv4 twin */

int sock_addr_parse(int family, const void *buf, u32 len,
		    struct sock_addr *out);
u32 sock_addr_format(int family, const struct sock_addr *a, void *buf);

#endif
