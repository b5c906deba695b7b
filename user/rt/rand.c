// SPDX-License-Identifier: MIT
/*
 * splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): a 64-bit counter stepped by the golden-ratio
 * increment and passed through a mixing function. One seed, one stream;
 * the same seed gives the same stream on Linux and on oomlab.
 */
#include "rt/rand.h"

void rand_seed(struct rand *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t rand_next(struct rand *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * rand_below - a number in [0, @n).
 * @r: the stream.
 * @n: the bound; 0 gives 0.
 *
 * Slightly biased for huge @n, which a fuzzer does not mind.
 */
uint64_t rand_below(struct rand *r, uint64_t n)
{
	return n ? rand_next(r) % n : 0;
}
