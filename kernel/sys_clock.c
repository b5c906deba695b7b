// SPDX-License-Identifier: MIT
/*
 * time(2) and clock_getres(2), Linux's ABI. Both read the clocks
 * kernel/sys_misc.c's clock_gettime reads (every clock is ktime since
 * boot; the realtime ones count it from the epoch), so time() equals
 * clock_gettime(CLOCK_REALTIME)'s seconds. Resolutions are Linux's:
 * 1 ns for the high-resolution clocks, one tick for the COARSE ones
 * (Linux's LOW_RES_NSEC, here 1 s / hz=). The CPU-time clocks are not
 * kept, so they are -EINVAL here as in clock_gettime.
 *
 * rseq(2) stays unimplemented (-ENOSYS): glibc 2.35+ registers its rseq
 * area at start and, refused, sets __rseq_size to 0 and goes on
 * (sched_getcpu() then asks getcpu); nothing glibc does needs it.
 */
#include <arch/uaccess.h>
#include "kernel/sys_misc.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "lib/errno.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define CLOCK_TAI		11

/* @which's resolution in ns; 0: a clock oomlab does not read. */
static u64 clock_resolution_ns(int which)
{
	switch (which) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return 1;
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return NSEC_PER_SEC / time_hz();
	default:
		return 0;
	}
}

SYSCALL_DEFINE2(clock_getres, int, which, struct sys_timespec __user *, tp)
{
	u64 ns = clock_resolution_ns(which);
	struct sys_timespec ts = {
		.tv_sec = (s64)(ns / NSEC_PER_SEC),
		.tv_nsec = (s64)(ns % NSEC_PER_SEC),
	};

	if (!ns)
		return -EINVAL;
	if (tp && copy_to_user(tp, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(time, s64 __user *, tloc)
{
	s64 now = (s64)(ktime_get_ns() / NSEC_PER_SEC);

	if (tloc && put_user(now, tloc))
		return -EFAULT;
	return now;
}
