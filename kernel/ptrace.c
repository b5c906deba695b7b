// SPDX-License-Identifier: MIT
/*
 * ptrace(2), the tracer's side (kernel/ptrace.h): attaching, the
 * requests on a stopped thread, resuming and detaching, with Linux
 * 6.1's checks and errnos (sys_ptrace(), ptrace_attach(),
 * ptrace_check_attach(), ptrace_request(), arch_ptrace()).
 *
 *   TRACEME          the caller's parent traces it; -EPERM when traced
 *                    already or started by the kernel (no parent)
 *   ATTACH, SEIZE    -EPERM for a kernel thread, a thread of the
 *                    caller's own process, an exiting one or one traced
 *                    already; ATTACH sends SIGSTOP, SEIZE stops nothing
 *                    (a SEIZE with addr != 0 or unknown options is -EIO)
 *   INTERRUPT, KILL  need the thread traced by the caller, stopped or
 *                    not; INTERRUPT only after SEIZE (-EIO)
 *   the rest         need it traced by the caller and in a ptrace stop
 *                    (-ESRCH otherwise); a bad signal number is -EIO
 *
 * Every thread runs as root, so no credential check refuses an attach;
 * Linux lets root trace pid 1 too. PTRACE_SINGLESTEP is -EIO (Linux's
 * answer on an architecture without it): oomlab's traps do not turn
 * the trap flag's #DB into SIGTRAP. Options other than TRACESYSGOOD,
 * TRACEEXIT and EXITKILL are -EINVAL (fork, clone, exec and seccomp
 * events are not reported).
 *
 * Locking: kernel/ptrace.h's legend. Registers and siginfo are read and
 * written under the tracee's p->lock while it is still stopped, so a
 * SIGKILL that ends the stop cannot pull the frame away meanwhile.
 */
#include <arch/ptrace.h>
#include <arch/uaccess.h>
#include "kernel/cgroup.h"
#include "kernel/process.h"
#include "kernel/ptrace.h"
#include "kernel/ptrace_internal.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"

#define PTRACE_O_LINUX	0x003000ffUL	/* every option Linux 6.1 knows */

/* The live thread @tid with its process referenced in *@pp, or NULL. */
static struct uthread *thread_get(int tid, struct process **pp)
{
	struct process *p;
	struct uthread *ut, *found = NULL;

	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		list_for_each_entry(ut, &p->threads, node)
			if (ut->task->tid == tid)
				found = ut;
		if (found)
			process_get(p);
		spin_unlock(&p->lock);
		if (found) {
			*pp = p;
			break;
		}
	}
	process_list_unlock();
	return found;
}

/* Is @tid a kernel thread's (Linux finds those, and refuses them)? */
static bool kthread_pid(int tid)
{
	struct task *t;
	bool found = false;

	spin_lock(&tasklist_lock);
	list_for_each_entry(t, &task_list, tasks)
		if (t->tid == tid && (t->flags & PF_KTHREAD))
			found = true;
	spin_unlock(&tasklist_lock);
	return found;
}

/* PTRACE_TRACEME: the parent becomes the tracer. */
static long traceme(void)
{
	struct uthread *ut = uthread_of(current);
	struct process *p = ut->proc;
	long r = -EPERM;

	process_list_lock();
	spin_lock(&p->lock);
	if (!ut->ptrace.tracer && p->parent) {
		ut->ptrace.tracer = p->parent;
		r = 0;
	}
	spin_unlock(&p->lock);
	process_list_unlock();
	return r;
}

/* PTRACE_ATTACH and PTRACE_SEIZE (with @options). */
static long attach(struct process *c, struct uthread *ut, bool seize,
		   unsigned int options)
{
	struct process *self = process_current();
	struct signal_entry e = { .signo = SIGSTOP, .code = SI_KERNEL };
	long r = -EPERM;

	if (c == self)
		return -EPERM;
	process_list_lock();
	spin_lock(&c->lock);
	if (!c->group_exit && !ut->ptrace.tracer &&
	    !(ut->task->flags & PF_EXITING)) {
		ut->ptrace = (struct ptrace_thread){
			.tracer = self, .seized = seize, .options = options,
		};
		r = 0;
	}
	spin_unlock(&c->lock);
	process_list_unlock();
	if (!r && !seize)
		(void)signal_send_tid(c->tgid, ut->task->tid, &e);
	return r;
}

/* The checks of Linux's PTRACE_SEIZE arguments. */
static long seize_args(unsigned long addr, unsigned long data)
{
	if (addr || (data & ~PTRACE_O_LINUX))
		return -EIO;
	return data & ~PTRACE_O_SUPPORTED ? -EINVAL : 0;
}

/* Linux's ptrace_check_attach(): traced by the caller, and stopped
 * unless @any_state. Return: 0 or -ESRCH. */
static long check_attach(struct process *c, struct uthread *ut,
			 bool any_state)
{
	long r = -ESRCH;

	spin_lock(&c->lock);
	if (ut->ptrace.tracer == process_current() &&
	    (any_state || ut->ptrace.stopped))
		r = 0;
	spin_unlock(&c->lock);
	return r;
}

/* End @ut's stop: it takes @sig; @syscall: stop at the next syscall's
 * edges. Return: 0, -ESRCH (no longer stopped). */
static long resume(struct process *c, struct uthread *ut, int sig,
		   bool syscall)
{
	long r = -ESRCH;

	spin_lock(&c->lock);
	if (ut->ptrace.stopped) {
		ut->ptrace.resume_sig = sig;
		ut->ptrace.listening = false;
		__atomic_store_n(&ut->task->ptrace_syscall, syscall,
				 __ATOMIC_RELEASE);
		__atomic_store_n(&ut->ptrace.stopped, false,
				 __ATOMIC_RELEASE);
		r = 0;
	}
	spin_unlock(&c->lock);
	wake_up_all(&c->exit_wq);
	return r;
}

/* PTRACE_DETACH: untraced, and it runs on with @sig. */
static long detach(struct process *c, struct uthread *ut, int sig)
{
	process_list_lock();
	spin_lock(&c->lock);
	ut->ptrace = (struct ptrace_thread){ .resume_sig = sig };
	__atomic_store_n(&ut->task->ptrace_syscall, false, __ATOMIC_RELEASE);
	spin_unlock(&c->lock);
	process_list_unlock();
	wake_up_all(&c->exit_wq);
	return 0;
}

/* PTRACE_INTERRUPT: a trap at its next way through the kernel. */
static long interrupt(struct process *c, struct uthread *ut)
{
	long r = -EIO;

	spin_lock(&c->lock);
	if (ut->ptrace.seized) {
		ut->ptrace.trap_pending = true;
		if (ut->ptrace.listening) {	/* re-trap a LISTEN */
			ut->ptrace.listening = false;
			__atomic_store_n(&ut->ptrace.stopped, false,
					 __ATOMIC_RELEASE);
		}
		__atomic_store_n(&ut->task->sigpending, true,
				 __ATOMIC_RELEASE);
		wake_up_state(ut->task, TASK_INTERRUPTIBLE);
		signal_kick(ut->task);
		r = 0;
	}
	spin_unlock(&c->lock);
	if (!r) {
		wake_up_all(&c->exit_wq);
		cgroup_freezer_wake();	/* out of the freezer's trap */
	}
	return r;
}

/* PTRACE_LISTEN: stay in a group stop's event stop, but let SIGCONT
 * re-trap it (Linux: -EIO unless seized and in such a stop). */
static long listen(struct process *c, struct uthread *ut)
{
	long r = -EIO;

	spin_lock(&c->lock);
	if (ut->ptrace.seized && ut->ptrace.has_info &&
	    ut->ptrace.info.si_code >> 8 == PTRACE_EVENT_STOP) {
		ut->ptrace.listening = true;
		ut->ptrace.reported = true;
		if (!c->sig.stop_sig)	/* SIGCONT came already */
			ptrace_sigcont(c);
		r = 0;
	}
	spin_unlock(&c->lock);
	return r;
}

/* PTRACE_GETSIGINFO. */
static long getsiginfo(struct process *c, struct uthread *ut,
		       void __user *to)
{
	struct signal_info info;
	long r = -EINVAL;

	spin_lock(&c->lock);
	if (ut->ptrace.stopped && ut->ptrace.has_info) {
		info = ut->ptrace.info;
		r = 0;
	}
	spin_unlock(&c->lock);
	if (!r && copy_to_user(to, &info, sizeof(info)))
		r = -EFAULT;
	return r;
}

/* PTRACE_GETREGS. */
static long getregs(struct process *c, struct uthread *ut, void __user *to)
{
	struct arch_ptrace_regs regs;
	long r = -ESRCH;

	spin_lock(&c->lock);
	if (ut->ptrace.stopped && ut->ptrace.regs) {
		arch_ptrace_get_regs(ut->ptrace.regs, &ut->task->uarch, &regs);
		r = 0;
	}
	spin_unlock(&c->lock);
	if (!r && copy_to_user(to, &regs, sizeof(regs)))
		r = -EFAULT;
	return r;
}

/* PTRACE_SETREGS. */
static long setregs(struct process *c, struct uthread *ut,
		    const void __user *from)
{
	struct arch_ptrace_regs regs;
	long r = -ESRCH;

	if (copy_from_user(&regs, from, sizeof(regs)))
		return -EFAULT;
	spin_lock(&c->lock);
	if (ut->ptrace.stopped && ut->ptrace.regs)
		r = arch_ptrace_set_regs(ut->ptrace.regs, &ut->task->uarch,
					 &regs);
	spin_unlock(&c->lock);
	return r;
}

/* PTRACE_GETEVENTMSG. */
static long geteventmsg(struct process *c, struct uthread *ut,
			u64 __user *to)
{
	u64 msg;

	spin_lock(&c->lock);
	msg = ut->ptrace.event_msg;
	spin_unlock(&c->lock);
	return put_user(msg, to) ? -EFAULT : 0;
}

/* PTRACE_SETOPTIONS. */
static long setoptions(struct process *c, struct uthread *ut,
		       unsigned long data)
{
	if (data & ~PTRACE_O_SUPPORTED)
		return -EINVAL;
	spin_lock(&c->lock);
	ut->ptrace.options = (unsigned int)data;
	spin_unlock(&c->lock);
	return 0;
}

/* The requests on a thread the caller traces (arch_ptrace() and
 * ptrace_request()). */
static long request_on(struct process *c, struct uthread *ut, long request,
		       unsigned long addr, unsigned long data)
{
	u64 word;
	long r;

	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		r = ptrace_access_word(c, addr, &word, false);
		if (!r && put_user(word, (u64 __user *)data))
			r = -EFAULT;
		return r;
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		word = data;
		return ptrace_access_word(c, addr, &word, true);
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
		if (data > NSIG)
			return -EIO;
		return resume(c, ut, (int)data, request == PTRACE_SYSCALL);
	case PTRACE_DETACH:
		if (data > NSIG)
			return -EIO;
		return detach(c, ut, (int)data);
	case PTRACE_KILL:
		(void)process_kill(c, SIGKILL);
		return 0;
	case PTRACE_INTERRUPT:
		return interrupt(c, ut);
	case PTRACE_LISTEN:
		return listen(c, ut);
	case PTRACE_GETREGS:
		return getregs(c, ut, (void __user *)data);
	case PTRACE_SETREGS:
		return setregs(c, ut, (const void __user *)data);
	case PTRACE_GETSIGINFO:
		return getsiginfo(c, ut, (void __user *)data);
	case PTRACE_GETEVENTMSG:
		return geteventmsg(c, ut, (u64 __user *)data);
	case PTRACE_SETOPTIONS:
		return setoptions(c, ut, data);
	}
	return -EIO;	/* SINGLESTEP, and what Linux does not know */
}

SYSCALL_DEFINE4(ptrace, long, request, long, pid, unsigned long, addr,
		unsigned long, data)
{
	struct process *c;
	struct uthread *ut;
	long r;

	if (!process_current())
		return -EPERM;
	if (request == PTRACE_TRACEME)
		return traceme();
	if (pid <= 0 || pid > 0x7fffffff)
		return -ESRCH;
	ut = thread_get((int)pid, &c);
	if (!ut)
		return kthread_pid((int)pid) ? -EPERM : -ESRCH;
	if (request == PTRACE_ATTACH || request == PTRACE_SEIZE) {
		r = request == PTRACE_SEIZE ? seize_args(addr, data) : 0;
		if (!r)
			r = attach(c, ut, request == PTRACE_SEIZE,
				   request == PTRACE_SEIZE ? (unsigned int)data :
							     0);
	} else {
		r = check_attach(c, ut, request == PTRACE_KILL ||
					request == PTRACE_INTERRUPT);
		if (!r)
			r = request_on(c, ut, request, addr, data);
	}
	process_put(c);
	return r;
}
