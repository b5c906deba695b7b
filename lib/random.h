/* SPDX-License-Identifier: MIT */
/* Small seeded PRNG (splitmix64 seeding a xorshift64*): reproducible
 * sequences for tests and the scheduler's deterministic mode. */
#ifndef LIB_RANDOM_H
#define LIB_RANDOM_H

#include "lib/types.h"

struct prng {
	u64 state;
};

void prng_seed(struct prng *r, u64 seed);
u64 prng_next(struct prng *r);
u64 prng_below(struct prng *r, u64 bound);
u64 hash_string(const char *s);

#endif
