/* SPDX-License-Identifier: MIT */
/*
 * Cross-CPU function calls. smp_call_function() runs fn(arg) once on
 * every other online CPU, smp_call_function_single() on one CPU; each
 * target runs it from its IPI_CALL_FUNCTION_VECTOR handler, interrupts
 * off. With @wait the caller returns only after every target has
 * returned from fn. While it waits - or finds a target's queue full - the
 * caller serves its own incoming calls and shootdowns, so two CPUs
 * calling each other with interrupts off do not deadlock.
 *
 * fn runs in interrupt context: it must not sleep, wait for another CPU,
 * or call arch_tlb_shootdown().
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <arch/percpu.h>
#include "kernel/percpu.h"
#include "lib/types.h"

typedef void (*smp_call_fn)(void *arg);

/* The calling CPU's logical id is smp_processor_id() (kernel/sched.h). */

void smp_call_function(smp_call_fn fn, void *arg, bool wait);
int smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg,
			     bool wait);
void smp_call_queue_run(void);
void smp_send_kick(unsigned int cpu);

#endif
