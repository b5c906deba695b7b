// SPDX-License-Identifier: MIT
/*
 * credtest: the identity calls and file permissions with the results and
 * errnos Linux gives, so it passes unchanged on Linux (as root) and on
 * oomlab. It starts as root and checks, in forked children so that each
 * part starts from root again:
 *
 *   ids     seteuid() to another uid and back (the saved uid keeps root
 *           reachable), the filesystem uid following the effective one,
 *           EPERM for a non-root euid switching outside its real/saved
 *           ids or calling setgroups(), a child inheriting its parent's
 *           ids, and a process that dropped every uid 0 unable to regain
 *           it
 *   files   in a fresh directory under /tmp: open() by the mode bits for
 *           the owner and for others (O_PATH: none), access() by the real uid and
 *           faccessat2(AT_EACCESS) by the effective one, EACCES to search
 *           a directory without x, to create in one without w, EPERM to
 *           chmod or chown another's file, a file made by uid 1000 owned
 *           by it, the sticky bit, and exec needing an x bit even for
 *           root (which otherwise passes every check)
 *
 * FOR OOMLAB TESTS. Not root: every check skipped.
 *
 * Output: "credtest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "credtest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdbool.h>
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"

/* Linux x86_64 numbers of the calls rt/ has no wrapper for. */
enum {
	NR_access = 21,
	NR_execve = 59,
	NR_chmod = 90,
	NR_chown = 92,
	NR_getuid = 102,
	NR_geteuid = 107,
	NR_setuid = 105,
	NR_setreuid = 113,
	NR_setgroups = 116,
	NR_setresuid = 117,
	NR_getresuid = 118,
	NR_setfsuid = 122,
	NR_faccessat2 = 439,
};

#define KEEP		(-1L)
#define AT_FDCWD	(-100)
#define AT_EACCESS	0x200
#define O_PATH		010000000
#define R_OK		4
#define W_OK		2
#define USER		1000
#define OTHER		2000

static unsigned long checks, failed;
static char dir[64];

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("credtest: FAIL line=%d what=%s got=%ld want=%ld\n", line,
	       what, got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)

static long seteuid(long euid)
{
	return syscall3(NR_setresuid, KEEP, euid, KEEP);
}

/* The real, effective and saved uids as one number: r * 1e8 + e * 1e4
 * + s (each below 10000 here). */
static long resuid(void)
{
	unsigned int r, e, s;

	if (syscall3(NR_getresuid, (long)&r, (long)&e, (long)&s))
		return -1;
	return (long)r * 100000000L + (long)e * 10000L + s;
}

/* Run @fn in a child; its exit status is its failures. */
static void in_child(void (*fn)(void), int line, const char *what)
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
	expect(status, 0, line, what);	/* the child's lines say which */
}

#define IN_CHILD(fn) in_child(fn, __LINE__, #fn)

/* seteuid() away from root and back: the saved uid 0 allows it. */
static void ids_seteuid(void)
{
	EXPECT(seteuid(USER), 0);
	EXPECT(resuid(), USER * 10000L);
	EXPECT(syscall0(NR_geteuid), USER);
	EXPECT(syscall0(NR_getuid), 0);
	EXPECT(syscall1(NR_setfsuid, KEEP), USER);	/* follows euid */
	EXPECT(seteuid(OTHER), -EPERM);	/* not a real/saved id */
	EXPECT(syscall1(NR_setuid, OTHER), -EPERM);
	EXPECT(syscall3(NR_setresuid, OTHER, KEEP, KEEP), -EPERM);
	EXPECT(syscall2(NR_setgroups, 0, 0), -EPERM);
	EXPECT(syscall1(NR_setfsuid, OTHER), USER);	/* old; unchanged */
	EXPECT(syscall1(NR_setfsuid, KEEP), USER);
	EXPECT(seteuid(0), 0);
	EXPECT(resuid(), 0);
}

static void ids_child_of_user(void)
{
	EXPECT(resuid(), USER * 10000L);
}

/* A child starts with its parent's ids. */
static void ids_inherited(void)
{
	EXPECT(seteuid(USER), 0);
	IN_CHILD(ids_child_of_user);
}

/* Every uid 0 dropped: root is gone for good. */
static void ids_drop_all(void)
{
	EXPECT(syscall3(NR_setresuid, USER, USER, USER), 0);
	EXPECT(resuid(), USER * 100010001L);
	EXPECT(syscall1(NR_setuid, 0), -EPERM);
	EXPECT(seteuid(0), -EPERM);
	EXPECT(syscall2(NR_setreuid, KEEP, 0), -EPERM);
	EXPECT(syscall1(NR_setuid, USER), 0);	/* its own id: fine */
}

static char *in_dir(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static long make_file(const char *name, int mode)
{
	long fd = sys_open(in_dir(name), O_CREAT | O_WRONLY, mode);

	if (fd >= 0)
		sys_close((int)fd);
	return fd < 0 ? fd : syscall2(NR_chmod, (long)in_dir(name), mode);
}

static long open_close(const char *name, int flags)
{
	long fd = sys_open(in_dir(name), flags, 0644);

	if (fd >= 0)
		sys_close((int)fd);
	return fd < 0 ? fd : 0;
}

/* The mode bits decide for a user that is not root. */
static void files_as_user(void)
{
	struct stat st;
	long fd;

	EXPECT(seteuid(USER), 0);
	EXPECT(open_close("secret", O_RDONLY), -EACCES);
	EXPECT(open_close("secret", O_PATH), 0);	/* the name only */
	EXPECT(open_close("public", O_RDONLY), 0);
	EXPECT(open_close("public", O_WRONLY), -EACCES);
	EXPECT(open_close("mine", O_RDWR), 0);
	/* access() asks for the real uid (root), AT_EACCESS the effective. */
	EXPECT(syscall2(NR_access, (long)in_dir("secret"), R_OK), 0);
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)in_dir("secret"), R_OK,
			AT_EACCESS), -EACCES);
	EXPECT(syscall4(NR_faccessat2, AT_FDCWD, (long)in_dir("public"), R_OK,
			AT_EACCESS), 0);
	EXPECT(syscall2(NR_chmod, (long)in_dir("public"), 0666), -EPERM);
	EXPECT(syscall2(NR_chmod, (long)in_dir("mine"), 0600), 0);
	EXPECT(syscall3(NR_chown, (long)in_dir("mine"), OTHER, KEEP), -EPERM);
	EXPECT(syscall3(NR_chown, (long)in_dir("mine"), USER, KEEP), 0);
	EXPECT(sys_stat(in_dir("closed/x"), &st), -EACCES);
	EXPECT(sys_open(in_dir("new"), O_CREAT | O_WRONLY, 0644), -EACCES);
	EXPECT(sys_mkdir(in_dir("newdir"), 0755), -EACCES);
	EXPECT(sys_unlink(in_dir("sticky/roots")), -EPERM);
	fd = sys_open(in_dir("open/made"), O_CREAT | O_WRONLY, 0600);
	EXPECT(fd >= 0, 1);
	if (fd >= 0) {
		EXPECT(sys_fstat((int)fd, &st), 0);
		EXPECT(st.st_uid, USER);
		sys_close((int)fd);
	}
	EXPECT(open_close("open/made", O_RDWR), 0);	/* its owner's */
	EXPECT(sys_unlink(in_dir("open/made")), 0);
	EXPECT(seteuid(0), 0);
}

/* Root passes every check but exec without an x bit. */
static void files_as_root(void)
{
	char *const argv[] = { in_dir("secret"), NULL };

	EXPECT(open_close("secret", O_RDWR), 0);
	EXPECT(open_close("none", O_RDWR), 0);
	EXPECT(syscall3(NR_execve, (long)in_dir("none"), (long)argv,
			(long)(argv + 1)), -EACCES);
	EXPECT(sys_unlink(in_dir("sticky/roots")), 0);
}

static void files_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/credtest.%ld", (long)sys_getpid());
	EXPECT(sys_mkdir(dir, 0755), 0);
	EXPECT(make_file("secret", 0600), 0);
	EXPECT(make_file("public", 0644), 0);
	EXPECT(make_file("mine", 0600), 0);
	EXPECT(syscall3(NR_chown, (long)in_dir("mine"), USER, USER), 0);
	EXPECT(make_file("none", 0), 0);
	EXPECT(sys_mkdir(in_dir("closed"), 0700), 0);
	EXPECT(sys_mkdir(in_dir("open"), 0777), 0);
	EXPECT(syscall2(NR_chmod, (long)in_dir("open"), 0777), 0);
	EXPECT(sys_mkdir(in_dir("sticky"), 01777), 0);
	EXPECT(syscall2(NR_chmod, (long)in_dir("sticky"), 01777), 0);
	EXPECT(make_file("sticky/roots", 0644), 0);
}

static void files_cleanup(void)
{
	static const char *const names[] = { "secret", "public", "mine",
					     "none" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		EXPECT(sys_unlink(in_dir(names[i])), 0);
	EXPECT(sys_rmdir(in_dir("closed")), 0);
	EXPECT(sys_rmdir(in_dir("open")), 0);
	EXPECT(sys_rmdir(in_dir("sticky")), 0);
	EXPECT(sys_rmdir(dir), 0);
}

int main(int argc, char **argv)
{
	if (resuid() != 0) {
		printf("credtest: skip: not root\n");
		printf("credtest: result checks=0 failed=0\n");
		return 0;
	}
	IN_CHILD(ids_seteuid);
	IN_CHILD(ids_inherited);
	IN_CHILD(ids_drop_all);
	files_setup();
	IN_CHILD(files_as_user);
	IN_CHILD(files_as_root);
	files_cleanup();
	printf("credtest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
