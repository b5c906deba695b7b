/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <arch/cpu.h>: lets pure-logic kernel code (allocators,
 * parsers, the test framework) build as a normal Linux program for the
 * ASan/UBSan host tests. Interrupt control is a no-op there.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "lib/types.h"

static inline void arch_cpu_relax(void)
{
	__builtin_ia32_pause();
}

static inline void arch_irq_disable(void) {}
static inline void arch_irq_enable(void) {}
static inline unsigned long arch_irq_save(void) { return 0; }
static inline void arch_irq_restore(unsigned long flags) { (void)flags; }
static inline bool arch_irqs_disabled(void) { return false; }

static inline u64 arch_rdtsc(void)
{
	return __builtin_ia32_rdtsc();
}

static inline u64 arch_frame_pointer(void)
{
	return (u64)__builtin_frame_address(0);
}

/* No calibration on the host: time reads as zero, printk shows no stamps. */
static inline u64 arch_tsc_khz(void)
{
	return 0;
}

#endif
