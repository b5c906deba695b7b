/* SPDX-License-Identifier: MIT */
/* Per-CPU base through GS: %gs:0 holds a pointer to the CPU's own struct. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include "kernel/percpu.h"

static inline struct percpu *arch_this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

/*
 * This CPU's logical id in one GS-relative load, so that a preemption
 * cannot fall between finding the area and reading it (the id read is
 * then the CPU the instruction ran on; it may be stale at once unless
 * preemption is off).
 */
static inline unsigned int arch_this_cpu_id(void)
{
	unsigned int cpu;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(cpu) : "i"(offsetof(struct percpu, cpu)));
	return cpu;
}

/*
 * Replace *@p by @new if it holds @old, in one instruction without a lock
 * prefix (Linux's cmpxchg_local()): atomic against an interrupt on this
 * CPU, not against other CPUs, and so much cheaper than a locked one.
 * Return: the value *@p held.
 */
static inline unsigned int arch_cmpxchg_local_u32(unsigned int *p,
						  unsigned int old,
						  unsigned int new)
{
	__asm__ volatile("cmpxchgl %2, %1"
			 : "+a"(old), "+m"(*p) : "r"(new) : "memory", "cc");
	return old;
}

/* Point this CPU's GS base at @p (MSR_GS_BASE). */
void arch_percpu_install(struct percpu *p);

#endif
