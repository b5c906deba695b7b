// SPDX-License-Identifier: MIT
/*
 * GS-based per-CPU pointer. In the kernel GS_BASE is the CPU's struct
 * percpu and KERNEL_GS_BASE the user's GS base; swapgs exchanges them on
 * every entry from and return to user mode (<arch/usermode.h>).
 */
#include <arch/cpu.h>
#include <arch/percpu.h>

#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102

/**
 * arch_percpu_install - make @p this CPU's per-CPU area.
 * @p: the CPU's struct percpu; p->self must already point to @p
 *
 * Context: CPU bring-up, interrupts off. KERNEL_GS_BASE, the GS base
 * user mode will see, starts at 0: a swapgs on a path that did not come
 * from user space would leave GS unusable, and the entry code makes sure
 * there is none.
 */
void arch_percpu_install(struct percpu *p)
{
	arch_wrmsr(MSR_GS_BASE, (u64)p);
	arch_wrmsr(MSR_KERNEL_GS_BASE, 0);
}
