// SPDX-License-Identifier: MIT
/*
 * kstrtox: the inputs users write to /proc and cgroup files get Linux
 * 6.1's answers. Each row is (text, base, errno, value); the values and
 * errnos are what Linux's kstrtoint() returns for that text.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

static const struct {
	const char *s;
	unsigned int base;
	int err;
	int val;
} int_cases[] = {
	{ "0", 0, 0, 0 },
	{ "1000", 0, 0, 1000 },
	{ "-1000", 0, 0, -1000 },
	{ "+7", 0, 0, 7 },
	{ "-+7", 0, 0, -7 },		/* '-' then kstrtoull's '+' */
	{ "12\n", 0, 0, 12 },		/* one trailing newline */
	{ "12\n\n", 0, -EINVAL, 0 },
	{ "0x10", 0, 0, 16 },
	{ "010", 0, 0, 8 },
	{ "010", 10, 0, 10 },
	{ "0x", 0, -EINVAL, 0 },	/* octal 0, then junk "x" */
	{ "", 0, -EINVAL, 0 },
	{ "-", 0, -EINVAL, 0 },
	{ "abc", 0, -EINVAL, 0 },
	{ "12abc", 0, -EINVAL, 0 },
	{ " 12", 0, -EINVAL, 0 },	/* callers strip first */
	{ "2147483647", 0, 0, 2147483647 },
	{ "2147483648", 0, -ERANGE, 0 },
	{ "-2147483648", 0, 0, -2147483647 - 1 },
	{ "99999999999999999999", 0, -ERANGE, 0 },
	{ "18446744073709551617", 0, -ERANGE, 0 },	/* 2^64 + 1 */
	{ "-9223372036854775809", 0, -ERANGE, 0 },
	{ "max", 0, -EINVAL, 0 },
};

static void kstrtox_int_table(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(int_cases); i++) {
		int v = 0x5a5a;
		int r = kstrtoint(int_cases[i].s, int_cases[i].base, &v);

		if (!KTEST_EXPECT_EQ(t, r, int_cases[i].err))
			ktest_log(t, "input \"%s\"", int_cases[i].s);
		if (!r && !KTEST_EXPECT_EQ(t, v, int_cases[i].val))
			ktest_log(t, "input \"%s\"", int_cases[i].s);
		if (r)
			KTEST_EXPECT_EQ(t, v, 0x5a5a);	/* untouched */
	}
}

/* strstrip: both ends, all of isspace(), nothing in the middle. */
static void kstrtox_strstrip(struct ktest *t)
{
	char a[] = " \t 12 3\n\v\f\r ";
	char b[] = "\n";

	KTEST_EXPECT_STREQ(t, strstrip(a), "12 3");
	KTEST_EXPECT_STREQ(t, strstrip(b), "");
}

KTEST_SUITE(kstrtox,
	    KTEST_CASE(kstrtox_int_table),
	    KTEST_CASE(kstrtox_strstrip));
