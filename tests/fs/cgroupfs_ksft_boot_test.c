// SPDX-License-Identifier: MIT
/*
 * Linux 6.1's cgroup selftests (test_memcontrol, test_kill, test_freezer,
 * test_core), built unmodified by tools/selftests.sh, run as oomlab
 * processes. Each case runs one program to its end in a scratch directory
 * of its own on ext2, so that test_memcontrol's page-cache tests, which
 * open(".", O_TMPFILE), ftruncate() the file and read its holes, fill
 * page cache (tmpfs holes read as zeros without a page, on Linux too):
 * /mnt/ksft on the disk root= mounted on /mnt (the row's virtio-blk
 * disk, synced after each program so that the host's e2fsck -fn finds
 * it clean), or, booted without one, the ext2 test image on ram0. Its
 * stdout goes to the log, where the host reads each of its tests'
 * results (tools/oomlab/ksft.py) and compares them with the expected
 * table. This
 * suite asserts what the host cannot see: the program ran to its end -
 * it exited within its bound with 0 or 1 (the programs' EXIT_FAILURE
 * when a test failed), not killed by a signal nor with ksft's 4 (every
 * test skipped: no cgroup2 found).
 *
 * The suite is named only by the cgroup-selftests row, whose initramfs
 * carries the programs (ksft_ suites never run unless named).
 */
#include "fs/mount_cmdline.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "mm/page_writeback.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/kernel/user_run.h"

#define KSFT_DIR	"/tmp/ksft"
#define KSFT_DISK_DIR	MOUNT_CMDLINE_DIR "/ksft"

/*
 * Bounds under TCG on a loaded 2-CPU host: test_memcontrol allocates
 * 50-150 MiB a test and waits for OOM kills; the others fork and freeze
 * a few hundred processes at most.
 */
#define KSFT_LONG_MS	(900 * 1000)
#define KSFT_SHORT_MS	(300 * 1000)
/* A line this often while a program runs: its tests may print nothing
 * for minutes on a loaded host, which the runner would take for a hang. */
#define KSFT_BEAT_MS	(20 * 1000)

static struct user_run ksft_run;

/*
 * The selftests kill children they never wait for (cg_destroy()'s
 * cg_killall()); once the program ends, they are orphans, which Linux's
 * init would reap. A ktest boot has no init: reap, bounded, every
 * orphan that came after @first (the program's pid) — killed, they end.
 */
static void ksft_reap_orphans(int first)
{
	u64 deadline = ktime_get_ns() + (u64)KTEST_WAIT_MS * 1000000;

	for (;;) {
		struct process *q;
		int pid = 0, status;

		process_list_lock();
		for_each_process(q)
			if (q->tgid > first && !q->parent) {
				pid = q->tgid;
				break;
			}
		process_list_unlock();
		if (!pid || ktime_get_ns() > deadline)
			return;
		process_kill_pid(pid, SIGKILL);	/* if still running */
		process_wait_timeout(pid, &status,
				     (long)msecs_to_jiffies(KTEST_WAIT_MS));
	}
}

/*
 * user_wait() with a line every KSFT_BEAT_MS while @u runs: reaped when
 * it ends within @timeout_ms, else user_wait()'s kill and failure.
 */
static void ksft_wait(struct ktest *t, struct user_run *u,
		      unsigned int timeout_ms)
{
	long beat = (long)msecs_to_jiffies(KSFT_BEAT_MS);
	unsigned int waited = 0;
	int r;

	for (;;) {
		r = process_wait_timeout(u->pid, &u->status, beat);
		waited += KSFT_BEAT_MS;
		if (r != -ETIMEDOUT || waited >= timeout_ms)
			break;
		pr_info("ksft: %s still running after %u s\n", u->path,
			waited / 1000);
	}
	if (r == -ETIMEDOUT) {
		user_wait(t, u, 0);
		return;
	}
	KTEST_EXPECT_EQ(t, r, 0);
	u->elapsed_ns = ktime_get_ns() - u->start_ns;
	ksft_reap_orphans(u->pid);
	ktest_wait_tasks(t, u->tasks_before, KTEST_WAIT_MS);
}

/* Run @path in @dir to its end; a bad end fails @t. */
static void ksft_run_in(struct ktest *t, const char *dir_path,
			const char *path, unsigned int timeout_ms)
{
	static const char *const envp[] = { "PATH=/bin", NULL };
	const char *const argv[] = { path, NULL };
	struct user_run *u = &ksft_run;
	struct dentry *dir;
	int r;

	if (!KTEST_EXPECT_EQ(t, vfs_lookup(vfs_root(), dir_path, &dir), 0))
		return;
	u->path = path;
	u->tasks_before = task_count();
	u->start_ns = ktime_get_ns();
	u->po = (struct process_output){ .buf = u->out, .size = sizeof(u->out) };
	u->out[0] = 0;
	u->status = -1;
	r = exec_spawn_at(dir, path, argv, envp, &u->po, &u->pid);
	dput(dir);
	if (r) {
		KTEST_FAIL(t, "spawn %s: %d", path, r);
		return;
	}
	ksft_wait(t, u, timeout_ms);
	/* EXIT_SUCCESS, or EXIT_FAILURE when a test failed: it ran all. */
	KTEST_EXPECT(t, user_exited(u, 0) || user_exited(u, 1));
	pr_info("ksft: %s ended after %llu ms, status 0x%x\n", path,
		(unsigned long long)(u->elapsed_ns / 1000000), u->status);
}

/* Is a disk (root=) mounted on /mnt: another file system than /'s? */
static bool ksft_disk_mounted(void)
{
	struct dentry *mnt;
	bool mounted;

	if (vfs_lookup(vfs_root(), MOUNT_CMDLINE_DIR, &mnt))
		return false;
	mounted = mnt->inode->sb != vfs_root()->inode->sb;
	dput(mnt);
	return mounted;
}

/* What syncfs(2) on /mnt does: the dirty files, then ext2's metadata. */
static void ksft_sync_disk(struct ktest *t)
{
	struct dentry *mnt;
	struct inode *root;

	if (!KTEST_EXPECT_EQ(t, vfs_lookup(vfs_root(), MOUNT_CMDLINE_DIR,
					   &mnt), 0))
		return;
	root = mnt->inode;
	KTEST_EXPECT_EQ(t, writeback_sync(root->sb), 0);
	KTEST_EXPECT_EQ(t, root->i_op->fsync(root, false), 0);
	dput(mnt);
}

/*
 * Run @path to its end in KSFT_DISK_DIR when a disk is on /mnt, else in
 * KSFT_DIR, the ext2 image on ram0.
 */
static void ksft_run_on_disk_or_ram0(struct ktest *t, const char *path,
				     unsigned int timeout_ms)
{
	if (ksft_disk_mounted()) {
		if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), KSFT_DISK_DIR,
						  0755), 0))
			return;
		ksft_run_in(t, KSFT_DISK_DIR, path, timeout_ms);
		KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), KSFT_DISK_DIR), 0);
		ksft_sync_disk(t);
	} else if (ram0_mount_test_image(t, KSFT_DIR)) {
		ksft_run_in(t, KSFT_DIR, path, timeout_ms);
		ram0_umount_test_image(t, KSFT_DIR);
	}
}

static void ksft_run_program(struct ktest *t, const char *path,
			     unsigned int timeout_ms)
{
	ksft_run_on_disk_or_ram0(t, path, timeout_ms);
	/*
	 * The programs read files of the initramfs too (glibc's
	 * getaddrinfo() reads /etc/hosts and /etc/nsswitch.conf): their
	 * page cache stays charged, as on Linux, until reclaim drops it.
	 * Drop it now, as "echo 1 > drop_caches" would, so that the
	 * charge invariants see what the programs really leave.
	 */
	vmscan_drop_caches();
}

static void ksft_cgroup_memcontrol(struct ktest *t)
{
	ksft_run_program(t, "/bin/test_memcontrol", KSFT_LONG_MS);
}

static void ksft_cgroup_kill(struct ktest *t)
{
	ksft_run_program(t, "/bin/test_kill", KSFT_SHORT_MS);
}

static void ksft_cgroup_freezer(struct ktest *t)
{
	ksft_run_program(t, "/bin/test_freezer", KSFT_SHORT_MS);
}

/*
 * cgroup2 mounted again on /sys/fs/cgroup with @options (NULL: none).
 * Return: 0, or the umount's or mount's errno.
 */
static int ksft_mount_cgroup2(const char *options)
{
	char opts[32];
	struct fs_mount_args args = { .source = "none" };
	struct dentry *mp;
	int r = umount_dir("/sys/fs/cgroup");

	if (options) {
		strlcpy(opts, options, sizeof(opts));
		args.options = opts;	/* the type may cut it up */
	}
	if (!r)
		r = vfs_lookup(vfs_root(), "/sys/fs/cgroup", &mp);
	if (!r) {
		r = mount_new(mp, "cgroup2", &args);
		dput(mp);
	}
	return r;
}

/* test_core's lesser_ns_open needs cgroup2 with nsdelegate, as systemd
 * mounts it on Linux; the boot's plain mount comes back afterwards. */
static void ksft_cgroup_core(struct ktest *t)
{
	if (!KTEST_EXPECT_EQ(t, ksft_mount_cgroup2("nsdelegate"), 0))
		return;
	ksft_run_program(t, "/bin/test_core", KSFT_SHORT_MS);
	KTEST_EXPECT_EQ(t, ksft_mount_cgroup2(NULL), 0);
}

KTEST_SUITE(ksft_cgroup,
	    KTEST_CASE(ksft_cgroup_memcontrol),
	    KTEST_CASE(ksft_cgroup_kill),
	    KTEST_CASE(ksft_cgroup_freezer),
	    KTEST_CASE(ksft_cgroup_core));
