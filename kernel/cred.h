/* SPDX-License-Identifier: MIT */
/*
 * Credentials: a process's user and group ids, supplementary groups,
 * capability sets and file-creation mask. Every process starts as root
 * with every capability (Linux's init_cred); the identity system calls
 * (kernel/sys_identity.c) change them with Linux's rules. Linux keeps
 * credentials per thread and glibc makes setuid() and friends
 * process-wide by signalling every thread; oomlab keeps them per
 * process, which gives the same result for glibc programs.
 *
 * Locking: a process's cred is modified under its process->lock ([p])
 * and read under it too, except cap_effective and umask, which are
 * single words read atomically ([a]).
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include "lib/types.h"

/* Linux's capability numbers that oomlab checks. */
#define CAP_CHOWN		0
#define CAP_DAC_OVERRIDE	1
#define CAP_DAC_READ_SEARCH	2
#define CAP_FOWNER		3
#define CAP_FSETID		4
#define CAP_SETGID		6
#define CAP_SETUID		7
#define CAP_IPC_LOCK		14
#define CAP_SYS_ADMIN		21
#define CAP_SYS_RESOURCE	24
#define CAP_LAST_CAP		40	/* Linux 6.1: CAP_CHECKPOINT_RESTORE */
#define CAP_FULL_SET		((1ULL << (CAP_LAST_CAP + 1)) - 1)

/* Supplementary groups kept (Linux's NGROUPS_MAX is 65536). */
#define CRED_NGROUPS_MAX	64

struct cred {
	u32 uid, euid, suid, fsuid;	/* [p] */
	u32 gid, egid, sgid, fsgid;	/* [p] */
	u32 ngroups;			/* [p] */
	u32 groups[CRED_NGROUPS_MAX];	/* [p] */
	u64 cap_effective;		/* to modify: [p]; to read: [a] */
	u64 cap_permitted;		/* [p] */
	u64 cap_inheritable;		/* [p] */
	u32 umask;			/* to modify: [p]; to read: [a] */
};

struct process;

void cred_init_root(struct cred *c);
bool cred_capable(struct process *p, unsigned int cap);
bool cred_current_capable(unsigned int cap);
u32 cred_current_umask(void);
bool cred_has_cap(const struct cred *c, unsigned int cap);
bool cred_in_group(const struct cred *c, u32 gid);
bool cred_current(struct cred *out);
int cred_current_dup(struct cred **out);
void cred_for_access(struct cred *c);

#endif /* KERNEL_CRED_H */
