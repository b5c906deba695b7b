// SPDX-License-Identifier: MIT
/*
 * The traced thread's side of ptrace (kernel/ptrace.h): where it stops,
 * how it sleeps and tells its tracer, how the tracer's wait finds the
 * stop, and what happens when either side exits. Linux 6.1's
 * ptrace_stop(), do_jobctl_trap(), ptrace_signal(),
 * ptrace_report_syscall_entry()/exit(), exit_ptrace().
 *
 *   a stop       the thread records its code and siginfo, the tracer
 *                gets SIGCHLD (CLD_TRAPPED, unless SA_NOCLDSTOP) and
 *                its wait is woken; the thread counts as frozen and
 *                sleeps killably until the tracer resumes it (or
 *                detaches, or exits), then takes the signal the tracer
 *                gave
 *   the freezer  a stop ends straight into the freezer's trap while the
 *                group freezes (cgroup_leave_frozen()): a frozen tracee
 *                that is interrupted and detached stays frozen
 *                throughout. Linux 6.1 leaves frozen for an instant in
 *                between (cgroup_leave_frozen(true) in ptrace_stop(),
 *                then do_freezer_trap()), the race that makes its
 *                selftest test_cgfreezer_ptrace fail about half the time
 *   exits        a traced thread stops once more with PTRACE_O_TRACEEXIT
 *                and is then unlinked; a tracer's end detaches every
 *                thread it traces (SIGKILL for PTRACE_O_EXITKILL)
 *
 * Locking: kernel/ptrace.h's legend. The tracer is told under [L] (its
 * SIGCHLD and child_events, as signal_stop.c tells a parent).
 */
#include <arch/signal_frame.h>
#include <arch/syscall.h>
#include "kernel/cgroup.h"
#include "kernel/process.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/signal_internal.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/wait.h"
#include "lib/errno.h"

/* SIGCHLD with CLD_TRAPPED to @ut's tracer, and wake its wait. */
static void notify_tracer(struct uthread *ut, int code)
{
	struct process *tracer;
	struct signal_entry e = {
		.signo = SIGCHLD, .code = CLD_TRAPPED, .pid = ut->task->tid,
		.status = code & 0x7f,
	};

	process_list_lock();
	tracer = ut->ptrace.tracer;
	if (tracer) {
		if (!(tracer->sig.action[SIGCHLD - 1].flags & SA_NOCLDSTOP))
			(void)signal_send_process(tracer, &e);
		tracer->child_events++;
		wake_up_all(&tracer->child_wq);
	}
	process_list_unlock();
}

/* The siginfo of a trap Linux's ptrace_do_notify() builds. */
static struct signal_info trap_info(int code)
{
	return (struct signal_info){
		.si_signo = SIGTRAP, .si_code = code,
		.kill = { .pid = current->tid },
	};
}

/**
 * ptrace_stop - stop the calling thread for its tracer until resumed.
 * @code: the stop's code, what wait reports as (code << 8) | 0x7f
 * @info: its siginfo for PTRACE_GETSIGINFO; NULL: none (-EINVAL)
 * @msg: PTRACE_GETEVENTMSG's value
 *
 * Nothing happens when the thread is not traced or is being killed.
 * Context: a process thread on its way to or from user mode, no locks
 * held; sleeps killably.
 * Return: the signal the tracer resumed it with (0: none); @code's low
 * byte when it did not stop.
 */
int ptrace_stop(int code, const struct signal_info *info, u64 msg)
{
	struct uthread *ut = uthread_of(current);
	struct process *p = ut->proc;
	struct ptrace_thread *pt = &ut->ptrace;
	int sig;

	spin_lock(&p->lock);
	if (!pt->tracer || fatal_signal_pending(current)) {
		spin_unlock(&p->lock);
		return code & 0x7f;
	}
	pt->code = code;
	pt->has_info = info != NULL;
	if (info)
		pt->info = *info;
	pt->event_msg = msg;
	pt->regs = syscall_regs();
	pt->resume_sig = 0;
	pt->reported = false;
	pt->trap_pending = false;	/* any stop satisfies an interrupt */
	__atomic_store_n(&pt->stopped, true, __ATOMIC_RELEASE);
	spin_unlock(&p->lock);
	notify_tracer(ut, code);

	cgroup_enter_frozen();
	(void)wait_event_killable(p->exit_wq,
				  !__atomic_load_n(&pt->stopped,
						   __ATOMIC_ACQUIRE));
	spin_lock(&p->lock);
	__atomic_store_n(&pt->stopped, false, __ATOMIC_RELEASE);
	sig = pt->resume_sig;
	pt->regs = NULL;
	pt->has_info = false;
	signal_recalc_locked(p, ut);
	spin_unlock(&p->lock);
	cgroup_leave_frozen();
	return sig;
}

/**
 * ptrace_trap_pending - has @t a PTRACE_INTERRUPT to stop for?
 * @t: a task
 *
 * Context: any; a snapshot.
 * Return: true when @t is a traced thread asked to trap.
 */
bool ptrace_trap_pending(struct task *t)
{
	struct uthread *ut = uthread_of(t);

	return ut && __atomic_load_n(&ut->ptrace.trap_pending,
				     __ATOMIC_ACQUIRE);
}

/**
 * ptrace_traps - take the calling thread's pending PTRACE_INTERRUPT
 * stops (Linux's do_jobctl_trap(): SIGTRAP, or the stop signal of a
 * group stop in force, | PTRACE_EVENT_STOP << 8).
 *
 * The freezer's trap returns still frozen when an interrupt arrives
 * (the thread goes from one frozen sleep to the other); if the
 * interrupt is gone by now (the tracer exited), the thread leaves the
 * frozen state here.
 * Context: signal_deliver(), no locks held; sleeps.
 */
void ptrace_traps(void)
{
	struct uthread *ut = uthread_of(current);
	struct process *p = ut->proc;
	struct signal_info info;
	int code;

	while (ptrace_trap_pending(current) &&
	       !fatal_signal_pending(current)) {
		spin_lock(&p->lock);
		code = p->sig.stop_sig ? p->sig.stop_sig : SIGTRAP;
		spin_unlock(&p->lock);
		code |= PTRACE_EVENT_STOP << 8;
		info = trap_info(code);
		(void)ptrace_stop(code, &info, 0);
	}
	if (__atomic_load_n(&current->frozen, __ATOMIC_ACQUIRE))
		cgroup_leave_frozen();
}

/**
 * ptrace_signal - the signal-delivery stop: the tracer sees @sig before
 * it is acted on and chooses what the thread takes (Linux's
 * ptrace_signal()).
 * @sig: the signal the calling thread dequeued (not SIGKILL)
 * @e: its siginfo; rewritten as the tracer's SI_USER when the tracer
 *     gives another signal
 *
 * Context: signal_deliver(), no locks held; sleeps.
 * Return: the signal to act on; 0: none (suppressed, or blocked and
 * queued again on the thread).
 */
int ptrace_signal(int sig, struct signal_entry *e)
{
	struct uthread *ut = uthread_of(current);
	struct process *p = ut->proc;
	struct signal_info info;
	int got;

	signal_info_fill(&info, e);
	got = ptrace_stop(sig, &info, 0);
	if (!got || got == sig)
		return got;
	spin_lock(&p->lock);
	*e = (struct signal_entry){
		.signo = got, .code = SI_USER,
		.pid = ut->ptrace.tracer ? ut->ptrace.tracer->tgid : 0,
	};
	if (ut->sig.blocked & SIGNAL_BIT(got)) {
		(void)signal_send_locked(p, ut, e, false);
		got = 0;
	}
	spin_unlock(&p->lock);
	return got;
}

/**
 * ptrace_group_stop - a stop signal stopped the calling thread's
 * process: a traced thread's share of the stop is a ptrace stop
 * (Linux's do_signal_stop() then do_jobctl_trap()).
 * @sig: the stop signal
 *
 * Context: signal_stop(), no locks held; sleeps.
 * Return: false when the thread is not traced (it stops as usual).
 */
bool ptrace_group_stop(int sig)
{
	struct uthread *ut = uthread_of(current);
	struct signal_info info;
	bool seized;

	spin_lock(&ut->proc->lock);
	seized = ut->ptrace.tracer && ut->ptrace.seized;
	if (!ut->ptrace.tracer) {
		spin_unlock(&ut->proc->lock);
		return false;
	}
	spin_unlock(&ut->proc->lock);
	if (!seized) {		/* no siginfo: GETSIGINFO tells it apart */
		(void)ptrace_stop(sig, NULL, 0);
		return true;
	}
	info = trap_info(sig | PTRACE_EVENT_STOP << 8);
	(void)ptrace_stop(sig | PTRACE_EVENT_STOP << 8, &info, 0);
	return true;
}

/* A syscall stop's code: SIGTRAP, | 0x80 with PTRACE_O_TRACESYSGOOD. */
static int syscall_code(void)
{
	struct uthread *ut = uthread_of(current);
	int code = SIGTRAP;

	spin_lock(&ut->proc->lock);
	if (ut->ptrace.options & PTRACE_O_TRACESYSGOOD)
		code |= 0x80;
	spin_unlock(&ut->proc->lock);
	return code;
}

/**
 * ptrace_syscall_enter - the syscall-entry stop: the tracer sees (and
 * may change) the number and arguments; RAX reads -ENOSYS meanwhile, as
 * on Linux x86_64.
 * @regs: the syscall's frame
 *
 * Context: syscall_dispatch() of a thread with task->ptrace_syscall set,
 * interrupts on; sleeps.
 * Return: false when the tracer cancelled the call (orig_rax -1): RAX
 * then holds what the tracer left there.
 */
bool ptrace_syscall_enter(struct trap_frame *regs)
{
	struct signal_info info;
	int code;

	if (!uthread_of(current))
		return true;
	code = syscall_code();
	info = trap_info(code);
	arch_syscall_set_return(regs, -ENOSYS);
	(void)ptrace_stop(code, &info, 0);
	return arch_syscall_nr(regs) != ~0UL;
}

/**
 * ptrace_syscall_exit - the syscall-exit stop: RAX holds the result.
 * @regs: the syscall's frame
 *
 * Context: as ptrace_syscall_enter().
 */
void ptrace_syscall_exit(struct trap_frame *regs)
{
	struct signal_info info;
	int code;

	(void)regs;
	if (!uthread_of(current))
		return;
	code = syscall_code();
	info = trap_info(code);
	(void)ptrace_stop(code, &info, 0);
}

/* Cut @ut from its tracer; it runs on. Context: [L] and [p] held. */
static void unlink_locked(struct uthread *ut)
{
	ut->ptrace = (struct ptrace_thread){ 0 };
	__atomic_store_n(&ut->task->ptrace_syscall, false, __ATOMIC_RELEASE);
}

/**
 * ptrace_exit - the calling thread exits: the PTRACE_EVENT_EXIT stop
 * when asked for (not when killed: SIGKILL ends it at once, as on
 * Linux), then it leaves its tracer.
 * @code: its exit code; PTRACE_GETEVENTMSG gives the wait status
 *
 * Context: process_thread_exit(), no locks held; may sleep.
 */
void ptrace_exit(int code)
{
	struct uthread *ut = uthread_of(current);
	struct process *p = ut->proc;
	struct signal_info info;
	struct process *tracer;
	bool event;
	int status;

	spin_lock(&p->lock);
	tracer = ut->ptrace.tracer;
	event = tracer && (ut->ptrace.options & PTRACE_O_TRACEEXIT);
	status = p->group_exit ? p->exit_status : wait_status_exited(code);
	spin_unlock(&p->lock);
	if (!tracer)
		return;
	if (event) {
		info = trap_info(SIGTRAP | PTRACE_EVENT_EXIT << 8);
		(void)ptrace_stop(SIGTRAP | PTRACE_EVENT_EXIT << 8, &info,
				  (u64)status);
	}
	process_list_lock();
	spin_lock(&p->lock);
	tracer = ut->ptrace.tracer;
	unlink_locked(ut);
	spin_unlock(&p->lock);
	if (tracer) {		/* a wait that counted it looks again */
		tracer->child_events++;
		wake_up_all(&tracer->child_wq);
	}
	process_list_unlock();
}

/**
 * ptrace_tracer_exit - @tracer's last thread is gone: every thread it
 * traces is detached and runs on (Linux's exit_ptrace()); with
 * PTRACE_O_EXITKILL it is killed instead.
 * @tracer: the exiting process
 *
 * Context: [L] held.
 */
void ptrace_tracer_exit(struct process *tracer)
{
	struct process *c;
	struct uthread *ut;

	for_each_process(c) {
		bool kill = false;

		spin_lock(&c->lock);
		list_for_each_entry(ut, &c->threads, node) {
			int sig = ut->ptrace.code & 0x7f;

			if (ut->ptrace.tracer != tracer)
				continue;
			kill |= ut->ptrace.options & PTRACE_O_EXITKILL;
			unlink_locked(ut);
			/* Linux leaves exit_code as the stop set it: a
			 * signal-delivery stop's signal is then taken */
			ut->ptrace.resume_sig = sig;
		}
		spin_unlock(&c->lock);
		wake_up_all(&c->exit_wq);
		if (kill)
			(void)process_kill(c, SIGKILL);
	}
}

/**
 * ptrace_traced_by - is a thread of @c traced by @tracer?
 * @c: a process
 * @tracer: the waiting process
 *
 * Context: [L] held; takes c->lock.
 * Return: true when @tracer's wait must count @c as its child.
 */
bool ptrace_traced_by(struct process *c, struct process *tracer)
{
	struct uthread *ut;
	bool found = false;

	spin_lock(&c->lock);
	list_for_each_entry(ut, &c->threads, node)
		found |= ut->ptrace.tracer == tracer;
	spin_unlock(&c->lock);
	return found;
}

/**
 * ptrace_wait_stop - a ptrace stop of a thread of @c that @tracer's wait
 * has not reported yet (Linux's wait_task_stopped() with ptrace set).
 * @tracer: the waiting process
 * @c: a process
 * @take: mark it reported (not WNOWAIT)
 * @tid: set to the stopped thread
 * @code: set to the stop's code
 *
 * Context: [L] held; takes c->lock.
 * Return: true when one was found.
 */
bool ptrace_wait_stop(struct process *tracer, struct process *c, bool take,
		      int *tid, int *code)
{
	struct uthread *ut;
	bool found = false;

	spin_lock(&c->lock);
	list_for_each_entry(ut, &c->threads, node) {
		struct ptrace_thread *pt = &ut->ptrace;

		if (pt->tracer != tracer || !pt->stopped || pt->reported ||
		    pt->listening)
			continue;
		*tid = ut->task->tid;
		*code = pt->code;
		pt->reported = take;
		found = true;
		break;
	}
	spin_unlock(&c->lock);
	return found;
}

/**
 * ptrace_sigcont - SIGCONT ended @p's group stop: its threads that a
 * PTRACE_LISTEN left stopped trap again for their tracer (Linux's
 * ptrace_trap_notify()).
 * @p: the process
 *
 * Context: p->lock held.
 */
void ptrace_sigcont(struct process *p)
{
	struct uthread *ut;
	bool woke = false;

	list_for_each_entry(ut, &p->threads, node) {
		if (!ut->ptrace.listening)
			continue;
		ut->ptrace.listening = false;
		ut->ptrace.trap_pending = true;
		__atomic_store_n(&ut->task->sigpending, true,
				 __ATOMIC_RELEASE);
		__atomic_store_n(&ut->ptrace.stopped, false,
				 __ATOMIC_RELEASE);
		woke = true;
	}
	if (woke)
		wake_up_all(&p->exit_wq);
}
