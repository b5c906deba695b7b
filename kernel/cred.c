// SPDX-License-Identifier: MIT
/*
 * Credentials (kernel/cred.h): root's at the start, the capability test
 * the limits and the identity calls make (Linux capable(): the effective
 * set decides), and the snapshots the permission checks of the VFS read
 * (fs/permission.h): a copy taken under the process's lock, so one
 * check sees one consistent set of ids.
 */
#include "kernel/cred.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "mm/slab.h"

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

/**
 * cred_has_cap - is @cap in the effective set of @c?
 * @c: credentials (a snapshot)
 * @cap: CAP_*
 *
 * Context: any.
 * Return: true when it is.
 */
bool cred_has_cap(const struct cred *c, unsigned int cap)
{
	return c->cap_effective >> cap & 1;
}

/**
 * cred_in_group - is @gid the filesystem gid of @c or one of its
 * supplementary groups (Linux's in_group_p())?
 * @c: credentials (a snapshot)
 * @gid: a group id
 *
 * Context: any.
 * Return: true when it is.
 */
bool cred_in_group(const struct cred *c, u32 gid)
{
	if (gid == c->fsgid)
		return true;
	for (u32 i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

/**
 * cred_current - a snapshot of the running process's credentials.
 * @out: where it goes
 *
 * Context: task context; takes the process's lock.
 * Return: false for a kernel thread (it has none: it is the kernel).
 */
bool cred_current(struct cred *out)
{
	struct process *p = process_current();

	if (!p)
		return false;
	spin_lock(&p->lock);
	*out = p->cred;
	spin_unlock(&p->lock);
	return true;
}

/**
 * cred_current_dup - a copy of the running process's credentials that
 * lasts, for an open file (Linux's file->f_cred).
 * @out: the copy (kfree() it), or NULL for a kernel thread
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int cred_current_dup(struct cred **out)
{
	struct cred c;

	*out = NULL;
	if (!cred_current(&c))
		return 0;
	*out = kmalloc(sizeof(c), GFP_KERNEL);
	if (!*out)
		return -ENOMEM;
	**out = c;
	return 0;
}

/**
 * cred_for_access - turn @c into the credentials access(2) checks with
 * (Linux's access_override_creds()): the real ids act as the filesystem
 * ids, and a real uid other than 0 has no capability, while real root
 * keeps its permitted set.
 * @c: a snapshot, changed in place
 *
 * Context: any.
 */
void cred_for_access(struct cred *c)
{
	c->fsuid = c->uid;
	c->fsgid = c->gid;
	c->cap_effective = c->uid ? 0 : c->cap_permitted;
}
