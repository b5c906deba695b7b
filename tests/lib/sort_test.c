// SPDX-License-Identifier: MIT
/*
 * lib/sort.c: the result is in order and is a permutation of the input,
 * for the shapes that break hand-written sorts (empty, one element,
 * already sorted, reversed, all equal, random with duplicates), and
 * elements wider than a word move whole.
 */
#include "kernel/ktest.h"
#include "lib/format.h"
#include "lib/random.h"
#include "lib/string.h"
#include "lib/sort.h"

#define N	257	/* odd, and not a power of two: a partial last level */

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* Sort @v and check order and that the sum and xor of elements (a cheap
 * multiset fingerprint) did not change. */
static void check_sorted(struct ktest *t, u32 *v, size_t n)
{
	u64 sum = 0, sum_after = 0;
	u32 xor = 0, xor_after = 0;

	for (size_t i = 0; i < n; i++) {
		sum += v[i];
		xor ^= v[i] * 2654435761u;
	}
	sort(v, n, sizeof(*v), cmp_u32);
	for (size_t i = 0; i < n; i++) {
		sum_after += v[i];
		xor_after ^= v[i] * 2654435761u;
		if (i && v[i - 1] > v[i]) {
			KTEST_FAIL(t, "v[%zu]=%u > v[%zu]=%u", i - 1, v[i - 1],
				   i, v[i]);
			return;
		}
	}
	KTEST_EXPECT_EQ_U(t, sum_after, sum);
	KTEST_EXPECT_EQ_U(t, xor_after, xor);
}

/* Sorted, reversed, all-equal and tiny inputs come out ascending. */
static void sort_edge_shapes(struct ktest *t)
{
	u32 v[N];

	check_sorted(t, v, 0);
	v[0] = 7;
	check_sorted(t, v, 1);
	KTEST_EXPECT_EQ_U(t, v[0], 7);
	for (u32 i = 0; i < N; i++)
		v[i] = i;
	check_sorted(t, v, N);
	for (u32 i = 0; i < N; i++)
		v[i] = N - i;
	check_sorted(t, v, N);
	KTEST_EXPECT_EQ_U(t, v[0], 1);
	KTEST_EXPECT_EQ_U(t, v[N - 1], N);
	for (u32 i = 0; i < N; i++)
		v[i] = 5;
	check_sorted(t, v, N);
}

/* Random values with many duplicates, every length from 2 to N. */
static void sort_random(struct ktest *t)
{
	u32 v[N];

	for (size_t n = 2; n <= N && !ktest_failed(t); n++) {
		for (size_t i = 0; i < n; i++)
			v[i] = prng_below(&t->rng, n / 2 + 1);
		check_sorted(t, v, n);
	}
}

struct wide {
	u64 key;
	char tag[13];	/* odd size: swaps are not word-sized */
};

static int cmp_wide(const void *a, const void *b)
{
	u64 x = ((const struct wide *)a)->key, y = ((const struct wide *)b)->key;

	return x < y ? -1 : x > y;
}

/* 24-byte elements keep their payload with their key. */
static void sort_wide_elements(struct ktest *t)
{
	struct wide w[64];

	for (int i = 0; i < 64; i++) {
		w[i].key = (u64)((i * 37) % 64);
		snprintf(w[i].tag, sizeof(w[i].tag), "k%llu",
			 (unsigned long long)w[i].key);
	}
	sort(w, 64, sizeof(w[0]), cmp_wide);
	for (int i = 0; i < 64; i++) {
		char want[13];

		snprintf(want, sizeof(want), "k%d", i);
		KTEST_EXPECT_EQ_U(t, w[i].key, i);
		KTEST_EXPECT_STREQ(t, w[i].tag, want);
	}
}

KTEST_SUITE(sort,
	    KTEST_CASE(sort_edge_shapes),
	    KTEST_CASE(sort_random),
	    KTEST_CASE(sort_wide_elements));
