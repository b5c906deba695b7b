// SPDX-License-Identifier: MIT
/*
 * Inter-processor interrupts: sending one to a logical CPU, the handlers
 * of the call-function and TLB-shootdown vectors, and the TLB shootdown
 * protocol itself. One shootdown is in flight at a time (tlb_lock); its
 * range is published before each target's flag is raised, and the
 * initiator waits until every target has flushed and dropped the count.
 * A CPU that spins - for tlb_lock, for a count to drain, or for a full
 * call queue - serves its own flag and call queue meanwhile
 * (arch_ipi_poll()), so initiators with interrupts off never deadlock.
 *
 * Locking: [t] tlb_lock; [a] atomic. tlb_start/tlb_end are written under
 * tlb_lock and read by targets whose flag is set (acquire on the flag).
 */
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/irq.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"

#define TLB_FLUSH_PAGES_MAX	32	/* beyond: flush the whole TLB */
#define CR4_PGE			(1UL << 7)

static struct spinlock tlb_lock = SPINLOCK_INIT("tlb_shootdown");
static vaddr_t tlb_start, tlb_end;	/* [t] */
static u32 tlb_pending;			/* [a] targets yet to flush */
static bool tlb_flag[NR_CPUS];		/* [a] this CPU must flush */

/**
 * arch_send_ipi - interrupt @cpu with @vector.
 * @cpu: an online logical CPU (or one being brought up)
 * @vector: IPI_*_VECTOR, or any vector with a handler
 *
 * Context: any.
 */
void arch_send_ipi(unsigned int cpu, unsigned int vector)
{
	apic_send_ipi(percpu_area[cpu].apic_id, vector);
}

static void write_cr4(u64 v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static void tlb_flush_local(vaddr_t start, vaddr_t end)
{
	u64 cr4 = arch_read_cr4();

	arch_this_cpu()->tlb_shootdowns++;
	if (end != TLB_FLUSH_ALL && end > start &&
	    (end - start) / PAGE_SIZE <= TLB_FLUSH_PAGES_MAX) {
		for (vaddr_t va = ALIGN_DOWN(start, PAGE_SIZE); va < end;
		     va += PAGE_SIZE)
			__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
	} else if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);	/* global entries too */
		write_cr4(cr4);
	} else {
		arch_write_cr3(arch_read_cr3());
	}
}

/* If asked to, flush this CPU's TLB and check in. Interrupts off. */
static void tlb_service(void)
{
	unsigned int cpu = smp_processor_id();

	if (!__atomic_exchange_n(&tlb_flag[cpu], false, __ATOMIC_ACQUIRE))
		return;
	tlb_flush_local(tlb_start, tlb_end);
	__atomic_sub_fetch(&tlb_pending, 1, __ATOMIC_RELEASE);
}

/**
 * arch_ipi_poll - do what pending IPIs would do, without the interrupt.
 *
 * Context: any; for CPUs spinning on another CPU's progress.
 */
void arch_ipi_poll(void)
{
	unsigned long flags = arch_irq_save();

	tlb_service();
	smp_call_queue_run();
	arch_irq_restore(flags);
}

/*
 * The CPUs to interrupt: the online ones of @cpus but @self, read once.
 * @cpus may be live - an mm's mask, which other CPUs change as they load
 * and leave the mm - so the count and the IPIs must come from one read:
 * a CPU counted but not signalled would never check in, and the
 * initiator would wait for it forever with interrupts off. Missing a CPU
 * that joins after the read is safe: the caller changed the entries and
 * fenced before asking (mm_flush_tlb_range()), and loading the mm's
 * page tables flushes that CPU's TLB. Signalling one that left is too:
 * it flushes for nothing.
 * Return: how many.
 */
static u32 tlb_targets(const struct cpumask *cpus, unsigned int self,
		       struct cpumask *out)
{
	u32 n = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(out->bits); i++)
		out->bits[i] = ~0ULL;
	if (cpus)
		for (unsigned int i = 0; i < ARRAY_SIZE(out->bits); i++)
			out->bits[i] = __atomic_load_n(&cpus->bits[i],
						       __ATOMIC_RELAXED);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu == self || !cpu_online(cpu))
			cpumask_clear(out, cpu);
		n += cpumask_test(out, cpu);
	}
	return n;
}

/**
 * arch_tlb_shootdown - invalidate [@start, @end) on @cpus and wait.
 * @cpus: the CPUs whose TLBs may hold the range (the caller included if
 *        it is in the set), or NULL for every online CPU; may change
 *        while we run (read once: see tlb_targets())
 * @start: first address
 * @end: one past the last, or TLB_FLUSH_ALL for the whole TLB
 *
 * Context: any but interrupt context and cross-call functions (they
 * would spin on tlb_lock against themselves); interrupts may be off.
 */
void arch_tlb_shootdown(const struct cpumask *cpus, vaddr_t start,
			vaddr_t end)
{
	unsigned long flags = arch_irq_save();
	unsigned int self = smp_processor_id();
	bool flush_self = !cpus || cpumask_test(cpus, self);
	struct cpumask targets;
	u32 n;

	while (!spin_trylock(&tlb_lock)) {
		tlb_service();
		smp_call_queue_run();
		arch_cpu_relax();
	}
	tlb_start = start;
	tlb_end = end;
	n = tlb_targets(cpus, self, &targets);
	__atomic_store_n(&tlb_pending, n, __ATOMIC_RELAXED);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpumask_test(&targets, cpu))
			continue;
		__atomic_store_n(&tlb_flag[cpu], true, __ATOMIC_RELEASE);
		arch_send_ipi(cpu, IPI_TLB_SHOOTDOWN_VECTOR);
	}
	if (flush_self)
		tlb_flush_local(start, end);
	while (__atomic_load_n(&tlb_pending, __ATOMIC_ACQUIRE)) {
		smp_call_queue_run();
		arch_cpu_relax();
	}
	spin_unlock(&tlb_lock);
	arch_irq_restore(flags);
}

static void call_function_irq(struct trap_frame *f)
{
	arch_irq_eoi();
	smp_call_queue_run();
}

static void tlb_shootdown_irq(struct trap_frame *f)
{
	arch_irq_eoi();
	tlb_service();
}

/* Until the scheduler registers its own: the IPI only interrupts. */
static void reschedule_irq(struct trap_frame *f)
{
	arch_irq_eoi();
}

/**
 * arch_ipi_init - install the IPI vectors' handlers.
 *
 * Context: boot CPU, once, before the APs start.
 */
void arch_ipi_init(void)
{
	arch_irq_set_handler(IPI_CALL_FUNCTION_VECTOR, call_function_irq);
	arch_irq_set_handler(IPI_TLB_SHOOTDOWN_VECTOR, tlb_shootdown_irq);
	if (!arch_irq_handler(IPI_RESCHEDULE_VECTOR))
		arch_irq_set_handler(IPI_RESCHEDULE_VECTOR, reschedule_irq);
}
