// SPDX-License-Identifier: MIT
/*
 * gclock: time(2) and clock_getres(2) as glibc and Linux 6.1 give them
 * (the native check runs this same binary on the host):
 *
 *   time()            between two clock_gettime(CLOCK_REALTIME) seconds,
 *                     the same through the raw syscall, stored at tloc
 *   clock_getres()    1 ns for the high-resolution clocks, one tick
 *                     (above 0, at most 10 ms) for the COARSE ones, a
 *                     NULL res is fine
 *   errnos            an unknown clock EINVAL, a bad res or tloc EFAULT
 *
 * Output: gclock: FAIL what=W got=V   (per failed check)
 *         gclock: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define COARSE_MAX_NS	10000000L	/* HZ 100 or faster */

static int checks, failed;

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gclock: FAIL what=%s got=%ld\n", what, got);
	}
}

static void times_agree(void)
{
	struct timespec a, b;
	long t_raw, stored = -1;
	time_t t;

	clock_gettime(CLOCK_REALTIME, &a);
	t = time(NULL);
	t_raw = syscall(SYS_time, &stored);
	clock_gettime(CLOCK_REALTIME, &b);
	check(t >= a.tv_sec && t <= b.tv_sec, "time_glibc", (long)t);
	check(t_raw >= a.tv_sec && t_raw <= b.tv_sec, "time_raw", t_raw);
	check(stored == t_raw, "time_tloc", stored);
	check(syscall(SYS_time, (void *)1) == -1 && errno == EFAULT,
	      "time_efault", errno);
}

static void resolutions(void)
{
	static const clockid_t fine[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
					  CLOCK_MONOTONIC_RAW,
					  CLOCK_BOOTTIME };
	static const clockid_t coarse[] = { CLOCK_REALTIME_COARSE,
					    CLOCK_MONOTONIC_COARSE };
	struct timespec res;

	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		check(!clock_getres(fine[i], &res) && res.tv_sec == 0 &&
		      res.tv_nsec == 1, "res_fine", res.tv_nsec);
	for (size_t i = 0; i < sizeof(coarse) / sizeof(coarse[0]); i++)
		check(!clock_getres(coarse[i], &res) && res.tv_sec == 0 &&
		      res.tv_nsec > 0 && res.tv_nsec <= COARSE_MAX_NS,
		      "res_coarse", res.tv_nsec);
	check(!clock_getres(CLOCK_MONOTONIC, NULL), "res_null", errno);
	check(syscall(SYS_clock_getres, 99, &res) == -1 && errno == EINVAL,
	      "res_unknown", errno);
	check(syscall(SYS_clock_getres, CLOCK_MONOTONIC, (void *)1) == -1 &&
	      errno == EFAULT, "res_efault", errno);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	times_agree();
	resolutions();
	printf("gclock: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
