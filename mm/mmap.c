// SPDX-License-Identifier: MIT
/*
 * Memory-mapping system calls (see mm/mmap.h). Each call validates its
 * arguments in Linux's order (so the same bad call gets the same errno),
 * then changes the VMAs under mmap_lock held for writing and brings the
 * page tables along: unmapping zaps pages and frees empty tables between
 * mmu-notifier invalidate start/end; mprotect rewrites the entries.
 * Populating (MAP_POPULATE, mlock) happens after the write lock is
 * dropped, under the read lock, as in Linux - a fault may run meanwhile.
 *
 * Invariant: total_vm and locked_vm count the pages of all VMAs and of
 * the VM_LOCKED ones: what is mapped or unmapped is counted through
 * mmap_vm_account(), and mlock recounts the range whose flags it changed.
 */
#include "fs/file.h"
#include "fs/fs_process.h"
#include "kernel/sched.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/fault.h"
#include "mm/filemap_rmap.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/populate.h"
#include "mm/rlimit_vm.h"

#define MAP_KNOWN	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS |		\
			 MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE |	\
			 MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE |	\
			 MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB |	\
			 MAP_FIXED_NOREPLACE)
/* MLOCK_ONFAULT/MCL_ONFAULT, in lock requests and mm->def_flags only:
 * never put in a VMA (mm/vma.h has no VM_LOCKONFAULT). It only means
 * "do not populate now"; pages are as locked as any once faulted. */
#define VM_LOCKONFAULT	(1UL << 62)
#define VM_LOCK_FLAGS	(VM_LOCKED | VM_LOCKONFAULT)

static unsigned long pages(vaddr_t start, vaddr_t end)
{
	return (end - start) >> PAGE_SHIFT;
}

/**
 * mmap_vm_account - count pages mapped into or unmapped from @mm
 * (Linux vm_stat_account()).
 * @mm: the address space
 * @vm_flags: the flags of the VMA the pages are in: VM_LOCKED ones count
 *	in locked_vm as well as in total_vm
 * @npages: pages mapped, negative for pages unmapped
 *
 * Context: mm->mmap_lock held for writing.
 */
void mmap_vm_account(struct mm *mm, unsigned long vm_flags, long npages)
{
	mm->total_vm += npages;
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += npages;
}

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) |
	       (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

static void unmap_piece(const struct vm_area *vma, vaddr_t start, vaddr_t end,
			void *arg)
{
	struct mm *mm = arg;

	mm_zap_range(mm, vma, start, end);
	if ((vma->flags & VM_SHARED) && !vma->mapping)
		mm_shared_release(mm, vma_pgoff_at(vma, start),
				  vma_pgoff_at(vma, end) - 1);
	mmap_vm_account(mm, vma->flags, -(long)pages(start, end));
}

/*
 * After VMAs went (munmap, MAP_FIXED, a failed mmap): drop the pins of
 * files no longer mapped, with no lock held, since the last one may
 * evict the file (Linux defers the final fput() to the return to user
 * mode for the same reason). A link that cannot go stays until exit.
 */
static void mmap_sync_file_pins(struct mm *mm)
{
	if (__atomic_load_n(&mm->nr_file_maps, __ATOMIC_RELAXED))
		filemap_rmap_sync(mm);
}

/* munmap's core: pages, VMAs and empty tables of [start, end). */
static int unmap_locked(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct mmu_notifier_range range;
	int err;

	if (!vma_find_intersection(&mm->vmas, start, end))
		return 0;
	mm_update_hiwater_rss(mm);
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP,
				MMU_NOTIFIER_RANGE_BLOCKABLE, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	err = vma_unmap(&mm->vmas, start, end - start, unmap_piece, mm);
	if (!err)
		mm_free_pgtables(mm, start, end);
	mmu_notifier_invalidate_range_end(&range);
	return err;
}

/*
 * The hint as Linux's do_mmap() hands it on (round_hint_to_min()): rounded
 * down to its page, and raised to MM_MMAP_MIN_ADDR when below it, so that
 * a low hint asks for the lowest place allowed rather than for none.
 */
static vaddr_t round_hint(vaddr_t hint)
{
	hint = ALIGN_DOWN(hint, PAGE_SIZE);
	return hint && hint < MM_MMAP_MIN_ADDR ? MM_MMAP_MIN_ADDR : hint;
}

/*
 * Where a non-fixed mapping goes: the hint if the range there is free and
 * inside [MM_MMAP_MIN_ADDR, MM_TASK_SIZE) - a hint may lie above the mmap
 * base - else the highest free range below the mmap base. Return: the
 * address, or 0 when nothing fits.
 */
static vaddr_t unmapped_area(struct mm *mm, vaddr_t hint, size_t len)
{
	struct vma_area_query q = {
		.len = len,
		.hint = round_hint(hint),
		.low = MM_MMAP_MIN_ADDR,
		.high = mm->mmap_base,
		.hint_high = MM_TASK_SIZE,
	};
	vaddr_t addr;

	return vma_get_unmapped_area(&mm->vmas, &q, &addr) ? 0 : addr;
}

/*
 * The page cache a mapping of @file maps, in Linux do_mmap()'s order of
 * checks: a shared writable mapping of a file not open for writing is
 * -EACCES, and so is a file not open for reading; a file without a page
 * cache to map is -ENODEV, and a private file mapping may not grow down
 * (-EINVAL). A shared mapping of a file open for writing may be made
 * writable later (VM_MAYWRITE, into *@may_write).
 */
static int mmap_file_mapping(struct file *file, unsigned long prot,
			     unsigned long flags,
			     struct address_space **mapping,
			     unsigned long *may_write)
{
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;

	if (!file)
		return -EBADF;
	if (shared && (prot & PROT_WRITE) && !(file->mode & FMODE_WRITE))
		return -EACCES;
	if (!(file->mode & FMODE_READ))
		return -EACCES;
	if (!file->f_op || !file->f_op->mapping)
		return -ENODEV;
	if (flags & MAP_GROWSDOWN)
		return -EINVAL;
	*mapping = file->f_op->mapping(file);
	if (shared && (file->mode & FMODE_WRITE))
		*may_write = VM_MAYWRITE;
	return 0;
}

/*
 * Check mmap's arguments; fills *vm_flags and, for a file mapping,
 * *mapping. Return 0 or -errno.
 */
static int mmap_check(struct mm *mm, vaddr_t addr, size_t *len,
		      unsigned long prot, unsigned long flags,
		      struct file *file, u64 off, unsigned long *vm_flags,
		      struct address_space **mapping)
{
	unsigned long type = flags & MAP_TYPE;
	unsigned long may_write = 0;
	int err;

	if (!*len)
		return -EINVAL;
	/* Linux sets a hugetlbfs file up before any other check
	 * (ksys_mmap_pgoff()); with no huge page reserved, as here, its
	 * reservation fails. Never ordinary memory in disguise. */
	if ((flags & (MAP_ANONYMOUS | MAP_HUGETLB)) ==
	    (MAP_ANONYMOUS | MAP_HUGETLB))
		return -ENOMEM;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if (!(flags & MAP_ANONYMOUS)) {
		err = mmap_file_mapping(file, prot, flags, mapping,
					&may_write);
		if (err)
			return err;
	}
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (*len > MM_TASK_SIZE)
		return -ENOMEM;
	*len = ALIGN_UP(*len, PAGE_SIZE);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr > MM_TASK_SIZE - *len)
			return -ENOMEM;
		if (addr < MM_MMAP_MIN_ADDR)
			return -EPERM;
	}
	*vm_flags = prot_to_vm(prot) | mm->def_flags | may_write |
		    (type == MAP_PRIVATE ? 0 : VM_SHARED) |
		    (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) |
		    (flags & MAP_NORESERVE ? VM_NORESERVE : 0) |
		    (flags & MAP_LOCKED ? VM_LOCKED : 0);
	return 0;
}

/*
 * MAP_FIXED: map [addr, addr + len), replacing what is there. All or
 * nothing (vma_map_fixed()): the old pages are zapped and uncounted
 * (unmap_piece()) only once the new VMA is sure to fit. Their empty
 * page tables stay for the new mapping.
 */
static int map_fixed(struct mm *mm, vaddr_t addr, size_t len,
		     unsigned long vm_flags, u64 pgoff,
		     struct address_space *mapping)
{
	struct mmu_notifier_range range;
	bool busy = vma_find_intersection(&mm->vmas, addr, addr + len);
	int err;

	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP,
				MMU_NOTIFIER_RANGE_BLOCKABLE, mm, addr,
				addr + len);
	if (busy)
		mmu_notifier_invalidate_range_start(&range);
	err = vma_map_fixed_file(&mm->vmas, addr, len, vm_flags, pgoff,
				 mapping, unmap_piece, mm);
	if (busy)
		mmu_notifier_invalidate_range_end(&range);
	return err;
}

/*
 * Fault in [start, end) as @how says (POPULATE_*), under the read lock,
 * after a change made under the write lock (MAP_POPULATE, mlock, a locked
 * heap): a fault may run in between, as in Linux.
 * Return: populate_range()'s result.
 */
static int mmap_populate(struct mm *mm, vaddr_t start, vaddr_t end,
			 unsigned int how)
{
	unsigned long nr;
	int err;

	mmap_read_lock(mm);
	err = populate_range(mm, start, end, how, &nr);
	mmap_read_unlock(mm);
	return err;
}

/* The new VMA's pgoff: the file's page, a fresh shared set, or the
 * address of private anonymous memory (as Linux do_mmap() sets it). */
static unsigned long mmap_pgoff(struct mm *mm, vaddr_t addr, size_t len,
				unsigned long vm_flags,
				struct address_space *mapping, u64 off)
{
	if (mapping)
		return off >> PAGE_SHIFT;
	if (vm_flags & VM_SHARED)
		return mm_shared_reserve(mm, len >> PAGE_SHIFT);
	return addr >> PAGE_SHIFT;
}

/* Pages of [start, end) in VMAs: what a MAP_FIXED mapping replaces. */
static unsigned long mapped_pages(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vm_area *vma = vma_first_at_or_after(&mm->vmas, start);
	unsigned long n = 0;

	for (; vma && vma->start < end; vma = vma_next(vma))
		n += pages(MAX(start, vma->start), MIN(end, vma->end));
	return n;
}

/*
 * The resource limits of a new mapping, in Linux 6.1 do_mmap()'s order:
 * MAP_LOCKED without the right to lock (-EPERM), a locked mapping past
 * RLIMIT_MEMLOCK (mlock_future_check(): -EAGAIN), then RLIMIT_AS
 * (mmap_region()'s may_expand_vm(), counting what MAP_FIXED replaces as
 * freed: -ENOMEM).
 */
static int mmap_limits_check(struct mm *mm, vaddr_t addr, size_t len,
			     unsigned long flags, unsigned long vm_flags)
{
	unsigned long npages = len >> PAGE_SHIFT;

	if ((flags & MAP_LOCKED) && !rlimit_vm_can_mlock())
		return -EPERM;
	if ((vm_flags & VM_LOCKED) &&
	    !rlimit_vm_mlock_fits(mm->locked_vm + npages))
		return -EAGAIN;
	if (!rlimit_vm_may_expand(mm, npages) &&
	    !rlimit_vm_may_expand(mm, npages -
				  mapped_pages(mm, addr, addr + len)))
		return -ENOMEM;
	return 0;
}

/**
 * do_mmap - mmap(2) of anonymous memory or of a file's page cache.
 * @mm: the caller's address space
 * @addr: the address with MAP_FIXED / MAP_FIXED_NOREPLACE; otherwise a
 *	hint, rounded down to a page and raised to MM_MMAP_MIN_ADDR if below
 * @len: bytes (rounded up to pages)
 * @prot: PROT_*
 * @flags: MAP_*; without MAP_ANONYMOUS, @fd's file is mapped
 * @fd: the file, open for reading; ignored for anonymous mappings
 * @off: must be page-aligned; the file offset of the first page;
 *	ignored for anonymous mappings
 *
 * MAP_POPULATE (without MAP_NONBLOCK) and MAP_LOCKED fault the pages in
 * after mapping; failures there are not reported and the mapping stays,
 * partly populated (Linux's mm_populate() ignores errors too).
 * MAP_NORESERVE is recorded (no overcommit accounting exists). MAP_FIXED
 * replaces what was there, all or nothing. MAP_GROWSDOWN is refused for
 * shared memory, after the place is chosen, as Linux do_mmap() does.
 *
 * Context: may sleep; takes mm->mmap_lock (write, then read).
 * Return: the address, or -EINVAL (len 0, bad type, unaligned fixed
 * address or offset, MAP_SHARED or a file with MAP_GROWSDOWN), -EBADF
 * (@fd not open), -EACCES (@fd not open for reading, or a shared
 * writable file mapping), -ENODEV (a file without a page cache),
 * -ENOMEM (no room, too long, or no memory for a VMA: a MAP_FIXED
 * target then stays mapped; also past RLIMIT_AS), -EEXIST
 * (MAP_FIXED_NOREPLACE over a mapping), -EPERM (fixed below
 * MM_MMAP_MIN_ADDR, or MAP_LOCKED without the right to lock), -EAGAIN
 * (locked past RLIMIT_MEMLOCK), -EOPNOTSUPP
 * (unknown flag with MAP_SHARED_VALIDATE), -EINTR (killed waiting for
 * the lock).
 */
long do_mmap(struct mm *mm, vaddr_t addr, size_t len, unsigned long prot,
	     unsigned long flags, int fd, u64 off)
{
	struct file *file = flags & MAP_ANONYMOUS ? NULL : fs_fget(fd);
	long ret = do_mmap_file(mm, addr, len, prot, flags, file, off);

	if (file)
		fput(file);
	return ret;
}

/**
 * do_mmap_file - do_mmap() with the file already looked up.
 * @mm: the address space
 * @addr: as for do_mmap()
 * @len: as for do_mmap()
 * @prot: as for do_mmap()
 * @flags: as for do_mmap()
 * @file: the file to map (the caller's reference; an ext2 file's VMAs
 *	  pin its inode through mm/filemap_rmap.h, other mappable files
 *	  live as long as the kernel), or NULL: anonymous with
 *	  MAP_ANONYMOUS, else -EBADF
 * @off: as for do_mmap()
 *
 * Context: may sleep; takes mm->mmap_lock (write, then read).
 * Return: as do_mmap().
 */
long do_mmap_file(struct mm *mm, vaddr_t addr, size_t len,
		  unsigned long prot, unsigned long flags, struct file *file,
		  u64 off)
{
	struct address_space *mapping = NULL;
	unsigned long vm_flags, pgoff;
	int err = mmap_check(mm, addr, &len, prot, flags, file, off, &vm_flags,
			     &mapping);

	if (err)
		return err;
	/* The file's pin and link come before its VMA (filemap_rmap.h). */
	err = filemap_rmap_get(mm, mapping);
	if (err)
		return err;
	if (mmap_write_lock_killable(mm)) {
		err = -EINTR;
		goto out_sync;
	}
	if (flags & MAP_FIXED_NOREPLACE) {
		if (vma_find_intersection(&mm->vmas, addr, addr + len)) {
			err = -EEXIST;
			goto out_unlock;
		}
	} else if (!(flags & MAP_FIXED)) {
		addr = unmapped_area(mm, addr, len);
		if (!addr) {
			err = -ENOMEM;
			goto out_unlock;
		}
	}
	/* Linux do_mmap(): "case MAP_SHARED: if (vm_flags & (VM_GROWSDOWN |
	 * VM_GROWSUP)) return -EINVAL;" - after placement, before changes. */
	if ((vm_flags & VM_SHARED) && (vm_flags & VM_GROWSDOWN)) {
		err = -EINVAL;
		goto out_unlock;
	}
	err = mmap_limits_check(mm, addr, len, flags, vm_flags);
	if (err)
		goto out_unlock;
	pgoff = mmap_pgoff(mm, addr, len, vm_flags, mapping, off);
	if (flags & MAP_FIXED)
		err = map_fixed(mm, addr, len, vm_flags & ~VM_LOCKONFAULT,
				pgoff, mapping);
	else
		err = vma_map_file(&mm->vmas, addr, len,
				   vm_flags & ~VM_LOCKONFAULT, pgoff, mapping);
	if (err)
		goto out_unlock;
	mmap_vm_account(mm, vm_flags, (long)(len >> PAGE_SHIFT));
out_unlock:
	mmap_write_unlock(mm);
out_sync:
	/* A failed mapping leaves a link with no VMA; MAP_FIXED may have
	 * replaced a file's last VMA. */
	if ((err && filemap_rmap_wanted(mapping)) || (flags & MAP_FIXED))
		mmap_sync_file_pins(mm);
	if (err)
		return err;
	if (((flags & MAP_POPULATE) && !(flags & MAP_NONBLOCK)) ||
	    (vm_flags & VM_LOCK_FLAGS) == VM_LOCKED)
		mmap_populate(mm, addr, addr + len, POPULATE_IGNORE_ERRORS);
	return (long)addr;
}

/**
 * do_munmap - munmap(2).
 * @mm: the caller's address space
 * @start: page-aligned start
 * @len: bytes (rounded up); unmapped parts of the range are fine
 *
 * Context: may sleep; takes mm->mmap_lock for writing.
 * Return: 0; -EINVAL (unaligned, empty or outside user space); -ENOMEM
 * (a VMA could not be split); -EINTR (killed waiting for the lock).
 */
int do_munmap(struct mm *mm, vaddr_t start, size_t len)
{
	int err;

	if ((start & (PAGE_SIZE - 1)) || start > MM_TASK_SIZE ||
	    len > MM_TASK_SIZE - start)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return -EINVAL;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	err = unmap_locked(mm, start, start + len);
	mmap_write_unlock(mm);
	mmap_sync_file_pins(mm);
	return err;
}

/*
 * mprotect's checks on the first VMA of [*start, end), in Linux's order
 * (do_mprotect_pkey()): none -> -ENOMEM; PROT_GROWSDOWN moves *start down
 * to that VMA's start and needs VM_GROWSDOWN (-EINVAL); otherwise the VMA
 * must contain *start (-ENOMEM), and PROT_GROWSUP needs VM_GROWSUP, which
 * x86_64 does not have (-EINVAL).
 */
static int mprotect_first_vma(struct mm *mm, vaddr_t *start, vaddr_t end,
			      unsigned long prot)
{
	struct vm_area *vma = vma_find_intersection(&mm->vmas, *start, end);

	if (!vma)
		return -ENOMEM;
	if (prot & PROT_GROWSDOWN) {
		*start = vma->start;
		return vma->flags & VM_GROWSDOWN ? 0 : -EINVAL;
	}
	if (vma->start > *start)
		return -ENOMEM;
	return prot & PROT_GROWSUP ? -EINVAL : 0;
}

/*
 * A shared file mapping becomes writable only if its file was open for
 * writing at mmap (Linux: no VM_MAYWRITE, -EACCES).
 */
static int mprotect_file_check(const struct vm_area *vma,
			       unsigned long vm_prot)
{
	if (vma->mapping && (vma->flags & VM_SHARED) &&
	    (vm_prot & VM_WRITE) && !(vma->flags & VM_MAYWRITE))
		return -EACCES;
	return 0;
}

/**
 * do_mprotect - mprotect(2).
 * @mm: the caller's address space
 * @start: page-aligned start
 * @len: bytes (rounded up)
 * @prot: PROT_READ/WRITE/EXEC, plus PROT_GROWSDOWN (extend the range
 *	down to the start of its first VMA, which must be VM_GROWSDOWN) or
 *	PROT_GROWSUP (no VMA grows up on x86_64: always -EINVAL once the
 *	range start is mapped)
 *
 * VMAs are changed in address order up to a hole; a hole fails the call
 * with -ENOMEM after the part before it was changed (Linux does so too).
 *
 * Context: may sleep; takes mm->mmap_lock for writing.
 * The page-table entries of a file mapping stay read-only whatever
 * @prot says: a write to a private one copies the page first (the write
 * fault), and one to a shared one dirties the cached page first.
 *
 * Return: 0; -EINVAL (unaligned, unknown prot bits, PROT_GROWSDOWN on a
 * VMA that does not grow down, PROT_GROWSUP); -EACCES (PROT_WRITE on a
 * shared mapping of a file not open for writing); -ENOMEM (hole, or no
 * memory to split a VMA);
 * -EINTR.
 */
/*
 * The protection mprotect gives the entries: the VMA's, except that a
 * private page of a forked mm may be mapped by another mm too, so its
 * entry stays read-only and the first write goes through the
 * copy-on-write fault (Linux's mprotect makes a private entry writable
 * only when the page is exclusive to the mm).
 */
static unsigned int mprotect_pte_prot(struct mm *mm, bool shared,
				      unsigned long vm_prot)
{
	unsigned int prot = mm_vm_prot(vm_prot);

	if (!shared && mm_flag_test(mm, MMF_COW_SHARED))
		prot &= ~ARCH_PROT_WRITE;
	return prot;
}

int do_mprotect(struct mm *mm, vaddr_t start, size_t len, unsigned long prot)
{
	unsigned long vm_prot = prot_to_vm(prot);
	struct mmu_notifier_range range;
	unsigned int pte_prot;
	vaddr_t end, cur;
	int err = 0;

	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN |
		     PROT_GROWSUP) ||
	    (prot & PROT_GROWSDOWN && prot & PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = start + len;
	if (!len || end <= start)
		return -ENOMEM;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	err = mprotect_first_vma(mm, &start, end, prot);
	if (err)
		goto out_unlock;
	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_VMA,
				MMU_NOTIFIER_RANGE_BLOCKABLE, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	for (cur = start; cur < end && !err;) {
		struct vm_area *vma = vma_first_at_or_after(&mm->vmas, cur);
		bool shared;
		vaddr_t e;

		if (!vma || vma->start > cur) {
			err = -ENOMEM;
			break;
		}
		e = MIN(end, vma->end);
		shared = vma->flags & VM_SHARED;	/* vma may merge away */
		err = mprotect_file_check(vma, vm_prot);
		/* A cache page's entry never becomes writable. */
		pte_prot = mprotect_pte_prot(mm, shared,
					     vma->mapping ? vm_prot & ~VM_WRITE :
							    vm_prot);
		if (!err)
			err = vma_protect(&mm->vmas, cur, e - cur, vm_prot);
		if (!err)
			arch_pt_protect(&mm->pt, cur, e, pte_prot);
		if (!err)
			cur = e;
	}
	if (cur > start)
		mm_flush_tlb_range(mm, start, cur);
	mmu_notifier_invalidate_range_end(&range);
out_unlock:
	mmap_write_unlock(mm);
	return err;
}

/* MADV_DONTNEED on one VMA's part: drop the pages, keep the VMA. */
static int madvise_dontneed(struct mm *mm, struct vm_area *vma,
			    vaddr_t start, vaddr_t end)
{
	struct mmu_notifier_range range;

	if (vma->flags & (VM_LOCKED | VM_PFNMAP))
		return -EINVAL;
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP,
				MMU_NOTIFIER_RANGE_BLOCKABLE, mm, start, end);
	mmu_notifier_invalidate_range_start(&range);
	mm_zap_range(mm, vma, start, end);
	mmu_notifier_invalidate_range_end(&range);
	return 0;
}

static bool madvise_valid(int advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return true;
	}
	return false;
}

/* Apply @advice VMA by VMA; a hole is remembered as -ENOMEM. */
static int madvise_walk(struct mm *mm, vaddr_t start, vaddr_t end,
			int advice)
{
	int err = 0, hole = 0;

	while (start < end) {
		struct vm_area *vma = vma_first_at_or_after(&mm->vmas, start);

		if (!vma || vma->start >= end) {
			hole = -ENOMEM;
			break;
		}
		if (vma->start > start)
			hole = -ENOMEM;
		start = MAX(start, vma->start);
		if (advice == MADV_DONTNEED)
			err = madvise_dontneed(mm, vma, start,
					       MIN(end, vma->end));
		if (err)
			return err;
		start = vma->end;
	}
	return hole;
}

/**
 * do_madvise - madvise(2).
 * @mm: the caller's address space
 * @start: page-aligned start
 * @len: bytes (rounded up)
 * @advice: MADV_DONTNEED (drop the pages: private memory reads back as
 *	zeroes, shared keeps its content), MADV_POPULATE_READ/WRITE (fault
 *	in, reporting failure), MADV_NORMAL/RANDOM/SEQUENTIAL/WILLNEED/FREE
 *	(accepted, nothing to do: no readahead, no reclaim)
 *
 * Context: may sleep; takes mm->mmap_lock for reading.
 * Return: 0; -EINVAL (unknown advice, unaligned, overflow, DONTNEED on
 * VM_LOCKED/PFNMAP, POPULATE on a VMA without the access); -ENOMEM (a
 * hole in the range; POPULATE out of memory); -EFAULT (POPULATE: the
 * access would SIGSEGV/SIGBUS); -EINTR.
 */
int do_madvise(struct mm *mm, vaddr_t start, size_t len, int advice)
{
	size_t len_in = len;
	unsigned long nr;
	vaddr_t end;
	int err;

	if (!madvise_valid(advice))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (down_read_killable(&mm->mmap_lock))
		return -EINTR;
	if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE)
		err = populate_range(mm, start, end,
				     advice == MADV_POPULATE_READ ?
					     POPULATE_READ : POPULATE_WRITE,
				     &nr);
	else
		err = madvise_walk(mm, start, end, advice);
	mmap_read_unlock(mm);
	return err;
}

/* Pages of [start, end) in VM_LOCKED VMAs. */
static unsigned long locked_pages(struct mm *mm, vaddr_t start, vaddr_t end)
{
	struct vm_area *vma = vma_first_at_or_after(&mm->vmas, start);
	unsigned long n = 0;

	for (; vma && vma->start < end; vma = vma_next(vma))
		if (vma->flags & VM_LOCKED)
			n += pages(MAX(start, vma->start), MIN(end, vma->end));
	return n;
}

/*
 * Set VM_LOCKED as @lock_flags says on the VMAs of [start, end) (Linux
 * apply_vma_lock_flags(): up to the first hole, which is -ENOMEM with the
 * VMAs before it changed). locked_vm follows what the VMAs now say, so
 * VM_SPECIAL ones, which vma_set_locked() leaves unlocked, never count.
 */
static int apply_lock_flags(struct mm *mm, vaddr_t start, vaddr_t end,
			    unsigned long lock_flags)
{
	unsigned long before = locked_pages(mm, start, end);
	int err = vma_set_locked(&mm->vmas, start, end - start,
				 lock_flags & VM_LOCKED);

	mm->locked_vm = mm->locked_vm - before + locked_pages(mm, start, end);
	return err;
}

/*
 * mlockall/munlockall: apply_lock_flags() to every VMA, skipping the
 * holes. The next address is taken before a VMA is changed: the change
 * may merge the VMA into its predecessor, which frees it.
 */
static int apply_lock_flags_all(struct mm *mm, unsigned long lock_flags)
{
	struct vm_area *vma;
	vaddr_t next = 0;
	int err = 0;

	while (!err && (vma = vma_first_at_or_after(&mm->vmas, next))) {
		vaddr_t start = vma->start;

		next = vma->end;
		err = apply_lock_flags(mm, start, next, lock_flags);
	}
	return err;
}

/* mlock's errno for a populate failure (Linux's posix conversion). */
static int mlock_errno(int err)
{
	if (err == -EFAULT)
		return -ENOMEM;
	if (err == -ENOMEM)
		return -EAGAIN;
	return err;
}

static int mlock_range(struct mm *mm, vaddr_t start, size_t len,
		       unsigned long lock_flags)
{
	vaddr_t end;
	int err;

	len = ALIGN_UP(len + (start & (PAGE_SIZE - 1)), PAGE_SIZE);
	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	if ((lock_flags & VM_LOCKED) &&
	    !rlimit_vm_mlock_fits(mm->locked_vm + pages(start, end) -
				  locked_pages(mm, start, end)))
		err = -ENOMEM;
	else
		err = apply_lock_flags(mm, start, end, lock_flags);
	mmap_write_unlock(mm);
	if (err || (lock_flags & VM_LOCK_FLAGS) != VM_LOCKED)
		return err;
	return mlock_errno(mmap_populate(mm, start, end,
					 POPULATE_SKIP_NOACCESS));
}

/**
 * do_mlock2 - mlock2(2): lock [@start, @start + @len) in memory.
 * @mm: the caller's address space
 * @start: start (rounded down to a page)
 * @len: bytes (rounded up with @start's offset)
 * @flags: 0 (populate now) or MLOCK_ONFAULT (lock pages as they fault)
 *
 * VMAs become VM_LOCKED (split and merged as needed); locked_vm counts
 * them, within RLIMIT_MEMLOCK unless the caller has CAP_IPC_LOCK.
 *
 * Context: may sleep; takes mm->mmap_lock (write, then read).
 * A hole in the range fails the call with -ENOMEM after the VMAs below
 * it were locked, without populating them (Linux do_mlock()).
 *
 * Return: 0; -EINVAL (unknown flags); -EPERM (RLIMIT_MEMLOCK 0 and no
 * CAP_IPC_LOCK); -ENOMEM (a hole in the range, a page would SIGSEGV, or
 * past RLIMIT_MEMLOCK); -EAGAIN (out of memory populating); -EINTR.
 */
int do_mlock2(struct mm *mm, vaddr_t start, size_t len, unsigned int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	if (!rlimit_vm_can_mlock())
		return -EPERM;
	return mlock_range(mm, start, len,
			   VM_LOCKED |
				   (flags & MLOCK_ONFAULT ? VM_LOCKONFAULT : 0));
}

/* mlock(2): do_mlock2() without flags. */
int do_mlock(struct mm *mm, vaddr_t start, size_t len)
{
	return do_mlock2(mm, start, len, 0);
}

/* munlock(2): clear VM_LOCKED on the range; errnos as do_mlock2(). */
int do_munlock(struct mm *mm, vaddr_t start, size_t len)
{
	return mlock_range(mm, start, len, 0);
}

/**
 * do_mlockall - mlockall(2).
 * @mm: the caller's address space
 * @flags: MCL_CURRENT (lock and populate every VMA), MCL_FUTURE (new
 *	mappings start locked), MCL_ONFAULT (with either: lock on fault)
 *
 * Context: may sleep; takes mm->mmap_lock (write, then read).
 * Return: 0; -EINVAL (no flags, unknown ones, MCL_ONFAULT alone); -EPERM
 * (RLIMIT_MEMLOCK 0 and no CAP_IPC_LOCK); -ENOMEM (MCL_CURRENT with more
 * mapped than RLIMIT_MEMLOCK, no CAP_IPC_LOCK); -EINTR. Population
 * failures are ignored, as in Linux.
 */
int do_mlockall(struct mm *mm, unsigned int flags)
{
	unsigned long lock_flags = VM_LOCKED |
				   (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
	int err = 0;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	if (!rlimit_vm_can_mlock())
		return -EPERM;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	if ((flags & MCL_CURRENT) && !rlimit_vm_mlock_fits(mm->total_vm)) {
		mmap_write_unlock(mm);
		return -ENOMEM;
	}
	mm->def_flags &= ~VM_LOCK_FLAGS;
	if (flags & MCL_FUTURE)
		mm->def_flags |= lock_flags;
	if (flags & MCL_CURRENT)
		err = apply_lock_flags_all(mm, lock_flags);
	mmap_write_unlock(mm);
	if (err || !(flags & MCL_CURRENT) || (flags & MCL_ONFAULT))
		return err;
	mmap_populate(mm, 0, MM_TASK_SIZE, POPULATE_IGNORE_ERRORS);
	return 0;
}

/* munlockall(2): unlock every VMA and stop locking new ones. */
int do_munlockall(struct mm *mm)
{
	int err;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	mm->def_flags &= ~VM_LOCK_FLAGS;
	err = apply_lock_flags_all(mm, 0);
	mmap_write_unlock(mm);
	return err;
}

/**
 * do_mincore - mincore(2) into a kernel buffer.
 * @mm: the caller's address space
 * @start: page-aligned start
 * @len: bytes; the pages touched by them are reported
 * @vec: one byte per page: 1 resident, 0 not (a shared page counts as
 *	resident once its page set has it, mapped here or not)
 *
 * Context: may sleep; takes mm->mmap_lock for reading.
 * Return: 0; -EINVAL (unaligned); -ENOMEM (outside user space, or a
 * hole in the range); -EINTR.
 */
int do_mincore(struct mm *mm, vaddr_t start, size_t len, u8 *vec)
{
	unsigned long n = ALIGN_UP(len, PAGE_SIZE) >> PAGE_SHIFT;
	int err = 0;

	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (start > MM_TASK_SIZE || len > MM_TASK_SIZE - start)
		return -ENOMEM;
	if (down_read_killable(&mm->mmap_lock))
		return -EINTR;
	for (unsigned long i = 0; i < n; i++) {
		vaddr_t va = start + i * PAGE_SIZE;
		struct vm_area *vma = vma_first_at_or_after(&mm->vmas, va);

		if (!vma || vma->start > va) {
			err = -ENOMEM;
			break;
		}
		vec[i] = arch_pt_populated(&mm->pt, va, NULL) ||
			 ((vma->flags & VM_SHARED) && !vma->mapping &&
			  mm_shared_resident(mm, vma_pgoff_at(vma, va)));
	}
	mmap_read_unlock(mm);
	return err;
}

/**
 * do_brk - brk(2): move the end of the heap (mm->start_brk, set by the
 * loader together with mm->brk, to the end of the loaded image).
 * @mm: the caller's address space
 * @brk: the new end; 0 or anything invalid just asks
 *
 * The heap is one private read-write mapping from PAGE_ALIGN(start_brk);
 * it keeps one page of gap below the next mapping, more below a stack's
 * guard gap (Linux vm_start_gap()).
 * Pages above the new end are unmapped when it shrinks; with
 * mlockall(MCL_FUTURE) a grown heap is populated.
 *
 * Context: may sleep; takes mm->mmap_lock for writing.
 * Return: the new end on success, the old one on failure (Linux's ABI);
 * (vaddr_t)-EINTR when killed waiting for the lock, as Linux's brk
 * returns -EINTR then.
 */
vaddr_t do_brk(struct mm *mm, vaddr_t brk)
{
	vaddr_t newbrk, oldbrk, ret;
	unsigned long vm_flags;
	struct vm_area *next;
	bool populate = false;

	if (mmap_write_lock_killable(mm))
		return (vaddr_t)-EINTR;
	ret = mm->brk;
	if (brk < mm->start_brk || brk > MM_TASK_SIZE)
		goto out;
	newbrk = ALIGN_UP(brk, PAGE_SIZE);
	oldbrk = ALIGN_UP(mm->brk, PAGE_SIZE);
	if (newbrk == oldbrk)
		goto set;
	if (brk <= mm->brk) {
		if (unmap_locked(mm, newbrk, oldbrk))
			goto out;
		goto set;
	}
	/* Linux brk(): "newbrk + PAGE_SIZE > vm_start_gap(next)" fails. */
	next = vma_first_at_or_after(&mm->vmas, oldbrk);
	if (next && newbrk + PAGE_SIZE > vma_start_gap(next))
		goto out;
	vm_flags = VM_READ | VM_WRITE | mm->def_flags;
	/* Linux do_brk_flags(): RLIMIT_AS, and RLIMIT_MEMLOCK for a heap
	 * that mlockall(MCL_FUTURE) locks, fail the brk. */
	if (!rlimit_vm_may_expand(mm, pages(oldbrk, newbrk)) ||
	    ((vm_flags & VM_LOCKED) &&
	     !rlimit_vm_mlock_fits(mm->locked_vm + pages(oldbrk, newbrk))))
		goto out;
	if (vma_map(&mm->vmas, oldbrk, newbrk - oldbrk,
		    vm_flags & ~VM_LOCKONFAULT, oldbrk >> PAGE_SHIFT))
		goto out;
	mmap_vm_account(mm, vm_flags, (long)pages(oldbrk, newbrk));
	populate = (vm_flags & VM_LOCK_FLAGS) == VM_LOCKED;
set:
	mm->brk = ret = brk;
out:
	mmap_write_unlock(mm);
	if (populate)
		mmap_populate(mm, oldbrk, newbrk, POPULATE_IGNORE_ERRORS);
	return ret;
}
