// SPDX-License-Identifier: MIT
/*
 * cgproctest: cgroup v2's process features as Linux 6.1 defines them.
 *
 *   cgproctest [--root DIR] [--check kill|clone|type|freeze]
 *                             self-check under the cgroup2 directory DIR
 *                             (default /sys/fs/cgroup), valid on Linux
 *                             too: cgroup.kill's errnos; a kill takes a
 *                             spinning and a sleeping child in a group
 *                             and its child group; clone3's
 *                             CLONE_INTO_CGROUP starts a child in the
 *                             group of a directory fd, with Linux's
 *                             errnos for other fds; cgroup.type's
 *                             threaded model (thread roots, invalid
 *                             domains and their errnos); cgroup.freeze parks
 *                             a spinning and a sleeping child (frozen
 *                             in cgroup.events, woken poll, no user
 *                             code runs), thaws them, and a frozen task
 *                             still dies of SIGKILL
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
	const char *check;
	const char *forkbomb;
} cfg = { .root = "/sys/fs/cgroup" };

static const struct arg_opt opts[] = {
	{ "root", ARG_STR, &cfg.root, "the cgroup2 directory to work under" },
	{ "check", ARG_STR, &cfg.check,
	  "only these checks: kill, clone, type or freeze" },
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

/* @group's cgroup.type is @want. */
static bool type_is(const char *group, const char *want)
{
	char buf[64];

	get(group, "cgroup.type", buf, sizeof(buf));
	return !strcmp(buf, want);
}

/* In a child: join cgp_t, then write the thread's tid to
 * cgroup.threads: into another domain (the root) -EOPNOTSUPP, into
 * threaded cgp_t/c it moves, and cgroup.threads lists it there.
 * Return: 0, or the bit of the first step that failed. */
static int thread_moves(void)
{
	char tid[16], line[16], buf[64];

	snprintf(tid, sizeof(tid), "%ld", sys_gettid());
	snprintf(line, sizeof(line), "%s\n", tid);
	if (enter("cgp_t"))
		return 1;
	if (put("", "cgroup.threads", tid) != -EOPNOTSUPP)
		return 2;
	if (put("cgp_t/c", "cgroup.threads", "0"))
		return 4;
	if (!in_group("0::/cgp_t/c\n"))
		return 8;
	get("cgp_t/c", "cgroup.threads", buf, sizeof(buf));
	return strcmp(buf, line) ? 16 : 0;
}

/*
 *   cgp_t            "domain threaded" once its child is threaded
 *   +-- cgp_t/c      "threaded": takes a process, cannot be killed whole
 *   cgp_g
 *   +-- cgp_g/p      threaded
 *       +-- c        "domain invalid": takes no process
 */
static void check_type(void)
{
	volatile int *ready = shared_words();
	long fd, pid, victim;

	check(ready != NULL, "MAP_SHARED", 0);
	if (!ready)
		return;
	check(make("cgp_t") == 0 && make("cgp_t/c") == 0, "mkdir cgp_t/c", 0);
	check(type_is("cgp_t/c", "domain\n"), "a new group is a domain", 0);
	check(put("cgp_t/c", "cgroup.type", "domain") == -EINVAL,
	      "cgroup.type takes only threaded", 0);
	check(put("cgp_t/c", "cgroup.type", "threaded") == 0,
	      "cgp_t/c becomes threaded", 0);
	check(type_is("cgp_t/c", "threaded\n"), "cgp_t/c is threaded", 0);
	check(type_is("cgp_t", "domain threaded\n"),
	      "its parent is a thread root", 0);
	check(put("cgp_t/c", "cgroup.kill", "1") == -EOPNOTSUPP,
	      "no cgroup.kill in a threaded group",
	      put("cgp_t/c", "cgroup.kill", "1"));
	pid = sys_fork();
	if (pid == 0)
		sys_exit_group(thread_moves());
	check(reap(pid) == 0, "a lone thread moves within its domain only",
	      0);
	check(make("cgp_g") == 0 && make("cgp_g/p") == 0 &&
		      make("cgp_g/p/c") == 0, "mkdir cgp_g/p/c", 0);
	check(put("cgp_g/p", "cgroup.type", "threaded") == 0,
	      "cgp_g/p becomes threaded", 0);
	check(type_is("cgp_g/p/c", "domain invalid\n"),
	      "a domain under a threaded group is invalid", 0);
	pid = sys_fork();
	if (pid == 0)
		sys_exit_group(enter("cgp_g/p/c") == -EOPNOTSUPP ? 0 : 1);
	check(reap(pid) == 0, "no process into an invalid domain", 0);
	fd = open_group("cgp_g/p/c", O_RDONLY);
	expect_clone_error(fd, -EOPNOTSUPP,
			   "CLONE_INTO_CGROUP invalid domain EOPNOTSUPP");
	sys_close((int)fd);
	check(make("cgp_pop") == 0, "mkdir cgp_pop", 0);
	victim = start_victim("cgp_pop", ready, true);
	check(wait_count(ready, 1), "a process in cgp_pop", *ready);
	check(put("cgp_pop", "cgroup.type", "threaded") == -EOPNOTSUPP,
	      "a populated group cannot become threaded", 0);
	sys_kill((int)victim, SIGKILL);
	reap(victim);
	check(rm_group("cgp_pop") == 0 && rm_group("cgp_g/p/c") == 0 &&
		      rm_group("cgp_g/p") == 0 && rm_group("cgp_g") == 0 &&
		      rm_group("cgp_t/c") == 0 && rm_group("cgp_t") == 0,
	      "rmdir the typed groups", 0);
	sys_munmap((void *)ready, PAGE_SIZE);
}

#define NR_POLL		7
#define POLLPRI		0x002
#define SEEK_SET	0

struct pollfd {
	int fd;
	short events;
	short revents;
};

/* Bad writes to cgroup.freeze change nothing; the root has none. */
static void check_freeze_errnos(void)
{
	char buf[32];

	check(make("cgp_ferr") == 0, "mkdir cgp_ferr", 0);
	check(put("cgp_ferr", "cgroup.freeze", "2") == -ERANGE,
	      "cgroup.freeze 2 is ERANGE", 0);
	check(put("cgp_ferr", "cgroup.freeze", "-1") == -ERANGE,
	      "cgroup.freeze -1 is ERANGE", 0);
	check(put("cgp_ferr", "cgroup.freeze", "x") == -EINVAL,
	      "cgroup.freeze text is EINVAL", 0);
	get("cgp_ferr", "cgroup.freeze", buf, sizeof(buf));
	check(!strcmp(buf, "0\n"), "cgroup.freeze still 0", buf[0]);
	check(rm_group("cgp_ferr") == 0, "rmdir cgp_ferr", 0);
	check(put("", "cgroup.freeze", "1") == -ENOENT,
	      "the root has no cgroup.freeze", 0);
}

/* Wait (bounded) on @group's cgroup.events, woken by its notify poll,
 * until it says "frozen @frozen". */
static bool wait_frozen(const char *group, int frozen)
{
	char path[256], buf[128], want[16];
	uint64_t end = time_now_ns() + HOLD_NS;
	struct pollfd pfd = { .events = POLLPRI };
	bool seen = false;
	long n;

	path_of(path, sizeof(path), group, "cgroup.events");
	snprintf(want, sizeof(want), "frozen %d\n", frozen);
	pfd.fd = (int)sys_open(path, O_RDONLY, 0);
	if (pfd.fd < 0)
		return false;
	while (!seen && time_now_ns() < end) {
		sys_lseek(pfd.fd, 0, SEEK_SET);
		n = sys_read(pfd.fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		seen = strstr(buf, want) != NULL;
		if (!seen)
			syscall3(NR_POLL, (long)&pfd, 1, 1000);
	}
	sys_close(pfd.fd);
	return seen;
}

/* Does *@w stay put for 50 ms (its writers run no user code)? */
static bool stays(volatile int *w)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 50000000 };
	int before = *w;

	sys_nanosleep(&ts, NULL);
	return *w == before;
}

/* Wait (bounded) for *@w to move on from @from. */
static bool moves(volatile int *w, int from)
{
	uint64_t end = time_now_ns() + HOLD_NS;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };

	while (*w == from && time_now_ns() < end)
		sys_nanosleep(&ts, NULL);
	return *w != from;
}

/* A child that joins @group and counts in w[0] without end. */
static long start_spinner(const char *group, volatile int *w)
{
	long pid = sys_fork();
	uint64_t end;

	if (pid)
		return pid;
	if (enter(group))
		sys_exit_group(1);
	end = time_now_ns() + 6 * HOLD_NS;
	while (time_now_ns() < end)
		__atomic_fetch_add(&w[0], 1, __ATOMIC_RELAXED);
	sys_exit_group(2);
}

/* A child that joins @group and counts in w[1] each time it is woken
 * from its futex wait on w[2] (10 s at most). */
static long start_sleeper(const char *group, volatile int *w)
{
	struct timespec ts = { .tv_sec = 10, .tv_nsec = 0 };
	long pid = sys_fork();

	if (pid)
		return pid;
	if (enter(group))
		sys_exit_group(1);
	for (int i = 0; i < 6; i++) {
		int word = w[2];

		__atomic_fetch_add(&w[1], 1, __ATOMIC_RELEASE);
		sys_futex((int *)&w[2], FUTEX_WAIT, word, &ts, NULL, 0);
	}
	sys_exit_group(2);
}

/* Wake the sleeper of start_sleeper(). */
static void wake_sleeper(volatile int *w)
{
	__atomic_fetch_add(&w[2], 1, __ATOMIC_RELEASE);
	sys_futex((int *)&w[2], FUTEX_WAKE, 1, NULL, NULL, 0);
}

/*
 *   cgp_frz        a spinning child, counting in w[0]
 *   +-- cgp_frz/s  a child asleep in a futex wait, counting its wakes
 * cgroup.freeze 1 on cgp_frz: both groups report frozen (the poll
 * wakes), neither count moves; a group made under it is frozen; thawed,
 * both count again; frozen again, SIGKILL still ends the spinner.
 */
static void check_freeze(void)
{
	volatile int *w = shared_words();
	long spin, sleep;
	int at;

	check(w != NULL, "MAP_SHARED", 0);
	if (!w)
		return;
	check(make("cgp_frz") == 0 && make("cgp_frz/s") == 0,
	      "mkdir cgp_frz cgp_frz/s", 0);
	spin = start_spinner("cgp_frz", w);
	sleep = start_sleeper("cgp_frz/s", w);
	check(moves(&w[0], 0) && moves(&w[1], 0), "both count", 0);
	check(put("cgp_frz", "cgroup.freeze", "1") == 0, "freeze cgp_frz", 0);
	check(wait_frozen("cgp_frz", 1), "cgp_frz frozen", 0);
	check(wait_frozen("cgp_frz/s", 1), "cgp_frz/s frozen", 0);
	check(stays(&w[0]), "the spinner runs no user code", w[0]);
	at = w[1];
	wake_sleeper(w);
	check(stays(&w[1]) && w[1] == at, "the sleeper runs no user code",
	      w[1]);
	check(make("cgp_frz/new") == 0, "mkdir under a frozen group", 0);
	check(wait_frozen("cgp_frz/new", 1), "a new child group is frozen", 0);
	check(rm_group("cgp_frz/new") == 0, "rmdir cgp_frz/new", 0);
	check(put("cgp_frz", "cgroup.freeze", "0") == 0, "thaw cgp_frz", 0);
	check(wait_frozen("cgp_frz", 0), "cgp_frz thawed", 0);
	wake_sleeper(w);
	check(moves(&w[0], w[0]) && moves(&w[1], at), "both count again", 0);
	check(put("cgp_frz", "cgroup.freeze", "1") == 0, "freeze again", 0);
	check(wait_frozen("cgp_frz", 1), "cgp_frz frozen again", 0);
	sys_kill((int)spin, SIGKILL);
	check(reap(spin) == SIGKILL, "a frozen task dies of SIGKILL", 0);
	check(put("cgp_frz", "cgroup.kill", "1") == 0, "kill cgp_frz", 0);
	check(reap(sleep) == SIGKILL, "the frozen sleeper is killed", 0);
	check(rm_group("cgp_frz/s") == 0 && rm_group("cgp_frz") == 0,
	      "rmdir the frozen groups", 0);
	sys_munmap((void *)w, PAGE_SIZE);
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
	if (!cfg.check || !strcmp(cfg.check, "kill")) {
		check_kill_errnos();
		check_kill();
	}
	if (!cfg.check || !strcmp(cfg.check, "clone"))
		check_clone_into();
	if (!cfg.check || !strcmp(cfg.check, "type"))
		check_type();
	if (!cfg.check || !strcmp(cfg.check, "freeze")) {
		check_freeze_errnos();
		check_freeze();
	}
	printf("cgproctest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
