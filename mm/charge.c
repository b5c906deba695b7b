// SPDX-License-Identifier: MIT
/*
 * The charge hook (see mm/charge.h): today it marks and counts. Its
 * central invariant, checked after every test case: pages charged ==
 * pages uncharged once everything a test built is torn down.
 *
 * A CHARGE_USER_FAULT charge happens only inside a user fault, which
 * mm/fault.c marks in current->in_user_fault (Linux's
 * mem_cgroup_enter_user_fault()): the memcg charge path will read the
 * mark as Linux 4.19 does, and the hook checks that it agrees.
 *
 * Locking: [a] atomic.
 */
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/task.h"
#include "mm/charge.h"
#include "mm/mm.h"

static u64 nr_charged[NR_CHARGE_CTX];	/* [a] */
static u64 nr_uncharged;		/* [a] */

/**
 * mm_charge_page - charge a freshly allocated page to @mm's owner.
 * @page: the page, not yet visible to anyone else
 * @mm: the address space it is allocated for; its owner pays (NULL: a
 *	CHARGE_FILE page a kernel thread made, which the root pays)
 * @gfp: the allocation's flags (what the charge may do to succeed)
 * @ctx: who allocates (see mm/charge.h), as the caller knows it
 *
 * Its uncharge is mm_uncharge_page(), called by whoever frees the page
 * (put_user_page() and the page-table free in mm/mm.c).
 *
 * Context: may sleep when @gfp allows blocking (memcg reclaim and OOM,
 * later); no spinlocks held then. A CHARGE_USER_FAULT charge only
 * inside a user fault of current.
 * Return: 0; later -ENOMEM when the memory cgroup is over its limit and
 * nothing could be done (then @page is not charged: free it).
 */
int mm_charge_page(struct page *page, struct mm *mm, gfp_t gfp,
		   enum charge_ctx ctx)
{
	WARN_ON(page->memcg_data);
	WARN_ON(ctx == CHARGE_USER_FAULT && !task_in_user_fault(current));
	page->memcg_data = mm_charge_mark(mm ? mm_owner(mm) : NULL);
	__atomic_add_fetch(&nr_charged[ctx], 1, __ATOMIC_RELAXED);
	return 0;
}

/**
 * mm_uncharge_page - undo mm_charge_page() for a page about to be freed.
 * @page: a page charged by mm_charge_page(); a page that never was (its
 *	charge failed) is left alone
 *
 * Context: any, no sleeping.
 */
void mm_uncharge_page(struct page *page)
{
	if (!page->memcg_data)
		return;
	page->memcg_data = 0;
	__atomic_add_fetch(&nr_uncharged, 1, __ATOMIC_RELAXED);
}

/* Pages charged and not yet uncharged. */
u64 mm_charge_outstanding(void)
{
	u64 n = 0;

	for (int c = 0; c < NR_CHARGE_CTX; c++)
		n += __atomic_load_n(&nr_charged[c], __ATOMIC_RELAXED);
	return n - __atomic_load_n(&nr_uncharged, __ATOMIC_RELAXED);
}

/* Charges made in context @ctx since boot. */
u64 mm_charge_count(enum charge_ctx ctx)
{
	return __atomic_load_n(&nr_charged[ctx], __ATOMIC_RELAXED);
}

KTEST_INVARIANT(mm_charged_pages, mm_charge_outstanding);
