// SPDX-License-Identifier: MIT
/*
 * The tick: each CPU's local APIC timer in periodic mode at time_hz().
 * The timer's input clock is not architecturally known, so the boot CPU
 * measures it once against a reference - the HPET when ACPI lists one,
 * else PIT channel 2 (gated through port 0x61, as in tsc.c), else the
 * already calibrated TSC - taking the best of three 10 ms windows. Each
 * window starts the APIC timer before the reference and reads it after,
 * so a delay (an SMI, a descheduled virtual CPU) can only lengthen a
 * window, and the shortest one is the truest. Every CPU then uses that
 * one figure: their timers share the bus clock.
 *
 * Locking: [I] set by apic_timer_init() before any AP starts.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/irq.h>
#include <arch/percpu.h>
#include <arch/traps.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/profile.h"
#include "kernel/time.h"

#define TIMER_DIVIDE_16		0x3
#define LVT_MASKED		0x10000
#define LVT_PERIODIC		0x20000
#define CALIBRATE_MS		10
#define CALIBRATE_TRIES		3
#define SPIN_LIMIT		100000000L

#define PIT_HZ			1193182
#define PIT_CH2			0x42
#define PIT_CMD			0x43
#define PIT_GATE		0x61
#define PIT_GATE_ON		0x01
#define PIT_SPEAKER		0x02
#define PIT_OUT2		0x20

static u64 timer_hz;		/* [I] timer input / 16, per second */
static u32 tick_count;		/* [I] initial count of one tick */

/* Start the timer counting down from the top, masked, one-shot. */
static u32 timer_free_run(void)
{
	apic_timer_arm(LVT_MASKED, TIMER_DIVIDE_16, 0xffffffff);
	return apic_timer_current();
}

/* Timer counts in one window of PIT channel 2; 0 if the PIT is dead. */
static u32 window_pit(void)
{
	u16 count = PIT_HZ * CALIBRATE_MS / 1000;
	u8 gate = arch_inb(PIT_GATE);
	u32 start, end;
	long spins = 0;

	arch_outb(PIT_GATE, (gate & ~PIT_SPEAKER) | PIT_GATE_ON);
	arch_outb(PIT_CMD, 0xb0);	/* ch2, lo/hi byte, mode 0, binary */
	arch_outb(PIT_CH2, count & 0xff);
	start = timer_free_run();	/* before the PIT starts: see above */
	arch_outb(PIT_CH2, count >> 8);
	while (!(arch_inb(PIT_GATE) & PIT_OUT2))
		if (++spins > SPIN_LIMIT)
			break;
	end = apic_timer_current();
	arch_outb(PIT_GATE, gate);
	return spins > SPIN_LIMIT ? 0 : start - end;
}

static u32 window_hpet(void)
{
	u64 span = CALIBRATE_MS * 1000000000000ULL / hpet_period_fs();
	u32 start = timer_free_run();
	u64 c0 = hpet_counter();

	for (long spins = 0; hpet_counter() - c0 < span; spins++)
		if (spins > SPIN_LIMIT)
			return 0;
	return start - apic_timer_current();
}

static u32 window_tsc(void)
{
	u64 span = arch_tsc_khz() * CALIBRATE_MS;
	u32 start = timer_free_run();
	u64 t0 = arch_rdtsc();

	while (arch_rdtsc() - t0 < span)
		arch_cpu_relax();
	return start - apic_timer_current();
}

static u32 best_window(u32 (*window)(void))
{
	u32 best = 0;

	for (int i = 0; i < CALIBRATE_TRIES; i++) {
		u32 c = window();

		if (!c)
			return 0;
		if (!best || c < best)
			best = c;
	}
	return best;
}

static void apic_timer_irq(struct trap_frame *f)
{
	struct percpu *p = arch_this_cpu();

	p->ticks++;
	profile_tick(f->rip, f->rsp, f->rbp, trap_from_user(f));
	arch_irq_eoi();		/* first: the tick may switch tasks */
	time_tick(p->cpu == 0);
}

/**
 * apic_timer_init - calibrate the local APIC timer and start the boot
 * CPU's tick.
 * @acpi: the parsed tables (for the HPET); NULL without ACPI
 *
 * Context: boot CPU, once, interrupts off, after apic_init_bsp().
 */
void apic_timer_init(const struct acpi_info *acpi)
{
	const char *source = "HPET";
	u32 c = 0;

	if (acpi && acpi->has_hpet && hpet_init(acpi->hpet_addr))
		c = best_window(window_hpet);
	if (!c) {
		source = "PIT";
		c = best_window(window_pit);
	}
	if (!c && arch_tsc_khz()) {
		source = "TSC";
		c = best_window(window_tsc);
	}
	apic_timer_arm(LVT_MASKED, TIMER_DIVIDE_16, 0);
	if (!c)
		panic("apic: no clock to calibrate the APIC timer against");
	timer_hz = (u64)c * (1000 / CALIBRATE_MS);
	tick_count = timer_hz / time_hz();
	if (!tick_count)
		tick_count = 1;
	arch_irq_set_handler(APIC_TIMER_VECTOR, apic_timer_irq);
	pr_info("apic: timer %llu.%03llu MHz (from %s), tick %u Hz\n",
		(unsigned long long)(timer_hz * 16 / 1000000),
		(unsigned long long)(timer_hz * 16 / 1000 % 1000), source,
		time_hz());
	time_tick_start();
	apic_timer_start_cpu();
}

/**
 * apic_timer_start_cpu - start the calling CPU's periodic tick.
 *
 * Context: CPU bring-up, after apic_timer_init() on the boot CPU.
 */
void apic_timer_start_cpu(void)
{
	apic_timer_arm(APIC_TIMER_VECTOR | LVT_PERIODIC, TIMER_DIVIDE_16,
		       tick_count);
}

/**
 * apic_timer_stop_cpu - stop the calling CPU's tick until
 * apic_timer_start_cpu(): the CPU then takes only the interrupts sent to
 * it (tests that must see an IPI, not a tick, end a user task's run).
 *
 * Context: the CPU itself, interrupts off (a cross-call function).
 */
void apic_timer_stop_cpu(void)
{
	apic_timer_arm(APIC_TIMER_VECTOR | LVT_PERIODIC, TIMER_DIVIDE_16, 0);
}

/* The timer's counting rate (input clock / 16), per second. */
u64 apic_timer_hz(void)
{
	return timer_hz;
}
