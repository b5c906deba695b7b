/* SPDX-License-Identifier: MIT */
/* Helpers shared by the address-space boot tests (tests/mm/mm_*). */
#ifndef TESTS_MM_MM_TEST_UTIL_H
#define TESTS_MM_MM_TEST_UTIL_H

#include <arch/mmu.h>
#include "mm/mm.h"

#define TEST_VA		0x10000000UL	/* 256 MiB: a free user address */

/* The kernel alias of the u64 at user @va of @mm, or NULL if unmapped. */
static inline volatile u64 *user_word(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	if (!arch_pt_populated(&mm->pt, va, &leaf))
		return NULL;
	return (volatile u64 *)((u8 *)phys_to_virt(arch_pte_paddr(leaf)) +
				(va & (PAGE_SIZE - 1)));
}

static inline unsigned int count_vmas(struct mm *mm)
{
	unsigned int n = 0;

	for (struct vm_area *v = vma_first_at_or_after(&mm->vmas, 0); v;
	     v = vma_first_at_or_after(&mm->vmas, v->end))
		n++;
	return n;
}

#endif
