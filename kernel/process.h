/* SPDX-License-Identifier: MIT */
/*
 * Processes: a thread group sharing one mm. The process id (tgid) is the
 * tid of its first thread, as in Linux. A process goes through:
 *
 *   new       process_create(): no thread, no tgid, not on the process
 *             list; only its creator knows it
 *   running   its first thread made it visible (process list, tgid)
 *   exiting   group_exit set (exit_group, a fatal signal): its threads
 *             leave at their next return to user mode or killable sleep
 *   zombie    no thread left (nr_threads 0); once `exited` is set the mm
 *             has been released and the status is final
 *   reaped    a waiter took the status and unlinked it from the process
 *             list; the struct lives on while references remain
 *
 * References: process_create() returns one reference, which becomes the
 * process list's when the first thread starts and is dropped when the
 * process is reaped (or by process_destroy()). process_get_by_pid() and
 * process_get() take more; the last process_put() frees the struct.
 * A reference keeps the struct readable; it does not keep the process
 * from exiting or being reaped.
 *
 * What a scan (the OOM killer) may read, walking under the process list
 * lock (see for_each_process()):
 *   tgid, name                    immutable (name: but for exec, which
 *                                 rewrites it in place; read it racily,
 *                                 as Linux's comm)
 *   nr_threads, group_exit       to read: [a] or p->lock (exiting ones
 *                                 are the ones with group_exit set)
 *   mm                            only under p->lock: non-NULL while the
 *                                 process holds its mm_users reference,
 *                                 which is put after mm is cleared under
 *                                 p->lock; keep it past p->lock with
 *                                 mmget_not_zero() or mmgrab()
 *   a thread's task->mm           under p->lock, for the threads on
 *                                 p->threads: each clears its own under
 *                                 p->lock at exit (Linux's exit_mm()
 *                                 under task_lock)
 * To act on a process after the walk (kill it), process_get() it inside
 * the walk and process_put() it when done.
 *
 * Threads are tasks whose task->fn is the process thread entry and whose
 * task->arg is their struct uthread. Every thread runs with task->mm set
 * to the process's mm from its first instruction (the scheduler loads
 * it) until its exit, which unloads it before the last mmput.
 *
 * Locking: [I] immutable after creation; [c] the thread itself; [a]
 * atomic; [p] process->lock; [L] the process list lock
 * (process_list_lock()); [P] the pids controller's pids_lock
 * (kernel/cgroup_pids.h). Order: [L] -> [p] -> task pi_lock (task_kill).
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include "kernel/cred.h"
#include "kernel/ptrace.h"
#include "kernel/rlimit.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/user_console.h"
#include "kernel/wait.h"
#include "lib/list.h"
#include "lib/types.h"

struct completion;
struct dentry;
struct exec_record;
struct files_struct;
struct cgroup_ns;
struct mm;
struct process;

/* One thread of a process. */
struct uthread {
	struct task *task;		/* [I] */
	struct process *proc;		/* [I] */
	struct list_head node;		/* [p] on proc->threads */
	u64 clear_child_tid;		/* [c] CLONE_CHILD_CLEARTID word */
	u64 robust_list;		/* [c] set_robust_list()'s head */
	int (*fn)(void *arg);		/* [I] what the thread runs */
	void *arg;			/* [I] */
	struct signal_thread sig;	/* mask, private pending signals,
					 * altstack (kernel/signal.h) */
	struct ptrace_thread ptrace;	/* its tracer and ptrace stops
					 * (kernel/ptrace.h) */
};

struct process {
	int tgid;			/* [I] once on the process list */
	char name[TASK_COMM_LEN];	/* [I] the first thread's comm; exec
					 * rewrites it under [p] (racy reads,
					 * as Linux's comm) */
	int refs;			/* [a] see References above */
	struct spinlock lock;
	struct mm *mm;			/* [p]; NULL once released */
	struct cgroup *cgroup;		/* to modify: [p] and cgroup_link_lock;
					 * to read: either. Its group, with a
					 * reference (kernel/cgroup.h) */
	struct list_head threads;	/* [p] of uthread.node */
	struct list_head dead_threads;	/* [p] exited, freed with the struct */
	u64 dead_cpu_ns;		/* [p] CPU time of its exited threads */
	int nr_threads;			/* to read: [a]; to modify: [p] */
	int nr_thread_slots;		/* [a] threads counted against
					 * process_max_threads: from before
					 * the task exists to its exit */
	bool group_exit;		/* [p] exit_group or a fatal signal */
	int exit_status;		/* [p] wait status once group_exit */
	bool exited;			/* [p] the last thread is gone */
	bool has_waiter;		/* [p] a waiter claimed it */
	unsigned int mm_releases;	/* [p] times the mm was put: 0 or 1 */
	struct wait_queue_head exit_wq;	/* woken when exited is set, and
					 * when a thread exits while an
					 * execve() waits (exec_task) */
	struct list_head node;		/* [L] on the process list */
	struct user_console console;	/* write(2) to fds 1 and 2 */
	struct files_struct *files;	/* [I] fds, shared by the threads;
					 * NULL once the last one is gone */
	struct dentry *cwd;		/* [p] working directory */
	int oom_score_adj;		/* to modify: [p]; to read: [a] */
	struct cgroup *pids_cgroup;	/* [P] where its threads count
					 * (kernel/cgroup_pids.h); NULL
					 * before its first charge */
	int pids_charged;		/* [P] threads charged there */
	struct mm *oom_mm;		/* to set (once): [p]; to read: [a].
					 * The mm it had when the OOM killer
					 * chose it (Linux's signal->oom_mm:
					 * tsk_is_oom_victim()), with an
					 * mmgrab() dropped at the free */
	struct rlimit_set rlim;		/* resource limits, shared by the
					 * threads (kernel/rlimit.h) */
	struct cred cred;		/* ids, capabilities, umask
					 * (kernel/cred.h) */
	struct process *parent;		/* [L] who forked or cloned it
					 * (kernel/process_fork.c); NULL:
					 * started by the kernel, or
					 * orphaned. Valid while set: a
					 * parent clears it in its children
					 * when it exits */
	int exit_signal;		/* [I] clone's exit signal (SIGCHLD
					 * for fork): wait4's __WCLONE
					 * tells children by it */
	unsigned long child_events;	/* [L] children's exits so far: a
					 * waiter sleeps until it moves */
	struct wait_queue_head child_wq; /* woken at a child's exit */
	struct completion *vfork_done;	/* [p] CLONE_VFORK: completed when
					 * the child releases its mm */
	struct signal_process sig;	/* [p] handlers, shared pending
					 * signals, ITIMER_REAL
					 * (kernel/signal.h) */
	int pgid;			/* to modify: [p] and [L]; to read:
					 * either. Process group (setpgid);
					 * its tgid at the first thread unless
					 * inherited (process_group.h) */
	int sid;			/* as pgid: session (setsid) */
	struct exec_record *exec;	/* to modify: [p], by its own thread
					 * (exec); to read: [p]. Executable
					 * path and argv (kernel/exec.h); freed
					 * with the struct */
	struct task *exec_task;		/* [p] a thread in execve() waiting
					 * for the others to die; NULL: none */
	u64 start_ns;			/* [I] when it was created (ktime) */
	struct cgroup_ns *cgroup_ns;	/* [p] its cgroup namespace, with a
					 * reference; NULL: the initial one
					 * (kernel/cgroup_ns.h) */
};

/* Was @p chosen by the OOM killer (Linux's tsk_is_oom_victim())? */
static inline bool process_is_oom_victim(const struct process *p)
{
	return __atomic_load_n(&p->oom_mm, __ATOMIC_ACQUIRE) != NULL;
}

/* What process_get_by_pid() finds, by how far the exit went. */
enum process_lookup {
	PROCESS_ALIVE,		/* a thread is left: running or exiting */
	PROCESS_UNREAPED,	/* also a zombie: not yet reaped */
};

/**
 * for_each_process - every process on the process list: running, exiting
 * and zombies (new and reaped ones are not on it), each exactly once.
 * @p: a struct process * cursor
 *
 * Context: process_list_lock() held around the whole walk (checked), so
 * the body must not sleep. Processes are created, exit and are reaped
 * concurrently; holding the lock keeps each one on the list (and
 * allocated) until the walk moves on. Read only what process.h says a
 * scan may read; process_get() one to keep it past the walk.
 */
#define for_each_process(p)						\
	for ((p) = process_walk_first(); (p); (p) = process_walk_next(p))

/*
 * Thread limits (process.c): each thread takes one of the KSTACK_SLOTS
 * kernel stacks. [a], set on the command line (tests may lower them).
 */
extern u64 process_max_threads;		/* kernel.threads-per-process */
extern u64 process_threads_max;		/* kernel.threads-max */

struct process *process_create(const char *name, struct mm *mm,
			       struct process_output *out);
void process_destroy(struct process *p);
void process_get(struct process *p);
void process_put(struct process *p);
struct process *process_get_by_pid(int tgid, enum process_lookup which);
struct process *process_get_by_tid(int tid);
void process_list_lock(void);
void process_list_unlock(void);
struct process *process_walk_first(void);
struct process *process_walk_next(struct process *p);
int process_thread_create(struct process *p, int (*fn)(void *), void *arg,
			  struct task **out);
int process_thread_start(struct process *p, int (*fn)(void *), void *arg);
int process_clone_vm(struct process *parent, int (*fn)(void *), void *arg,
		     struct task **out);
struct uthread *uthread_of(struct task *t);
struct process *process_current(void);
int process_ppid(struct process *p);
__noreturn void process_thread_exit(int code);
__noreturn void process_group_exit(int status);
int process_kill(struct process *p, int sig);
int process_kill_pid(int tgid, int sig);
int process_tgkill(int tgid, int tid, int sig);
void process_force_signal(int sig);
void process_exit_if_killed(void);
int process_wait(int tgid, int *status);
void process_vfork_done(struct process *p);
void process_notify_parent(struct process *child);
void process_fork_exit(struct process *p);
int process_wait_timeout(int tgid, int *status, long timeout);
unsigned long process_count(void);
u64 process_cpu_ns(struct process *p);
void process_print_threads(struct process *p);

#endif
