/* SPDX-License-Identifier: MIT */
/*
 * ptrace(2): a tracer process stops, inspects and resumes the threads it
 * traces (Linux 6.1's kernel/ptrace.c and the ptrace half of
 * kernel/signal.c).
 *
 * A traced thread stops (a "ptrace stop") at the points its tracer asked
 * for, on its way back to user mode or at a syscall's edges:
 *
 *   signal-delivery stop  it dequeued a signal: the tracer sees it and
 *                         resumes with it, another one, or none
 *   group stop            a stop signal stopped its process
 *   event stop            PTRACE_INTERRUPT (SIGTRAP | PTRACE_EVENT_STOP),
 *                         or PTRACE_O_TRACEEXIT at exit
 *   syscall stops         after PTRACE_SYSCALL, at entry and at exit
 *
 * While stopped it sleeps killably and counts as frozen for the cgroup
 * freezer (Linux 6.1's ptrace_stop() calls cgroup_enter_frozen()); the
 * tracer's wait4/waitid reports each stop once as (code << 8) | 0x7f.
 * Requests other than ATTACH, SEIZE, TRACEME, INTERRUPT and KILL need
 * the thread traced by the caller and in a ptrace stop: else -ESRCH.
 *
 * Locking: [L] the process list lock, [p] the traced thread's
 * process->lock; the tracer link changes under both. [a] atomic.
 */
#ifndef KERNEL_PTRACE_H
#define KERNEL_PTRACE_H

#include "kernel/signal.h"
#include "lib/types.h"

/* Requests (Linux's values). */
#define PTRACE_TRACEME		0
#define PTRACE_PEEKTEXT		1
#define PTRACE_PEEKDATA		2
#define PTRACE_POKETEXT		4
#define PTRACE_POKEDATA		5
#define PTRACE_CONT		7
#define PTRACE_KILL		8
#define PTRACE_SINGLESTEP	9
#define PTRACE_GETREGS		12
#define PTRACE_SETREGS		13
#define PTRACE_ATTACH		16
#define PTRACE_DETACH		17
#define PTRACE_SYSCALL		24
#define PTRACE_SETOPTIONS	0x4200
#define PTRACE_GETEVENTMSG	0x4201
#define PTRACE_GETSIGINFO	0x4202
#define PTRACE_SEIZE		0x4206
#define PTRACE_INTERRUPT	0x4207
#define PTRACE_LISTEN		0x4208

/* Options. Only these are honoured; Linux's others are -EINVAL here. */
#define PTRACE_O_TRACESYSGOOD	0x00000001
#define PTRACE_O_TRACEEXIT	0x00000040
#define PTRACE_O_EXITKILL	0x00100000
#define PTRACE_O_SUPPORTED	(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXIT | \
				 PTRACE_O_EXITKILL)

/* Events: the stop code's bits 8-15. */
#define PTRACE_EVENT_EXIT	6
#define PTRACE_EVENT_STOP	128

#define CLD_TRAPPED		4	/* SIGCHLD's si_code for a ptrace stop */

struct process;
struct task;
struct trap_frame;
struct uthread;

/* The ptrace state of one thread (struct uthread.ptrace). */
struct ptrace_thread {
	struct process *tracer;		/* to modify: [L] and [p]; to read:
					 * either. NULL: not traced */
	unsigned int options;		/* [p] PTRACE_O_* */
	bool seized;			/* [p] PTRACE_SEIZE (not ATTACH) */
	bool stopped;			/* to modify: [p]; to read: [a].
					 * In a ptrace stop */
	bool reported;			/* [p] the tracer's wait took it */
	bool trap_pending;		/* [p] PTRACE_INTERRUPT: stop at the
					 * next return to user mode */
	bool listening;			/* [p] PTRACE_LISTEN: SIGCONT
					 * re-traps it */
	int code;			/* [p] the stop's code: sig, or sig |
					 * event << 8, or SIGTRAP [| 0x80] */
	int resume_sig;			/* [p] what the tracer resumed with */
	bool has_info;			/* [p] GETSIGINFO has a siginfo */
	struct signal_info info;	/* [p] the stop's siginfo */
	u64 event_msg;			/* [p] PTRACE_GETEVENTMSG */
	struct trap_frame *regs;	/* [p] the user frame while stopped */
};

/* kernel/ptrace_stop.c: the traced thread's side. */
int ptrace_stop(int code, const struct signal_info *info, u64 msg);
int ptrace_signal(int sig, struct signal_entry *e);
bool ptrace_group_stop(int sig);
void ptrace_traps(void);
bool ptrace_trap_pending(struct task *t);
bool ptrace_syscall_enter(struct trap_frame *regs);
void ptrace_syscall_exit(struct trap_frame *regs);
void ptrace_exit(int code);
void ptrace_tracer_exit(struct process *tracer);
bool ptrace_wait_stop(struct process *tracer, struct process *c, bool take,
		      int *tid, int *code);
bool ptrace_traced_by(struct process *c, struct process *tracer);
void ptrace_sigcont(struct process *p);

#endif
