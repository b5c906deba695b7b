// SPDX-License-Identifier: MIT
/* GS-based per-CPU pointer. */
#include <arch/cpu.h>
#include <arch/percpu.h>

#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

/**
 * arch_percpu_install - make @p this CPU's per-CPU area.
 * @p: the CPU's struct percpu; p->self must already point to @p
 *
 * Context: CPU bring-up, interrupts off. KERNEL_GS_BASE gets the same
 * value so that a swapgs on a path that did not come from user space
 * still leaves a valid GS.
 */
void arch_percpu_install(struct percpu *p)
{
	arch_wrmsr(MSR_GS_BASE, (u64)p);
	arch_wrmsr(MSR_KERNEL_GS_BASE, (u64)p);
}
