// SPDX-License-Identifier: MIT
/*
 * lib/string.c: the memory and string primitives (the kernel's own; the
 * host build checks libc's against the same expectations), the number
 * parsers behind the command line, and glob_match() behind ktest.filter.
 */
#include "kernel/ktest.h"
#include <arch/layout.h>
#include "lib/errno.h"
#include "lib/string.h"
#include "tests/lib/string_sweep.h"

/* memmove handles overlap both ways; memcpy and memset fill exactly
 * their n bytes and nothing around them. */
static void string_mem_copy_move_set(struct ktest *t)
{
	char buf[16] = "0123456789";

	memmove(buf + 2, buf, 5);		/* forward overlap */
	KTEST_EXPECT_STREQ(t, buf, "0101234789");
	memmove(buf, buf + 3, 5);		/* backward overlap */
	KTEST_EXPECT_STREQ(t, buf, "1234734789");
	memset(buf + 1, 'x', 3);
	KTEST_EXPECT_STREQ(t, buf, "1xxx734789");
	memcpy(buf + 8, "ab", 2);
	KTEST_EXPECT_STREQ(t, buf, "1xxx7347ab");
}

/* Comparisons order bytes as unsigned and stop at the length or NUL. */
static void string_compare(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, memcmp("abc", "abc", 3), 0);
	KTEST_EXPECT_LT(t, memcmp("abc", "abd", 3), 0);
	KTEST_EXPECT_GT(t, memcmp("\xff", "\x01", 1), 0);
	KTEST_EXPECT_EQ(t, memcmp("abc", "xyz", 0), 0);
	KTEST_EXPECT_EQ(t, strcmp("", ""), 0);
	KTEST_EXPECT_LT(t, strcmp("ab", "abc"), 0);
	KTEST_EXPECT_GT(t, strcmp("b", "abc"), 0);
	KTEST_EXPECT_GT(t, strcmp("\x80", "a"), 0);
	KTEST_EXPECT_EQ(t, strncmp("abcX", "abcY", 3), 0);
	KTEST_EXPECT_NE(t, strncmp("abcX", "abcY", 4), 0);
	KTEST_EXPECT_EQ(t, strncmp("ab", "ab\0x", 10), 0);
}

/* Lengths and searches, including the terminator and not-found cases. */
static void string_length_and_search(struct ktest *t)
{
	const char *s = "hello, world";

	KTEST_EXPECT_EQ(t, strlen(""), 0);
	KTEST_EXPECT_EQ(t, strlen(s), 12);
	KTEST_EXPECT_EQ(t, strnlen(s, 5), 5);
	KTEST_EXPECT_EQ(t, strnlen(s, 13), 12);
	KTEST_EXPECT(t, strchr(s, 'o') == s + 4);
	KTEST_EXPECT(t, strchr(s, '\0') == s + 12);
	KTEST_EXPECT_NULL(t, strchr(s, 'z'));
	KTEST_EXPECT(t, memchr(s, 'w', 12) == s + 7);
	KTEST_EXPECT_NULL(t, memchr(s, 'w', 7));
	KTEST_EXPECT(t, strstr(s, "world") == s + 7);
	KTEST_EXPECT(t, strstr(s, "") == s);
	KTEST_EXPECT_NULL(t, strstr(s, "worlds"));
	KTEST_EXPECT_NULL(t, strstr("", "a"));
}

/* strlcpy always terminates and returns the source length, so callers
 * can detect truncation. */
static void string_strlcpy_truncates(struct ktest *t)
{
	char buf[6] = "zzzzz";

	KTEST_EXPECT_EQ(t, strlcpy(buf, "abc", sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, strlcpy(buf, "abcdefgh", sizeof(buf)), 8);
	KTEST_EXPECT_STREQ(t, buf, "abcde");
	KTEST_EXPECT_EQ(t, strlcpy(buf, "xy", 0), 2);
	KTEST_EXPECT_STREQ(t, buf, "abcde");
	KTEST_EXPECT_EQ(t, strlcpy(buf, "xy", 1), 2);
	KTEST_EXPECT_STREQ(t, buf, "");
}

static int u64_of(const char *s, u64 *out)
{
	return str_to_u64(s, strlen(s), out);
}

/* str_to_u64: bases, suffixes, the exact u64 limit, and every malformed
 * shape the command line can hand it. */
static void string_str_to_u64(struct ktest *t)
{
	static const struct { const char *s; int err; u64 v; } cases[] = {
		{ "0", 0, 0 }, { "123", 0, 123 }, { "0x1f", 0, 31 },
		{ "0XAbC", 0, 0xabc }, { "017", 0, 15 }, { "00", 0, 0 },
		{ "3k", 0, 3072 }, { "3M", 0, 3 << 20 }, { "3g", 0, 3ULL << 30 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "0xffffffffffffffff", 0, UINT64_MAX },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "17179869184G", -ERANGE, 0 }, { "17179869183G", 0, 17179869183ULL << 30 },
		{ "", -EINVAL, 0 }, { "K", -EINVAL, 0 }, { "0x", -EINVAL, 0 },
		{ "12a", -EINVAL, 0 }, { "09", -EINVAL, 0 }, { "-1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 }, { "1KK", -EINVAL, 0 }, { "+1", -EINVAL, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 v = 12345;
		int err = u64_of(cases[i].s, &v);

		if (err != cases[i].err || (!err && v != cases[i].v))
			KTEST_FAIL(t, "\"%s\": err %d value %llu, want err %d value %llu",
				   cases[i].s, err, (unsigned long long)v,
				   cases[i].err, (unsigned long long)cases[i].v);
		if (err && v != 12345)
			KTEST_FAIL(t, "\"%s\" failed but wrote %llu",
				   cases[i].s, (unsigned long long)v);
	}
	/* The length bounds the parse: "12" out of "1234". */
	KTEST_EXPECT_EQ(t, str_to_u64("1234", 2, &(u64){ 0 }), 0);
}

/* str_to_s64: both ends of s64 exactly, one past each, and signs. */
static void string_str_to_s64(struct ktest *t)
{
	s64 v = 0;

	KTEST_EXPECT_EQ(t, str_to_s64("-9223372036854775808", 20, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT64_MIN);
	KTEST_EXPECT_EQ(t, str_to_s64("9223372036854775807", 19, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT64_MAX);
	KTEST_EXPECT_EQ(t, str_to_s64("9223372036854775808", 19, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, str_to_s64("-9223372036854775809", 20, &v),
			-ERANGE);
	KTEST_EXPECT_EQ(t, str_to_s64("-2K", 3, &v), 0);
	KTEST_EXPECT_EQ(t, v, -2048);
	KTEST_EXPECT_EQ(t, str_to_s64("-0", 2, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, str_to_s64("-", 1, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, str_to_s64("", 0, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, str_to_s64("--1", 3, &v), -EINVAL);
}

/* memset fills exactly its bytes at every length 0..300 and alignment,
 * with the fill byte taken modulo 256 (0x1ff fills 0xff). */
static void string_memset_every_length(struct ktest *t)
{
	sweep_memset(t, "memset", memset);
}

/* memcpy copies exactly its bytes for every length 0..300 and every
 * pair of destination and source alignments. */
static void string_memcpy_every_length(struct ktest *t)
{
	sweep_memcpy(t, "memcpy", memcpy);
}

/* memmove gives the result of a copy through a temporary when the
 * ranges overlap by 1..9 bytes either way (a forward copy of an upward
 * overlap, or a backward one of a downward overlap, smears bytes). */
static void string_memmove_overlap_both_ways(struct ktest *t)
{
	sweep_memmove(t, "memmove", memmove);
}

/* clear_page zeroes exactly one page; copy_page copies exactly one. */
static void string_clear_copy_page(struct ktest *t)
{
	static u8 pages[3 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
	u8 *mid = pages + PAGE_SIZE;

	sweep_fill_n(pages, sizeof(pages), 4);
	clear_page(mid);
	SWEEP_CHECK_N(t, "clear_page", pages, sizeof(pages),
		      i >= PAGE_SIZE && i < 2 * PAGE_SIZE ? 0 :
		      sweep_pattern(i, 4), "%s", "");
	sweep_fill_n(pages, sizeof(pages), 5);
	copy_page(mid, pages + 2 * PAGE_SIZE);
	SWEEP_CHECK_N(t, "copy_page", pages, sizeof(pages),
		      i >= PAGE_SIZE && i < 2 * PAGE_SIZE ?
		      sweep_pattern(i + PAGE_SIZE, 5) : sweep_pattern(i, 5),
		      "%s", "");
}

KTEST_SUITE(string,
	KTEST_CASE(string_mem_copy_move_set),
	KTEST_CASE(string_memset_every_length),
	KTEST_CASE(string_memcpy_every_length),
	KTEST_CASE(string_memmove_overlap_both_ways),
	KTEST_CASE(string_clear_copy_page),
	KTEST_CASE(string_compare),
	KTEST_CASE(string_length_and_search),
	KTEST_CASE(string_strlcpy_truncates),
	KTEST_CASE(string_str_to_u64),
	KTEST_CASE(string_str_to_s64));

/* Literal patterns and '?': whole-string matches only. */
static void glob_literal_and_question(struct ktest *t)
{
	KTEST_EXPECT(t, glob_match("", ""));
	KTEST_EXPECT(t, !glob_match("", "a"));
	KTEST_EXPECT(t, glob_match("abc", "abc"));
	KTEST_EXPECT(t, !glob_match("abc", "abcd"));
	KTEST_EXPECT(t, !glob_match("abcd", "abc"));
	KTEST_EXPECT(t, glob_match("a?c", "abc"));
	KTEST_EXPECT(t, !glob_match("a?c", "ac"));
	KTEST_EXPECT(t, !glob_match("?", ""));
	KTEST_EXPECT(t, glob_match("???", "xyz"));
}

/* '*' matches any run, empty included, and backtracks when a later part
 * of the pattern fails ("a*b*c" against "aXbYbZc"). */
static void glob_star(struct ktest *t)
{
	KTEST_EXPECT(t, glob_match("*", ""));
	KTEST_EXPECT(t, glob_match("*", "anything"));
	KTEST_EXPECT(t, glob_match("**", "x"));
	KTEST_EXPECT(t, glob_match("multiboot2*", "multiboot2"));
	KTEST_EXPECT(t, glob_match("multiboot2*", "multiboot2_boot"));
	KTEST_EXPECT(t, !glob_match("multiboot2*", "multiboot"));
	KTEST_EXPECT(t, glob_match("*_test", "cmdline_test"));
	KTEST_EXPECT(t, !glob_match("*_test", "cmdline_tests"));
	KTEST_EXPECT(t, glob_match("a*b*c", "aXbYbZc"));
	KTEST_EXPECT(t, glob_match("a*b*c", "abc"));
	KTEST_EXPECT(t, !glob_match("a*b*c", "aXbYbZ"));
	KTEST_EXPECT(t, glob_match("*a*a*a*", "banana a"));
	KTEST_EXPECT(t, glob_match("*?", "x"));
	KTEST_EXPECT(t, !glob_match("*?", ""));
	KTEST_EXPECT(t, glob_match("*aab", "aaaab"));
}

/* A long adversarial pattern finishes (iterative, no exponential
 * backtracking) and gives the right answer. */
static void glob_pathological(struct ktest *t)
{
	static char str[201];

	memset(str, 'a', 200);
	str[200] = '\0';
	KTEST_EXPECT(t, !glob_match("*a*a*a*a*a*a*a*a*a*a*b", str));
	KTEST_EXPECT(t, glob_match("*a*a*a*a*a*a*a*a*a*a*", str));
}

KTEST_SUITE(glob,
	KTEST_CASE(glob_literal_and_question),
	KTEST_CASE(glob_star),
	KTEST_CASE(glob_pathological));
