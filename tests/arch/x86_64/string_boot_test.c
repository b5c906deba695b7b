// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/string.c: every string-instruction implementation, not
 * only the one this CPU selected, gives exact results (each runs on any
 * x86_64 CPU; ERMS only makes the byte form faster), and the selection
 * follows CPUID.
 */
#include <arch/layout.h>
#include <arch/string.h>
#include "kernel/ktest.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "tests/lib/string_sweep.h"

/* The byte form where the CPU advertises ERMS, the quadword form
 * otherwise; the mem* functions go through the selected one. */
static void string_selected_by_cpuid(struct ktest *t)
{
	const char *want = arch_string_cpu_has_erms() ? "rep movsb" :
							 "rep movsq";

	KTEST_EXPECT_STREQ(t, arch_string->name, want);
	ktest_log(t, "selected %s (FSRM %s)", arch_string->name,
		  arch_string_cpu_has_fsrm() ? "yes" : "no");
}

/* Each implementation's memset, memcpy and memmove over every length
 * 0..300, every alignment and overlaps both ways (string_sweep.h). */
static void string_impls_every_length(struct ktest *t)
{
	for (unsigned int i = 0; arch_string_impls[i]; i++) {
		const struct arch_string_ops *ops = arch_string_impls[i];

		if (!sweep_memset(t, ops->name, ops->memset) ||
		    !sweep_memcpy(t, ops->name, ops->memcpy) ||
		    !sweep_memmove(t, ops->name, ops->memmove))
			return;
	}
}

/* Each implementation's clear_page and copy_page write exactly the one
 * page, between two neighbours that keep their bytes. */
static void string_impls_page(struct ktest *t)
{
	struct page *block = alloc_pages(GFP_KERNEL, 2);
	u8 *p;

	KTEST_ASSERT_NOT_NULL(t, block);
	p = page_address(block);
	for (unsigned int k = 0; arch_string_impls[k]; k++) {
		const struct arch_string_ops *ops = arch_string_impls[k];

		sweep_fill_n(p, 3 * PAGE_SIZE, k);
		ops->clear_page(p + PAGE_SIZE);
		if (!SWEEP_CHECK_N(t, ops->name, p, 3 * PAGE_SIZE,
				   i >= PAGE_SIZE && i < 2 * PAGE_SIZE ? 0 :
				   sweep_pattern(i, k), "%s", "clear_page"))
			break;
		sweep_fill_n(p, 3 * PAGE_SIZE, k + 1);
		ops->copy_page(p + PAGE_SIZE, p + 2 * PAGE_SIZE);
		if (!SWEEP_CHECK_N(t, ops->name, p, 3 * PAGE_SIZE,
				   i >= PAGE_SIZE && i < 2 * PAGE_SIZE ?
				   sweep_pattern(i + PAGE_SIZE, k + 1) :
				   sweep_pattern(i, k + 1), "%s", "copy_page"))
			break;
	}
	free_pages(block, 2);
}

KTEST_SUITE(arch_string,
	    KTEST_CASE(string_selected_by_cpuid),
	    KTEST_CASE(string_impls_every_length),
	    KTEST_CASE(string_impls_page));
