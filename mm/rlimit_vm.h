/* SPDX-License-Identifier: MIT */
/*
 * The address-space resource limits as the mapping calls apply them
 * (Linux 6.1 mm/mlock.c can_do_mlock(), mm/mmap.c mlock_future_check(),
 * may_expand_vm() and acct_stack_growth()): RLIMIT_MEMLOCK, RLIMIT_AS and
 * RLIMIT_STACK of the running process, CAP_IPC_LOCK lifting the first.
 * A kernel thread working on an mm (the tests) is bound by none.
 */
#ifndef MM_RLIMIT_VM_H
#define MM_RLIMIT_VM_H

#include "lib/types.h"

struct mm;

bool rlimit_vm_can_mlock(void);
bool rlimit_vm_mlock_fits(unsigned long locked_pages);
bool rlimit_vm_may_expand(struct mm *mm, unsigned long npages);
u64 rlimit_vm_stack_max(void);

#endif /* MM_RLIMIT_VM_H */
