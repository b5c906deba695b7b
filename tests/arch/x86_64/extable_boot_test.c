// SPDX-License-Identifier: MIT
/*
 * Exception table fixups: arch_probe_read_u64() reads good memory, and
 * turns the #PF of an unmapped address and the #GP of a non-canonical one
 * into -EFAULT instead of an oops.
 */
#include <arch/extable.h>
#include <arch/traps.h>
#include "kernel/ksyms.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

extern const struct exception_table_entry __ex_table_start[];
extern const struct exception_table_entry __ex_table_end[];

/* A mapped address reads its value and no fault is taken. */
static void extable_probe_read_good(struct ktest *t)
{
	volatile u64 word = 0x0123456789abcdefULL;
	u64 faults = arch_trap_count(X86_TRAP_PF), out = 0;

	KTEST_EXPECT_EQ(t, arch_probe_read_u64((const void *)&word, &out), 0);
	KTEST_EXPECT_EQ(t, out, 0x0123456789abcdefULL);
	KTEST_EXPECT_EQ(t, arch_trap_count(X86_TRAP_PF), faults);
}

/* Unmapped kernel address: one #PF, fixed up; -EFAULT and *out = 0. */
static void extable_probe_read_unmapped(struct ktest *t)
{
	const void *unmapped = (const void *)ARCH_UNMAPPED_KERNEL_ADDR;
	u64 faults = arch_trap_count(X86_TRAP_PF), out = 0xdead;

	KTEST_EXPECT_EQ(t, arch_probe_read_u64(unmapped, &out), -EFAULT);
	KTEST_EXPECT_EQ(t, out, 0);
	KTEST_EXPECT_EQ(t, arch_trap_count(X86_TRAP_PF), faults + 1);
}

/* Non-canonical addresses raise #GP, not #PF: fixed up all the same. */
static void extable_probe_read_noncanonical(struct ktest *t)
{
	static const u64 bad[] = { 0x0000800000000000ULL,
				   0x8000000000000000ULL,
				   0xffff7ffffffff000ULL };
	u64 faults = arch_trap_count(X86_TRAP_GP), out;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, arch_probe_read_u64((const void *)bad[i],
						       &out), -EFAULT);
	KTEST_EXPECT_EQ(t, arch_trap_count(X86_TRAP_GP),
			faults + ARRAY_SIZE(bad));
}

/*
 * The table holds the probe's load, inside arch_probe_read_u64, with a
 * fixup in the kernel's text; other addresses have no entry.
 */
static void extable_table_entries(struct ktest *t)
{
	const struct exception_table_entry *e, *probe = NULL;
	u64 off, size;

	for (e = __ex_table_start; e < __ex_table_end; e++) {
		const char *sym = ksym_lookup(e->insn, &off, &size);

		KTEST_EXPECT_NOT_NULL(t, ksym_lookup(e->fixup, &off, &size));
		if (sym && !strcmp(sym, "arch_probe_read_u64"))
			probe = e;
	}
	KTEST_ASSERT_NOT_NULL(t, probe);
	KTEST_EXPECT(t, extable_search(probe->insn) == probe);
	KTEST_EXPECT_NULL(t, extable_search((u64)arch_probe_read_u64));
	KTEST_EXPECT_NULL(t, extable_search(0));
}

/*
 * %s through a garbage pointer - what a crash report gets from a freed
 * task's name - prints "(efault)" instead of faulting; readable strings,
 * at any alignment and with a precision, print as before.
 */
static void extable_format_garbage_string(struct ktest *t)
{
	static const char name[] = "0123456789abcdef-tail";
	char buf[64];

	snprintf(buf, sizeof(buf), "<%s>", (const char *)0xaaaaaaaaaaaaaaaaULL);
	KTEST_EXPECT_STREQ(t, buf, "<(efault)>");
	snprintf(buf, sizeof(buf), "<%s>",
		 (const char *)ARCH_UNMAPPED_KERNEL_ADDR);
	KTEST_EXPECT_STREQ(t, buf, "<(efault)>");
	snprintf(buf, sizeof(buf), "<%s|%.5s>", name + 3, name + 1);
	KTEST_EXPECT_STREQ(t, buf, "<3456789abcdef-tail|12345>");
	KTEST_EXPECT_EQ(t, format_probe_strnlen(name + 7, 64), 14);
}

KTEST_SUITE(extable,
	    KTEST_CASE(extable_probe_read_good),
	    KTEST_CASE(extable_probe_read_unmapped),
	    KTEST_CASE(extable_probe_read_noncanonical),
	    KTEST_CASE(extable_table_entries),
	    KTEST_CASE(extable_format_garbage_string));
