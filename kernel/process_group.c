// SPDX-License-Identifier: MIT
/*
 * Process groups and sessions (kernel/process_group.h), with the checks
 * and errnos of Linux's kernel/sys.c (setpgid, getpgid, getsid, setsid)
 * and the group kill of its __kill_pgrp_info().
 *
 * Invariant: a session leader's pgid and sid both equal its pid, and only
 * setsid() makes one; no process leaves its session except by setsid().
 *
 * Locking: see process_group.h; every change holds the process list lock
 * (so setsid's "is there a group with my id?" walk and the change are one
 * step) and then the process's lock.
 */
#include "kernel/process.h"
#include "kernel/process_group.h"
#include "kernel/syscall.h"
#include "lib/errno.h"

/**
 * process_group_inherit - @child joins @parent's group and session.
 * @child: a new process (process_create()), before its first thread
 * @parent: the creating thread's process
 *
 * Context: task context; takes @parent's lock.
 */
void process_group_inherit(struct process *child, struct process *parent)
{
	spin_lock(&parent->lock);
	child->pgid = parent->pgid;
	child->sid = parent->sid;
	spin_unlock(&parent->lock);
}

/* Is there a live or zombie process in group @pgid (of session @sid, or
 * of any session when @sid is 0)? Context: process list lock held. */
static bool group_exists(int pgid, int sid)
{
	struct process *p;

	for_each_process(p)
		if (p->pgid == pgid && (!sid || p->sid == sid))
			return true;
	return false;
}

/* The pgid or sid of process @pid (0: the caller), or -ESRCH. */
static long read_id(int pid, bool session)
{
	struct process *p;
	long id;

	if (pid < 0)
		return -ESRCH;
	if (!pid)
		pid = process_current()->tgid;
	p = process_get_by_pid(pid, PROCESS_UNREAPED);
	if (!p)
		return -ESRCH;
	spin_lock(&p->lock);
	id = session ? p->sid : p->pgid;
	spin_unlock(&p->lock);
	process_put(p);
	return id;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	return read_id(pid, false);
}

SYSCALL_DEFINE0(getpgrp)
{
	return read_id(0, false);
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	return read_id(pid, true);
}

/* Linux's ksys_setsid(): -EPERM for a session leader and when a group
 * with the caller's pid as its id exists (it would be split from its
 * session); else a new session and group led by the caller. */
SYSCALL_DEFINE0(setsid)
{
	struct process *self = process_current();
	long r = -EPERM;

	process_list_lock();	/* [L]: every pgid and sid read stays */
	if (self->sid == self->tgid || group_exists(self->tgid, 0))
		goto out;
	spin_lock(&self->lock);
	self->pgid = self->sid = self->tgid;
	spin_unlock(&self->lock);
	r = self->tgid;
out:
	process_list_unlock();
	return r;
}

/*
 * Linux's setpgid() order: -EINVAL for a negative pgid; -ESRCH for a pid
 * that is neither the caller nor its child (no process has children
 * here yet); -EPERM for a session leader, and for a pgid naming no group
 * of the caller's session (joining another session's group would move
 * the process between sessions).
 */
SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *self = process_current();
	long r;

	if (pgid < 0)
		return -EINVAL;
	if (pid && pid != self->tgid)
		return -ESRCH;
	if (!pgid)
		pgid = self->tgid;
	process_list_lock();
	r = -EPERM;
	if (self->sid == self->tgid)
		goto out;
	if (pgid != self->tgid && !group_exists(pgid, self->sid))
		goto out;
	spin_lock(&self->lock);
	self->pgid = pgid;
	spin_unlock(&self->lock);
	r = 0;
out:
	process_list_unlock();
	return r;
}
