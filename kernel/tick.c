// SPDX-License-Identifier: MIT
/*
 * The tick: jiffies, and what every CPU's timer interrupt runs.
 *
 * jiffies counts tick periods since time_tick_start(). CPU 0's tick sets
 * it to the number of whole periods ktime says have passed, so a tick lost
 * to a stalled virtual CPU is made up by the next one, and a timer slightly
 * off its calibration cannot make jiffies drift from ktime. Jiffy 0 starts
 * half a period before the tick does, so each tick lands mid-period and
 * timer jitter does not make jiffies stutter.
 *
 * Locking: [I] set before the tick starts; [a] atomic; [0] CPU 0's tick.
 */
#include "kernel/cmdline.h"
#include "kernel/sched.h"
#include "kernel/time.h"
#include "kernel/timer.h"

static u64 tick_epoch_ns;	/* [I] ktime of jiffy 0 */
static u64 tick_period_ns;	/* [I] */
static unsigned int hz = 1000;	/* [I] */
u64 jiffies;			/* [a] written by [0] only */
static u64 jiffies_skipped;	/* [a] written by [0] only */

KPARAM_UINT(hz, "hz", &hz, 100, 10000, "timer ticks per second");

/* Ticks per second, as the command line set it. */
unsigned int time_hz(void)
{
	return hz;
}

/**
 * time_jiffies_skipped - jiffies that advanced by more than one in a
 * tick, because ticks were lost (a host-starved virtual CPU, a long
 * interrupts-off section), summed since boot.
 *
 * Context: any. Tests that count jiffies per tick allow for these.
 * Return: the total so far.
 */
u64 time_jiffies_skipped(void)
{
	return __atomic_load_n(&jiffies_skipped, __ATOMIC_RELAXED);
}

/**
 * time_tick_start - the first tick is one period from now.
 *
 * Context: boot CPU, once, just before its tick timer starts.
 */
void time_tick_start(void)
{
	tick_period_ns = NSEC_PER_SEC / hz;
	tick_epoch_ns = ktime_get_ns() - tick_period_ns / 2;
	__atomic_store_n(&jiffies, 0, __ATOMIC_RELAXED);
}

/**
 * time_tick - the generic part of a timer tick.
 * @jiffies_cpu: true on the CPU that advances jiffies (CPU 0)
 *
 * Context: the tick interrupt of any CPU, interrupts off.
 */
void time_tick(bool jiffies_cpu)
{
	if (jiffies_cpu && tick_period_ns) {
		u64 due = (ktime_get_ns() - tick_epoch_ns) / tick_period_ns;
		u64 j = time_jiffies();

		if (due > j + 1)
			__atomic_add_fetch(&jiffies_skipped, due - j - 1,
					   __ATOMIC_RELAXED);
		if (due > j)
			__atomic_store_n(&jiffies, due, __ATOMIC_RELAXED);
	}
	timers_run();
	sched_tick();
}
