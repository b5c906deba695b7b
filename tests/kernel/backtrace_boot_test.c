// SPDX-License-Identifier: MIT
/*
 * Frame-pointer backtraces: a walk from a nested call names every caller,
 * and a walk from a bad frame pointer stops without faulting.
 */
#include <arch/cpu.h>
#include <arch/traps.h>
#include "kernel/backtrace.h"
#include "kernel/ksyms.h"
#include "kernel/ktest.h"
#include "lib/string.h"

#define NOINLINE __attribute__((noinline, noclone))

static volatile int backtrace_test_sink;	/* defeats tail calls */

/* Does return address @ret (its call instruction) lie in function @name? */
static bool ret_in(u64 ret, const char *name)
{
	u64 off, size;
	const char *sym = ksym_lookup(ret - 1, &off, &size);

	return sym && !strcmp(sym, name);
}

static NOINLINE size_t backtrace_test_inner(u64 *out, size_t max)
{
	size_t n = backtrace_save(arch_frame_pointer(), out, max);

	backtrace_test_sink++;
	return n;
}

static NOINLINE size_t backtrace_test_outer(u64 *out, size_t max)
{
	size_t n = backtrace_test_inner(out, max);

	backtrace_test_sink++;
	return n;
}

/*
 * case -> backtrace_test_outer -> backtrace_test_inner -> backtrace_save:
 * the walk from inner's frame yields a return address in outer, then one
 * in the case itself, then the ktest runner's frames.
 */
static void backtrace_nested_call(struct ktest *t)
{
	u64 ret[BACKTRACE_MAX_FRAMES];
	size_t n = backtrace_test_outer(ret, ARRAY_SIZE(ret));

	backtrace_test_sink++;
	KTEST_ASSERT_GE(t, n, 3);
	KTEST_EXPECT(t, ret_in(ret[0], "backtrace_test_outer"));
	KTEST_EXPECT(t, ret_in(ret[1], "backtrace_nested_call"));
	for (size_t i = 0; i < n; i++)
		KTEST_EXPECT_NOT_NULL(t, ksym_lookup(ret[i] - 1, NULL, NULL));
}

/* The walk stores no more than asked for. */
static void backtrace_respects_max(struct ktest *t)
{
	u64 ret[2] = { 0, 0xdead };

	KTEST_EXPECT_EQ(t, backtrace_test_outer(ret, 1), 1);
	KTEST_EXPECT_EQ(t, ret[1], 0xdead);
}

/*
 * Frame pointers that would fault (unmapped, non-canonical), that are
 * NULL or misaligned, or a chain that points down the stack: the walk
 * stops where the chain breaks and nothing faults.
 *
 *   fake[0] = { next = &fake[2] (up), ret = 0x1111 }
 *   fake[2] = { next = &fake[0] (down: stop), ret = 0x2222 }
 */
static void backtrace_bad_frames_stop(struct ktest *t)
{
	u64 ret[4], fake[4], unmapped = ARCH_UNMAPPED_KERNEL_ADDR;

	KTEST_EXPECT_EQ(t, backtrace_save(unmapped, ret, 4), 0);
	KTEST_EXPECT_EQ(t, backtrace_save(0x8000000000000000ULL, ret, 4), 0);
	KTEST_EXPECT_EQ(t, backtrace_save(0, ret, 4), 0);
	KTEST_EXPECT_EQ(t, backtrace_save((u64)fake + 3, ret, 4), 0);
	fake[0] = (u64)&fake[2];
	fake[1] = 0x1111;
	fake[2] = (u64)&fake[0];
	fake[3] = 0x2222;
	KTEST_ASSERT_EQ(t, backtrace_save((u64)fake, ret, 4), 2);
	KTEST_EXPECT_EQ(t, ret[0], 0x1111);
	KTEST_EXPECT_EQ(t, ret[1], 0x2222);
}

KTEST_SUITE(backtrace,
	    KTEST_CASE(backtrace_nested_call),
	    KTEST_CASE(backtrace_respects_max),
	    KTEST_CASE(backtrace_bad_frames_stop));
