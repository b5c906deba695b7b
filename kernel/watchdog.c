// SPDX-License-Identifier: MIT
/*
 * Soft-lockup watchdog (kernel/watchdog.h). Every tick, sched_tick() tells
 * us whether the interrupted CPU could have scheduled (preempt_count 0 or
 * idle); that "touches" the CPU. A CPU untouched for longer than the
 * limit is stuck. Everything here runs in the tick of the CPU concerned,
 * so the per-CPU state needs no lock. A CPU stuck with interrupts off
 * takes no tick and is not seen (that would take an NMI watchdog).
 */
#include <arch/percpu.h>
#include "kernel/cmdline.h"
#include "kernel/percpu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/watchdog.h"

struct watchdog_cpu {
	u64 touched_ns;		/* [c] last tick that could schedule */
	bool reported;		/* [c] this episode was reported */
};

static struct watchdog_cpu wd_cpu[NR_CPUS];
static u64 thresh_s = 10;	/* Linux's default: report after 2 * 10 s */
KPARAM_UINT(watchdog_thresh, "watchdog_thresh", &thresh_s, 0, 60,
	    "soft lockup after 2 * this many seconds (0: off)");
static u64 limit_ms_override;	/* [a] tests: 0 = use the parameter */
static bool quiet;		/* [a] tests: no Linux-shaped report */
static u64 fired;		/* [a] reports so far */

void watchdog_set_thresh_ms(u64 ms)
{
	__atomic_store_n(&limit_ms_override, ms, __ATOMIC_RELEASE);
}

/* The current limit, in milliseconds; 0 means off. */
u64 watchdog_thresh_ms(void)
{
	u64 ms = __atomic_load_n(&limit_ms_override, __ATOMIC_ACQUIRE);

	return ms ? ms : thresh_s * 2 * 1000;
}

void watchdog_set_quiet(bool q)
{
	__atomic_store_n(&quiet, q, __ATOMIC_RELEASE);
}

u64 watchdog_fired(void)
{
	return __atomic_load_n(&fired, __ATOMIC_ACQUIRE);
}

/**
 * watchdog_tick - account one tick of @cpu.
 * @cpu: this CPU
 * @schedulable: the interrupted code could have been switched out
 *
 * Context: the tick interrupt, interrupts off.
 */
void watchdog_tick(unsigned int cpu, bool schedulable)
{
	struct watchdog_cpu *w = &wd_cpu[cpu];
	u64 now = ktime_get_ns(), limit = watchdog_thresh_ms();
	struct task *t;

	if (schedulable || !w->touched_ns) {
		w->touched_ns = now;
		w->reported = false;
		return;
	}
	if (!limit || w->reported || now - w->touched_ns < limit * NSEC_PER_MSEC)
		return;
	w->reported = true;
	t = current;
	__atomic_fetch_add(&fired, 1, __ATOMIC_RELEASE);
	if (__atomic_load_n(&quiet, __ATOMIC_ACQUIRE)) {
		printk("  # watchdog: CPU#%u stuck for %llums [%s:%d] (expected by a test)\n",
		       cpu, (unsigned long long)((now - w->touched_ns) / NSEC_PER_MSEC),
		       t->name, t->pid);
		return;
	}
	pr_emerg("BUG: soft lockup - CPU#%u stuck for %llus! [%s:%d]\n", cpu,
		 (unsigned long long)((now - w->touched_ns) / NSEC_PER_SEC),
		 t->name, t->pid);
	dump_stack();
}
