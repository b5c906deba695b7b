// SPDX-License-Identifier: MIT
/*
 * Address spaces (see mm/mm.h): their life cycle, the page-table pages
 * they own, entering and leaving user pages in their tables, and TLB
 * shootdown on the CPUs that use them.
 *
 * Central invariant: a page leaves a page table, then every CPU in
 * mm->cpumask drops it from its TLB, and only then is the page freed (or
 * a table page reused). mm->cpumask holds exactly the CPUs that have the
 * tables loaded: mm_switch() sets this CPU's bit before loading them and
 * clears it after loading others, and a CPU that loaded other tables has
 * no entries of this mm left (no PCIDs, no global user pages).
 *
 * Locking: see mm/mm.h; [c] this CPU, interrupts off.
 */
#include <arch/cpu.h>
#include <arch/smp.h>
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "mm/charge.h"
#include "mm/filemap_rmap.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmu_notifier.h"
#include "mm/oom_internal.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define ZAP_BATCH	64	/* entries cleared per TLB shootdown */
#define PRUNE_BATCH	32	/* table pages freed per full flush */
#define MMAP_GAP_MIN	(128UL << 20)	/* Linux's minimum stack gap */

static struct mm *loaded_mm[NR_CPUS];	/* [c] whose tables the CPU uses */

/*
 * The shared zero page (Linux's empty_zero_page, in the image's bss):
 * what a read fault on private anonymous memory maps, read-only and
 * special (ARCH_PROT_SPECIAL), so it is never written, never counted in
 * RSS or a mapcount, never charged and never freed.
 */
static u8 zero_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/*
 * A page-table page for @mm, charged in @ctx: the context of the page
 * that needs it (a table a user fault needs is part of that fault), as
 * Linux charges page tables to the mm's memory cgroup with
 * GFP_KERNEL_ACCOUNT whoever allocates them. Returns 0 without memory.
 */
static paddr_t mm_table_page(struct mm *mm, enum charge_ctx ctx)
{
	gfp_t gfp = GFP_KERNEL | __GFP_ZERO | __GFP_ACCOUNT;
	struct page *page = alloc_page(gfp);

	if (!page)
		return 0;
	if (mm_charge_page(page, mm, gfp, ctx)) {
		free_page(page);
		return 0;
	}
	return page_to_pfn(page) << PAGE_SHIFT;
}

/* Uncharge and free a page from mm_table_page(). */
static void mm_table_page_free(paddr_t pa)
{
	struct page *page = pfn_to_page(pa >> PAGE_SHIFT);

	mm_uncharge_page(page);
	free_page(page);
}

/* A table below the root, counted in mm->pgtables. */
static paddr_t mm_alloc_table(struct mm *mm, enum charge_ctx ctx)
{
	paddr_t pa = mm_table_page(mm, ctx);

	if (pa)
		__atomic_add_fetch(&mm->pgtables, 1, __ATOMIC_RELAXED);
	return pa;
}

static void mm_free_table(struct mm *mm, paddr_t pa)
{
	__atomic_sub_fetch(&mm->pgtables, 1, __ATOMIC_RELAXED);
	mm_table_page_free(pa);
}

/**
 * mm_alloc - a new, empty address space.
 *
 * The struct is charged to current's memory cgroup (Linux's mm_cachep is
 * SLAB_ACCOUNT), its PML4 like every page-table page (CHARGE_KERNEL
 * here).
 *
 * Context: may sleep. Return: the mm with mm_users = mm_count = 1, or
 * NULL without memory.
 */
struct mm *mm_alloc(void)
{
	struct mm *mm = kzalloc(sizeof(*mm), GFP_KERNEL_ACCOUNT);
	paddr_t root;

	if (!mm)
		return NULL;
	root = mm_table_page(mm, CHARGE_KERNEL);
	if (!root) {
		kfree(mm);
		return NULL;
	}
	arch_pt_user_init(&mm->pt, root);
	vma_set_init(&mm->vmas, NULL);
	init_rwsem(&mm->mmap_lock, "mmap_lock");
	init_rwsem(&mm->notifier_lock, "mmu_notifier");
	spin_lock_init(&mm->shared_lock, "mm_shared");
	INIT_LIST_HEAD(&mm->notifiers);
	INIT_LIST_HEAD(&mm->file_maps);
	oom_reaper_mm_init(mm);
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->shared_users = 1;
	mm->mmap_base = ALIGN_DOWN(MM_TASK_SIZE - MMAP_GAP_MIN -
					   VMA_STACK_GUARD_GAP, PAGE_SIZE);
	return mm;
}

/* Take a user reference; the caller already holds one. Context: any. */
void mmget(struct mm *mm)
{
	__atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED);
}

/**
 * mmget_not_zero - take a user reference unless the address space is
 * already being torn down (the OOM reaper's and /proc's way in).
 * @mm: an mm the caller holds an mm_count reference on
 *
 * Return: true with a reference taken.
 */
bool mmget_not_zero(struct mm *mm)
{
	int n = __atomic_load_n(&mm->mm_users, __ATOMIC_RELAXED);

	do {
		if (!n)
			return false;
	} while (!__atomic_compare_exchange_n(&mm->mm_users, &n, n + 1, true,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	return true;
}

/**
 * mmput - drop a user reference; the last one tears the address space
 * down (exit_mmap()) and drops the users' mm_count reference.
 * @mm: the address space
 *
 * Context: may sleep (exit_mmap takes the mmap_lock); this CPU must not
 * have @mm's tables loaded when this is the last reference (an exiting
 * task calls mm_switch(mm, NULL) first).
 */
void mmput(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	exit_mmap(mm);
	mmdrop(mm);
}

/* Take a reference to the struct only. Context: any. */
void mmgrab(struct mm *mm)
{
	__atomic_add_fetch(&mm->mm_count, 1, __ATOMIC_RELAXED);
}

/**
 * mmdrop - drop a struct reference; the last frees the PML4 and the mm.
 * @mm: the address space, already through exit_mmap() if it had users
 *
 * Context: any but interrupt context; no CPU may have @mm loaded.
 */
void mmdrop(struct mm *mm)
{
	if (__atomic_sub_fetch(&mm->mm_count, 1, __ATOMIC_ACQ_REL))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(mm->cpumask.bits); i++)
		WARN_ON(mm->cpumask.bits[i]);
	WARN_ON(mm->pt.nr_tables != 1);
	mm_table_page_free(mm->pt.root);
	WARN_ON(mm->pgtables || mm_rss_total(mm));
	/* Last: no page charged to the owner is left (see mm/mm.h). */
	if (mm->owner)
		task_put(mm->owner);
	kfree(mm);
}

/**
 * mm_set_owner - name the task whose memory cgroup pays for @mm's pages.
 * @mm: an address space without an owner yet
 * @owner: the task (exec: the new process's first thread; not a static
 *	   boot task, which has no references); @mm takes a reference on
 *	   it, dropped by the last mmdrop()
 *
 * Linux sets mm->owner in mm_init() at fork and exec and moves it in
 * mm_update_next_owner() when the owner exits first; an oomlab owner
 * stays until the mm is freed, so charges never see it change.
 *
 * Context: may sleep (takes mm->mmap_lock for writing).
 */
void mm_set_owner(struct mm *mm, struct task *owner)
{
	mmap_write_lock(mm);
	if (!WARN_ON(mm->owner)) {
		task_get(owner);
		__atomic_store_n(&mm->owner, owner, __ATOMIC_RELEASE);
	}
	mmap_write_unlock(mm);
}

/**
 * mm_fork_owner - hand @mm from the task that built it to the child
 * that will run on it (fork: the parent's thread pays for the copied
 * page tables, built before the child's thread exists; the child pays
 * for what it faults in afterwards, as Linux's mm_init() names the
 * child at fork).
 * @mm: a forked address space no other task uses or charges to yet
 * @owner: the child's first thread; @mm takes a reference on it
 *
 * Context: may sleep (takes mm->mmap_lock for writing). The old owner
 * is the parent mm's owner, which that mm keeps alive, so dropping
 * this mm's reference on it frees nothing a reader could still hold.
 */
void mm_fork_owner(struct mm *mm, struct task *owner)
{
	struct task *old;

	task_get(owner);
	mmap_write_lock(mm);
	old = mm->owner;
	__atomic_store_n(&mm->owner, owner, __ATOMIC_RELEASE);
	mmap_write_unlock(mm);
	if (old)
		task_put(old);
}

/**
 * mm_owner - the task whose memory cgroup pays for @mm's pages.
 * @mm: an address space the caller holds a reference on
 *
 * Context: any. Return: the owner (alive while @mm is), or NULL when
 * nobody was named (kernel tests' address spaces: the root pays).
 */
struct task *mm_owner(struct mm *mm)
{
	return __atomic_load_n(&mm->owner, __ATOMIC_ACQUIRE);
}

static void mm_shared_exit(struct mm *mm);

/* Unmap every VMA under the read lock (the pages are freed here). */
static void exit_unmap_all(struct mm *mm)
{
	struct vm_area *vma;

	mmap_read_lock(mm);
	for (vma = vma_first_at_or_after(&mm->vmas, 0); vma;
	     vma = vma_first_at_or_after(&mm->vmas, vma->end))
		mm_zap_range(mm, vma, vma->start, vma->end);
	mmap_read_unlock(mm);
}

/*
 * 4.17-5.x's exit_mmap() of an OOM victim: reap what the reaper could
 * (no mmap_lock: no user is left, and a reaper pass beside it only zaps
 * too; 4.17-4.18 under oom_lock),
 * then 4.17's MMF_OOM_SKIP - before the mlocked rest is unmapped - or
 * rpr's MMF_UNSTABLE alone, then the write-lock barrier: once it is
 * through, no reaper pass that saw the flag clear is still walking.
 */
static void exit_self_reap(struct mm *mm, const struct oom_reaper_policy *pol)
{
	bool busy = false;

	if (pol->holds_oom_lock)
		oom_lock_for_reaper();
	oom_reaper_reap_mm(mm, pol, &busy);
	if (pol->holds_oom_lock)
		oom_unlock_for_reaper();
	if (pol->exit == OOM_EXIT_SKIP_BEFORE_UNMAP) {
		mm_flag_set(mm, MMF_OOM_SKIP);
		oom_reaper_exit_mmap(mm);
	}
	mmap_write_lock(mm);
	mmap_write_unlock(mm);
}

/* Was @mm an OOM victim's (MMF_OOM_VICTIM is not set under memcg MOD)? */
static bool mm_is_oom_victim(struct mm *mm)
{
	return mm_flag_test(mm, MMF_OOM_VICTIM) ||
	       mm_flag_test(mm, MMF_OOM_REAP_QUEUED);
}

/**
 * exit_mmap - unmap everything and free the page tables, in the order of
 * the OOM reaper design the mm was queued under (else the current one):
 *   none, rp414, rpmod, oomlab: unmap, MMF_OOM_SKIP, free the tables
 *       (Linux 4.14's and 6.1's exit_mmap(): 5.17's 64591e8605d6 frees
 *       the tables under the write lock, 6.0's bf3980c85212 dropped the
 *       self-reap);
 *   rp417, rp419: a victim reaps itself, sets MMF_OOM_SKIP, passes the
 *       write-lock barrier, then unmaps the rest (its mlocked memory);
 *   rpr: the same but MMF_UNSTABLE, and MMF_OOM_SKIP only once the
 *       tables are freed;
 *   rph: unmap, unlink the VMAs under the write lock
 *       (MMF_OOM_EXIT_UNLINKED), MMF_OOM_SKIP.
 * Tables and VMAs are always freed under the write lock, and an OOM
 * reaper pass checks MMF_OOM_SKIP under the read lock, so a pass never
 * walks freed tables.
 * @mm: an address space whose last user is gone
 *
 * Context: may sleep; takes mm->mmap_lock (read, then write).
 */
void exit_mmap(struct mm *mm)
{
	enum oom_reaper_design d = mm_flag_test(mm, MMF_OOM_REAP_QUEUED) ?
					   mm->oom_reap.design :
					   oom_reaper_get_design();
	const struct oom_reaper_policy *pol = oom_reaper_policy(d);

	mmu_notifier_release(mm);
	if (pol->exit_self_reaps && mm_is_oom_victim(mm))
		exit_self_reap(mm, pol);
	exit_unmap_all(mm);
	if (pol->exit == OOM_EXIT_SKIP_AFTER_UNMAP) {
		mm_flag_set(mm, MMF_OOM_SKIP);
		oom_reaper_exit_mmap(mm);
	}
	mmap_write_lock(mm);
	mm_free_pgtables(mm, 0, ARCH_USER_HALF_END);
	vma_destroy_all(&mm->vmas, NULL, NULL);
	mm_shared_exit(mm);
	mm->total_vm = mm->locked_vm = 0;
	if (pol->exit == OOM_EXIT_SKIP_AFTER_UNLINK)
		mm_flag_set(mm, MMF_OOM_EXIT_UNLINKED);
	if (pol->exit != OOM_EXIT_SKIP_AFTER_UNMAP)
		mm_flag_set(mm, MMF_OOM_SKIP);
	mmap_write_unlock(mm);
	oom_reaper_exit_mmap(mm);
	if (__atomic_load_n(&mm->nr_file_maps, __ATOMIC_RELAXED))
		filemap_rmap_sync(mm);	/* no VMA left: the files' pins go */
}

static void cpumask_set_atomic(struct cpumask *m, unsigned int cpu)
{
	__atomic_fetch_or(&m->bits[cpu / 64], 1ULL << (cpu % 64),
			  __ATOMIC_SEQ_CST);
}

static void cpumask_clear_atomic(struct cpumask *m, unsigned int cpu)
{
	__atomic_fetch_and(&m->bits[cpu / 64], ~(1ULL << (cpu % 64)),
			   __ATOMIC_SEQ_CST);
}

/**
 * mm_switch - load @next's page tables on this CPU (the kernel's when
 * @next is NULL), leaving @prev's.
 * @prev: the mm of the task switched away from (NULL: a kernel thread)
 * @next: the mm of the task switched to
 *
 * Kept per CPU: what this CPU really has loaded, so a kernel thread
 * between two tasks of one mm costs two table loads but no stale mask bit.
 *
 * Context: interrupts or preemption off (the scheduler's switch path).
 */
void mm_switch(struct mm *prev, struct mm *next)
{
	unsigned int cpu = smp_processor_id();
	struct mm *old = loaded_mm[cpu];

	if (old == next)
		return;
	if (next) {
		cpumask_set_atomic(&next->cpumask, cpu);
		arch_mmu_load(next->pt.root);
	} else {
		arch_mmu_load(arch_kernel_pt.root);
	}
	loaded_mm[cpu] = next;
	if (old)
		cpumask_clear_atomic(&old->cpumask, cpu);
}

/**
 * mm_use - load @mm on this CPU for the running kernel code (tests,
 * drivers touching user memory of another process through its tables).
 * @mm: an mm the caller holds a reference on
 *
 * Context: preemption disabled from here to mm_unuse() on this CPU.
 */
void mm_use(struct mm *mm)
{
	unsigned long flags = arch_irq_save();

	mm_switch(NULL, mm);
	arch_irq_restore(flags);
}

/* Undo mm_use(): back to the kernel's tables. Same CPU, same context. */
void mm_unuse(struct mm *mm)
{
	unsigned long flags = arch_irq_save();

	mm_switch(mm, NULL);
	arch_irq_restore(flags);
}

/**
 * mm_flush_tlb_range - drop [@start, @end) of @mm from the TLB of every
 * CPU that has @mm loaded, this one included, and wait for them.
 * @mm: the address space whose entries changed
 * @start: first address
 * @end: end, or TLB_FLUSH_ALL (also drops cached table entries)
 *
 * Context: task context; not under a spinlock taken with interrupts on.
 */
void mm_flush_tlb_range(struct mm *mm, vaddr_t start, vaddr_t end)
{
	bool any = false;

	/* Order the entry changes before reading the mask (mm_switch). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned int i = 0; i < ARRAY_SIZE(mm->cpumask.bits); i++)
		any |= __atomic_load_n(&mm->cpumask.bits[i], __ATOMIC_RELAXED);
	if (any)
		arch_tlb_shootdown(&mm->cpumask, start, end);
}

/* ARCH_PROT_* for a VMA's VM_* flags. */
unsigned int mm_vm_prot(unsigned long vm_flags)
{
	unsigned int prot = ARCH_PROT_USER;

	if (vm_flags & VM_READ)
		prot |= ARCH_PROT_READ;
	if (vm_flags & VM_WRITE)
		prot |= ARCH_PROT_WRITE;
	if (vm_flags & VM_EXEC)
		prot |= ARCH_PROT_EXEC;
	return prot;
}

/* A mapped page-cache page is not PG_user: the cache owns it. */
static enum mm_rss_item rss_item(const struct page *page)
{
	if (page->flags & PG_anon)
		return MM_ANONPAGES;
	return page->flags & PG_user ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/*
 * @page gained (@sign 1) or lost (-1) one mapping entry. A page-cache
 * page's first entry and its last one move memory.stat "file_mapped" of
 * the memcg it is charged to (Linux's NR_FILE_MAPPED, counted in
 * page_add_file_rmap() and page_remove_rmap()).
 */
static void page_mapcount_add(struct page *page, int sign)
{
	int now = __atomic_add_fetch(&page->mapcount, sign, __ATOMIC_RELAXED);

	if (rss_item(page) != MM_FILEPAGES || now != (sign > 0 ? 1 : 0))
		return;
	memcg_stat_add((struct memcg *)page->memcg_data, MEMCG_FILE_MAPPED,
		       sign);
}

/**
 * mm_pte_alloc - make sure the page tables a mapping at @addr needs are
 * there, allocating (and charging) the missing ones in @ctx: Linux's
 * __handle_mm_fault() and pte_alloc(), which run before
 * do_anonymous_page() allocates and charges the page, so at a memcg
 * limit the page's charge fails, not the table's.
 * @mm: the address space
 * @addr: user address
 * @ctx: the charge context of the page that needs the tables
 *
 * Tables go away only under the write lock (mm_free_pgtables()), so
 * with the read lock held they stay until the caller maps its page.
 * Context: mmap_lock held (read suffices); may sleep.
 * Return: 0; -ENOMEM without a table page (or its charge).
 */
int mm_pte_alloc(struct mm *mm, vaddr_t addr, enum charge_ctx ctx)
{
	paddr_t spare = 0;
	int err;

	while ((err = arch_pt_prepare_user(&mm->pt, addr, &spare)) ==
	       -EAGAIN) {
		spare = mm_alloc_table(mm, ctx);
		if (!spare)
			return -ENOMEM;
	}
	if (spare)	/* another thread installed the table first */
		mm_free_table(mm, spare);
	return err;
}

/* Enter @pa at @addr, allocating the missing table pages in @ctx. */
static int mm_map_pte(struct mm *mm, vaddr_t addr, paddr_t pa,
		      unsigned int prot, enum charge_ctx ctx)
{
	paddr_t none = 0;
	int err = mm_pte_alloc(mm, addr, ctx);

	if (err)
		return err;
	err = arch_pt_map_user(&mm->pt, addr, pa, prot, &none);
	WARN_ON(err == -EAGAIN);	/* see mm_pte_alloc() */
	return err == -EAGAIN ? -ENOMEM : err;
}

/**
 * mm_map_user_page - enter @page at @addr in @mm's tables with @vma's
 * protection, and count it (mapcount, RSS).
 * @mm: the address space
 * @vma: the VMA containing @addr
 * @addr: page-aligned user address
 * @page: a PG_user page; the caller's reference becomes the mapping's
 * @ctx: the charge context of @page, in which the table pages it needs
 *	 are charged too
 *
 * Context: mmap_lock held (read suffices); may sleep (table pages).
 * Return: 0; -EEXIST if another thread mapped @addr first; -ENOMEM
 * without a table page. On failure the caller keeps its reference.
 */
int mm_map_user_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		     struct page *page, enum charge_ctx ctx)
{
	int err;

	/*
	 * Counted before the entry becomes visible: a zap running beside us
	 * (MADV_DONTNEED and the OOM reaper hold mmap_lock for read only)
	 * may clear it, uncount it and drop the mapping's reference as soon
	 * as it is there, after which @page must not be touched.
	 */
	__atomic_add_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
	mm_rss_add(mm, rss_item(page), 1);
	err = mm_map_pte(mm, addr, page_to_pfn(page) << PAGE_SHIFT,
			 mm_vm_prot(vma->flags), ctx);
	if (err) {
		__atomic_sub_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
		mm_rss_add(mm, rss_item(page), -1);
	}
	return err;
}

/* Add @sign to the mapcount and RSS of every page @leaves map. */
static void mm_count_leaves(struct mm *mm, const pte_t *leaves,
			    unsigned int n, int sign)
{
	long rss[NR_MM_COUNTERS] = { 0 };

	for (unsigned int i = 0; i < n; i++) {
		struct page *page;

		if (arch_pte_special(leaves[i]))	/* the zero page */
			continue;
		page = pfn_to_page(arch_pte_paddr(leaves[i]) >> PAGE_SHIFT);
		page_mapcount_add(page, sign);
		rss[rss_item(page)] += sign;
	}
	for (unsigned int i = 0; i < NR_MM_COUNTERS; i++)
		if (rss[i])
			mm_rss_add(mm, i, rss[i]);
}

/**
 * mm_map_user_table - enter the pages of up to one page table's worth of
 * another mm's entries in @mm with @vma's protection, counting them as
 * mm_map_user_page() and mm_map_zero_page() do: one table allocation
 * check and one page-table lock round for all of them (a fork's copy).
 * @mm: the address space
 * @vma: the VMA containing every address
 * @vas: ascending page-aligned addresses within one level-0 table
 * @leaves: the entries to copy; each user page's reference for the new
 *	    mapping is the caller's
 * @n: how many
 * @ctx: the charge context of the table pages it may need
 *
 * Context: mmap_lock held (read suffices); may sleep (table pages).
 * Return: 0; -ENOMEM without a table page; -EEXIST when an address is
 * mapped. On failure nothing is entered and the caller keeps its
 * references.
 */
int mm_map_user_table(struct mm *mm, struct vm_area *vma, const vaddr_t *vas,
		      const pte_t *leaves, unsigned int n,
		      enum charge_ctx ctx)
{
	int err;

	if (!n)
		return 0;
	err = mm_pte_alloc(mm, vas[0], ctx);
	if (err)
		return err;
	/* Counted before the entries are visible, as in mm_map_user_page(). */
	mm_count_leaves(mm, leaves, n, 1);
	err = arch_pt_map_user_table(&mm->pt, vas, leaves, n,
				     mm_vm_prot(vma->flags));
	WARN_ON(err == -EAGAIN || err == -EINVAL);
	if (err)
		mm_count_leaves(mm, leaves, n, -1);
	return err == -EEXIST ? err : (err ? -ENOMEM : 0);
}

/**
 * mm_map_file_page - enter the page-cache page @page at @addr, read-only
 * whatever @vma allows (a write to a private file mapping copies the
 * page first: fault.c), and count it (mapcount, MM_FILEPAGES).
 * @mm: the address space
 * @vma: the file VMA containing @addr
 * @addr: page-aligned user address
 * @page: a page of @vma's page cache; the caller's reference becomes
 *	  the mapping's
 * @ctx: the charge context of the table pages it may need
 *
 * Context: mmap_lock held (read suffices); may sleep (table pages).
 * Return: as mm_map_user_page().
 */
int mm_map_file_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		     struct page *page, enum charge_ctx ctx)
{
	int err;

	/* Counted before it is visible, as in mm_map_user_page(). */
	page_mapcount_add(page, 1);
	mm_rss_add(mm, MM_FILEPAGES, 1);
	err = mm_map_pte(mm, addr, page_to_pfn(page) << PAGE_SHIFT,
			 mm_vm_prot(vma->flags & ~VM_WRITE), ctx);
	if (err) {
		page_mapcount_add(page, -1);
		mm_rss_add(mm, MM_FILEPAGES, -1);
	}
	return err;
}

/**
 * mm_unmap_file_page - count out a page-cache page whose entry in @mm
 * reclaim cleared and shot down (mm/filemap_rmap.c's try-to-unmap: Linux's
 * page_remove_rmap() and the RSS update of try_to_unmap_one()), and drop
 * the entry's reference.
 * @mm: the address space the entry was in
 * @page: the page it mapped; the caller holds a reference of its own, so
 *	  this one is never the last
 *
 * Context: any; no spinlock needed.
 */
void mm_unmap_file_page(struct mm *mm, struct page *page)
{
	mm_rss_add(mm, MM_FILEPAGES, -1);
	page_mapcount_add(page, -1);
	WARN_ON(page_put_testzero(page));
}

/**
 * mm_map_zero_page - map the shared zero page at @addr, read-only (Linux's
 * do_anonymous_page() for a read fault).
 * @mm: the address space
 * @vma: a private anonymous VMA containing @addr
 * @addr: page-aligned user address
 * @ctx: the charge context of the table pages it may need
 *
 * Context: mmap_lock held (read suffices); may sleep (table pages).
 * Return: 0; -EEXIST if another thread mapped @addr first; -ENOMEM
 * without a table page.
 */
int mm_map_zero_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		     enum charge_ctx ctx)
{
	return mm_map_pte(mm, addr, virt_to_phys(zero_page),
			  mm_vm_prot(vma->flags) | ARCH_PROT_SPECIAL, ctx);
}

/**
 * mm_replace_zero_page - put @page where the zero page entry @old is
 * (a write fault on it: Linux's wp_page_copy()), counting it as
 * mm_map_user_page() does.
 * @mm: the address space
 * @vma: the VMA containing @addr
 * @addr: page-aligned user address
 * @old: the zero page's entry as the fault saw it
 * @page: a fresh PG_user page; the caller's reference becomes the
 *	  mapping's
 *
 * Context: mmap_lock held (read suffices); may sleep (TLB shootdown).
 * Return: 0; -EAGAIN when the entry changed meanwhile (the caller keeps
 * its reference and retries the access).
 */
int mm_replace_zero_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			 pte_t old, struct page *page)
{
	int err;

	/* Counted before it is visible, as in mm_map_user_page(). */
	__atomic_add_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
	mm_rss_add(mm, rss_item(page), 1);
	err = arch_pt_replace_user(&mm->pt, addr, old,
				   page_to_pfn(page) << PAGE_SHIFT,
				   mm_vm_prot(vma->flags));
	if (err) {
		__atomic_sub_fetch(&page->mapcount, 1, __ATOMIC_RELAXED);
		mm_rss_add(mm, rss_item(page), -1);
		return err;
	}
	mm_flush_tlb_range(mm, addr, addr + PAGE_SIZE);
	return 0;
}

/**
 * mm_replace_user_page - put @page where the entry @old maps another
 * user page (a copy-on-write fault after fork, or a write to a private
 * file mapping's page-cache page: Linux's wp_page_copy()), counting
 * @page in and the old page out; the old page loses this mapping's
 * reference once no TLB holds the entry any more.
 * @mm: the address space
 * @vma: the VMA containing @addr
 * @addr: page-aligned user address
 * @old: the entry as the fault saw it (not the zero page)
 * @page: a fresh PG_user page; the caller's reference becomes the
 *	  mapping's
 *
 * Context: mmap_lock held (read suffices); may sleep (TLB shootdown).
 * Return: 0; -EAGAIN when the entry changed meanwhile (the caller keeps
 * its reference and retries the access).
 */
int mm_replace_user_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			 pte_t old, struct page *page)
{
	struct page *old_page = pfn_to_page(arch_pte_paddr(old) >> PAGE_SHIFT);
	int err = mm_replace_zero_page(mm, vma, addr, old, page);

	if (err)
		return err;
	mm_rss_add(mm, rss_item(old_page), -1);
	page_mapcount_add(old_page, -1);
	put_user_page(old_page);
	return 0;
}

/**
 * mm_alloc_user_page - a zeroed, charged page for @mm's user memory.
 * @mm: the address space it is for
 * @gfp: allocation flags (GFP_HIGHUSER_MOVABLE for user memory)
 * @ctx: the charge context (user fault or populate)
 * @anon: private anonymous (PG_anon) or shared
 *
 * The charge's flags are Linux 6.1's, which a memcg OOM report prints:
 * do_anonymous_page() charges a private page with GFP_KERNEL, shmem (a
 * shared page) with the mapping's mask, the allocation's @gfp.
 *
 * Context: may sleep (later: memcg reclaim and OOM in the charge).
 * Return: the page with one reference (the caller's) and no mappings,
 * or NULL: no memory, or the charge failed (-> VM_FAULT_OOM / -ENOMEM).
 */
struct page *mm_alloc_user_page(struct mm *mm, gfp_t gfp,
				enum charge_ctx ctx, bool anon)
{
	struct page *page = alloc_page(gfp | __GFP_ZERO);

	if (!page) {
		if (ctx == CHARGE_USER_FAULT)	/* for pagefault_out_of_memory */
			current->user_fault_no_page = true;
		return NULL;
	}
	if (mm_charge_page(page, mm, anon ? GFP_KERNEL : gfp, ctx)) {
		free_page(page);
		return NULL;
	}
	page->flags |= PG_user | (anon ? PG_anon : 0);
	page->mapcount = 0;
	return page;
}

/**
 * put_user_page - drop a reference to a user page; the last uncharges
 * and frees it.
 * @page: a PG_user page, or a mapped page-cache page (whose last
 *	  reference is the cache's, so it is never the one dropped here
 *	  unless reclaim took it out of the cache meanwhile)
 *
 * Context: any, no sleeping.
 */
void put_user_page(struct page *page)
{
	if (!page_put_testzero(page))
		return;
	WARN_ON(page_mapcount(page));
	mm_uncharge_page(page);
	page->flags &= ~(PG_user | PG_anon);
	page->mapcount = 0;
	page->refcount = 1;	/* the buddy's "allocated" */
	free_page(page);
}

/**
 * mm_zap_range - unmap and release the pages mapped in [@start, @end).
 * @mm: the address space
 * @vma: the VMA containing the range
 * @start: page-aligned start
 * @end: page-aligned end
 *
 * Pages go in batches: entries cleared, the TLBs shot down, then the
 * pages' mapping references dropped. Table pages stay (see
 * mm_free_pgtables()). mmu notifiers are the caller's business.
 *
 * Context: mmap_lock held (read: exit_mmap, the OOM reaper, MADV_DONTNEED
 * races with faults safely; write: munmap); may sleep.
 * Return: the pages this call unmapped (the zero page not counted): two
 * callers zapping one range at once each count only what they cleared.
 */
unsigned long mm_zap_range(struct mm *mm, const struct vm_area *vma,
			   vaddr_t start, vaddr_t end)
{
	pte_t old[ZAP_BATCH];
	vaddr_t va = start;
	unsigned long unmapped = 0;

	while (va < end) {
		unsigned int n;
		vaddr_t next = arch_pt_unmap_batch(&mm->pt, va, end, old,
						   ZAP_BATCH, &n);

		if (n)
			mm_flush_tlb_range(mm, va, next);
		for (unsigned int i = 0; i < n; i++) {
			struct page *page =
				pfn_to_page(arch_pte_paddr(old[i]) >> PAGE_SHIFT);

			if (arch_pte_special(old[i]))	/* the zero page */
				continue;
			mm_rss_add(mm, rss_item(page), -1);
			page_mapcount_add(page, -1);
			put_user_page(page);
			unmapped++;
		}
		va = next;
	}
	return unmapped;
}

/**
 * mm_free_pgtables - free the empty page-table pages covering
 * [@start, @end) (all of them when the range holds no pages).
 * @mm: the address space
 * @start: start
 * @end: end
 *
 * Context: mmap_lock held for writing; may sleep.
 */
void mm_free_pgtables(struct mm *mm, vaddr_t start, vaddr_t end)
{
	paddr_t tables[PRUNE_BATCH];
	unsigned int n;

	do {
		n = arch_pt_prune(&mm->pt, start, end, tables, PRUNE_BATCH);
		if (!n)
			break;
		mm_flush_tlb_range(mm, 0, TLB_FLUSH_ALL);
		for (unsigned int i = 0; i < n; i++)
			mm_free_table(mm, tables[i]);
	} while (n == PRUNE_BATCH);
}

/* ---- Shared anonymous page sets --------------------------------------- */

#define SHARED_HASH_SIZE	256

struct mm_shared_page {
	struct mm_shared_page *next;	/* [s] hash chain */
	unsigned long pgoff;		/* [I] */
	struct page *page;		/* [I] the index's reference */
};

/* The mm whose index @mm's shared pages are in (see mm/mm.h). */
static struct mm *shared_index(struct mm *mm)
{
	return mm->shared_root ? mm->shared_root : mm;
}

static struct mm_shared_page **shared_slot(struct mm *mm,
					   unsigned long pgoff)
{
	struct mm_shared_page **pp = &mm->shared_hash[pgoff %
						      SHARED_HASH_SIZE];

	while (*pp && (*pp)->pgoff != pgoff)
		pp = &(*pp)->next;
	return pp;
}

/**
 * mm_shared_reserve - page offsets for a new shared anonymous mapping.
 * @mm: the address space
 * @nr_pages: the mapping's size
 *
 * A page of offsets is left free after each set, so the VMAs of two
 * mappings never look contiguous (and never merge).
 * Context: mmap_lock held for writing. Return: the first offset.
 */
unsigned long mm_shared_reserve(struct mm *mm, unsigned long nr_pages)
{
	/* Atomic: forked mms reserve in one index under their own locks. */
	return __atomic_fetch_add(&shared_index(mm)->shared_pgoff_next,
				  nr_pages + 1, __ATOMIC_RELAXED);
}

/**
 * mm_shared_get - the shared page at @pgoff, allocated (zeroed, charged)
 * on first use.
 * @mm: the address space
 * @pgoff: page offset (vma->pgoff + page index in the VMA)
 * @gfp: allocation flags for a new page
 * @ctx: charge context for a new page
 *
 * Context: mmap_lock held (read); may sleep.
 * Return: the page with a reference for the caller, or NULL without
 * memory.
 */
struct page *mm_shared_get(struct mm *mm, unsigned long pgoff, gfp_t gfp,
			   enum charge_ctx ctx)
{
	struct mm_shared_page *node = NULL, **pp;
	struct page *page = NULL, *fresh = NULL;
	struct mm *payer = mm;
	unsigned long flags;

	mm = shared_index(mm);
	if (!mm->shared_hash) {
		struct mm_shared_page **h = kmalloc(
			SHARED_HASH_SIZE * sizeof(*h), GFP_KERNEL | __GFP_ZERO);

		if (!h)
			return NULL;
		flags = spin_lock_irqsave(&mm->shared_lock);
		if (!mm->shared_hash)
			mm->shared_hash = h, h = NULL;
		spin_unlock_irqrestore(&mm->shared_lock, flags);
		kfree(h);
	}
	for (;;) {
		flags = spin_lock_irqsave(&mm->shared_lock);
		pp = shared_slot(mm, pgoff);
		if (*pp) {
			page = (*pp)->page;
			page_get(page);
		} else if (fresh) {
			node->pgoff = pgoff;
			node->page = fresh;
			node->next = NULL;
			*pp = node;
			page = fresh;
			page_get(page);
			fresh = NULL;
			node = NULL;
		}
		spin_unlock_irqrestore(&mm->shared_lock, flags);
		if (page)
			break;
		node = kmalloc(sizeof(*node), GFP_KERNEL);
		fresh = node ? mm_alloc_user_page(payer, gfp, ctx, false) :
			       NULL;
		if (!fresh)
			break;
	}
	if (fresh)
		put_user_page(fresh);	/* lost the race */
	kfree(node);
	return page;
}

/* Is a shared page allocated at @pgoff? Context: mmap_lock held. */
bool mm_shared_resident(struct mm *mm, unsigned long pgoff)
{
	unsigned long flags;
	bool found;

	mm = shared_index(mm);
	if (!mm->shared_hash)
		return false;
	flags = spin_lock_irqsave(&mm->shared_lock);
	found = *shared_slot(mm, pgoff);
	spin_unlock_irqrestore(&mm->shared_lock, flags);
	return found;
}

/* Drop @mm's index references on offsets [@first, @last]. */
static void shared_release_index(struct mm *mm, unsigned long first,
				 unsigned long last)
{
	if (!mm->shared_hash)
		return;
	for (unsigned int b = 0; b < SHARED_HASH_SIZE; b++) {
		struct mm_shared_page **pp = &mm->shared_hash[b];

		while (*pp) {
			struct mm_shared_page *n = *pp;

			if (n->pgoff < first || n->pgoff > last) {
				pp = &n->next;
				continue;
			}
			*pp = n->next;
			put_user_page(n->page);
			kfree(n);
		}
	}
}

/**
 * mm_shared_release - drop the index's references on the shared pages
 * at offsets [@first, @last] (their mappings are already gone).
 * @mm: the address space
 * @first: first offset
 * @last: last offset (inclusive)
 *
 * Context: mmap_lock held for writing (or exit_mmap()).
 */
void mm_shared_release(struct mm *mm, unsigned long first,
		       unsigned long last)
{
	mm = shared_index(mm);
	if (__atomic_load_n(&mm->shared_users, __ATOMIC_ACQUIRE) > 1)
		return;		/* another mm may map the range */
	shared_release_index(mm, first, last);
}

/**
 * mm_shared_fork - make @child use @parent's shared page set (fork:
 * MAP_SHARED memory stays shared).
 * @parent: the forking mm
 * @child: the new mm, before anyone uses it
 *
 * Context: @parent's mmap_lock held for writing.
 */
void mm_shared_fork(struct mm *parent, struct mm *child)
{
	struct mm *root = shared_index(parent);

	__atomic_add_fetch(&root->shared_users, 1, __ATOMIC_ACQ_REL);
	mmgrab(root);
	child->shared_root = root;
}

/* exit_mmap(): the last mm using an index releases its pages and the
 * index; a forked mm lets go of its root's struct. */
static void mm_shared_exit(struct mm *mm)
{
	struct mm *root = shared_index(mm);

	if (!__atomic_sub_fetch(&root->shared_users, 1, __ATOMIC_ACQ_REL)) {
		shared_release_index(root, 0, ~0UL);
		kfree(root->shared_hash);
		root->shared_hash = NULL;
	}
	if (mm->shared_root)
		mmdrop(mm->shared_root);
	mm->shared_root = NULL;
}
