/* SPDX-License-Identifier: MIT */
/*
 * Exhaustive checks of a memset/memcpy/memmove: every length 0..300 at
 * every alignment 0..7 of destination and source, overlapping memmove
 * both ways, and the bytes around the target untouched. Shared by
 * tests/lib/string_test.c (the functions the kernel or libc calls) and
 * tests/arch/x86_64/string_boot_test.c (every CPU implementation).
 *
 * The expected bytes come from a formula, never from a copy loop: the
 * compiler may turn a copy loop into a call to the very function under
 * test. Each check reports its first wrong byte and stops, so one bug
 * gives one failure line, not thousands.
 */
#ifndef TESTS_LIB_STRING_SWEEP_H
#define TESTS_LIB_STRING_SWEEP_H

#include "kernel/ktest.h"
#include "lib/types.h"

#define SWEEP_MAX_LEN	300
#define SWEEP_ALIGNS	8
#define SWEEP_SHIFT	9	/* memmove overlaps by 1..SWEEP_SHIFT bytes */
#define SWEEP_GUARD	16
#define SWEEP_BYTES	(SWEEP_GUARD + SWEEP_SHIFT + SWEEP_ALIGNS + \
			 SWEEP_MAX_LEN + SWEEP_SHIFT + SWEEP_GUARD)

typedef void *(*sweep_set_fn)(void *dst, int c, size_t n);
typedef void *(*sweep_copy_fn)(void *dst, const void *src, size_t n);

/* Tests run one at a time: one pair of buffers serves every sweep. */
static u8 sweep_dst[SWEEP_BYTES], sweep_src[SWEEP_BYTES];

static inline u8 sweep_pattern(size_t i, unsigned int seed)
{
	return (u8)(i * 31 + seed * 101 + 7);
}

static inline void sweep_fill_n(u8 *buf, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = sweep_pattern(i, seed);
}

static inline void sweep_fill(u8 *buf, unsigned int seed)
{
	sweep_fill_n(buf, SWEEP_BYTES, seed);
}

/* Fail @t at the first of the @n bytes of @buf that differs from
 * @want, an expression of the index i. */
#define SWEEP_CHECK_N(t, what, buf, n, want, fmt, ...)			\
	({								\
		bool __ok = true;					\
		for (size_t i = 0; i < (n) && __ok; i++) {		\
			u8 __w = (want);				\
			if ((buf)[i] != __w) {				\
				KTEST_FAIL(t, "%s " fmt			\
					   ": byte %zu is %#x, want %#x",	\
					   what, __VA_ARGS__, i,		\
					   (buf)[i], __w);		\
				__ok = false;				\
			}						\
		}							\
		__ok;							\
	})

#define SWEEP_CHECK(t, what, buf, want, fmt, ...)			\
	SWEEP_CHECK_N(t, what, buf, SWEEP_BYTES, want, fmt, __VA_ARGS__)

/* @set fills exactly [a, a + len) with @c and returns its destination. */
static inline bool sweep_memset(struct ktest *t, const char *what,
				sweep_set_fn set)
{
	static const int fills[] = { 0, 0xa5, 0x1ff };

	for (unsigned int f = 0; f < ARRAY_SIZE(fills); f++)
		for (size_t len = 0; len <= SWEEP_MAX_LEN; len++)
			for (size_t a = 0; a < SWEEP_ALIGNS; a++) {
				size_t lo = SWEEP_GUARD + a, hi = lo + len;
				u8 c = (u8)fills[f];

				sweep_fill(sweep_dst, 1);
				if (set(sweep_dst + lo, fills[f], len) !=
				    sweep_dst + lo)
					return KTEST_FAIL(t, "%s: wrong return",
							  what), false;
				if (!SWEEP_CHECK(t, what, sweep_dst,
						 i >= lo && i < hi ? c :
						 sweep_pattern(i, 1),
						 "(len %zu align %zu c %#x)",
						 len, a, fills[f]))
					return false;
			}
	return true;
}

/* @copy copies exactly @len bytes from any alignment to any alignment. */
static inline bool sweep_memcpy(struct ktest *t, const char *what,
				sweep_copy_fn copy)
{
	sweep_fill(sweep_src, 2);
	for (size_t len = 0; len <= SWEEP_MAX_LEN; len++)
		for (size_t da = 0; da < SWEEP_ALIGNS; da++)
			for (size_t sa = 0; sa < SWEEP_ALIGNS; sa++) {
				size_t lo = SWEEP_GUARD + da, hi = lo + len;
				size_t s = SWEEP_GUARD + sa;

				sweep_fill(sweep_dst, 1);
				if (copy(sweep_dst + lo, sweep_src + s, len) !=
				    sweep_dst + lo)
					return KTEST_FAIL(t, "%s: wrong return",
							  what), false;
				if (!SWEEP_CHECK(t, what, sweep_dst,
						 i >= lo && i < hi ?
						 sweep_pattern(i - lo + s, 2) :
						 sweep_pattern(i, 1),
						 "(len %zu dst align %zu src "
						 "align %zu)", len, da, sa))
					return false;
			}
	return true;
}

/*
 * @move copies [s, s + len) to [d, d + len) within one buffer as if
 * through a temporary: d = s + shift for every shift in
 * -SWEEP_SHIFT..SWEEP_SHIFT (the destination below, on, and above an
 * overlapping source), every length and every source alignment.
 */
static inline bool sweep_memmove(struct ktest *t, const char *what,
				 sweep_copy_fn move)
{
	for (size_t len = 0; len <= SWEEP_MAX_LEN; len++)
		for (size_t a = 0; a < SWEEP_ALIGNS; a++)
			for (int sh = -SWEEP_SHIFT; sh <= SWEEP_SHIFT; sh++) {
				size_t s = SWEEP_GUARD + SWEEP_SHIFT + a;
				size_t d = (size_t)((long)s + sh);

				sweep_fill(sweep_dst, 3);
				if (move(sweep_dst + d, sweep_dst + s, len) !=
				    sweep_dst + d)
					return KTEST_FAIL(t, "%s: wrong return",
							  what), false;
				if (!SWEEP_CHECK(t, what, sweep_dst,
						 i >= d && i < d + len ?
						 sweep_pattern(i - d + s, 3) :
						 sweep_pattern(i, 3),
						 "(len %zu align %zu shift %d)",
						 len, a, sh))
					return false;
			}
	return true;
}

#endif
