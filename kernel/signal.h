/* SPDX-License-Identifier: MIT */
/*
 * POSIX signals, Linux's user-visible ABI: numbers, default actions,
 * handlers, masks, queued siginfo, and the wait-status encoding that
 * tells a waiter how a process ended.
 *
 * Who keeps what (Linux's sighand/signal/task split):
 *   struct process.sig   the handler table (struct signal_disposition per
 *                        signal), the process-wide pending set, the
 *                        ITIMER_REAL timer; under process->lock
 *   struct uthread.sig   the thread's blocked mask, its private pending
 *                        set, its sigaltstack, the mask to restore after
 *                        rt_sigsuspend, its restart block; changed under
 *                        process->lock, read by the thread itself freely
 *   struct task          sigpending: an unblocked signal may be pending
 *                        (Linux's TIF_SIGPENDING), what signal_pending()
 *                        and the return to user mode test
 *
 * Sending (kernel/signal_send.c): a signal whose action is "ignore" and
 * that the target does not block is dropped; standard signals (1..31)
 * coalesce, real-time ones (32..64) queue in order. A thread that does
 * not block it is chosen, marked, woken from an interruptible sleep and
 * kicked off its CPU. A signal whose action is the fatal default ends
 * the process at once through the kill path the OOM killer uses
 * (process_kill(): every thread leaves at its next return to user mode
 * or killable sleep), as Linux's complete_signal() does.
 *
 * Delivery (kernel/signal_deliver.c) runs on every return to user mode
 * (syscall_exit_to_user()): the lowest pending unblocked signal (the
 * thread's own first) is dequeued; "ignore" drops it, a fatal default
 * ends the process, a handler gets a Linux rt_sigframe on the user stack
 * (arch/signal_frame.h) and runs with blocked | sa_mask | sig.
 *
 * Default actions: SIGCHLD, SIGURG, SIGWINCH and SIGCONT are ignored, as
 * in Linux; the stop signals SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU stop the
 * whole process until SIGCONT (job control, kernel/signal_stop.c; SIGKILL
 * still ends a stopped process). Every other valid signal (1..64) ends
 * the process: those whose Linux default is terminate or core dump
 * (SIGKILL, SIGTERM, SIGSEGV, SIGUSR1, real-time signals...). Faults (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL from a trap) are always fatal: handlers are not
 * run for them (kernel/signal_force.c).
 *
 * Interrupted system calls: a blocking call that a signal interrupts
 * returns one of the ERESTART* codes below, never seen by user space:
 * with a handler that has SA_RESTART, ERESTARTSYS restarts the call;
 * without it, ERESTARTSYS, ERESTARTNOHAND and ERESTART_RESTARTBLOCK
 * become -EINTR; ERESTARTNOINTR always restarts. With no handler run
 * (the signal was ignored after all), every one restarts,
 * ERESTART_RESTARTBLOCK through restart_syscall(2) and the thread's
 * restart block (nanosleep's remaining time). A blocking call of any
 * subsystem (pipes, wait4, poll) waits with signal_wait_event() below
 * and returns its -ERESTARTSYS: read(2) and friends then restart under
 * SA_RESTART exactly as on Linux.
 *
 * The pure part (signal.c) is also built for the host; the rest:
 * kernel/signal_force.c delivers the fatal signals a task brings on
 * itself (faults, traps), kernel/signal_kick.c interrupts a thread
 * running on another CPU, kernel/signal_send.c, signal_deliver.c,
 * signal_itimer.c and sys_signal.c are the handlers, masks and timers.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "lib/types.h"

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGWINCH	28
#define SIGSYS		31
#define SIGRTMIN	32
#define SIGRTMAX	64
#define NSIG		64

/* Kernel-internal results of an interrupted syscall (Linux's values). */
#define ERESTARTSYS		512	/* restart under SA_RESTART */
#define ERESTARTNOINTR		513	/* always restart */
#define ERESTARTNOHAND		514	/* restart only if no handler ran */
#define ERESTART_RESTARTBLOCK	516	/* restart_syscall(2) if no handler */

/* sa_handler values and sa_flags (Linux x86_64). */
#define SIG_DFL		0UL
#define SIG_IGN		1UL
#define SA_NOCLDSTOP	0x00000001UL
#define SA_NOCLDWAIT	0x00000002UL
#define SA_SIGINFO	0x00000004UL
#define SA_UNSUPPORTED	0x00000400UL
#define SA_EXPOSE_TAGBITS 0x00000800UL
#define SA_RESTORER	0x04000000UL
#define SA_ONSTACK	0x08000000UL
#define SA_RESTART	0x10000000UL
#define SA_NODEFER	0x40000000UL
#define SA_RESETHAND	0x80000000UL

/* si_code values (Linux's). */
#define SI_USER		0	/* kill(2) */
#define SI_KERNEL	0x80	/* the kernel: itimers, forced signals */
#define SI_QUEUE	(-1)	/* rt_sigqueueinfo(2) */
#define SI_TKILL	(-6)	/* tkill(2), tgkill(2) */
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* sigaltstack(2) ss_flags, and its minimum size. */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* Bit of @sig (1..64) in a 64-bit signal set. */
#define SIGNAL_BIT(sig)		(1ULL << ((sig) - 1))
/* Signals no one can catch, block or ignore. */
#define SIGNAL_UNCATCHABLE	(SIGNAL_BIT(SIGKILL) | SIGNAL_BIT(SIGSTOP))

/* SIGFPE si_code values (Linux's): which arithmetic fault it was. */
#define FPE_INTDIV	1	/* integer divide by zero (#DE) */
#define FPE_INTOVF	2	/* integer overflow */
#define FPE_FLTDIV	3	/* floating-point divide by zero */
#define FPE_FLTOVF	4	/* floating-point overflow */
#define FPE_FLTUND	5	/* floating-point underflow */
#define FPE_FLTRES	6	/* floating-point inexact result */
#define FPE_FLTINV	7	/* floating-point invalid operation */

enum signal_action {
	SIGNAL_INVALID,		/* not a signal number: -EINVAL */
	SIGNAL_IGNORE,		/* default action is to ignore it */
	SIGNAL_FATAL,		/* ends every thread of the process */
	SIGNAL_STOP,		/* stops it until SIGCONT (signal_stop.c) */
};

/* One rt_sigaction(2) entry: struct kernel_sigaction's x86_64 layout. */
struct signal_disposition {
	u64 handler;		/* SIG_DFL, SIG_IGN or a user address */
	u64 flags;		/* SA_* */
	u64 restorer;		/* where the handler returns: rt_sigreturn */
	u64 mask;		/* blocked in addition while it runs */
};

/* siginfo_t as user space sees it (x86_64: 128 bytes). */
struct signal_info {
	int si_signo;
	int si_errno;
	int si_code;
	int pad0;
	union {
		struct {		/* SI_USER, SI_TKILL, SI_QUEUE */
			int pid;
			u32 uid;
			u64 value;	/* sigval: SI_QUEUE only */
		} kill;
		struct {		/* SIGCHLD */
			int pid;
			u32 uid;
			int status;	/* exit code or signal number */
			int pad;
			s64 utime;
			s64 stime;
		} chld;
		u8 raw[112];
	};
};
_Static_assert(sizeof(struct signal_info) == 128, "siginfo_t is 128 bytes");

/*
 * A queue of pending signals: the set, and what each pending one carries
 * in arrival order (a standard signal has at most one entry; a real-time
 * one one per send). A signal in @set without an entry (the queue was
 * full) is delivered with a bare siginfo. All zero: empty.
 */
#define SIGNAL_QUEUE_MAX	16
struct signal_entry {
	int signo;
	int code;			/* si_code */
	int pid;			/* sender, or the child for SIGCHLD */
	int status;			/* SIGCHLD's si_status */
	u64 value;			/* SI_QUEUE's sigval */
};

struct signal_pending {
	u64 set;
	unsigned int nr;
	struct signal_entry entry[SIGNAL_QUEUE_MAX];
};

/* The per-process signal state (struct process.sig); [p]. */
struct signal_process {
	struct signal_disposition action[NSIG];	/* indexed by sig - 1 */
	struct signal_pending shared;		/* kill(2), rt_sigqueueinfo */
	struct signal_itimer *itimer;		/* ITIMER_REAL; NULL: never
						 * armed (signal_itimer.c) */
	int stop_sig;				/* to modify: [p]; to read:
						 * [a]. The stop signal of a
						 * group stop; 0: not stopped
						 * (signal_stop.c) */
	int stop_report;			/* [p] CLD_STOPPED or
						 * CLD_CONTINUED its parent's
						 * wait has not seen; 0: none */
	bool cont_notify;			/* [p] SIGCONT resumed it: the
						 * first thread to wake sends
						 * the parent CLD_CONTINUED */
};

/* A user-installed alternate stack (sigaltstack(2)); [c]. */
struct signal_stack {
	u64 sp;
	u64 size;
	u32 flags;			/* 0, SS_DISABLE; | SS_AUTODISARM */
};

/* What restart_syscall(2) resumes (Linux's restart_block); [c]. */
struct signal_restart {
	long (*fn)(struct signal_restart *rb);
	u64 deadline_ns;		/* nanosleep: absolute ktime */
	u64 rem;			/* nanosleep: user timespec or 0 */
};

/* The per-thread signal state (struct uthread.sig). */
struct signal_thread {
	u64 blocked;			/* to modify: [p]; the thread's own */
	u64 saved_mask;			/* [c] restored after rt_sigsuspend */
	u64 real_blocked;		/* [p] blocked before rt_sigtimedwait
					 * unblocked what it waits for; 0
					 * outside it */
	struct signal_pending pending;	/* [p] tkill, tgkill */
	struct signal_stack altstack;	/* [c] */
	struct signal_restart restart;	/* [c] */
};

enum signal_action signal_default_action(int sig);
const char *signal_name(int sig);
int signal_pending_add(struct signal_pending *q,
		       const struct signal_entry *e);
int signal_pending_take(struct signal_pending *q, u64 allowed,
			struct signal_entry *e);
void signal_pending_flush(struct signal_pending *q, u64 sigs);
void signal_info_fill(struct signal_info *info, const struct signal_entry *e);

/* kernel/signal_force.c: not in host builds. */
void signal_force_fatal(int sig);
void signal_report_fault(const char *fmt, ...) __printf(1, 2);

/* kernel/signal_kick.c: not in host builds. */
struct task;
void signal_kick(struct task *t);

/* kernel/signal_send.c, signal_deliver.c, signal_itimer.c: not on the
 * host. */
struct process;
struct trap_frame;
int signal_send_process(struct process *p, const struct signal_entry *e);
int signal_send_tid(int tgid, int tid, const struct signal_entry *e);
int signal_kill(int pid, int sig);
void signal_exec_reset(struct process *p);
struct signal_entry signal_entry_user(int sig, int code);
void signal_notify_parent(struct process *parent, int child_tgid,
			  int status);
bool signal_parent_ignores_sigchld(struct process *parent);
void signal_recalc(struct task *t);
void signal_deliver(struct trap_frame *regs);
void signal_process_exit(struct process *p);

/**
 * signal_wait_event - sleep until @cond, or until a signal arrives.
 * @wq: the wait queue (kernel/wait.h, which the caller includes)
 * @cond: the condition, re-evaluated after each wakeup
 *
 * The wait for blocking system calls (pipes, wait4, poll...): return
 * its value from the syscall. -ERESTARTSYS makes the call restart
 * transparently when the signal's handler has SA_RESTART or no handler
 * runs, and return -EINTR otherwise - Linux's behaviour.
 * Context: a process thread, may sleep; no spinlocks held.
 * Return: 0 once @cond holds; -ERESTARTSYS when a signal is pending.
 */
#define signal_wait_event(wq, cond)					\
	({								\
		int __sw = wait_event_interruptible(wq, cond);		\
		__sw == -EINTR ? -ERESTARTSYS : __sw;			\
	})

/* wait(2) status words, Linux's encoding (WIFEXITED/WIFSIGNALED). */
static inline int wait_status_exited(int code)
{
	return (code & 0xff) << 8;
}

static inline int wait_status_signaled(int sig)
{
	return sig & 0x7f;
}

static inline bool wait_status_is_exit(int status)
{
	return (status & 0x7f) == 0;
}

static inline int wait_status_code(int status)
{
	return (status >> 8) & 0xff;
}

static inline int wait_status_sig(int status)
{
	return status & 0x7f;
}

#endif
