// SPDX-License-Identifier: MIT
/*
 * The link, rename, attribute and mount system calls from user space
 * (fs/sys_link.c, fs/sys_stat.c, fs/sys_mount.c): /bin/linktest --mount
 * runs every check in a scratch directory under /tmp and must report
 * all of them passed, as it does on Linux (tests/user/native_check.py).
 * Afterwards nothing is left in /tmp and no mount is left behind.
 */
#include "fs/mount.h"
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void count_mount(const struct mount *m, void *arg)
{
	(*(int *)arg)++;
}

static int nr_mounts(void)
{
	int n = 0;

	mount_table_show(count_mount, &n);
	return n;
}

static void sys_link_linktest(struct ktest *t)
{
	int before = nr_mounts(), err;
	long r;
	struct file *f;

	r = user_run(t, &run, 10000, "/bin/linktest", "--mount", NULL);
	KTEST_ASSERT_EQ(t, r, 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out,
					   "linktest: result checks=262 "
					   "failed=0"));
	KTEST_EXPECT_EQ(t, nr_mounts(), before);
	f = ft_open("/tmp", O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT(t, list_empty(&f->dentry->children));
	fput(f);
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
}

KTEST_SUITE(sys_link,
	    KTEST_CASE(sys_link_linktest));
