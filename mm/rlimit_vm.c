// SPDX-License-Identifier: MIT
/*
 * Address-space resource limits (mm/rlimit_vm.h). Root holds
 * CAP_IPC_LOCK, so as root RLIMIT_MEMLOCK limits nothing, exactly as on
 * Linux; a process that dropped the capability (capset, setuid) is bound.
 */
#include "kernel/cred.h"
#include "kernel/rlimit.h"
#include "mm/mm.h"
#include "mm/rlimit_vm.h"

/* A byte limit in pages (RLIM_INFINITY stays out of reach). */
static unsigned long limit_pages(unsigned int resource)
{
	return (unsigned long)(rlimit_cur(resource) >> PAGE_SHIFT);
}

/**
 * rlimit_vm_can_mlock - may the caller lock memory at all?
 *
 * Context: any task context.
 * Return: false when RLIMIT_MEMLOCK is 0 and CAP_IPC_LOCK is missing:
 * mlock(), mlockall() and MAP_LOCKED then fail with -EPERM.
 */
bool rlimit_vm_can_mlock(void)
{
	return rlimit_cur(RLIMIT_MEMLOCK) ||
	       cred_current_capable(CAP_IPC_LOCK);
}

/**
 * rlimit_vm_mlock_fits - may the caller have @locked_pages pages locked?
 * @locked_pages: the locked total the call would leave
 *
 * Context: any task context.
 * Return: true within RLIMIT_MEMLOCK or with CAP_IPC_LOCK.
 */
bool rlimit_vm_mlock_fits(unsigned long locked_pages)
{
	return locked_pages <= limit_pages(RLIMIT_MEMLOCK) ||
	       cred_current_capable(CAP_IPC_LOCK);
}

/**
 * rlimit_vm_may_expand - may @mm map @npages more pages?
 * @mm: the address space; mmap_lock held
 * @npages: pages the call adds to total_vm
 *
 * Context: mm->mmap_lock held.
 * Return: true when total_vm stays within RLIMIT_AS.
 */
bool rlimit_vm_may_expand(struct mm *mm, unsigned long npages)
{
	return mm->total_vm + npages <= limit_pages(RLIMIT_AS);
}

/**
 * rlimit_vm_stack_max - how large the stack VMA may grow, in bytes.
 *
 * Context: any task context.
 * Return: RLIMIT_STACK's soft limit.
 */
u64 rlimit_vm_stack_max(void)
{
	return rlimit_cur(RLIMIT_STACK);
}
