// SPDX-License-Identifier: MIT
/*
 * lib/format.c: vsnprintf against what C99 printf prints, conversion by
 * conversion, then the buffer contract (truncation, return value, size
 * 0) and the %pS fallback.
 */
#include <stdarg.h>
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lib/string.h"

/*
 * Format through vsnprintf and compare text and return value. No
 * __printf attribute on purpose: some cases feed it conversions the
 * compiler would reject ("%q").
 */
static void check_at(struct ktest *t, int line, const char *want,
		     const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	memset(buf, '#', sizeof(buf));
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, want) || n != (int)strlen(want))
		KTEST_FAIL(t, "line %d: \"%s\" gave \"%s\" (%d), want \"%s\" (%d)",
			   line, fmt, buf, n, want, (int)strlen(want));
}

#define CHECK(t, want, ...)	check_at(t, __LINE__, want, __VA_ARGS__)

/* snprintf without format checking, for formats the compiler refuses. */
static int format_raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* %d %i %u %x %X %o %c %s %%, and text around them. */
static void format_conversions(struct ktest *t)
{
	CHECK(t, "plain text", "plain text");
	CHECK(t, "42 -42 0", "%d %i %d", 42, -42, 0);
	CHECK(t, "4294967295", "%u", 0xffffffffU);
	CHECK(t, "ff FF 17", "%x %X %o", 255, 255, 15);
	CHECK(t, "a|b", "%c|%s", 'a', "b");
	CHECK(t, "100%", "%d%%", 100);
	CHECK(t, "(null)", "%s", (char *)NULL);
	CHECK(t, "-2147483648", "%d", (int)0x80000000);
}

/* Length modifiers read the right width and truncate to it. */
static void format_length_modifiers(struct ktest *t)
{
	CHECK(t, "-1 255", "%hhd %hhu", 255, 255);
	CHECK(t, "-1 65535", "%hd %hu", 65535, 65535);
	CHECK(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK(t, "18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK(t, "ffffffffffffffff", "%lx", (unsigned long)UINT64_MAX);
	CHECK(t, "123 -5", "%zu %zd", (size_t)123, (size_t)-5);
	CHECK(t, "7 -7", "%jd %td", (long long)7, (long)-7);
}

/* Width pads on the left, '-' on the right, '0' with zeros after the
 * sign; '*' takes the width from the arguments, negative meaning '-'. */
static void format_width_and_flags(struct ktest *t)
{
	CHECK(t, "[   42]", "[%5d]", 42);
	CHECK(t, "[42   ]", "[%-5d]", 42);
	CHECK(t, "[00042]", "[%05d]", 42);
	CHECK(t, "[-0042]", "[%05d]", -42);
	CHECK(t, "[42   ]", "[%-05d]", 42);
	CHECK(t, "[+42] [ 42] [-42]", "[%+d] [% d] [%+d]", 42, 42, -42);
	CHECK(t, "[  abc] [abc  ]", "[%5s] [%-5s]", "abc", "abc");
	CHECK(t, "[    x]", "[%5c]", 'x');
	CHECK(t, "[   ab] [ab   ]", "[%*s] [%*s]", 5, "ab", -5, "ab");
	CHECK(t, "[0x00ff]", "[%#06x]", 255);
	CHECK(t, "12345", "%3d", 12345);
}

/* '+' and ' ' are for signed conversions only; '#' prefixes non-zero
 * hex with 0x and makes octal start with 0. */
static void format_flags_follow_c(struct ktest *t)
{
	CHECK(t, "5 5 ff", "%+u % u %+x", 5, 5, 255);
	CHECK(t, "0x1f 0X1F 0 017 0", "%#x %#X %#x %#o %#o", 31, 31, 0, 15,
	      0);
}

/* Precision: minimum digits for integers (a zero with precision 0 prints
 * nothing, and '0' is ignored), maximum characters for strings. */
static void format_precision(struct ktest *t)
{
	CHECK(t, "00042 -00042", "%.5d %.5d", 42, -42);
	CHECK(t, "[]", "[%.0d]", 0);
	CHECK(t, "[   00042]", "[%08.5d]", 42);
	CHECK(t, "abc", "%.3s", "abcdef");
	CHECK(t, "[  abc]", "[%5.3s]", "abcdef");
	CHECK(t, "ab", "%.*s", 2, "abcdef");
	CHECK(t, "abcdef", "%.*s", -1, "abcdef");
	CHECK(t, "0x0000ff", "%#.6x", 255);
}

/* %p prints 0x and hex, NULL included; an unknown conversion is printed
 * as written; a lone '%' at the end prints nothing. */
static void format_pointer_and_oddities(struct ktest *t)
{
	CHECK(t, "0x1234 0x0", "%p %p", (void *)0x1234, NULL);
	CHECK(t, "%q", "%q");
	CHECK(t, "ab", "ab%");
}

/* A NUL from %c is a character: it counts and is stored. */
static void format_char_nul(struct ktest *t)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "a%cb", '\0'), 3);
	KTEST_EXPECT(t, !memcmp(buf, "a\0b\0", 4));
}

/* The return value is the untruncated length; the buffer always ends in
 * a NUL and is never written past size; size 0 writes nothing. */
static void format_truncation(struct ktest *t)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 5, "%s-%d", "hello", 12345), 11);
	KTEST_EXPECT_STREQ(t, buf, "hell");
	KTEST_EXPECT_EQ(t, buf[5], 'z');
	KTEST_EXPECT_EQ(t, snprintf(buf, 1, "abc"), 3);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
	KTEST_EXPECT_EQ(t, buf[1], 'e');
	KTEST_EXPECT_EQ(t, snprintf(NULL, 0, "%d", 123456), 6);
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%s", "1234567"), 7);
	KTEST_EXPECT_STREQ(t, buf, "1234567");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%10d", 1), 10);
	KTEST_EXPECT_STREQ(t, buf, "       ");
}

/* Huge widths are clamped instead of overflowing int (UBSan on host). */
static void format_huge_width_clamped(struct ktest *t)
{
	char buf[4];

	KTEST_EXPECT_EQ(t, format_raw(buf, sizeof(buf), "%99999999999d", 1),
			4096);
	KTEST_EXPECT_EQ(t, format_raw(buf, sizeof(buf), "%*d",
				      -2147483647 - 1, 1), 4096);
	KTEST_EXPECT_EQ(t, format_raw(buf, sizeof(buf), "%.99999999999d", 1),
			4096);
}

/* %pS: outside any symbol (and always on the host, which has no symbol
 * table) it falls back to hex; in the kernel a function's own address
 * prints as name+0x0/size. */
static void format_pS(struct ktest *t)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%pS", (void *)0x1234);
	KTEST_EXPECT_STREQ(t, buf, "0x1234");
	snprintf(buf, sizeof(buf), "[%pS]", (void *)format_pS);
#ifdef HOST_BUILD
	KTEST_EXPECT(t, !strncmp(buf, "[0x", 3));
#else
	KTEST_EXPECT_STREQ(t, buf + strlen(buf) - 1, "]");
	if (strncmp(buf, "[format_pS+0x0/0x", 17))
		KTEST_FAIL(t, "%%pS of format_pS gave \"%s\"", buf);
#endif
}

KTEST_SUITE(format,
	KTEST_CASE(format_conversions),
	KTEST_CASE(format_length_modifiers),
	KTEST_CASE(format_width_and_flags),
	KTEST_CASE(format_flags_follow_c),
	KTEST_CASE(format_precision),
	KTEST_CASE(format_pointer_and_oddities),
	KTEST_CASE(format_char_nul),
	KTEST_CASE(format_truncation),
	KTEST_CASE(format_huge_width_clamped),
	KTEST_CASE(format_pS));
