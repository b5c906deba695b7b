// SPDX-License-Identifier: MIT
/*
 * cgproctest: cgroup v2's process features as Linux 6.1 defines them.
 *
 *   cgproctest [--root DIR]   self-check under the cgroup2 directory DIR
 *                             (default /sys/fs/cgroup), valid on Linux
 *                             too: cgroup.kill's errnos; a kill takes a
 *                             spinning and a sleeping child in a group
 *                             and its child group; clone3's
 *                             CLONE_INTO_CGROUP starts a child in the
 *                             group of a directory fd, with Linux's
 *                             errnos for other fds
 *   cgproctest --forkbomb DIR moves into DIR, then forks without end:
 *                             4 children each fork a sleeping child,
 *                             kill and reap it, and fork again; prints
 *                             the ready line once each forked once, and
 *                             runs until killed (it gives up after 60 s)
 *
 * Output (stdout):
 *   cgproctest: FAIL what got=V          (self-check: each failed check)
 *   cgproctest: result checks=N failed=F (self-check; exit 0 when F is 0)
 *   cgproctest: forkbomb ready           (--forkbomb)
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/time.h"

#define CLONE_INTO_CGROUP	0x200000000UL

#define BOMB_FORKERS	4
#define BOMB_LIFE_NS	(60ULL * 1000000000)
#define HOLD_NS		(10ULL * 1000000000)	/* a child's longest wait */

/* Linux's struct clone_args (VER2, 88 bytes). */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static struct {
	const char *root;
	const char *forkbomb;
} cfg = { .root = "/sys/fs/cgroup" };

static const struct arg_opt opts[] = {
	{ "root", ARG_STR, &cfg.root, "the cgroup2 directory to work under" },
	{ "forkbomb", ARG_STR, &cfg.forkbomb,
	  "a cgroup directory to fork in until killed" },
	{ NULL },
};

static unsigned long checks, failed;

static void check(bool ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("cgproctest: FAIL %s got=%ld\n", what, got);
	}
}

static void path_of(char *buf, size_t size, const char *group,
		    const char *file)
{
	snprintf(buf, size, "%s%s%s%s%s", cfg.root, *group ? "/" : "", group,
		 *file ? "/" : "", file);
}

/* Write @text to @group/@file. Return: 0, or the negative errno. */
static long put(const char *group, const char *file, const char *text)
{
	char path[256];
	long fd, r;

	path_of(path, sizeof(path), group, file);
	fd = sys_open(path, O_WRONLY, 0);
	if (fd < 0)
		return fd;
	r = sys_write((int)fd, text, strlen(text));
	sys_close((int)fd);
	return r < 0 ? r : 0;
}

/* Read @group/@file into @buf. Return: its length, or the errno. */
static long get(const char *group, const char *file, char *buf, size_t size)
{
	char path[256];
	long fd, n;

	path_of(path, sizeof(path), group, file);
	fd = sys_open(path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	n = sys_read((int)fd, buf, size - 1);
	sys_close((int)fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

static long make(const char *group)
{
	char path[256];

	path_of(path, sizeof(path), group, "");
	return sys_mkdir(path, 0755);
}

static long rm_group(const char *group)
{
	char path[256];

	path_of(path, sizeof(path), group, "");
	return sys_rmdir(path);
}

/* The calling process moves itself into @group. */
static long enter(const char *group)
{
	return put(group, "cgroup.procs", "0");
}

static volatile int *shared_words(void)
{
	long m = sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return syscall_failed(m) ? NULL : (volatile int *)m;
}

/* Wait (bounded) until *@w reaches @n. Return: it did. */
static bool wait_count(volatile int *w, int n)
{
	uint64_t end = time_now_ns() + HOLD_NS;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };

	while (__atomic_load_n(w, __ATOMIC_ACQUIRE) < n) {
		if (time_now_ns() >= end)
			return false;
		sys_nanosleep(&ts, NULL);
	}
	return true;
}

/* Reap @pid; return its wait status (-1: the wait failed). */
static int reap(long pid)
{
	int status = -1;
	long r = sys_wait4((int)pid, &status, 0, NULL);

	check(r == pid, "wait4 reaps the child", r);
	return status;
}

/* Bad writes to cgroup.kill change nothing; the root has none. */
static void check_kill_errnos(void)
{
	check(make("cgp_kerr") == 0, "mkdir cgp_kerr", 0);
	check(put("cgp_kerr", "cgroup.kill", "0") == -ERANGE,
	      "cgroup.kill 0 is ERANGE", put("cgp_kerr", "cgroup.kill", "0"));
	check(put("cgp_kerr", "cgroup.kill", "2") == -ERANGE,
	      "cgroup.kill 2 is ERANGE", 0);
	check(put("cgp_kerr", "cgroup.kill", "kill") == -EINVAL,
	      "cgroup.kill text is EINVAL", 0);
	check(put("cgp_kerr", "cgroup.kill", "1") == 0,
	      "cgroup.kill 1 on an empty group", 0);
	check(rm_group("cgp_kerr") == 0, "rmdir cgp_kerr", 0);
	check(put("", "cgroup.kill", "1") == -ENOENT,
	      "the root has no cgroup.kill", put("", "cgroup.kill", "1"));
}

/* A child that joins @group, counts itself in *@ready, and spins
 * (@sleep false) or sleeps until killed; it gives up after HOLD_NS. */
static long start_victim(const char *group, volatile int *ready, bool sleep)
{
	struct timespec ts = { .tv_sec = 1, .tv_nsec = 0 };
	long pid = sys_fork();
	uint64_t end;

	if (pid)
		return pid;
	if (enter(group))
		sys_exit_group(1);
	__atomic_fetch_add(ready, 1, __ATOMIC_RELEASE);
	end = time_now_ns() + HOLD_NS;
	while (time_now_ns() < end)
		if (sleep)
			sys_nanosleep(&ts, NULL);
	sys_exit_group(2);
}

/*
 *   cgp_kill        a spinning child
 *   +-- cgp_kill/s  a sleeping child
 * "1" to cgp_kill/cgroup.kill: both die of SIGKILL, the group is
 * unpopulated and can be removed.
 */
static void check_kill(void)
{
	volatile int *ready = shared_words();
	char buf[128];
	long spin, sleep;

	check(ready != NULL, "MAP_SHARED", 0);
	if (!ready)
		return;
	check(make("cgp_kill") == 0 && make("cgp_kill/s") == 0,
	      "mkdir cgp_kill cgp_kill/s", 0);
	spin = start_victim("cgp_kill", ready, false);
	sleep = start_victim("cgp_kill/s", ready, true);
	check(wait_count(ready, 2), "both victims in their groups", *ready);
	check(put("cgp_kill", "cgroup.kill", "1") == 0, "cgroup.kill 1", 0);
	check(reap(spin) == SIGKILL, "the spinning child died of SIGKILL", 0);
	check(reap(sleep) == SIGKILL, "the sleeping child died of SIGKILL",
	      0);
	get("cgp_kill", "cgroup.events", buf, sizeof(buf));
	check(!strncmp(buf, "populated 0\n", 12), "cgp_kill not populated",
	      0);
	check(rm_group("cgp_kill/s") == 0 && rm_group("cgp_kill") == 0,
	      "rmdir the killed groups", 0);
	sys_munmap((void *)ready, PAGE_SIZE);
}

/* Does /proc/self/cgroup have the cgroup v2 line @line (a host with
 * cgroup v1 hierarchies too has more lines)? */
static bool in_group(const char *line)
{
	char buf[1024];
	long fd = sys_open("/proc/self/cgroup", O_RDONLY, 0);
	long n = fd < 0 ? 0 : sys_read((int)fd, buf, sizeof(buf) - 1);
	const char *at;

	buf[n > 0 ? n : 0] = 0;
	at = strstr(buf, line);
	return at && (at == buf || at[-1] == '\n');
}

/* clone3 into the group of @fd. Return: the child's pid, or -errno. A
 * child exits 0 when /proc/self/cgroup has the line @expect. */
static long clone_into(long fd, const char *expect)
{
	struct clone_args a = { .flags = CLONE_INTO_CGROUP,
				.exit_signal = SIGCHLD,
				.cgroup = (uint64_t)fd };
	long pid = sys_clone3(&a, sizeof(a));

	if (pid)
		return pid;
	sys_exit_group(in_group(expect) ? 0 : 1);
}

/* clone3 with an fd that is no live, valid target: no child. */
static void expect_clone_error(long fd, long err, const char *what)
{
	long pid = clone_into(fd, "");

	if (pid > 0)
		reap(pid);
	check(pid == err, what, pid);
}

static long open_group(const char *group, int flags)
{
	char path[256];

	path_of(path, sizeof(path), group, "");
	return sys_open(path, flags | O_DIRECTORY, 0);
}

/* The "no internal process" rule: a group that gives the memory
 * controller to its children takes no process (where the root gives
 * that controller at all). */
static void check_clone_busy(void)
{
	long fd;

	check(make("cgp_busy") == 0 && make("cgp_busy/c") == 0,
	      "mkdir cgp_busy cgp_busy/c", 0);
	if (!put("cgp_busy", "cgroup.subtree_control", "+memory")) {
		fd = open_group("cgp_busy", O_RDONLY);
		expect_clone_error(fd, -EBUSY,
				   "CLONE_INTO_CGROUP internal process EBUSY");
		sys_close((int)fd);
	}
	check(rm_group("cgp_busy/c") == 0 && rm_group("cgp_busy") == 0,
	      "rmdir cgp_busy", 0);
}

static void check_clone_into(void)
{
	long fd, file, pid;

	check(make("cgp_into") == 0, "mkdir cgp_into", 0);
	fd = open_group("cgp_into", O_RDONLY);
	check(fd >= 0, "open cgp_into", fd);
	pid = clone_into(fd, "0::/cgp_into\n");
	check(pid > 0, "clone3 CLONE_INTO_CGROUP", pid);
	if (pid > 0)
		check(reap(pid) == 0, "the child starts in cgp_into", 0);
	expect_clone_error(1000, -EBADF, "CLONE_INTO_CGROUP closed fd EBADF");
	file = sys_open("/proc/self/cgroup", O_RDONLY, 0);
	expect_clone_error(file, -EBADF,
			   "CLONE_INTO_CGROUP regular file EBADF");
	sys_close((int)file);
	check(rm_group("cgp_into") == 0, "rmdir cgp_into", 0);
	expect_clone_error(fd, -ENOENT, "CLONE_INTO_CGROUP removed ENOENT");
	sys_close((int)fd);
	check_clone_busy();
}

/* A leaf of the bomb: it sleeps until killed (60 s at most). */
static __attribute__((noreturn)) void bomb_leaf(uint64_t end)
{
	struct timespec ts = { .tv_sec = 1, .tv_nsec = 0 };

	while (time_now_ns() < end)
		sys_nanosleep(&ts, NULL);
	sys_exit_group(2);
}

/* A forker of the bomb: forks a leaf, kills and reaps it, and again. A
 * leaf forked while cgroup.kill runs that the kill misses outlives its
 * forker: the group stays populated. */
static __attribute__((noreturn)) void bomb_forker(volatile int *born,
						  uint64_t end)
{
	bool first = true;

	while (time_now_ns() < end) {
		long pid = sys_fork();

		if (pid == 0)
			bomb_leaf(end);
		if (pid < 0)
			sys_exit_group(3);
		if (first)
			__atomic_fetch_add(born, 1, __ATOMIC_RELEASE);
		first = false;
		sys_kill((int)pid, SIGKILL);
		sys_wait4((int)pid, NULL, 0, NULL);
	}
	sys_exit_group(2);
}

static int forkbomb(void)
{
	volatile int *born = shared_words();
	uint64_t end = time_now_ns() + BOMB_LIFE_NS;
	struct timespec ts = { .tv_sec = 1, .tv_nsec = 0 };

	cfg.root = cfg.forkbomb;
	if (!born || enter("")) {
		printf("cgproctest: cannot enter %s\n", cfg.forkbomb);
		return 1;
	}
	for (int i = 0; i < BOMB_FORKERS; i++)
		if (sys_fork() == 0)
			bomb_forker(born, end);
	if (!wait_count(born, BOMB_FORKERS)) {
		printf("cgproctest: the fork bomb did not start\n");
		return 1;
	}
	printf("cgproctest: forkbomb ready\n");
	while (time_now_ns() < end)
		sys_nanosleep(&ts, NULL);
	return 2;		/* the bomb outlived the kill */
}

int main(int argc, char **argv)
{
	if (args_parse(argc, argv, opts, "cgproctest"))
		return 2;
	if (cfg.forkbomb)
		return forkbomb();
	check_kill_errnos();
	check_kill();
	check_clone_into();
	printf("cgproctest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
