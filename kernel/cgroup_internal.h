/* SPDX-License-Identifier: MIT */
/*
 * What the cgroup core (kernel/cgroup.c) shares with its mechanisms in
 * other files (kernel/cgroup_kill.c): the two locks of kernel/cgroup.h's
 * legend, [C] cgroup_mutex and [k] cgroup_link_lock.
 */
#ifndef KERNEL_CGROUP_INTERNAL_H
#define KERNEL_CGROUP_INTERNAL_H

#include "kernel/mutex.h"
#include "kernel/spinlock.h"

extern struct mutex cgroup_mutex;
extern struct spinlock cgroup_link_lock;

#endif
