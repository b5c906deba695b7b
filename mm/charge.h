/* SPDX-License-Identifier: MIT */
/*
 * The charge hook: every page the kernel allocates on behalf of a task's
 * address space (user pages, their page tables) is charged here right
 * after allocation, and uncharged by mm_uncharge_page() right before it
 * is freed. Memory cgroups plug in behind these two functions; until
 * then a charge always succeeds and only marks and counts, so tests can
 * check that every charge met its uncharge (KTEST_INVARIANT
 * mm_charged_pages).
 *
 * Who pays is the mm's owner (mm_owner(): the task whose memory cgroup
 * Linux finds through mm->owner), never `current`: a driver populating
 * another process's memory charges that process.
 *
 * The context says who is allocating, which is what a memory cgroup at
 * its limit does next depends on (Linux 4.19's try_charge(): only a
 * charge from a user fault may OOM-kill; elsewhere it fails):
 *   CHARGE_USER_FAULT  a page fault from user mode (FAULT_FLAG_USER),
 *                      and the table pages it needs: may end in
 *                      VM_FAULT_OOM and the fault's OOM path
 *   CHARGE_POPULATE    faulting in from kernel context on the task's
 *                      behalf (MAP_POPULATE, mlock, MADV_POPULATE_*, a
 *                      driver mirroring the range, later
 *                      get_user_pages), tables included: a failure is
 *                      -ENOMEM, so MAP_POPULATE ends partially populated
 *   CHARGE_KERNEL      any other kernel allocation for the mm (its root
 *                      table at creation, later kmem)
 *   CHARGE_FILE        a page-cache page: a tmpfs page a write() made
 *                      or a page a read() brought into the page cache
 *                      (mm/filemap.c), charged to the writer's or
 *                      reader's mm (NULL from a kernel thread: the root
 *                      pays) and uncharged when the file or reclaim lets
 *                      it go (fs/tmpfs.c, mm/vmscan.c), not by any mm
 * The caller passes the context down with the mm; nothing is guessed
 * from the running task.
 *
 * A charged page points at the memory cgroup that pays for it:
 * page->memcg_data is its struct memcg (Linux's folio->memcg_data), and
 * holds a reference on it until the uncharge, so a removed cgroup lives
 * on while pages are charged to it. What kind of page it is (memory.stat)
 * follows from the page: a user page (PG_user) is anon, any other page
 * charged here is a page table. A charge to the root memcg (an mm
 * without an owner, or an owner in the root cgroup) never fails and
 * moves no counter but memory.stat.
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
	CHARGE_FILE,
	NR_CHARGE_CTX,
};

unsigned long mm_charge_mark(struct task *owner);
int mm_charge_page(struct page *page, struct mm *mm, gfp_t gfp,
		   enum charge_ctx ctx);
void mm_uncharge_page(struct page *page);

/* Statistics for tests and /proc-like dumps. */
u64 mm_charge_outstanding(void);
u64 mm_charge_count(enum charge_ctx ctx);

#endif
