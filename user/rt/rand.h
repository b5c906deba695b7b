/* SPDX-License-Identifier: MIT */
/* Seeded pseudo-random numbers: splitmix64, reproducible from the seed. */
#ifndef USER_RT_RAND_H
#define USER_RT_RAND_H

#include <stdint.h>

struct rand {
	uint64_t state;
};

void rand_seed(struct rand *r, uint64_t seed);
uint64_t rand_next(struct rand *r);
uint64_t rand_below(struct rand *r, uint64_t n);

#endif /* USER_RT_RAND_H */
