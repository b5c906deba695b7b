/* SPDX-License-Identifier: MIT */
/*
 * /sys/kernel/oomlab/kernel_charge (fs/oomlab_kcharge.c): a kernel
 * allocation of N accounted pages with chosen gfp flags, made in the
 * writer's own context and held until the file is closed. See
 * docs/scenarios.md.
 */
#ifndef FS_OOMLAB_KCHARGE_H
#define FS_OOMLAB_KCHARGE_H

#include "fs/vfs.h"

/* The most pages one write charges: 256 MiB. */
#define KCHARGE_MAX_PAGES	65536

int oomlab_kcharge_add(struct dentry *dir);
unsigned long oomlab_kcharge_nr_failed(void);

#endif
