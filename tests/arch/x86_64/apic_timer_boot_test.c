// SPDX-License-Identifier: MIT
/* The tick: jiffies against ktime, and every CPU's local APIC timer. */
#include <arch/cpu.h>
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "kernel/preempt.h"
#include "kernel/time.h"

#define WINDOW_MS	50

#define EDGE_TIMEOUT_NS	NSEC_PER_SEC

/*
 * Wait until jiffies changes; *ns is ktime just after. false: never.
 * Preemption is off so that no other task runs between seeing the change
 * and reading the clock (ticks still arrive; only the switch waits).
 */
static bool jiffy_edge(u64 *j, u64 *ns)
{
	u64 start, deadline;
	bool seen = true;

	preempt_disable();
	start = time_jiffies();
	deadline = ktime_get_ns() + EDGE_TIMEOUT_NS;
	while ((*j = time_jiffies()) == start) {
		if (ktime_get_ns() > deadline) {
			seen = false;
			break;
		}
	}
	*ns = ktime_get_ns();
	preempt_enable();
	return seen;
}

/*
 * From one jiffies change to the first one at least 50 ms of ktime later,
 * interrupts on. Sampling at changes measures the tick's rate, not how
 * late a (possibly host-starved) virtual CPU took it. Expected: jiffies
 * advanced by the elapsed ktime * HZ, plus or minus one tick.
 *
 * The bound assumes the first change was seen within half a tick of the
 * tick that made it; a host that starves the virtual CPU right there
 * shortens the measured time, and one more jiffy appears (seen under
 * load: 88 jiffies in 86.9 ms). A wrong rate is wrong in every window, a
 * starved edge is rare: up to WINDOWS windows are measured and one in
 * bounds passes.
 */
#define WINDOWS		3

static bool jiffies_window(struct ktest *t, u64 *jiffies, u64 *want,
			   u64 *ns)
{
	u64 j0, j1, t0, t1;

	if (!jiffy_edge(&j0, &t0))
		return false;
	udelay(WINDOW_MS * 1000);
	if (!jiffy_edge(&j1, &t1))
		return false;
	*jiffies = j1 - j0;
	*ns = t1 - t0;
	*want = *ns * time_hz() / NSEC_PER_SEC;
	ktest_log(t, "%llu jiffies in %llu us at HZ=%u",
		  (unsigned long long)*jiffies, (unsigned long long)(*ns / 1000),
		  time_hz());
	return true;
}

static void jiffies_at_hz(struct ktest *t)
{
	u64 jiffies = 0, want = 0, ns;

	KTEST_ASSERT(t, !arch_irqs_disabled());
	for (int i = 0; i < WINDOWS; i++) {
		KTEST_ASSERT(t, jiffies_window(t, &jiffies, &want, &ns));
		if (jiffies <= want + 1 && jiffies + 1 >= want)
			return;
	}
	KTEST_EXPECT_LE(t, jiffies, want + 1);
	KTEST_EXPECT_GE(t, jiffies + 1, want);
}

/*
 * Every online CPU takes timer interrupts. Expected: each CPU's tick count
 * grows within a generous deadline (under TCG a host-starved virtual CPU
 * can go tens of milliseconds without running, so a fixed window is not
 * a fair test), and no CPU ticks at more than twice the rate plus slack
 * over the time actually waited (a runaway timer).
 */
#define GROW_DEADLINE_NS	(2 * NSEC_PER_SEC)

static bool all_cpus_ticked(const u64 *before)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu) &&
		    __atomic_load_n(&percpu_area[cpu].ticks, __ATOMIC_RELAXED) ==
			    before[cpu])
			return false;
	return true;
}

static void every_cpu_ticks(struct ktest *t)
{
	u64 before[NR_CPUS];
	u64 t0 = ktime_get_ns(), ns, most;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		before[cpu] = __atomic_load_n(&percpu_area[cpu].ticks,
					      __ATOMIC_RELAXED);
	udelay(WINDOW_MS * 1000);
	while (!all_cpus_ticked(before) &&
	       ktime_get_ns() - t0 < GROW_DEADLINE_NS)
		udelay(1000);
	ns = ktime_get_ns() - t0;
	most = 2 * ns * time_hz() / NSEC_PER_SEC + 10;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		u64 d = __atomic_load_n(&percpu_area[cpu].ticks,
					__ATOMIC_RELAXED) - before[cpu];

		if (!cpu_online(cpu))
			continue;
		KTEST_EXPECT_GT(t, d, 0);
		KTEST_EXPECT_LE(t, d, most);
		ktest_log(t, "CPU %u: %llu ticks in %llu us", cpu,
			  (unsigned long long)d,
			  (unsigned long long)(ns / 1000));
	}
}

KTEST_SUITE(smp_tick,
	    KTEST_CASE(jiffies_at_hz),
	    KTEST_CASE(every_cpu_ticks));
