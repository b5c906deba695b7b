/* SPDX-License-Identifier: MIT */
/*
 * Process file descriptors (Linux's pidfd): pidfd_open(2) returns an fd
 * naming a process, with a reference that keeps the struct process (not
 * its memory) until the last close; process_mrelease(2) reaps the
 * memory of a dying process through one (mm/oom_reaper.h).
 */
#ifndef KERNEL_PIDFD_H
#define KERNEL_PIDFD_H

struct files_struct;
struct process;

void pidfd_init(void);
struct process *pidfd_process(int fd, int *err);
int pidfd_install(struct files_struct *files, struct process *p,
		  unsigned int flags);

#endif
