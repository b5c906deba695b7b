/* SPDX-License-Identifier: MIT */
/*
 * The pids controller (Linux's kernel/cgroup/pids.c): every cgroup but
 * the root counts the process threads in it and below (pids.current)
 * and may cap them (pids.max); a new thread - fork, clone, a spawn -
 * that would take any group on its way to the root past its cap fails
 * with -EAGAIN (Linux's pids_can_fork()), and the group it was to join
 * counts the refusal (pids.events "max").
 *
 * A process's threads are charged to the group they count in
 * (process->pids_cgroup) from the thread's slot (before the task is
 * made) to the thread's exit; moving the process moves the charge
 * (without the cap, as Linux's pids_can_attach()). Linux keeps a zombie
 * charged until it is reaped; here a process's charge ends with its
 * last thread.
 *
 * Locking: every counter and process->pids_cgroup/pids_charged under
 * pids_lock ("cgroup_pids", a leaf: taken under process->lock), so a
 * charge sees its levels' counts and caps at once: a fork bomb on many
 * CPUs never gets past a cap.
 */
#ifndef KERNEL_CGROUP_PIDS_H
#define KERNEL_CGROUP_PIDS_H

#include "lib/types.h"

struct cgroup;
struct process;

/* pids.max's "max": Linux's PIDS_MAX (PID_MAX_LIMIT + 1). */
#define CGROUP_PIDS_MAX		(4 * 1024 * 1024 + 1L)

int cgroup_pids_charge(struct process *p);
void cgroup_pids_uncharge(struct process *p);
void cgroup_pids_move(struct process *p, struct cgroup *to);

long cgroup_pids_current(struct cgroup *cg);
long cgroup_pids_max(struct cgroup *cg);
int cgroup_pids_set_max(struct cgroup *cg, long max);
long cgroup_pids_events_max(struct cgroup *cg);

#endif
