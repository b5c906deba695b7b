/* SPDX-License-Identifier: MIT */
/*
 * What the ptrace files (kernel/ptrace*.c) share and nothing else uses.
 */
#ifndef KERNEL_PTRACE_INTERNAL_H
#define KERNEL_PTRACE_INTERNAL_H

#include "lib/types.h"

struct process;

int ptrace_access_word(struct process *c, u64 addr, u64 *word, bool write);

#endif
