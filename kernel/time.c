// SPDX-License-Identifier: MIT
/*
 * Boot-relative time from the TSC. Before calibration (arch_tsc_khz() == 0)
 * time reads as zero, which is what early printk timestamps show. Assumes
 * an invariant TSC, as on every x86_64 CPU QEMU models and on hardware of
 * the last decade; CPUs without it still boot, with drift. The tick and
 * jiffies are in kernel/tick.c (this file also builds for host tests).
 *
 * Locking: [I] set once at boot.
 */
#include <arch/cpu.h>
#include "kernel/time.h"

static u64 tsc_at_boot;		/* [I] after time_init() */

void time_init(void)
{
	tsc_at_boot = arch_rdtsc();
}

u64 cycles_to_ns(u64 cycles)
{
	u64 khz = arch_tsc_khz();

	if (!khz)
		return 0;
	/* Split to avoid overflowing 64 bits (and needing 128-bit division). */
	return cycles / khz * NSEC_PER_MSEC +
	       cycles % khz * NSEC_PER_MSEC / khz;
}

u64 ktime_get_ns(void)
{
	return cycles_to_ns(arch_rdtsc() - tsc_at_boot);
}

/* Busy-wait; for hardware delays only, never as synchronisation. */
void udelay(u64 us)
{
	u64 end = ktime_get_ns() + us * NSEC_PER_USEC;

	if (!arch_tsc_khz())
		return;
	while (ktime_get_ns() < end)
		arch_cpu_relax();
}

