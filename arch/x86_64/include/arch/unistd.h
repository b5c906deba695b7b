/* SPDX-License-Identifier: MIT */
/*
 * Linux x86_64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl)
 * of the calls oomlab implements, and oomlab's test-only numbers. The
 * table is the ABI: never renumber.
 */
#ifndef ARCH_UNISTD_H
#define ARCH_UNISTD_H

#define __NR_read		0
#define __NR_write		1
#define __NR_open		2
#define __NR_close		3
#define __NR_stat		4
#define __NR_fstat		5
#define __NR_lstat		6
#define __NR_lseek		8
#define __NR_mmap		9
#define __NR_mprotect		10
#define __NR_munmap		11
#define __NR_brk		12
#define __NR_pread64		17
#define __NR_sched_yield	24
#define __NR_mincore		27
#define __NR_madvise		28
#define __NR_dup		32
#define __NR_dup2		33
#define __NR_nanosleep		35
#define __NR_getpid		39
#define __NR_clone		56
#define __NR_execve		59
#define __NR_exit		60
#define __NR_kill		62
#define __NR_uname		63
#define __NR_fcntl		72
#define __NR_ftruncate		77
#define __NR_getcwd		79
#define __NR_chdir		80
#define __NR_mkdir		83
#define __NR_rmdir		84
#define __NR_unlink		87
#define __NR_setpgid		109
#define __NR_getppid		110
#define __NR_getpgrp		111
#define __NR_setsid		112
#define __NR_getpgid		121
#define __NR_getsid		124
#define __NR_mlock		149
#define __NR_munlock		150
#define __NR_mlockall		151
#define __NR_munlockall		152
#define __NR_prctl		157
#define __NR_arch_prctl		158
#define __NR_gettid		186
#define __NR_futex		202
#define __NR_getdents64		217
#define __NR_set_tid_address	218
#define __NR_clock_gettime	228
#define __NR_exit_group		231
#define __NR_tgkill		234
#define __NR_openat		257
#define __NR_mkdirat		258
#define __NR_newfstatat		262
#define __NR_unlinkat		263
#define __NR_eventfd		284
#define __NR_eventfd2		290
#define __NR_dup3		292
#define __NR_getrandom		318
#define __NR_execveat		322
#define __NR_mlock2		325
#define __NR_pidfd_open		434
#define __NR_process_mrelease	448

/*
 * oomlab's own numbers, for boot tests only: far above Linux's table.
 * Their handlers return -ENOSYS unless a test armed them.
 */
#define __NR_oomlab_test_ping	1000
#define __NR_oomlab_test_exit	1001
#define __NR_oomlab_test_nop	1002

#endif
