/* SPDX-License-Identifier: MIT */
/*
 * Processes: a thread group sharing one mm. The process id (tgid) is the
 * tid of its first thread, as in Linux. A process ends when its last
 * thread exits; that thread releases the mm (mmput, exactly once) and
 * wakes the waiter, which learns the wait status (exit code or signal)
 * and frees the process.
 *
 * Threads are tasks whose task->fn is the process thread entry and whose
 * task->arg is their struct uthread. Every thread runs with task->mm set
 * to the process's mm from its first instruction (the scheduler loads
 * it) until its exit, which unloads it before the last mmput.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include "kernel/mutex.h"
#include "kernel/task.h"
#include "kernel/wait.h"
#include "lib/list.h"
#include "lib/types.h"

struct mm;
struct process;

/* One thread of a process. Locking: see process.c. */
struct uthread {
	struct task *task;		/* [I] */
	struct process *proc;		/* [I] */
	struct list_head node;		/* [p] on proc->threads */
	u64 clear_child_tid;		/* [c] CLONE_CHILD_CLEARTID word */
	int (*fn)(void *arg);		/* [I] what the thread runs */
	void *arg;			/* [I] */
};

/*
 * Where a process's stdout/stderr bytes are copied besides the log, for
 * the kernel that spawned it (tests parse result lines from it). Filled
 * under the process's out_lock; read by its owner after process_wait().
 */
struct process_output {
	char *buf;			/* NUL-terminated within size */
	size_t size;
	size_t len;
	bool truncated;			/* bytes were dropped */
};

#define PROCESS_LINE_MAX	160	/* a longer log line is split */

struct process {
	int tgid;			/* [I] once the first thread exists */
	char name[TASK_COMM_LEN];	/* [I] the first thread's comm */
	struct mm *mm;			/* [I]; NULL once released */
	struct spinlock lock;
	struct list_head threads;	/* [p] of uthread.node */
	struct list_head dead_threads;	/* [p] exited, freed when reaped */
	int nr_threads;			/* to read: [a]; to modify: [p] */
	bool group_exit;		/* [p] exit_group or a fatal signal */
	int exit_status;		/* [p] wait status once group_exit */
	bool exited;			/* [p] the last thread is gone */
	bool reaped;			/* [process_lock] a waiter claimed it */
	unsigned int mm_releases;	/* [p] times the mm was put: 0 or 1 */
	struct wait_queue_head exit_wq;	/* woken when exited is set */
	struct list_head node;		/* [process_lock] on process_list */

	/* Console output (write(2) to fds 1 and 2). */
	struct mutex out_lock;
	struct process_output *out;	/* [I] NULL: log only */
	char line[PROCESS_LINE_MAX];	/* [o] the unfinished log line */
	size_t line_len;		/* [o] */
};

struct process *process_create(const char *name, struct mm *mm);
void process_destroy(struct process *p);
int process_thread_create(struct process *p, int (*fn)(void *), void *arg,
			  struct task **out);
int process_thread_start(struct process *p, int (*fn)(void *), void *arg);
struct uthread *uthread_of(struct task *t);
struct process *process_current(void);
struct process *process_find(int tgid);
__noreturn void process_thread_exit(int code);
__noreturn void process_group_exit(int status);
int process_kill(struct process *p, int sig);
int process_kill_pid(int tgid, int sig);
int process_kill_others(struct process *self, int sig);
int process_tgkill(int tgid, int tid, int sig);
void process_force_signal(int sig);
void process_exit_if_killed(void);
int process_wait(int tgid, int *status);
int process_wait_timeout(int tgid, int *status, long timeout);
void process_write(struct process *p, const char *buf, size_t n);
unsigned long process_count(void);
void process_print_threads(struct process *p);

#endif
