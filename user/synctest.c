// SPDX-License-Identifier: MIT
/*
 * synctest: fsync, fdatasync, sync, syncfs and sync_file_range from user
 * space, with the results and errnos Linux 6.1 gives, so it passes
 * unchanged on Linux and on oomlab. In --dir (default /tmp): a file is
 * written, synced each way and read back; bad fds are EBADF, a pipe is
 * EINVAL for fsync and ESPIPE for sync_file_range, bad flags, a negative
 * offset and a range that overflows are EINVAL. FOR OOMLAB TESTS.
 *
 * Output: "synctest: FAIL line=L what=... got=G want=W" per failed check,
 *         then "synctest: result checks=N failed=F"; exit 0 when F == 0.
 */
#include <stdint.h>
#include "rt/args.h"
#include "rt/errno.h"
#include "rt/fs.h"
#include "rt/printf.h"
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/syscall.h"

enum {
	NR_sync = 162,
	NR_sync_file_range = 277,
	NR_pipe2 = 293,
	NR_syncfs = 306,
};

#define SYNC_FILE_RANGE_WAIT_BEFORE	1
#define SYNC_FILE_RANGE_WRITE		2
#define SYNC_FILE_RANGE_WAIT_AFTER	4
#define LLONG_MAX_			0x7fffffffffffffffL

static unsigned long checks, failed;

static void expect(long got, long want, int line, const char *what)
{
	checks++;
	if (got == want)
		return;
	failed++;
	printf("synctest: FAIL line=%d what=%s got=%ld want=%ld\n", line,
	       what, got, want);
}

#define EXPECT(call, want) expect((long)(call), (long)(want), __LINE__, #call)

static long sfr(int fd, long off, long n, unsigned int flags)
{
	return syscall4(NR_sync_file_range, fd, off, n, flags);
}

/* The calls on a regular file: each writes or waits, and the bytes stay. */
static void regular_file(const char *path)
{
	static const char text[] = "synced through the page cache\n";
	char back[sizeof(text)];
	long fd = sys_open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);

	EXPECT(fd >= 0, 1);
	if (fd < 0)
		return;
	EXPECT(sys_write((int)fd, text, sizeof(text) - 1),
	       sizeof(text) - 1);
	EXPECT(sys_fsync((int)fd), 0);
	EXPECT(syscall1(SYS_fdatasync, fd), 0);
	EXPECT(syscall1(NR_syncfs, fd), 0);
	EXPECT(syscall0(NR_sync), 0);
	EXPECT(sfr((int)fd, 0, 0, SYNC_FILE_RANGE_WRITE), 0);
	EXPECT(sfr((int)fd, 0, 4096, SYNC_FILE_RANGE_WAIT_BEFORE |
		   SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER), 0);
	EXPECT(sfr((int)fd, 0, 0, 0), 0);
	/* Linux's checks, in its order. */
	EXPECT(sfr((int)fd, 0, 0, 8), -EINVAL);
	EXPECT(sfr((int)fd, -1, 0, SYNC_FILE_RANGE_WRITE), -EINVAL);
	EXPECT(sfr((int)fd, 0, -1, SYNC_FILE_RANGE_WRITE), -EINVAL);
	EXPECT(sfr((int)fd, 1, LLONG_MAX_, SYNC_FILE_RANGE_WRITE), -EINVAL);
	EXPECT(sys_pread64((int)fd, back, sizeof(back), 0), sizeof(text) - 1);
	EXPECT(memcmp(back, text, sizeof(text) - 1), 0);
	sys_close((int)fd);
	EXPECT(sys_unlink(path), 0);
}

/* Bad fds and a pipe. */
static void other_files(void)
{
	int fds[2];

	EXPECT(sys_fsync(-1), -EBADF);
	EXPECT(syscall1(SYS_fdatasync, 1000), -EBADF);
	EXPECT(syscall1(NR_syncfs, -1), -EBADF);
	EXPECT(sfr(-1, 0, 0, SYNC_FILE_RANGE_WRITE), -EBADF);
	EXPECT(sfr(-1, 0, 0, 8), -EBADF);
	if (syscall2(NR_pipe2, (long)fds, 0))
		return;
	EXPECT(sys_fsync(fds[0]), -EINVAL);
	EXPECT(syscall1(SYS_fdatasync, fds[1]), -EINVAL);
	EXPECT(sfr(fds[0], 0, 0, SYNC_FILE_RANGE_WRITE), -ESPIPE);
	EXPECT(sfr(fds[0], 0, 0, 8), -EINVAL);
	EXPECT(syscall1(NR_syncfs, fds[0]), 0);
	sys_close(fds[0]);
	sys_close(fds[1]);
}

int main(int argc, char **argv, char **envp);

int main(int argc, char **argv, char **envp)
{
	const char *dir = "/tmp";
	const struct arg_opt opts[] = {
		{ "dir", ARG_STR, &dir, "where to make the test file" },
		{ NULL, 0, NULL, NULL },
	};
	char path[256];
	int r = args_parse(argc, argv, opts, "The sync calls and errnos.");

	if (r)
		return r == ARGS_HELP ? 0 : 2;
	snprintf(path, sizeof(path), "%s/synctest.%ld", dir,
		 syscall0(SYS_getpid));
	regular_file(path);
	other_files();
	printf("synctest: result checks=%lu failed=%lu\n", checks, failed);
	return failed ? 1 : 0;
}
