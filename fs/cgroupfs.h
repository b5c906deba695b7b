/* SPDX-License-Identifier: MIT */
/*
 * cgroup2 at /sys/fs/cgroup (fs/cgroupfs.c, fs/cgroupfs_memory.c): the
 * cgroup tree (kernel/cgroup.h) as pseudo files (fs/pseudo.h), with
 * Linux 6.1's files, formats and errnos, so a program that drives cgroup
 * v2 on Linux runs unchanged here. A directory is a group: mkdir creates
 * one, rmdir removes it. docs/cgroupfs.md lists every file.
 */
#ifndef FS_CGROUPFS_H
#define FS_CGROUPFS_H

#include "fs/vfs.h"

#define CGROUPFS_MOUNT	"/sys/fs/cgroup"

struct cgroup;
struct file;

struct super_block *cgroupfs_create(void);
int cgroupfs_event_control(struct file *event_control, struct file *efile,
			   struct file *cfile);
void cgroupfs_init(void);
int cgroupfs_dir_cgroup(struct file *f, struct cgroup **cg);

#endif
