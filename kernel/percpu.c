// SPDX-License-Identifier: MIT
/* The per-CPU areas, and the boot CPU's, installed before anything uses it. */
#include <arch/percpu.h>
#include "kernel/percpu.h"

struct percpu percpu_area[NR_CPUS];
unsigned int nr_cpus_possible = 1;
unsigned int nr_cpus_online = 1;

/**
 * percpu_init_cpu - set up slot @cpu and install it on the calling CPU.
 * @cpu: logical CPU id
 * @apic_id: its local APIC id
 *
 * Context: bring-up of the calling CPU, interrupts off.
 */
void percpu_init_cpu(unsigned int cpu, u32 apic_id)
{
	struct percpu *p = &percpu_area[cpu];

	p->self = p;
	p->cpu = cpu;
	p->apic_id = apic_id;
	arch_percpu_install(p);
}
