// SPDX-License-Identifier: MIT
/*
 * The kick of a fatal signal (Linux's signal_wake_up() and
 * kick_process()): a thread that runs in user mode on another CPU looks
 * for a pending kill only when it next enters the kernel, which for a
 * thread that makes no system call is its CPU's next interrupt - up to
 * a whole tick later, or never on a CPU whose tick is stopped. The kick
 * is that interrupt, sent at once: a reschedule IPI, whose return to
 * user mode acts on the kill (process_exit_if_killed()).
 *
 * A thread that sleeps is woken by task_kill() instead; one that runs on
 * the sender's own CPU is the sender, or is preempted and checks on its
 * way back to user mode.
 */
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/smp.h"
#include "kernel/task.h"

/**
 * signal_kick - interrupt @t's CPU if @t runs on another one, so that
 * it notices the fatal signal just made pending for it (Linux's
 * kick_process()).
 * @t: a task whose kill_pending the caller has set; the caller keeps it
 *     from being freed (holds a reference or its process's lock)
 *
 * Racy by nature, as Linux's: @t may leave its CPU at any moment, and
 * then it finds the kill on its way back to user mode anyway; a kick that
 * lands on another task costs that task one interrupt.
 * Context: task context, also under spinlocks; preemption is disabled
 * around the check so that "another CPU" stays true.
 */
void signal_kick(struct task *t)
{
	unsigned int cpu;

	preempt_disable();
	cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
	if (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE) &&
	    cpu != smp_processor_id())
		smp_send_kick(cpu);
	preempt_enable();
}
