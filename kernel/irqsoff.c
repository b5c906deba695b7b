// SPDX-License-Identifier: MIT
/*
 * Interrupts-off and preemption-off latency tracker (see kernel/irqsoff.h).
 *
 * Each CPU keeps, per kind, when the running stretch started (a TSC
 * value, 0 when none runs) and two records of the longest one: the
 * boot's and the current window's. A stretch starts and ends on one CPU
 * (interrupts or preemption are off in between, so nothing migrates),
 * which makes the TSC difference meaningful without synchronised TSCs.
 *
 * A stretch start always overwrites: the hooks that start one are only
 * called with evidence that the state was on just before (the saved
 * flags, the trapped frame, preempt_count 0), so an older start that no
 * hook ended - interrupts turned on by a path without a hook - is stale.
 *
 * Locking: [c] the owning CPU with the kind turned off (interrupts for
 * IRQSOFF_IRQS, preemption for IRQSOFF_PREEMPT): nothing else on the CPU
 * can run a hook of that kind then; [a] atomic. Other CPUs read the
 * records without a lock: a read racing with an update may mix two
 * records, which only the report of a still-running CPU can see.
 */
#include <arch/cpu.h>
#include <arch/percpu.h>
#include "kernel/irqsoff.h"
#include "kernel/printk.h"

/* Release builds have the empty inlines of irqsoff.h instead. */
#if defined(CONFIG_DEBUG) && !defined(HOST_BUILD)

struct irqsoff_record {
	u64 cycles;		/* the stretch's length */
	unsigned long off_ip;	/* where it was turned off */
	unsigned long on_ip;	/* where it was turned back on */
};

struct irqsoff_cpu {
	u64 since[IRQSOFF_NR_KINDS];			/* [c] 0: none */
	unsigned long since_ip[IRQSOFF_NR_KINDS];	/* [c] */
	struct irqsoff_record boot[IRQSOFF_NR_KINDS];	/* [c] */
	struct irqsoff_record window[IRQSOFF_NR_KINDS];	/* [c] */
	u64 window_gen[IRQSOFF_NR_KINDS];		/* [c] of window[] */
} __aligned(64);

bool irqsoff_tracking;
static struct irqsoff_cpu irqsoff_cpus[NR_CPUS];
static u64 window_gen = 1;	/* [a] irqsoff_reset() starts a window */

static const char *const kind_name[IRQSOFF_NR_KINDS] = {
	[IRQSOFF_IRQS] = "irqs-off",
	[IRQSOFF_PREEMPT] = "preempt-off",
};

static void stretch_begin(enum irqsoff_kind kind, unsigned long ip)
{
	struct irqsoff_cpu *c = &irqsoff_cpus[arch_this_cpu_id()];

	c->since[kind] = arch_rdtsc();
	c->since_ip[kind] = ip;
}

static void record_max(struct irqsoff_record *r, const struct irqsoff_record *s)
{
	if (s->cycles > r->cycles)
		*r = *s;
}

static void stretch_end(enum irqsoff_kind kind, unsigned long ip)
{
	struct irqsoff_cpu *c = &irqsoff_cpus[arch_this_cpu_id()];
	u64 gen = __atomic_load_n(&window_gen, __ATOMIC_RELAXED);
	struct irqsoff_record s;

	if (!c->since[kind])
		return;	/* began before tracking did */
	s.cycles = arch_rdtsc() - c->since[kind];
	s.off_ip = c->since_ip[kind];
	s.on_ip = ip;
	c->since[kind] = 0;
	record_max(&c->boot[kind], &s);
	if (c->window_gen[kind] != gen) {
		c->window[kind] = s;
		c->window_gen[kind] = gen;
	} else {
		record_max(&c->window[kind], &s);
	}
}

void __irqsoff_off(enum irqsoff_kind kind)
{
	stretch_begin(kind, (unsigned long)__builtin_return_address(0));
}

void __irqsoff_off_at(enum irqsoff_kind kind, unsigned long ip)
{
	stretch_begin(kind, ip);
}

void __irqsoff_on(enum irqsoff_kind kind)
{
	/* An enable with interrupts already on ends nothing, and would race
	 * with this CPU's interrupt handlers for the records. */
	if (kind == IRQSOFF_IRQS && !arch_irqs_disabled())
		return;
	stretch_end(kind, (unsigned long)__builtin_return_address(0));
}

/**
 * irqsoff_init - start tracking, on every CPU.
 *
 * Called once the tick runs, so that the boot's long interrupts-off
 * set-up (before the first sti) is not counted.
 * Context: boot CPU, once.
 */
void irqsoff_init(void)
{
	__atomic_store_n(&irqsoff_tracking, true, __ATOMIC_RELEASE);
}

/**
 * irqsoff_reset - start a new window on every CPU.
 *
 * A stretch running at the call counts whole in the new window.
 * Context: any.
 */
void irqsoff_reset(void)
{
	__atomic_add_fetch(&window_gen, 1, __ATOMIC_RELAXED);
}

static u64 cycles_to_us(u64 cycles)
{
	u64 khz = arch_tsc_khz();

	return khz ? cycles * 1000 / khz : 0;
}

/**
 * irqsoff_longest - the longest stretch of @kind since irqsoff_reset(),
 * over all CPUs.
 * @kind: IRQSOFF_IRQS or IRQSOFF_PREEMPT
 * @out: the stretch (zero length when none ended in the window)
 *
 * Context: any.
 * Return: false when the tracker is not built in or not started.
 */
bool irqsoff_longest(enum irqsoff_kind kind, struct irqsoff_stretch *out)
{
	u64 gen = __atomic_load_n(&window_gen, __ATOMIC_RELAXED);
	u64 best = 0;

	*out = (struct irqsoff_stretch){ 0 };
	if (!__atomic_load_n(&irqsoff_tracking, __ATOMIC_ACQUIRE))
		return false;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		const struct irqsoff_cpu *c = &irqsoff_cpus[cpu];
		struct irqsoff_record r = c->window[kind];

		if (c->window_gen[kind] != gen || r.cycles <= best)
			continue;
		best = r.cycles;
		*out = (struct irqsoff_stretch){
			.us = cycles_to_us(r.cycles), .cpu = cpu,
			.off_ip = r.off_ip, .on_ip = r.on_ip,
		};
	}
	return true;
}

/**
 * irqsoff_report - print each online CPU's longest stretches of the boot,
 * one line per CPU and kind:
 *   irqsoff: cpu0 irqs-off max 1234 us at f+0x1/0x2, on at g+0x3/0x4
 *
 * Context: process context, at the end of a run.
 */
void irqsoff_report(void)
{
	if (!irqsoff_tracking)
		return;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		for (int k = 0; k < IRQSOFF_NR_KINDS; k++) {
			struct irqsoff_record r = irqsoff_cpus[cpu].boot[k];

			pr_info("irqsoff: cpu%u %s max %llu us at %pS, on at %pS\n",
				cpu, kind_name[k],
				(unsigned long long)cycles_to_us(r.cycles),
				(void *)r.off_ip, (void *)r.on_ip);
		}
	}
}

#endif /* CONFIG_DEBUG */
