// SPDX-License-Identifier: MIT
/*
 * struct sockaddr_in and sockaddr_in6 to and from struct sock_addr
 * (net/socket_addr.h), with the checks Linux's inet_bind() and
 * inet6_bind() make first: a length below the family's structure is
 * -EINVAL, another family -EAFNOSUPPORT.
 *
 * Both structures keep the port and the address in network byte order.
 */
#include "lib/errno.h"
#include "lib/string.h"
#include "net/socket_addr.h"

static u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put_be16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void put_be32(u8 *p, u32 v)
{
	put_be16(p, (u16)(v >> 16));
	put_be16(p + 2, (u16)v);
}

static u16 get_family(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);	/* sa_family: host order */
}

/* The IPv4 twin of the 16-byte IPv6 address @a6; false if it has none. */
static bool v6_to_v4(const u8 *a6, u32 *v4)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const u8 zero[12];

	if (!memcmp(a6, mapped, 12)) {
		*v4 = get_be32(a6 + 12);
		return true;
	}
	if (memcmp(a6, zero, 12))
		return false;
	switch (get_be32(a6 + 12)) {
	case 0:				/* :: */
		*v4 = 0;
		return true;
	case 1:				/* ::1 */
		*v4 = 0x7f000001;
		return true;
	}
	return false;
}

/**
 * sock_addr_parse - read a user's socket address for a socket of
 * @family.
 * @family: the socket's, AF_INET or AF_INET6
 * @buf: the bytes user space passed
 * @len: how many it said
 * @out: the address
 *
 * Context: any.
 * Return: 0; -EINVAL (too short), -EAFNOSUPPORT (another family; the
 * caller lets AF_UNSPEC through where Linux does), SOCK_ADDR_NOT_V4 (an
 * IPv6 address without an IPv4 twin: the caller's errno).
 */
int sock_addr_parse(int family, const void *buf, u32 len,
		    struct sock_addr *out)
{
	const u8 *p = buf;

	if (family == AF_INET) {
		if (len < SOCKADDR_IN_LEN)
			return -EINVAL;
		if (get_family(p) != AF_INET)
			return -EAFNOSUPPORT;
		out->port = get_be16(p + 2);
		out->addr = get_be32(p + 4);
		return 0;
	}
	if (len < SOCKADDR_IN6_LEN)
		return -EINVAL;
	if (get_family(p) != AF_INET6)
		return -EAFNOSUPPORT;
	out->port = get_be16(p + 2);
	return v6_to_v4(p + 8, &out->addr) ? 0 : SOCK_ADDR_NOT_V4;
}

/**
 * sock_addr_format - write @a as a socket of @family shows it.
 * @family: AF_INET or AF_INET6
 * @a: the address
 * @buf: SOCKADDR_IN6_LEN bytes at least
 *
 * An AF_INET6 socket shows 0.0.0.0 as "::" and every other address
 * v4-mapped, as Linux shows IPv4 peers of a dual-stack socket.
 * Context: any.
 * Return: the structure's length.
 */
u32 sock_addr_format(int family, const struct sock_addr *a, void *buf)
{
	u8 *p = buf;

	if (family == AF_INET) {
		memset(p, 0, SOCKADDR_IN_LEN);
		p[0] = AF_INET;
		put_be16(p + 2, a->port);
		put_be32(p + 4, a->addr);
		return SOCKADDR_IN_LEN;
	}
	memset(p, 0, SOCKADDR_IN6_LEN);
	p[0] = AF_INET6;
	put_be16(p + 2, a->port);
	if (a->addr) {
		p[18] = 0xff;
		p[19] = 0xff;
		put_be32(p + 20, a->addr);
	}
	return SOCKADDR_IN6_LEN;
}
