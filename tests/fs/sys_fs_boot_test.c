// SPDX-License-Identifier: MIT
/*
 * The file system calls from user space: /bin/fstest runs every check
 * it also passes on Linux (paths, fds, tmpfs data, getdents64, errnos
 * for bad fds, pointers and arguments, /proc/self) and must report all
 * of them passed; its own lines name any that failed. Then two things
 * only oomlab can check: fds 1 and 2 are one console file (a dup of 1
 * writes to the log), and nothing of the run is left in /tmp.
 */
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void sys_fs_fstest(struct ktest *t)
{
	int err;
	struct file *f;

	KTEST_ASSERT_EQ(t, user_run_checks(t, &run, 10000, "/bin/fstest",
					   "fstest: result", 190), 0);
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out,
					   "fstest: written through dup(1)"));
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out,
					   "fstest: written through dup3"));
	f = ft_open("/tmp", O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT(t, list_empty(&f->dentry->children));
	fput(f);
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
}

KTEST_SUITE(sys_fs,
	    KTEST_CASE(sys_fs_fstest));
