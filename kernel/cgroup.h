/* SPDX-License-Identifier: MIT */
/*
 * Control groups (cgroup v2's single hierarchy): a tree of named groups
 * under a root that always exists and is never limited. Every thread is
 * in exactly one group (task->cgroup); a process is in the group it was
 * spawned or moved into as a whole (process->cgroup), and its threads
 * may spread over the threaded subtree around it: every thread's group
 * has the process's domain (cgroup_domain()), the nearest group up the
 * tree that is not threaded. Memory is a domain controller, as in
 * Linux: a charge finds its memory cgroup through the mm's owner
 * (mm/mm.h) -> owner's domain -> its memcg (mm/memcg.h), as Linux's
 * mm->owner -> css_set -> mem_cgroup resolves to the domain's css.
 *
 * Membership:
 *   - a process spawned by a process thread inherits the spawner's
 *     group; one spawned by a kernel thread inherits that thread's group
 *     (the root unless the thread moved itself with
 *     cgroup_attach_kthread(), as a shell moves itself before forking);
 *   - a new thread of a process (clone) starts in its creator's group
 *     (the process's group when the kernel makes it);
 *   - cgroup_attach_process() moves a process with all its threads
 *     (writing its pid to cgroup.procs); pages already charged stay
 *     charged where they are (cgroup v2 does not move charges);
 *   - cgroup_attach_thread() moves one thread within its domain
 *     (writing its tid to cgroup.threads);
 *   - a thread leaves its group when it exits, a process when its last
 *     thread does: an empty group can be removed although its zombies
 *     are not reaped yet.
 * A removed group (rmdir) is offline: invisible to lookups and creation,
 * but it lives on while references remain - each charged page of its
 * memcg holds one - and is freed by the last cgroup_put().
 *
 * Locking: [I] immutable after creation; [a] atomic; [C] cgroup_mutex
 * (the tree: create, remove, lookup, move); [k] cgroup_link_lock (a
 * leaf spinlock: task->cgroup, process->cgroup, nr_tasks, so a charge
 * may look up its group from any context). Order: cgroup_mutex ->
 * process->lock -> cgroup_link_lock (kernel/lock_order.h); [P] pids_lock
 * (kernel/cgroup_pids.h).
 */
#ifndef KERNEL_CGROUP_H
#define KERNEL_CGROUP_H

#include "kernel/cgroup_cpu.h"
#include "lib/list.h"
#include "lib/types.h"

#define CGROUP_NAME_LEN		32
#define CGROUP_PATH_MAX		256

struct memcg;
struct process;
struct task;

struct cgroup {
	struct cgroup *parent;		/* [I] NULL: the root */
	char name[CGROUP_NAME_LEN];	/* [I] "" for the root */
	struct list_head children;	/* [C] of cgroup.sibling */
	struct list_head sibling;	/* [C] on parent->children */
	int nr_tasks;			/* [k] processes and attached kernel
					 * threads in it (not below) */
	int nr_threads;			/* [k] live process threads in it
					 * (not below): a thread moved alone
					 * keeps its group populated */
	bool removed;			/* to modify: [C] and [k]; to read:
					 * either: rmdir'd, offline */
	int refs;			/* [a] see Membership above */
	struct memcg *memcg;		/* [I] its memory controller */
	long pids_current;		/* [P] threads charged here and below
					 * (kernel/cgroup_pids.h) */
	long pids_limit;		/* [P] pids.max + 1; 0: "max" */
	long pids_events_max;		/* [P] forks refused for this group */
	unsigned int kill_seq;		/* [k] cgroup.kill writes to it or
					 * an ancestor so far: a fork that
					 * saw it change dies too
					 * (kernel/cgroup_kill.c) */
	unsigned long events_seq;	/* [a] cgroup.events notifications
					 * with no change of its text
					 * (kernel/cgroup_freezer.c) */
	bool freeze;			/* [C] to modify; [a] to read:
					 * cgroup.freeze is 1
					 * (kernel/cgroup_freezer.c) */
	bool threaded;			/* [C] to set (once, while nothing
					 * is in or below it); [a] to read:
					 * cgroup.type "threaded" */
	struct cgroup_cpu cpu;		/* the cpu controller's settings and
					 * CPU time (kernel/cgroup_cpu.h) */
};

extern struct cgroup cgroup_root;

void cgroup_init(void);
int cgroup_create(struct cgroup *parent, const char *name,
		  struct cgroup **out);
int cgroup_remove(struct cgroup *cg);
struct cgroup *cgroup_lookup(const char *path);
int cgroup_path(const struct cgroup *cg, char *buf, size_t size);
void cgroup_get(struct cgroup *cg);
void cgroup_put(struct cgroup *cg);

/* Membership. */
int cgroup_attach_process(int tgid, struct cgroup *cg);
int cgroup_attach_kthread(struct task *t, struct cgroup *cg);
struct cgroup *cgroup_get_task(struct task *t);
bool cgroup_populated(const struct cgroup *cg);
bool cgroup_is_descendant(const struct cgroup *cg,
			  const struct cgroup *ancestor);
struct cgroup *cgroup_domain(struct cgroup *cg);
void cgroup_set_threaded(struct cgroup *cg);
struct cgroup *cgroup_get_task_domain(struct task *t);
int cgroup_attach_thread(int tid, struct cgroup *cg);

/* cgroup.kill (kernel/cgroup_kill.c). */
void cgroup_kill(struct cgroup *cg);
unsigned int cgroup_kill_seq(struct cgroup *cg);
void cgroup_fork_kill_check(struct process *child, struct cgroup *cg,
			    unsigned int seq);

/* cgroup.freeze (kernel/cgroup_freezer.c). */
void cgroup_freeze(struct cgroup *cg, bool freeze);
bool cgroup_freezing(const struct cgroup *cg);
bool cgroup_frozen(struct cgroup *cg);
void cgroup_freezer_trap(void);
void cgroup_enter_frozen(void);
void cgroup_leave_frozen(void);
void cgroup_freezer_wake(void);
void cgroup_freezer_moved(struct process *p);

/* Hooks of the process and task life cycle (kernel/process.c, task.c). */
void cgroup_process_init(struct process *p);
void cgroup_thread_init(struct process *p, struct task *t);
void cgroup_thread_exit(struct task *t);
void cgroup_process_exit(struct process *p);
void cgroup_process_free(struct process *p);
void cgroup_task_free(struct task *t);

#endif
