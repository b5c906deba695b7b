/* SPDX-License-Identifier: MIT */
/*
 * Process groups and sessions (kernel/process_group.c): the pgid and sid
 * of struct process, the syscalls that read and change them (setpgid,
 * getpgrp, setsid, getpgid, getsid) with Linux's errnos, and the walk
 * that signals a whole group (kill(0, sig), kill(-pgid, sig)).
 *
 * A process the kernel spawns leads a group and a session of its own
 * (pgid == sid == its pid), as a login shell or a daemon does after its
 * setsid(): kill(0, sig) from it reaches only itself and the processes
 * it made, never another test's. Being a group leader, it gets -EPERM
 * from setsid(). A process made by clone (or, later, fork) inherits both
 * ids (process_group_inherit()), so it may setsid() or setpgid(0, 0).
 *
 * Processes have no parent here yet, so setpgid() acts on the caller
 * only: another pid is -ESRCH, as for a process that is not its child.
 *
 * Locking: pgid and sid change under the process list lock and the
 * process's lock, so a walk under either sees them stable (process.h).
 */
#ifndef KERNEL_PROCESS_GROUP_H
#define KERNEL_PROCESS_GROUP_H

struct process;

void process_group_inherit(struct process *child, struct process *parent);

#endif
