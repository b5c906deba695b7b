/* SPDX-License-Identifier: MIT */
/* Monotonic time in nanoseconds, sleeping and spinning. */
#ifndef USER_RT_TIME_H
#define USER_RT_TIME_H

#include <stdint.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL

uint64_t time_now_ns(void);
long time_sleep_ns(uint64_t ns);
void time_spin_ns(uint64_t ns);

#endif /* USER_RT_TIME_H */
