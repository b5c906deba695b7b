/* SPDX-License-Identifier: MIT */
/*
 * Typed wrappers for the Linux x86_64 system calls of syscall.h, and the
 * constants and structures they take.
 *
 * Convention: every sys_*() returns what the kernel returned: >= 0 (or an
 * address) on success, a negated errno on failure (test it with
 * syscall_failed() when the success value is an address). Nothing here
 * sets per-thread error state; see errno.h for that.
 */
#ifndef USER_RT_SYS_H
#define USER_RT_SYS_H

#include <stddef.h>
#include <stdint.h>
#include "rt/syscall.h"

#define PAGE_SIZE 4096UL

/* mmap / mprotect */
#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_GROWSDOWN 0x01000000
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000

/* madvise */
#define MADV_NORMAL 0
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_HUGEPAGE 14
#define MADV_NOHUGEPAGE 15
#define MADV_COLD 20
#define MADV_PAGEOUT 21
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23

/* mlock2 / mlockall */
#define MLOCK_ONFAULT 0x1
#define MCL_CURRENT 0x1
#define MCL_FUTURE 0x2
#define MCL_ONFAULT 0x4

/* clone */
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000

/* futex */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128

/* arch_prctl */
#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* clocks, random, signals */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define SIGKILL 9
#define SIGCHLD 17
#define SIGURG 23
#define SIGWINCH 28

/* reboot: both magic numbers must be right or Linux refuses the call */
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

struct timespec {
	long tv_sec;
	long tv_nsec;
};

struct utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

static inline long sys_read(int fd, void *buf, size_t len)
{
	return syscall3(SYS_read, fd, (long)buf, (long)len);
}

static inline long sys_write(int fd, const void *buf, size_t len)
{
	return syscall3(SYS_write, fd, (long)buf, (long)len);
}

/* Returns the address, or a negated errno: test with syscall_failed(). */
static inline long sys_mmap(void *addr, size_t len, int prot, int flags,
			    int fd, long off)
{
	return syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}

static inline long sys_munmap(void *addr, size_t len)
{
	return syscall2(SYS_munmap, (long)addr, (long)len);
}

static inline long sys_mprotect(void *addr, size_t len, int prot)
{
	return syscall3(SYS_mprotect, (long)addr, (long)len, prot);
}

static inline long sys_madvise(void *addr, size_t len, int advice)
{
	return syscall3(SYS_madvise, (long)addr, (long)len, advice);
}

static inline long sys_mlock(const void *addr, size_t len)
{
	return syscall2(SYS_mlock, (long)addr, (long)len);
}

static inline long sys_mlock2(const void *addr, size_t len, unsigned int flags)
{
	return syscall3(SYS_mlock2, (long)addr, (long)len, flags);
}

static inline long sys_munlock(const void *addr, size_t len)
{
	return syscall2(SYS_munlock, (long)addr, (long)len);
}

static inline long sys_mlockall(int flags)
{
	return syscall1(SYS_mlockall, flags);
}

static inline long sys_munlockall(void)
{
	return syscall0(SYS_munlockall);
}

static inline long sys_mincore(void *addr, size_t len, unsigned char *vec)
{
	return syscall3(SYS_mincore, (long)addr, (long)len, (long)vec);
}

/* Returns the new break (the old one when the request is refused). */
static inline long sys_brk(void *addr)
{
	return syscall1(SYS_brk, (long)addr);
}

/*
 * Only for calls that cannot create a thread or a process sharing our
 * stack (flags without CLONE_VM); threads start in thread_clone(), which
 * switches stacks in assembly.
 */
static inline long sys_clone(unsigned long flags, void *stack, int *ptid,
			     int *ctid, unsigned long tls)
{
	return syscall5(SYS_clone, (long)flags, (long)stack, (long)ptid,
			(long)ctid, (long)tls);
}

/* fork(2): the child's pid in the parent, 0 in the child. */
static inline long sys_fork(void)
{
	return syscall0(SYS_fork);
}

/* wait4(2); @rusage: a struct rusage (144 bytes) or NULL. */
static inline long sys_wait4(int pid, int *status, int options,
			     void *rusage)
{
	return syscall4(SYS_wait4, pid, (long)status, options, (long)rusage);
}

/* waitid(2); @info: a siginfo_t (128 bytes) or NULL. */
static inline long sys_waitid(int idtype, int id, void *info, int options,
			      void *rusage)
{
	return syscall5(SYS_waitid, idtype, id, (long)info, options,
			(long)rusage);
}

/* clone3(2); @args: a struct clone_args of @size bytes. Only for calls
 * whose child does not share our stack (see sys_clone()). */
static inline long sys_clone3(void *args, size_t size)
{
	return syscall2(SYS_clone3, (long)args, (long)size);
}

static inline __attribute__((noreturn)) void sys_exit(int code)
{
	for (;;)
		syscall1(SYS_exit, code);
}

static inline __attribute__((noreturn)) void sys_exit_group(int code)
{
	for (;;)
		syscall1(SYS_exit_group, code);
}

static inline long sys_getpid(void)
{
	return syscall0(SYS_getpid);
}

static inline long sys_getppid(void)
{
	return syscall0(SYS_getppid);
}

static inline long sys_gettid(void)
{
	return syscall0(SYS_gettid);
}

static inline long sys_set_tid_address(int *tidptr)
{
	return syscall1(SYS_set_tid_address, (long)tidptr);
}

static inline long sys_futex(int *uaddr, int op, int val,
			     const struct timespec *timeout, int *uaddr2,
			     int val3)
{
	return syscall6(SYS_futex, (long)uaddr, op, val, (long)timeout,
			(long)uaddr2, val3);
}

static inline long sys_sched_yield(void)
{
	return syscall0(SYS_sched_yield);
}

static inline long sys_nanosleep(const struct timespec *req,
				 struct timespec *rem)
{
	return syscall2(SYS_nanosleep, (long)req, (long)rem);
}

static inline long sys_clock_gettime(int clock, struct timespec *ts)
{
	return syscall2(SYS_clock_gettime, clock, (long)ts);
}

static inline long sys_kill(int pid, int sig)
{
	return syscall2(SYS_kill, pid, sig);
}

static inline long sys_tgkill(int tgid, int tid, int sig)
{
	return syscall3(SYS_tgkill, tgid, tid, sig);
}

/* Returns the bytes of @mask the kernel filled (Linux), or an errno. */
static inline long sys_sched_getaffinity(int pid, size_t len,
					 unsigned long *mask)
{
	return syscall3(SYS_sched_getaffinity, pid, (long)len, (long)mask);
}

/* Only for pid 1 on Linux at the end of its work: the machine goes off. */
static inline long sys_reboot(unsigned int cmd)
{
	return syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			cmd, 0);
}

static inline long sys_getrandom(void *buf, size_t len, unsigned int flags)
{
	return syscall3(SYS_getrandom, (long)buf, (long)len, flags);
}

static inline long sys_uname(struct utsname *buf)
{
	return syscall1(SYS_uname, (long)buf);
}

static inline long sys_prctl(int option, unsigned long a2, unsigned long a3,
			     unsigned long a4, unsigned long a5)
{
	return syscall5(SYS_prctl, option, (long)a2, (long)a3, (long)a4,
			(long)a5);
}

static inline long sys_arch_prctl(int code, unsigned long addr)
{
	return syscall2(SYS_arch_prctl, code, (long)addr);
}

#endif /* USER_RT_SYS_H */
