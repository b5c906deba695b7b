// SPDX-License-Identifier: MIT
/*
 * Credentials (kernel/cred.h): root's at the start, and the capability
 * test the limits and the identity calls make (Linux capable(): the
 * effective set decides).
 */
#include "kernel/cred.h"
#include "kernel/process.h"

/**
 * cred_init_root - the credentials of a process that inherits none.
 * @c: the credentials to fill
 *
 * Uid and gid 0, no supplementary group, every capability permitted and
 * effective, none inheritable, umask 022 (Linux's init_cred and
 * init_fs).
 *
 * Context: any; @c is not shared yet.
 */
void cred_init_root(struct cred *c)
{
	*c = (struct cred){ .cap_effective = CAP_FULL_SET,
			    .cap_permitted = CAP_FULL_SET,
			    .umask = 022 };
}

/**
 * cred_capable - does @p hold capability @cap?
 * @p: the process
 * @cap: CAP_*
 *
 * Context: any.
 * Return: true when @cap is in @p's effective set.
 */
bool cred_capable(struct process *p, unsigned int cap)
{
	return __atomic_load_n(&p->cred.cap_effective, __ATOMIC_RELAXED) >>
	       cap & 1;
}

/**
 * cred_current_capable - does the running task hold capability @cap?
 * @cap: CAP_*
 *
 * Context: any task context.
 * Return: true for a kernel thread (it is the kernel), otherwise
 * cred_capable() of its process.
 */
bool cred_current_capable(unsigned int cap)
{
	struct process *p = process_current();

	return !p || cred_capable(p, cap);
}

/**
 * cred_current_umask - the running process's file-creation mask.
 *
 * Context: any task context.
 * Return: the mask; 0 for a kernel thread.
 */
u32 cred_current_umask(void)
{
	struct process *p = process_current();

	return p ? __atomic_load_n(&p->cred.umask, __ATOMIC_RELAXED) : 0;
}
