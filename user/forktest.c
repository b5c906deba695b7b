// SPDX-License-Identifier: MIT
/*
 * forktest: fork, vfork, clone3, wait4 and waitid as Linux defines them.
 *
 *   forktest                 self-check, valid on Linux too: copy-on-write
 *                            (each side sees its own writes), the fd
 *                            table copied (one open file, shared), shared
 *                            memory shared, vfork's parent waiting for
 *                            the child's end, clone3 and wait errnos,
 *                            wait status words and waitid's siginfo
 *   forktest --nocopy-mib N  in a cgroup of its own (forknc, made and
 *                            removed), touch N MiB, fork, and report the
 *                            group's memory.current and MemFree before
 *                            and while the child lives (the child holds
 *                            until the parent has measured)
 *   forktest --cow-pages N [--child-cgroup DIR] [--parent-extra-pages E]
 *                            touch N pages, fork; the parent touches E
 *                            more pages of its own, then lets the child
 *                            (after moving itself into DIR, a cgroup
 *                            directory the parent makes and removes)
 *                            write every page; DIR's memory.current
 *                            before and after is reported; the parent
 *                            waits for the child
 *
 *   forktest --bench-pages N [--iters K]
 *                            touch N pages, then time K rounds of fork,
 *                            the child's exit and wait4
 *
 * Output (stdout):
 *   forktest: FAIL what got=V          (self-check: one per failed check)
 *   forktest: result checks=N failed=F (self-check; exit 0 when F is 0)
 *   forktest: child pid=P              (--nocopy-mib, --cow-pages)
 *   forktest: nocopy current_before=B current_after=A free_before=F
 *             free_after=G             (one line; bytes)
 *   forktest: reaped status=S          (--cow-pages: the wait status)
 *   forktest: cow before=B after=A     (--child-cgroup: DIR's, bytes)
 *   forktest: rmdir=R                  (--child-cgroup: rmdir's return)
 *   forktest: bench pages=N iters=K ns_per_fork=T (--bench-pages)
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

#define CLONE_PIDFD		0x00001000UL
#define CLONE_VFORK		0x00004000UL
#define CLONE_CLEAR_SIGHAND	0x100000000UL
#define CLONE_INTO_CGROUP	0x200000000UL

#define WNOHANG		0x00000001
#define WEXITED		0x00000004
#define WNOWAIT		0x01000000
#define __WALL		0x40000000
#define P_ALL		0
#define P_PID		1
#define P_PIDFD		3
#define CLD_EXITED	1

#define CHILD_STACK	(4 * PAGE_SIZE)
#define ROOT_CG		"/sys/fs/cgroup"
#define HOLD_NS		(10ULL * 1000000000)	/* a child's longest wait */
#define VFORK_CHILD_NS	50000000ULL		/* 50 ms */

/* Linux's struct clone_args (VER2, 88 bytes). */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* The part of siginfo_t waitid fills; the rest pads it to 128 bytes. */
struct wait_info {
	int si_signo, si_errno, si_code, pad;
	int si_pid, si_uid, si_status, rest[25];
};

long thread_clone(unsigned long flags, void *sp, int *ptid, int *ctid,
		  void *tls);

static struct {
	uint64_t nocopy_mib, cow_pages, parent_extra_pages;
	uint64_t bench_pages, iters;
	const char *child_cgroup;
} cfg;

static const struct arg_opt opts[] = {
	{ "nocopy-mib", ARG_U64, &cfg.nocopy_mib, "MiB to touch, then fork" },
	{ "cow-pages", ARG_U64, &cfg.cow_pages, "pages the child rewrites" },
	{ "parent-extra-pages", ARG_U64, &cfg.parent_extra_pages,
	  "pages the parent touches after the fork, before the child writes" },
	{ "bench-pages", ARG_U64, &cfg.bench_pages,
	  "pages to touch, then time fork+exit+wait" },
	{ "iters", ARG_U64, &cfg.iters, "rounds of the benchmark" },
	{ "child-cgroup", ARG_STR, &cfg.child_cgroup,
	  "cgroup directory the child moves into" },
	{ NULL },
};

static unsigned long checks, failed;

static void check(bool ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("forktest: FAIL %s got=%ld\n", what, got);
	}
}

/* A page of MAP_SHARED memory for parent and child to hand over in. */
static volatile int *shared_word(void)
{
	long m = sys_mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return syscall_failed(m) ? NULL : (volatile int *)m;
}

/* Wait (bounded) until *@w is non-zero. Return: it became so. */
/* A child's wait for its parent's word: false after HOLD_NS, or at once
 * when the parent is gone (killed before it gave the word: an OOM
 * scenario's victim), which getppid() tells on Linux as on oomlab. */
static bool wait_word(volatile int *w)
{
	uint64_t end = time_now_ns() + HOLD_NS;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
	long parent = sys_getppid();

	while (!*w) {
		if (time_now_ns() >= end || sys_getppid() != parent)
			return false;
		sys_futex((int *)w, FUTEX_WAIT, 0, &ts, NULL, 0);
	}
	return true;
}

static void set_word(volatile int *w)
{
	*w = 1;
	sys_futex((int *)w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Reap @pid; return its wait status (-1: the wait failed). */
static int reap(long pid)
{
	int status = -1;
	long r = sys_wait4((int)pid, &status, 0, NULL);

	check(r == pid, "wait4 reaps the child", r);
	return status;
}

static volatile char cow_buf[PAGE_SIZE];

/* Field 4 (ppid) of /proc/self/stat: after the comm's last ')', the
 * state, then the ppid. Return: it, or -1 when unreadable. */
static long stat_ppid(void)
{
	char buf[512], *p;
	long fd = sys_open("/proc/self/stat", O_RDONLY, 0), n, v = 0;

	n = fd < 0 ? -1 : sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (p = buf + n; p > buf && *p != ')'; p--)
		;
	if (p == buf || strlen(p) < 5)
		return -1;
	for (p += 4; *p >= '0' && *p <= '9'; p++)	/* ") S " */
		v = v * 10 + (*p - '0');
	return v;
}

/* Each side of a fork sees its own write; the child sees its parent,
 * through getppid() and in /proc/self/stat. */
static void check_cow(void)
{
	long parent = sys_getpid(), pid;

	cow_buf[0] = 1;
	pid = sys_fork();
	if (pid == 0) {
		bool ok = sys_getppid() == parent && stat_ppid() == parent &&
			  cow_buf[0] == 1;

		cow_buf[0] = 2;
		sys_exit_group(ok && cow_buf[0] == 2 ? 7 : 1);
	}
	check(pid > 0, "fork", pid);
	if (pid <= 0)
		return;
	check(reap(pid) == 7 << 8, "child saw the parent, wrote its copy", 0);
	check(cow_buf[0] == 1, "the child's write stays in the child",
	      cow_buf[0]);
}

/* The child's fd table holds the same open file: its write to an
 * eventfd is what the parent reads. */
static void check_fds(void)
{
	long efd = sys_eventfd(0), pid;
	uint64_t v = 5;

	check(efd >= 0, "eventfd", efd);
	if (efd < 0)
		return;
	pid = sys_fork();
	if (pid == 0)
		sys_exit_group(sys_write((int)efd, &v, 8) == 8 ? 0 : 1);
	check(reap(pid) == 0, "child wrote to the inherited fd", 0);
	v = 0;
	check(sys_read((int)efd, &v, 8) == 8 && v == 5,
	      "parent reads what the child wrote", (long)v);
	sys_close((int)efd);
}

/* Status words: an exit code, and death by SIGKILL. */
static void check_status_words(void)
{
	long pid = sys_fork();

	if (pid == 0)
		sys_exit_group(255);
	check(reap(pid) == 0xff00, "exit(255) is status 0xff00", 0);
	pid = sys_fork();
	if (pid == 0) {
		sys_kill((int)sys_getpid(), SIGKILL);
		sys_exit_group(1);
	}
	check(reap(pid) == SIGKILL, "SIGKILL is status 9", 0);
}

/* WNOHANG before the end, WNOWAIT's look, then the reap; the child
 * waits on MAP_SHARED memory, which fork keeps shared. */
static void check_wait_modes(void)
{
	volatile int *go = shared_word();
	struct wait_info info;
	int status = -1;
	long pid, r;

	check(go != NULL, "MAP_SHARED", 0);
	if (!go)
		return;
	pid = sys_fork();
	if (pid == 0)
		sys_exit_group(wait_word(go) ? 3 : 1);
	r = sys_wait4((int)pid, &status, WNOHANG, NULL);
	check(r == 0, "WNOHANG on a live child is 0", r);
	memset(&info, 0xff, sizeof(info));
	r = sys_waitid(P_PID, (int)pid, &info, WEXITED | WNOHANG, NULL);
	check(r == 0 && info.si_pid == 0 && info.si_signo == 0,
	      "waitid WNOHANG: 0, zeroed siginfo", info.si_pid);
	set_word(go);
	r = sys_waitid(P_PID, (int)pid, &info, WEXITED | WNOWAIT, NULL);
	check(r == 0 && info.si_pid == pid && info.si_signo == SIGCHLD &&
		      info.si_code == CLD_EXITED && info.si_status == 3,
	      "waitid WNOWAIT reports exit 3", info.si_status);
	check(reap(pid) == 3 << 8, "still waitable after WNOWAIT", 0);
	sys_munmap((void *)go, PAGE_SIZE);
}

static volatile int vfork_child_done;

static int vfork_child(void *arg)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = VFORK_CHILD_NS };

	sys_nanosleep(&ts, NULL);
	vfork_child_done = 1;
	return 0;
}

/* CLONE_VFORK: the parent runs on only once the child has ended. */
static void check_vfork(void)
{
	long map = mem_map_anon(CHILD_STACK, 0), pid;
	void **sp;

	if (syscall_failed(map))
		return;
	sp = (void **)(map + CHILD_STACK - 16);
	sp[0] = (void *)vfork_child;
	sp[1] = NULL;
	pid = thread_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, sp, NULL, NULL,
			   NULL);
	check(pid > 0, "clone CLONE_VFORK", pid);
	check(vfork_child_done == 1, "vfork parent waits for the child", 0);
	if (pid > 0)
		reap(pid);
	sys_munmap((void *)map, CHILD_STACK);
}

static void expect_clone3(struct clone_args *a, size_t size, long err,
			  const char *what)
{
	long r = sys_clone3(a, size);

	if (r == 0)
		sys_exit_group(0);	/* a child Linux would not make */
	if (r > 0)
		reap(r);
	check(r == err, what, r);
}

/* clone3's argument checks, in Linux 6.1's order. */
static void check_clone3_errnos(void)
{
	static uint8_t big[128];
	struct clone_args a = { .exit_signal = SIGCHLD };

	expect_clone3(&a, 63, -EINVAL, "clone3 size below VER0 is EINVAL");
	expect_clone3(&a, PAGE_SIZE + 1, -E2BIG, "clone3 size > page is E2BIG");
	memset(big, 0, sizeof(big));
	big[100] = 1;
	expect_clone3((struct clone_args *)big, sizeof(big), -E2BIG,
		      "clone3 non-zero tail is E2BIG");
	expect_clone3((struct clone_args *)16, sizeof(a), -EFAULT,
		      "clone3 bad pointer is EFAULT");
	a = (struct clone_args){ .exit_signal = 65 };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 exit_signal 65 EINVAL");
	a = (struct clone_args){ .set_tid_size = 1 };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 set_tid_size alone");
	a = (struct clone_args){ .flags = CLONE_INTO_CGROUP };
	expect_clone3(&a, 64, -EINVAL, "clone3 INTO_CGROUP needs VER2");
	a = (struct clone_args){ .flags = 1UL << 40 };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 unknown flag EINVAL");
	a = (struct clone_args){ .flags = SIGCHLD };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 CSIGNAL bits EINVAL");
	a = (struct clone_args){ .flags = CLONE_SIGHAND | CLONE_VM |
					  CLONE_CLEAR_SIGHAND };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 SIGHAND|CLEAR_SIGHAND");
	a = (struct clone_args){ .flags = CLONE_THREAD | CLONE_SIGHAND |
					  CLONE_VM,
				 .exit_signal = SIGCHLD };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 THREAD with signal");
	a = (struct clone_args){ .stack = 4096, .exit_signal = SIGCHLD };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 stack without size");
	a = (struct clone_args){ .flags = CLONE_SIGHAND };
	expect_clone3(&a, sizeof(a), -EINVAL, "clone3 SIGHAND without VM");
}

/* clone3 as fork with a pidfd and the parent's tid word; waitid on the
 * pidfd reaps it. */
static void check_clone3_pidfd(void)
{
	int pidfd = -1, ptid = 0;
	struct clone_args a = { .flags = CLONE_PIDFD | CLONE_PARENT_SETTID,
				.pidfd = (uintptr_t)&pidfd,
				.parent_tid = (uintptr_t)&ptid,
				.exit_signal = SIGCHLD };
	struct wait_info info;
	long pid = sys_clone3(&a, sizeof(a)), r;

	if (pid == 0)
		sys_exit_group(4);
	check(pid > 0 && pidfd >= 0 && ptid == pid,
	      "clone3 PIDFD|PARENT_SETTID", pid);
	if (pid <= 0)
		return;
	memset(&info, 0, sizeof(info));
	r = sys_waitid(P_PIDFD, pidfd, &info, WEXITED, NULL);
	check(r == 0 && info.si_pid == pid && info.si_status == 4,
	      "waitid P_PIDFD reaps it", r);
	sys_close(pidfd);
}

/* A child whose exit signal is not SIGCHLD is a "clone" child: wait4
 * without __WALL or __WCLONE does not see it. */
static void check_wclone(void)
{
	struct clone_args a = { 0 };
	int status = -1;
	long pid = sys_clone3(&a, sizeof(a)), r;

	if (pid == 0)
		sys_exit_group(0);
	check(pid > 0, "clone3 with exit signal 0", pid);
	if (pid <= 0)
		return;
	r = sys_wait4((int)pid, &status, 0, NULL);
	check(r == -ECHILD, "wait4 skips a clone child", r);
	r = sys_wait4((int)pid, &status, __WALL, NULL);
	check(r == pid && status == 0, "__WALL reaps it", r);
}

/* Argument errors, and no child to wait for. */
static void check_wait_errnos(void)
{
	struct wait_info info;
	int status;

	check(sys_wait4(-1, &status, 0, NULL) == -ECHILD,
	      "wait4 without children is ECHILD", 0);
	check(sys_wait4(-1, &status, 0x100, NULL) == -EINVAL,
	      "wait4 unknown option is EINVAL", 0);
	check(sys_wait4((int)0x80000000, &status, 0, NULL) == -ESRCH,
	      "wait4 INT_MIN is ESRCH", 0);
	check(sys_waitid(P_ALL, 0, &info, 0, NULL) == -EINVAL,
	      "waitid without WEXITED is EINVAL", 0);
	check(sys_waitid(7, 0, &info, WEXITED, NULL) == -EINVAL,
	      "waitid unknown idtype is EINVAL", 0);
	check(sys_waitid(P_PID, 0, &info, WEXITED, NULL) == -EINVAL,
	      "waitid P_PID 0 is EINVAL", 0);
	check(sys_waitid(P_PIDFD, 999, &info, WEXITED, NULL) == -EBADF,
	      "waitid P_PIDFD bad fd is EBADF", 0);
	check(sys_waitid(P_ALL, 0, &info, WEXITED | WNOHANG, NULL) == -ECHILD,
	      "waitid without children is ECHILD", 0);
}

static int self_check(void)
{
	check_wait_errnos();
	check_cow();
	check_fds();
	check_status_words();
	check_wait_modes();
	check_vfork();
	check_clone3_errnos();
	check_clone3_pidfd();
	check_wclone();
	printf("forktest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}

/* A number from a file (memory.current), or from the line of
 * /proc/meminfo that starts with @key (in kB, returned in bytes). */
static long read_number(const char *path, const char *key)
{
	static char buf[2048];
	long fd = sys_open(path, O_RDONLY, 0), n;
	const char *p = buf;
	long v = 0;

	if (fd < 0)
		return -1;
	n = sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	if (key) {
		p = strstr(buf, key);
		if (!p)
			return -1;
		p += strlen(key);
		while (*p == ' ' || *p == ':')
			p++;
	}
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	return key ? v * 1024 : v;
}

/* Move the calling process into cgroup directory @dir. Return: 0. */
static long join_cgroup(const char *dir)
{
	char path[200], pid[16];
	long fd, r;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%ld", sys_getpid());
	fd = sys_open(path, O_WRONLY, 0);
	if (fd < 0)
		return fd;
	r = sys_write((int)fd, pid, strlen(pid));
	sys_close((int)fd);
	return r < 0 ? r : 0;
}

/* Map and write @pages pages. Return: the mapping, or NULL. */
static char *touch(uint64_t pages)
{
	long m = mem_map_anon(pages * PAGE_SIZE, 0);

	if (syscall_failed(m)) {
		printf("forktest: FAIL mmap error=%s\n", errno_name((int)-m));
		return NULL;
	}
	for (uint64_t i = 0; i < pages; i++)
		((volatile char *)m)[i * PAGE_SIZE] = 1;
	return (char *)m;
}

/* Fork with @mib MiB touched in a group of our own (ROOT_CG/forknc);
 * measure while the child holds; leave and remove the group. */
static int nocopy(void)
{
	volatile int *measured = shared_word();
	const char *cur = ROOT_CG "/forknc/memory.current";
	long cur0, free0, cur1, free1, pid;

	sys_mkdir(ROOT_CG "/forknc", 0755);
	if (!measured || join_cgroup(ROOT_CG "/forknc") ||
	    !touch(cfg.nocopy_mib << 8))
		return 1;
	cur0 = read_number(cur, NULL);
	free0 = read_number("/proc/meminfo", "MemFree");
	pid = sys_fork();
	if (pid == 0)
		sys_exit_group(wait_word(measured) ? 0 : 1);
	if (pid < 0) {
		printf("forktest: FAIL fork error=%s\n", errno_name((int)-pid));
		return 1;
	}
	printf("forktest: child pid=%ld\n", pid);
	cur1 = read_number(cur, NULL);
	free1 = read_number("/proc/meminfo", "MemFree");
	set_word(measured);
	printf("forktest: nocopy current_before=%ld current_after=%ld "
	       "free_before=%ld free_after=%ld\n", cur0, cur1, free0, free1);
	if (reap(pid) != 0 || join_cgroup(ROOT_CG))
		return 1;
	return sys_rmdir(ROOT_CG "/forknc") ? 1 : 0;
}

/* The child's half of --cow-pages: once the parent sets @seen[2] (its
 * go), move, then write every page; what it measured goes to
 * @seen[0..1] (MAP_SHARED: the parent prints it). */
static int cow_child(char *mem, volatile long *seen)
{
	char path[200];

	if (!wait_word((volatile int *)&seen[2]))
		return 3;

	if (cfg.child_cgroup) {
		if (join_cgroup(cfg.child_cgroup))
			return 2;
		snprintf(path, sizeof(path), "%s/memory.current",
			 cfg.child_cgroup);
		seen[0] = read_number(path, NULL);
	}
	for (uint64_t i = 0; i < cfg.cow_pages; i++)
		((volatile char *)mem)[i * PAGE_SIZE] = 2;
	if (cfg.child_cgroup)
		seen[1] = read_number(path, NULL);
	return 0;
}

static int cow(void)
{
	volatile long *seen = (volatile long *)shared_word();
	char *mem = touch(cfg.cow_pages);
	int status;
	long pid;

	if (!mem || !seen)
		return 1;
	if (cfg.child_cgroup)
		sys_mkdir(cfg.child_cgroup, 0755);
	pid = sys_fork();
	if (pid == 0)
		sys_exit_group(cow_child(mem, seen));
	if (pid < 0) {
		printf("forktest: FAIL fork error=%s\n", errno_name((int)-pid));
		return 1;
	}
	printf("forktest: child pid=%ld\n", pid);
	if (cfg.parent_extra_pages && !touch(cfg.parent_extra_pages))
		return 1;
	set_word((volatile int *)&seen[2]);	/* the child may write */
	status = -1;
	sys_wait4((int)pid, &status, 0, NULL);
	printf("forktest: reaped status=%d\n", status);
	if (cfg.child_cgroup) {
		printf("forktest: cow before=%ld after=%ld\n", seen[0],
		       seen[1]);
		printf("forktest: rmdir=%ld\n", sys_rmdir(cfg.child_cgroup));
	}
	return 0;
}

/* fork + child exit + wait4 with @bench_pages touched, per round. */
static int bench(void)
{
	uint64_t iters = cfg.iters ? cfg.iters : 20, t0;
	int status;

	if (!touch(cfg.bench_pages))
		return 1;
	t0 = time_now_ns();
	for (uint64_t i = 0; i < iters; i++) {
		long pid = sys_fork();

		if (pid == 0)
			sys_exit_group(0);
		if (pid < 0 || sys_wait4((int)pid, &status, 0, NULL) != pid ||
		    status != 0) {
			printf("forktest: FAIL bench round=%lu\n",
			       (unsigned long)i);
			return 1;
		}
	}
	printf("forktest: bench pages=%lu iters=%lu ns_per_fork=%lu\n",
	       (unsigned long)cfg.bench_pages, (unsigned long)iters,
	       (unsigned long)((time_now_ns() - t0) / iters));
	return 0;
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	long r = args_parse(argc, argv, opts,
			    "fork, vfork, clone3, wait4 and waitid.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	if (cfg.nocopy_mib)
		return nocopy();
	if (cfg.cow_pages)
		return cow();
	if (cfg.bench_pages)
		return bench();
	return self_check();
}
