// SPDX-License-Identifier: MIT
/*
 * HPET main counter, used only as a reference clock to calibrate the
 * local APIC timer against (its comparators stay off). The counter runs
 * at a fixed period given in femtoseconds by the capabilities register.
 *
 * Locking: [I] set by hpet_init() on the boot CPU.
 */
#include <arch/apic.h>
#include <arch/mmu.h>
#include "kernel/printk.h"

#define HPET_CAP		0x000
#define HPET_CONFIG		0x010
#define HPET_COUNTER		0x0f0
#define HPET_CONFIG_ENABLE	0x1
#define HPET_MAX_PERIOD_FS	100000000u	/* 100 ns, the spec's bound */

static volatile u64 *hpet_mmio;	/* [I] */
static u32 period_fs;		/* [I] 0: no HPET */

/**
 * hpet_init - map the HPET at @addr and start its main counter.
 * @addr: the base address from the ACPI HPET table
 *
 * Context: boot CPU, once.
 * Return: true if the HPET is usable.
 */
bool hpet_init(paddr_t addr)
{
	u64 cap;

	hpet_mmio = ioremap(addr, PAGE_SIZE);
	if (!hpet_mmio)
		return false;
	cap = hpet_mmio[HPET_CAP / 8];
	if (!(cap >> 32) || (cap >> 32) > HPET_MAX_PERIOD_FS) {
		pr_warn("hpet: bad period %llu fs; not used\n",
			(unsigned long long)(cap >> 32));
		return false;
	}
	period_fs = cap >> 32;
	hpet_mmio[HPET_CONFIG / 8] |= HPET_CONFIG_ENABLE;
	pr_info("hpet: at %#llx, %u.%03u MHz\n", (unsigned long long)addr,
		(u32)(1000000000ULL / period_fs),
		(u32)(1000000000000ULL / period_fs % 1000));
	return true;
}

/* The main counter; meaningful only after hpet_init() returned true. */
u64 hpet_counter(void)
{
	return hpet_mmio[HPET_COUNTER / 8];
}

/* Femtoseconds per counter tick; 0 when there is no usable HPET. */
u32 hpet_period_fs(void)
{
	return period_fs;
}
