// SPDX-License-Identifier: MIT
/*
 * Time: CLOCK_MONOTONIC through clock_gettime() (a real system call: the
 * runtime does not use the vDSO, so oomlab need not provide one), sleeps
 * through nanosleep(), and busy waits that burn CPU without sleeping.
 */
#include "rt/errno.h"
#include "rt/sys.h"
#include "rt/time.h"

/**
 * time_now_ns - nanoseconds on CLOCK_MONOTONIC.
 *
 * Return: the time, or 0 if the clock cannot be read.
 */
uint64_t time_now_ns(void)
{
	struct timespec ts;

	if (sys_clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/**
 * time_sleep_ns - sleep for @ns nanoseconds, resuming after interruptions.
 * @ns: how long.
 *
 * Context: may sleep.
 * Return: 0, or the negated errno of nanosleep() other than -EINTR.
 */
long time_sleep_ns(uint64_t ns)
{
	struct timespec req = { (long)(ns / NSEC_PER_SEC),
				(long)(ns % NSEC_PER_SEC) };
	long r;

	while ((r = sys_nanosleep(&req, &req)) == -EINTR)
		;
	return r;
}

/**
 * time_spin_ns - busy-wait for @ns nanoseconds, never sleeping.
 * @ns: how long.
 */
void time_spin_ns(uint64_t ns)
{
	uint64_t end = time_now_ns() + ns;

	while (time_now_ns() < end)
		__asm__ volatile("pause");
}
