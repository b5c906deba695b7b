/* SPDX-License-Identifier: MIT */
/*
 * What the files of the process mechanism share and nobody else uses
 * (kernel/process.c, kernel/process_wait.c).
 */
#ifndef KERNEL_PROCESS_INTERNAL_H
#define KERNEL_PROCESS_INTERNAL_H

struct process;

void process_unlink(struct process *p);

#endif
