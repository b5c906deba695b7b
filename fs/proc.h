/* SPDX-License-Identifier: MIT */
/*
 * /proc (fs/proc.c): meminfo, mounts (Linux's format), and per process
 * /proc/<pid>; /proc/self is a symlink to the caller's pid, and
 * /proc/<pid>/exe one to its program (-ENOENT until exec records it):
 *
 *   status          Name, State, Tgid, Pid, PPid, VmLck, VmRSS, Threads
 *                   in Linux's format ("VmRSS:\t    1234 kB")
 *   oom_score_adj   -1000..1000; a write is parsed as Linux does
 *                   (strip, kstrtoint base 0: -EINVAL / -ERANGE; outside
 *                   the range -EINVAL), at most 12 bytes of it
 *   oom_score       what the OOM killer would score the process
 *   cgroup          the cgroup line(s) of the thread the directory
 *                   names (/proc/<pid>: the leader)
 *   ns/cgroup       its cgroup namespace (fs/proc_ns.h)
 *
 * The last two belong to subsystems that come later; each plugs in
 * through one hook set once at its init:
 *   proc_set_oom_score_hook(fn)  fn(p) is the score (0 until then)
 *   proc_set_cgroup_hook(fn)     fn(p, tid, buf) prints the lines of
 *                                @p's thread @tid ("0::/\n" until then)
 * A hook runs with a reference on the process held and no lock; it may
 * sleep.
 */
#ifndef FS_PROC_H
#define FS_PROC_H

#include "fs/pseudo.h"

struct process;

#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000

typedef unsigned long (*proc_oom_score_fn)(struct process *p);
typedef void (*proc_cgroup_fn)(struct process *p, int tid,
				struct pseudo_buf *buf);

struct super_block *proc_create(void);
void proc_set_oom_score_hook(proc_oom_score_fn fn);
void proc_set_cgroup_hook(proc_cgroup_fn fn);

#endif
