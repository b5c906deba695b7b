// SPDX-License-Identifier: MIT
/*
 * cgthreadtest: cgroup v2's threaded groups and cpu controller as Linux
 * 6.1 defines them; every check holds on Linux too.
 *
 *   cgthreadtest [--root DIR] [--check migrate|cpu]
 *
 * --check migrate: the process moves into a threaded group ct_dom/a and
 * one of its threads moves alone into ct_dom/b:
 *
 *   ct_dom      "domain threaded": its cgroup.procs lists the process
 *   +-- a       threaded: the main thread (cgroup.procs -EOPNOTSUPP)
 *   +-- b       threaded: the second thread, alone
 *
 * and each file says so (cgroup.threads, /proc/thread-self/cgroup,
 * /proc/<pid>/task/<tid>/cgroup, cgroup.events); a tid into another
 * domain is -EOPNOTSUPP, an unknown one -ESRCH, text -EINVAL; a group
 * with a thread in it cannot be removed; freezing b parks the thread
 * alone; once the thread exits its group is empty.
 *
 * --check cpu: "+cpu" in the root's cgroup.subtree_control, then a child
 * group's cpu.weight, cpu.weight.nice and cpu.max with their defaults,
 * conversions and errnos (a failed write changes nothing), and cpu.stat:
 * a child spinning in ct_cpu/sub shows in ct_cpu's usage, which does not
 * drop when the child exits or sub is removed. The root's "+cpu" is
 * taken back at the end.
 *
 * Output (stdout):
 *   cgthreadtest: FAIL what got=V          (each failed check)
 *   cgthreadtest: result checks=N failed=F (exit 0 when F is 0)
 */
#include <stdbool.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/mem.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"
#include "rt/time.h"

#define WAIT_NS		(10ULL * 1000000000)	/* longest wait */
#define SPIN_NS		(200ULL * 1000000)	/* the CPU to burn */
#define SPIN_MIN_USEC	20000	/* what it must show, a tenth of it */

static struct {
	const char *root;
	const char *check;
} cfg = { .root = "/sys/fs/cgroup" };

static const struct arg_opt opts[] = {
	{ "root", ARG_STR, &cfg.root, "the cgroup2 directory to work under" },
	{ "check", ARG_STR, &cfg.check, "only these checks: migrate or cpu" },
	{ NULL },
};

static unsigned long checks, failed;

static void check(bool ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("cgthreadtest: FAIL %s got=%ld\n", what, got);
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

/* Read @path into @buf. Return: its length, or the negative errno. */
static long read_path(const char *path, char *buf, size_t size)
{
	long fd = sys_open(path, O_RDONLY, 0), n;

	if (fd < 0) {
		buf[0] = 0;
		return fd;
	}
	n = sys_read((int)fd, buf, size - 1);
	sys_close((int)fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/* Read @group/@file into @buf. Return: its length, or the errno. */
static long get(const char *group, const char *file, char *buf, size_t size)
{
	char path[256];

	path_of(path, sizeof(path), group, file);
	return read_path(path, buf, size);
}

/* Does @group/@file read exactly @want? */
static bool reads(const char *group, const char *file, const char *want)
{
	char buf[256];

	get(group, file, buf, sizeof(buf));
	return !strcmp(buf, want);
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

/* Does the text of /proc/@what have the line @line? */
static bool proc_has_line(const char *what, const char *line)
{
	char path[128], buf[512];
	const char *at;

	snprintf(path, sizeof(path), "/proc/%s", what);
	read_path(path, buf, sizeof(buf));
	at = strstr(buf, line);
	return at && (at == buf || at[-1] == '\n');
}

/* Wait (bounded) until @group/@file reads @want: a thread that has
 * exited leaves its group a moment after its tid word is cleared, on
 * Linux too. Return: it does. */
static bool wait_reads(const char *group, const char *file,
		       const char *want)
{
	uint64_t end = time_now_ns() + WAIT_NS;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };

	while (!reads(group, file, want)) {
		if (time_now_ns() > end)
			return false;
		sys_nanosleep(&ts, NULL);
	}
	return true;
}

/* Wait (bounded) until *@w is @n. Return: it is. */
static bool wait_word(volatile int *w, int n)
{
	uint64_t end = time_now_ns() + WAIT_NS;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };

	while (__atomic_load_n(w, __ATOMIC_ACQUIRE) != n) {
		if (time_now_ns() > end)
			return false;
		sys_nanosleep(&ts, NULL);
	}
	return true;
}

/* What the second thread of --check migrate did and is told. */
static struct {
	int tid;
	long moved;		/* its write to ct_dom/b/cgroup.threads */
	bool self_in_b;		/* /proc/thread-self/cgroup said so */
	int ready;		/* 1 once the above are set */
	int release;		/* 1: it may exit */
} mover;

static int mover_fn(void *arg)
{
	(void)arg;
	mover.tid = (int)sys_gettid();
	mover.moved = put("ct_dom/b", "cgroup.threads", "0");
	mover.self_in_b = proc_has_line("thread-self/cgroup", "0::/ct_dom/b\n");
	__atomic_store_n(&mover.ready, 1, __ATOMIC_RELEASE);
	return wait_word(&mover.release, 1) ? 0 : 1;
}

/* The files, while the main thread is in ct_dom/a and the mover in b. */
static void check_split(void)
{
	char tid[16], line[24], path[64];

	snprintf(tid, sizeof(tid), "%d", mover.tid);
	check(mover.moved == 0, "the mover's write to b", mover.moved);
	check(mover.self_in_b, "thread-self/cgroup says b", 0);
	check(proc_has_line("self/cgroup", "0::/ct_dom/a\n"),
	      "the leader stays in a", 0);
	snprintf(path, sizeof(path), "%ld/task/%d/cgroup", sys_getpid(),
		 mover.tid);
	check(proc_has_line(path, "0::/ct_dom/b\n"), "task/<tid>/cgroup", 0);
	snprintf(path, sizeof(path), "%d/cgroup", mover.tid);
	check(proc_has_line(path, "0::/ct_dom/b\n"), "/proc/<tid>/cgroup", 0);
	snprintf(line, sizeof(line), "%s\n", tid);
	check(reads("ct_dom/b", "cgroup.threads", line), "b lists the mover",
	      0);
	snprintf(line, sizeof(line), "%ld\n", sys_gettid());
	check(reads("ct_dom/a", "cgroup.threads", line),
	      "a lists the main thread only", 0);
	snprintf(line, sizeof(line), "%ld\n", sys_getpid());
	check(reads("ct_dom", "cgroup.procs", line),
	      "the domain lists the process", 0);
	check(get("ct_dom/a", "cgroup.procs", path, sizeof(path)) ==
		      -EOPNOTSUPP, "a threaded cgroup.procs is EOPNOTSUPP", 0);
	check(reads("ct_dom/b", "cgroup.events", "populated 1\nfrozen 0\n"),
	      "b is populated", 0);
	check(rm_group("ct_dom/b") == -EBUSY, "b with a thread is busy", 0);
	check(put("", "cgroup.threads", tid) == -EOPNOTSUPP,
	      "a thread into another domain", put("", "cgroup.threads", tid));
	check(put("ct_dom/b", "cgroup.threads", "2147483647") == -ESRCH,
	      "an unknown tid is ESRCH", 0);
	check(put("ct_dom/b", "cgroup.threads", "x") == -EINVAL,
	      "text is EINVAL", 0);
	check(put("ct_dom", "cgroup.threads", tid) == 0,
	      "into the thread root", 0);
	check(reads("ct_dom/b", "cgroup.events", "populated 0\nfrozen 0\n"),
	      "b is empty again", 0);
	check(put("ct_dom/b", "cgroup.threads", tid) == 0, "back into b", 0);
	check(put("ct_dom/b", "cgroup.freeze", "1") == 0, "freeze b", 0);
	check(wait_reads("ct_dom/b", "cgroup.events",
			 "populated 1\nfrozen 1\n"),
	      "b's thread parks: b is frozen", 0);
	check(reads("ct_dom/a", "cgroup.events", "populated 1\nfrozen 0\n"),
	      "a runs on", 0);
	check(put("ct_dom/b", "cgroup.freeze", "0") == 0 &&
		      wait_reads("ct_dom/b", "cgroup.events",
				 "populated 1\nfrozen 0\n"),
	      "b thaws", 0);
}

static void check_migrate(void)
{
	struct tcb *thr = NULL;
	long r;

	check(make("ct_dom") == 0 && make("ct_dom/a") == 0 &&
		      make("ct_dom/b") == 0, "mkdir ct_dom/a ct_dom/b", 0);
	check(put("ct_dom/a", "cgroup.type", "threaded") == 0 &&
		      put("ct_dom/b", "cgroup.type", "threaded") == 0,
	      "a and b become threaded", 0);
	check(enter("ct_dom/a") == 0, "the process enters a", 0);
	r = thread_create(&thr, mover_fn, NULL, THREAD_STACK_DEFAULT);
	check(r > 0, "thread_create", r);
	if (r > 0 && wait_word(&mover.ready, 1))
		check_split();
	else
		check(false, "the mover is ready", 0);
	__atomic_store_n(&mover.release, 1, __ATOMIC_RELEASE);
	if (r > 0)
		check(thread_join(thr, NULL) == 0, "the mover exits", 0);
	check(wait_reads("ct_dom/b", "cgroup.threads", ""),
	      "b is empty once it exited", 0);
	check(wait_reads("ct_dom/b", "cgroup.events",
			 "populated 0\nfrozen 0\n"),
	      "b is unpopulated once it exited", 0);
	check(enter("") == 0, "back to the root", 0);
	check(rm_group("ct_dom/b") == 0 && rm_group("ct_dom/a") == 0 &&
		      rm_group("ct_dom") == 0, "rmdir ct_dom", 0);
}

/* cpu.stat's usage_usec of @group, or -1. */
static long usage_usec(const char *group)
{
	char buf[512];
	const char *at;
	uint64_t v = 0;

	get(group, "cpu.stat", buf, sizeof(buf));
	at = strstr(buf, "usage_usec ");
	if (!at)
		return -1;
	for (at += 11; *at >= '0' && *at <= '9'; at++)
		v = v * 10 + (uint64_t)(*at - '0');
	return (long)v;
}

/* A child in @group burns SPIN_NS of CPU and exits. Return: it did. */
static bool spin_in(const char *group)
{
	int status = -1;
	long pid = sys_fork();

	if (pid == 0) {
		uint64_t end;

		if (enter(group))
			sys_exit_group(1);
		for (end = time_now_ns() + SPIN_NS; time_now_ns() < end;)
			;
		sys_exit_group(0);
	}
	return pid > 0 && sys_wait4((int)pid, &status, 0, NULL) == pid &&
	       status == 0;
}

/* cpu.weight and cpu.weight.nice: Linux's conversions and errnos. */
static void check_weight(void)
{
	check(reads("ct_cpu", "cpu.weight", "100\n"), "weight 100", 0);
	check(reads("ct_cpu", "cpu.weight.nice", "0\n"), "nice 0", 0);
	check(put("ct_cpu", "cpu.weight", "0") == -ERANGE, "weight 0", 0);
	check(put("ct_cpu", "cpu.weight", "10001") == -ERANGE, "weight 10001",
	      0);
	check(put("ct_cpu", "cpu.weight", "abc") == -EINVAL, "weight abc", 0);
	check(put("ct_cpu", "cpu.weight", "-1") == -EINVAL, "weight -1", 0);
	check(reads("ct_cpu", "cpu.weight", "100\n"), "failures change none",
	      0);
	check(put("ct_cpu", "cpu.weight", "50\n") == 0, "weight 50", 0);
	check(reads("ct_cpu", "cpu.weight", "50\n"), "reads 50", 0);
	check(reads("ct_cpu", "cpu.weight.nice", "3\n"), "50 is nice 3", 0);
	check(put("ct_cpu", "cpu.weight.nice", "20") == -ERANGE, "nice 20", 0);
	check(put("ct_cpu", "cpu.weight.nice", "-21") == -ERANGE, "nice -21",
	      0);
	check(put("ct_cpu", "cpu.weight.nice", "x") == -EINVAL, "nice x", 0);
	check(put("ct_cpu", "cpu.weight.nice", "5") == 0, "nice 5", 0);
	check(reads("ct_cpu", "cpu.weight", "33\n"), "nice 5 is weight 33", 0);
	check(reads("ct_cpu", "cpu.weight.nice", "5\n"), "reads nice 5", 0);
	check(put("ct_cpu", "cpu.weight.nice", "-20") == 0 &&
		      reads("ct_cpu", "cpu.weight", "8668\n"),
	      "nice -20 is weight 8668", 0);
}

/* cpu.max: "QUOTA [PERIOD]" in us, Linux's bounds. */
static void check_max(void)
{
	static const char *const bad[] = {
		"", "abc", "-1", "999", "1000 999", "1000 1000001",
		"max 0", "17592186044416",
	};

	check(reads("ct_cpu", "cpu.max", "max 100000\n"), "max 100000", 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long r = put("ct_cpu", "cpu.max", bad[i]);

		check(r == -EINVAL, bad[i], r);
	}
	check(reads("ct_cpu", "cpu.max", "max 100000\n"),
	      "failures change nothing", 0);
	check(put("ct_cpu", "cpu.max", "50000 200000\n") == 0,
	      "50000 200000", 0);
	check(reads("ct_cpu", "cpu.max", "50000 200000\n"), "reads it", 0);
	check(put("ct_cpu", "cpu.max", "20000") == 0 &&
		      reads("ct_cpu", "cpu.max", "20000 200000\n"),
	      "a quota alone keeps the period", 0);
	check(put("ct_cpu", "cpu.max", "max") == 0 &&
		      reads("ct_cpu", "cpu.max", "max 200000\n"),
	      "max keeps the period", 0);
}

/* cpu.stat: a child's CPU counts in its group and above, and stays. */
static void check_stat(void)
{
	char buf[512];
	long before, spun, after;

	get("ct_cpu", "cpu.stat", buf, sizeof(buf));
	check(!strncmp(buf, "usage_usec ", 11) &&
		      strstr(buf, "\nnr_throttled 0\n"),
	      "cpu.stat's lines", 0);
	check(make("ct_cpu/sub") == 0, "mkdir ct_cpu/sub", 0);
	before = usage_usec("ct_cpu");
	check(spin_in("ct_cpu/sub"), "a child spins in sub", 0);
	spun = usage_usec("ct_cpu");
	check(spun - before >= SPIN_MIN_USEC, "its time shows above",
	      spun - before);
	check(usage_usec("ct_cpu/sub") >= SPIN_MIN_USEC,
	      "and in its group", usage_usec("ct_cpu/sub"));
	check(rm_group("ct_cpu/sub") == 0, "rmdir ct_cpu/sub", 0);
	after = usage_usec("ct_cpu");
	check(after >= spun, "the parent keeps a removed child's time",
	      after);
}

static void check_cpu(void)
{
	char buf[128];

	get("", "cgroup.controllers", buf, sizeof(buf));
	check(strstr(buf, "cpu") != NULL, "the root offers cpu", 0);
	check(put("", "cgroup.subtree_control", "+cpu") == 0, "+cpu", 0);
	check(make("ct_cpu") == 0, "mkdir ct_cpu", 0);
	check_weight();
	check_max();
	check_stat();
	check(rm_group("ct_cpu") == 0, "rmdir ct_cpu", 0);
	check(put("", "cgroup.subtree_control", "-cpu") == 0, "-cpu", 0);
}

int main(int argc, char **argv)
{
	if (args_parse(argc, argv, opts, "cgthreadtest"))
		return 2;
	if (!cfg.check || !strcmp(cfg.check, "migrate"))
		check_migrate();
	if (!cfg.check || !strcmp(cfg.check, "cpu"))
		check_cpu();
	printf("cgthreadtest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
