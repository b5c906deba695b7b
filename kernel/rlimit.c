// SPDX-License-Identifier: MIT
/*
 * Resource limits (kernel/rlimit.h): the defaults a process starts with,
 * the three system calls, and rlimit_cur(), which the enforcing code asks
 * for the running process's soft limit.
 *
 * Locking: [p] process->lock orders the writers of a process's limits;
 * readers load each 64-bit value atomically (a reader racing a
 * setrlimit() sees the old or the new value, as in Linux's READ_ONCE()).
 */
#include <arch/uaccess.h>
#include "kernel/cred.h"
#include "kernel/process.h"
#include "kernel/rlimit.h"
#include "kernel/syscall.h"
#include "lib/errno.h"

/*
 * Linux 6.1's INIT_RLIMITS (x86_64): the stack 8 MiB soft, MEMLOCK 8 MiB
 * (MLOCK_LIMIT), NOFILE 1024/4096 (INR_OPEN_CUR/INR_OPEN_MAX), core
 * dumps off, MSGQUEUE 800 KiB, no nice or realtime priority. NPROC and
 * SIGPENDING are set by Linux's fork_init() to max_threads / 2: here half
 * of kernel.threads-max's default, which is what bounds threads here.
 */
static u64 rlimit_nproc_default(void)
{
	return __atomic_load_n(&process_threads_max, __ATOMIC_RELAXED) / 2;
}

/**
 * rlimit_init_default - the limits of a process that inherits none.
 * @s: the set to fill
 *
 * Context: any; @s is not shared yet.
 */
void rlimit_init_default(struct rlimit_set *s)
{
	u64 nproc = rlimit_nproc_default();

	for (unsigned int r = 0; r < RLIM_NLIMITS; r++)
		s->lim[r] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	s->lim[RLIMIT_STACK].rlim_cur = 8ULL << 20;
	s->lim[RLIMIT_CORE].rlim_cur = 0;
	s->lim[RLIMIT_NPROC] = (struct rlimit64){ nproc, nproc };
	s->lim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
	s->lim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8ULL << 20, 8ULL << 20 };
	s->lim[RLIMIT_SIGPENDING] = (struct rlimit64){ nproc, nproc };
	s->lim[RLIMIT_MSGQUEUE] = (struct rlimit64){ 819200, 819200 };
	s->lim[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	s->lim[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
}

static void rlimit_load(const struct rlimit64 *src, struct rlimit64 *dst)
{
	dst->rlim_cur = __atomic_load_n(&src->rlim_cur, __ATOMIC_RELAXED);
	dst->rlim_max = __atomic_load_n(&src->rlim_max, __ATOMIC_RELAXED);
}

/**
 * rlimit_copy - a child's limits: its parent's.
 * @dst: the child's set, not shared yet
 * @src: the parent's set
 *
 * Context: any.
 */
void rlimit_copy(struct rlimit_set *dst, const struct rlimit_set *src)
{
	for (unsigned int r = 0; r < RLIM_NLIMITS; r++)
		rlimit_load(&src->lim[r], &dst->lim[r]);
}

/**
 * rlimit_cur - the running process's soft limit of @resource.
 * @resource: RLIMIT_*
 *
 * Context: any task context.
 * Return: the limit in its unit (bytes, fds, ...); for a kernel thread
 * the default (Linux's kernel threads have init's limits; their full
 * capabilities lift the ones that allow it).
 */
u64 rlimit_cur(unsigned int resource)
{
	struct process *p = process_current();
	struct rlimit_set init;

	if (resource >= RLIM_NLIMITS)
		return RLIM_INFINITY;
	if (p)
		return __atomic_load_n(&p->rlim.lim[resource].rlim_cur,
				       __ATOMIC_RELAXED);
	rlimit_init_default(&init);
	return init.lim[resource].rlim_cur;
}

/**
 * rlimit_do_prlimit - read and/or set one limit of @p (Linux do_prlimit()).
 * @p: the process
 * @resource: RLIMIT_*, any value
 * @new: the new limit, or NULL to only read
 * @old: receives the limit before the change, or NULL
 *
 * Context: task context; takes @p->lock.
 * Return: 0; -EINVAL (no such resource, soft above hard); -EPERM (a hard
 * limit raised without CAP_SYS_RESOURCE, or NOFILE's above fs.nr_open).
 */
int rlimit_do_prlimit(struct process *p, unsigned int resource,
		      const struct rlimit64 *new, struct rlimit64 *old)
{
	struct rlimit64 *lim;
	int r = 0;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new && resource == RLIMIT_NOFILE &&
	    new->rlim_max > RLIMIT_NR_OPEN)
		return -EPERM;
	lim = &p->rlim.lim[resource];
	spin_lock(&p->lock);
	if (new && new->rlim_max > lim->rlim_max &&
	    !cred_capable(p, CAP_SYS_RESOURCE))
		r = -EPERM;
	if (!r && old)
		*old = *lim;
	if (!r && new) {
		__atomic_store_n(&lim->rlim_cur, new->rlim_cur,
				 __ATOMIC_RELAXED);
		__atomic_store_n(&lim->rlim_max, new->rlim_max,
				 __ATOMIC_RELAXED);
	}
	spin_unlock(&p->lock);
	return r;
}

/*
 * Thread slots taken by non-root processes that are not on the process
 * list yet (a fork between its slot and its list_add()): the walk below
 * cannot see them, so they are counted here, for every uid at once (an
 * over-count only while another user's fork is half done). Changed with
 * the process list lock held where a process joins the list, so that a
 * walk sees each slot exactly once.
 */
static long nproc_unlisted;		/* [a] */

/**
 * rlimit_nproc_unlisted - count (@delta 1) or stop counting (-1) a slot
 * of a process not yet on the process list (see nproc_unlisted).
 * @delta: 1 or -1
 *
 * Context: any; -1 with the process list lock held when the process has
 * just joined the list.
 */
void rlimit_nproc_unlisted(int delta)
{
	__atomic_fetch_add(&nproc_unlisted, delta, __ATOMIC_RELAXED);
}

/* Threads of every process whose real uid is @uid, the slots of
 * processes not yet listed included. */
static unsigned long threads_of_user(u32 uid)
{
	unsigned long n = 0;
	struct process *q;

	process_list_lock();
	n += (unsigned long)__atomic_load_n(&nproc_unlisted, __ATOMIC_RELAXED);
	for_each_process(q) {
		spin_lock(&q->lock);
		if (q->cred.uid == uid)
			n += (unsigned long)__atomic_load_n(&q->nr_thread_slots,
							    __ATOMIC_RELAXED);
		spin_unlock(&q->lock);
	}
	process_list_unlock();
	return n;
}

/**
 * rlimit_nproc_check - may @p keep the thread slot it has just taken
 * under RLIMIT_NPROC?
 * @p: the process the thread joins (its credentials are the new
 *     thread's)
 *
 * Linux 6.1's copy_process() counts the tasks of the real uid and fails
 * the clone past the caller's RLIMIT_NPROC, unless the user is root or
 * the caller has CAP_SYS_RESOURCE or CAP_SYS_ADMIN: as root nothing is
 * ever refused here. As Linux's ucounts, the new thread is counted
 * before the check (in @p's slots, or rlimit_nproc_unlisted()), so two
 * forks at once cannot both pass at the limit.
 *
 * Context: task context; takes the process list lock and process locks.
 * Return: 0, or -EAGAIN.
 */
int rlimit_nproc_check(struct process *p)
{
	u32 uid;

	spin_lock(&p->lock);
	uid = p->cred.uid;
	spin_unlock(&p->lock);
	if (!uid || cred_current_capable(CAP_SYS_RESOURCE) ||
	    cred_current_capable(CAP_SYS_ADMIN))
		return 0;
	return threads_of_user(uid) > rlimit_cur(RLIMIT_NPROC) ? -EAGAIN : 0;
}

/*
 * Linux's check_prlimit_permission(): another process's limits need all
 * its uids and gids equal to the caller's real ones, or CAP_SYS_RESOURCE.
 * Return: 0 or -EPERM.
 */
static int rlimit_may_access(struct process *target)
{
	struct process *self = process_current();
	struct cred me, them;

	if (target == self)
		return 0;
	spin_lock(&self->lock);
	me = self->cred;
	spin_unlock(&self->lock);
	spin_lock(&target->lock);
	them = target->cred;
	spin_unlock(&target->lock);
	if (me.uid == them.uid && me.uid == them.euid &&
	    me.uid == them.suid && me.gid == them.gid &&
	    me.gid == them.egid && me.gid == them.sgid)
		return 0;
	return cred_capable(self, CAP_SYS_RESOURCE) ? 0 : -EPERM;
}

/* The process prlimit64() names: 0 or our own pid is us (a reference). */
static struct process *rlimit_target(int pid)
{
	struct process *self = process_current();

	if (!pid || pid == self->tgid) {
		process_get(self);
		return self;
	}
	return process_get_by_pid(pid, PROCESS_ALIVE);
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, resource,
		const struct rlimit64 __user *, unew,
		struct rlimit64 __user *, uold)
{
	struct rlimit64 new, old;
	struct process *p;
	int r;

	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	p = rlimit_target(pid);
	if (!p)
		return -ESRCH;
	r = rlimit_may_access(p);
	if (!r)
		r = rlimit_do_prlimit(p, resource, unew ? &new : NULL,
				      uold ? &old : NULL);
	process_put(p);
	if (!r && uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource,
		struct rlimit64 __user *, ulim)
{
	struct rlimit64 lim;
	int r = rlimit_do_prlimit(process_current(), resource, NULL, &lim);

	if (!r && copy_to_user(ulim, &lim, sizeof(lim)))
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, resource,
		const struct rlimit64 __user *, ulim)
{
	struct rlimit64 lim;

	if (copy_from_user(&lim, ulim, sizeof(lim)))
		return -EFAULT;
	return rlimit_do_prlimit(process_current(), resource, &lim, NULL);
}
