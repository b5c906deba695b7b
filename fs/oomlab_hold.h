/* SPDX-License-Identifier: MIT */
/*
 * /sys/kernel/oomlab/hold (fs/oomlab_hold.c): a file whose open sleeps
 * uninterruptibly until the kernel releases it, so that a test can keep
 * a process in the kernel - killed but not exiting, not holding its mmap
 * lock - for as long as it needs, as a process stuck in slow I/O is.
 */
#ifndef FS_OOMLAB_HOLD_H
#define FS_OOMLAB_HOLD_H

#include "fs/pseudo.h"

#define OOMLAB_HOLD_MAX_MS	30000	/* an unreleased hold ends here */

extern const struct pseudo_file_ops oomlab_hold_ops;

void oomlab_hold_release(void);
unsigned int oomlab_hold_sleepers(void);

#endif
