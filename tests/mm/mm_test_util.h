/* SPDX-License-Identifier: MIT */
/* Helpers shared by the address-space boot tests (tests/mm/mm_*). */
#ifndef TESTS_MM_MM_TEST_UTIL_H
#define TESTS_MM_MM_TEST_UTIL_H

#include <arch/mmu.h>
#include "kernel/kthread.h"
#include "kernel/sched.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define TEST_VA		0x10000000UL	/* 256 MiB: a free user address */

/* A kernel thread that only exists to own an mm (mm->owner must be a
 * counted task): sleeps until kthread_stop(). */
static inline int mm_test_owner_thread(void *arg)
{
	(void)arg;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* The kernel alias of the u64 at user @va of @mm, or NULL if unmapped. */
static inline volatile u64 *user_word(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	if (!arch_pt_populated(&mm->pt, va, &leaf))
		return NULL;
	return (volatile u64 *)((u8 *)phys_to_virt(arch_pte_paddr(leaf)) +
				(va & (PAGE_SIZE - 1)));
}

/*
 * The page count that balances across a test: free pages plus the pages
 * of the slab caches' empty slabs. A cache keeps one empty slab instead
 * of freeing it, so freeing every object (an mm, its VMAs) may leave
 * nr_free_pages() lower than before while this sum is back where it was
 * (the free_pages invariant checked after every case is the same sum).
 */
static inline unsigned long free_pages_balance(void)
{
	return nr_free_pages() + slab_nr_empty_pages();
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
