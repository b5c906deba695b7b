// SPDX-License-Identifier: MIT
/*
 * xorshift64* seeded through splitmix64 so that nearby seeds (1, 2, 3...)
 * still give unrelated sequences. Not for cryptography.
 */
#include "lib/random.h"

static u64 splitmix64(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void prng_seed(struct prng *r, u64 seed)
{
	r->state = splitmix64(seed);
	if (!r->state)		/* xorshift's one fixed point */
		r->state = 1;
}

u64 prng_next(struct prng *r)
{
	u64 x = r->state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [0, bound) by rejection, so small bounds carry no bias. */
u64 prng_below(struct prng *r, u64 bound)
{
	u64 limit, v;

	if (bound <= 1)
		return 0;
	limit = UINT64_MAX - UINT64_MAX % bound;
	do {
		v = prng_next(r);
	} while (v >= limit);
	return v % bound;
}

/* FNV-1a: a stable per-name value, e.g. to give each test its own stream. */
u64 hash_string(const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (u8)*s) * 0x100000001b3ULL;
	return h;
}
