// SPDX-License-Identifier: MIT
/*
 * SMP bring-up, cross-CPU calls and TLB shootdown, on the real machine.
 * Every case works on one CPU too (it then has no other CPU to check).
 */
#include <arch/mmu.h>
#include <arch/smp.h>
#include "kernel/kstack.h"
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "kernel/smp.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

#define NOWAIT_TIMEOUT_NS	(2 * NSEC_PER_SEC)

static u32 hits[NR_CPUS];	/* [a] calls run, per CPU */

static void hits_reset(void)
{
	memset(hits, 0, sizeof(hits));
}

static void count_hit(void *arg)
{
	__atomic_add_fetch(&hits[smp_processor_id()], 1, __ATOMIC_RELAXED);
}

/*
 * Every CPU the MADT lists, up to maxcpus=, came online, with logical ids
 * 0..n-1 and distinct APIC ids. Expected: nr_cpus_online equals
 * min(listed, maxcpus) and each of those ids is online.
 */
static void all_listed_cpus_online(struct ktest *t)
{
	unsigned int n = nr_cpus_online;

	KTEST_EXPECT_EQ(t, n, nr_cpus_possible);
	KTEST_EXPECT_LE(t, n, smp_cpus_listed());
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		KTEST_EXPECT(t, cpu_online(cpu));
		KTEST_EXPECT_EQ(t, percpu_area[cpu].cpu, cpu);
		for (unsigned int o = 0; o < cpu; o++)
			KTEST_EXPECT_NE(t, percpu_area[cpu].apic_id,
					percpu_area[o].apic_id);
	}
	KTEST_EXPECT(t, !cpu_online(n));
	ktest_log(t, "%u of %u listed CPUs online", n, smp_cpus_listed());
}

/*
 * smp_call_function(wait) from CPU 0. Expected: the function ran exactly
 * once on every other online CPU and not at all on the caller.
 */
static void call_function_each_once(struct ktest *t)
{
	hits_reset();
	smp_call_function(count_hit, NULL, true);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		u32 want = cpu != smp_processor_id() && cpu_online(cpu);

		KTEST_EXPECT_EQ(t, hits[cpu], want);
	}
}

/*
 * smp_call_function() without waiting, eight times in a row (less than a
 * queue's worth). Expected: within 2 s every other CPU has run it eight
 * times, the caller never.
 */
static void call_function_nowait(struct ktest *t)
{
	u64 deadline = ktime_get_ns() + NOWAIT_TIMEOUT_NS;
	unsigned int done = 0, want = nr_cpus_online - 1;

	hits_reset();
	for (int i = 0; i < 8; i++)
		smp_call_function(count_hit, NULL, false);
	while (done < want && ktime_get_ns() < deadline) {
		done = 0;
		for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
			done += __atomic_load_n(&hits[cpu],
						__ATOMIC_RELAXED) == 8;
	}
	KTEST_EXPECT_EQ(t, done, want);
	KTEST_EXPECT_EQ(t, hits[smp_processor_id()], 0);
}

static void record_cpu(void *arg)
{
	*(unsigned int *)arg = smp_processor_id();
}

/*
 * smp_call_function_single() to each online CPU in turn, the caller
 * included. Expected: the function reports running on exactly that CPU.
 */
static void call_single_targets(struct ktest *t)
{
	for (unsigned int cpu = 0; cpu < nr_cpus_online; cpu++) {
		unsigned int where = ~0u;

		KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, record_cpu,
							    &where, true), 0);
		KTEST_EXPECT_EQ(t, where, cpu);
	}
}

/* A CPU that is not online: -EINVAL, and the function never runs. */
static void call_single_offline(struct ktest *t)
{
	hits_reset();
	KTEST_EXPECT_EQ(t, smp_call_function_single(NR_CPUS - 1, count_hit,
						    NULL, true),
			cpu_online(NR_CPUS - 1) ? 0 : -EINVAL);
	KTEST_EXPECT_EQ(t, smp_call_function_single(NR_CPUS, count_hit, NULL,
						    true), -EINVAL);
}

/*
 * A shootdown of one page on every CPU. Expected: it returns (every
 * target answered) and each online CPU, the caller included, flushed
 * exactly once.
 */
static void tlb_shootdown_all(struct ktest *t)
{
	u64 before[NR_CPUS];

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		before[cpu] = percpu_area[cpu].tlb_shootdowns;
	arch_tlb_shootdown(NULL, (vaddr_t)&before, (vaddr_t)&before + 1);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		KTEST_EXPECT_EQ(t, percpu_area[cpu].tlb_shootdowns - before[cpu],
				cpu_online(cpu));
}

/*
 * A full-TLB shootdown aimed at the last online CPU only. Expected: that
 * CPU flushed once, no other did (the caller is not in the set).
 */
static void tlb_shootdown_mask(struct ktest *t)
{
	unsigned int target = nr_cpus_online - 1;
	struct cpumask m = { 0 };
	u64 before[NR_CPUS];

	if (target == smp_processor_id())
		KTEST_SKIP(t, "one CPU");
	cpumask_set(&m, target);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		before[cpu] = percpu_area[cpu].tlb_shootdowns;
	arch_tlb_shootdown(&m, 0, TLB_FLUSH_ALL);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		KTEST_EXPECT_EQ(t, percpu_area[cpu].tlb_shootdowns - before[cpu],
				cpu == target);
}

#define TAG_OLD		0x01d01d01d01d01d0ULL
#define TAG_NEW		0x0e770e770e770e77ULL

static void read_word(void *arg)
{
	u64 *word = arg;

	*word = *(volatile u64 *)*word;
}

/* The u64 @cpu reads at @va (through its own TLB). */
static u64 read_on(unsigned int cpu, vaddr_t va)
{
	u64 word = va;

	smp_call_function_single(cpu, read_word, &word, true);
	return word;
}

/* Point the kernel page at @va to @pa; only this CPU's TLB is flushed. */
static int remap_local(vaddr_t va, paddr_t pa)
{
	arch_pt_unmap(&arch_kernel_pt, va, PAGE_SIZE);
	return arch_pt_map(&arch_kernel_pt, va, pa,
			   ARCH_PROT_READ | ARCH_PROT_WRITE);
}

/*
 * What another CPU reads after a shootdown, not just that it flushed. The
 * VA is the lowest page of a kernel stack this case takes and never runs
 * on (its page tables exist, nothing else maps there). The last online
 * CPU reads it, so its TLB holds VA -> old page; the VA is remapped to a
 * new page (the old one stays allocated, so a stale entry would still
 * read the old tag rather than fault) and shot down on every CPU.
 * Expected: the other CPU reads the old tag first and the new one after;
 * without the shootdown's IPI or with a flush of the wrong page, it would
 * read the old tag again.
 */
static void tlb_shootdown_remap_seen(struct ktest *t)
{
	unsigned int target = nr_cpus_online - 1;
	u64 *stack, *new_page;
	paddr_t old_pa;
	vaddr_t va;

	if (target == smp_processor_id())
		KTEST_SKIP(t, "one CPU");
	stack = kstack_alloc();
	KTEST_ASSERT_NOT_NULL(t, stack);
	va = (vaddr_t)stack;
	if (!KTEST_EXPECT(t, arch_pt_lookup(&arch_kernel_pt, va, &old_pa,
					    NULL)))
		goto out_stack;
	new_page = __get_free_page(GFP_KERNEL);
	if (!KTEST_EXPECT_NOT_NULL(t, new_page))
		goto out_stack;
	*stack = TAG_OLD;
	*new_page = TAG_NEW;
	KTEST_EXPECT_EQ_U(t, read_on(target, va), TAG_OLD);

	KTEST_EXPECT_EQ(t, remap_local(va, virt_to_phys(new_page)), 0);
	arch_tlb_shootdown(NULL, va, va + PAGE_SIZE);
	KTEST_EXPECT_EQ_U(t, *(volatile u64 *)va, TAG_NEW);
	KTEST_EXPECT_EQ_U(t, read_on(target, va), TAG_NEW);

	/* Give the stack its own page back before kstack_free() frees it. */
	KTEST_EXPECT_EQ(t, remap_local(va, old_pa), 0);
	arch_tlb_shootdown(NULL, va, va + PAGE_SIZE);
	free_page_addr(new_page);
out_stack:
	kstack_free(stack);
}

KTEST_SUITE(smp,
	    KTEST_CASE(all_listed_cpus_online),
	    KTEST_CASE(call_function_each_once),
	    KTEST_CASE(call_function_nowait),
	    KTEST_CASE(call_single_targets),
	    KTEST_CASE(call_single_offline),
	    KTEST_CASE(tlb_shootdown_all),
	    KTEST_CASE(tlb_shootdown_mask),
	    KTEST_CASE(tlb_shootdown_remap_seen));
