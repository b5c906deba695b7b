/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: preemptive round-robin over per-CPU run queues.
 *
 * Each CPU has a queue of runnable tasks (kernel/runqueue.c holds the
 * bookkeeping) under its own lock. A task runs for a time slice of
 * sched.slice_ms, measured in ticks by sched_tick(), and then goes to the
 * back of its queue. A woken task is queued on an idle CPU it may run on
 * if there is one (its previous CPU first), else on the shortest queue.
 * Balancing pulls: an idle CPU takes a waiting task from the busiest
 * queue, and every SCHED_BALANCE_TICKS ticks a CPU with two fewer tasks
 * than the busiest takes one.
 *
 * Preemption points: preempt_enable() dropping to zero, cond_resched(),
 * and interrupt exit (sched_preempt_irq()). Sleeping: set the task state
 * with set_current_state(), re-check the condition, call schedule(); a
 * waker sets the condition and calls wake_up_process(). TASK_KILLABLE and
 * TASK_INTERRUPTIBLE sleeps also end when the task is killed.
 *
 * Deterministic mode (sched.seed=N, N != 0): time slices no longer end
 * on the tick; instead each preemption point (preempt_enable() reaching
 * zero with interrupts on, cond_resched(), a wakeup on the same CPU)
 * preempts with probability sched.perturb/1000, drawn from a per-CPU
 * generator seeded with N and the CPU number. On one CPU (or with every
 * task involved bound to one CPU) the interleaving of code that does not
 * depend on time is a function of N and replays exactly. What stays
 * non-deterministic: timer expiry and anything else driven by real time,
 * interrupts that wake tasks, and under SMP the order in which CPUs reach
 * shared locks, which CPU a wakeup picks and what balancing moves.
 *
 * What a replay needs (the rule sched_replay_boot_test follows): the
 * tasks whose interleaving matters are bound to one CPU, no other task
 * runs on that CPU from the start of the window to its end, and the window
 * starts with sched_deterministic() called on that CPU while it is the
 * only runnable task there. From that call on, the tick never preempts
 * (slices do not end, balancing does not run; the call drops a reschedule
 * the tick had already asked for), so every switch on that CPU is either
 * a sleep or a draw, and the draws are made in program order. A task
 * woken onto that CPU from elsewhere - a timer, another CPU - is foreign
 * to the window and breaks the replay, as does code whose path depends on
 * time (a timed wait that may or may not expire).
 *
 * Replaying a failure: a boot with sched.seed=N prints "sched: ...,
 * deterministic" and the ktest header; when a test fails under it, boot
 * again with the same command line, e.g.
 *     python3 tools/oomlab-run.py run --smp 1 \
 *         --cmdline "sched.seed=N sched.perturb=P ktest.filter=suite.case"
 * (P defaults to 50 per 1000 points). Narrow the test with ktest.filter;
 * keep -smp 1 (or the threads bound to one CPU), since only then is the
 * interleaving a function of N alone. A test can also replay in-kernel:
 * sched_deterministic(N, P) before each run restarts the same sequence.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <arch/percpu.h>
#include "kernel/preempt.h"
#include "kernel/task.h"
#include "lib/types.h"

#define SCHED_BALANCE_TICKS	4

/* Boot and CPU bring-up. */
void sched_init(void);
__noreturn void sched_ap_idle(void);

/* Called by the arch/time code. */
void sched_tick(void);
void sched_preempt_irq(bool irqs_were_on);

/* Sleeping and waking. */
void schedule(void);
void yield(void);
void cond_resched(void);
bool wake_up_process(struct task *p);
__noreturn void sched_exit(void);
void sched_task_init(struct task *p);
void sched_put_task_later(struct task *t);

/* Sleep for up to @timeout jiffies in the state already set (timer.c). */
#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_killable(long timeout);
bool wake_up_state(struct task *p, unsigned int state);

/*
 * Set the running task's state before re-checking a sleep condition. The
 * full barrier orders the state store before the condition load, pairing
 * with the barrier in wake_up_state() between the condition store and the
 * state load: either the sleeper sees the condition or the waker sees the
 * sleep state.
 */
static inline void set_current_state(unsigned int state)
{
	__atomic_store_n(&current->state, state, __ATOMIC_SEQ_CST);
}

/* Without the barrier: for TASK_RUNNING after a wait, or under a lock. */
static inline void __set_current_state(unsigned int state)
{
	__atomic_store_n(&current->state, state, __ATOMIC_RELAXED);
}

/* Affinity; only for tasks that have not run yet (TASK_NEW). */
void sched_set_cpus_allowed(struct task *p, u64 mask);

/* Information. */
unsigned int sched_nr_cpus(void);
u64 sched_cpus_online(void);
u64 sched_nr_switches(unsigned int cpu);
u64 task_cpu_ns(const struct task *t);

/* Deterministic mode; see above. seed 0 turns it off. */
void sched_deterministic(u64 seed, unsigned int perturb_permille);
u64 sched_seed(void);
unsigned int sched_perturb_permille(void);

/* The running CPU's number; stable while preemption is off. */
static inline unsigned int smp_processor_id(void)
{
	return arch_this_cpu_id();
}

/*
 * might_sleep - assert the caller may sleep: preemption and interrupts are
 * enabled. A violation is a kernel bug and stops the kernel. A lowercase
 * macro, as in Linux, so that it reports the caller's line.
 */
#define might_sleep() __might_sleep(__FILE__, __LINE__)
void __might_sleep(const char *file, int line);
bool sched_may_sleep(void);

#endif
