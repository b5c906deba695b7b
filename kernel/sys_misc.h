/* SPDX-License-Identifier: MIT */
/*
 * The small system calls (kernel/sys_misc.c): read/write on the console
 * fds, sched_yield, nanosleep, clock_gettime, getrandom, uname, prctl;
 * and the two helpers other syscall files share with them.
 */
#ifndef KERNEL_SYS_MISC_H
#define KERNEL_SYS_MISC_H

#include "lib/types.h"

/* Linux's struct timespec (x86_64). */
struct sys_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* Linux's MAX_RW_COUNT: the most one read/write moves. */
#define SYS_MAX_RW_COUNT	0x7ffff000UL

void sys_misc_random_bytes(void *buf, size_t n);
int sys_misc_timespec_ns(const struct sys_timespec *ts, u64 *ns);
long sys_misc_ns_to_jiffies(u64 ns);

#endif
