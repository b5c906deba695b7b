/* SPDX-License-Identifier: MIT */
/*
 * Interrupts-off and preemption-off latency tracker (debug builds), in the
 * spirit of Linux's irqsoff and preemptoff tracers: per CPU, the longest
 * stretch with interrupts off and the longest with preemption off, with
 * the code that turned them off and the code that turned them back on.
 *
 * The hooks sit where the state changes: <arch/cpu.h>'s interrupt
 * save/restore/enable/disable and the idle halt, the trap and syscall
 * entries and exits (a gate or SFMASK clears IF, iretq and sysretq set
 * it), and preempt_count going 0 -> 1 -> 0 (kernel/preempt.h). A halt
 * with interrupts on ends a stretch: idle is not interrupts-off time.
 * Tracking starts with irqsoff_init(), once the tick runs; the boot
 * before it is not counted.
 *
 * Two records per CPU and kind: the boot's longest (irqsoff_report()
 * prints them at the end of a run) and a window's longest, which a test
 * restarts with irqsoff_reset() and reads with irqsoff_longest().
 *
 * Without CONFIG_DEBUG, and on the host, every hook is empty.
 */
#ifndef KERNEL_IRQSOFF_H
#define KERNEL_IRQSOFF_H

#include "lib/types.h"

enum irqsoff_kind {
	IRQSOFF_IRQS,		/* interrupts off on the CPU */
	IRQSOFF_PREEMPT,	/* preempt_count above zero */
	IRQSOFF_NR_KINDS,
};

/* One stretch: how long, on which CPU, from where to where. */
struct irqsoff_stretch {
	u64 us;
	unsigned int cpu;
	unsigned long off_ip;	/* the code that turned it off */
	unsigned long on_ip;	/* the code that turned it back on */
};

#if defined(CONFIG_DEBUG) && !defined(HOST_BUILD)
#define CONFIG_IRQSOFF_TRACER 1

extern bool irqsoff_tracking;	/* [I] set once by irqsoff_init() */

/* Out of line: the site recorded is their return address. */
void __irqsoff_off(enum irqsoff_kind kind);
void __irqsoff_on(enum irqsoff_kind kind);
void __irqsoff_off_at(enum irqsoff_kind kind, unsigned long ip);

/*
 * Interrupts just went off, from on (after the cli): a stretch starts at
 * the function this is inlined into. Context: interrupts off.
 */
static inline void irqsoff_hardirqs_off(void)
{
	if (unlikely(irqsoff_tracking))
		__irqsoff_off(IRQSOFF_IRQS);
}

/* As irqsoff_hardirqs_off(), for entry code: the stretch starts at @ip. */
static inline void irqsoff_hardirqs_off_at(unsigned long ip)
{
	if (unlikely(irqsoff_tracking))
		__irqsoff_off_at(IRQSOFF_IRQS, ip);
}

/*
 * Interrupts go on right after this (the sti, popf, iretq or sysretq
 * comes next): the stretch ends. Context: interrupts off.
 */
static inline void irqsoff_hardirqs_on(void)
{
	if (unlikely(irqsoff_tracking))
		__irqsoff_on(IRQSOFF_IRQS);
}

/* preempt_count just went 0 -> 1. Context: preemption off. */
static inline void irqsoff_preempt_off(void)
{
	if (unlikely(irqsoff_tracking))
		__irqsoff_off(IRQSOFF_PREEMPT);
}

/* preempt_count goes 1 -> 0 right after this. Context: preemption off. */
static inline void irqsoff_preempt_on(void)
{
	if (unlikely(irqsoff_tracking))
		__irqsoff_on(IRQSOFF_PREEMPT);
}

void irqsoff_init(void);
void irqsoff_reset(void);
bool irqsoff_longest(enum irqsoff_kind kind, struct irqsoff_stretch *out);
void irqsoff_report(void);

#else

static inline void irqsoff_hardirqs_off(void) {}
static inline void irqsoff_hardirqs_off_at(unsigned long ip) { (void)ip; }
static inline void irqsoff_hardirqs_on(void) {}
static inline void irqsoff_preempt_off(void) {}
static inline void irqsoff_preempt_on(void) {}
static inline void irqsoff_init(void) {}
static inline void irqsoff_reset(void) {}
static inline void irqsoff_report(void) {}

static inline bool irqsoff_longest(enum irqsoff_kind kind,
				   struct irqsoff_stretch *out)
{
	(void)kind;
	(void)out;
	return false;
}

#endif
#endif
