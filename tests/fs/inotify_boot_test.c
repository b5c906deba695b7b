// SPDX-License-Identifier: MIT
/*
 * inotify from kernel code (fs/inotify.c), on a cgroup's cgroup.events:
 *
 *   nothing changed       a non-blocking read is -EAGAIN
 *   a process moves in    "populated 1": one IN_MODIFY for the watch,
 *                         reported once (the next read is -EAGAIN again)
 *   the same inode again  the same descriptor; IN_MASK_CREATE -EEXIST;
 *                         IN_MASK_ADD with IN_MASK_CREATE -EINVAL;
 *                         IN_ONLYDIR on a file -ENOTDIR
 *   a regular file        watched (descriptor 2) but never reports
 *   inotify_rm()          IN_IGNORED for the watch; a second -EINVAL
 *   a read too small      -EINVAL (a whole event or nothing)
 *
 * test_memcontrol's high_sync case waits for memory.events this way.
 */
#include "fs/inotify.h"
#include "fs/namei.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define INO_CG		"/sys/fs/cgroup/inotify_t"
#define INO_FILE	"/tmp/inotify_t"

static struct user_run run;

/* One non-blocking read: the event in *@ev; 0 or the read's errno. */
static long ino_read(struct file *f, struct inotify_event *ev)
{
	long n = ft_pread(f, ev, sizeof(*ev), 0);

	return n == sizeof(*ev) ? 0 : n;
}

static int ino_add(struct file *f, const char *path, u32 mask)
{
	struct dentry *d;
	int r = vfs_lookup(vfs_root(), path, &d);

	if (r)
		return r;
	r = inotify_add(f, d, mask);
	dput(d);
	return r;
}

static bool ino_start_bystander(struct ktest *t)
{
	static const char *const argv[] = { "/bin/bystander", "--rounds",
					    "0", "--sleep-ms", "100000",
					    NULL };

	if (user_start(t, &run, argv))
		return false;
	return user_wait_state(&run, USER_SLEEP_STATE, 10000);
}

static void ino_watches(struct ktest *t, struct file *f)
{
	struct inotify_event ev = { 0 };
	char pid[16];
	int wd;

	wd = ino_add(f, INO_CG "/cgroup.events", IN_MODIFY);
	KTEST_EXPECT_EQ(t, wd, 1);
	KTEST_EXPECT_EQ(t, ino_read(f, &ev), -EAGAIN);
	if (!ino_start_bystander(t))
		return;
	snprintf(pid, sizeof(pid), "%d\n", run.pid);
	KTEST_EXPECT_EQ(t, ft_put(INO_CG "/cgroup.procs", pid),
			(long)strlen(pid));
	KTEST_EXPECT_EQ(t, ino_read(f, &ev), 0);
	KTEST_EXPECT_EQ(t, ev.wd, wd);
	KTEST_EXPECT_EQ(t, ev.mask, IN_MODIFY);
	KTEST_EXPECT_EQ(t, ev.len, 0);
	KTEST_EXPECT_EQ(t, ino_read(f, &ev), -EAGAIN);

	KTEST_EXPECT_EQ(t, ino_add(f, INO_CG "/cgroup.events", IN_MODIFY),
			wd);
	KTEST_EXPECT_EQ(t, ino_add(f, INO_CG "/cgroup.events",
				   IN_MODIFY | IN_MASK_CREATE), -EEXIST);
	KTEST_EXPECT_EQ(t, ino_add(f, INO_CG "/cgroup.events", IN_MODIFY |
				   IN_MASK_CREATE | IN_MASK_ADD), -EINVAL);
	KTEST_EXPECT_EQ(t, ino_add(f, INO_CG "/cgroup.events",
				   IN_MODIFY | IN_ONLYDIR), -ENOTDIR);
	KTEST_EXPECT_EQ(t, ft_put_new(INO_FILE, "x"), 1);
	KTEST_EXPECT_EQ(t, ino_add(f, INO_FILE, IN_MODIFY), wd + 1);
	KTEST_EXPECT_EQ(t, ft_put(INO_FILE, "y"), 1);
	KTEST_EXPECT_EQ(t, ino_read(f, &ev), -EAGAIN);

	KTEST_EXPECT_EQ(t, inotify_rm(f, wd), 0);
	KTEST_EXPECT_EQ(t, inotify_rm(f, wd), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_pread(f, &ev, sizeof(ev) - 1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, ino_read(f, &ev), 0);
	KTEST_EXPECT_EQ(t, ev.wd, wd);
	KTEST_EXPECT_EQ(t, ev.mask, IN_IGNORED);
	process_kill_pid(run.pid, SIGKILL);
	user_wait(t, &run, 10000);
}

static void inotify_cgroup_events(struct ktest *t)
{
	struct file *f = inotify_file_create(IN_NONBLOCK);

	KTEST_ASSERT_NOT_NULL(t, f);
	if (KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), INO_CG, 0755), 0)) {
		ino_watches(t, f);
		KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), INO_CG), 0);
	}
	fput(f);
	vfs_unlink(vfs_root(), INO_FILE);
}

KTEST_SUITE(inotify, KTEST_CASE(inotify_cgroup_events));
