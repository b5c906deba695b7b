// SPDX-License-Identifier: MIT
/*
 * Job control: the stop signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU)
 * stop the whole process, SIGCONT resumes it, and the parent hears of
 * both (Linux 6.1's do_signal_stop(), prepare_signal() and
 * do_notify_parent_cldstop(), without ptrace).
 *
 *   a stop signal whose action is the default is dequeued by a thread
 *   (signal_deliver()): the group stop begins (sig.stop_sig), every
 *   other thread is kicked to its way to user mode, where it stops too;
 *   the parent gets SIGCHLD with CLD_STOPPED (not with SA_NOCLDSTOP)
 *   and its wait4(WUNTRACED)/waitid(WSTOPPED) sees the stop, once;
 *   SIGCONT, when it is sent (not delivered: a blocked or ignored
 *   SIGCONT resumes too), drops pending stop signals, ends the stop and
 *   wakes the threads; the parent's wait(WCONTINUED) sees it, once, and
 *   the first thread to wake sends the parent SIGCHLD with CLD_CONTINUED
 *   (as Linux's get_signal() does for SIGNAL_CLD_CONTINUED: the sender
 *   may hold the process list lock, kill(-pgrp)). A stop signal sent
 *   drops a pending SIGCONT.
 *
 * A stopped thread sleeps killably: SIGKILL, and so the OOM killer
 * (which kills with it) and the reaper behind it, still end a stopped
 * process; a signal other than SIGCONT or SIGKILL stays pending.
 *
 * Locking: sig.stop_sig and sig.stop_report under p->lock ([p]); the
 * parent's notification under the process list lock (its parent link).
 */
#include "kernel/cgroup.h"
#include "kernel/process.h"
#include "kernel/process_internal.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/signal_internal.h"
#include "kernel/task.h"
#include "kernel/wait.h"

#define STOP_SIGNALS							\
	(SIGNAL_BIT(SIGSTOP) | SIGNAL_BIT(SIGTSTP) | SIGNAL_BIT(SIGTTIN) | \
	 SIGNAL_BIT(SIGTTOU))

/* Tell @p's parent of a stop or a continue (@why: CLD_STOPPED, with the
 * stop signal @sig; CLD_CONTINUED). Linux's do_notify_parent_cldstop(). */
static void notify_parent(struct process *p, int why, int sig)
{
	struct process *parent;
	struct signal_entry e = {
		.signo = SIGCHLD, .code = why, .pid = p->tgid,
		.status = why == CLD_STOPPED ? sig : SIGCONT,
	};

	process_list_lock();
	parent = p->parent;
	if (parent) {
		if (!(parent->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
			(void)signal_send_process(parent, &e);
		parent->child_events++;
		wake_up_all(&parent->child_wq);
	}
	process_list_unlock();
}

/* Every thread of @p but @self to the way to user mode, where it joins
 * the stop. Context: p->lock held. */
static void kick_others(struct process *p, struct uthread *self)
{
	struct uthread *ut;

	list_for_each_entry(ut, &p->threads, node) {
		if (ut == self)
			continue;
		__atomic_store_n(&ut->task->sigpending, true, __ATOMIC_RELEASE);
		wake_up_state(ut->task, TASK_INTERRUPTIBLE);
		signal_kick(ut->task);
	}
}

/* Sleep while @p is stopped; a fatal signal ends the sleep. The first
 * thread SIGCONT wakes tells the parent. */
static void stopped_wait(struct process *p)
{
	bool tell;

	cgroup_enter_frozen();
	(void)wait_event_killable(p->exit_wq,
				  !__atomic_load_n(&p->sig.stop_sig,
						   __ATOMIC_ACQUIRE));
	spin_lock(&p->lock);
	tell = p->sig.cont_notify;
	p->sig.cont_notify = false;
	spin_unlock(&p->lock);
	if (tell)
		notify_parent(p, CLD_CONTINUED, 0);
	cgroup_leave_frozen();
}

/**
 * signal_stop - a thread of its process took stop signal @sig with the
 * default action: stop the process (unless it is ending) and sleep
 * until SIGCONT or a fatal signal.
 * @ut: the calling thread
 * @sig: SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU
 *
 * Context: signal_deliver(), no locks held; sleeps.
 */
void signal_stop(struct uthread *ut, int sig)
{
	struct process *p = ut->proc;
	bool first = false;

	spin_lock(&p->lock);
	if (!p->group_exit && !p->sig.stop_sig) {
		__atomic_store_n(&p->sig.stop_sig, sig, __ATOMIC_RELEASE);
		p->sig.stop_report = CLD_STOPPED;
		kick_others(p, ut);
		first = true;
	}
	spin_unlock(&p->lock);
	if (first)
		notify_parent(p, CLD_STOPPED, sig);
	/* A traced thread's share is a ptrace stop; detached from it while
	 * the stop lasts, it stops as the others do. */
	if (ptrace_group_stop(sig))
		signal_stop_join(ut);
	else
		stopped_wait(p);
}

/**
 * signal_stop_join - stop the calling thread if its process is stopped
 * (a group stop another thread began).
 * @ut: the calling thread
 *
 * Context: signal_deliver(), no locks held; may sleep.
 */
void signal_stop_join(struct uthread *ut)
{
	/* A tracer's resume overrides the stop for a traced thread. */
	if (__atomic_load_n(&ut->proc->sig.stop_sig, __ATOMIC_ACQUIRE) &&
	    !__atomic_load_n(&ut->ptrace.tracer, __ATOMIC_RELAXED))
		stopped_wait(ut->proc);
}

/* Drop @sigs from every pending queue of @p. Context: p->lock held. */
static void flush_everywhere(struct process *p, u64 sigs)
{
	struct uthread *ut;

	signal_pending_flush(&p->sig.shared, sigs);
	list_for_each_entry(ut, &p->threads, node)
		signal_pending_flush(&ut->sig.pending, sigs);
}

/**
 * signal_prepare_locked - what sending @sig does before it is queued
 * (Linux's prepare_signal()): SIGCONT drops pending stop signals and
 * ends a stop; a stop signal drops a pending SIGCONT.
 * @p: the receiving process
 * @sig: the signal being sent
 *
 * Context: p->lock held.
 * Return: true when SIGCONT ended a stop: the caller calls
 * signal_continued() once p->lock is off.
 */
bool signal_prepare_locked(struct process *p, int sig)
{
	if (SIGNAL_BIT(sig) & STOP_SIGNALS) {
		flush_everywhere(p, SIGNAL_BIT(SIGCONT));
		return false;
	}
	if (sig != SIGCONT)
		return false;
	flush_everywhere(p, STOP_SIGNALS);
	ptrace_sigcont(p);
	if (!p->sig.stop_sig)
		return false;
	__atomic_store_n(&p->sig.stop_sig, 0, __ATOMIC_RELEASE);
	p->sig.stop_report = CLD_CONTINUED;
	p->sig.cont_notify = true;
	return true;
}

/**
 * signal_continued - wake @p's stopped threads (the first tells the
 * parent).
 * @p: the process signal_prepare_locked() resumed
 *
 * Context: task context; p->lock not held (the process list lock may
 * be: kill(-pgrp)).
 */
void signal_continued(struct process *p)
{
	wake_up_all(&p->exit_wq);
}
