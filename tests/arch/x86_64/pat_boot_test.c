// SPDX-License-Identifier: MIT
/*
 * The page attribute table: every online CPU holds Linux's layout (or,
 * with "nopat", none was written), and the framebuffer is mapped
 * through entry 1, write-combining.
 */
#include <arch/cpu.h>
#include <arch/mmu.h>
#include <arch/pat.h>
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/smp.h"

static void read_pat(void *arg)
{
	*(u64 *)arg = arch_pat_read();
}

/*
 * Each CPU's table as it reads it itself: an AP that missed
 * arch_pat_init_cpu() would still hold the power-on table, where entry
 * 1 is write-through.
 */
static void pat_same_on_every_cpu(struct ktest *t)
{
	if (!arch_pat_enabled())
		KTEST_SKIP(t, "PAT not used (nopat, or no PAT in CPUID)");
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		u64 pat = 0;

		if (!cpu_online(cpu))
			continue;
		preempt_disable();
		if (cpu == smp_processor_id())
			read_pat(&pat);
		else
			smp_call_function_single(cpu, read_pat, &pat, true);
		preempt_enable();
		KTEST_EXPECT_EQ(t, pat, PAT_LINUX_LAYOUT);
	}
}

#define FB_TYPE_RGB	1

/*
 * Entry 1 (PWT alone) is WC in the table: the framebuffer fbcon drew
 * this boot's log on, mapped with ioremap_wc(), must select it (a second
 * ioremap_wc() of its first page finds that mapping and allocates
 * nothing); uncached, entry 3, without PAT.
 */
static void framebuffer_is_write_combining(struct ktest *t)
{
	const struct boot_info *bi = multiboot2_boot_info();
	pte_t want = arch_pat_enabled() ? PTE_PWT : PTE_PCD | PTE_PWT;
	paddr_t pa;
	pte_t leaf = 0;
	void *va;

	if (!bi || !bi->framebuffer.present ||
	    bi->framebuffer.type != FB_TYPE_RGB)
		KTEST_SKIP(t, "no linear framebuffer this boot");
	va = ioremap_wc(bi->framebuffer.addr, PAGE_SIZE);
	KTEST_ASSERT(t, va != NULL);
	KTEST_ASSERT(t, arch_pt_lookup(&arch_kernel_pt, (vaddr_t)va, &pa,
				       &leaf));
	KTEST_EXPECT_EQ(t, leaf & (PTE_PCD | PTE_PWT), want);
}

KTEST_SUITE(pat,
	    KTEST_CASE(pat_same_on_every_cpu),
	    KTEST_CASE(framebuffer_is_write_combining));
