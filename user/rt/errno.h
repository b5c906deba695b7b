/* SPDX-License-Identifier: MIT */
/*
 * Linux errno values, their names, and the per-thread error record kept in
 * the thread control block (a thread's own "errno": no thread sees another
 * thread's errors).
 */
#ifndef USER_RT_ERRNO_H
#define USER_RT_ERRNO_H

#include "rt/tcb.h"

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

const char *errno_name(int err);
long errno_record(long ret);

/**
 * errno_get - the calling thread's last recorded error.
 *
 * Return: a positive errno, or 0 if none was recorded.
 */
static inline int errno_get(void)
{
	return tcb_self()->err;
}

#endif /* USER_RT_ERRNO_H */
