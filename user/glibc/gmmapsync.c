// SPDX-License-Identifier: MIT
/*
 * gmmapsync: shared writable file mappings with glibc, in a directory of
 * the file system under test (--dir). The same checks pass on Linux:
 *
 *   write+msync   a 16 KiB file mapped MAP_SHARED, written through the
 *                 mapping, msync(MS_SYNC), munmap: read() returns the
 *                 bytes; written again after the msync (the page must be
 *                 dirtied again), munmap without msync: read() has them
 *   errnos        msync: unknown flag, MS_ASYNC|MS_SYNC, an unaligned
 *                 start are EINVAL; a hole is ENOMEM (MS_SYNC and
 *                 MS_ASYNC); length 0 and MS_INVALIDATE are 0. mmap
 *                 MAP_SHARED|PROT_WRITE of a read-only fd is EACCES, and
 *                 so is mprotect(PROT_WRITE) of its read-only shared
 *                 mapping; of a read-write fd it is 0
 *   unlinked      the fd closed and the file unlinked while mapped: the
 *                 mapping still reads and writes the file
 *   fork          a forked child writes through the shared mapping: the
 *                 parent sees the bytes through it and through read()
 *
 * Output (stdout): gmmapsync: FAIL what=W got=V   (per failed check)
 *                  gmmapsync: result checks=N failed=F
 * Exit status: 0 when failed=0, else 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE		4096L
#define FILE_BYTES	(4 * PAGE)

static int checks, failed;
static char path[512];

static void check(int ok, const char *what, long got)
{
	checks++;
	if (!ok) {
		failed++;
		printf("gmmapsync: FAIL what=%s got=%ld\n", what, got);
	}
}

/* The call's result: its errno when it failed. */
static long err_of(long r)
{
	return r < 0 ? -errno : r;
}

static unsigned char pattern(long i, int round)
{
	return (unsigned char)(i * 13 + i / PAGE + round);
}

/* Does read() of the file give round @round's pattern? */
static int file_holds(int round)
{
	static unsigned char buf[FILE_BYTES];
	int fd = open(path, O_RDONLY);
	long n = fd < 0 ? -1 : pread(fd, buf, FILE_BYTES, 0);

	if (fd >= 0)
		close(fd);
	if (n != FILE_BYTES)
		return 0;
	for (long i = 0; i < FILE_BYTES; i++)
		if (buf[i] != pattern(i, round))
			return 0;
	return 1;
}

/* A FILE_BYTES file of zeros, open read-write. */
static int make_file(void)
{
	static const unsigned char zeros[FILE_BYTES];
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);

	if (fd < 0 || write(fd, zeros, FILE_BYTES) != FILE_BYTES)
		return -1;
	return fd;
}

static void fill(unsigned char *p, int round)
{
	for (long i = 0; i < FILE_BYTES; i++)
		p[i] = pattern(i, round);
}

static void write_msync(void)
{
	int fd = make_file();
	unsigned char *p;

	check(fd >= 0, "create", fd);
	p = mmap(NULL, FILE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(p != MAP_FAILED, "mmap_shared", err_of(p == MAP_FAILED ? -1 : 0));
	if (p == MAP_FAILED)
		return;
	fill(p, 1);
	check(msync(p, FILE_BYTES, MS_SYNC) == 0, "msync_sync", -errno);
	check(file_holds(1), "read_after_msync", 0);
	fill(p, 2);	/* after writeback cleaned the pages */
	check(munmap(p, FILE_BYTES) == 0, "munmap", -errno);
	check(file_holds(2), "read_after_munmap", 0);
	check(fsync(fd) == 0, "fsync", -errno);
	close(fd);
}

static void msync_errnos(void)
{
	int fd = make_file();
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);

	if (p == MAP_FAILED) {
		check(0, "mmap_errnos", -errno);
		return;
	}
	check(err_of(msync(p, PAGE, 8)) == -EINVAL, "msync_bad_flag",
	      err_of(msync(p, PAGE, 8)));
	check(err_of(msync(p, PAGE, MS_SYNC | MS_ASYNC)) == -EINVAL,
	      "msync_sync_async", -errno);
	check(err_of(msync(p + 1, PAGE, MS_SYNC)) == -EINVAL,
	      "msync_unaligned", -errno);
	check(msync(p, 0, MS_SYNC) == 0, "msync_len0", -errno);
	check(msync(p, 3 * PAGE, MS_INVALIDATE) == 0, "msync_invalidate",
	      -errno);
	check(msync(p, 3 * PAGE, MS_ASYNC) == 0, "msync_async", -errno);
	munmap(p + PAGE, PAGE);
	check(err_of(msync(p, 3 * PAGE, MS_SYNC)) == -ENOMEM,
	      "msync_hole_sync", -errno);
	check(err_of(msync(p, 3 * PAGE, MS_ASYNC)) == -ENOMEM,
	      "msync_hole_async", -errno);
	munmap(p, 3 * PAGE);
	close(fd);
}

static void mmap_errnos(void)
{
	int ro = open(path, O_RDONLY), rw = open(path, O_RDWR);
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	char *q;

	check(p == MAP_FAILED && errno == EACCES, "mmap_ro_shared_write",
	      p == MAP_FAILED ? -errno : 0);
	if (p != MAP_FAILED)
		munmap(p, PAGE);
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	check(p != MAP_FAILED, "mmap_ro_shared_read", -errno);
	if (p != MAP_FAILED) {
		check(err_of(mprotect(p, PAGE, PROT_READ | PROT_WRITE)) ==
			      -EACCES,
		      "mprotect_ro_shared", -errno);
		munmap(p, PAGE);
	}
	q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rw, 0);
	check(q != MAP_FAILED, "mmap_rw_shared_read", -errno);
	if (q != MAP_FAILED) {
		check(mprotect(q, PAGE, PROT_READ | PROT_WRITE) == 0,
		      "mprotect_rw_shared", -errno);
		q[0] = pattern(0, 2);	/* what the file holds: no change */
		munmap(q, PAGE);
	}
	close(ro);
	close(rw);
}

static void unlinked(void)
{
	int fd = make_file();
	unsigned char *p = mmap(NULL, FILE_BYTES, PROT_READ | PROT_WRITE,
				MAP_SHARED, fd, 0);
	int ok = 1;

	if (p == MAP_FAILED) {
		check(0, "mmap_unlinked", -errno);
		return;
	}
	close(fd);
	check(unlink(path) == 0, "unlink_mapped", -errno);
	fill(p, 3);
	check(msync(p, FILE_BYTES, MS_SYNC) == 0, "msync_unlinked", -errno);
	for (long i = 0; i < FILE_BYTES; i++)
		ok &= p[i] == pattern(i, 3);
	check(ok, "unlinked_bytes", 0);
	check(munmap(p, FILE_BYTES) == 0, "munmap_unlinked", -errno);
}

static void forked(void)
{
	int fd = make_file();
	unsigned char *p = mmap(NULL, FILE_BYTES, PROT_READ | PROT_WRITE,
				MAP_SHARED, fd, 0);
	int status = -1, ok = 1;
	pid_t pid;

	if (p == MAP_FAILED) {
		check(0, "mmap_fork", -errno);
		return;
	}
	p[0] = 1;	/* a dirty, writable page goes to the child */
	pid = fork();
	if (pid == 0) {
		fill(p, 4);
		_exit(0);
	}
	check(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0,
	      "fork_child", status);
	for (long i = 0; i < FILE_BYTES; i++)
		ok &= p[i] == pattern(i, 4);
	check(ok, "fork_parent_sees", 0);
	check(file_holds(4), "fork_read", 0);
	munmap(p, FILE_BYTES);
	close(fd);
	unlink(path);
}

int main(int argc, char **argv)
{
	const char *dir = argc == 3 && !strcmp(argv[1], "--dir") ? argv[2] :
								     NULL;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!dir) {
		fprintf(stderr, "usage: gmmapsync --dir DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/gmmapsync.dat", dir);
	write_msync();
	msync_errnos();
	mmap_errnos();
	unlinked();
	forked();
	printf("gmmapsync: result checks=%d failed=%d\n", checks, failed);
	return failed ? 1 : 0;
}
