/* SPDX-License-Identifier: MIT */
/*
 * Robust futex lists (kernel/futex_robust.c): at a thread's exit, the
 * user locks on its set_robust_list() list that it still owns are
 * marked FUTEX_OWNER_DIED and a waiter of each is woken.
 */
#ifndef KERNEL_FUTEX_ROBUST_H
#define KERNEL_FUTEX_ROBUST_H

#include "lib/types.h"

void futex_exit_robust_list(u64 head);

#endif
