/* SPDX-License-Identifier: MIT */
/*
 * Resource limits: getrlimit(2), setrlimit(2), prlimit64(2) with Linux's
 * resources, defaults and errnos. A process's limits are shared by its
 * threads (Linux keeps them in signal_struct) and copied to a child.
 *
 * Enforced: RLIMIT_NOFILE (fd allocation, fs/fdtable.c), RLIMIT_MEMLOCK,
 * RLIMIT_AS and RLIMIT_STACK (the mapping calls and stack growth,
 * mm/rlimit_vm.c), RLIMIT_NPROC (a new thread, for a user other than
 * root). The others are stored and reported only (docs/glibc.md says
 * which and why).
 *
 * Root and capabilities: every oomlab process starts as uid 0 with every
 * capability, as Linux's init does. CAP_IPC_LOCK lifts RLIMIT_MEMLOCK
 * (Linux can_do_mlock()), CAP_SYS_RESOURCE allows raising a hard limit;
 * capset(2) or setuid(2) to a non-zero uid drop them (kernel/cred.h).
 */
#ifndef KERNEL_RLIMIT_H
#define KERNEL_RLIMIT_H

#include "lib/types.h"

/* Linux's resource numbers (asm-generic/resource.h). */
#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

#define RLIM_INFINITY		(~0ULL)

/* Linux's fs.nr_open default: RLIMIT_NOFILE's hard limit may not exceed
 * it, not even for root. */
#define RLIMIT_NR_OPEN		(1024 * 1024)

/* The user ABI's struct rlimit64 (and x86_64's struct rlimit). */
struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

/* A process's limits. Locking: to modify [p] (its process->lock); to
 * read, atomic loads of each value. */
struct rlimit_set {
	struct rlimit64 lim[RLIM_NLIMITS];
};

struct process;

void rlimit_init_default(struct rlimit_set *s);
void rlimit_copy(struct rlimit_set *dst, const struct rlimit_set *src);
u64 rlimit_cur(unsigned int resource);
int rlimit_do_prlimit(struct process *p, unsigned int resource,
		      const struct rlimit64 *new, struct rlimit64 *old);
int rlimit_nproc_check(struct process *p);
void rlimit_nproc_unlisted(int delta);

#endif /* KERNEL_RLIMIT_H */
