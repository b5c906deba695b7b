// SPDX-License-Identifier: MIT
/*
 * linktest: links, rename, attributes and mounts from user space, with
 * the results and errnos Linux gives, so it passes unchanged on Linux
 * (tests/user/native_check.py runs it there, as root) and on oomlab. In
 * a fresh directory under /tmp: symlinks (relative and absolute targets,
 * nesting, -ELOOP, O_NOFOLLOW, lstat, trailing slashes, readlink's
 * truncation), hard links (st_nlink, unlink of one name, linkat's
 * AT_SYMLINK_FOLLOW, -EPERM for a directory), rename and renameat2 (each
 * errno, RENAME_NOREPLACE, RENAME_EXCHANGE), O_TMPFILE named by
 * linkat(AT_EMPTY_PATH), statx against stat, faccessat2's flags, chmod,
 * chown, utimensat, truncate, fsync, statfs of /proc, /proc/self as a
 * symlink. With --mount also
 * mount(2) and umount2(2) of a tmpfs there (size=, mode=, /proc/mounts,
 * -EBUSY, MNT_DETACH, -ENODEV, -EINVAL, -ENOENT).
 *
 * Output: "linktest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "linktest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

#define NR_access	21
#define NR_fsync	74
#define NR_truncate	76
#define NR_rename	82
#define NR_link		86
#define NR_symlink	88
#define NR_readlink	89
#define NR_chmod	90
#define NR_chown	92
#define NR_lchown	94
#define NR_statfs	137
#define NR_mount	165
#define NR_umount2	166
#define NR_linkat	265
#define NR_readlinkat	267
#define NR_renameat2	316
#define NR_utimensat	280
#define NR_statx	332
#define NR_faccessat2	439

#define O_NOFOLLOW	00400000
#define O_TMPFILE	(020000000 | O_DIRECTORY)
#define S_IFLNK		0120000
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS	0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_STATX_SYNC_TYPE	0x6000
#define RENAME_NOREPLACE	1
#define RENAME_EXCHANGE		2
#define UTIME_OMIT	((1L << 30) - 2)
#define MNT_DETACH	2
#ifndef ELOOP
#define ELOOP		40
#endif
#define PROC_SUPER_MAGIC	0x9fa0
#define TMPFS_MAGIC	0x01021994

struct statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t pad;
};

struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint64_t spare[13];
};

struct statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

struct timespec2 {
	int64_t tv_sec, tv_nsec;
};

static unsigned long checks, failed;
static char dir[64];

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("linktest: FAIL line=%d what=%s got=%ld want=%ld\n", line, what,
	       got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)
#define EXPECT_TRUE(cond) expect(!!(cond), 1, __LINE__, #cond)

static long symlink(const char *t, const char *p)
{
	return syscall2(NR_symlink, (long)t, (long)p);
}

static long readlink(const char *p, char *buf, long n)
{
	return syscall3(NR_readlink, (long)p, (long)buf, n);
}

static long lstat(const char *p, struct stat *st)
{
	return sys_newfstatat(AT_FDCWD, p, st, AT_SYMLINK_NOFOLLOW);
}

static long nlink(const char *p)
{
	struct stat st;
	long r = lstat(p, &st);

	return r ? r : (long)st.st_nlink;
}

static long renameat2(const char *a, const char *b, unsigned int flags)
{
	return syscall5(NR_renameat2, AT_FDCWD, (long)a, AT_FDCWD, (long)b,
			flags);
}

static long make(const char *p, const char *text)
{
	long fd = sys_open(p, O_CREAT | O_EXCL | O_WRONLY, 0644), r;

	if (fd < 0)
		return fd;
	r = sys_write(fd, text, strlen(text));
	sys_close(fd);
	return r;
}

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

static bool same_file(const char *a, const char *b)
{
	struct stat x, y;

	return !sys_stat(a, &x) && !sys_stat(b, &y) && x.st_ino == y.st_ino &&
	       x.st_dev == y.st_dev;
}

static void symlinks(void)
{
	char buf[16], name[16], target[16];
	struct stat st;
	int i;

	EXPECT(sys_mkdir("d", 0755), 0);
	EXPECT(make("d/f", "data"), 4);
	EXPECT(symlink("d/f", "rel"), 0);
	EXPECT(symlink("rel", "nest"), 0);
	EXPECT(sys_mkdir("e", 0755), 0);
	EXPECT(symlink("../d/f", "e/up"), 0);
	EXPECT(symlink("d", "dl"), 0);
	EXPECT_TRUE(same_file("nest", "d/f"));
	EXPECT_TRUE(same_file("e/up", "d/f"));
	EXPECT_TRUE(same_file("dl/f", "d/f"));
	EXPECT_TRUE(same_file("dl/../e", "e"));
	EXPECT(slurp("nest", buf, sizeof(buf)), 4);
	EXPECT(lstat("nest", &st), 0);
	EXPECT(st.st_mode & S_IFMT, S_IFLNK);
	EXPECT(st.st_size, 3);
	EXPECT(lstat("dl/", &st), 0);
	EXPECT(st.st_mode & S_IFMT, S_IFDIR);
	EXPECT(sys_stat("rel/", &st), -ENOTDIR);
	EXPECT(symlink("rel", "rel"), -EEXIST);
	EXPECT(symlink("", "empty"), -ENOENT);
	EXPECT(symlink("x", "new/"), -ENOENT);
	/* readlink: no NUL, the length; a short buffer cuts silently. */
	memset(buf, 'x', sizeof(buf));
	EXPECT(readlink("rel", buf, sizeof(buf)), 3);
	EXPECT(memcmp(buf, "d/fx", 4), 0);
	EXPECT(readlink("rel", buf, 2), 2);
	EXPECT(readlink("rel", buf, 0), -EINVAL);
	EXPECT(readlink("d/f", buf, 8), -EINVAL);
	EXPECT(syscall4(NR_readlinkat, AT_FDCWD, (long)"", (long)buf, 8),
	       -ENOENT);
	/* Loops and the 40-link limit. */
	EXPECT(symlink("b", "a"), 0);
	EXPECT(symlink("a", "b"), 0);
	EXPECT(sys_stat("a", &st), -ELOOP);
	EXPECT(sys_open("a/x", O_RDONLY, 0), -ELOOP);
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "d/l%d", i);
		snprintf(target, sizeof(target), "l%d", i - 1);
		EXPECT(symlink(i ? target : "f", name), 0);
	}
	EXPECT_TRUE(same_file("d/l39", "d/f"));
	EXPECT(sys_stat("d/l40", &st), -ELOOP);
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "d/l%d", i);
		EXPECT(sys_unlink(name), 0);
	}
	EXPECT(sys_open("rel", O_RDONLY | O_NOFOLLOW, 0), -ELOOP);
	EXPECT(symlink("made", "dangle"), 0);
	EXPECT(sys_open("dangle", O_CREAT | O_EXCL | O_RDWR, 0644), -EEXIST);
	i = (int)sys_open("dangle", O_CREAT | O_RDWR, 0644);
	EXPECT_TRUE(i >= 0);
	sys_close(i);
	EXPECT_TRUE(same_file("dangle", "made"));
	EXPECT(sys_rmdir("dl"), -ENOTDIR);
	EXPECT(sys_unlink("dl"), 0);
	EXPECT_TRUE(same_file("d", "d"));
	EXPECT(sys_unlink("rel"), 0);
	EXPECT(sys_unlink("nest"), 0);
	EXPECT(sys_unlink("e/up"), 0);
	EXPECT(sys_unlink("a"), 0);
	EXPECT(sys_unlink("b"), 0);
	EXPECT(sys_unlink("dangle"), 0);
	EXPECT(sys_unlink("made"), 0);
}

static void hardlinks(void)
{
	char buf[16];

	EXPECT(syscall2(NR_link, (long)"d/f", (long)"g"), 0);
	EXPECT(nlink("d/f"), 2);
	EXPECT(syscall2(NR_link, (long)"d/f", (long)"g"), -EEXIST);
	EXPECT(syscall2(NR_link, (long)"e", (long)"e2"), -EPERM);
	EXPECT(syscall2(NR_link, (long)"none", (long)"x"), -ENOENT);
	EXPECT(sys_unlink("d/f"), 0);
	EXPECT(nlink("g"), 1);
	EXPECT(slurp("g", buf, sizeof(buf)), 4);
	EXPECT(syscall2(NR_link, (long)"g", (long)"d/f"), 0);
	EXPECT(sys_unlink("g"), 0);
	/* link() names the symlink itself, AT_SYMLINK_FOLLOW its target. */
	EXPECT(symlink("d/f", "s"), 0);
	EXPECT(syscall5(NR_linkat, AT_FDCWD, (long)"s", AT_FDCWD, (long)"s2",
			0), 0);
	EXPECT(nlink("s"), 2);
	EXPECT(syscall5(NR_linkat, AT_FDCWD, (long)"s", AT_FDCWD, (long)"s3",
			AT_SYMLINK_FOLLOW), 0);
	EXPECT(nlink("d/f"), 2);
	EXPECT(syscall5(NR_linkat, AT_FDCWD, (long)"s", AT_FDCWD, (long)"s4",
			0x8), -EINVAL);
	EXPECT(sys_unlink("s"), 0);
	EXPECT(sys_unlink("s2"), 0);
	EXPECT(sys_unlink("s3"), 0);
	EXPECT(nlink("d/f"), 1);
}

static void renames(void)
{
	char buf[16];

	EXPECT(make("x", "xx"), 2);
	EXPECT(syscall2(NR_rename, (long)"x", (long)"y"), 0);
	EXPECT(nlink("x"), -ENOENT);
	EXPECT(make("x", "xxx"), 3);
	EXPECT(renameat2("x", "y", RENAME_NOREPLACE), -EEXIST);
	EXPECT(renameat2("x", "y", 0), 0);
	EXPECT(slurp("y", buf, sizeof(buf)), 3);
	EXPECT(renameat2("y", "e", 0), -EISDIR);
	EXPECT(renameat2("e", "y", 0), -ENOTDIR);
	EXPECT(renameat2("y", "z/", 0), -ENOTDIR);
	EXPECT(renameat2("e", "d", 0), -ENOTEMPTY);
	EXPECT(renameat2("e", "e/in", 0), -EINVAL);
	EXPECT(renameat2("d", "d/..", 0), -EBUSY);
	EXPECT(renameat2("none", "q", 0), -ENOENT);
	EXPECT(renameat2("y", "q", RENAME_EXCHANGE), -ENOENT);
	EXPECT(renameat2("y", "q", RENAME_EXCHANGE | RENAME_NOREPLACE),
	       -EINVAL);
	EXPECT(renameat2("y", "q", 8 << 4), -EINVAL);
	EXPECT(renameat2("y", "d/f", RENAME_EXCHANGE), 0);
	EXPECT(slurp("y", buf, sizeof(buf)), 4);
	EXPECT(slurp("d/f", buf, sizeof(buf)), 3);
	EXPECT(sys_mkdir("h", 0755), 0);
	EXPECT(renameat2("d", "h", 0), 0);
	EXPECT(renameat2("h", "d", 0), 0);
	EXPECT(syscall2(NR_link, (long)"y", (long)"x"), 0);
	EXPECT(renameat2("x", "y", 0), 0);
	EXPECT(nlink("x"), 2);
	EXPECT(sys_unlink("x"), 0);
	EXPECT(sys_unlink("y"), 0);
}

static void tmpfile(void)
{
	char buf[16];
	long fd;

	EXPECT(sys_open(".", O_TMPFILE | O_RDONLY, 0600), -EINVAL);
	EXPECT(sys_open("d/f", O_TMPFILE | O_RDWR, 0600), -ENOTDIR);
	fd = sys_open(".", O_TMPFILE | O_RDWR, 0600);
	EXPECT_TRUE(fd >= 0);
	EXPECT(sys_write(fd, "tmp", 3), 3);
	EXPECT(syscall5(NR_linkat, fd, (long)"", AT_FDCWD, (long)"named",
			AT_EMPTY_PATH), 0);
	sys_close(fd);
	EXPECT(slurp("named", buf, sizeof(buf)), 3);
	EXPECT(nlink("named"), 1);
	EXPECT(sys_unlink("named"), 0);
	fd = sys_open(".", O_TMPFILE | O_RDWR | O_EXCL, 0600);
	EXPECT(syscall5(NR_linkat, fd, (long)"", AT_FDCWD, (long)"other",
			AT_EMPTY_PATH), -ENOENT);
	sys_close(fd);
}

static void attributes(void)
{
	struct timespec2 t[2] = { { 1000, 5 }, { 2000, 7 } };
	struct statx sx;
	struct statfs sf;
	struct stat st;
	long fd;

	EXPECT(syscall5(NR_statx, AT_FDCWD, (long)"d/f", 0, 0x7ff, (long)&sx),
	       0);
	EXPECT(sys_stat("d/f", &st), 0);
	EXPECT(sx.stx_mask & 0x7ff, 0x7ff);
	EXPECT(sx.stx_ino, st.st_ino);
	EXPECT(sx.stx_mode, st.st_mode);
	EXPECT(sx.stx_nlink, st.st_nlink);
	EXPECT(sx.stx_size, st.st_size);
	EXPECT(sx.stx_blocks, st.st_blocks);
	EXPECT(sx.stx_blksize, st.st_blksize);
	EXPECT(((uint64_t)sx.stx_dev_major << 8) | sx.stx_dev_minor,
	       ((st.st_dev >> 8) & 0xfff) << 8 | (st.st_dev & 0xff));
	EXPECT(syscall5(NR_statx, AT_FDCWD, (long)"d/f", AT_STATX_SYNC_TYPE,
			0x7ff, (long)&sx), -EINVAL);
	EXPECT(syscall5(NR_statx, AT_FDCWD, (long)"d/f", 0, 0x80000000,
			(long)&sx), -EINVAL);
	EXPECT(symlink("d/f", "s"), 0);
	EXPECT(syscall5(NR_statx, AT_FDCWD, (long)"s", AT_SYMLINK_NOFOLLOW,
			0x7ff, (long)&sx), 0);
	EXPECT(sx.stx_mode & S_IFMT, S_IFLNK);
	/* faccessat2: mode and flags checked, root needs an x bit. */
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)"d/f", 8, 0), -EINVAL);
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)"d/f", 4, 1), -EINVAL);
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)"d/f", 6,
			AT_EACCESS), 0);
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)"d/f", 1, 0), -EACCES);
	EXPECT(syscall2(NR_access, (long)"none", 0), -ENOENT);
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)"s", 0,
			AT_SYMLINK_NOFOLLOW), 0);
	/* chmod keeps the type; chown -1 keeps the owner. */
	EXPECT(syscall2(NR_chmod, (long)"d/f", 0755), 0);
	EXPECT(sys_stat("d/f", &st), 0);
	EXPECT(st.st_mode, S_IFREG | 0755);
	EXPECT(syscall2(NR_access, (long)"d/f", 1), 0);
	EXPECT(syscall3(NR_chown, (long)"d/f", -1, -1), 0);
	EXPECT(syscall3(NR_lchown, (long)"s", -1, -1), 0);
	EXPECT(sys_unlink("s"), 0);
	/* utimensat: exact times, UTIME_OMIT keeps one. */
	EXPECT(syscall4(NR_utimensat, AT_FDCWD, (long)"d/f", (long)t, 0), 0);
	EXPECT(sys_stat("d/f", &st), 0);
	EXPECT(st.st_times[0], 1000);
	EXPECT(st.st_times[1], 5);
	EXPECT(st.st_times[2], 2000);
	t[1].tv_nsec = UTIME_OMIT;
	t[0].tv_sec = 3000;
	EXPECT(syscall4(NR_utimensat, AT_FDCWD, (long)"d/f", (long)t, 0), 0);
	EXPECT(sys_stat("d/f", &st), 0);
	EXPECT(st.st_times[0], 3000);
	EXPECT(st.st_times[2], 2000);
	t[0].tv_nsec = 1000000000;
	EXPECT(syscall4(NR_utimensat, AT_FDCWD, (long)"d/f", (long)t, 0),
	       -EINVAL);
	/* truncate by path, fsync on a file. */
	EXPECT(syscall2(NR_truncate, (long)"d/f", 2), 0);
	EXPECT(sys_stat("d/f", &st), 0);
	EXPECT(st.st_size, 2);
	EXPECT(syscall2(NR_truncate, (long)"d/f", -1), -EINVAL);
	EXPECT(syscall2(NR_truncate, (long)"d", 0), -EISDIR);
	fd = sys_open("d/f", O_RDWR, 0);
	EXPECT(syscall1(NR_fsync, fd), 0);
	sys_close(fd);
	EXPECT(syscall1(NR_fsync, 999), -EBADF);
	EXPECT(syscall2(NR_statfs, (long)"/proc", (long)&sf), 0);
	EXPECT(sf.f_type, PROC_SUPER_MAGIC);
}

/* /proc/self: a symlink to the caller's pid. */
static void proc_self(void)
{
	char want[16], got[16];
	struct stat st;
	long n = snprintf(want, sizeof(want), "%ld", sys_getpid());

	EXPECT(lstat("/proc/self", &st), 0);
	EXPECT(st.st_mode & S_IFMT, S_IFLNK);
	EXPECT(readlink("/proc/self", got, sizeof(got)), n);
	EXPECT(memcmp(got, want, (size_t)n), 0);
	EXPECT(sys_stat("/proc/self/", &st), 0);
	EXPECT(st.st_mode & S_IFMT, S_IFDIR);
}

/* Does /proc/mounts hold a line starting with @prefix? */
static bool mounts_has(const char *prefix)
{
	static char text[8192];
	const char *line = text;

	if (slurp("/proc/mounts", text, sizeof(text)) < 0)
		return false;
	for (; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') +
		     1 : NULL)
		if (!strncmp(line, prefix, strlen(prefix)))
			return true;
	return false;
}

static long mount(const char *src, const char *target, const char *type,
		  const char *data)
{
	return syscall5(NR_mount, (long)src, (long)target, (long)type, 0,
			(long)data);
}

static void mounts(void)
{
	char line[128], buf[8];
	struct statfs sf;
	long fd;

	EXPECT(sys_mkdir("m", 0755), 0);
	EXPECT(mount("none", "m", "nosuchfs", NULL), -ENODEV);
	EXPECT(mount("none", "nodir", "tmpfs", NULL), -ENOENT);
	EXPECT(mount("none", "m", "tmpfs", "bogus=1"), -EINVAL);
	EXPECT(mount("none", "m", "tmpfs", "size=1m,mode=755"), 0);
	snprintf(line, sizeof(line), "none %s/m tmpfs rw,relatime,size=1024k,"
		 "mode=755", dir);
	EXPECT_TRUE(mounts_has(line));
	EXPECT(syscall2(NR_statfs, (long)"m", (long)&sf), 0);
	EXPECT(sf.f_type, TMPFS_MAGIC);
	EXPECT(sf.f_blocks, 256);
	EXPECT(make("m/f", "in"), 2);
	fd = sys_open("m/f", O_RDONLY, 0);
	EXPECT(syscall2(NR_umount2, (long)"m", 0), -EBUSY);
	EXPECT(syscall2(NR_umount2, (long)"m", 0x10), -EINVAL);
	EXPECT(syscall2(NR_umount2, (long)"m", MNT_DETACH), 0);
	EXPECT_TRUE(!mounts_has(line));
	EXPECT(sys_read(fd, buf, sizeof(buf)), 2);
	sys_close(fd);
	EXPECT(syscall2(NR_umount2, (long)"m", 0), -EINVAL);
	EXPECT(sys_rmdir("m"), 0);
}

int main(int argc, char **argv, char **envp)
{
	snprintf(dir, sizeof(dir), "/tmp/linktest.%ld", sys_getpid());
	if (sys_mkdir(dir, 0755) || sys_chdir(dir)) {
		printf("linktest: FAIL setup %s\n", dir);
		return 1;
	}
	symlinks();
	hardlinks();
	renames();
	tmpfile();
	attributes();
	proc_self();
	if (argc > 1 && !strcmp(argv[1], "--mount"))
		mounts();
	EXPECT(sys_unlink("d/f"), 0);
	EXPECT(sys_rmdir("d"), 0);
	EXPECT(sys_rmdir("e"), 0);
	EXPECT(sys_chdir("/"), 0);
	EXPECT(sys_rmdir(dir), 0);
	printf("linktest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
