// SPDX-License-Identifier: MIT
/*
 * Sending signals (kernel/signal.h): kill(2), tkill(2), tgkill(2),
 * rt_sigqueueinfo(2), the itimer, SIGCHLD. Linux's __send_signal() and
 * complete_signal(): drop what would be ignored, queue the rest, pick a
 * thread that does not block it and wake it; a fatal default action ends
 * the whole process through process_kill(), the path the OOM killer
 * uses, so a fatal signal ends a process at the same points as before.
 *
 * Locking: process->lock ([p]) around every pending set and mask; the
 * wakeup (task pi_lock) nests inside it. From interrupt context (the
 * itimer) the lock is only ever trylocked (signal_itimer.c).
 */
#include "kernel/process.h"
#include "kernel/process_init.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/signal_internal.h"
#include "kernel/task.h"
#include "lib/errno.h"

/* The bare siginfo of a user-sent @sig from the calling process. */
struct signal_entry signal_entry_user(int sig, int code)
{
	struct process *self = process_current();

	return (struct signal_entry){
		.signo = sig, .code = code, .pid = self ? self->tgid : 0,
	};
}

static bool blocks(const struct uthread *ut, int sig)
{
	return ut->sig.blocked & SIGNAL_BIT(sig);
}

/* Did @ut block @sig before an rt_sigtimedwait unblocked it to wait? */
static bool blocks_really(const struct uthread *ut, int sig)
{
	return (ut->sig.blocked | ut->sig.real_blocked) & SIGNAL_BIT(sig);
}

static struct uthread *first_thread(struct process *p)
{
	if (list_empty(&p->threads))
		return NULL;
	return list_first_entry(&p->threads, struct uthread, node);
}

/* A thread of @p that takes @sig now: @target if given, else the first
 * that does not block it (Linux's wants_signal()). */
static struct uthread *wanting_thread(struct process *p,
				      struct uthread *target, int sig)
{
	struct uthread *ut;

	if (target)
		return blocks(target, sig) ? NULL : target;
	list_for_each_entry(ut, &p->threads, node)
		if (!blocks(ut, sig))
			return ut;
	return NULL;
}

/* Tell @ut's task it has a signal: an interruptible sleep ends, a run in
 * user mode on another CPU is interrupted. */
static void signal_wake(struct uthread *ut)
{
	__atomic_store_n(&ut->task->sigpending, true, __ATOMIC_RELEASE);
	wake_up_state(ut->task, TASK_INTERRUPTIBLE);
	signal_kick(ut->task);
}

/**
 * signal_send_locked - make @e pending on @p (or on its thread @target).
 * @p: the process
 * @target: the thread for tkill/tgkill, NULL for the whole process
 * @e: the signal (1..64) and its siginfo
 * @may_kill: the caller can call process_kill(); false in interrupt
 *	      context, where a fatal signal is queued instead and the
 *	      thread that takes it ends the process (signal_deliver())
 *
 * Context: p->lock held, any context.
 * Return: 0 (queued, coalesced or ignored); -EAGAIN (a real-time queue
 * is full); SIGNAL_SEND_FATAL: nothing queued, the default action ends
 * the process - the caller calls process_kill() once the lock is off.
 */
int signal_send_locked(struct process *p, struct uthread *target,
		       const struct signal_entry *e, bool may_kill)
{
	const struct signal_disposition *ka = &p->sig.action[e->signo - 1];
	struct uthread *probe = target ? target : first_thread(p);
	struct signal_pending *q = target ? &target->sig.pending
					  : &p->sig.shared;
	struct uthread *ut;
	int r;

	/* Linux's SIGNAL_UNKILLABLE (sig_task_ignored()): pid 1 takes only
	 * the signals it has a handler for. */
	if (ka->handler == SIG_DFL && process_is_init(p))
		return 0;
	if (signal_handler_ignores(ka, e->signo) &&
	    !(probe && blocks_really(probe, e->signo)))
		return 0;
	ut = wanting_thread(p, target, e->signo);
	if (may_kill && ka->handler == SIG_DFL &&
	    signal_default_action(e->signo) == SIGNAL_FATAL &&
	    ((ut && !blocks_really(ut, e->signo)) ||
	     (SIGNAL_BIT(e->signo) & SIGNAL_UNCATCHABLE)))
		return SIGNAL_SEND_FATAL;
	r = signal_pending_add(q, e);
	if (!r && ut)
		signal_wake(ut);
	return r;
}

/* Send @e to @p (@target: one of its threads, or NULL). */
static int send(struct process *p, struct uthread *target,
		const struct signal_entry *e)
{
	bool continued;
	int r;

	if (!e->signo)
		return 0;
	if (signal_default_action(e->signo) == SIGNAL_INVALID)
		return -EINVAL;
	spin_lock(&p->lock);
	continued = signal_prepare_locked(p, e->signo);
	r = signal_send_locked(p, target, e, true);
	spin_unlock(&p->lock);
	if (continued)
		signal_continued(p);
	if (r == SIGNAL_SEND_FATAL)
		r = process_kill(p, e->signo);
	return r;
}

/**
 * signal_send_process - send @e to process @p (kill(2), rt_sigqueueinfo).
 * @p: the process; the caller holds a reference or is one of its threads
 * @e: the signal (0: only check) and its siginfo
 *
 * Context: task context; takes p->lock.
 * Return: 0; -EINVAL for a bad signal number; -EAGAIN (real-time queue
 * full).
 */
int signal_send_process(struct process *p, const struct signal_entry *e)
{
	return send(p, NULL, e);
}

/* The live thread @tid of @p, or NULL. Context: p->lock held. */
static struct uthread *thread_of(struct process *p, int tid)
{
	struct uthread *ut;

	list_for_each_entry(ut, &p->threads, node)
		if (ut->task->tid == tid)
			return ut;
	return NULL;
}

/* Send @e to thread @tid of @p. Return: as send(); -ESRCH: no such
 * thread. */
static int send_thread(struct process *p, int tid,
		       const struct signal_entry *e)
{
	struct uthread *ut;
	bool continued = false;
	int r = -ESRCH;

	if (e->signo && signal_default_action(e->signo) == SIGNAL_INVALID) {
		spin_lock(&p->lock);
		r = thread_of(p, tid) ? -EINVAL : -ESRCH;
		spin_unlock(&p->lock);
		return r;
	}
	spin_lock(&p->lock);
	ut = thread_of(p, tid);
	if (ut && e->signo) {
		continued = signal_prepare_locked(p, e->signo);
		r = signal_send_locked(p, ut, e, true);
	} else if (ut) {
		r = 0;
	}
	spin_unlock(&p->lock);
	if (continued)
		signal_continued(p);
	if (r == SIGNAL_SEND_FATAL)
		r = process_kill(p, e->signo);
	return r;
}

/* The process with a live thread @tid, with a reference, or NULL. */
static struct process *process_of_tid(int tid)
{
	struct process *p, *found = NULL;

	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		if (thread_of(p, tid)) {
			found = p;
			process_get(p);
		}
		spin_unlock(&p->lock);
		if (found)
			break;
	}
	process_list_unlock();
	return found;
}

/**
 * signal_send_tid - send @e to one thread (tgkill(2), tkill(2)).
 * @tgid: the thread's process, or 0 for any (tkill)
 * @tid: the thread
 * @e: the signal (0: only check) and its siginfo
 *
 * Linux's order: ids <= 0 are -EINVAL, then a missing thread -ESRCH,
 * then a bad signal -EINVAL.
 * Context: task context; takes the process list lock and p->lock.
 * Return: 0; -EINVAL; -ESRCH; -EAGAIN (real-time queue full).
 */
int signal_send_tid(int tgid, int tid, const struct signal_entry *e)
{
	struct process *p;
	int r;

	if (tid <= 0 || tgid < 0)
		return -EINVAL;
	p = tgid ? process_get_by_pid(tgid, PROCESS_ALIVE)
		 : process_of_tid(tid);
	if (!p)
		return -ESRCH;
	r = send_thread(p, tid, e);
	process_put(p);
	return r;
}

/* kill(-1, @sig): every live process but the caller's. Return: the
 * last send's result, -ESRCH when there is no other process (Linux's). */
static int kill_others(int sig)
{
	struct process *self = process_current(), *p;
	struct signal_entry e = signal_entry_user(sig, SI_USER);
	int r = -ESRCH;

	process_list_lock();
	for_each_process(p)
		if (p != self &&
		    __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED))
			r = send(p, NULL, &e);
	process_list_unlock();
	return r;
}

/*
 * kill(0) and kill(-pgid): every live process of group @pgid (Linux's
 * __kill_pgrp_info(): 0 when any delivery succeeded, else the last
 * error; -ESRCH for a group with no live process).
 */
static int kill_pgrp(int pgid, const struct signal_entry *e)
{
	struct process *p;
	bool delivered = false;
	int r = -ESRCH, err;

	process_list_lock();
	for_each_process(p) {
		if (p->pgid != pgid ||
		    !__atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED))
			continue;
		err = send(p, NULL, e);
		delivered |= !err;
		r = err;
	}
	process_list_unlock();
	return delivered ? 0 : r;
}

/**
 * signal_kill - kill(2): @sig from the calling process to @pid.
 * @pid: > 0 a process; 0 the caller's process group; -1 every other
 *	 process; < -1 the process group -@pid
 * @sig: 0 (check only) or a signal number
 *
 * Linux's order: a missing process is -ESRCH before @sig is looked at; an
 * exiting process is still there, a zombie is not.
 * Context: task context.
 * Return: 0; -ESRCH; -EINVAL for a bad @sig.
 */
int signal_kill(int pid, int sig)
{
	struct process *self = process_current(), *p;
	struct signal_entry e = signal_entry_user(sig, SI_USER);
	int r;

	if (pid == -1)
		return kill_others(sig);
	if (pid == (int)0x80000000)
		return -ESRCH;
	if (pid == 0 && !self)
		return -ESRCH;
	if (pid <= 0)
		return kill_pgrp(pid ? -pid : self->pgid, &e);
	p = process_get_by_pid(pid, PROCESS_ALIVE);
	if (!p)
		return -ESRCH;
	r = send(p, NULL, &e);
	process_put(p);
	return r;
}

/**
 * signal_recalc_locked - @ut's sigpending flag from what it may take now.
 * @p: its process
 * @ut: the thread
 *
 * Context: p->lock held.
 */
void signal_recalc_locked(struct process *p, struct uthread *ut)
{
	/* A PTRACE_INTERRUPT is taken where signals are (ptrace_traps()) */
	bool any = ((ut->sig.pending.set | p->sig.shared.set) &
		    ~ut->sig.blocked) || ut->ptrace.trap_pending;

	__atomic_store_n(&ut->task->sigpending, any, __ATOMIC_RELEASE);
}

/**
 * signal_set_blocked_locked - change @ut's blocked mask.
 * @p: its process
 * @ut: the thread (the caller itself)
 * @blocked: the new mask; SIGKILL and SIGSTOP are never blocked
 *
 * Context: p->lock held.
 */
void signal_set_blocked_locked(struct process *p, struct uthread *ut,
			       u64 blocked)
{
	ut->sig.blocked = blocked & ~SIGNAL_UNCATCHABLE;
	signal_recalc_locked(p, ut);
}

/**
 * signal_recalc - recompute @t's sigpending flag.
 * @t: a process thread
 *
 * Context: task context; takes its process's lock.
 */
void signal_recalc(struct task *t)
{
	struct uthread *ut = uthread_of(t);

	if (!ut)
		return;
	spin_lock(&ut->proc->lock);
	signal_recalc_locked(ut->proc, ut);
	spin_unlock(&ut->proc->lock);
}

/**
 * signal_parent_ignores_sigchld - would @parent's children be reaped
 * without a wait (Linux's SIGCHLD set to SIG_IGN or SA_NOCLDWAIT)?
 * @parent: the parent process; the caller holds a reference
 *
 * For fork/wait4's auto-reap decision at a child's exit.
 * Context: task context; takes parent->lock.
 * Return: true when the children are to be reaped at once.
 */
bool signal_parent_ignores_sigchld(struct process *parent)
{
	const struct signal_disposition *ka = &parent->sig.action[SIGCHLD - 1];
	bool ign;

	spin_lock(&parent->lock);
	ign = ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
	spin_unlock(&parent->lock);
	return ign;
}

/**
 * signal_notify_parent - SIGCHLD to @parent: its child @child_tgid ended.
 * @parent: the parent; the caller holds a reference
 * @child_tgid: the child's process id (si_pid)
 * @status: the child's wait status (wait_status_exited() or
 *	    wait_status_signaled()); si_code CLD_EXITED with the exit code,
 *	    or CLD_KILLED with the signal, as si_status
 *
 * Called by the process exit path (process_notify_parent()) once the
 * child is a zombie, before its parent is woken from wait4.
 * Context: task context; takes parent->lock.
 */
void signal_notify_parent(struct process *parent, int child_tgid,
			  int status)
{
	bool exited = wait_status_is_exit(status);
	struct signal_entry e = {
		.signo = SIGCHLD,
		.code = exited ? CLD_EXITED : CLD_KILLED,
		.pid = child_tgid,
		.status = exited ? wait_status_code(status)
				 : wait_status_sig(status),
	};

	(void)send(parent, NULL, &e);
}
