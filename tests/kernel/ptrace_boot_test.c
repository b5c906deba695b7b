// SPDX-License-Identifier: MIT
/*
 * ptrace(2) from user space: gstrace-glibc, a minimal strace built with
 * Debian's static glibc, traces a child through PTRACE_TRACEME and
 * PTRACE_SYSCALL and counts its syscalls; seizes, interrupts and
 * detaches another; lets a tracer die with its tracee stopped (the
 * tracee runs on); and checks Linux's errnos. Every check is one Linux
 * 6.1 meets (tests/user/native_check.py runs the same binary on the
 * host), and the counts line is the one Linux prints.
 */
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

#define GSTRACE_COUNTS	"gstrace: counts getpid=1 getppid=3 write=1 " \
			"exit_group=1 other=0"

static struct user_run gstrace_run;

/* Every check passes and the child's syscalls are counted as on Linux. */
static void ptrace_gstrace(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &gstrace_run, 30000,
					   "/bin/gstrace-glibc",
					   "gstrace: result", 40), 0);
	KTEST_EXPECT(t, user_line(gstrace_run.out, GSTRACE_COUNTS) != NULL);
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", gstrace_run.status,
			  gstrace_run.out);
}

KTEST_SUITE(ptrace,
	    KTEST_CASE(ptrace_gstrace));
