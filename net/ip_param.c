// SPDX-License-Identifier: MIT
/*
 * The network's command-line values (net/ip_param.h). Strict, as
 * inet_pton() is for AF_INET: four decimal parts of 0..255, no leading
 * zeros beyond "0" itself, nothing after the last digit. A bad value
 * leaves the output untouched and names what was wrong, so the caller
 * can print it and keep its default.
 */
#include "lib/errno.h"
#include "lib/string.h"
#include "net/ip_param.h"

/* A decimal number of @len characters, at most @max. */
static int parse_decimal(const char *s, size_t len, u32 max, u32 *out)
{
	u32 v = 0;

	if (!len || len > 5 || (len > 1 && s[0] == '0'))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (u32)(s[i] - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * net_parse_ipv4 - a dotted-quad IPv4 address.
 * @s: the text (not necessarily terminated)
 * @len: its length
 * @addr: the address, host byte order
 *
 * Context: any.
 * Return: 0, or -EINVAL (and @addr untouched).
 */
int net_parse_ipv4(const char *s, size_t len, u32 *addr)
{
	u32 v = 0, part;
	size_t start = 0;
	int parts = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (parts == 4 ||
		    parse_decimal(s + start, i - start, 255, &part))
			return -EINVAL;
		v = v << 8 | part;
		parts++;
		start = i + 1;
	}
	if (parts != 4)
		return -EINVAL;
	*addr = v;
	return 0;
}

/**
 * net_parse_ip_config - `A.B.C.D/N` with an optional `,gw=A.B.C.D`.
 * @s: the terminated text
 * @cfg: the result
 * @why: on failure, what was wrong
 *
 * The prefix length is 1..32 and the gateway, when given, must lie in
 * the network, as Linux requires of a route's next hop.
 *
 * Context: any.
 * Return: 0, or -EINVAL with @cfg untouched.
 */
int net_parse_ip_config(const char *s, struct net_ip_config *cfg,
			const char **why)
{
	const char *slash = strchr(s, '/'), *comma = strchr(s, ',');
	struct net_ip_config c = { 0 };
	size_t plen;
	u32 prefix;

	*why = "expected A.B.C.D/N[,gw=A.B.C.D]";
	if (!slash || (comma && comma < slash) ||
	    net_parse_ipv4(s, (size_t)(slash - s), &c.addr))
		return -EINVAL;
	plen = comma ? (size_t)(comma - slash - 1) : strlen(slash + 1);
	if (parse_decimal(slash + 1, plen, 32, &prefix) || !prefix) {
		*why = "the prefix length must be 1..32";
		return -EINVAL;
	}
	c.netmask = (u32)(0xffffffffULL << (32 - prefix));
	if (comma) {
		if (strncmp(comma + 1, "gw=", 3) ||
		    net_parse_ipv4(comma + 4, strlen(comma + 4), &c.gw))
			return -EINVAL;
		if ((c.gw & c.netmask) != (c.addr & c.netmask) ||
		    c.gw == c.addr) {
			*why = "the gateway must be another address of the "
			       "network";
			return -EINVAL;
		}
	}
	*cfg = c;
	return 0;
}

/**
 * net_parse_endpoint - `A.B.C.D:PORT`, the port 1..65535.
 * @s: the terminated text
 * @ep: the result
 * @why: on failure, what was wrong
 *
 * Context: any.
 * Return: 0, or -EINVAL with @ep untouched.
 */
int net_parse_endpoint(const char *s, struct net_endpoint *ep,
		       const char **why)
{
	const char *colon = strchr(s, ':');
	struct net_endpoint e;
	u32 port;

	*why = "expected A.B.C.D:PORT";
	if (!colon || net_parse_ipv4(s, (size_t)(colon - s), &e.addr))
		return -EINVAL;
	if (parse_decimal(colon + 1, strlen(colon + 1), 65535, &port) ||
	    !port) {
		*why = "the port must be 1..65535";
		return -EINVAL;
	}
	e.port = (u16)port;
	*ep = e;
	return 0;
}
