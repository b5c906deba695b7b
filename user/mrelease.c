// SPDX-License-Identifier: MIT
/*
 * mrelease: process_mrelease(2) on another process, as a user-space OOM
 * killer (lmkd, oomd) calls it: open a pidfd of PID, SIGKILL it, release
 * its memory at once, then - once PID is gone - try again. Also the
 * bad calls, with the errno Linux gives each.
 *
 * Output (stdout), one line each:
 *   mrelease: bad open_flags=E open_pid0=E open_missing=E
 *             release_flags=E release_badfd=E release_notpidfd=E
 *   mrelease: live=E          (PID not killed yet: EINVAL)
 *   mrelease: killed=R        (R: 0 or an errno name)
 *   mrelease: gone=E          (after PID was reaped: ESRCH)
 * An errno prints as its name, success as 0. Exit status 0; 2 for a bad
 * command line.
 */
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/sys.h"
#include "rt/syscall.h"
#include "rt/time.h"

#define NR_pidfd_open		434
#define NR_process_mrelease	448
#define MRELEASE_GONE_TRIES	5000	/* 1 ms apart: 5 s for PID to go */

static const char *result(long r)
{
	return r < 0 ? errno_name((int)-r) : "0";
}

static long pidfd_open(long pid, long flags)
{
	return syscall2(NR_pidfd_open, pid, flags);
}

static long mrelease(long fd, long flags)
{
	return syscall2(NR_process_mrelease, fd, flags);
}

static void bad_calls(long fd)
{
	printf("mrelease: bad open_flags=%s open_pid0=%s open_missing=%s "
	       "release_flags=%s release_badfd=%s release_notpidfd=%s\n",
	       result(pidfd_open(1, 1)), result(pidfd_open(0, 0)),
	       result(pidfd_open(999999, 0)), result(mrelease(fd, 1)),
	       result(mrelease(999, 0)), result(mrelease(1, 0)));
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	uint64_t pid;
	long fd, r = 0;

	if (argc != 2 || !args_parse_u64(argv[1], &pid)) {
		eprintf("usage: mrelease PID\n");
		return 2;
	}
	fd = pidfd_open((long)pid, 0);
	if (fd < 0) {
		printf("mrelease: pidfd_open=%s\n", result(fd));
		return 0;
	}
	bad_calls(fd);
	printf("mrelease: live=%s\n", result(mrelease(fd, 0)));
	sys_kill((int)pid, 9);
	printf("mrelease: killed=%s\n", result(mrelease(fd, 0)));
	for (int i = 0; i < MRELEASE_GONE_TRIES && !r; i++) {
		r = sys_kill((int)pid, 0) < 0;
		if (!r)
			time_sleep_ns(1000000);
	}
	printf("mrelease: gone=%s\n", result(mrelease(fd, 0)));
	sys_close((int)fd);
	return 0;
}
