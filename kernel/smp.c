// SPDX-License-Identifier: MIT
/*
 * Cross-CPU function calls (contract in smp.h). Each CPU has a small ring
 * of pending calls; a caller copies {fn, arg, completion counter} into the
 * target's ring under the ring's lock and sends IPI_CALL_FUNCTION_VECTOR;
 * the target's handler empties its ring. A call is copied, so a call that
 * is not waited for needs nothing of the caller's to outlive it; a waited
 * call's counter lives on the caller's stack, which the wait keeps alive.
 *
 * Locking: [q] call_queue.lock (taken with interrupts off: the IPI
 * handler takes it too); [a] atomic.
 */
#include <arch/cpu.h>
#include <arch/smp.h>
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

#define CALL_QUEUE_LEN	16

struct smp_call {
	smp_call_fn fn;
	void *arg;
	u32 *pending;		/* [a] decremented when fn returns; or NULL */
};

struct call_queue {
	struct spinlock lock;
	u32 head, tail;		/* [q] free-running; tail - head queued */
	struct smp_call slots[CALL_QUEUE_LEN];	/* [q] */
} __aligned(64);

static struct call_queue call_queues[NR_CPUS] = {
	[0 ... NR_CPUS - 1] = { .lock = SPINLOCK_INIT("call_queue") },
};

static void call_post(unsigned int cpu, smp_call_fn fn, void *arg,
		      u32 *pending)
{
	struct call_queue *q = &call_queues[cpu];

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&q->lock);

		if (q->tail - q->head < CALL_QUEUE_LEN) {
			q->slots[q->tail++ % CALL_QUEUE_LEN] =
				(struct smp_call){ fn, arg, pending };
			spin_unlock_irqrestore(&q->lock, flags);
			break;
		}
		spin_unlock_irqrestore(&q->lock, flags);
		arch_ipi_poll();	/* full: the target may be waiting on us */
		arch_cpu_relax();
	}
	arch_send_ipi(cpu, IPI_CALL_FUNCTION_VECTOR);
}

static void call_wait(u32 *pending)
{
	while (__atomic_load_n(pending, __ATOMIC_ACQUIRE)) {
		arch_ipi_poll();
		arch_cpu_relax();
	}
}

/**
 * smp_call_queue_run - run every call queued for this CPU.
 *
 * Context: interrupts off; the call-function IPI handler, or a CPU
 * polling while it waits (arch_ipi_poll()).
 */
void smp_call_queue_run(void)
{
	struct call_queue *q = &call_queues[smp_processor_id()];

	for (;;) {
		struct smp_call c;

		spin_lock(&q->lock);
		if (q->head == q->tail) {
			spin_unlock(&q->lock);
			return;
		}
		c = q->slots[q->head++ % CALL_QUEUE_LEN];
		spin_unlock(&q->lock);
		c.fn(c.arg);
		if (c.pending)
			__atomic_sub_fetch(c.pending, 1, __ATOMIC_RELEASE);
	}
}

/**
 * smp_call_function - run @fn(@arg) once on every other online CPU.
 * @fn: the function; see smp.h for what it may do
 * @arg: its argument
 * @wait: return only when every CPU has run @fn
 *
 * Context: any but interrupt context (a handler waiting here could block
 * the CPU it waits for); interrupts may be off.
 */
void smp_call_function(smp_call_fn fn, void *arg, bool wait)
{
	unsigned long flags = arch_irq_save();	/* stay on this CPU */
	unsigned int self = smp_processor_id();
	struct cpumask targets = { 0 };
	u32 pending = 0;

	/* One snapshot: a CPU coming online meanwhile is not counted. */
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (cpu != self && cpu_online(cpu)) {
			cpumask_set(&targets, cpu);
			pending++;
		}
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpumask_test(&targets, cpu))
			call_post(cpu, fn, arg, wait ? &pending : NULL);
	arch_irq_restore(flags);
	if (wait)
		call_wait(&pending);
}

/**
 * smp_call_function_single - run @fn(@arg) on @cpu.
 * @cpu: the target; the calling CPU runs @fn directly, interrupts off
 * @fn: the function; see smp.h for what it may do
 * @arg: its argument
 * @wait: return only when @fn has returned
 *
 * Context: as smp_call_function().
 * Return: 0, or -EINVAL if @cpu is not online.
 */
int smp_call_function_single(unsigned int cpu, smp_call_fn fn, void *arg,
			     bool wait)
{
	unsigned long flags = arch_irq_save();
	u32 pending = 1;

	if (!cpu_online(cpu)) {
		arch_irq_restore(flags);
		return -EINVAL;
	}
	if (cpu == smp_processor_id()) {
		fn(arg);
		arch_irq_restore(flags);
		return 0;
	}
	call_post(cpu, fn, arg, wait ? &pending : NULL);
	arch_irq_restore(flags);
	if (wait)
		call_wait(&pending);
	return 0;
}

/**
 * smp_send_kick - interrupt @cpu, and nothing more (Linux's
 * smp_send_reschedule() as kick_process() uses it): whatever runs there
 * in user mode enters the kernel and, on its way back, acts on a pending
 * fatal signal or need_resched.
 * @cpu: an online CPU other than the caller's
 *
 * Context: any.
 */
void smp_send_kick(unsigned int cpu)
{
	arch_send_ipi(cpu, IPI_RESCHEDULE_VECTOR);
}
