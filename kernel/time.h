/* SPDX-License-Identifier: MIT */
/*
 * Time. ktime_get_ns(): monotonic nanoseconds since boot from the
 * calibrated TSC. jiffies: timer ticks since the tick started, HZ per
 * second (hz= on the command line, 100..10000, default 1000), advanced by
 * CPU 0's tick and kept in step with ktime (see time_tick()).
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

extern u64 jiffies;		/* [a] read with time_jiffies() */

void time_init(void);
u64 ktime_get_ns(void);
u64 cycles_to_ns(u64 cycles);
void udelay(u64 us);

unsigned int time_hz(void);
void time_tick_start(void);
void time_tick(bool jiffies_cpu);
u64 time_jiffies_skipped(void);

static inline u64 time_jiffies(void)
{
	return __atomic_load_n(&jiffies, __ATOMIC_RELAXED);
}

#endif
