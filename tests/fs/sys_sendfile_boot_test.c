// SPDX-License-Identifier: MIT
/*
 * sendfile(2) through glibc: gsendfile-glibc copies a tmpfs file to
 * another and into a pipe, with and without an offset, and checks
 * Linux's errnos; every check passes, as on the host's Linux
 * (tests/user/native_check.py runs the same binary).
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run sendfile_run;

static void sys_sendfile_gsendfile(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &sendfile_run, 30000,
					   "/bin/gsendfile-glibc",
					   "gsendfile: result", 16), 0);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", sendfile_run.status,
			  sendfile_run.out);
}

KTEST_SUITE(sys_sendfile,
	    KTEST_CASE(sys_sendfile_gsendfile));
