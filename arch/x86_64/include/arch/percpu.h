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

/* Point this CPU's GS base at @p (MSR_GS_BASE). */
void arch_percpu_install(struct percpu *p);

#endif
