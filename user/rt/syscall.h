/* SPDX-License-Identifier: MIT */
/*
 * Raw Linux x86_64 system calls: the numbers of the calls oomlab's user
 * programs make, and syscall0()..syscall6(), which trap with the
 * `syscall` instruction.
 *
 * ABI (x86_64 SysV kernel convention): number in rax, arguments in rdi, rsi,
 * rdx, r10, r8, r9; the result comes back in rax; the instruction clobbers
 * rcx (return rip) and r11 (rflags). A result in [-4095, -1] is a negated
 * errno; no wrapper here touches any errno variable.
 */
#ifndef USER_RT_SYSCALL_H
#define USER_RT_SYSCALL_H

enum {
	SYS_read = 0,
	SYS_write = 1,
	SYS_open = 2,
	SYS_close = 3,
	SYS_stat = 4,
	SYS_fstat = 5,
	SYS_lseek = 8,
	SYS_mmap = 9,
	SYS_mprotect = 10,
	SYS_munmap = 11,
	SYS_brk = 12,
	SYS_rt_sigaction = 13,
	SYS_rt_sigprocmask = 14,
	SYS_rt_sigreturn = 15,
	SYS_pread64 = 17,
	SYS_sched_yield = 24,
	SYS_mincore = 27,
	SYS_madvise = 28,
	SYS_dup = 32,
	SYS_pause = 34,
	SYS_nanosleep = 35,
	SYS_getitimer = 36,
	SYS_alarm = 37,
	SYS_setitimer = 38,
	SYS_getpid = 39,
	SYS_clone = 56,
	SYS_fork = 57,
	SYS_vfork = 58,
	SYS_execve = 59,
	SYS_exit = 60,
	SYS_wait4 = 61,
	SYS_kill = 62,
	SYS_uname = 63,
	SYS_fcntl = 72,
	SYS_fsync = 74,
	SYS_fdatasync = 75,
	SYS_ftruncate = 77,
	SYS_getcwd = 79,
	SYS_chdir = 80,
	SYS_mkdir = 83,
	SYS_rmdir = 84,
	SYS_unlink = 87,
	SYS_setpgid = 109,
	SYS_getppid = 110,
	SYS_getpgrp = 111,
	SYS_setsid = 112,
	SYS_getpgid = 121,
	SYS_getsid = 124,
	SYS_rt_sigpending = 127,
	SYS_rt_sigtimedwait = 128,
	SYS_rt_sigqueueinfo = 129,
	SYS_rt_sigsuspend = 130,
	SYS_sigaltstack = 131,
	SYS_mlock = 149,
	SYS_munlock = 150,
	SYS_mlockall = 151,
	SYS_munlockall = 152,
	SYS_prctl = 157,
	SYS_arch_prctl = 158,
	SYS_reboot = 169,
	SYS_gettid = 186,
	SYS_tkill = 200,
	SYS_futex = 202,
	SYS_sched_getaffinity = 204,
	SYS_getdents64 = 217,
	SYS_set_tid_address = 218,
	SYS_clock_gettime = 228,
	SYS_clock_nanosleep = 230,
	SYS_exit_group = 231,
	SYS_tgkill = 234,
	SYS_waitid = 247,
	SYS_openat = 257,
	SYS_mkdirat = 258,
	SYS_newfstatat = 262,
	SYS_unlinkat = 263,
	SYS_eventfd = 284,
	SYS_eventfd2 = 290,
	SYS_dup3 = 292,
	SYS_getrandom = 318,
	SYS_execveat = 322,
	SYS_mlock2 = 325,
	SYS_clone3 = 435,
};

/* Largest errno a system call can return (as -MAX_ERRNO..-1). */
#define MAX_ERRNO 4095

/**
 * syscall_failed - does a raw system call result encode an error?
 * @ret: the value of rax after the call.
 *
 * Return: true for -MAX_ERRNO..-1; addresses (mmap) above that are results.
 */
static inline _Bool syscall_failed(long ret)
{
	return (unsigned long)ret >= (unsigned long)-MAX_ERRNO;
}

static inline long syscall0(long nr)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall1(long nr, long a1)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall2(long nr, long a1, long a2)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall3(long nr, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall4(long nr, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall5(long nr, long a1, long a2, long a3, long a4,
			    long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long syscall6(long nr, long a1, long a2, long a3, long a4,
			    long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif /* USER_RT_SYSCALL_H */
