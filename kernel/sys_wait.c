// SPDX-License-Identifier: MIT
/*
 * wait4(2) and waitid(2): a process reaps its children (the processes
 * it forked or cloned, kernel/process_fork.c), with Linux 6.1's argument
 * checks and errnos (kernel_wait4(), kernel_waitid()).
 *
 * Which children: wait4's pid > 0 (that child), -1 (any), 0 (the
 * caller's process group) or < -1 (that group): the children whose
 * process group it is. Without __WALL, __WCLONE selects the children
 * whose exit signal is not SIGCHLD, its absence the others (Linux's
 * eligible_child()).
 *
 * A tracer waits for the threads it traces as for children (Linux's
 * ptrace list): their ptrace stops are reported whatever the options,
 * status (code << 8) | 0x7f, waitid's CLD_TRAPPED with the code, the
 * thread's tid as the pid; a traced child's own group stops are not
 * reported to its tracer-parent apart from those (kernel/ptrace.h).
 *
 * What is reported: ends (WEXITED; wait4 always); with WUNTRACED
 * (WSTOPPED) a stop, status (sig << 8) | 0x7f, waitid's CLD_STOPPED
 * with the signal; with WCONTINUED a SIGCONT that resumed it, status
 * 0xffff, CLD_CONTINUED with SIGCONT (kernel/signal_stop.c). Each stop
 * or continue is reported once (WNOWAIT only looks), the child is not
 * reaped. rusage is all zero: no times are kept per process yet. A child
 * another waiter (a kernel process_wait()) claimed is a child but not
 * reapable by us.
 *
 * The wait: killable, until one of the caller's children ends, stops or
 * continues (child_events moves, process_notify_parent() and
 * signal_stop.c); there is no other signal to interrupt it.
 *
 * Locking: the process list lock ([L]) for the walk, each child's
 * p->lock for its claim and status.
 */
#include <arch/uaccess.h>
#include "kernel/pidfd.h"
#include "kernel/process.h"
#include "kernel/process_fork.h"
#include "kernel/process_internal.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/wait.h"
#include "lib/errno.h"

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002	/* WSTOPPED */
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3

#define WAIT_CORE_BIT	0x80	/* the status word's "core dumped" */
#define WAIT_STOPPED	0x7f	/* low byte of a stop's status word */
#define WAIT_CONTINUED	0xffff	/* a continue's status word */

#define RUSAGE_SIZE	144	/* x86_64 struct rusage */

/* Which children a wait is for. */
struct wait_opts {
	enum { WAIT_ANY, WAIT_PID, WAIT_PGID } type;
	int id;				/* the pid or the group */
	unsigned int options;
};

/* What a wait found. */
struct wait_result {
	int pid;			/* 0: no child ended (WNOHANG) */
	int status;			/* the wait status (signal.h) */
	int code;			/* CLD_STOPPED, CLD_CONTINUED; 0: an end */
};

/* Is @c, a child of @self, one @wo asks for? */
static bool wait_eligible(struct process *self, struct process *c,
			  const struct wait_opts *wo)
{
	if (wo->type == WAIT_PID && c->tgid != wo->id)
		return false;
	if (wo->type == WAIT_PGID && c->pgid != wo->id)
		return false;
	if (wo->options & __WALL)
		return true;
	return (c->exit_signal != SIGCHLD) == !!(wo->options & __WCLONE);
}

/* Claim @c, an ended child, unless another waiter has (WNOWAIT only
 * looks). Return: the claim is ours. Context: [L] held. */
static bool wait_claim(struct process *c, unsigned int options)
{
	bool ok;

	spin_lock(&c->lock);
	ok = !c->has_waiter;
	if (ok && !(options & WNOWAIT))
		c->has_waiter = true;
	spin_unlock(&c->lock);
	return ok;
}

/* A stop or continue of @c that @wo asks for, into @res (taken unless
 * WNOWAIT). Linux's wait_task_stopped(), wait_task_continued().
 * Return: found. Context: [L] held. */
static bool wait_job_event(struct process *c, const struct wait_opts *wo,
			   struct wait_result *res)
{
	int code;

	spin_lock(&c->lock);
	code = c->sig.stop_report;
	if ((code == CLD_STOPPED && (wo->options & WUNTRACED)) ||
	    (code == CLD_CONTINUED && (wo->options & WCONTINUED))) {
		res->pid = c->tgid;
		res->code = code;
		res->status = code == CLD_STOPPED ?
			      c->sig.stop_sig << 8 | WAIT_STOPPED :
			      WAIT_CONTINUED;
		if (!(wo->options & WNOWAIT))
			c->sig.stop_report = 0;
	} else {
		code = 0;
	}
	spin_unlock(&c->lock);
	return code != 0;
}

/* A ptrace stop of a thread of @c that @self traces, into @res (taken
 * unless WNOWAIT). Context: [L] held. */
static bool wait_ptrace_event(struct process *self, struct process *c,
			      const struct wait_opts *wo,
			      struct wait_result *res)
{
	int tid, code;

	if (!ptrace_wait_stop(self, c, !(wo->options & WNOWAIT), &tid, &code))
		return false;
	res->pid = tid;
	res->code = CLD_TRAPPED;
	res->status = code << 8 | WAIT_STOPPED;
	return true;
}

/*
 * One pass over the caller's children: the ended one to report (claimed,
 * with a reference) in *@found, or a stop or continue in @res. Return:
 * how many children @wo selects. Context: [L] held.
 */
static int wait_scan(struct process *self, const struct wait_opts *wo,
		     struct process **found, struct wait_result *res)
{
	struct process *c;
	int n = 0;

	*found = NULL;
	for_each_process(c) {
		bool traced = ptrace_traced_by(c, self);

		/* __WCLONE and __WALL do not matter for a tracee */
		if (traced && wait_eligible(self, c, &(struct wait_opts){
				wo->type, wo->id, __WALL })) {
			if (c->parent != self)
				n++;
			if (wait_ptrace_event(self, c, wo, res))
				break;
		}
		if (c->parent != self || !wait_eligible(self, c, wo))
			continue;
		n++;
		if (!traced && !__atomic_load_n(&c->exited, __ATOMIC_ACQUIRE) &&
		    wait_job_event(c, wo, res))
			break;
		if (!(wo->options & WEXITED) ||
		    !__atomic_load_n(&c->exited, __ATOMIC_ACQUIRE) ||
		    !wait_claim(c, wo->options))
			continue;
		process_get(c);
		*found = c;
		break;
	}
	return n;
}

/* Take @c's status; reap it unless WNOWAIT. Drops the scan's reference. */
static void wait_reap(struct process *c, unsigned int options,
		      struct wait_result *res)
{
	spin_lock(&c->lock);
	res->status = c->exit_status;
	spin_unlock(&c->lock);
	res->pid = c->tgid;
	if (!(options & WNOWAIT))
		process_unlink(c);
	process_put(c);
}

/* Linux's do_wait(): reap a child @wo selects, waiting unless WNOHANG.
 * Return: 0 (res filled, pid 0 for WNOHANG and none ended); -ECHILD;
 * -EINTR (killed). */
static int do_wait(const struct wait_opts *wo, struct wait_result *res)
{
	struct process *self = process_current();
	struct process *c;
	unsigned long events;
	int n;

	*res = (struct wait_result){ 0 };
	if (!self)
		return -ECHILD;
	for (;;) {
		process_list_lock();
		events = self->child_events;
		n = wait_scan(self, wo, &c, res);
		process_list_unlock();
		if (c) {
			wait_reap(c, wo->options, res);
			return 0;
		}
		if (res->pid)
			return 0;	/* a stop or continue */
		if (!n)
			return -ECHILD;
		if (wo->options & WNOHANG)
			return 0;
		if (wait_event_killable(self->child_wq,
					__atomic_load_n(&self->child_events,
							__ATOMIC_ACQUIRE) !=
						events))
			return -EINTR;
	}
}

static int put_rusage(void __user *ru)
{
	return ru && clear_user(ru, RUSAGE_SIZE) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(wait4, int, upid, int __user *, stat_addr, int, options,
		void __user *, ru)
{
	struct wait_opts wo = { .options = (unsigned int)options | WEXITED };
	struct wait_result res;
	int r;

	if ((unsigned int)options & ~(WNOHANG | WUNTRACED | WCONTINUED |
				      __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (upid == (int)0x80000000)
		return -ESRCH;		/* -INT_MIN is not defined */
	if (upid == -1)
		wo.type = WAIT_ANY;
	else if (upid <= 0)
		wo = (struct wait_opts){ WAIT_PGID, upid ? -upid : 0,
					 wo.options };
	else
		wo = (struct wait_opts){ WAIT_PID, upid, wo.options };
	if (wo.type == WAIT_PGID && !wo.id && process_current())
		wo.id = process_current()->tgid;
	r = do_wait(&wo, &res);
	if (r || !res.pid)
		return r;
	if (stat_addr && put_user(res.status, stat_addr))
		return -EFAULT;
	if (put_rusage(ru))
		return -EFAULT;
	return res.pid;
}

/* x86_64's siginfo_t for SIGCHLD, as far as waitid fills it. */
struct waitid_info {
	int si_signo, si_errno, si_code, pad;
	int si_pid, si_uid, si_status;
};

/* The siginfo fields for @res (all zero when nothing ended). */
static void waitid_info_fill(const struct wait_result *res,
			     struct waitid_info *info)
{
	*info = (struct waitid_info){ 0 };
	if (!res->pid)
		return;
	info->si_signo = SIGCHLD;
	info->si_pid = res->pid;
	if (res->code == CLD_TRAPPED) {
		info->si_code = CLD_TRAPPED;
		info->si_status = res->status >> 8;
	} else if (res->code) {
		info->si_code = res->code;
		info->si_status = res->code == CLD_STOPPED ?
				  res->status >> 8 : SIGCONT;
	} else if (wait_status_is_exit(res->status)) {
		info->si_code = CLD_EXITED;
		info->si_status = wait_status_code(res->status);
	} else {
		info->si_code = res->status & WAIT_CORE_BIT ? CLD_DUMPED :
							      CLD_KILLED;
		info->si_status = wait_status_sig(res->status);
	}
}

/* waitid's idtype and id as a wait_opts (Linux's kernel_waitid()). */
static int waitid_opts(int which, int upid, struct wait_opts *wo)
{
	struct process *p;
	int err = 0;

	switch (which) {
	case P_ALL:
		wo->type = WAIT_ANY;
		return 0;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo->type = WAIT_PID;
		wo->id = upid;
		return 0;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo->type = WAIT_PGID;
		wo->id = upid;
		if (!upid && process_current())
			wo->id = process_current()->tgid;
		return 0;
	case P_PIDFD:
		if (upid < 0)
			return -EINVAL;
		p = pidfd_process(upid, &err);
		if (!p)
			return err;
		wo->type = WAIT_PID;
		wo->id = p->tgid;
		process_put(p);
		return 0;
	}
	return -EINVAL;
}

SYSCALL_DEFINE5(waitid, int, which, int, upid, void __user *, infop,
		int, options, void __user *, ru)
{
	struct wait_opts wo = { .options = (unsigned int)options };
	struct wait_result res;
	struct waitid_info info;
	int r;

	if ((unsigned int)options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED |
				      WCONTINUED | __WNOTHREAD | __WCLONE |
				      __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	r = waitid_opts(which, upid, &wo);
	if (!r)
		r = do_wait(&wo, &res);
	if (r)
		return r;
	if (res.pid && put_rusage(ru))
		return -EFAULT;
	if (!infop)
		return 0;
	waitid_info_fill(&res, &info);
	if (copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}
