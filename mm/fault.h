/* SPDX-License-Identifier: MIT */
/*
 * Page faults on user addresses, the generic half. The arch trap code
 * decodes the CPU's fault (address, error bits) into FAULT_FLAG_* and
 * calls mm_fault_user(), the one entry from the CPU; everything after
 * that is decided here: retry the access, SIGSEGV, SIGBUS, or the OOM
 * path (pagefault_out_of_memory() in mm/fault.c). The arch code then
 * only returns to the faulting code or, for a uaccess routine whose
 * access cannot succeed, takes its exception-table fixup.
 *
 * Inside: fault_handle() takes the mmap_lock, finds the VMA (growing a
 * stack if that is what the address asks for) and calls
 * handle_mm_fault(), which checks the access and maps the page. Kernel
 * code that faults pages in on a task's behalf (mm/populate.c) calls
 * handle_mm_fault() directly, without FAULT_FLAG_USER.
 *
 * Results are Linux's VM_FAULT_* bits; 0 means the page is there now.
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include "lib/types.h"

struct mm;
struct vm_area;

/* Linux's values. */
#define FAULT_FLAG_WRITE	0x0001	/* a write access */
#define FAULT_FLAG_KILLABLE	0x0010	/* the lock wait may end on SIGKILL */
#define FAULT_FLAG_USER		0x0040	/* from user mode */
#define FAULT_FLAG_REMOTE	0x0080	/* on another task's mm */
#define FAULT_FLAG_INSTRUCTION	0x0100	/* an instruction fetch */

typedef unsigned int vm_fault_t;

#define VM_FAULT_OOM		0x000001	/* no memory, or over a limit */
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_RETRY		0x000400	/* lock not taken: killed */
/* oomlab: why a SIGSEGV, for the arch glue's si_code (with SIGSEGV). */
#define VM_FAULT_BADMAP		0x010000	/* no VMA: SEGV_MAPERR */
#define VM_FAULT_BADACCESS	0x020000	/* VMA forbids: SEGV_ACCERR */

#define VM_FAULT_ERROR	(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* The CPU's account of a fault from user mode, for the report of a fatal
 * one ("comm[pid]: segfault at ... ip ... sp ... error ..."). */
struct fault_regs {
	vaddr_t ip;			/* the faulting instruction */
	vaddr_t sp;			/* the user stack pointer */
	unsigned long error_code;	/* the CPU's fault code, as it is */
};

bool mm_fault_user(vaddr_t addr, unsigned int flags,
		   const struct fault_regs *regs);

unsigned long mm_fault_nr_oom(void);
vm_fault_t handle_mm_fault(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			   unsigned int flags);
vm_fault_t fault_handle(struct mm *mm, vaddr_t addr, unsigned int flags);
bool fault_access_ok(const struct vm_area *vma, unsigned int flags);
int fault_expand_stack(struct mm *mm, struct vm_area *vma, vaddr_t addr);

#endif
