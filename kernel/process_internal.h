/* SPDX-License-Identifier: MIT */
/*
 * What the files of the process mechanism share and nobody else uses
 * (kernel/process.c, kernel/process_wait.c, kernel/process_clone.c,
 * kernel/process_fork.c).
 */
#ifndef KERNEL_PROCESS_INTERNAL_H
#define KERNEL_PROCESS_INTERNAL_H

struct process;

void process_unlink(struct process *p);
void process_inherit(struct process *child, struct process *parent);

#endif
