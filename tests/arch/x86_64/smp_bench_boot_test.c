// SPDX-License-Identifier: MIT
/* Benchmarks of the IPI paths (ktest.filter=bench_*). Cycles are TSC. */
#include <arch/cpu.h>
#include <arch/smp.h>
#include "kernel/ktest.h"
#include "kernel/smp.h"
#include "kernel/time.h"

#define ROUNDS	2000

static void nothing(void *arg)
{
}

static void report(struct ktest *t, const char *name, u64 cycles)
{
	ktest_log(t, "bench %s: %llu %s", name,
		  (unsigned long long)(cycles / ROUNDS), "cycles");
	ktest_log(t, "bench %s_ns: %llu %s", name,
		  (unsigned long long)(cycles_to_ns(cycles) / ROUNDS), "ns");
}

/*
 * smp_call_function_single(wait) of an empty function on CPU 1, 2000
 * times: IPI out, handler, completion seen. Expected: completes; prints
 * the mean round trip.
 */
static void ipi_round_trip(struct ktest *t)
{
	u64 c0;

	if (nr_cpus_online < 2)
		KTEST_SKIP(t, "needs two CPUs");
	c0 = arch_rdtsc();
	for (int i = 0; i < ROUNDS; i++)
		smp_call_function_single(1, nothing, NULL, true);
	report(t, "ipi_round_trip", arch_rdtsc() - c0);
}

/* smp_call_function(wait) to every other CPU, 2000 times. */
static void call_function_all(struct ktest *t)
{
	u64 c0;

	if (nr_cpus_online < 2)
		KTEST_SKIP(t, "needs two CPUs");
	c0 = arch_rdtsc();
	for (int i = 0; i < ROUNDS; i++)
		smp_call_function(nothing, NULL, true);
	report(t, "call_function_all", arch_rdtsc() - c0);
	ktest_log(t, "bench call_function_all_cpus: %u %s", nr_cpus_online,
		  "cpus");
}

/* A one-page TLB shootdown on every CPU, 2000 times. */
static void tlb_shootdown_all(struct ktest *t)
{
	u64 c0;

	if (nr_cpus_online < 2)
		KTEST_SKIP(t, "needs two CPUs");
	c0 = arch_rdtsc();
	for (int i = 0; i < ROUNDS; i++)
		arch_tlb_shootdown(NULL, (vaddr_t)&c0, (vaddr_t)&c0 + 1);
	report(t, "tlb_shootdown_all", arch_rdtsc() - c0);
}

KTEST_SUITE(bench_smp,
	    KTEST_CASE(ipi_round_trip),
	    KTEST_CASE(call_function_all),
	    KTEST_CASE(tlb_shootdown_all));
