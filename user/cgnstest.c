// SPDX-License-Identifier: MIT
/*
 * cgnstest: cgroup namespaces as Linux 6.1 defines them, so it passes
 * unchanged on Linux (as root, with a writable cgroup2 at --root) and on
 * oomlab. In a group of its own (cgns, under the root, made and removed):
 *
 *   - /proc/self/ns/cgroup reads "cgroup:[N]"; unshare(CLONE_NEWCGROUP)
 *     gives a new N, and /proc/self/cgroup then reads "0::/": the
 *     group the namespace was made in is its root
 *   - a group below the root shows as "/sub", one beside it as
 *     "/../cgns_peer" (a path from the namespace's root)
 *   - a child made with clone(CLONE_NEWCGROUP) is in a namespace of its
 *     own, rooted where its parent was
 *   - setns() on a saved /proc/<pid>/ns/cgroup fd returns to that
 *     namespace; setns() with another type, or on another file, is
 *     EINVAL; unshare() of a flag oomlab does not have (CLONE_NEWNS)
 *     and an unknown one are EINVAL (Linux takes CLONE_NEWNS, so that
 *     check is made only on oomlab: --oomlab)
 *
 * Each part runs in a forked child, so the test's own namespace stays
 * the initial one. FOR OOMLAB TESTS.
 *
 * Output: "cgnstest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "cgnstest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

enum {
	NR_readlink = 89,
	NR_unshare = 272,
	NR_setns = 308,
};

#define CLONE_NEWNS		0x00020000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWNET		0x40000000
#define SIGCHLD			17

static unsigned long checks, failed;
static const char *root = "/sys/fs/cgroup";
static bool on_oomlab;

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("cgnstest: FAIL line=%d what=%s got=%ld want=%ld\n", line,
	       what, got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)

static void expect_str(const char *got, const char *want, int line)
{
	checks++;
	if (!strcmp(got, want))
		return;
	failed++;
	printf("cgnstest: FAIL line=%d got=\"%s\" want=\"%s\"\n", line, got,
	       want);
}

#define EXPECT_STR(got, want) expect_str(got, want, __LINE__)

static char *path_of(const char *group, const char *file)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s%s%s%s%s", root, group[0] ? "/" : "",
		 group, file[0] ? "/" : "", file);
	return path;
}

/* Write @text to @group's @file. Return: 0 or the errno. */
static long put(const char *group, const char *file, const char *text)
{
	long fd = sys_open(path_of(group, file), O_WRONLY, 0);
	long r;

	if (fd < 0)
		return fd;
	r = sys_write((int)fd, text, strlen(text));
	sys_close((int)fd);
	return r < 0 ? r : 0;
}

/* /proc/self/cgroup's path, without "0::" and the newline. */
static const char *my_cgroup(void)
{
	static char buf[256];
	long fd = sys_open("/proc/self/cgroup", O_RDONLY, 0);
	long n = fd < 0 ? fd : sys_read((int)fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		sys_close((int)fd);
	if (n < 4)
		return "?";
	buf[n] = 0;
	if (buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return buf + 3;
}

/* The inode number in "cgroup:[N]", or a negative errno. */
static long ns_inum(const char *link)
{
	char buf[64];
	long n = syscall3(NR_readlink, (long)link, (long)buf, sizeof(buf) - 1);
	long v = 0;

	if (n < 0)
		return n;
	buf[n] = 0;
	if (n < 10 || strncmp(buf, "cgroup:[", 8) || buf[n - 1] != ']')
		return -EINVAL;
	for (long i = 8; i < n - 1; i++)
		v = v * 10 + (buf[i] - '0');
	return v;
}

static long self_inum(void)
{
	return ns_inum("/proc/self/ns/cgroup");
}

static void run_child(void (*fn)(void), int line, const char *what)
{
	int status = -1;
	long pid = sys_fork();

	if (!pid) {
		failed = 0;
		fn();
		sys_exit_group((int)(failed > 255 ? 255 : failed));
	}
	expect(pid > 0, 1, line, what);
	if (pid <= 0)
		return;
	expect(sys_wait4((int)pid, &status, 0, NULL), pid, line, what);
	expect(status, 0, line, what);
}

#define IN_CHILD(fn) run_child(fn, __LINE__, #fn)

/* unshare: a new namespace rooted at cgns; paths from there. */
static void ns_unshare(void)
{
	long before = self_inum();

	EXPECT(before > 0, 1);
	EXPECT_STR(my_cgroup(), "/cgns");
	EXPECT(syscall1(NR_unshare, CLONE_NEWCGROUP), 0);
	EXPECT(self_inum() != before, 1);
	EXPECT(self_inum() > 0, 1);
	EXPECT_STR(my_cgroup(), "/");
	EXPECT(put("cgns/sub", "cgroup.procs", "0"), 0);
	EXPECT_STR(my_cgroup(), "/sub");
	EXPECT(put("cgns_peer", "cgroup.procs", "0"), 0);
	EXPECT_STR(my_cgroup(), "/../cgns_peer");
	EXPECT(put("cgns", "cgroup.procs", "0"), 0);
}

/* setns back to the namespace a saved fd holds. */
static void ns_setns(void)
{
	long fd = sys_open("/proc/self/ns/cgroup", O_RDONLY, 0);
	long plain = sys_open(path_of("cgns", "cgroup.procs"), O_RDONLY, 0);
	long first = self_inum();

	EXPECT(fd >= 0, 1);
	EXPECT(plain >= 0, 1);
	EXPECT(syscall1(NR_unshare, CLONE_NEWCGROUP), 0);
	EXPECT_STR(my_cgroup(), "/");
	EXPECT(syscall2(NR_setns, fd, CLONE_NEWNET), -EINVAL);
	EXPECT(syscall2(NR_setns, plain, 0), -EINVAL);
	EXPECT(syscall2(NR_setns, 1000, 0), -EBADF);
	EXPECT(syscall2(NR_setns, fd, CLONE_NEWCGROUP), 0);
	EXPECT(self_inum(), first);
	EXPECT_STR(my_cgroup(), "/cgns");
	sys_close((int)fd);
	sys_close((int)plain);
}

static void ns_clone_child(void)
{
	EXPECT_STR(my_cgroup(), "/");
}

/* clone(CLONE_NEWCGROUP): the child's namespace, not the parent's. */
static void ns_clone(void)
{
	long before = self_inum();
	int status = -1;
	long pid = sys_clone(CLONE_NEWCGROUP | SIGCHLD, NULL, NULL, NULL, 0);

	if (!pid) {
		failed = 0;
		ns_clone_child();
		sys_exit_group((int)failed);
	}
	EXPECT(pid > 0, 1);
	EXPECT(sys_wait4((int)pid, &status, 0, NULL), pid);
	EXPECT(status, 0);
	EXPECT(self_inum(), before);
	EXPECT_STR(my_cgroup(), "/cgns");
}

static void ns_bad_flags(void)
{
	EXPECT(syscall1(NR_unshare, 0x00000400000000L), -EINVAL);
	if (on_oomlab)
		EXPECT(syscall1(NR_unshare, CLONE_NEWNS), -EINVAL);
	EXPECT(syscall1(NR_unshare, 0), 0);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--root") && i + 1 < argc)
			root = argv[++i];
		else if (!strcmp(argv[i], "--oomlab"))
			on_oomlab = true;
	}
	EXPECT(sys_mkdir(path_of("cgns", ""), 0755), 0);
	EXPECT(sys_mkdir(path_of("cgns/sub", ""), 0755), 0);
	EXPECT(sys_mkdir(path_of("cgns_peer", ""), 0755), 0);
	EXPECT(put("cgns", "cgroup.procs", "0"), 0);
	IN_CHILD(ns_unshare);
	IN_CHILD(ns_setns);
	IN_CHILD(ns_clone);
	IN_CHILD(ns_bad_flags);
	EXPECT(put("", "cgroup.procs", "0"), 0);
	EXPECT(sys_rmdir(path_of("cgns/sub", "")), 0);
	EXPECT(sys_rmdir(path_of("cgns", "")), 0);
	EXPECT(sys_rmdir(path_of("cgns_peer", "")), 0);
	printf("cgnstest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
