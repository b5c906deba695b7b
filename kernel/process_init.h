/* SPDX-License-Identifier: MIT */
/*
 * pid 1 (kernel/process_init.c): rdinit= runs an initramfs program as the
 * global init instead of the boot tests; what is special about it
 * (unkillable by default-action signals, never an OOM victim, the
 * reaper of orphans, a panic when it ends) is asked of these.
 */
#ifndef KERNEL_PROCESS_INIT_H
#define KERNEL_PROCESS_INIT_H

#include "lib/types.h"

struct process;

bool process_init_wanted(void);
__noreturn void process_init_run(void);
bool process_init_claim(struct process *p);
bool process_is_init(const struct process *p);
struct process *process_init_reaper(const struct process *dying);

#endif
