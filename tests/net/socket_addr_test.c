// SPDX-License-Identifier: MIT
/*
 * Socket addresses (net/socket_addr.c): sockaddr_in and sockaddr_in6 in
 * network byte order to the kernel's IPv4 address and back; an AF_INET6
 * socket's ::, ::1 and v4-mapped addresses are IPv4 ones, any other IPv6
 * address has no IPv4 twin; short lengths and other families are
 * Linux's errnos.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "net/socket_addr.h"

/* 127.0.0.1 port 8080 as user space lays it out: a byte-order slip in
 * either direction fails here. */
static void socket_addr_in(struct ktest *t)
{
	static const u8 in[SOCKADDR_IN_LEN] = { AF_INET, 0, 0x1f, 0x90,
						127, 0, 0, 1 };
	u8 back[SOCKADDR_IN6_LEN];
	struct sock_addr a;

	KTEST_ASSERT_EQ(t, sock_addr_parse(AF_INET, in, sizeof(in), &a), 0);
	KTEST_EXPECT_EQ_U(t, a.addr, 0x7f000001);
	KTEST_EXPECT_EQ_U(t, a.port, 8080);
	KTEST_EXPECT_EQ_U(t, sock_addr_format(AF_INET, &a, back),
			  SOCKADDR_IN_LEN);
	KTEST_EXPECT_EQ(t, memcmp(back, in, sizeof(in)), 0);
}

static void socket_addr_in6(struct ktest *t)
{
	u8 in6[SOCKADDR_IN6_LEN] = { AF_INET6, 0, 0x03, 0xe8 };
	u8 back[SOCKADDR_IN6_LEN];
	struct sock_addr a;

	/* :: */
	KTEST_ASSERT_EQ(t, sock_addr_parse(AF_INET6, in6, sizeof(in6), &a),
			0);
	KTEST_EXPECT_EQ_U(t, a.addr, 0);
	KTEST_EXPECT_EQ_U(t, a.port, 1000);
	sock_addr_format(AF_INET6, &a, back);
	KTEST_EXPECT_EQ(t, memcmp(back, in6, sizeof(in6)), 0);
	/* ::1 */
	in6[23] = 1;
	KTEST_ASSERT_EQ(t, sock_addr_parse(AF_INET6, in6, sizeof(in6), &a),
			0);
	KTEST_EXPECT_EQ_U(t, a.addr, 0x7f000001);
	/* ::ffff:10.0.2.15, and back the same */
	memcpy(in6 + 18, "\xff\xff\x0a\x00\x02\x0f", 6);
	KTEST_ASSERT_EQ(t, sock_addr_parse(AF_INET6, in6, sizeof(in6), &a),
			0);
	KTEST_EXPECT_EQ_U(t, a.addr, 0x0a00020f);
	sock_addr_format(AF_INET6, &a, back);
	KTEST_EXPECT_EQ(t, memcmp(back, in6, sizeof(in6)), 0);
	/* 2001:db8::1 has no IPv4 twin */
	memset(in6 + 8, 0, 16);
	in6[8] = 0x20;
	in6[9] = 0x01;
	in6[23] = 1;
	KTEST_EXPECT_EQ(t, sock_addr_parse(AF_INET6, in6, sizeof(in6), &a),
			SOCK_ADDR_NOT_V4);
}

/* Linux's inet_bind()/inet6_bind() checks, length first. */
static void socket_addr_errors(struct ktest *t)
{
	u8 buf[SOCKADDR_IN6_LEN] = { AF_INET6 };
	struct sock_addr a = { 1, 2 };

	KTEST_EXPECT_EQ(t, sock_addr_parse(AF_INET, buf, 15, &a), -EINVAL);
	KTEST_EXPECT_EQ(t, sock_addr_parse(AF_INET, buf, 16, &a),
			-EAFNOSUPPORT);
	KTEST_EXPECT_EQ(t, sock_addr_parse(AF_INET6, buf, 27, &a), -EINVAL);
	buf[0] = AF_INET;
	KTEST_EXPECT_EQ(t, sock_addr_parse(AF_INET6, buf, 28, &a),
			-EAFNOSUPPORT);
	KTEST_EXPECT_EQ_U(t, a.addr, 1);	/* untouched */
	KTEST_EXPECT_EQ_U(t, a.port, 2);
}

KTEST_SUITE(socket_addr,
	KTEST_CASE(socket_addr_in),
	KTEST_CASE(socket_addr_in6),
	KTEST_CASE(socket_addr_errors));
