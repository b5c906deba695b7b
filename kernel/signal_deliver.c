// SPDX-License-Identifier: MIT
/*
 * Delivery on the way back to user mode (kernel/signal.h): Linux's
 * get_signal() and handle_signal(). syscall_exit_to_user() calls
 * signal_deliver() while the thread's sigpending flag is set; each call
 * takes one signal (the thread's own pending ones first, then the
 * process's; the lowest number first) and acts on it:
 *
 *   ignored          dropped, and the next one is looked at
 *   fatal default    the whole process ends, killed by it
 *   handler          a signal frame is pushed; the handler runs with
 *                    blocked | sa_mask | sig (sig not with SA_NODEFER);
 *                    SA_RESETHAND resets the action to SIG_DFL first
 *
 * Since the exit path calls again while the flag stays set, several
 * pending signals nest their frames, as on Linux. An interrupted syscall
 * (its frame still holding an ERESTART* result) is restarted or fails
 * with -EINTR by the rules in kernel/signal.h.
 *
 * Locking: process->lock around the queues, the action and the mask.
 */
#include <arch/signal_frame.h>
#include <arch/unistd.h>
#include "kernel/process.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/signal_internal.h"
#include "kernel/task.h"
#include "lib/errno.h"

/* Take the next signal @ut may get, with its action (after
 * SA_RESETHAND). Return: the signal, 0 if none. */
static int dequeue(struct uthread *ut, struct signal_entry *e,
		   struct signal_disposition *ka)
{
	struct process *p = ut->proc;
	u64 allowed = ~ut->sig.blocked;
	int sig;

	spin_lock(&p->lock);
	sig = signal_pending_take(&ut->sig.pending, allowed, e);
	if (!sig)
		sig = signal_pending_take(&p->sig.shared, allowed, e);
	if (sig) {
		struct signal_disposition *a = &p->sig.action[sig - 1];

		*ka = *a;
		if ((a->flags & SA_RESETHAND) && a->handler != SIG_IGN &&
		    a->handler != SIG_DFL)
			a->handler = SIG_DFL;
	}
	signal_recalc_locked(p, ut);
	spin_unlock(&p->lock);
	return sig;
}

/* No handler runs: an interrupted syscall is made again, the
 * restart-block kind through restart_syscall(2). */
static void restart_without_handler(struct trap_frame *regs)
{
	long nr = arch_signal_syscall_nr(regs);

	if (nr < 0)
		return;
	switch (-arch_signal_syscall_result(regs)) {
	case ERESTARTSYS:
	case ERESTARTNOHAND:
	case ERESTARTNOINTR:
		arch_signal_restart(regs, nr);
		break;
	case ERESTART_RESTARTBLOCK:
		arch_signal_restart(regs, __NR_restart_syscall);
		break;
	}
}

/* A handler runs: -EINTR, or a restart under SA_RESTART (Linux's
 * handle_signal()). The frame is then no syscall's any more. */
static void restart_with_handler(struct trap_frame *regs,
				 const struct signal_disposition *ka)
{
	long nr = arch_signal_syscall_nr(regs);

	if (nr < 0)
		return;
	switch (-arch_signal_syscall_result(regs)) {
	case ERESTARTSYS:
		if (ka->flags & SA_RESTART) {
			arch_signal_restart(regs, nr);
			break;
		}
		arch_signal_set_result(regs, -EINTR);
		break;
	case ERESTARTNOHAND:
	case ERESTART_RESTARTBLOCK:
		arch_signal_set_result(regs, -EINTR);
		break;
	case ERESTARTNOINTR:
		arch_signal_restart(regs, nr);
		break;
	}
	arch_signal_forget_syscall(regs);
}

/* The mask the frame saves: rt_sigsuspend's caller's, or the current. */
static u64 mask_to_restore(struct uthread *ut)
{
	if (!current->sig_restore_mask)
		return ut->sig.blocked;
	current->sig_restore_mask = false;
	return ut->sig.saved_mask;
}

/* Put rt_sigsuspend's saved mask back when no handler took it. */
static void restore_saved_mask(struct uthread *ut)
{
	if (!current->sig_restore_mask)
		return;
	current->sig_restore_mask = false;
	spin_lock(&ut->proc->lock);
	signal_set_blocked_locked(ut->proc, ut, ut->sig.saved_mask);
	spin_unlock(&ut->proc->lock);
}

/* Where the frame goes: the altstack's top for SA_ONSTACK when the
 * thread is not on it already (and it is then disarmed if it asked for
 * SS_AUTODISARM), else 0: below the interrupted stack. */
static u64 frame_stack(struct uthread *ut, const struct signal_disposition *ka,
		       u64 sp, struct signal_stack *uc_stack)
{
	struct signal_stack *ss = &ut->sig.altstack;
	u64 top;

	*uc_stack = (struct signal_stack){
		.sp = ss->sp, .size = ss->size,
		.flags = signal_altstack_flags(ss, sp),
	};
	if (!(ka->flags & SA_ONSTACK) || !ss->size ||
	    signal_on_altstack(ss, sp))
		return 0;
	top = ss->sp + ss->size;
	if (ss->flags & SS_AUTODISARM)
		*ss = (struct signal_stack){ .flags = SS_DISABLE };
	return top;
}

/* Run @ka's handler for @sig: frame, registers, mask. */
static void handle(struct trap_frame *regs, struct uthread *ut, int sig,
		   const struct signal_entry *e,
		   const struct signal_disposition *ka)
{
	struct signal_info info;
	struct arch_signal_setup s = {
		.sig = sig, .info = &info, .action = ka,
	};
	u64 blocked;

	restart_with_handler(regs, ka);
	signal_info_fill(&info, e);
	s.saved_mask = mask_to_restore(ut);
	s.stack_top = frame_stack(ut, ka, arch_signal_user_sp(regs),
				  &s.uc_stack);
	/* x86_64 handlers return through sa_restorer; Linux refuses a
	 * handler without one (x64_setup_rt_frame()). */
	if (!(ka->flags & SA_RESTORER) ||
	    arch_signal_frame_setup(regs, &s)) {
		signal_report_fault("cannot set up the frame of signal %d",
				    sig);
		signal_force_fatal(SIGSEGV);
		return;
	}
	spin_lock(&ut->proc->lock);
	blocked = ut->sig.blocked | ka->mask;
	if (!(ka->flags & SA_NODEFER))
		blocked |= SIGNAL_BIT(sig);
	signal_set_blocked_locked(ut->proc, ut, blocked);
	spin_unlock(&ut->proc->lock);
}

/**
 * signal_deliver - act on the next pending signal before returning to
 * user mode.
 * @regs: the user frame about to be restored
 *
 * Context: syscall_exit_to_user() of a task with sigpending or a mask to
 * restore, interrupts on, no locks held; may fault and sleep (the frame
 * is user memory). Does not return when the signal ends the process.
 */
void signal_deliver(struct trap_frame *regs)
{
	struct uthread *ut = uthread_of(current);
	struct signal_disposition ka;
	struct signal_entry e;
	int sig;

	if (!ut) {	/* a kernel test's user excursion: no signals */
		__atomic_store_n(&current->sigpending, false,
				 __ATOMIC_RELAXED);
		return;
	}
	signal_itimer_collect(ut->proc);
	ptrace_traps();
	signal_stop_join(ut);
	while ((sig = dequeue(ut, &e, &ka))) {
		/* The tracer sees it first, even an ignored one (Linux's
		 * ptrace_signal() comes before the action is looked at). */
		if (__atomic_load_n(&ut->ptrace.tracer, __ATOMIC_RELAXED)) {
			sig = ptrace_signal(sig, &e);
			if (!sig)
				continue;
			spin_lock(&ut->proc->lock);
			ka = ut->proc->sig.action[sig - 1];
			spin_unlock(&ut->proc->lock);
		}
		if (signal_handler_ignores(&ka, sig))
			continue;
		if (ka.handler == SIG_DFL &&
		    signal_default_action(sig) == SIGNAL_STOP) {
			signal_stop(ut, sig);
			continue;
		}
		if (ka.handler == SIG_DFL)
			process_group_exit(wait_status_signaled(sig));
		handle(regs, ut, sig, &e, &ka);
		return;
	}
	restart_without_handler(regs);
	restore_saved_mask(ut);
}
