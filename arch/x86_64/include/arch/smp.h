/* SPDX-License-Identifier: MIT */
/*
 * Multiprocessor plumbing: bring-up (smp_init), inter-processor
 * interrupts and TLB shootdown. The generic cross-call API built on these
 * is kernel/smp.h.
 */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include "kernel/percpu.h"
#include "lib/types.h"

#define IPI_TLB_SHOOTDOWN_VECTOR	0xfb
#define IPI_CALL_FUNCTION_VECTOR	0xfc
#define IPI_RESCHEDULE_VECTOR		0xfd	/* the scheduler's handler */

struct boot_info;

void smp_init(const struct boot_info *bi);
unsigned int smp_cpus_listed(void);

void arch_send_ipi(unsigned int cpu, unsigned int vector);
void arch_ipi_init(void);
void arch_ipi_poll(void);
void arch_tlb_shootdown(const struct cpumask *cpus, vaddr_t start,
			vaddr_t end);

/* end of arch_tlb_shootdown(): every address from start up */
#define TLB_FLUSH_ALL	(~(vaddr_t)0)

#endif
