// SPDX-License-Identifier: MIT
/*
 * Page faults on user addresses (see mm/fault.h). In Linux's order
 * (__handle_mm_fault(), then do_anonymous_page()): the page tables the
 * address needs first, then the page. A read fault in a private VMA maps the shared zero page,
 * read-only and uncharged; a write fault there maps a fresh zeroed,
 * charged page, and a later write fault on the zero page replaces it
 * with one (wp_page_copy()). A fault in a shared VMA maps the page of the
 * mm's shared page set at the VMA's offset. A fault in a file VMA maps
 * the file's page-cache page read-only (reading it in, under the mmap
 * lock, when missing: filemap_fault()); a write fault in a private one
 * maps an anonymous copy instead (Linux's do_cow_fault(), and
 * wp_page_copy() when the cache page was mapped first). A present entry
 * that already allows the access is a fault another thread resolved
 * first; it succeeds.
 *
 * Copy-on-write: a write fault on a present, read-only entry of a
 * writable private VMA (what fork leaves, or a race with mprotect) goes
 * to mm/cow.c, which copies the page while another mapping shares it and
 * makes the entry writable when it is the page's only one.
 *
 * Invariant: the fault runs with mm->mmap_lock held for reading from
 * VMA lookup to the page-table update; a user fault is marked in
 * current->in_user_fault for the charge path over handle_mm_fault(),
 * set and cleared here only (Linux's mem_cgroup_enter_user_fault() and
 * mem_cgroup_exit_user_fault()), on every way out.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/charge.h"
#include "mm/cow.h"
#include "mm/filemap.h"
#include "mm/fault.h"
#include "mm/memcg.h"
#include "mm/rlimit_vm.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/oom.h"
#include "mm/page_alloc.h"
#include "mm/page_writeback.h"


/**
 * fault_access_ok - does @vma allow the access described by @flags?
 * @vma: the VMA
 * @flags: FAULT_FLAG_*
 *
 * x86 rules: write needs VM_WRITE; an instruction fetch needs VM_EXEC;
 * anything else needs one of READ/WRITE/EXEC (a PROT_WRITE or PROT_EXEC
 * page is readable; PROT_NONE is not).
 */
bool fault_access_ok(const struct vm_area *vma, unsigned int flags)
{
	if (flags & FAULT_FLAG_WRITE)
		return vma->flags & VM_WRITE;
	if (flags & FAULT_FLAG_INSTRUCTION)
		return vma->flags & VM_EXEC;
	return vma->flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/* The page to map at @addr, with a reference for the mapping. */
static struct page *fault_page(struct mm *mm, struct vm_area *vma,
			       vaddr_t addr, enum charge_ctx ctx)
{
	if (vma->flags & VM_SHARED)
		return mm_shared_get(mm,
				     vma->pgoff +
					     ((addr - vma->start) >> PAGE_SHIFT),
				     GFP_HIGHUSER_MOVABLE, ctx);
	return mm_alloc_user_page(mm, GFP_HIGHUSER_MOVABLE, ctx, true);
}

/* An anonymous copy of the page-cache page @src; drops @src's ref. */
static struct page *fault_copy_file_page(struct mm *mm, struct page *src,
					 enum charge_ctx ctx)
{
	struct page *page = mm_alloc_user_page(mm, GFP_HIGHUSER_MOVABLE, ctx,
					       true);

	if (page)
		memcpy(page_address(page), page_address(src), PAGE_SIZE);
	filemap_put_page(src);
	return page;
}

/* Linux's __do_fault() result for a filemap_fault() error. */
static vm_fault_t fault_file_error(int err)
{
	return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
}

/* A write to a mapped cache page of a private file VMA: copy it. */
static vm_fault_t fault_wp_file_page(struct mm *mm, struct vm_area *vma,
				     vaddr_t addr, pte_t leaf,
				     enum charge_ctx ctx)
{
	struct page *src, *page;
	/* The cache's page with a reference of our own: the entry's may be
	 * unmapped and reclaimed while we copy. */
	int err = filemap_fault(vma->mapping, vma_pgoff_at(vma, addr), &src);

	if (err)
		return fault_file_error(err);
	page = fault_copy_file_page(mm, src, ctx);
	if (!page)
		return VM_FAULT_OOM;
	if (mm_replace_user_page(mm, vma, addr, leaf, page))
		put_user_page(page);	/* another thread was first */
	return 0;
}

/* A page-cache page mapped where a private copy is wanted? */
static bool fault_wants_cow(const struct vm_area *vma, pte_t leaf,
			    unsigned int flags)
{
	struct page *page;

	if (!vma->mapping || (vma->flags & VM_SHARED) ||
	    !(flags & FAULT_FLAG_WRITE))
		return false;
	page = pfn_to_page(arch_pte_paddr(leaf) >> PAGE_SHIFT);
	return !(page->flags & PG_anon);
}

/*
 * A write to a read-only entry of a shared file VMA (Linux's
 * wp_page_shared()): the entry becomes writable, then the cached page
 * dirty - in that order, see filemap_page_mkwrite(). The page is taken
 * from the cache with a reference of our own: the entry's may be zapped
 * meanwhile (MADV_DONTNEED runs under the read lock too).
 */
static vm_fault_t fault_shared_wp(struct mm *mm, struct vm_area *vma,
				  vaddr_t addr, pte_t leaf)
{
	pgoff_t index = vma_pgoff_at(vma, addr);
	struct page *page;
	int err = filemap_fault(vma->mapping, index, &page);

	if (err)
		return fault_file_error(err);
	if (page_to_pfn(page) == arch_pte_paddr(leaf) >> PAGE_SHIFT) {
		arch_pt_protect(&mm->pt, addr, addr + PAGE_SIZE,
				mm_vm_prot(vma->flags));
		mm_flush_tlb_range(mm, addr, addr + PAGE_SIZE);
		filemap_page_mkwrite(vma->mapping, index, page);
	}
	filemap_put_page(page);	/* else the entry changed: retry */
	return 0;
}

/* A write through a shared file VMA: it dirties the file's page. */
static bool fault_dirties_file(const struct vm_area *vma, unsigned int flags)
{
	return vma->mapping && (vma->flags & VM_SHARED) &&
	       (flags & FAULT_FLAG_WRITE);
}

/* A present entry: already fine, or an mprotect upgrade to catch up. */
static vm_fault_t fault_present(struct mm *mm, struct vm_area *vma,
				vaddr_t addr, pte_t leaf, unsigned int flags)
{
	bool need_write = flags & FAULT_FLAG_WRITE;

	if (arch_pte_present(leaf) && (!need_write || arch_pte_writable(leaf)))
		return 0;
	if (vma->mapping && !need_write) {
		/* A cache page's entry never becomes writable. */
		arch_pt_protect(&mm->pt, addr, addr + PAGE_SIZE,
				mm_vm_prot(vma->flags & ~VM_WRITE));
		mm_flush_tlb_range(mm, addr, addr + PAGE_SIZE);
		return 0;
	}
	arch_pt_protect(&mm->pt, addr, addr + PAGE_SIZE,
			mm_vm_prot(vma->flags));
	mm_flush_tlb_range(mm, addr, addr + PAGE_SIZE);
	return 0;
}

/* A write fault on the zero page: a page of its own in its place. */
static vm_fault_t fault_wp_zero_page(struct mm *mm, struct vm_area *vma,
				     vaddr_t addr, pte_t leaf,
				     enum charge_ctx ctx)
{
	struct page *page = mm_alloc_user_page(mm, GFP_HIGHUSER_MOVABLE, ctx,
					       true);

	if (!page)
		return VM_FAULT_OOM;
	if (mm_replace_zero_page(mm, vma, addr, leaf, page))
		put_user_page(page);	/* another thread was first */
	return 0;
}

/* Linux's do_anonymous_page() for a read: the zero page. */
static bool fault_wants_zero_page(const struct vm_area *vma,
				  unsigned int flags)
{
	return !(vma->flags & VM_SHARED) && !(flags & FAULT_FLAG_WRITE);
}

/*
 * A missing page of a file VMA (Linux's do_read_fault(), do_cow_fault()
 * and do_shared_fault()): the cache page, read in with the mmap_lock
 * held for reading if need be, or for a write to a private mapping a
 * copy of it. A write to a shared one maps the page read-only, then
 * takes the write-protect path as a later write would.
 */
static vm_fault_t fault_file(struct mm *mm, struct vm_area *vma,
			     vaddr_t addr, unsigned int flags,
			     enum charge_ctx ctx)
{
	struct page *page;
	int err = filemap_fault(vma->mapping, vma_pgoff_at(vma, addr), &page);
	pte_t leaf;

	if (err)
		return fault_file_error(err);
	if ((flags & FAULT_FLAG_WRITE) && !(vma->flags & VM_SHARED)) {
		page = fault_copy_file_page(mm, page, ctx);
		if (!page)
			return VM_FAULT_OOM;
		err = mm_map_user_page(mm, vma, addr, page, ctx);
		if (err)
			put_user_page(page);
	} else {
		err = mm_map_file_page(mm, vma, addr, page, ctx);
		if (err)
			filemap_put_page(page);
	}
	if (err && err != -EEXIST)
		return VM_FAULT_OOM;
	if (fault_dirties_file(vma, flags) &&
	    arch_pt_populated(&mm->pt, addr, &leaf) &&
	    !arch_pte_writable(leaf))
		return fault_shared_wp(mm, vma, addr, leaf);
	return 0;	/* -EEXIST: another thread mapped it first */
}

static vm_fault_t __handle_mm_fault(struct mm *mm, struct vm_area *vma,
				    vaddr_t addr, unsigned int flags)
{
	enum charge_ctx ctx = flags & FAULT_FLAG_USER ? CHARGE_USER_FAULT :
							CHARGE_POPULATE;
	struct page *page;
	pte_t leaf;
	int err;

	if (arch_pt_populated(&mm->pt, addr, &leaf)) {
		if (arch_pte_special(leaf) && (flags & FAULT_FLAG_WRITE))
			return fault_wp_zero_page(mm, vma, addr, leaf, ctx);
		if (fault_wants_cow(vma, leaf, flags))
			return fault_wp_file_page(mm, vma, addr, leaf, ctx);
		if (fault_dirties_file(vma, flags) &&
		    !arch_pte_writable(leaf))
			return fault_shared_wp(mm, vma, addr, leaf);
		if (cow_fault_wanted(vma, leaf, flags))
			return cow_wp_page(mm, vma, addr, leaf, ctx);
		return fault_present(mm, vma, addr, leaf, flags);
	}
	/* Tables first, then the page (see mm_pte_alloc()). */
	if (mm_pte_alloc(mm, addr, ctx))
		return VM_FAULT_OOM;
	if (vma->mapping)
		return fault_file(mm, vma, addr, flags, ctx);
	if (fault_wants_zero_page(vma, flags)) {
		err = mm_map_zero_page(mm, vma, addr, ctx);
		return err && err != -EEXIST ? VM_FAULT_OOM : 0;
	}
	page = fault_page(mm, vma, addr, ctx);
	if (!page)
		return VM_FAULT_OOM;
	err = mm_map_user_page(mm, vma, addr, page, ctx);
	if (err)
		put_user_page(page);
	if (err == -EEXIST)	/* another thread mapped it first */
		return 0;
	return err ? VM_FAULT_OOM : 0;
}

/* Mark current as handling a user fault; never nested. */
static void fault_enter_user(void)
{
	WARN_ON(current->in_user_fault);
	__atomic_store_n(&current->in_user_fault, true, __ATOMIC_RELAXED);
}

static void fault_exit_user(void)
{
	WARN_ON(!current->in_user_fault);
	__atomic_store_n(&current->in_user_fault, false, __ATOMIC_RELAXED);
}

/**
 * handle_mm_fault - make @addr in @vma accessible as @flags asks.
 * @mm: the address space
 * @vma: the VMA containing @addr (the caller looked it up)
 * @addr: the faulting address
 * @flags: FAULT_FLAG_*; USER marks the fault for the charge path
 *
 * Context: mm->mmap_lock held for reading; may sleep (allocation and,
 * later, memcg reclaim/OOM in the charge).
 * Return: 0; VM_FAULT_SIGSEGV|VM_FAULT_BADACCESS when @vma forbids the
 * access; VM_FAULT_OOM when no page (or table page) could be had.
 */
vm_fault_t handle_mm_fault(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			   unsigned int flags)
{
	vm_fault_t ret;

	might_sleep();
	addr = ALIGN_DOWN(addr, PAGE_SIZE);
	if (!fault_access_ok(vma, flags))
		return VM_FAULT_SIGSEGV | VM_FAULT_BADACCESS;
	if (vma->flags & VM_PFNMAP)
		return VM_FAULT_SIGBUS;
	if (flags & FAULT_FLAG_USER)
		fault_enter_user();
	ret = __handle_mm_fault(mm, vma, addr, flags);
	if (flags & FAULT_FLAG_USER) {
		fault_exit_user();
		/* A recorded memcg OOM the fault got over: forget it. */
		if (current->memcg_in_oom && !(ret & VM_FAULT_OOM))
			memcg_oom_synchronize(false);
	}
	return ret;
}

/**
 * fault_expand_stack - grow the VM_GROWSDOWN @vma down to cover @addr.
 * @mm: the address space
 * @vma: the stack VMA, the first VMA above @addr
 * @addr: the faulting address below vma->start
 *
 * Linux's rules: the stack may not get within VMA_STACK_GUARD_GAP of the
 * VMA below it, nor below MM_MMAP_MIN_ADDR; Linux 6.1's
 * acct_stack_growth() checks RLIMIT_AS, then RLIMIT_STACK, then
 * RLIMIT_MEMLOCK for a locked stack.
 *
 * Context: mmap_lock held for writing.
 * Return: 0; -ENOMEM when it may not grow that far.
 */
int fault_expand_stack(struct mm *mm, struct vm_area *vma, vaddr_t addr)
{
	vaddr_t start = ALIGN_DOWN(addr, PAGE_SIZE);
	vaddr_t old_start = vma->start, end = vma->end;
	unsigned long grow = (old_start - start) >> PAGE_SHIFT;
	unsigned long vm_flags = vma->flags;	/* vma may merge away */
	struct vm_area *below;
	int err;

	if (!(vma->flags & VM_GROWSDOWN) || start >= old_start)
		return -ENOMEM;
	if (start < MM_MMAP_MIN_ADDR || !rlimit_vm_may_expand(mm, grow) ||
	    end - start > rlimit_vm_stack_max() ||
	    ((vm_flags & VM_LOCKED) &&
	     !rlimit_vm_mlock_fits(mm->locked_vm + grow)))
		return -ENOMEM;
	below = vma_first_at_or_after(&mm->vmas,
				      start > VMA_STACK_GUARD_GAP ?
					      start - VMA_STACK_GUARD_GAP : 0);
	if (below && below != vma && below->start < old_start)
		return -ENOMEM;
	err = vma_map(&mm->vmas, start, old_start - start, vm_flags,
		      vma->pgoff - grow);
	if (err)
		return err;
	mmap_vm_account(mm, vm_flags, (long)grow);
	return 0;
}

/* Grow a stack: the write lock, a fresh lookup, then back to reading. */
static struct vm_area *fault_grow_stack(struct mm *mm, vaddr_t addr)
{
	struct vm_area *vma;

	mmap_read_unlock(mm);
	mmap_write_lock(mm);
	vma = vma_first_at_or_after(&mm->vmas, addr);
	if (vma && vma->start > addr && fault_expand_stack(mm, vma, addr))
		vma = NULL;
	downgrade_write(&mm->mmap_lock);
	return vma ? vma_first_at_or_after(&mm->vmas, addr) : NULL;
}

/**
 * fault_handle - resolve a page fault at user address @addr of @mm (the
 * lock and VMA half of mm_fault_user(), also for tests that fault an mm
 * directly).
 * @mm: the faulting task's mm
 * @addr: the faulting address
 * @flags: FAULT_FLAG_* (USER for faults from user mode; KILLABLE makes
 *	the mmap_lock wait killable as in Linux >= 6.4 - without it the
 *	wait is uninterruptible, as in 4.x)
 *
 * The mmap_lock is tried first and otherwise waited for, then released
 * before returning, so VM_FAULT_OOM is handled (mm_fault_user():
 * pagefault_out_of_memory()) without it.
 *
 * Context: task context, interrupts enabled; may sleep.
 * Return: 0 (retry the access); VM_FAULT_SIGSEGV with BADMAP or
 * BADACCESS; VM_FAULT_OOM; VM_FAULT_SIGBUS; VM_FAULT_RETRY when a fatal
 * signal ended the lock wait (return to user: the kill is acted on).
 */
vm_fault_t fault_handle(struct mm *mm, vaddr_t addr, unsigned int flags)
{
	bool dirtied = false;
	struct vm_area *vma;
	vm_fault_t ret;

	if (addr >= MM_TASK_SIZE)
		return VM_FAULT_SIGSEGV | VM_FAULT_BADMAP;
	if (!mmap_read_trylock(mm)) {
		if (!(flags & FAULT_FLAG_KILLABLE))
			mmap_read_lock(mm);
		else if (down_read_killable(&mm->mmap_lock))
			return VM_FAULT_RETRY;
	}
	vma = vma_first_at_or_after(&mm->vmas, addr);
	if (vma && vma->start > addr)
		vma = vma->flags & VM_GROWSDOWN ? fault_grow_stack(mm, addr) :
						  NULL;
	if (!vma) {
		ret = VM_FAULT_SIGSEGV | VM_FAULT_BADMAP;
	} else {
		ret = handle_mm_fault(mm, vma, addr, flags);
		dirtied = !ret && fault_dirties_file(vma, flags);
	}
	mmap_read_unlock(mm);
	/* Linux's fault_dirty_shared_page() throttles a task that dirties
	 * through a mapping as write() does, with the mmap_lock dropped
	 * when it can: here always, the fault being done. */
	if (dirtied)
		balance_dirty_pages_mapped(mm);
	return ret;
}

static unsigned long nr_oom_faults;	/* [a] user faults that found no memory */

/*
 * A user fault ran out of memory: Linux's pagefault_out_of_memory(),
 * called with no lock held. A memcg OOM the charge recorded (PRE: every
 * user-fault OOM; later designs: cgroup v1 oom_kill_disable) is handled
 * now: kill in the hierarchy or wait (memcg_oom_synchronize()).
 *
 * Otherwise either the page allocator itself was dry
 * (current->user_fault_no_page, set by mm_alloc_user_page()) or a memcg
 * charge failed without recording an OOM. Up to 5.15 (PRE, V419RFC,
 * V419, V419PLUS) Linux runs the global OOM killer here for both; from
 * 5.16 (60e2793d440a, MOD) a charge failure reaching here only says so
 * ("Huh ...", rate-limited) and retries, and a dry allocator, whose
 * Linux runs the global OOM killer inside the allocation, is logged
 * (rate limited: it repeats for as long as memory stays short) and the
 * fault waits a tick killably instead of spinning on the CPU.
 *
 * Return: whether to retry the access; false when the task is dying
 * (the return to user mode then ends it).
 */
static bool pagefault_out_of_memory(void)
{
	bool no_page = current->user_fault_no_page;

	current->user_fault_no_page = false;
	__atomic_fetch_add(&nr_oom_faults, 1, __ATOMIC_RELAXED);
	if (memcg_oom_synchronize(true))
		return true;
	if (fatal_signal_pending(current))
		return false;
	if (oom_global_from_fault())
		return !fatal_signal_pending(current);
	if (no_page) {
		pr_err_ratelimited("Out of memory: page allocator dry in user "
				   "fault, pid %d (%s); retrying\n",
				   current->pid, current->name);
		schedule_timeout_killable(1);
	} else if (memcg_get_design() == MEMCG_DESIGN_MOD) {
		pr_warn_ratelimited("Huh VM_FAULT_OOM leaked out to the #PF "
				    "handler. Retrying PF\n");
	}
	return !fatal_signal_pending(current);
}

/**
 * mm_fault_nr_oom - user faults that found no memory, since boot.
 *
 * Context: any.
 * Return: the count (each retry of the same access counts).
 */
unsigned long mm_fault_nr_oom(void)
{
	return __atomic_load_n(&nr_oom_faults, __ATOMIC_RELAXED);
}

/*
 * The fatal signal for a fault that cannot succeed: SIGSEGV with Linux's
 * "comm[pid]: segfault at ..." line (show_signal_msg()), or a silent
 * SIGBUS, as Linux's do_sigbus().
 */
static void fault_signal(vm_fault_t ret, vaddr_t addr,
			 const struct fault_regs *regs)
{
	if (ret & VM_FAULT_SIGBUS) {
		signal_force_fatal(SIGBUS);
		return;
	}
	signal_report_fault("segfault at %016llx ip %016llx sp %016llx "
			    "error %llx", (unsigned long long)addr,
			    (unsigned long long)regs->ip,
			    (unsigned long long)regs->sp,
			    (unsigned long long)regs->error_code);
	signal_force_fatal(SIGSEGV);
}

/**
 * mm_fault_user - handle a CPU page fault on a user address of current.
 * @addr: the faulting address
 * @flags: FAULT_FLAG_* decoded from the CPU's fault (USER: from user
 *	   mode; without it, a uaccess routine faulted and may sleep)
 * @regs: for a fault from user mode, the CPU's account of it (the report
 *	  of a fatal one prints it); NULL otherwise
 *
 * Decides what the fault leads to: the page is there (retry), the task
 * was killed while waiting (retry: the return to user mode ends it),
 * out of memory (pagefault_out_of_memory()), or a fatal SIGSEGV/SIGBUS
 * for a user-mode access that cannot succeed. A uaccess routine's fault
 * that is not resolved fails whatever the reason: its fixup returns
 * -EFAULT (Linux: kernelmode_fixup_or_oops()).
 *
 * Context: task context, interrupts enabled; may sleep. No locks held.
 * Return: true when the access may be retried; false when it cannot
 * succeed: from user mode the task has its fatal signal now, from
 * kernel mode the caller takes the fixup.
 */
bool mm_fault_user(vaddr_t addr, unsigned int flags,
		   const struct fault_regs *regs)
{
	struct mm *mm = current->mm;
	vm_fault_t ret = mm ? fault_handle(mm, addr, flags) :
			      VM_FAULT_SIGSEGV | VM_FAULT_BADMAP;

	if (!ret)
		return true;
	if (!(flags & FAULT_FLAG_USER))
		return false;
	if (ret & (VM_FAULT_SIGSEGV | VM_FAULT_SIGBUS)) {
		fault_signal(ret, addr, regs);
		return false;
	}
	if (ret & VM_FAULT_OOM)
		return pagefault_out_of_memory();
	return true;	/* VM_FAULT_RETRY: killed in the lock wait */
}
