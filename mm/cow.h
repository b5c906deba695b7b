/* SPDX-License-Identifier: MIT */
/*
 * Copy-on-write faults (mm/cow.c): a write to a private page that a
 * fork left read-only copies it while another mapping shares it and
 * takes it back writable when this mapping is the only one.
 */
#ifndef MM_COW_H
#define MM_COW_H

#include <arch/mmu.h>
#include "mm/charge.h"
#include "mm/fault.h"
#include "mm/vma.h"

struct mm;

/* Is a write fault on @leaf in @vma a copy-on-write fault? */
static inline bool cow_fault_wanted(const struct vm_area *vma, pte_t leaf,
				    unsigned int flags)
{
	return (flags & FAULT_FLAG_WRITE) && !(vma->flags & VM_SHARED) &&
	       arch_pte_present(leaf) && !arch_pte_writable(leaf) &&
	       !arch_pte_special(leaf);
}

vm_fault_t cow_wp_page(struct mm *mm, struct vm_area *vma, vaddr_t addr,
		       pte_t leaf, enum charge_ctx ctx);
unsigned long cow_nr_copies(void);
unsigned long cow_nr_reuses(void);

#endif
