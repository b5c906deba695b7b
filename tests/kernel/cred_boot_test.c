// SPDX-License-Identifier: MIT
/*
 * Credentials and file permissions from user space (kernel/cred.h,
 * kernel/sys_identity.c, fs/permission.h): /bin/credtest, run as root,
 * checks the setuid family's rules (seteuid away from root and back, a
 * non-root euid refused outside its real and saved ids, children
 * inheriting the ids, every uid 0 dropped for good) and the permission
 * checks of open, access, faccessat2, chmod, chown, path search,
 * create, unlink in a sticky directory and exec. Its checks are the ones
 * Linux passes (tests/user/native_check.py runs it natively as root);
 * it must report all of them passed and leave nothing in /tmp.
 */
#include "fs/file.h"
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void cred_credtest(struct ktest *t)
{
	struct file *f;
	int err;

	if (user_run_checks(t, &run, 10000, "/bin/credtest",
			    "credtest: result", 30))
		return;
	f = ft_open("/tmp", O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT(t, list_empty(&f->dentry->children));
	fput(f);
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
}

KTEST_SUITE(cred,
	    KTEST_CASE(cred_credtest));
