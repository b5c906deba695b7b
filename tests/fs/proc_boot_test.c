// SPDX-License-Identifier: MIT
/*
 * /proc from kernel code (fs/proc.c), on a live process (bystander,
 * asleep in its first round, killed at the end) and on the machine:
 *
 *   status         Linux's field names and formats, for that process
 *   oom_score_adj  reads back what was written; bad text is Linux's
 *                  errno and changes nothing; only 12 bytes are read
 *   oom_score      0 until the OOM killer's hook; then the hook's value
 *   cgroup         "0::/\n" until cgroups' hook
 *   meminfo        MemTotal/MemFree/MemAvailable in show_val_kb format,
 *                  and Shmem follows tmpfs pages
 *   lifetime       a file opened before the process is reaped reads
 *                  -ESRCH after; its directory is gone
 *   mounts, swaps  <pid>/mounts is /proc/mounts' text (one namespace);
 *                  swaps is Linux's header line alone (no swap)
 */
#include "fs/proc.h"
#include "fs/tmpfs.h"
#include "kernel/ktest.h"
#include "mm/memcg.h"
#include "mm/oom.h"
#include "lib/format.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void path_of(char *buf, size_t size, const char *file)
{
	snprintf(buf, size, "/proc/%d/%s", run.pid, file);
}

static bool start_bystander(struct ktest *t)
{
	static const char *const argv[] = { "/bin/bystander", "--rounds",
					    "0", "--sleep-ms", "100000",
					    NULL };

	if (user_start(t, &run, argv))
		return false;
	return user_wait_state(&run, USER_SLEEP_STATE, 10000);
}

static void stop_bystander(struct ktest *t)
{
	process_kill_pid(run.pid, SIGKILL);
	user_wait(t, &run, 10000);
}

static void proc_status(struct ktest *t)
{
	char path[48], want[64], text[512];

	KTEST_ASSERT(t, start_bystander(t));
	path_of(path, sizeof(path), "status");
	KTEST_EXPECT_GT(t, ft_slurp(path, text, sizeof(text)), 0);
	KTEST_EXPECT_EQ(t, strncmp(text, "Name:\tbystander\nState:\t", 23), 0);
	snprintf(want, sizeof(want), "\nTgid:\t%d\nPid:\t%d\nPPid:\t0\n",
		 run.pid, run.pid);
	KTEST_EXPECT_NOT_NULL(t, strstr(text, want));
	/* nanosleep sleeps interruptibly, as Linux's: S. */
	KTEST_EXPECT_NOT_NULL(t, strstr(text, "\nState:\tS (sleeping)\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(text, "\nVmLck:\t       0 kB\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(text, "\nVmRSS:\t    "));
	KTEST_EXPECT_NOT_NULL(t, strstr(text, " kB\nThreads:\t1\n"));
	if (ktest_failed(t))
		ktest_log(t, "status:\n%s", text);
	stop_bystander(t);
}

static void proc_oom_score_adj(struct ktest *t)
{
	static const struct {
		const char *text;
		long ret;
		const char *after;
	} rows[] = {
		{ "-1000", 5, "-1000\n" },
		{ " 1000\n", 6, "1000\n" },
		{ "0x10", 4, "16\n" },
		{ "-1001", -EINVAL, "16\n" },
		{ "1001", -EINVAL, "16\n" },
		{ "abc", -EINVAL, "16\n" },
		{ "-1", 2, "-1\n" },
		{ "99999999999999999999", -ERANGE, "-1\n" },
		{ "max\n", -EINVAL, "-1\n" },
		{ "", -EINVAL, "-1\n" },
		{ "5           junk", 12, "5\n" },	/* 12 bytes read */
		{ "0", 1, "0\n" },
	};
	char path[48], text[32];

	KTEST_ASSERT(t, start_bystander(t));
	path_of(path, sizeof(path), "oom_score_adj");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (!KTEST_EXPECT_EQ(t, ft_put(path, rows[i].text),
				     rows[i].ret))
			ktest_log(t, "writing \"%s\"", rows[i].text);
		ft_slurp(path, text, sizeof(text));
		KTEST_EXPECT_STREQ(t, text, rows[i].after);
	}
	stop_bystander(t);
}

static unsigned long fixed_score(struct process *p)
{
	return 4242;
}

static void proc_hooks_and_meminfo(struct ktest *t)
{
	char path[48], text[1024];
	u64 shmem0 = tmpfs_nr_pages();
	int err;
	struct file *f;

	KTEST_ASSERT(t, start_bystander(t));
	path_of(path, sizeof(path), "oom_score");
	ft_slurp(path, text, sizeof(text));
	/* The OOM killer's formula (mm/oom.c), 6.1's by default: a process
	 * of a few pages scores (1000 + pages * 1000 / RAM pages) * 2 / 3,
	 * 666 plus a little on a small machine. */
	if (memcg_get_design() == MEMCG_DESIGN_MOD)
		KTEST_EXPECT(t, !strncmp(text, "66", 2) && text[3] == '\n');
	proc_set_oom_score_hook(fixed_score);
	ft_slurp(path, text, sizeof(text));
	oom_init();		/* back to the OOM killer's hook */
	KTEST_EXPECT_STREQ(t, text, "4242\n");
	KTEST_EXPECT_EQ(t, ft_put(path, "1"), -EINVAL);	/* read-only */
	path_of(path, sizeof(path), "cgroup");
	ft_slurp(path, text, sizeof(text));
	KTEST_EXPECT_STREQ(t, text, "0::/\n");
	stop_bystander(t);

	f = ft_open("/tmp/shm", O_CREAT | O_RDWR, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, "x", 1, 0), 1);
	KTEST_EXPECT_GT(t, ft_slurp("/proc/meminfo", text, sizeof(text)), 0);
	KTEST_EXPECT_EQ(t, strncmp(text, "MemTotal:       ", 16), 0);
	KTEST_EXPECT_EQ(t, strncmp(text + 24, " kB\nMemFree:        ", 20),
			0);
	snprintf(path, sizeof(path), "\nShmem:          %8llu kB\n",
		 (unsigned long long)(shmem0 + 1) * 4);
	KTEST_EXPECT_NOT_NULL(t, strstr(text, path));
	if (ktest_failed(t))
		ktest_log(t, "meminfo:\n%s", text);
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/shm"), 0);
}

static void proc_lifetime(struct ktest *t)
{
	char path[48], text[64];
	struct file *f;
	int err;

	KTEST_ASSERT(t, start_bystander(t));
	path_of(path, sizeof(path), "oom_score_adj");
	f = ft_open(path, O_RDWR, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	stop_bystander(t);
	KTEST_EXPECT_EQ(t, ft_write(f, "3", 1), -ESRCH);
	fput(f);
	KTEST_EXPECT_EQ(t, ft_slurp(path, text, sizeof(text)), -ENOENT);
	KTEST_EXPECT_EQ(t, ft_slurp("/proc/self/status", text, sizeof(text)),
			-ENOENT);	/* a kernel thread has no process */
}

/*
 * Linux's cgroup selftests find cgroup2 in /proc/self/mounts and count
 * /proc/swaps' lines after the header to learn whether swap is on.
 */
static void proc_mounts_and_swaps(struct ktest *t)
{
	static char all[4096], mine[4096];
	char path[48];

	KTEST_ASSERT(t, start_bystander(t));
	path_of(path, sizeof(path), "mounts");
	KTEST_EXPECT_GT(t, ft_slurp("/proc/mounts", all, sizeof(all)), 0);
	KTEST_EXPECT_GT(t, ft_slurp(path, mine, sizeof(mine)), 0);
	stop_bystander(t);
	KTEST_EXPECT_STREQ(t, mine, all);
	KTEST_EXPECT_NOT_NULL(t, strstr(mine, " /sys/fs/cgroup cgroup2 "));
	KTEST_EXPECT_GT(t, ft_slurp("/proc/swaps", all, sizeof(all)), 0);
	KTEST_EXPECT_STREQ(t, all, "Filename\t\t\t\tType\t\tSize\t\tUsed"
			   "\t\tPriority\n");
}

KTEST_SUITE(proc,
	    KTEST_CASE(proc_status),
	    KTEST_CASE(proc_oom_score_adj),
	    KTEST_CASE(proc_hooks_and_meminfo),
	    KTEST_CASE(proc_lifetime),
	    KTEST_CASE(proc_mounts_and_swaps));
