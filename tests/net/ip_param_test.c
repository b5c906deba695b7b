// SPDX-License-Identifier: MIT
/*
 * The network's command-line values: a good net.ip= and netconsole= give
 * their numbers; every malformed one is refused with the output left as
 * it was (the kernel then keeps DHCP or the default endpoint).
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "net/ip_param.h"

#define IP(a, b, c, d)	((u32)(a) << 24 | (u32)(b) << 16 | (c) << 8 | (d))

/* 10.0.2.15/24 with the gateway 10.0.2.2: the numbers QEMU's user
 * network hands out. A wrong mask (say, from a prefix shifted by one)
 * or a byte-order slip fails here. */
static void ip_param_static_address(struct ktest *t)
{
	struct net_ip_config cfg;
	const char *why;

	KTEST_ASSERT_EQ(t, net_parse_ip_config("10.0.2.15/24,gw=10.0.2.2",
					       &cfg, &why), 0);
	KTEST_EXPECT_EQ_U(t, cfg.addr, IP(10, 0, 2, 15));
	KTEST_EXPECT_EQ_U(t, cfg.netmask, IP(255, 255, 255, 0));
	KTEST_EXPECT_EQ_U(t, cfg.gw, IP(10, 0, 2, 2));
	KTEST_ASSERT_EQ(t, net_parse_ip_config("192.168.1.7/32", &cfg, &why),
			0);
	KTEST_EXPECT_EQ_U(t, cfg.netmask, 0xffffffffU);
	KTEST_EXPECT_EQ_U(t, cfg.gw, 0);
	KTEST_ASSERT_EQ(t, net_parse_ip_config("1.2.3.4/1", &cfg, &why), 0);
	KTEST_EXPECT_EQ_U(t, cfg.netmask, 0x80000000U);
}

/* Each of these is refused and leaves @cfg as it was. */
static void ip_param_bad_static_address(struct ktest *t)
{
	static const char *const bad[] = {
		"", "10.0.2.15", "10.0.2.15/", "10.0.2.15/0", "10.0.2.15/33",
		"10.0.2/24", "10.0.2.15.1/24", "10.0.2.256/24", "10.0.2.-1/24",
		"10.0.02.15/24", "10..2.15/24", "10.0.2.15/24,",
		"10.0.2.15/24,gw",
		"10.0.2.15/24,gw=10.0.3.2", "10.0.2.15/24,gw=10.0.2.15",
		"10.0.2.15/24x", "a.b.c.d/24", "10.0.2.15/24,gw=10.0.2.2x",
		"10.0.2.15,gw=10.0.2.2/24", " 10.0.2.15/24",
	};
	struct net_ip_config cfg = { .addr = 1, .netmask = 2, .gw = 3 };
	const char *why = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (!KTEST_EXPECT_EQ(t, net_parse_ip_config(bad[i], &cfg, &why),
				     -EINVAL))
			ktest_log(t, "accepted '%s'", bad[i]);
		KTEST_EXPECT_NOT_NULL(t, why);
	}
	KTEST_EXPECT_EQ_U(t, cfg.addr, 1);
	KTEST_EXPECT_EQ_U(t, cfg.netmask, 2);
	KTEST_EXPECT_EQ_U(t, cfg.gw, 3);
}

static void ip_param_endpoint(struct ktest *t)
{
	static const char *const bad[] = {
		"10.0.2.2", "10.0.2.2:", "10.0.2.2:0", "10.0.2.2:65536",
		"10.0.2:6666", ":6666", "10.0.2.2:66a", "10.0.2.2:06666",
	};
	struct net_endpoint ep = { 0 };
	const char *why;

	KTEST_ASSERT_EQ(t, net_parse_endpoint("10.0.2.2:6666", &ep, &why), 0);
	KTEST_EXPECT_EQ_U(t, ep.addr, IP(10, 0, 2, 2));
	KTEST_EXPECT_EQ_U(t, ep.port, 6666);
	KTEST_ASSERT_EQ(t, net_parse_endpoint("255.255.255.255:65535", &ep,
					      &why), 0);
	KTEST_EXPECT_EQ_U(t, ep.port, 65535);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (!KTEST_EXPECT_EQ(t, net_parse_endpoint(bad[i], &ep, &why),
				     -EINVAL))
			ktest_log(t, "accepted '%s'", bad[i]);
	KTEST_EXPECT_EQ_U(t, ep.addr, 0xffffffffU);
}

KTEST_SUITE(ip_param,
	KTEST_CASE(ip_param_static_address),
	KTEST_CASE(ip_param_bad_static_address),
	KTEST_CASE(ip_param_endpoint));
