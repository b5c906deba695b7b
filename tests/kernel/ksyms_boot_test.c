// SPDX-License-Identifier: MIT
/*
 * The embedded symbol table: lookups inside functions resolve to the
 * function and offset; addresses outside the kernel's text do not resolve.
 */
#include <arch/layout.h>
#include "kernel/ksyms.h"
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lib/string.h"

static const char ksyms_test_rodata[] = "not code";
static u64 ksyms_test_bss;

/* The first byte of a function resolves to it at offset 0. */
static void ksyms_lookup_function_start(struct ktest *t)
{
	u64 off = ~0ULL, size = 0;
	const char *name = ksym_lookup((u64)ksym_lookup, &off, &size);

	KTEST_EXPECT_STREQ(t, name, "ksym_lookup");
	KTEST_EXPECT_EQ(t, off, 0);
	KTEST_EXPECT_GT(t, size, 0);
}

/* An address in the middle of a function resolves to it, offset = delta. */
static void ksyms_lookup_mid_function(struct ktest *t)
{
	u64 off, size, mid_off;
	const char *name;

	KTEST_ASSERT_NOT_NULL(t, ksym_lookup((u64)ksym_snprint, &off, &size));
	mid_off = size / 2;
	name = ksym_lookup((u64)ksym_snprint + mid_off, &off, NULL);
	KTEST_EXPECT_STREQ(t, name, "ksym_snprint");
	KTEST_EXPECT_EQ(t, off, mid_off);
}

/*
 * Data, stack, NULL and the direct map are not text: no symbol, even
 * though a "nearest symbol below" exists for all of them.
 */
static void ksyms_rejects_non_text(struct ktest *t)
{
	u64 off, size, stack_var = 0;

	KTEST_EXPECT_NULL(t, ksym_lookup((u64)ksyms_test_rodata, &off, &size));
	KTEST_EXPECT_NULL(t, ksym_lookup((u64)&ksyms_test_bss, &off, &size));
	KTEST_EXPECT_NULL(t, ksym_lookup((u64)&stack_var, &off, &size));
	KTEST_EXPECT_NULL(t, ksym_lookup(0, &off, &size));
	KTEST_EXPECT_NULL(t, ksym_lookup(DIRECT_MAP_BASE, &off, &size));
}

/* %pS shape: "name+0xoff/0xsize" inside text, plain hex outside. */
static void ksyms_snprint_format(struct ktest *t)
{
	char buf[128];

	ksym_snprint(buf, sizeof(buf), (u64)ksym_lookup + 4);
	KTEST_EXPECT(t, !strncmp(buf, "ksym_lookup+0x4/0x", 18));
	snprintf(buf, sizeof(buf), "%pS", (void *)ksym_lookup);
	KTEST_EXPECT(t, !strncmp(buf, "ksym_lookup+0x0/0x", 18));
	ksym_snprint(buf, sizeof(buf), (u64)ksyms_test_rodata);
	KTEST_EXPECT(t, !strncmp(buf, "0xffffffff8", 11));
}

KTEST_SUITE(ksyms,
	    KTEST_CASE(ksyms_lookup_function_start),
	    KTEST_CASE(ksyms_lookup_mid_function),
	    KTEST_CASE(ksyms_rejects_non_text),
	    KTEST_CASE(ksyms_snprint_format));
