/* SPDX-License-Identifier: MIT */
/*
 * Tasks: the unit the scheduler runs. Kernel threads today, user tasks
 * later. A task's struct and its kernel stack are one 16 KiB kernel stack
 * from kernel/kstack.c: the struct at the top, the stack growing down from
 * under it towards an unmapped guard, whose fault is reported as a kernel
 * stack overflow. A canary word at the bottom also catches what skips
 * the guard, and overflows of the static stacks (init, idle), which have
 * no guard; it is checked on every switch away from the task and when it
 * is freed.
 *
 * Lifetime: a task's memory is reference counted (usage). The task holds
 * one reference on itself until it has exited (TASK_DEAD) and been
 * switched out for the last time; the next task to run on that CPU drops
 * it (sched.c). Whoever else keeps using a task pointer across a point
 * where the task may exit takes a reference with task_get() and drops it
 * with task_put(); the last put frees the task. A wakeup needs no
 * reference of its own once it has the task's pi_lock: an exiting task
 * takes its own pi_lock to become TASK_DEAD, so it cannot be switched out
 * dead (let alone freed) while a waker is still looking at it.
 *
 * Locking: [I] immutable after creation; [c] only the task itself (or its
 * CPU with interrupts off while it is switched out); [a] atomic;
 * [p] task->pi_lock; [r] the run-queue lock of task->cpu;
 * [t] tasklist_lock.
 *
 * [k] cgroup_link_lock (kernel/cgroup.h).
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <arch/context.h>
#include <arch/usermode.h>
#include "kernel/runqueue.h"
#include "kernel/rwsem.h"
#include "kernel/spinlock.h"
#include "lib/list.h"
#include "lib/types.h"
#include "mm/gfp.h"

/* Task states: Linux's values, so TASK_KILLABLE etc. combine the same way. */
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_DEAD		0x0080
#define TASK_WAKEKILL		0x0100
#define TASK_NEW		0x0800	/* created, never woken */
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Task flags. */
#define PF_IDLE		0x00000002	/* a CPU's idle task */
#define PF_EXITING	0x00000004	/* in task_exit() */
#define PF_KTHREAD	0x00200000	/* kernel thread */

#define TASK_COMM_LEN	16
#define TASK_STACK_CANARY 0x57ac4ca7a5f00d11ULL

struct task_exit_notify;		/* kernel/kthread.h */
struct mm;				/* mm/mm.h */
struct cgroup;				/* kernel/cgroup.h */
struct memcg;				/* mm/memcg.h */

struct task {
	struct arch_context ctx;	/* [c] saved while switched out */
	unsigned int state;		/* [a] TASK_*: set by the task itself,
					 * or by a waker under pi_lock */
	unsigned int flags;		/* [c] PF_* */
	int pid;			/* [I]; but an execve() from a
					 * thread other than the leader takes
					 * the leader's ids, under its
					 * process's lock (sys_exec.c) */
	int tid;			/* as pid; == pid for kernel threads */
	char name[TASK_COMM_LEN];	/* [I]; a user thread's [c]: its
					 * prctl(PR_SET_NAME) (others read it
					 * racily, as Linux's comm) */

	/* Scheduling. */
	struct spinlock pi_lock;	/* serialises wakeups of this task */
	struct rq_node rq_node;		/* [r] queue link, cpus_allowed */
	bool on_rq;			/* [r] runnable: queued or running */
	int on_cpu;			/* [a] 1 from pick until switched out */
	unsigned int cpu;		/* [r] CPU whose queue has it / last ran */
	int time_slice;			/* [c] ticks left */
	u64 nvcsw, nivcsw;		/* [r] voluntary / preempted switches */
	u64 last_switch_ns;		/* [r] when it last went to sleep */
	u64 exec_start_ns;		/* [c] when it was last switched in */
	u64 sum_exec_ns;		/* to add: its CPU, at switch-out;
					 * to read: [a]. On-CPU time up to
					 * then (Linux's sum_exec_runtime) */
	bool start_irqs_on;		/* [I] irqs on at its first run (also
					 * on once its CPU has had them on) */
	bool in_user_fault;		/* to modify: [c], by mm/fault.c only;
					 * to read: [a]. Handling a fault
					 * from user mode: Linux's
					 * in_user_fault, by which memcg
					 * chooses OOM kill over -ENOMEM */
	bool user_fault_no_page;	/* [c] the page allocator had no page
					 * for this user fault (mm/mm.c sets,
					 * mm/fault.c reads and clears) */
	struct memcg *memcg_in_oom;	/* [c] a memcg OOM recorded by a
					 * charge in this user fault, for
					 * its end (pagefault_out_of_memory),
					 * with a reference; NULL: none */
	gfp_t memcg_oom_gfp_mask;	/* [c] with memcg_in_oom */
	int memcg_oom_order;		/* [c] with memcg_in_oom */
	unsigned int memcg_nr_pages_over_high; /* [c] pages charged over a
					 * memory.high, to reclaim before the
					 * return to user space */

	/* Kill and exit. */
	bool kill_pending;		/* [a] a fatal signal is pending */
	bool sigpending;		/* [a] an unblocked signal may be
					 * pending (Linux's TIF_SIGPENDING;
					 * kernel/signal_send.c sets it) */
	bool sig_restore_mask;		/* [c] put uthread.sig.saved_mask
					 * back on the way to user mode
					 * (rt_sigsuspend, sigtimedwait) */
	int exit_code;			/* [c] */
	struct task_exit_notify *notify; /* [c] told when the task is freed */
	struct task *dead_next;		/* [c] sched.c's free-after-switch list */
	int usage;			/* [a] references; see Lifetime */

	/* Address space and user mode. */
	struct mm *mm;			/* [c] NULL for kernel threads */
	struct cgroup *cgroup;		/* [k] its group, with a reference
					 * (a process thread's: one of its
					 * process's domain, changed under
					 * the process's lock too, so either
					 * lock reads it); NULL: the root */
	struct cgroup *clone_into;	/* [c] CLONE_INTO_CGROUP: the group
					 * of the process it is cloning, with
					 * a reference, during clone3
					 * (kernel/process_fork.c); NULL:
					 * its own */
	bool freezing;			/* [k] to modify; [a] to read: its
					 * group or an ancestor has
					 * cgroup.freeze 1: park at the next
					 * return to user mode
					 * (kernel/cgroup_freezer.c) */
	bool frozen;			/* [k] parked in the freezer */
	bool ptrace_syscall;		/* [a] PTRACE_SYSCALL: stop at each
					 * syscall's entry and exit for the
					 * tracer (kernel/ptrace.h) */
	struct arch_user_state uarch;	/* [c] user FS/GS bases, switched out */

	/* What it runs. */
	int (*fn)(void *arg);		/* [I] */
	void *arg;			/* [I] */
	bool should_stop;		/* [a] kthread_stop() was called */

#ifdef CONFIG_DEBUG
	struct rwsem_held_set rwsem_held; /* [c] rwsems it holds (rwsem.c) */
#endif

	u64 hung_last_nsw;		/* [hung_task] switches seen last scan */
	struct list_head tasks;		/* [t] on task_list */
	void *stack;			/* [I] block base; NULL: not ours */
	size_t stack_size;		/* [I] */
};

/* The running task. Lowercase like Linux's: it reads as a variable. */
static inline struct task *get_current(void)
{
	return arch_current();
}
#define current get_current()

extern struct list_head task_list;	/* [t] every task but the idle ones */
extern struct spinlock tasklist_lock;

struct task *task_create(const char *name, int (*fn)(void *), void *arg);
struct task *task_create_user(const char *name, int (*fn)(void *), void *arg);
void task_setup_static(struct task *t, const char *name, int pid,
		       unsigned int flags);
void task_list_add(struct task *t);
void task_put(struct task *t);
__noreturn void task_exit(int code);
void task_kill(struct task *t);
bool task_stack_ok(const struct task *t);
void task_print_stack(struct task *t);
unsigned long task_count(void);
bool task_wait_count(unsigned long n, unsigned int timeout_ms);

/* Take a reference on @t; the caller knows @t has not been freed yet. */
static inline void task_get(struct task *t)
{
	__atomic_fetch_add(&t->usage, 1, __ATOMIC_RELAXED);
}

/* Is @t handling a page fault from user mode (a snapshot unless current)? */
static inline bool task_in_user_fault(const struct task *t)
{
	return __atomic_load_n(&t->in_user_fault, __ATOMIC_RELAXED);
}

static inline bool fatal_signal_pending(const struct task *t)
{
	return __atomic_load_n(&t->kill_pending, __ATOMIC_ACQUIRE);
}

/* Is a fatal signal, or an unblocked one, pending for @t? */
static inline bool signal_pending(const struct task *t)
{
	return fatal_signal_pending(t) ||
	       __atomic_load_n(&t->sigpending, __ATOMIC_ACQUIRE);
}

/* Would a sleep in @state be cut short by what is pending for @t? Any
 * signal ends an interruptible sleep, only a fatal one a killable one. */
static inline bool signal_pending_state(unsigned int state,
					const struct task *t)
{
	if (state & TASK_INTERRUPTIBLE)
		return signal_pending(t);
	if (state & TASK_WAKEKILL)
		return fatal_signal_pending(t);
	return false;
}

#endif
