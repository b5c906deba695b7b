// SPDX-License-Identifier: MIT
/*
 * The charge hook (see mm/charge.h): every page charged here is charged
 * to its mm owner's memory cgroup through memcg_charge(), in the design
 * of the moment, and uncharged exactly once, when it is freed. Central
 * invariant, checked after every test case: pages charged == pages
 * uncharged once everything a test built is torn down.
 *
 * A CHARGE_USER_FAULT charge happens only inside a user fault, which
 * mm/fault.c marks in current->in_user_fault (Linux's
 * mem_cgroup_enter_user_fault()): the memcg charge path reads the mark
 * as Linux 4.19 does (only a user fault's OOM may be deferred to the end
 * of the fault), and the hook checks that the two agree.
 *
 * Locking: [a] atomic.
 */
#include "kernel/cgroup.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/task.h"
#include "mm/charge.h"
#include "mm/memcg.h"
#include "mm/mm.h"

static u64 nr_charged[NR_CHARGE_CTX];	/* [a] */
static u64 nr_uncharged;		/* [a] */

/* memory.stat's kind of a page charged here (see mm/charge.h). */
static enum memcg_stat_item charge_item(const struct page *page)
{
	if (page->flags & PG_file)
		return MEMCG_FILE;
	return page->flags & PG_user ? MEMCG_ANON : MEMCG_PAGETABLES;
}

/**
 * mm_charge_mark - the page->memcg_data a page charged to @owner's mm
 * gets now: its memory cgroup (for tests that check who paid).
 * @owner: a task, or NULL for an mm without an owner (the root)
 *
 * Context: any. Return: the memcg as a number (no reference kept).
 */
unsigned long mm_charge_mark(struct task *owner)
{
	struct cgroup *cg = owner ? cgroup_get_task_domain(owner) :
				   &cgroup_root;
	unsigned long mark = (unsigned long)cg->memcg;

	if (owner)
		cgroup_put(cg);
	return mark;
}

/**
 * mm_charge_page - charge a freshly allocated page to @mm's owner's memory
 * cgroup.
 * @page: the page, not yet visible to anyone else; a page table unless
 *	  the caller makes it a user page (PG_user) right after
 * @mm: the address space it is allocated for; its owner pays (NULL: a
 *	CHARGE_FILE page a kernel thread made, which the root pays)
 * @gfp: the allocation's flags (what the charge may do to succeed;
 *	 __GFP_ACCOUNT marks a page table)
 * @ctx: who allocates (see mm/charge.h), as the caller knows it
 *
 * Its uncharge is mm_uncharge_page(), called by whoever frees the page
 * (put_user_page() and the page-table free in mm/mm.c).
 *
 * Context: may sleep when @gfp allows blocking (memcg reclaim and OOM);
 * no spinlocks held then. A CHARGE_USER_FAULT charge only inside a user
 * fault of current.
 * Return: 0; -ENOMEM when the memory cgroup is over its limit and the
 * design gives up (then @page is not charged: free it).
 */
int mm_charge_page(struct page *page, struct mm *mm, gfp_t gfp,
		   enum charge_ctx ctx)
{
	struct memcg *m = memcg_get_from_mm(mm);
	enum memcg_stat_item item = ctx == CHARGE_FILE	  ? MEMCG_FILE :
				    gfp & __GFP_ACCOUNT ? MEMCG_PAGETABLES :
							  MEMCG_ANON;

	WARN_ON(page->memcg_data);
	WARN_ON(ctx == CHARGE_USER_FAULT && !task_in_user_fault(current));
	if (memcg_charge(m, gfp, 1)) {
		memcg_put(m);
		return -ENOMEM;
	}
	memcg_stat_add(m, item, 1);
	if (ctx == CHARGE_FILE)
		page->flags |= PG_file;
	page->memcg_data = (unsigned long)m;	/* keeps the reference */
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
	struct memcg *m = (struct memcg *)page->memcg_data;

	if (!m)
		return;
	page->memcg_data = 0;
	memcg_stat_add(m, charge_item(page), -1);
	page->flags &= ~PG_file;
	memcg_uncharge(m, 1);
	memcg_put(m);
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
