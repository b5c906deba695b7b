// SPDX-License-Identifier: MIT
#include "kernel/ktest.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void glibc_probe(struct ktest *t)
{
	user_run(t, &run, 20000, "/bin/glimits-glibc", NULL);
	ktest_log(t, "status %#x output:\n%s", run.status, run.out);
	KTEST_FAIL(t, "probe");
}

KTEST_SUITE(glibc, KTEST_CASE(glibc_probe));
