/* SPDX-License-Identifier: MIT */
/* Monotonic time since boot, in nanoseconds, from the calibrated TSC. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

void time_init(void);
u64 ktime_get_ns(void);
u64 cycles_to_ns(u64 cycles);
void udelay(u64 us);

#endif
