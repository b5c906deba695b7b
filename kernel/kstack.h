/* SPDX-License-Identifier: MIT */
/*
 * Kernel stacks with guard pages (kernel/kstack.c). Each stack is
 * KSTACK_SIZE bytes of 4 KiB pages in the kernel stack area
 * (KSTACK_AREA_BASE), with KSTACK_GUARD_SIZE of never-mapped address
 * space below it: running off the bottom of a stack faults on the guard
 * instead of overwriting the stack below, and the fault handlers report
 * a "kernel stack overflow" when the faulting address is a guard's.
 * A user thread's stack is charged to its memory cgroup
 * (kstack_alloc_account()).
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <arch/layout.h>
#include "lib/types.h"

#define KSTACK_PAGES		4
#define KSTACK_SIZE		(KSTACK_PAGES * PAGE_SIZE)
#define KSTACK_GUARD_PAGES	4	/* a frame under 16 KiB cannot
					 * jump over it */
#define KSTACK_GUARD_SIZE	(KSTACK_GUARD_PAGES * PAGE_SIZE)
#define KSTACK_SLOT_SIZE	(KSTACK_GUARD_SIZE + KSTACK_SIZE)
#define KSTACK_SLOTS		2048
#define KSTACK_AREA_SIZE	((vaddr_t)KSTACK_SLOTS * KSTACK_SLOT_SIZE)

void kstack_init(void);
void *kstack_alloc(void);
void *kstack_alloc_account(void);
void kstack_free(void *stack);
bool kstack_guard_hit(vaddr_t addr, vaddr_t *stack, vaddr_t *stack_end);
unsigned int kstack_nr_used(void);

#endif
