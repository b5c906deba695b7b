/* SPDX-License-Identifier: MIT */
/*
 * Making processes and threads from a running process: fork, vfork,
 * clone and clone3 (kernel/process_fork.c), with Linux 6.1's flag
 * rules and errnos (copy_process(), kernel_clone(), clone3).
 */
#ifndef KERNEL_PROCESS_FORK_H
#define KERNEL_PROCESS_FORK_H

#include "lib/types.h"

/* Linux's clone flags (include/uapi/linux/sched.h). */
#define CLONE_CSIGNAL		0x000000ffULL
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_VFORK		0x00004000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWTIME		0x00000080ULL
#define CLONE_CLEAR_SIGHAND	0x100000000ULL
#define CLONE_INTO_CGROUP	0x200000000ULL

/* What a clone asks for (Linux's struct kernel_clone_args). */
struct clone_request {
	u64 flags;		/* CLONE_*, without the exit signal */
	u64 pidfd;		/* CLONE_PIDFD: where the fd is stored */
	u64 child_tid;		/* CLONE_CHILD_SETTID / _CLEARTID word */
	u64 parent_tid;		/* CLONE_PARENT_SETTID word */
	int exit_signal;	/* the signal its parent gets at its end */
	u64 stack;		/* the child's stack pointer; 0: the caller's */
	u64 tls;		/* CLONE_SETTLS: the FS base */
	int cgroup;		/* CLONE_INTO_CGROUP: an fd of the cgroup2
				 * directory the child starts in */
};

long process_clone(const struct clone_request *req);

#endif
