/* SPDX-License-Identifier: MIT */
/*
 * Address spaces: struct mm, one per process (shared by its threads).
 * It owns the user half of a page-table tree (the kernel half is shared,
 * see <arch/mmu.h>), the set of VMAs describing what may be mapped, the
 * mmap_lock ordering both, and counters the OOM killer reads.
 *
 * Its owner (Linux's mm->owner under CONFIG_MEMCG) is the task whose
 * memory cgroup pays for the mm's pages: every charge reads it, whoever
 * allocates (a fault of one of its threads, a driver populating it from
 * another task). It is set once, at exec; a forked mm starts with its
 * parent's owner and is handed to the child before the child runs
 * (mm_fork_owner()). The mm holds a task reference on it until
 * mmdrop(), so the charge marks of its pages never name a freed task.
 *
 * Two references, with Linux's meaning:
 *   mm_users  users of the address space (threads, populate callers,
 *             drivers and /proc while they touch it): mmget()/mmput();
 *             the last mmput() runs exit_mmap(), which unmaps everything
 *             and frees the page tables.
 *   mm_count  references to the struct (one held by all users together,
 *             plus mmgrab()s by those who only look at it: the OOM killer,
 *             the OOM reaper for as long as a victim is queued, mmu
 *             notifiers, a CPU that still has the tables loaded): the
 *             last mmdrop() frees the PML4 and the struct.
 *
 * The OOM reaper holds mm_count, not mm_users (since Linux 4.14's "mm:
 * oom: let oom_reap_task and exit_mmap run concurrently"; before, its
 * mmget_not_zero() could make it run the victim's exit_mmap() itself
 * from its final mmput()): it reaps under the mmap read lock, after
 * checking MMF_OOM_SKIP under it, and exit_mmap() frees the tables under
 * the write lock (mm/oom_reaper.h).
 *
 * Lock order: kernel/lock_order.h.
 * exit_mmap() runs with no other user left and takes mmap_lock itself.
 *
 * Shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS) is a page set per
 * mapping, kept in the mm: each mapping gets its own range of page
 * offsets (vma->pgoff), and the mm's shared-page index holds one
 * reference on each page of it until the range is unmapped. A forked
 * mm uses the index of the mm it was forked from (shared_root), so both
 * find the same pages; while several mms use one index, an unmap keeps
 * the index's references (another mm may still map the range and fault
 * in its untouched pages) and the last mm's exit releases them.
 *
 * Locking: [I] immutable; [a] atomic; [m] mmap_lock (read to look, write
 * to change); [p] pt.lock; [n] notifier_lock; [s] shared_lock; [r]
 * filemap_rmap (mm/filemap_rmap.h).
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <arch/mmu.h>
#include "kernel/percpu.h"
#include "kernel/rwsem.h"
#include "lib/list.h"
#include "mm/charge.h"
#include "mm/oom_reaper.h"
#include "mm/vma.h"

/* RSS counters (pages), Linux's set minus swap: what badness() sums. */
enum mm_rss_item {
	MM_FILEPAGES,		/* page-cache pages mapped */
	MM_ANONPAGES,		/* private anonymous pages mapped */
	MM_SHMEMPAGES,		/* shared anonymous pages mapped */
	NR_MM_COUNTERS,
};

/* mm->flags bits (Linux's numbers). */
#define MMF_OOM_SKIP		21	/* the OOM killer ignores this mm */
#define MMF_UNSTABLE		22	/* the reaper tore pages out */
#define MMF_OOM_VICTIM		25	/* an OOM victim's mm */
#define MMF_OOM_REAP_QUEUED	26	/* queued for the reaper */
#define MMF_COW_SHARED		30	/* oomlab's: forked, so private
					 * pages may be mapped by another
					 * mm too (mprotect leaves them
					 * read-only; see mm/cow.c) */
#define MMF_OOM_EXIT_UNLINKED	31	/* oomlab's: exit_mmap() unlinked the
					 * VMAs (rph's "mm->mmap == NULL") */

/* User address space layout. */
#define MM_MMAP_MIN_ADDR	0x10000UL	/* Linux's mmap_min_addr */
#define MM_TASK_SIZE		ARCH_USER_VA_END
#define MM_STACK_LIMIT		(8UL << 20)	/* RLIMIT_STACK default */

struct mm {
	struct arch_pt pt;			/* [p] page tables */
	struct vma_set vmas;			/* [m] */
	struct rw_semaphore mmap_lock;
	int mm_users;				/* [a] */
	int mm_count;				/* [a] */
	long rss[NR_MM_COUNTERS];		/* [a] pages */
	long pgtables;				/* [a] table pages below the
						 * root (Linux's
						 * mm_pgtables_bytes()) */
	unsigned long flags;			/* [a] MMF_* bits */
	struct cpumask cpumask;			/* [a] CPUs using the tables */
	unsigned long total_vm;			/* [m] pages in VMAs */
	unsigned long locked_vm;		/* [m] pages in VM_LOCKED VMAs */
	unsigned long def_flags;		/* [m] VM_LOCKED* (mlockall) */
	vaddr_t mmap_base;			/* [I] top of the mmap area */
	vaddr_t start_brk, brk;			/* [m] heap */
	struct rw_semaphore notifier_lock;
	struct list_head notifiers;		/* [n] struct mmu_notifier */
	struct spinlock shared_lock;
	struct mm_shared_page **shared_hash;	/* [s] shared anon pages */
	unsigned long shared_pgoff_next;	/* [m] next page set's pgoff */
	struct mm *shared_root;			/* [I] a forked mm: the mm
						 * whose shared page set it
						 * uses (mmgrab()ed); NULL:
						 * its own */
	int shared_users;			/* [a] mms using this mm's
						 * shared page set (itself
						 * and forked ones) */
	struct task *owner;			/* to modify: [m] write, once;
						 * to read: [a]. NULL: none */
	struct mm_oom_reap oom_reap;		/* see mm/oom_reaper.h */
	long hiwater_rss;			/* [a] the most pages resident
						 * before an unmap (Linux's
						 * update_hiwater_rss()) */
	/* Added for file pins (mm/filemap_rmap.h): */
	struct list_head file_maps;		/* [r] files mapped here */
	int nr_file_maps;			/* [a] links on file_maps */
};

struct mm *mm_alloc(void);
void mmget(struct mm *mm);
bool mmget_not_zero(struct mm *mm);
void mmput(struct mm *mm);
void mmgrab(struct mm *mm);
void mmdrop(struct mm *mm);
void exit_mmap(struct mm *mm);
void mm_set_owner(struct mm *mm, struct task *owner);
struct task *mm_owner(struct mm *mm);
void mm_fork_owner(struct mm *mm, struct task *owner);

void mm_switch(struct mm *prev, struct mm *next);
void mm_use(struct mm *mm);
void mm_unuse(struct mm *mm);
void mm_flush_tlb_range(struct mm *mm, vaddr_t start, vaddr_t end);

/* Pages in page tables: map, unmap (mm.c keeps RSS and refcounts). */
int mm_pte_alloc(struct mm *mm, vaddr_t addr, enum charge_ctx ctx);
int mm_map_user_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		     struct page *page, enum charge_ctx ctx);
int mm_map_file_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		     struct page *page, enum charge_ctx ctx);
void mm_unmap_file_page(struct mm *mm, struct page *page);
int mm_map_user_table(struct mm *mm, struct vm_area *vma, const vaddr_t *vas,
		      const pte_t *leaves, unsigned int n,
		      enum charge_ctx ctx);
int mm_map_zero_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		     enum charge_ctx ctx);
int mm_replace_zero_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			 pte_t old, struct page *page);
int mm_replace_user_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			 pte_t old, struct page *page);
unsigned long mm_zap_range(struct mm *mm, const struct vm_area *vma,
			   vaddr_t start, vaddr_t end);
void mm_free_pgtables(struct mm *mm, vaddr_t start, vaddr_t end);
struct page *mm_alloc_user_page(struct mm *mm, gfp_t gfp,
				enum charge_ctx ctx, bool anon);
void put_user_page(struct page *page);

/* Shared anonymous page sets. */
unsigned long mm_shared_reserve(struct mm *mm, unsigned long nr_pages);
struct page *mm_shared_get(struct mm *mm, unsigned long pgoff, gfp_t gfp,
			   enum charge_ctx ctx);
bool mm_shared_resident(struct mm *mm, unsigned long pgoff);
void mm_shared_release(struct mm *mm, unsigned long first,
		       unsigned long last);
void mm_shared_fork(struct mm *parent, struct mm *child);
unsigned int mm_vm_prot(unsigned long vm_flags);

static inline void mmap_read_lock(struct mm *mm)
{
	down_read(&mm->mmap_lock);
}

static inline bool mmap_read_trylock(struct mm *mm)
{
	return down_read_trylock(&mm->mmap_lock);
}

static inline void mmap_read_unlock(struct mm *mm)
{
	up_read(&mm->mmap_lock);
}

static inline int mmap_write_lock_killable(struct mm *mm)
{
	return down_write_killable(&mm->mmap_lock);
}

static inline void mmap_write_lock(struct mm *mm)
{
	down_write(&mm->mmap_lock);
}

static inline void mmap_write_unlock(struct mm *mm)
{
	up_write(&mm->mmap_lock);
}

static inline long mm_rss(struct mm *mm, enum mm_rss_item item)
{
	return __atomic_load_n(&mm->rss[item], __ATOMIC_RELAXED);
}

static inline void mm_rss_add(struct mm *mm, enum mm_rss_item item, long n)
{
	__atomic_add_fetch(&mm->rss[item], n, __ATOMIC_RELAXED);
}

/* Linux's mm_pgtables_bytes(): the tables, the top level left out. */
static inline long mm_pgtables_bytes(struct mm *mm)
{
	return __atomic_load_n(&mm->pgtables, __ATOMIC_RELAXED) *
	       (long)PAGE_SIZE;
}

/* Resident pages: what the OOM killer calls get_mm_rss(). */
static inline long mm_rss_total(struct mm *mm)
{
	long n = 0;

	for (int i = 0; i < NR_MM_COUNTERS; i++)
		n += mm_rss(mm, i);
	return n;
}

/* Record the resident size as a peak before it drops: getrusage()'s
 * ru_maxrss is the larger of this and the size now, as in Linux. */
static inline void mm_update_hiwater_rss(struct mm *mm)
{
	long rss = mm_rss_total(mm);
	long old = __atomic_load_n(&mm->hiwater_rss, __ATOMIC_RELAXED);

	while (rss > old &&
	       !__atomic_compare_exchange_n(&mm->hiwater_rss, &old, rss, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

static inline bool mm_flag_test(const struct mm *mm, int bit)
{
	return __atomic_load_n(&mm->flags, __ATOMIC_ACQUIRE) >> bit & 1;
}

static inline void mm_flag_set(struct mm *mm, int bit)
{
	__atomic_fetch_or(&mm->flags, 1UL << bit, __ATOMIC_ACQ_REL);
}

/* Set @bit; return whether it was already set. */
static inline bool mm_flag_test_and_set(struct mm *mm, int bit)
{
	return __atomic_fetch_or(&mm->flags, 1UL << bit, __ATOMIC_ACQ_REL) >>
	       bit & 1;
}

#endif
