/* SPDX-License-Identifier: MIT */
/*
 * Page faults on user addresses, the generic half. The arch glue
 * (handle_user_page_fault() in arch/x86_64) decodes the CPU's error code
 * into FAULT_FLAG_* and calls fault_handle(), which takes the mmap_lock,
 * finds the VMA (growing a stack if that is what the address asks for),
 * checks the access and calls handle_mm_fault(). Kernel code that faults
 * pages in on a task's behalf (mm/populate.c) calls handle_mm_fault()
 * directly, without FAULT_FLAG_USER.
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

vm_fault_t handle_mm_fault(struct mm *mm, struct vm_area *vma, vaddr_t addr,
			   unsigned int flags);
vm_fault_t fault_handle(struct mm *mm, vaddr_t addr, unsigned int flags);
bool fault_access_ok(const struct vm_area *vma, unsigned int flags);
int fault_expand_stack(struct mm *mm, struct vm_area *vma, vaddr_t addr);

#endif
