// SPDX-License-Identifier: MIT
/*
 * mm/memcg_parse.c: what Linux 6.1 does with each string written to
 * memory.max (page_counter_memparse() after strstrip()), memory.oom.group
 * (kstrtoint()) and a v1 u64 file (kstrtoull()). Each row is a string a
 * user may write and Linux's result: the errno, or the pages it sets.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "mm/memcg_parse.h"
#include "mm/page_counter.h"

#define PG	((unsigned long)PAGE_SIZE)

struct pages_row {
	const char *in;
	int err;
	unsigned long pages;
};

static const struct pages_row pages_rows[] = {
	{ "max", 0, PAGE_COUNTER_MAX },
	{ "max\n", 0, PAGE_COUNTER_MAX },
	{ "  max  ", 0, PAGE_COUNTER_MAX },
	{ "MAX", -EINVAL, 0 },
	{ "maximum", -EINVAL, 0 },
	{ "123", 0, 0 },			/* bytes round down */
	{ "4096", 0, 1 },
	{ "8191\n", 0, 1 },
	{ "64M", 0, (64UL << 20) / PG },
	{ "64m\n", 0, (64UL << 20) / PG },
	{ "1G", 0, (1UL << 30) / PG },
	{ "2k", 0, 0 },
	{ "8K", 0, 2 },
	{ "1T", 0, (1UL << 40) / PG },
	{ "1E", 0, 1UL << 48 },
	{ "8E", 0, PAGE_COUNTER_MAX },	/* 2^63 bytes: capped */
	{ "16E", 0, 0 },		/* 2^64 wraps to 0 */
	{ "0x2000", 0, 2 },
	{ "010000", 0, 1 },		/* octal 4096 */
	{ "0x", -EINVAL, 0 },		/* "0" in octal, then "x" */
	{ "", 0, 0 },			/* an empty write sets 0 */
	{ "\n", 0, 0 },
	{ "abc", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "+1", -EINVAL, 0 },
	{ "64 M", -EINVAL, 0 },
	{ "1.5M", -EINVAL, 0 },
	{ "64MB", -EINVAL, 0 },
	{ "4096 4096", -EINVAL, 0 },
	/* simple_strtoull() wraps: 10^20 - 5 * 2^64 bytes. */
	{ "99999999999999999999", 0, 7766279631452241919UL / PG },
};

static void memcg_parse_pages_like_linux(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(pages_rows); i++) {
		const struct pages_row *r = &pages_rows[i];
		unsigned long pages = 0xdead;
		int err = memcg_parse_pages(r->in, &pages);

		if (err != r->err || (!err && pages != r->pages))
			KTEST_FAIL(t, "\"%s\": got %d/%lu, Linux %d/%lu", r->in,
				   err, err ? 0 : pages, r->err, r->pages);
		if (err && pages != 0xdead)
			KTEST_FAIL(t, "\"%s\": failed but wrote", r->in);
	}
}

struct int_row {
	const char *in;
	int err;
	int val;
};

static const struct int_row int_rows[] = {
	{ "1", 0, 1 },
	{ "0\n", 0, 0 },
	{ " 1 ", 0, 1 },
	{ "+1", 0, 1 },
	{ "-1", 0, -1 },
	{ "0x1", 0, 1 },
	{ "2147483647", 0, 2147483647 },
	{ "2147483648", -ERANGE, 0 },
	{ "-2147483648", 0, -2147483647 - 1 },
	{ "99999999999999999999", -ERANGE, 0 },
	{ "", -EINVAL, 0 },
	{ "abc", -EINVAL, 0 },
	{ "1x", -EINVAL, 0 },
	{ "-+1", -EINVAL, 0 },
	{ "max", -EINVAL, 0 },
};

static void memcg_parse_int_like_kstrtoint(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(int_rows); i++) {
		const struct int_row *r = &int_rows[i];
		int val = 0x5a5a;
		int err = memcg_parse_int(r->in, &val);

		if (err != r->err || (!err && val != r->val))
			KTEST_FAIL(t, "\"%s\": got %d/%d, Linux %d/%d", r->in,
				   err, val, r->err, r->val);
	}
}

/* v1 files are not stripped: only one trailing newline is allowed. */
static void memcg_parse_u64_unstripped(struct ktest *t)
{
	u64 v = 7;

	KTEST_EXPECT_EQ(t, memcg_parse_u64("1\n", &v), 0);
	KTEST_EXPECT_EQ_U(t, v, 1);
	KTEST_EXPECT_EQ(t, memcg_parse_u64(" 1", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memcg_parse_u64("1\n\n", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memcg_parse_u64("-1", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memcg_parse_u64("18446744073709551616", &v),
			-ERANGE);
}

KTEST_SUITE(memcg_parse,
	KTEST_CASE(memcg_parse_pages_like_linux),
	KTEST_CASE(memcg_parse_int_like_kstrtoint),
	KTEST_CASE(memcg_parse_u64_unstripped));
