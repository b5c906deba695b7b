// SPDX-License-Identifier: MIT
/*
 * TSC frequency. Measured against PIT channel 2 (a 1.193182 MHz one-shot
 * gated through port 0x61), the best of three 10 ms windows; if the PIT
 * never fires (some modern boards disable it) CPUID leaf 0x16 is asked,
 * and failing that 1 GHz is assumed with a warning.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include "kernel/printk.h"

#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_GATE	0x61
#define CALIBRATE_MS	10
#define PIT_POLL_LIMIT	10000000

static u64 tsc_khz;	/* [I] after arch_tsc_calibrate() */

u64 arch_tsc_khz(void)
{
	return tsc_khz;
}

/* One window: returns TSC cycles per CALIBRATE_MS, or 0 if the PIT is dead. */
static u64 pit_window(void)
{
	u16 count = PIT_HZ * CALIBRATE_MS / 1000;
	u8 gate = arch_inb(PIT_GATE);
	u64 start, end;
	long spins = 0;

	arch_outb(PIT_GATE, (gate & ~0x02) | 0x01);	/* gate on, speaker off */
	arch_outb(PIT_CMD, 0xb0);		/* ch2, lo/hi, mode 0, binary */
	arch_outb(PIT_CH2, count & 0xff);
	arch_outb(PIT_CH2, count >> 8);
	start = arch_rdtsc();
	while (!(arch_inb(PIT_GATE) & 0x20))
		if (++spins > PIT_POLL_LIMIT)
			return 0;
	end = arch_rdtsc();
	arch_outb(PIT_GATE, gate);
	return end - start;
}

static u64 khz_from_pit(void)
{
	u64 best = 0;

	for (int i = 0; i < 3; i++) {
		u64 c = pit_window();

		if (!c)
			return 0;
		if (!best || c < best)
			best = c;
	}
	return best / CALIBRATE_MS;
}

static u64 khz_from_cpuid(void)
{
	if (arch_cpuid(0, 0).eax < 0x16)
		return 0;
	return (u64)(arch_cpuid(0x16, 0).eax & 0xffff) * 1000;
}

void arch_tsc_calibrate(void)
{
	u64 khz = khz_from_pit();
	const char *source = "PIT";

	if (!khz) {
		khz = khz_from_cpuid();
		source = "CPUID 0x16";
	}
	if (!khz) {
		khz = 1000000;
		source = "a guess";
		pr_warn("tsc: no PIT and no CPUID frequency; assuming 1 GHz\n");
	}
	tsc_khz = khz;
	pr_info("tsc: %llu.%03llu MHz (from %s)\n",
		(unsigned long long)(khz / 1000),
		(unsigned long long)(khz % 1000), source);
}
