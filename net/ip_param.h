/* SPDX-License-Identifier: MIT */
/*
 * The network's command-line values (net/ip_param.c), parsed without
 * the stack so the host tests run them: a static address
 * `net.ip=A.B.C.D/N,gw=A.B.C.D` and an endpoint `IP:PORT`
 * (`netconsole=`). Addresses are in host byte order.
 */
#ifndef NET_IP_PARAM_H
#define NET_IP_PARAM_H

#include "lib/types.h"

struct net_ip_config {
	u32 addr;
	u32 netmask;		/* from the prefix length */
	u32 gw;			/* 0: none given */
};

struct net_endpoint {
	u32 addr;
	u16 port;
};

int net_parse_ipv4(const char *s, size_t len, u32 *addr);
int net_parse_ip_config(const char *s, struct net_ip_config *cfg,
			const char **why);
int net_parse_endpoint(const char *s, struct net_endpoint *ep,
		       const char **why);

#endif
