// SPDX-License-Identifier: MIT
/*
 * mm/gfp.c: masks print as Linux 6.1's "%pGg" prints them. The expected
 * strings are what a Linux OOM report shows for the same mask, e.g.
 * "gfp_mask=0xcc0(GFP_KERNEL)" and "0x100cca(GFP_HIGHUSER_MOVABLE)".
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/gfp.h"

static void expect_gfp(struct ktest *t, gfp_t gfp, const char *want)
{
	char buf[GFP_FORMAT_LEN];

	gfp_format(buf, sizeof(buf), gfp);
	KTEST_EXPECT_STREQ(t, buf, want);
}

/* Linux's values: an OOM report's hex mask must match Linux's. */
static void gfp_values_are_linux(struct ktest *t)
{
	KTEST_EXPECT_EQ_U(t, GFP_KERNEL, 0xcc0);
	KTEST_EXPECT_EQ_U(t, GFP_KERNEL_ACCOUNT, 0x400cc0);
	KTEST_EXPECT_EQ_U(t, GFP_ATOMIC, 0xa20);
	KTEST_EXPECT_EQ_U(t, GFP_NOWAIT, 0x800);
	KTEST_EXPECT_EQ_U(t, __GFP_NORETRY, 0x10000);
	KTEST_EXPECT_EQ_U(t, __GFP_RETRY_MAYFAIL, 0x4000);
	KTEST_EXPECT_EQ_U(t, __GFP_NOFAIL, 0x8000);
	KTEST_EXPECT_EQ_U(t, GFP_USER, 0x100cc0);
	KTEST_EXPECT_EQ_U(t, GFP_HIGHUSER_MOVABLE, 0x100cca);
	KTEST_EXPECT_EQ_U(t, GFP_TRANSHUGE_LIGHT, 0x1c20ca);
	KTEST_EXPECT_EQ_U(t, GFP_TRANSHUGE, 0x1c24ca);
}

/*
 * The composite names of Linux 6.1's table, each with the most bits
 * first: a user page's allocation (do_anonymous_page()) prints as
 * GFP_HIGHUSER_MOVABLE, not as GFP_USER with leftovers, and a page
 * table's (GFP_PGTABLE_USER) as GFP_KERNEL_ACCOUNT|__GFP_ZERO.
 */
static void gfp_format_composites(struct ktest *t)
{
	expect_gfp(t, GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE");
	expect_gfp(t, GFP_HIGHUSER_MOVABLE | __GFP_ZERO,
		   "GFP_HIGHUSER_MOVABLE|__GFP_ZERO");
	expect_gfp(t, GFP_HIGHUSER, "GFP_HIGHUSER");
	expect_gfp(t, GFP_USER, "GFP_USER");
	expect_gfp(t, GFP_TRANSHUGE, "GFP_TRANSHUGE");
	expect_gfp(t, GFP_TRANSHUGE_LIGHT, "GFP_TRANSHUGE_LIGHT");
	expect_gfp(t, GFP_KERNEL_ACCOUNT | __GFP_ZERO,
		   "GFP_KERNEL_ACCOUNT|__GFP_ZERO");
	expect_gfp(t, GFP_KERNEL | __GFP_COMP | __GFP_HARDWALL,
		   "GFP_USER|__GFP_COMP");
	expect_gfp(t, GFP_DMA32 | __GFP_MOVABLE | __GFP_WRITE,
		   "GFP_DMA32|__GFP_MOVABLE|__GFP_WRITE");
}

/* Every bit set fits in GFP_FORMAT_LEN (no truncation). */
static void gfp_format_len_holds_any_mask(struct ktest *t)
{
	char buf[GFP_FORMAT_LEN];

	KTEST_EXPECT_LT_U(t, gfp_format(buf, sizeof(buf), ~0U),
			GFP_FORMAT_LEN);
}

/* Combinations win over their parts; leftovers follow in the order. */
static void gfp_format_names(struct ktest *t)
{
	expect_gfp(t, GFP_KERNEL, "GFP_KERNEL");
	expect_gfp(t, GFP_KERNEL | __GFP_NORETRY, "GFP_KERNEL|__GFP_NORETRY");
	expect_gfp(t, GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT");
	expect_gfp(t, GFP_ATOMIC, "GFP_ATOMIC");
	expect_gfp(t, GFP_NOWAIT, "GFP_NOWAIT");
	expect_gfp(t, GFP_NOFS, "GFP_NOFS");
	expect_gfp(t, GFP_KERNEL | __GFP_NOFAIL | __GFP_ZERO,
		   "GFP_KERNEL|__GFP_NOFAIL|__GFP_ZERO");
	expect_gfp(t, __GFP_HIGH | __GFP_DIRECT_RECLAIM,
		   "__GFP_HIGH|__GFP_DIRECT_RECLAIM");
	expect_gfp(t, 0, "");
}

/* Bits without a name print in hex after the names; truncation is safe. */
static void gfp_format_unknown_and_short(struct ktest *t)
{
	char small[8];

	expect_gfp(t, GFP_KERNEL | 0x8000000, "GFP_KERNEL|0x8000000");
	expect_gfp(t, 0x8000000, "0x8000000");
	KTEST_EXPECT_EQ_U(t, gfp_format(small, sizeof(small), GFP_KERNEL),
			  10);
	KTEST_EXPECT_STREQ(t, small, "GFP_KER");
}

/* Parsing gives back what the names say; anything else changes nothing. */
static void gfp_parse_names(struct ktest *t)
{
	gfp_t gfp = 0x1234;

	KTEST_EXPECT_EQ(t, gfp_parse("GFP_KERNEL|__GFP_NORETRY", &gfp), 0);
	KTEST_EXPECT_EQ_U(t, gfp, GFP_KERNEL | __GFP_NORETRY);
	KTEST_EXPECT_EQ(t, gfp_parse("GFP_ATOMIC", &gfp), 0);
	KTEST_EXPECT_EQ_U(t, gfp, GFP_ATOMIC);
	KTEST_EXPECT_EQ(t, gfp_parse("__GFP_HIGH|__GFP_DIRECT_RECLAIM", &gfp),
			0);
	KTEST_EXPECT_EQ_U(t, gfp, __GFP_HIGH | __GFP_DIRECT_RECLAIM);
	gfp = 0x1234;
	KTEST_EXPECT_EQ(t, gfp_parse("", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, gfp_parse("GFP_KERNEL|", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, gfp_parse("GFP_KERNE", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, gfp_parse("GFP_KERNEL|GFP_BOGUS", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, gfp_parse("0xcc0", &gfp), -EINVAL);
	KTEST_EXPECT_EQ_U(t, gfp, 0x1234);
}

KTEST_SUITE(gfp,
	KTEST_CASE(gfp_values_are_linux),
	KTEST_CASE(gfp_format_names),
	KTEST_CASE(gfp_format_composites),
	KTEST_CASE(gfp_format_len_holds_any_mask),
	KTEST_CASE(gfp_format_unknown_and_short),
	KTEST_CASE(gfp_parse_names));
