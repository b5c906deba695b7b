/* SPDX-License-Identifier: MIT */
/*
 * The charge hook: every page the kernel allocates on behalf of a task's
 * address space (user pages, their page tables) is charged here right
 * after allocation, and uncharged by mm_uncharge_page() right before it
 * is freed. Memory cgroups plug in behind these two functions; until
 * then a charge always succeeds and only counts, so tests can check that
 * every charge met its uncharge (KTEST_INVARIANT mm_charged_pages).
 *
 * The context says who is allocating, which is what the memcg OOM rules
 * of design/linux-oom-design.md section 2.5 depend on:
 *   CHARGE_USER_FAULT  a page fault from user mode (FAULT_FLAG_USER):
 *                      Linux's in_user_fault, may end in VM_FAULT_OOM
 *   CHARGE_POPULATE    faulting in from kernel context on the task's
 *                      behalf (MAP_POPULATE, mlock, MADV_POPULATE_*,
 *                      later get_user_pages): a failure is -ENOMEM
 *   CHARGE_KERNEL      any other kernel allocation for the task (page
 *                      tables outside a user fault, later kmem)
 *
 * The mark of a charged page is page->memcg_data != 0 (MEMCG_DATA_NONE
 * until there are cgroups to point to).
 *
 * Locking: [a] atomic counters.
 */
#ifndef MM_CHARGE_H
#define MM_CHARGE_H

#include "mm/gfp.h"
#include "mm/page.h"

struct mm;
struct task;

enum charge_ctx {
	CHARGE_USER_FAULT,
	CHARGE_POPULATE,
	CHARGE_KERNEL,
	NR_CHARGE_CTX,
};

/* page->memcg_data of a page charged while there are no cgroups. */
#define MEMCG_DATA_NONE		1UL

int mm_charge_page(struct page *page, struct mm *mm, gfp_t gfp,
		   enum charge_ctx ctx);
void mm_uncharge_page(struct page *page);

/* Linux's mem_cgroup_enter_user_fault()/exit_user_fault(); see charge.c. */
void mm_charge_enter_user_fault(void);
void mm_charge_exit_user_fault(void);
bool mm_charge_in_user_fault(const struct task *t);

/* Statistics for tests and /proc-like dumps. */
u64 mm_charge_outstanding(void);
u64 mm_charge_count(enum charge_ctx ctx);

#endif
