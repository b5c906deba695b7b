// SPDX-License-Identifier: MIT
/*
 * The kill kick (kernel/signal_kick.c): SIGKILL for a process whose
 * thread runs in user mode on another CPU must interrupt that CPU at
 * once, not wait for its next tick.
 *
 *   CPU A (this test)             CPU B
 *                                 /bin/spin: user mode, no syscalls
 *   stop B's tick  ------------>  (no timer interrupt from now on)
 *   kill(spin, SIGKILL) - kick ->  interrupt -> exit
 *   wait <= KICK_WAIT_MS for spin to have no thread
 *   restart B's tick
 *
 * With B's tick stopped the tick period is, in effect, infinite: without
 * the kick nothing enters B's kernel and spin runs on until the tick is
 * restarted, so the bounded wait fails. Needs two CPUs.
 */
#include <arch/apic.h>
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "tests/kernel/user_run.h"

#define KICK_WAIT_MS	3000	/* far under "never"; generous for TCG */

static struct user_run spin;

static void tick_stop(void *arg)
{
	apic_timer_stop_cpu();
}

static void tick_start(void *arg)
{
	apic_timer_start_cpu();
}

/* Has spin printed its line, and does its thread run on a CPU other
 * than ours? Then *@arg is that CPU. */
static bool spins_elsewhere(struct process *p, const void *arg)
{
	unsigned int *cpu = (unsigned int *)arg;
	struct uthread *ut;
	bool yes = false;

	if (!user_has_line(p, "spin: running"))
		return false;
	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node) {
		struct task *t = ut->task;

		*cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);
		yes = __atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE) &&
		      *cpu != smp_processor_id();
	}
	spin_unlock(&p->lock);
	return yes;
}

static bool spin_gone(void)
{
	struct process *p = process_get_by_pid(spin.pid, PROCESS_ALIVE);

	if (p)
		process_put(p);
	return !p;
}

/* SIGKILL reaches a user-mode spinner on a CPU that has no tick. */
static void signal_kick_tickless_cpu(struct ktest *t)
{
	unsigned int cpu = 0;
	bool gone;

	if (sched_nr_cpus() < 2)
		KTEST_SKIP(t, "needs two CPUs");
	if (user_start(t, &spin, (const char *const[]){ "/bin/spin", NULL }))
		return;
	if (!KTEST_EXPECT(t, user_poll(spin.pid, spins_elsewhere, &cpu,
				       KTEST_WAIT_MS)))
		goto out;
	KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, tick_stop, NULL,
						    true), 0);
	KTEST_EXPECT_EQ(t, process_kill_pid(spin.pid, SIGKILL), 0);
	gone = ktest_wait_until(t, spin_gone(), KICK_WAIT_MS);
	smp_call_function_single(cpu, tick_start, NULL, true);
	KTEST_EXPECT(t, gone);
out:
	process_kill_pid(spin.pid, SIGKILL);
	user_wait(t, &spin, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, wait_status_sig(spin.status), SIGKILL);
}

KTEST_SUITE(signal_kick,
	    KTEST_CASE(signal_kick_tickless_cpu));
