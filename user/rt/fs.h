/* SPDX-License-Identifier: MIT */
/*
 * Typed wrappers for the Linux x86_64 file system calls, and the
 * constants and structures they take (Linux's values and layouts). As
 * in sys.h, each returns what the kernel returned: >= 0, or a negated
 * errno.
 */
#ifndef USER_RT_FS_H
#define USER_RT_FS_H

#include <stddef.h>
#include <stdint.h>
#include "rt/syscall.h"

#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_ACCMODE	00000003
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DIRECTORY	00200000
#define O_CLOEXEC	02000000

/* eventfd2()'s flags. */
#define EFD_SEMAPHORE	1
#define EFD_NONBLOCK	O_NONBLOCK
#define EFD_CLOEXEC	O_CLOEXEC

#define AT_FDCWD	(-100)
#define AT_REMOVEDIR	0x200
#define AT_EMPTY_PATH	0x1000

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFREG		0100000

#define DT_DIR		4
#define DT_REG		8

/* struct stat of x86_64 Linux. */
struct stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t __pad0;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	uint64_t st_times[6];
	int64_t __reserved[3];
};

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static inline long sys_openat(int dirfd, const char *path, int flags,
			      int mode)
{
	return syscall4(SYS_openat, dirfd, (long)path, flags, mode);
}

static inline long sys_open(const char *path, int flags, int mode)
{
	return syscall3(SYS_open, (long)path, flags, mode);
}

static inline long sys_close(int fd)
{
	return syscall1(SYS_close, fd);
}

static inline long sys_fsync(int fd)
{
	return syscall1(SYS_fsync, fd);
}

static inline long sys_pread64(int fd, void *buf, size_t len, long off)
{
	return syscall4(SYS_pread64, fd, (long)buf, (long)len, off);
}

static inline long sys_lseek(int fd, long off, int whence)
{
	return syscall3(SYS_lseek, fd, off, whence);
}

static inline long sys_fstat(int fd, struct stat *st)
{
	return syscall2(SYS_fstat, fd, (long)st);
}

static inline long sys_stat(const char *path, struct stat *st)
{
	return syscall2(SYS_stat, (long)path, (long)st);
}

static inline long sys_newfstatat(int dirfd, const char *path,
				  struct stat *st, int flags)
{
	return syscall4(SYS_newfstatat, dirfd, (long)path, (long)st, flags);
}

static inline long sys_getdents64(int fd, void *buf, size_t len)
{
	return syscall3(SYS_getdents64, fd, (long)buf, (long)len);
}

static inline long sys_mkdirat(int dirfd, const char *path, int mode)
{
	return syscall3(SYS_mkdirat, dirfd, (long)path, mode);
}

static inline long sys_mkdir(const char *path, int mode)
{
	return syscall2(SYS_mkdir, (long)path, mode);
}

static inline long sys_rmdir(const char *path)
{
	return syscall1(SYS_rmdir, (long)path);
}

static inline long sys_unlink(const char *path)
{
	return syscall1(SYS_unlink, (long)path);
}

static inline long sys_unlinkat(int dirfd, const char *path, int flags)
{
	return syscall3(SYS_unlinkat, dirfd, (long)path, flags);
}

static inline long sys_ftruncate(int fd, long len)
{
	return syscall2(SYS_ftruncate, fd, len);
}

static inline long sys_dup(int fd)
{
	return syscall1(SYS_dup, fd);
}

static inline long sys_dup3(int oldfd, int newfd, int flags)
{
	return syscall3(SYS_dup3, oldfd, newfd, flags);
}

static inline long sys_fcntl(int fd, int cmd, long arg)
{
	return syscall3(SYS_fcntl, fd, cmd, arg);
}

static inline long sys_getcwd(char *buf, size_t size)
{
	return syscall2(SYS_getcwd, (long)buf, (long)size);
}

static inline long sys_chdir(const char *path)
{
	return syscall1(SYS_chdir, (long)path);
}

static inline long sys_eventfd(unsigned int count)
{
	return syscall1(SYS_eventfd, count);
}

static inline long sys_eventfd2(unsigned int count, int flags)
{
	return syscall2(SYS_eventfd2, count, flags);
}

#endif
