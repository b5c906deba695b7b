/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data. Each CPU's struct percpu is reached through the GS base
 * (arch_this_cpu()), so "this CPU's" data costs one memory access and needs
 * no CPU-id lookup. The scheduler, the tick and the SMP code keep their
 * per-CPU state here.
 *
 * Locking: [I] set once during bring-up; [c] only touched by the owning CPU
 * with interrupts off (or its own interrupt handlers); [a] atomic.
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include "lib/types.h"

#define NR_CPUS	64

struct task;
struct runqueue;

struct percpu {
	struct percpu *self;		/* [I] must stay first: %gs:0 */
	unsigned int cpu;		/* [I] logical id; 0 = boot CPU */
	u32 apic_id;			/* [I] from the MADT; not contiguous */
	bool online;			/* [a] */
	struct task *current_task;	/* [c] the task running here */
	struct task *idle;		/* [I] this CPU's idle task */
	struct runqueue *rq;		/* [I] the scheduler's queue */
	u64 kernel_stack_top;		/* [c] TSS.rsp0 / syscall stack */
	int preempt_count;		/* [c] >0: no preemption here */
	bool need_resched;		/* [a] set by tick/wakeup, read at irq exit */
	u64 irq_count;			/* [c] interrupts taken */
	u64 ticks;			/* [c] timer ticks taken */
	u64 tlb_shootdowns;		/* [c] shootdown flushes done here */
} __aligned(64);			/* no false sharing between CPUs */

extern struct percpu percpu_area[NR_CPUS];
extern unsigned int nr_cpus_possible;	/* [I] CPUs found in the MADT */
extern unsigned int nr_cpus_online;	/* [a] CPUs that finished bring-up */

void percpu_init_cpu(unsigned int cpu, u32 apic_id);

static inline bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS &&
	       __atomic_load_n(&percpu_area[cpu].online, __ATOMIC_ACQUIRE);
}

/* A set of logical CPUs. */
struct cpumask {
	u64 bits[(NR_CPUS + 63) / 64];
};

static inline void cpumask_set(struct cpumask *m, unsigned int cpu)
{
	m->bits[cpu / 64] |= 1ULL << (cpu % 64);
}

static inline void cpumask_clear(struct cpumask *m, unsigned int cpu)
{
	m->bits[cpu / 64] &= ~(1ULL << (cpu % 64));
}

static inline bool cpumask_test(const struct cpumask *m, unsigned int cpu)
{
	return m->bits[cpu / 64] >> (cpu % 64) & 1;
}

#endif
