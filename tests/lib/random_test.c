// SPDX-License-Identifier: MIT
/*
 * lib/random.c: a seed gives the same sequence every time (that is what
 * ktest.seed promises), nearby seeds give unrelated ones, and
 * prng_below() stays inside its bound without visible bias.
 */
#include "kernel/ktest.h"
#include "lib/random.h"

/* Two generators with one seed agree for 1000 draws; seed + 1 differs
 * from the first draw on. */
static void random_seed_reproducible(struct ktest *t)
{
	struct prng a, b, c;
	int same_as_c = 0;

	prng_seed(&a, 42);
	prng_seed(&b, 42);
	prng_seed(&c, 43);
	for (int i = 0; i < 1000; i++) {
		u64 x = prng_next(&a);

		KTEST_ASSERT_EQ(t, x, prng_next(&b));
		same_as_c += x == prng_next(&c);
	}
	KTEST_EXPECT_EQ(t, same_as_c, 0);
}

/* Seed 0 does not land on xorshift's fixed point: values keep moving. */
static void random_seed_zero_moves(struct ktest *t)
{
	struct prng r;
	u64 first;

	prng_seed(&r, 0);
	KTEST_EXPECT_NE(t, r.state, 0);
	first = prng_next(&r);
	KTEST_EXPECT_NE(t, first, prng_next(&r));
}

/* prng_below(bound) < bound for small, odd, power-of-two and huge
 * bounds; bounds 0 and 1 give 0. */
static void random_below_bounds(struct ktest *t)
{
	static const u64 bounds[] = { 2, 3, 7, 64, 1000, (1ULL << 63) + 1,
				      UINT64_MAX };
	struct prng r;

	prng_seed(&r, 7);
	KTEST_EXPECT_EQ(t, prng_below(&r, 0), 0);
	KTEST_EXPECT_EQ(t, prng_below(&r, 1), 0);
	/* Compared here, not with KTEST_*_LT: those compare as signed. */
	for (size_t i = 0; i < ARRAY_SIZE(bounds); i++)
		for (int n = 0; n < 2000; n++)
			KTEST_ASSERT(t, prng_below(&r, bounds[i]) < bounds[i]);
}

/* 8000 draws below 4: every bucket within 15% of 2000. */
static void random_below_uniform(struct ktest *t)
{
	unsigned int count[4] = { 0 };
	struct prng r;

	prng_seed(&r, 12345);
	for (int n = 0; n < 8000; n++)
		count[prng_below(&r, 4)]++;
	for (int i = 0; i < 4; i++) {
		KTEST_EXPECT_GT(t, count[i], 1700);
		KTEST_EXPECT_LT(t, count[i], 2300);
	}
}

/* hash_string is FNV-1a 64: known values, so per-case seeds never
 * change between builds. */
static void random_hash_string_stable(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, hash_string(""), 0xcbf29ce484222325ULL);
	KTEST_EXPECT_EQ(t, hash_string("a"), 0xaf63dc4c8601ec8cULL);
	KTEST_EXPECT_NE(t, hash_string("ab"), hash_string("ba"));
}

KTEST_SUITE(random,
	KTEST_CASE(random_seed_reproducible),
	KTEST_CASE(random_seed_zero_moves),
	KTEST_CASE(random_below_bounds),
	KTEST_CASE(random_below_uniform),
	KTEST_CASE(random_hash_string_stable));
