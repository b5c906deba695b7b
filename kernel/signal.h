/* SPDX-License-Identifier: MIT */
/*
 * Signals, as far as oomlab has them: numbers, the default action of each
 * (there are no handlers, masks or job control), and the wait-status
 * encoding that tells a waiter how a process ended. Pure.
 *
 * Default actions: SIGCHLD, SIGURG, SIGWINCH and SIGCONT are ignored, as
 * in Linux. Every other valid signal (1..64) ends the process: those whose
 * Linux default is terminate or core dump (SIGKILL, SIGTERM, SIGSEGV,
 * SIGUSR1, real-time signals...), and - since there is no job control -
 * the stop signals SIGSTOP/SIGTSTP/SIGTTIN/SIGTTOU too, so that a sent
 * signal never leaves a task in a state nothing can end.
 *
 * This header is the one definition of the signal numbers. Besides the
 * pure part (signal.c, also built for the host), kernel/signal_force.c
 * delivers the fatal signals a task brings on itself (faults, traps) and
 * kernel/signal_kick.c interrupts a killed thread running on another CPU.
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
#define SIGRTMAX	64
#define NSIG		64

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
};

enum signal_action signal_default_action(int sig);
const char *signal_name(int sig);

/* kernel/signal_force.c: not in host builds. */
void signal_force_fatal(int sig);
void signal_report_fault(const char *fmt, ...) __printf(1, 2);

/* kernel/signal_kick.c: not in host builds. */
struct task;
void signal_kick(struct task *t);

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
