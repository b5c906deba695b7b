// SPDX-License-Identifier: MIT
/*
 * The page attribute table (see <arch/pat.h>). Every CPU must hold the
 * same table before any mapping uses an entry that changed: the boot CPU
 * programs it once the command line is read and before mm_init() maps
 * anything write-combining, each AP early in smp_ap_main().
 */
#include <arch/cpu.h>
#include <arch/pat.h>
#include "kernel/cmdline.h"
#include "kernel/printk.h"

#define MSR_IA32_PAT		0x277
#define CPUID1_EDX_PAT		(1U << 16)

static bool pat_disabled;	/* [I] "nopat" */
static bool pat_on;		/* [I] set on the boot CPU */

KPARAM_BOOL(nopat, "nopat", &pat_disabled,
	    "leave the page attribute table as the firmware set it: "
	    "write-combining mappings become uncached (as Linux's nopat)");

static void pat_write(void)
{
	/*
	 * No mapping uses the entries that change yet, so no cache line
	 * can hold a conflicting type; flushing the caches and the TLB
	 * still follows the SDM's procedure for changing memory types.
	 */
	__asm__ volatile("wbinvd" ::: "memory");
	arch_wrmsr(MSR_IA32_PAT, PAT_LINUX_LAYOUT);
	arch_write_cr3(arch_read_cr3());
}

/**
 * arch_pat_init - decide whether PAT is used and program the boot CPU's.
 *
 * Context: boot CPU, once, after cmdline_parse() ("nopat") and before
 * anything is mapped write-combining.
 */
void arch_pat_init(void)
{
	pat_on = !pat_disabled && (arch_cpuid(1, 0).edx & CPUID1_EDX_PAT);
	pr_info("x86/PAT: %s\n", pat_on ?
		"Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT" :
		"not used: write-combining mappings are uncached");
	if (pat_on)
		pat_write();
}

/**
 * arch_pat_init_cpu - give an AP the boot CPU's table.
 *
 * Context: AP bring-up, interrupts off, before it touches a
 * write-combining mapping.
 */
void arch_pat_init_cpu(void)
{
	if (pat_on)
		pat_write();
}

/* Context: any. Return: whether write-combining mappings are WC. */
bool arch_pat_enabled(void)
{
	return pat_on;
}

/* Context: any, on the CPU whose table is wanted. Return: its PAT MSR. */
u64 arch_pat_read(void)
{
	return arch_rdmsr(MSR_IA32_PAT);
}
