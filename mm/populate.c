// SPDX-License-Identifier: MIT
/*
 * Populate (see mm/populate.h). Walks the VMAs of a range under the
 * mmap_lock held for reading and faults in every page that is not
 * mapped with the access asked for. It counts the pages that are mapped
 * at the end, whether it faulted them or they were there, so callers can
 * report completeness: a page whose fault failed is not counted.
 *
 * Without POPULATE_READ/WRITE (MAP_POPULATE, mlock) the access is
 * Linux's choice: write for private writable VMAs (so that copy-on-write
 * is broken now, not at first touch), read otherwise. With
 * POPULATE_IGNORE_ERRORS, VMAs that cannot be populated (PROT_NONE,
 * VM_PFNMAP) and holes are skipped and a failed page ends only its VMA.
 */
#include "kernel/sched.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/populate.h"

static unsigned int populate_fault_flags(const struct vm_area *vma,
					 unsigned int flags)
{
	if (flags & POPULATE_WRITE)
		return FAULT_FLAG_WRITE;
	if (flags & POPULATE_READ)
		return 0;
	return (vma->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE ?
		       FAULT_FLAG_WRITE : 0;
}

/* Is @vma one populate may fault in? Else the errno MADV_POPULATE gets. */
static int populate_vma_ok(const struct vm_area *vma, unsigned int flags)
{
	if (vma->flags & VM_PFNMAP)
		return -EINVAL;
	if (!fault_access_ok(vma, populate_fault_flags(vma, flags)))
		return -EINVAL;
	return 0;
}

static int fault_errno(vm_fault_t ret)
{
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_RETRY)
		return -EINTR;
	return -EFAULT;	/* SIGBUS, SIGSEGV */
}

/* Populate [start, end) inside @vma; count mapped pages in *nr. */
static int populate_vma(struct mm *mm, struct vm_area *vma, vaddr_t start,
			vaddr_t end, unsigned int flags, unsigned long *nr)
{
	unsigned int fflags = populate_fault_flags(vma, flags);

	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		pte_t leaf;
		vm_fault_t ret;

		if (fatal_signal_pending(current))
			return -EINTR;
		if (arch_pt_populated(&mm->pt, va, &leaf) &&
		    (!(fflags & FAULT_FLAG_WRITE) || arch_pte_writable(leaf))) {
			(*nr)++;
			continue;
		}
		ret = handle_mm_fault(mm, vma, va, fflags);
		if (ret & VM_FAULT_ERROR)
			return fault_errno(ret);
		(*nr)++;
	}
	return 0;
}

/**
 * populate_range - fault in [@start, @end) of @mm from kernel context.
 * @mm: the address space
 * @start: page-aligned start
 * @end: page-aligned end
 * @flags: POPULATE_*
 * @nr_pages: set to the pages of the range mapped on return
 *
 * Context: mm->mmap_lock held for reading; may sleep.
 * Return: 0; -ENOMEM for a hole in the range (without IGNORE_ERRORS) or
 * when a page could not be had (memory, or later the memcg limit);
 * -EINVAL for a VMA that does not allow the access or is VM_PFNMAP
 * (unless POPULATE_SKIP_NOACCESS: skipped); -EFAULT when a fault would
 * have been a SIGSEGV/SIGBUS; -EINTR when a fatal signal is pending. With
 * POPULATE_IGNORE_ERRORS only -EINTR.
 */
int populate_range(struct mm *mm, vaddr_t start, vaddr_t end,
		   unsigned int flags, unsigned long *nr_pages)
{
	bool ignore = flags & POPULATE_IGNORE_ERRORS;
	bool skip = flags & POPULATE_SKIP_NOACCESS;
	vaddr_t va = start;
	int err = 0;

	*nr_pages = 0;
	while (va < end) {
		struct vm_area *vma = vma_first_at_or_after(&mm->vmas, va);

		if (!vma || vma->start >= end) {
			if (!ignore)
				err = -ENOMEM;
			break;
		}
		if (vma->start > va && !ignore) {
			err = -ENOMEM;
			break;
		}
		va = MAX(va, vma->start);
		err = populate_vma_ok(vma, flags);
		if (!err)
			err = populate_vma(mm, vma, va, MIN(end, vma->end),
					   flags, nr_pages);
		if (err == -EINTR || (err && !ignore &&
				      !(skip && populate_vma_ok(vma, flags))))
			break;
		err = 0;
		va = vma->end;
		cond_resched();
	}
	return err;
}
