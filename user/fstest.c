// SPDX-License-Identifier: MIT
/*
 * fstest: the file system calls from user space, with the results and
 * errnos Linux gives, so it passes unchanged on Linux and on oomlab. In
 * a fresh directory under /tmp: path walk (".", "..", "//", trailing
 * slash, ENOENT, ENOTDIR, EISDIR, EEXIST, ENAMETOOLONG), the fd table
 * (lowest free fd, dup/dup3/fcntl and close-on-exec), tmpfs data (holes
 * and truncated tails read as zeros, O_APPEND, O_TRUNC), getdents64,
 * unlink/rmdir, getcwd/chdir, bad fds (EBADF), bad pointers (EFAULT),
 * bad arguments (EINVAL), /proc/self (status, oom_score_adj parsing,
 * oom_score, cgroup) and /proc/meminfo, and eventfd (the counter, its
 * semaphore mode and errnos). FOR OOMLAB TESTS.
 *
 * oom_score_adj is only raised (an unprivileged Linux process may not
 * lower it).
 *
 * Output: "fstest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "fstest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

static unsigned long checks, failed;
static char dir[64];

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("fstest: FAIL line=%d what=%s got=%ld want=%ld\n", line, what,
	       got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)
#define EXPECT_TRUE(cond) expect(!!(cond), 1, __LINE__, #cond)

static bool all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static long file_size(int fd)
{
	struct stat st;
	long r = sys_fstat(fd, &st);

	return r ? r : st.st_size;
}

/* Read all of @path into @buf (NUL-terminated). Return: bytes or errno. */
static long slurp(const char *path, char *buf, size_t size)
{
	long fd = sys_open(path, O_RDONLY, 0), n, got = 0;

	if (fd < 0)
		return fd;
	while ((n = sys_read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	sys_close(fd);
	buf[got] = 0;
	return n < 0 ? n : got;
}

static void paths(void)
{
	static char longname[300], longpath[4200];
	struct stat a, b;

	EXPECT(sys_mkdir("sub", 0755), 0);
	EXPECT(sys_mkdir("sub", 0755), -EEXIST);
	EXPECT(sys_mkdir("sub/", 0755), -EEXIST);
	EXPECT(sys_mkdir("nodir/x", 0755), -ENOENT);
	EXPECT(sys_open("f", O_CREAT | O_EXCL | O_RDWR, 0644) >= 0, 1);
	EXPECT(sys_open("f", O_CREAT | O_EXCL | O_RDWR, 0644), -EEXIST);
	EXPECT(sys_stat("./f", &a), 0);
	EXPECT(sys_stat("sub/../f", &b), 0);
	EXPECT(a.st_ino, b.st_ino);
	EXPECT(sys_stat(".//sub///..//f", &b), 0);
	EXPECT(a.st_ino, b.st_ino);
	EXPECT(sys_stat("f/", &b), -ENOTDIR);
	EXPECT(sys_stat("f/x", &b), -ENOTDIR);
	EXPECT(sys_stat("nothere", &b), -ENOENT);
	EXPECT(sys_stat("", &b), -ENOENT);
	EXPECT(sys_stat("/..", &a), 0);
	EXPECT(sys_stat("/", &b), 0);
	EXPECT(a.st_ino, b.st_ino);
	EXPECT(b.st_mode & S_IFMT, S_IFDIR);
	EXPECT(sys_open("nothere", O_RDONLY, 0), -ENOENT);
	EXPECT(sys_open("nodir/x", O_CREAT | O_RDWR, 0644), -ENOENT);
	EXPECT(sys_open(".", O_WRONLY, 0), -EISDIR);
	EXPECT(sys_open("sub", O_CREAT | O_RDWR, 0644), -EISDIR);
	EXPECT(sys_open("new/", O_CREAT | O_RDWR, 0644), -EISDIR);
	EXPECT(sys_open("f", O_RDONLY | O_DIRECTORY, 0), -ENOTDIR);
	EXPECT(sys_mkdir("f", 0755), -EEXIST);
	memset(longname, 'n', 256);
	EXPECT(sys_open(longname, O_CREAT | O_RDWR, 0644), -ENAMETOOLONG);
	EXPECT(sys_stat(longname, &a), -ENAMETOOLONG);
	for (size_t i = 0; i + 2 < sizeof(longpath); i += 2)
		memcpy(longpath + i, "./", 2);
	EXPECT(sys_stat(longpath, &a), -ENAMETOOLONG);
	EXPECT(sys_newfstatat(AT_FDCWD, "f", &a, 0), 0);
	EXPECT(a.st_mode & S_IFMT, S_IFREG);
	EXPECT(sys_newfstatat(AT_FDCWD, "f", &a, 1), -EINVAL);
}

static void data(void)
{
	char buf[64];
	long fd = sys_open("f", O_RDWR, 0), fd2;

	EXPECT(sys_write(fd, "hello", 5), 5);
	EXPECT(sys_lseek(fd, 0, SEEK_CUR), 5);
	EXPECT(sys_pread64(fd, buf, 5, 0), 5);
	EXPECT(memcmp(buf, "hello", 5), 0);
	EXPECT(sys_lseek(fd, 0, SEEK_CUR), 5);	/* pread leaves it */
	EXPECT(sys_read(fd, buf, sizeof(buf)), 0);
	/* A hole between 5 and 10000 reads as zeros. */
	EXPECT(sys_lseek(fd, 10000, SEEK_SET), 10000);
	EXPECT(sys_write(fd, "X", 1), 1);
	EXPECT(file_size(fd), 10001);
	memset(buf, 1, sizeof(buf));
	EXPECT(sys_pread64(fd, buf, 16, 5000), 16);
	EXPECT_TRUE(all_zero(buf, 16));
	EXPECT(sys_pread64(fd, buf, 16, 9998), 3);
	EXPECT(buf[2], 'X');
	EXPECT(sys_lseek(fd, -1, SEEK_END), 10000);
	/* A truncated tail does not come back when the file grows. */
	EXPECT(sys_ftruncate(fd, 3), 0);
	EXPECT(file_size(fd), 3);
	EXPECT(sys_ftruncate(fd, 8192), 0);
	memset(buf, 1, sizeof(buf));
	EXPECT(sys_pread64(fd, buf, 8, 0), 8);
	EXPECT(memcmp(buf, "hel\0\0\0\0\0", 8), 0);
	EXPECT(sys_pread64(fd, buf, 8, 8192), 0);
	/* O_APPEND writes at the end whatever the position. */
	fd2 = sys_open("f", O_WRONLY | O_APPEND, 0);
	EXPECT(sys_lseek(fd2, 0, SEEK_SET), 0);
	EXPECT(sys_write(fd2, "Z", 1), 1);
	EXPECT(file_size(fd), 8193);
	EXPECT(sys_fcntl(fd2, F_GETFL, 0) & (O_ACCMODE | O_APPEND),
	       O_WRONLY | O_APPEND);
	EXPECT(sys_fcntl(fd2, F_SETFL, 0), 0);
	EXPECT(sys_fcntl(fd2, F_GETFL, 0) & O_APPEND, 0);
	EXPECT(sys_lseek(fd2, 1, SEEK_SET), 1);
	EXPECT(sys_write(fd2, "Y", 1), 1);	/* at its position now */
	EXPECT(sys_pread64(fd, buf, 1, 1), 1);
	EXPECT(buf[0], 'Y');
	EXPECT(sys_close(fd2), 0);
	/* O_TRUNC empties it. */
	fd2 = sys_open("f", O_RDWR | O_TRUNC, 0);
	EXPECT(file_size(fd), 0);
	EXPECT(sys_close(fd2), 0);
	EXPECT(sys_close(fd), 0);
}

static void fds(void)
{
	long a = sys_open("f", O_RDONLY, 0), b = sys_open("f", O_RDONLY, 0);
	long d;

	EXPECT(b, a + 1);
	EXPECT(sys_close(a), 0);
	EXPECT(sys_open("f", O_RDONLY, 0), a);	/* the lowest free */
	EXPECT(sys_close(a), 0);
	EXPECT(sys_close(b), 0);
	EXPECT(sys_close(b), -EBADF);
	d = sys_dup(1);
	EXPECT(d, a);
	EXPECT(sys_write(d, "fstest: written through dup(1)\n", 31), 31);
	EXPECT(sys_dup3(d, d, 0), -EINVAL);
	EXPECT(sys_dup3(1, d, 4), -EINVAL);
	EXPECT(sys_dup3(1, 20, O_CLOEXEC), 20);
	EXPECT(sys_fcntl(20, F_GETFD, 0), FD_CLOEXEC);
	EXPECT(sys_fcntl(20, F_SETFD, 0), 0);
	EXPECT(sys_fcntl(20, F_GETFD, 0), 0);
	EXPECT(sys_write(20, "fstest: written through dup3\n", 29), 29);
	EXPECT(sys_fcntl(1, F_DUPFD_CLOEXEC, 30), 30);
	EXPECT(sys_fcntl(30, F_GETFD, 0), FD_CLOEXEC);
	EXPECT(sys_fcntl(1, F_DUPFD, 30), 31);
	EXPECT(sys_fcntl(31, F_GETFD, 0), 0);
	b = sys_open("f", O_RDONLY | O_CLOEXEC, 0);
	EXPECT(sys_fcntl(b, F_GETFD, 0), FD_CLOEXEC);
	EXPECT(sys_dup3(b, 20, 0), 20);		/* replaces 20 */
	EXPECT(sys_fcntl(20, F_GETFL, 0) & O_ACCMODE, O_RDONLY);
	for (int fd = 20; fd <= 31; fd++)
		sys_close(fd);
	EXPECT(sys_close(d), 0);
	EXPECT(sys_close(b), 0);
}

static void bad_input(void)
{
	void *kernel = (void *)0xffff800000001000UL;
	struct stat st;
	char buf[16];
	long fd = sys_open("f", O_RDWR, 0);
	long ro = sys_open("f", O_RDONLY, 0);
	long wo = sys_open("f", O_WRONLY, 0);
	long dfd = sys_open(".", O_RDONLY | O_DIRECTORY, 0);

	EXPECT(sys_read(999, buf, 1), -EBADF);
	EXPECT(sys_write(-1, buf, 1), -EBADF);
	EXPECT(sys_close(999), -EBADF);
	EXPECT(sys_fstat(999, &st), -EBADF);
	EXPECT(sys_lseek(999, 0, SEEK_SET), -EBADF);
	EXPECT(sys_dup(999), -EBADF);
	EXPECT(sys_dup3(999, 5, 0), -EBADF);
	EXPECT(sys_fcntl(999, F_GETFD, 0), -EBADF);
	EXPECT(sys_ftruncate(999, 0), -EBADF);
	EXPECT(sys_getdents64(999, buf, sizeof(buf)), -EBADF);
	EXPECT(sys_openat(999, "f", O_RDONLY, 0), -EBADF);
	EXPECT(sys_openat(fd, "f", O_RDONLY, 0), -ENOTDIR);
	EXPECT(sys_write(ro, "x", 1), -EBADF);
	EXPECT(sys_read(wo, buf, 1), -EBADF);
	EXPECT(sys_read(dfd, buf, 1), -EISDIR);

	EXPECT(sys_lseek(fd, 0, 7), -EINVAL);
	EXPECT(sys_lseek(fd, -1, SEEK_SET), -EINVAL);
	EXPECT(sys_pread64(fd, buf, 1, -1), -EINVAL);
	EXPECT(sys_ftruncate(fd, -1), -EINVAL);
	EXPECT(sys_ftruncate(ro, 0), -EINVAL);
	EXPECT(sys_ftruncate(dfd, 0), -EINVAL);
	EXPECT(sys_fcntl(fd, 9999, 0), -EINVAL);
	EXPECT(sys_unlinkat(AT_FDCWD, "f", 1), -EINVAL);
	EXPECT(sys_getdents64(dfd, buf, 8), -EINVAL);
	EXPECT(sys_getdents64(fd, buf, sizeof(buf)), -ENOTDIR);

	EXPECT(sys_write(fd, "abc", 3), 3);
	EXPECT(sys_open(NULL, O_RDONLY, 0), -EFAULT);
	EXPECT(sys_open(kernel, O_RDONLY, 0), -EFAULT);
	EXPECT(sys_mkdir(kernel, 0755), -EFAULT);
	EXPECT(sys_pread64(fd, NULL, 3, 0), -EFAULT);
	EXPECT(sys_pread64(fd, kernel, 3, 0), -EFAULT);
	EXPECT(sys_write(fd, NULL, 3), -EFAULT);
	EXPECT(sys_fstat(fd, NULL), -EFAULT);
	EXPECT(sys_getcwd(NULL, 100), -EFAULT);
	EXPECT(sys_getdents64(dfd, NULL, 4096), -EFAULT);
	EXPECT(file_size(fd), 3);		/* nothing changed it */
	sys_close(fd);
	sys_close(ro);
	sys_close(wo);
	sys_close(dfd);
}

/* @name appears in the listing of directory @fd with @type. */
static bool listed(long fd, const char *name, int type)
{
	static char buf[512];
	bool found = false;
	long n;

	sys_lseek(fd, 0, SEEK_SET);
	while ((n = sys_getdents64(fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *de = (void *)(buf + off);

			if (!strcmp(de->d_name, name) && de->d_type == type)
				found = true;
			off += de->d_reclen;
		}
	}
	return found && n == 0;
}

static void dirs(void)
{
	long dfd = sys_open(".", O_RDONLY | O_DIRECTORY, 0), fd;
	char cwd[128];
	struct stat st;

	EXPECT_TRUE(listed(dfd, ".", DT_DIR));
	EXPECT_TRUE(listed(dfd, "..", DT_DIR));
	EXPECT_TRUE(listed(dfd, "f", DT_REG));
	EXPECT_TRUE(listed(dfd, "sub", DT_DIR));
	EXPECT(sys_mkdirat(dfd, "sub/inner", 0755), 0);
	EXPECT(sys_unlink("sub"), -EISDIR);
	EXPECT(sys_rmdir("f"), -ENOTDIR);
	EXPECT(sys_rmdir("sub"), -ENOTEMPTY);
	EXPECT(sys_rmdir("sub/inner/."), -EINVAL);
	EXPECT(sys_unlinkat(dfd, "sub/inner", AT_REMOVEDIR), 0);
	EXPECT(sys_unlinkat(dfd, "sub", AT_REMOVEDIR), 0);
	EXPECT_TRUE(!listed(dfd, "sub", DT_DIR));
	/* An unlinked file lives on while it is open. */
	fd = sys_open("f", O_RDWR, 0);
	EXPECT(sys_unlink("f/"), -ENOTDIR);
	EXPECT(sys_unlink("f"), 0);
	EXPECT(sys_stat("f", &st), -ENOENT);
	EXPECT(sys_write(fd, "still", 5), 5);
	EXPECT(sys_fstat(fd, &st), 0);
	EXPECT(st.st_nlink, 0);
	EXPECT(sys_close(fd), 0);
	EXPECT(sys_chdir("nothere"), -ENOENT);
	EXPECT(sys_mkdir("sub2", 0755), 0);
	fd = sys_open("sub2/g", O_CREAT | O_WRONLY, 0644);
	EXPECT(sys_close(fd), 0);
	EXPECT(sys_chdir("sub2/g"), -ENOTDIR);
	EXPECT(sys_chdir("sub2"), 0);
	EXPECT(sys_getcwd(cwd, sizeof(cwd)), (long)strlen(dir) + 6);
	EXPECT(strncmp(cwd, dir, strlen(dir)), 0);
	EXPECT(strcmp(cwd + strlen(dir), "/sub2"), 0);
	EXPECT(sys_getcwd(cwd, 1), -ERANGE);
	EXPECT(sys_unlink("g"), 0);
	EXPECT(sys_chdir(".."), 0);
	EXPECT(sys_rmdir("sub2"), 0);
	sys_close(dfd);
}

static void proc_adj(const char *text, long want_write, const char *want)
{
	static char buf[64];
	long fd = sys_open("/proc/self/oom_score_adj", O_WRONLY, 0);

	expect(sys_write(fd, text, strlen(text)), want_write, __LINE__, text);
	sys_close(fd);
	slurp("/proc/self/oom_score_adj", buf, sizeof(buf));
	expect(strcmp(buf, want), 0, __LINE__, want);
}

static void proc(void)
{
	static char buf[4096];
	char line[64];

	EXPECT(slurp("/proc/self/status", buf, sizeof(buf)) > 0, 1);
	EXPECT_TRUE(!strncmp(buf, "Name:\tfstest\n", 13));
	EXPECT_TRUE(strstr(buf, "\nState:\tR (running)\n"));
	snprintf(line, sizeof(line), "\nTgid:\t%ld\n", sys_getpid());
	EXPECT_TRUE(strstr(buf, line));
	snprintf(line, sizeof(line), "\nPid:\t%ld\n", sys_getpid());
	EXPECT_TRUE(strstr(buf, line));
	EXPECT_TRUE(strstr(buf, "\nThreads:\t1\n"));
	EXPECT_TRUE(strstr(buf, "\nVmLck:\t       0 kB\n"));
	EXPECT_TRUE(strstr(buf, "\nVmRSS:\t    "));
	EXPECT(slurp("/proc/meminfo", buf, sizeof(buf)) > 0, 1);
	EXPECT_TRUE(!strncmp(buf, "MemTotal:       ", 16));
	EXPECT_TRUE(!strncmp(buf + 24, " kB\nMemFree:        ", 20));
	EXPECT_TRUE(strstr(buf, "\nMemAvailable:   "));
	/* "0::/\n" on oomlab; a Linux host's own hierarchy may differ. */
	EXPECT(slurp("/proc/self/cgroup", buf, sizeof(buf)) > 0, 1);
	EXPECT_TRUE(strstr(buf, "::/") && buf[strlen(buf) - 1] == '\n');

	proc_adj("7", 1, "7\n");
	proc_adj(" 9 \n", 4, "9\n");
	proc_adj("0x10", 4, "16\n");
	proc_adj("+500\n", 5, "500\n");
	proc_adj("1001", -EINVAL, "500\n");
	proc_adj("-1001", -EINVAL, "500\n");
	proc_adj("abc", -EINVAL, "500\n");
	proc_adj("max\n", -EINVAL, "500\n");
	proc_adj("", -EINVAL, "500\n");
	proc_adj("99999999999999999999", -ERANGE, "500\n");
	proc_adj("1000", 4, "1000\n");
	EXPECT(slurp("/proc/self/oom_score", buf, sizeof(buf)) > 1, 1);
	EXPECT(buf[strlen(buf) - 1], '\n');
	EXPECT(sys_open("/proc/self/nothere", O_RDONLY, 0), -ENOENT);
}

/* eventfd(2)/eventfd2(2): the counter, EFD_SEMAPHORE, the errnos. */
static void eventfds(void)
{
	uint64_t v = 0;
	long fd = sys_eventfd2(0, EFD_NONBLOCK | EFD_CLOEXEC);

	EXPECT_TRUE(fd >= 0);
	EXPECT(sys_fcntl((int)fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT(sys_fcntl((int)fd, F_GETFL, 0) & (O_ACCMODE | O_NONBLOCK),
	       O_RDWR | O_NONBLOCK);
	EXPECT(sys_read((int)fd, &v, 8), -EAGAIN);
	EXPECT(sys_read((int)fd, &v, 7), -EINVAL);
	v = 3;
	EXPECT(sys_write((int)fd, &v, 8), 8);
	EXPECT(sys_write((int)fd, &v, 4), -EINVAL);
	v = 4;
	EXPECT(sys_write((int)fd, &v, 8), 8);
	EXPECT(sys_read((int)fd, &v, 16), 8);
	EXPECT(v, 7);
	v = ~0ULL;
	EXPECT(sys_write((int)fd, &v, 8), -EINVAL);
	v = ~0ULL - 1;
	EXPECT(sys_write((int)fd, &v, 8), 8);
	v = 1;
	EXPECT(sys_write((int)fd, &v, 8), -EAGAIN);
	EXPECT(sys_read((int)fd, &v, 8), 8);
	EXPECT_TRUE(v == ~0ULL - 1);
	EXPECT(sys_close((int)fd), 0);

	fd = sys_eventfd2(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	EXPECT_TRUE(fd >= 0);
	EXPECT(sys_read((int)fd, &v, 8), 8);
	EXPECT(v, 1);
	EXPECT(sys_read((int)fd, &v, 8), 8);
	EXPECT(v, 1);
	EXPECT(sys_read((int)fd, &v, 8), -EAGAIN);
	EXPECT(sys_close((int)fd), 0);

	EXPECT(sys_eventfd2(0, 8), -EINVAL);
	fd = sys_eventfd(5);	/* blocking, but the count is not 0 */
	EXPECT_TRUE(fd >= 0);
	EXPECT(sys_fcntl((int)fd, F_GETFD, 0), 0);
	EXPECT(sys_read((int)fd, &v, 8), 8);
	EXPECT(v, 5);
	EXPECT(sys_close((int)fd), 0);
}

int main(int argc, char **argv, char **envp)
{
	snprintf(dir, sizeof(dir), "/tmp/fstest.%ld", sys_getpid());
	if (sys_mkdir(dir, 0755) || sys_chdir(dir)) {
		printf("fstest: FAIL setup %s\n", dir);
		return 1;
	}
	paths();
	data();
	fds();
	bad_input();
	dirs();
	proc();
	eventfds();
	EXPECT(sys_chdir("/"), 0);
	EXPECT(sys_rmdir(dir), 0);
	printf("fstest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
