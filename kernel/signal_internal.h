/* SPDX-License-Identifier: MIT */
/*
 * What the signal files (kernel/signal_*.c, sys_signal.c) share and
 * nothing else uses: the locked send, the wakeup, the mask rules.
 *
 * Locking: everything here runs under the target process's lock
 * (process->lock), which is the lock of struct signal_process and of
 * each struct signal_thread's pending set and blocked mask.
 */
#ifndef KERNEL_SIGNAL_INTERNAL_H
#define KERNEL_SIGNAL_INTERNAL_H

#include "kernel/process.h"
#include "kernel/signal.h"

/* signal_send_locked()'s "the default action ends the process" result. */
#define SIGNAL_SEND_FATAL	1

int signal_send_locked(struct process *p, struct uthread *target,
		       const struct signal_entry *e, bool may_kill);
void signal_itimer_collect(struct process *p);
void signal_stop(struct uthread *ut, int sig);
void signal_stop_join(struct uthread *ut);
bool signal_prepare_locked(struct process *p, int sig);
void signal_continued(struct process *p);
void signal_recalc_locked(struct process *p, struct uthread *ut);
void signal_set_blocked_locked(struct process *p, struct uthread *ut,
			       u64 blocked);

/* Is @sig's action "ignore" (SIG_IGN, or SIG_DFL of an ignored one)? */
static inline bool signal_handler_ignores(const struct signal_disposition *ka,
					  int sig)
{
	return ka->handler == SIG_IGN ||
	       (ka->handler == SIG_DFL &&
		signal_default_action(sig) == SIGNAL_IGNORE);
}

/* Is sp inside the thread's alternate stack (Linux's on_sig_stack())? */
static inline bool signal_on_altstack(const struct signal_stack *ss, u64 sp)
{
	return ss->size && sp > ss->sp && sp - ss->sp <= ss->size;
}

/* uc_stack / sigaltstack's view: SS_ONSTACK or SS_DISABLE, and the
 * AUTODISARM flag as set. */
static inline u32 signal_altstack_flags(const struct signal_stack *ss, u64 sp)
{
	if (!ss->size)
		return SS_DISABLE;
	return (signal_on_altstack(ss, sp) ? SS_ONSTACK : 0) |
	       (ss->flags & SS_AUTODISARM);
}

#endif
