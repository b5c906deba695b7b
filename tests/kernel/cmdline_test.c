// SPDX-License-Identifier: MIT
/*
 * Command line parsing against a private table of every parameter type,
 * plus one parameter registered through the "kparams" section to check
 * that cmdline_parse() finds it. Warnings are checked in the printk ring;
 * while a case parses, they are kept off the console (loglevel 4), so
 * the KTAP output stays readable.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/string.h"

static u64 v_uint;
static u64 v_range;
static s64 v_int;
static bool v_bool;
static char v_str[8];
static unsigned int v_enum;
static u8 v_u8;
static int v_level;

static const char *const v_enum_names[] = { "halt", "reboot", "poweroff",
					    NULL };

/* Built by hand, not with KPARAM_*(): these must stay out of the real
 * table that the kernel's own command line is applied to. */
static const struct kparam p_uint = {
	.name = "t.uint", .type = KPARAM_TYPE_UINT, .value = &v_uint,
	.size = sizeof(v_uint), .umin = 0, .umax = UINT64_MAX };
static const struct kparam p_range = {
	.name = "t.range", .type = KPARAM_TYPE_UINT, .value = &v_range,
	.size = sizeof(v_range), .umin = 10, .umax = 100 };
static const struct kparam p_int = {
	.name = "t.int", .type = KPARAM_TYPE_INT, .value = &v_int,
	.size = sizeof(v_int), .min = -1000, .max = 1000 };
static const struct kparam p_bool = {
	.name = "t.bool", .type = KPARAM_TYPE_BOOL, .value = &v_bool,
	.size = sizeof(v_bool) };
static const struct kparam p_str = {
	.name = "t.str", .type = KPARAM_TYPE_STRING, .value = v_str,
	.size = sizeof(v_str) };
static const struct kparam p_enum = {
	.name = "t.enum", .type = KPARAM_TYPE_ENUM, .value = &v_enum,
	.size = sizeof(v_enum), .choices = v_enum_names };
static const struct kparam p_u8 = {	/* declared wider than it can hold */
	.name = "t.u8", .type = KPARAM_TYPE_UINT, .value = &v_u8,
	.size = sizeof(v_u8), .umin = 0, .umax = 1000 };
static const struct kparam p_level = {	/* an int, like console_loglevel */
	.name = "t.level", .type = KPARAM_TYPE_INT, .value = &v_level,
	.size = sizeof(v_level), .min = -8, .max = 8 };

static const struct kparam *const table[] = {
	&p_uint, &p_range, &p_int, &p_bool, &p_str, &p_enum, &p_u8, &p_level,
};

static u64 cmdline_test_probe;
KPARAM_UINT(cmdline_test_probe, "cmdline_test.probe", &cmdline_test_probe,
	    0, 100, "test only: proves the kparams section is found");

/* Put every test parameter back to its default. */
static void cmdline_test_reset(void)
{
	v_uint = 0;
	v_range = 50;
	v_int = 0;
	v_bool = false;
	strlcpy(v_str, "dflt", sizeof(v_str));
	v_enum = 0;
	v_u8 = 0;
	v_level = -7;
}

/* Parse @line against the test table with warnings off the console. */
static unsigned int parse(const char *line)
{
	int saved = console_loglevel;
	unsigned int rejected;

	console_loglevel = 4;
	rejected = cmdline_parse_table(line, table, ARRAY_SIZE(table));
	console_loglevel = saved;
	return rejected;
}

/* Did one of the last few log lines contain @text? */
static bool logged(const char *text)
{
	static char tail[4096];
	size_t n = printk_ring_read(tail, sizeof(tail) - 1);

	tail[n] = '\0';
	return strstr(tail, text) != NULL;
}

#define EXPECT_LOGGED(t, text)						\
	do {								\
		if (!logged(text))					\
			KTEST_FAIL(t, "no log line contains \"%s\"", text); \
	} while (0)

/* Decimal, hex and octal all give 42; suffixes multiply by 2^10/20/30. */
static void cmdline_uint_bases_and_suffixes(struct ktest *t)
{
	static const struct { const char *line; u64 want; } cases[] = {
		{ "t.uint=42", 42 }, { "t.uint=0x2a", 42 },
		{ "t.uint=0X2A", 42 }, { "t.uint=052", 42 },
		{ "t.uint=0", 0 }, { "t.uint=4K", 4096 },
		{ "t.uint=4k", 4096 }, { "t.uint=2M", 2 << 20 },
		{ "t.uint=1G", 1 << 30 }, { "t.uint=0x10K", 16 << 10 },
		{ "t.uint=18446744073709551615", UINT64_MAX },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		cmdline_test_reset();
		KTEST_EXPECT_EQ(t, parse(cases[i].line), 0);
		if (v_uint != cases[i].want)
			KTEST_FAIL(t, "%s gave %llu", cases[i].line,
				   (unsigned long long)v_uint);
	}
}

/* A malformed number keeps the default and says what was expected, in
 * the documented shape. */
static void cmdline_bad_value_keeps_default(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.uint=abc"), 1);
	KTEST_EXPECT_EQ(t, v_uint, 0);
	EXPECT_LOGGED(t, "cmdline: t.uint: bad value 'abc' (expected an "
		      "integer in [0, 18446744073709551615]); keeping "
		      "default 0");
	KTEST_EXPECT_EQ(t, parse("t.uint=12x t.uint=1T t.uint=0x t.uint=08"),
			4);
	KTEST_EXPECT_EQ(t, v_uint, 0);
}

/* Bounds are inclusive; one past either end, or past 2^64, is rejected
 * as out of range. */
static void cmdline_uint_bounds(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.range=10"), 0);
	KTEST_EXPECT_EQ(t, v_range, 10);
	KTEST_EXPECT_EQ(t, parse("t.range=100"), 0);
	KTEST_EXPECT_EQ(t, v_range, 100);
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.range=9"), 1);
	EXPECT_LOGGED(t, "cmdline: t.range: value out of range '9' (expected "
		      "an integer in [10, 100]); keeping default 50");
	KTEST_EXPECT_EQ(t, parse("t.range=101 t.range=1K"), 2);
	KTEST_EXPECT_EQ(t, v_range, 50);
	KTEST_EXPECT_EQ(t, parse("t.uint=18446744073709551616"), 1);
	KTEST_EXPECT_EQ(t, parse("t.uint=16777216T"), 1);
	KTEST_EXPECT_EQ(t, parse("t.uint=17179869184G"), 1);
	KTEST_EXPECT_EQ(t, v_uint, 0);
}

/* Signed values: negatives, suffixes on negatives, bounds; a UINT
 * rejects a minus sign. */
static void cmdline_negative_ints(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.int=-5"), 0);
	KTEST_EXPECT_EQ(t, v_int, -5);
	KTEST_EXPECT_EQ(t, parse("t.int=-1000"), 0);
	KTEST_EXPECT_EQ(t, v_int, -1000);
	KTEST_EXPECT_EQ(t, parse("t.int=-0x10"), 0);
	KTEST_EXPECT_EQ(t, v_int, -16);
	KTEST_EXPECT_EQ(t, parse("t.int=-1K"), 1);
	EXPECT_LOGGED(t, "t.int: value out of range '-1K' (expected an "
		      "integer in [-1000, 1000]); keeping default -16");
	KTEST_EXPECT_EQ(t, parse("t.int=--1 t.int=- t.int=1001"), 3);
	KTEST_EXPECT_EQ(t, v_int, -16);
	KTEST_EXPECT_EQ(t, parse("t.uint=-1"), 1);
	KTEST_EXPECT_EQ(t, v_uint, 0);
}

/* Every documented spelling, in any case; a bare key means true. */
static void cmdline_bool_spellings(struct ktest *t)
{
	static const char *const yes[] = { "1", "y", "Y", "yes", "YES", "on",
					   "On", "true", "TRUE" };
	static const char *const no[] = { "0", "n", "N", "no", "off", "OFF",
					  "false", "False" };
	char line[32];

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		v_bool = false;
		strlcpy(line, "t.bool=", sizeof(line));
		strlcpy(line + 7, yes[i], sizeof(line) - 7);
		KTEST_EXPECT_EQ(t, parse(line), 0);
		if (!v_bool)
			KTEST_FAIL(t, "'%s' did not set the bool", line);
	}
	for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
		v_bool = true;
		strlcpy(line, "t.bool=", sizeof(line));
		strlcpy(line + 7, no[i], sizeof(line) - 7);
		KTEST_EXPECT_EQ(t, parse(line), 0);
		if (v_bool)
			KTEST_FAIL(t, "'%s' did not clear the bool", line);
	}
	v_bool = false;
	KTEST_EXPECT_EQ(t, parse("t.bool"), 0);
	KTEST_EXPECT(t, v_bool);
}

/* A bool with another word keeps its value; a bare non-bool key has no
 * value to take. */
static void cmdline_bad_bool_and_bare_key(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.bool=maybe t.bool=yess t.bool="), 3);
	KTEST_EXPECT(t, !v_bool);
	EXPECT_LOGGED(t, "t.bool: bad value '' (expected one of "
		      "1/0/y/n/yes/no/on/off/true/false); keeping default "
		      "false");
	KTEST_EXPECT_EQ(t, parse("t.uint"), 1);
	EXPECT_LOGGED(t, "cmdline: t.uint: missing value (expected an "
		      "integer in [0, 18446744073709551615]); keeping "
		      "default 0");
}

/* Unknown words are reported whole and skipped; known ones around them
 * still apply. */
static void cmdline_unknown_key(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.uint=1 foo=1 t.int=2 bare t.uintx=3"), 3);
	EXPECT_LOGGED(t, "cmdline: unknown parameter 'foo=1' ignored");
	EXPECT_LOGGED(t, "cmdline: unknown parameter 'bare' ignored");
	EXPECT_LOGGED(t, "cmdline: unknown parameter 't.uintx=3' ignored");
	KTEST_EXPECT_EQ(t, v_uint, 1);
	KTEST_EXPECT_EQ(t, v_int, 2);
}

/* Strings: up to size - 1 characters, empty allowed, quotes for spaces;
 * too long or a bad quote keeps the old string (and a quote left open
 * takes the rest of the line). */
static void cmdline_strings(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.str=1234567"), 0);
	KTEST_EXPECT_STREQ(t, v_str, "1234567");
	KTEST_EXPECT_EQ(t, parse("t.str=12345678"), 1);
	EXPECT_LOGGED(t, "t.str: bad value '12345678' (expected a string of "
		      "at most 7 characters); keeping default '1234567'");
	KTEST_EXPECT_STREQ(t, v_str, "1234567");
	KTEST_EXPECT_EQ(t, parse("t.str=\"a b  c\" t.uint=5"), 0);
	KTEST_EXPECT_STREQ(t, v_str, "a b  c");
	KTEST_EXPECT_EQ(t, v_uint, 5);
	KTEST_EXPECT_EQ(t, parse("t.str="), 0);
	KTEST_EXPECT_STREQ(t, v_str, "");
	KTEST_EXPECT_EQ(t, parse("t.str=\"x\""), 0);
	KTEST_EXPECT_STREQ(t, v_str, "x");
	KTEST_EXPECT_EQ(t, parse("t.str=\"\""), 0);
	KTEST_EXPECT_STREQ(t, v_str, "");
	KTEST_EXPECT_EQ(t, parse("t.str=\"a\"b t.uint=4"), 1);
	EXPECT_LOGGED(t, "t.str: badly quoted value '\"a\"b'");
	KTEST_EXPECT_EQ(t, v_uint, 4);
	KTEST_EXPECT_EQ(t, parse("t.str=\"open t.uint=6"), 1);
	EXPECT_LOGGED(t, "t.str: badly quoted value '\"open t.uint=6'");
	KTEST_EXPECT_EQ(t, v_uint, 4);
}

/* An enum takes one of its names exactly and stores the index. */
static void cmdline_enum(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.enum=reboot"), 0);
	KTEST_EXPECT_EQ(t, v_enum, 1);
	KTEST_EXPECT_EQ(t, parse("t.enum=poweroff"), 0);
	KTEST_EXPECT_EQ(t, v_enum, 2);
	KTEST_EXPECT_EQ(t, parse("t.enum=REBOOT"), 1);
	EXPECT_LOGGED(t, "t.enum: bad value 'REBOOT' (expected one of "
		      "halt|reboot|poweroff); keeping default poweroff");
	KTEST_EXPECT_EQ(t, parse("t.enum=halt"), 0);
	KTEST_EXPECT_EQ(t, v_enum, 0);
}

/* The last of repeated keys wins; a bad repeat keeps the good earlier
 * value and says "keeping", not "keeping default". */
static void cmdline_repeated_key_last_wins(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.uint=1 t.uint=2 t.uint=3"), 0);
	KTEST_EXPECT_EQ(t, v_uint, 3);
	KTEST_EXPECT_EQ(t, parse("t.uint=7 t.uint=zz"), 1);
	KTEST_EXPECT_EQ(t, v_uint, 7);
	EXPECT_LOGGED(t, "t.uint: bad value 'zz' (expected an integer in [0, "
		      "18446744073709551615]); keeping 7\n");
}

/* Empty, NULL and blank-only lines change nothing; tabs, newlines and
 * runs of spaces separate words like one space. */
static void cmdline_empty_and_extra_spaces(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse(""), 0);
	KTEST_EXPECT_EQ(t, parse(NULL), 0);
	KTEST_EXPECT_EQ(t, parse("   \t \n "), 0);
	KTEST_EXPECT_EQ(t, v_uint, 0);
	KTEST_EXPECT_STREQ(t, v_str, "dflt");
	KTEST_EXPECT_EQ(t, parse("  t.uint=9 \t\tt.int=-3\n t.bool  "), 0);
	KTEST_EXPECT_EQ(t, v_uint, 9);
	KTEST_EXPECT_EQ(t, v_int, -3);
	KTEST_EXPECT(t, v_bool);
	KTEST_EXPECT_EQ(t, parse("="), 1);
}

/* Parameters narrower than u64 store at their own width, and their
 * bounds are cut to what the width can hold; a signed int reads back
 * sign-extended. */
static void cmdline_narrow_variables(struct ktest *t)
{
	cmdline_test_reset();
	KTEST_EXPECT_EQ(t, parse("t.u8=255"), 0);
	KTEST_EXPECT_EQ(t, v_u8, 255);
	KTEST_EXPECT_EQ(t, parse("t.u8=256"), 1);
	EXPECT_LOGGED(t, "t.u8: value out of range '256' (expected an "
		      "integer in [0, 255]); keeping default 255");
	KTEST_EXPECT_EQ(t, v_u8, 255);
	KTEST_EXPECT_EQ(t, parse("t.level=9"), 1);
	EXPECT_LOGGED(t, "t.level: value out of range '9' (expected an "
		      "integer in [-8, 8]); keeping default -7");
	KTEST_EXPECT_EQ(t, parse("t.level=-8"), 0);
	KTEST_EXPECT_EQ(t, v_level, -8);
}

/* cmdline_parse() uses the kparams section: a KPARAM_UINT() in this file
 * is found, set, listed, and range-checked like any other. */
static void cmdline_section_params(struct ktest *t)
{
	int saved = console_loglevel;
	u64 before = cmdline_test_probe;

	console_loglevel = 4;
	KTEST_EXPECT_EQ(t, cmdline_parse("cmdline_test.probe=7"), 0);
	KTEST_EXPECT_EQ(t, cmdline_test_probe, 7);
	KTEST_EXPECT_EQ(t, cmdline_parse("cmdline_test.probe=101"), 1);
	KTEST_EXPECT_EQ(t, cmdline_test_probe, 7);
	cmdline_print_params();
	console_loglevel = saved;
	EXPECT_LOGGED(t, "  cmdline_test.probe=7: test only: proves the "
		      "kparams section is found (an integer in [0, 100])");
	cmdline_test_probe = before;
}

KTEST_SUITE(cmdline,
	KTEST_CASE(cmdline_uint_bases_and_suffixes),
	KTEST_CASE(cmdline_bad_value_keeps_default),
	KTEST_CASE(cmdline_uint_bounds),
	KTEST_CASE(cmdline_negative_ints),
	KTEST_CASE(cmdline_bool_spellings),
	KTEST_CASE(cmdline_bad_bool_and_bare_key),
	KTEST_CASE(cmdline_unknown_key),
	KTEST_CASE(cmdline_strings),
	KTEST_CASE(cmdline_enum),
	KTEST_CASE(cmdline_repeated_key_last_wins),
	KTEST_CASE(cmdline_empty_and_extra_spaces),
	KTEST_CASE(cmdline_narrow_variables),
	KTEST_CASE(cmdline_section_params));
