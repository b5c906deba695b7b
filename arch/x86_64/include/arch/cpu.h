/* SPDX-License-Identifier: MIT */
/*
 * CPU control: interrupts flag, halting, timestamp counter, CPUID, CRs.
 *
 * Every change of the interrupts flag made here tells the latency tracker
 * (kernel/irqsoff.h, debug builds): off after the cli when interrupts
 * were on, on before the sti. Entry code tells it about the gates,
 * iretq and sysretq.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "kernel/irqsoff.h"
#include "lib/types.h"

#define X86_RFLAGS_IF	(1UL << 9)

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

static inline unsigned long arch_read_flags(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0" : "=r"(flags) : : "memory");
	return flags;
}

/* Were interrupts off in @flags (from arch_irq_save(), or the flags
 * register an interrupt frame saved)? */
static inline bool arch_irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_RFLAGS_IF);
}

static inline bool arch_irqs_disabled(void)
{
	return arch_irqs_disabled_flags(arch_read_flags());
}

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	if (!arch_irqs_disabled_flags(flags))
		irqsoff_hardirqs_off();
	return flags;
}

static inline void arch_irq_disable(void)
{
	(void)arch_irq_save();
}

static inline void arch_irq_enable(void)
{
	irqsoff_hardirqs_on();
	__asm__ volatile("sti" ::: "memory");
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (!arch_irqs_disabled_flags(flags))
		arch_irq_enable();
}

static inline void arch_halt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

/* Enable interrupts and halt with no window between: sti's one-instruction
 * shadow means a wakeup interrupt cannot slip in before the hlt. Idle is
 * not interrupts-off time: the tracker's stretch ends here. */
static inline void arch_safe_halt(void)
{
	irqsoff_hardirqs_on();
	__asm__ volatile("sti; hlt" ::: "memory");
}

static inline u64 arch_rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline struct cpuid_regs arch_cpuid(u32 leaf, u32 subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline u64 arch_read_cr2(void)
{
	u64 v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 arch_read_cr3(void)
{
	u64 v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void arch_write_cr3(u64 v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64 arch_read_cr0(void)
{
	u64 v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline u64 arch_read_cr4(void)
{
	u64 v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline u64 arch_rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void arch_wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

/* The caller's frame pointer: the start of a backtrace walk. */
static inline u64 arch_frame_pointer(void)
{
	return (u64)__builtin_frame_address(0);
}

void arch_cpu_init(void);
u64 arch_tsc_khz(void);
void arch_tsc_calibrate(void);
void arch_debug_exit(int status);
__noreturn void arch_reboot(void);
__noreturn void arch_halt_forever(void);

/* Values for arch_debug_exit(): what QEMU's exit status becomes. */
#define MACHINE_END_PASS	0x10	/* QEMU exit status 33 */
#define MACHINE_END_FAIL	0x11	/* QEMU exit status 35 */
#define MACHINE_END_PANIC	0x12	/* QEMU exit status 37 */

#endif
