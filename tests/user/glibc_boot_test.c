// SPDX-License-Identifier: MIT
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void glibc_probe(struct ktest *t)
{
	user_run(t, &run, 20000, "/bin/gthreads-glibc", NULL);
	ktest_log(t, "status %#x output:\n%s", run.status, run.out);
	user_run(t, &run, 20000, "/bin/hog-glibc", "--mib", "4", "--threads", "4", "--writers", "1", NULL);
	ktest_log(t, "status %#x output:\n%s", run.status, run.out);
	user_run(t, &run, 20000, "/bin/bystander-glibc", "--rounds", "2", "--sleep-ms", "10", NULL);
	ktest_log(t, "status %#x output:\n%s", run.status, run.out);
	KTEST_FAIL(t, "probe");
}

KTEST_SUITE(glibc, KTEST_CASE(glibc_probe));
