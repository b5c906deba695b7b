/* SPDX-License-Identifier: MIT */
/*
 * Preemption control. Each CPU's preempt_count (struct percpu) counts the
 * reasons the running task must not be switched out: held spinlocks,
 * explicit preempt_disable() sections. The count is per CPU but behaves as
 * the running task's: every context switch happens with exactly one count
 * held (the run-queue lock), so each task gets back the value it left.
 *
 * preempt_enable() that drops the count to zero is a preemption point: it
 * reschedules if the tick or a wakeup asked for it (need_resched), and in
 * deterministic mode (sched.seed=) it may inject a preemption. Interrupt
 * exit is the other point (sched_preempt_irq()).
 *
 * Debug builds tell the latency tracker (kernel/irqsoff.h) when the count
 * leaves and reaches zero: the longest preemption-off stretch per CPU.
 *
 * The host build (pure-logic tests) has no scheduler: all of this is empty.
 */
#ifndef KERNEL_PREEMPT_H
#define KERNEL_PREEMPT_H

#include "lib/types.h"

#ifndef HOST_BUILD
#include <arch/context.h>
#include "kernel/irqsoff.h"

extern bool sched_perturb_on;	/* [a] deterministic mode injects points */
/*
 * Set by sched_init(). Before it there is one CPU and one flow, and GS may
 * not point at a per-CPU area yet (the console registers first), so the
 * counting is skipped; nothing may hold a lock across sched_init().
 */
extern bool preempt_ready;

void preempt_schedule(void);

#ifdef CONFIG_IRQSOFF_TRACER
static inline void preempt_count_inc(void)
{
	if (arch_preempt_count_add_return(1) == 1)
		irqsoff_preempt_off();
}

/* Return: whether the count reached zero. */
static inline bool preempt_count_dec(void)
{
	if (arch_preempt_count() == 1)
		irqsoff_preempt_on();
	return arch_preempt_count_add_return(-1) == 0;
}
#else
static inline void preempt_count_inc(void)
{
	arch_preempt_count_add(1);
}

static inline bool preempt_count_dec(void)
{
	return arch_preempt_count_add_return(-1) == 0;
}
#endif

static inline void preempt_disable(void)
{
	if (likely(preempt_ready))
		preempt_count_inc();
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* Leave a section without a preemption point (the caller reschedules). */
static inline void preempt_enable_no_resched(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (likely(preempt_ready))
		(void)preempt_count_dec();
}

static inline void preempt_enable(void)
{
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (unlikely(!preempt_ready))
		return;
	if (unlikely(preempt_count_dec()) &&
	    (arch_need_resched() || sched_perturb_on))
		preempt_schedule();
}

static inline int preempt_count(void)
{
	return likely(preempt_ready) ? arch_preempt_count() : 0;
}

#else /* HOST_BUILD */

static inline void preempt_disable(void) {}
static inline void preempt_enable_no_resched(void) {}
static inline void preempt_enable(void) {}
static inline int preempt_count(void) { return 0; }

#endif
#endif
