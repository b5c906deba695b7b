// SPDX-License-Identifier: MIT
/*
 * The signal system calls, with Linux's argument checks and errnos
 * (kernel/signal.h):
 *
 *   rt_sigaction, rt_sigprocmask, rt_sigreturn, rt_sigpending,
 *   rt_sigtimedwait, rt_sigqueueinfo, rt_sigsuspend, sigaltstack, pause,
 *   tkill, restart_syscall
 *
 * (kill and tgkill are in sys_process.c, the itimers in
 * signal_itimer.c.) Signal sets are 64 bits: a sigsetsize other than 8
 * is -EINVAL. SIGKILL and SIGSTOP can be neither caught, ignored nor
 * blocked: rt_sigaction refuses them (-EINVAL), masks drop them.
 *
 * Locking: process->lock ([p]) around the handler table, the masks and
 * the pending sets; the thread's altstack and restart block are its own.
 */
#include <arch/signal_frame.h>
#include <arch/uaccess.h>
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/signal_internal.h"
#include "kernel/sys_misc.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/errno.h"

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define NO_DEADLINE	(~0ULL)	/* rt_sigtimedwait without a timeout */

/* The sa_flags Linux keeps (UAPI_SA_FLAGS on x86); others read back 0. */
#define SA_KNOWN_FLAGS (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | \
			SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND | \
			SA_EXPOSE_TAGBITS | SA_RESTORER)

/* stack_t as user space lays it out. */
struct user_stack_t {
	u64 ss_sp;
	s32 ss_flags;
	s32 pad;
	u64 ss_size;
};

/* A signal set of @size bytes from user space. Return: 0, -EINVAL for
 * a size other than 8, -EFAULT. */
static int get_sigset(u64 *set, const u64 __user *uset, size_t size)
{
	if (size != sizeof(u64))
		return -EINVAL;
	return copy_from_user(set, uset, sizeof(*set)) ? -EFAULT : 0;
}

/* Make @sig's pending signals go away in every thread and the process
 * (an action set to "ignore": Linux's flush_sigqueue_mask()). */
static void flush_everywhere(struct process *p, int sig)
{
	struct uthread *ut;

	signal_pending_flush(&p->sig.shared, SIGNAL_BIT(sig));
	list_for_each_entry(ut, &p->threads, node)
		signal_pending_flush(&ut->sig.pending, SIGNAL_BIT(sig));
}

/**
 * signal_exec_reset - what execve() does to @p's signals (Linux's
 * flush_signal_handlers() with force_default 0, and the alternate stack
 * begin_new_exec() clears): a caught signal goes back to SIG_DFL, an
 * ignored one stays ignored; flags, masks and restorers go; the blocked
 * mask and what is pending stay.
 * @p: the exec'ing process, its only thread the caller
 *
 * Context: the exec'ing thread, after the point of no return; takes
 * p->lock.
 */
void signal_exec_reset(struct process *p)
{
	spin_lock(&p->lock);
	for (int i = 0; i < NSIG; i++) {
		struct signal_disposition *ka = &p->sig.action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = ka->restorer = ka->mask = 0;
	}
	spin_unlock(&p->lock);
	uthread_of(current)->sig.altstack =
		(struct signal_stack){ .flags = SS_DISABLE };
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct signal_disposition __user *,
		act, struct signal_disposition __user *, oact, size_t, sigsetsize)
{
	struct process *p = process_current();
	struct signal_disposition new, old;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (sig < 1 || sig > NSIG ||
	    (act && (SIGNAL_BIT(sig) & SIGNAL_UNCATCHABLE)))
		return -EINVAL;
	if (!p)
		return -ENOSYS;
	spin_lock(&p->lock);
	old = p->sig.action[sig - 1];
	if (act) {
		new.flags &= SA_KNOWN_FLAGS;
		new.mask &= ~SIGNAL_UNCATCHABLE;
		p->sig.action[sig - 1] = new;
		if (signal_handler_ignores(&new, sig))
			flush_everywhere(p, sig);
	}
	spin_unlock(&p->lock);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The blocked mask after @how with @set. Return: 0 or -EINVAL. */
static int new_mask(int how, u64 cur, u64 set, u64 *out)
{
	switch (how) {
	case SIG_BLOCK:
		*out = cur | set;
		return 0;
	case SIG_UNBLOCK:
		*out = cur & ~set;
		return 0;
	case SIG_SETMASK:
		*out = set;
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const u64 __user *, nset,
		u64 __user *, oset, size_t, sigsetsize)
{
	struct uthread *ut = uthread_of(current);
	u64 set, old, mask;
	int r;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (!ut)
		return -ENOSYS;
	old = ut->sig.blocked;
	if (nset) {
		r = get_sigset(&set, nset, sigsetsize);
		if (r)
			return r;
		r = new_mask(how, old, set, &mask);
		if (r)
			return r;
		spin_lock(&ut->proc->lock);
		signal_set_blocked_locked(ut->proc, ut, mask);
		spin_unlock(&ut->proc->lock);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, u64 __user *, uset, size_t, sigsetsize)
{
	struct uthread *ut = uthread_of(current);
	u64 set;

	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	if (!ut)
		return -ENOSYS;
	signal_itimer_collect(ut->proc);
	spin_lock(&ut->proc->lock);
	set = (ut->sig.pending.set | ut->proc->sig.shared.set) &
	      ut->sig.blocked;
	spin_unlock(&ut->proc->lock);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* Sleep until a signal is pending. Return: -ERESTARTNOHAND, which a
 * handler turns into -EINTR and no handler into a restart. */
static long sleep_for_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(pause)
{
	if (!uthread_of(current))
		return -ENOSYS;
	return sleep_for_signal();
}

/*
 * The mask is replaced for the sleep; the one before is put back on the
 * way out - after the handler's frame has saved it, so the handler's
 * sigreturn restores it (Linux's set_restore_sigmask()).
 */
SYSCALL_DEFINE2(rt_sigsuspend, const u64 __user *, umask, size_t, sigsetsize)
{
	struct uthread *ut = uthread_of(current);
	u64 mask;
	int r = get_sigset(&mask, umask, sigsetsize);

	if (r)
		return r;
	if (!ut)
		return -ENOSYS;
	ut->sig.saved_mask = ut->sig.blocked;
	current->sig_restore_mask = true;
	spin_lock(&ut->proc->lock);
	signal_set_blocked_locked(ut->proc, ut, mask);
	spin_unlock(&ut->proc->lock);
	return sleep_for_signal();
}

/* Take a pending signal of @set (the thread's first). Context: p->lock. */
static int take_of(struct uthread *ut, u64 set, struct signal_entry *e)
{
	int sig = signal_pending_take(&ut->sig.pending, set, e);

	if (!sig)
		sig = signal_pending_take(&ut->proc->sig.shared, set, e);
	signal_recalc_locked(ut->proc, ut);
	return sig;
}

/* rt_sigtimedwait's sleep: @set unblocked meanwhile (its old state kept
 * in real_blocked, so that a fatal default still counts it blocked),
 * until a signal or @deadline_ns (NO_DEADLINE: none). */
static int wait_for_set(struct uthread *ut, u64 set, u64 deadline_ns,
			struct signal_entry *e)
{
	struct process *p = ut->proc;
	int sig;

	spin_lock(&p->lock);
	ut->sig.real_blocked = ut->sig.blocked;
	signal_set_blocked_locked(p, ut, ut->sig.blocked & ~set);
	spin_unlock(&p->lock);
	for (;;) {
		u64 now = ktime_get_ns();

		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current) || now >= deadline_ns)
			break;
		schedule_timeout(deadline_ns == NO_DEADLINE ? MAX_SCHEDULE_TIMEOUT :
				 sys_misc_ns_to_jiffies(deadline_ns - now));
	}
	__set_current_state(TASK_RUNNING);
	signal_itimer_collect(p);
	spin_lock(&p->lock);
	signal_set_blocked_locked(p, ut, ut->sig.real_blocked);
	ut->sig.real_blocked = 0;
	sig = take_of(ut, set, e);
	spin_unlock(&p->lock);
	return sig;
}

SYSCALL_DEFINE4(rt_sigtimedwait, const u64 __user *, uthese,
		struct signal_info __user *, uinfo,
		const struct sys_timespec __user *, uts, size_t, sigsetsize)
{
	struct uthread *ut = uthread_of(current);
	u64 set, deadline = NO_DEADLINE, ns;
	struct signal_info info;
	struct signal_entry e;
	struct sys_timespec ts;
	int r = get_sigset(&set, uthese, sigsetsize), sig;

	if (r)
		return r;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		r = sys_misc_timespec_ns(&ts, &ns);
		if (r)
			return r;
		deadline = ktime_get_ns() + ns;
	}
	if (!ut)
		return -ENOSYS;
	set &= ~SIGNAL_UNCATCHABLE;
	signal_itimer_collect(ut->proc);
	spin_lock(&ut->proc->lock);
	sig = take_of(ut, set, &e);
	spin_unlock(&ut->proc->lock);
	if (!sig && !(uts && !ns))
		sig = wait_for_set(ut, set, deadline, &e);
	if (!sig)
		return signal_pending(current) ? -EINTR : -EAGAIN;
	signal_info_fill(&info, &e);
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

/*
 * Linux's rule: a siginfo that claims to come from the kernel or kill()
 * (si_code >= 0) or tkill() may only be sent to oneself.
 */
SYSCALL_DEFINE3(rt_sigqueueinfo, int, tgid, int, sig,
		const struct signal_info __user *, uinfo)
{
	struct signal_info info;
	struct signal_entry e;
	struct process *p;
	int r;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) &&
	    tgid != current->tid)
		return -EPERM;
	e = (struct signal_entry){
		.signo = sig, .code = info.si_code, .pid = info.kill.pid,
		.value = info.kill.value,
	};
	p = process_get_by_pid(tgid, PROCESS_ALIVE);
	if (!p)
		return -ESRCH;
	r = signal_send_process(p, &e);
	process_put(p);
	return r;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	struct signal_entry e = signal_entry_user(sig, SI_TKILL);

	return signal_send_tid(0, tid, &e);
}

/* Apply a sigaltstack(2) request @ss for a thread whose stack pointer is
 * @sp. Return: 0; -EPERM while on the altstack; -EINVAL for bad flags;
 * -ENOMEM below MINSIGSTKSZ. */
static int altstack_set(struct uthread *ut, const struct user_stack_t *ss,
			u64 sp)
{
	u32 mode = (u32)ss->ss_flags & ~SS_AUTODISARM;

	if (signal_on_altstack(&ut->sig.altstack, sp))
		return -EPERM;
	if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		ut->sig.altstack = (struct signal_stack){ .flags = SS_DISABLE };
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	ut->sig.altstack = (struct signal_stack){
		.sp = ss->ss_sp, .size = ss->ss_size,
		.flags = (u32)ss->ss_flags & SS_AUTODISARM,
	};
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const struct user_stack_t __user *, uss,
		struct user_stack_t __user *, uoss)
{
	struct uthread *ut = uthread_of(current);
	u64 sp = arch_signal_user_sp(syscall_regs());
	struct user_stack_t new, old;
	int r;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	if (!ut)
		return -ENOSYS;
	old = (struct user_stack_t){
		.ss_sp = ut->sig.altstack.sp,
		.ss_flags = (s32)signal_altstack_flags(&ut->sig.altstack, sp),
		.ss_size = ut->sig.altstack.size,
	};
	if (uss) {
		r = altstack_set(ut, &new, sp);
		if (r)
			return r;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/*
 * The handler returned through sa_restorer: the registers, mask, FPU
 * state and altstack of the frame. A frame that cannot be read or is
 * forged ends the process with SIGSEGV (Linux's "bad frame in
 * rt_sigreturn"); the kernel never trusts it.
 */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct trap_frame *regs = syscall_regs();
	struct uthread *ut = uthread_of(current);
	struct signal_stack uc_stack;
	struct user_stack_t st;
	u64 mask;

	if (!ut)
		return -ENOSYS;
	if (arch_signal_frame_restore(regs, &mask, &uc_stack)) {
		signal_report_fault("bad frame in rt_sigreturn sp %016llx",
				    (unsigned long long)
				    arch_signal_user_sp(regs));
		signal_force_fatal(SIGSEGV);
		return -EFAULT;
	}
	spin_lock(&ut->proc->lock);
	signal_set_blocked_locked(ut->proc, ut, mask);
	spin_unlock(&ut->proc->lock);
	/* As Linux's restore_altstack(): an unacceptable one is ignored. */
	st = (struct user_stack_t){
		.ss_sp = uc_stack.sp, .ss_flags = (s32)uc_stack.flags,
		.ss_size = uc_stack.size,
	};
	(void)altstack_set(ut, &st, arch_signal_user_sp(regs));
	return arch_signal_syscall_result(regs);
}

/* Linux's do_no_restart_syscall(): nothing to resume. */
SYSCALL_DEFINE0(restart_syscall)
{
	struct uthread *ut = uthread_of(current);
	struct signal_restart *rb;

	if (!ut || !ut->sig.restart.fn)
		return -EINTR;
	rb = &ut->sig.restart;
	return rb->fn(rb);
}
