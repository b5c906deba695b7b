// SPDX-License-Identifier: MIT
/*
 * Processes as thread groups: creation, thread start and exit, group exit
 * and fatal signals, the one lookup by id and the walk. Waiting for the
 * end and reaping are in process_wait.c.
 *
 *   process_create() -> process_thread_start() ... threads run ...
 *   thread exit: unload and clear its mm, unlink; the last one puts the
 *                process's mm once, sets `exited`, wakes exit_wq
 *   process_wait(): sleeps for `exited`, reads the status, unlinks it
 *                from the process list (reaped); the last reference
 *                frees it
 *
 * A fatal signal (process_kill, exit_group, the arch's SIGSEGV decision)
 * records the wait status once (the first cause wins) and makes a fatal
 * signal pending on every thread; each leaves at its next return to user
 * (process_exit_if_killed(), called by the arch) or when its killable
 * sleep ends.
 *
 * Invariant: the mm is put exactly once, by the last thread out, after
 * every thread has stopped using it: each thread unloads it from its CPU
 * and clears task->mm on its way out (mm_releases counts the put).
 *
 * Thread limits: every thread needs one of the KSTACK_SLOTS kernel
 * stacks, and without a limit one process could take them all (kernel
 * threads and every other process then fail to start). Linux limits
 * threads per user (RLIMIT_NPROC) and in all (threads-max); a clone past
 * either fails with -EAGAIN (copy_process()). Every oomlab process runs
 * as root, which RLIMIT_NPROC does not bind (root has CAP_SYS_RESOURCE),
 * so a per-user limit would never act. Instead:
 *   kernel.threads-per-process  at most this many threads in one process
 *                               (default half of the stacks);
 *   kernel.threads-max          at most this many process threads in
 *                               all, leaving THREADS_KERNEL_RESERVE stacks
 *                               to kernel threads whatever processes do.
 * Both count a thread from before its stack is allocated to its exit, so
 * racing clones cannot overshoot; so does a cgroup's pids.max, checked
 * after them (kernel/cgroup_pids.h).
 *
 * Locking: see process.h. The process list and its lock are private to
 * this file: process_list_lock() and for_each_process() are the door.
 * [a] the thread limits and nr_process_threads.
 */
#include <arch/uaccess.h>
#include "fs/fs_process.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_ns.h"
#include "kernel/cgroup_pids.h"
#include "kernel/cmdline.h"
#include "kernel/futex.h"
#include "kernel/futex_robust.h"
#include "kernel/kstack.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/process_init.h"
#include "kernel/process_internal.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/user_console.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define THREADS_KERNEL_RESERVE	256	/* stacks only kernel threads get */

u64 process_max_threads = KSTACK_SLOTS / 2;
u64 process_threads_max = KSTACK_SLOTS - THREADS_KERNEL_RESERVE;
KPARAM_UINT(threads_per_process, "kernel.threads-per-process",
	    &process_max_threads, 1, KSTACK_SLOTS,
	    "threads one process may have (clone: -EAGAIN beyond)");
KPARAM_UINT(threads_max, "kernel.threads-max", &process_threads_max, 1,
	    KSTACK_SLOTS - THREADS_KERNEL_RESERVE,
	    "process threads in all (clone: -EAGAIN beyond)");
static int nr_process_threads;		/* [a] threads of every process */

/* Count one more in @count unless it is at @limit already. */
static bool count_below(int *count, u64 limit)
{
	int old = __atomic_load_n(count, __ATOMIC_RELAXED);

	do {
		if ((u64)old >= limit)
			return false;
	} while (!__atomic_compare_exchange_n(count, &old, old + 1, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return true;
}

/* Is @p a process of a user RLIMIT_NPROC may bind, not yet on the
 * process list (its slots invisible to rlimit_nproc_check()'s walk)? */
static bool slot_unlisted(struct process *p)
{
	bool r;

	spin_lock(&p->lock);
	r = !p->tgid && p->cred.uid;
	spin_unlock(&p->lock);
	return r;
}

/*
 * Count a new thread of @p against both limits and RLIMIT_NPROC (which
 * binds only users other than root), each counted before it is checked
 * so that two clones at once cannot both pass at a limit. @unlisted is
 * set when the slot is counted by rlimit_nproc_unlisted() until @p joins
 * the process list. Return: 0; -EAGAIN.
 */
static int thread_slot_get(struct process *p, bool *unlisted)
{
	*unlisted = false;
	if (!count_below(&nr_process_threads,
			 __atomic_load_n(&process_threads_max,
					 __ATOMIC_RELAXED)))
		return -EAGAIN;
	if (!count_below(&p->nr_thread_slots,
			 __atomic_load_n(&process_max_threads,
					 __ATOMIC_RELAXED)))
		goto undo_all;
	*unlisted = slot_unlisted(p);
	if (*unlisted)
		rlimit_nproc_unlisted(1);
	if (rlimit_nproc_check(p))
		goto undo_slot;
	/* Last, as Linux's copy_process() asks cgroup_can_fork() last. */
	if (!cgroup_pids_charge(p))
		return 0;
undo_slot:
	if (*unlisted)
		rlimit_nproc_unlisted(-1);
	*unlisted = false;
	__atomic_fetch_sub(&p->nr_thread_slots, 1, __ATOMIC_RELAXED);
undo_all:
	__atomic_fetch_sub(&nr_process_threads, 1, __ATOMIC_RELAXED);
	return -EAGAIN;
}

static void thread_slot_put(struct process *p)
{
	cgroup_pids_uncharge(p);
	__atomic_fetch_sub(&p->nr_thread_slots, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&nr_process_threads, 1, __ATOMIC_RELAXED);
}

/* nr_threads without p->lock ([a] to read): a snapshot, stale at once. */
static inline int nr_threads_read(struct process *p)
{
	return __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED);
}

/* Every process from its first thread until it is reaped. The list holds
 * one reference on each, so holding process_lock keeps any process found
 * there allocated. */
static struct list_head process_list = LIST_HEAD_INIT(process_list);
static struct spinlock process_lock = SPINLOCK_INIT("process_list");

static void strncpy_safe(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = 0;
}

/* CLONE_CHILD_CLEARTID: store 0 and wake one (non-private) futex waiter,
 * once the thread no longer uses its stack - only when others use the
 * mm too (Linux's mm_release(): with mm_users 1 nobody else could look).
 * Linux counts every thread in mm_users; here a process holds one
 * reference for all its threads, so the others are its other threads
 * or another process sharing the mm. Faults ignored. */
static void process_clear_child_tid(struct uthread *ut)
{
	u32 __user *addr = (u32 __user *)(uintptr_t)ut->clear_child_tid;

	ut->clear_child_tid = 0;
	if (!current->mm ||
	    (nr_threads_read(ut->proc) <= 1 &&
	     __atomic_load_n(&current->mm->mm_users, __ATOMIC_RELAXED) <= 1))
		return;
	if (!put_user(0, addr))
		futex_wake((struct futex_key){ current->mm,
					       (u64)(uintptr_t)addr }, 1);
}

/*
 * The exiting thread stops using the mm. The last mmput() tears the page
 * tables down, which must not happen while a CPU still has them loaded
 * (that CPU would keep walking freed tables), so the thread loads the
 * kernel's tables first; and it clears task->mm before it can be switched
 * out, so the scheduler never loads the mm for it again. The clear is
 * under p->lock so that a scan of p's threads sees the mm or NULL, never
 * an mm already put (Linux clears task->mm under task_lock in exit_mm()).
 *
 * All of it under mmap_lock held for read, as Linux's exit_mm() does
 * (down_read(&mm->mmap_sem) in 4.19, mmap_read_lock() in 6.1) to
 * synchronise with a core dump: so a dying thread waits, uninterruptibly,
 * behind a queued writer of its mm - a killed process cannot finish
 * exiting while a writer waits for a reader that does not let go. The mm
 * stays alive across the unlock: p->mm holds it until the last thread is
 * out (process_finish()).
 */
static void process_thread_drop_mm(struct process *p)
{
	struct mm *mm = current->mm;

	if (!mm)
		return;
	mmap_read_lock(mm);
	preempt_disable();
	mm_switch(mm, NULL);
	spin_lock(&p->lock);
	current->mm = NULL;
	spin_unlock(&p->lock);
	preempt_enable();
	mmap_read_unlock(mm);
}

static int uthread_main(void *arg)
{
	struct uthread *ut = arg;

	process_thread_exit(ut->fn(ut->arg));
}

/**
 * process_ppid - the tgid of the process that forked or cloned @p: 0 for
 * a process the kernel started or an orphan with no init to take it,
 * what Linux tells of a parent outside the caller's view (init's parent
 * is the idle task).
 * @p: a process, with a reference
 *
 * Context: task context; takes the process list lock.
 * Return: the parent's tgid, or 0.
 */
int process_ppid(struct process *p)
{
	int ppid = 0;

	process_list_lock();
	if (p->parent)
		ppid = p->parent->tgid;
	process_list_unlock();
	return ppid;
}

/**
 * uthread_of - the process thread that @t is, if it is one.
 * @t: a task
 *
 * Context: any.
 * Return: its struct uthread, or NULL for a kernel thread.
 */
struct uthread *uthread_of(struct task *t)
{
	return t->fn == uthread_main ? t->arg : NULL;
}

/* Return: the running thread's process, or NULL in a kernel thread. */
struct process *process_current(void)
{
	struct uthread *ut = uthread_of(current);

	return ut ? ut->proc : NULL;
}

/**
 * process_create - a new, empty process owning @mm.
 * @name: its name (comm), truncated to TASK_COMM_LEN - 1
 * @mm: its address space (one mm_users reference, put by the last
 *      thread), or NULL for a process of kernel threads (tests)
 * @out: where its console output is copied besides the log (valid until
 *       it is reaped), or NULL
 *
 * The process has no thread and no tgid, and is on no list, until
 * process_thread_start(); the caller's reference then becomes the
 * process list's.
 * Context: task context, may sleep.
 * Return: the process (one reference), or NULL without memory.
 */
struct process *process_create(const char *name, struct mm *mm,
			       struct process_output *out)
{
	struct process *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	strncpy_safe(p->name, name, sizeof(p->name));
	p->refs = 1;
	p->mm = mm;
	p->start_ns = ktime_get_ns();
	spin_lock_init(&p->lock, "process");
	INIT_LIST_HEAD(&p->threads);
	INIT_LIST_HEAD(&p->dead_threads);
	INIT_LIST_HEAD(&p->node);
	init_waitqueue_head(&p->exit_wq);
	init_waitqueue_head(&p->child_wq);
	user_console_init(&p->console, out);
	rlimit_init_default(&p->rlim);
	cred_init_root(&p->cred);
	cgroup_process_init(p);		/* the spawner's group */
	if (fs_process_init(p)) {
		cgroup_process_free(p);
		kfree(p);
		return NULL;
	}
	return p;
}

/**
 * process_destroy - free a process that never had a thread.
 * @p: from process_create(), with its mm already put (p->mm NULL)
 *
 * Context: task context, may sleep.
 */
void process_destroy(struct process *p)
{
	BUG_ON(p->tgid || p->mm);
	process_put(p);
}

/**
 * process_get - take a reference on @p.
 * @p: a process the caller knows is allocated: its own, one found under
 *     the process list lock, or one it holds a reference on
 *
 * Context: any.
 */
void process_get(struct process *p)
{
	__atomic_fetch_add(&p->refs, 1, __ATOMIC_RELAXED);
}

/**
 * process_put - drop a reference on @p; the last one frees it.
 * @p: the process
 *
 * Context: task context. When this is the last reference, @p has been
 * reaped (or never ran): no thread and no mm are left.
 */
void process_put(struct process *p)
{
	struct uthread *ut, *tmp;

	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL))
		return;
	BUG_ON(!list_empty(&p->node) || !list_empty(&p->threads) || p->mm);
	fs_process_exit(p);		/* a process that never ran */
	list_for_each_entry_safe(ut, tmp, &p->dead_threads, node)
		kfree(ut);
	cgroup_process_free(p);
	cgroup_ns_put(p->cgroup_ns);
	kfree(p->exec);
	if (p->oom_mm)
		mmdrop(p->oom_mm);
	kfree(p);
}

/**
 * process_list_lock - hold the process list still for for_each_process().
 *
 * While it is held no process joins or leaves the list, so none found on
 * it is freed; processes still exit (their threads leave, their mm is
 * released) concurrently.
 * Context: task context; takes the process list lock (a spinlock: no
 * sleeping until process_list_unlock()). Order: before any p->lock.
 */
void process_list_lock(void)
{
	spin_lock(&process_lock);
}

/**
 * process_list_unlock - end a walk begun by process_list_lock().
 *
 * Context: the process list lock held; released.
 */
void process_list_unlock(void)
{
	spin_unlock(&process_lock);
}

/**
 * process_walk_first - the first process on the list (for_each_process()).
 *
 * Context: process_list_lock() held.
 * Return: the process, or NULL for an empty list.
 */
struct process *process_walk_first(void)
{
	spin_assert_held(&process_lock);
	if (list_empty(&process_list))
		return NULL;
	return list_first_entry(&process_list, struct process, node);
}

/**
 * process_walk_next - the process after @p on the list (for_each_process()).
 * @p: a process on the list
 *
 * Context: process_list_lock() held since @p was found.
 * Return: the next process, or NULL after the last.
 */
struct process *process_walk_next(struct process *p)
{
	spin_assert_held(&process_lock);
	if (p->node.next == &process_list)
		return NULL;
	return list_next_entry(p, node);
}

/* Is @p as far along as @which allows? Context: process list lock held. */
static bool process_lookup_matches(struct process *p,
				   enum process_lookup which)
{
	switch (which) {
	case PROCESS_ALIVE:
		return nr_threads_read(p) > 0;
	case PROCESS_UNREAPED:
		return true;	/* on the list: not reaped */
	}
	return false;
}

/**
 * process_get_by_pid - the process with id @tgid, with a reference.
 * @tgid: a process id
 * @which: PROCESS_ALIVE: only while a thread is left (running, or exiting
 *         after a kill or exit_group); PROCESS_UNREAPED: zombies too
 *
 * Context: task context; takes the process list lock.
 * Return: the process, which the caller process_put()s; NULL when there
 * is none in the state asked for (new, reaped, or a zombie for
 * PROCESS_ALIVE).
 */
struct process *process_get_by_pid(int tgid, enum process_lookup which)
{
	struct process *p, *found = NULL;

	process_list_lock();
	for_each_process(p) {
		if (p->tgid == tgid && process_lookup_matches(p, which)) {
			process_get(p);
			found = p;
			break;
		}
	}
	process_list_unlock();
	return found;
}

/**
 * process_get_by_tid - the process that has live thread @tid, with a
 * reference (Linux's find_task_by_vpid() then the thread's group).
 * @tid: a thread id
 *
 * Context: task context; takes the process list lock and each process's
 * lock.
 * Return: the process, which the caller process_put()s; NULL when no
 * live thread has that id.
 */
struct process *process_get_by_tid(int tid)
{
	struct process *p, *found = NULL;
	struct uthread *ut;

	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		list_for_each_entry(ut, &p->threads, node)
			if (ut->task->tid == tid && !found)
				found = p;
		if (found)
			process_get(p);
		spin_unlock(&p->lock);
		if (found)
			break;
	}
	process_list_unlock();
	return found;
}

/**
 * process_thread_create - add a thread running @fn(@arg) to @p, not yet
 * started.
 * @p: the process; must not have exited
 * @fn: the thread body; its return value is the thread's exit code. User
 *      threads enter user mode from it and never return.
 * @arg: passed to @fn
 * @out: set to the new task (TASK_NEW): the caller finishes setting it up
 *       (clone: user FS/GS bases, the parent's tid word) and starts it
 *       with wake_up_process()
 *
 * The thread runs with @p's mm loaded. The first thread's tid becomes the
 * process's tgid, and the process joins the process list with it. A fatal
 * signal sent before the thread starts (or a group exit under way) is
 * pending when it does: it leaves at its first return to user mode.
 * Context: task context, may sleep; the caller is a thread of @p or its
 * creator, so @p has not exited. Takes the process list lock (as Linux
 * takes tasklist_lock in copy_process()).
 * Return: the new thread's tid; -EAGAIN past a thread limit (see the top
 * of this file); -ENOMEM.
 */
int process_thread_create(struct process *p, int (*fn)(void *), void *arg,
			  struct task **out)
{
	struct uthread *ut;
	struct task *t;
	bool unlisted;

	if (thread_slot_get(p, &unlisted))
		return -EAGAIN;
	ut = kzalloc(sizeof(*ut), GFP_KERNEL);
	t = ut ? task_create_user(p->name, uthread_main, ut) : NULL;
	if (!t) {
		kfree(ut);
		if (unlisted)
			rlimit_nproc_unlisted(-1);
		thread_slot_put(p);
		return -ENOMEM;
	}
	*ut = (struct uthread){ .task = t, .proc = p, .fn = fn, .arg = arg };
	t->mm = p->mm;		/* [c]: the task has not run yet */
	spin_lock(&process_lock);
	spin_lock(&p->lock);
	BUG_ON(p->exited);
	cgroup_thread_init(p, t);	/* its creator's group */
	if (!p->tgid) {
		/* rdinit='s process takes the pid kept for it (nothing has
		 * looked the unstarted task up by its number yet) and stays
		 * in group and session 0, as Linux's init does: it may
		 * setsid(). */
		bool init = process_init_claim(p);

		if (init)
			t->pid = t->tid = 1;
		/* The thread and the process appear to lookups together. */
		p->tgid = t->pid;
		/* Spawned: a group and session of its own (process_group.h) */
		if (!p->pgid && !init)
			p->pgid = p->sid = p->tgid;
		list_add_tail(&p->node, &process_list);
		if (unlisted)	/* the walk sees its slot from now on */
			rlimit_nproc_unlisted(-1);
	}
	list_add_tail(&ut->node, &p->threads);
	__atomic_store_n(&p->nr_threads, p->nr_threads + 1, __ATOMIC_RELAXED);
	/* Racing with exit_group, a kill or another thread's execve(): it
	 * dies before user mode. */
	if (p->group_exit || p->exec_task)
		task_kill(t);
	spin_unlock(&p->lock);
	spin_unlock(&process_lock);
	*out = t;
	return t->tid;
}

/**
 * process_thread_start - add a thread running @fn(@arg) to @p and start
 * it (process_thread_create() and wake_up_process()).
 * @p: the process; must not have exited
 * @fn: the thread body (see process_thread_create())
 * @arg: passed to @fn
 *
 * Context: task context, may sleep.
 * Return: the new thread's tid; -EAGAIN (a thread limit); -ENOMEM.
 */
int process_thread_start(struct process *p, int (*fn)(void *), void *arg)
{
	struct task *t;
	int tid = process_thread_create(p, fn, arg, &t);

	if (tid > 0)
		wake_up_process(t);
	return tid;
}

/* The last thread is gone: release the mm and tell the waiter. */
static void process_finish(struct process *p)
{
	struct mm *mm;

	user_console_flush(&p->console, p->tgid);
	fs_process_exit(p);		/* close its files: no thread is left */
	/* Cleared before the put: a scan under p->lock never sees it put. */
	spin_lock(&p->lock);
	mm = p->mm;
	p->mm = NULL;
	spin_unlock(&p->lock);
	if (mm)
		mmput(mm);
	process_vfork_done(p);		/* a vfork parent may run on */
	/* Under the list lock too: a parent's wait4 sees `exited` and the
	 * notification together, and a waiter cannot reap (and free) @p
	 * before the notification is done. */
	process_list_lock();
	spin_lock(&p->lock);
	if (mm)
		p->mm_releases++;
	__atomic_store_n(&p->exited, true, __ATOMIC_RELEASE);
	wake_up_all(&p->exit_wq);
	spin_unlock(&p->lock);
	process_fork_exit(p);		/* orphan its children, tell its
					 * parent */
	process_list_unlock();
}

/**
 * process_thread_exit - end the calling thread (exit(2)).
 * @code: the thread's exit code; also the process's when it is the last
 *        thread and no group exit recorded another status
 *
 * Context: a process thread, no locks held; does not return.
 */
__noreturn void process_thread_exit(int code)
{
	struct uthread *ut = uthread_of(current);
	struct process *p = ut->proc;
	bool last;

	might_sleep();
	ptrace_exit(code);	/* PTRACE_O_TRACEEXIT's stop; untraced */
	/* Before the mm goes, as Linux's exit_signals() before exit_mm():
	 * the charge path and the OOM killer read an exiting thread by it. */
	current->flags |= PF_EXITING;
	/* Robust locks first, as Linux's exit_mm_release(). */
	if (ut->robust_list)
		futex_exit_robust_list(ut->robust_list);
	if (ut->clear_child_tid)
		process_clear_child_tid(ut);
	process_thread_drop_mm(p);
	spin_lock(&p->lock);
	p->dead_cpu_ns += task_cpu_ns(current);	/* what is left: noise */
	/* Kept until the process is freed: task->arg still points here. */
	list_del_init(&ut->node);
	list_add_tail(&ut->node, &p->dead_threads);
	cgroup_thread_exit(current);	/* no move finds it from now on */
	__atomic_store_n(&p->nr_threads, p->nr_threads - 1, __ATOMIC_RELAXED);
	thread_slot_put(p);
	last = p->nr_threads == 0;
	if (p->exec_task)	/* an execve() waits for the others to go */
		wake_up_all(&p->exit_wq);
	if (last && !p->group_exit)
		p->exit_status = wait_status_exited(code);
	spin_unlock(&p->lock);
	if (last) {
		signal_process_exit(p);	/* its ITIMER_REAL */
		cgroup_process_exit(p);
		process_finish(p);
	}
	task_exit(code);
}
/* Record @status as how @p ends (first cause wins) and kill every thread
 * but the caller. */
static void group_kill(struct process *p, int status)
{
	struct uthread *ut;

	spin_lock(&p->lock);
	if (!p->group_exit) {
		p->group_exit = true;
		p->exit_status = status;
	}
	list_for_each_entry(ut, &p->threads, node) {
		if (ut->task == current)
			continue;
		task_kill(ut->task);
		signal_kick(ut->task);	/* running elsewhere: now, not at
					 * its CPU's next tick */
	}
	spin_unlock(&p->lock);
}

/**
 * process_group_exit - end every thread of the calling process.
 * @status: the wait status (wait_status_exited(code) for exit_group,
 *          wait_status_signaled(sig) for a fatal signal)
 *
 * Context: a process thread, no locks held; does not return.
 */
__noreturn void process_group_exit(int status)
{
	group_kill(process_current(), status);
	process_thread_exit(0);
}

/**
 * process_force_signal - the calling thread's process dies of @sig (a
 * fault the thread cannot go on from: SIGSEGV, SIGILL...).
 * @sig: a fatal signal
 *
 * Every thread gets a fatal signal pending; the status is "killed by
 * @sig" unless an earlier cause was recorded. The caller leaves at its
 * return to user mode.
 * Context: any context of a process thread (trap handlers, interrupts
 * off or on).
 */
void process_force_signal(int sig)
{
	group_kill(process_current(), wait_status_signaled(sig));
	task_kill(current);
}

/* Deliver @sig to @p. Context: the caller keeps @p alive. */
static int deliver(struct process *p, int sig)
{
	if (!sig)
		return 0;
	switch (signal_default_action(sig)) {
	case SIGNAL_INVALID:
		return -EINVAL;
	case SIGNAL_IGNORE:
		return 0;
	case SIGNAL_STOP:
		/* Queued as kill(2) queues it: a thread stops on its way
		 * to user mode (kernel/signal_stop.c). */
		return signal_send_process(p, &(struct signal_entry){
						.signo = sig,
						.code = SI_KERNEL });
	case SIGNAL_FATAL:
		break;
	}
	group_kill(p, wait_status_signaled(sig));
	if (p == process_current())
		task_kill(current);	/* acted on at return to user */
	return 0;
}

/**
 * process_kill - send @sig to every thread of @p (kill(2)).
 * @p: the process; the caller holds a reference or is one of its threads
 * @sig: 0 (existence check only), or a signal number
 *
 * Fatal signals (signal.h: SIGKILL, SIGTERM, ...) end the process with
 * status "killed by @sig"; ignored ones do nothing.
 * Context: any task context; takes p->lock.
 * Return: 0; -EINVAL for an invalid @sig.
 */
int process_kill(struct process *p, int sig)
{
	return deliver(p, sig);
}

/**
 * process_kill_pid - kill(2) on process @tgid.
 * @tgid: a process id (> 0)
 * @sig: as for process_kill()
 *
 * Linux's order: a missing process is -ESRCH before @sig is looked at. An
 * exiting process is still there (kill succeeds); a zombie is not.
 * Context: task context; takes the process list lock and the process's
 * lock.
 * Return: 0; -ESRCH; -EINVAL for a bad @sig.
 */
int process_kill_pid(int tgid, int sig)
{
	struct process *p = process_get_by_pid(tgid, PROCESS_ALIVE);
	int r;

	if (!p)
		return -ESRCH;
	r = deliver(p, sig);
	process_put(p);
	return r;
}

/* Is @tid a thread of @p that has not exited? */
static bool process_has_thread(struct process *p, int tid)
{
	struct uthread *ut;
	bool found = false;

	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node)
		found |= ut->task->tid == tid;
	spin_unlock(&p->lock);
	return found;
}

/**
 * process_tgkill - send @sig to thread @tid of process @tgid (tgkill(2)).
 * @tgid: the process; @tid must belong to it
 * @tid: the thread
 * @sig: as for process_kill(); a fatal signal ends the whole process
 *
 * Linux's order: tgid/tid <= 0 is -EINVAL, then a missing thread -ESRCH,
 * then a bad @sig -EINVAL.
 * Context: task context; takes the process list lock and the process's
 * lock.
 * Return: 0; -EINVAL; -ESRCH when no such thread lives in that process.
 */
int process_tgkill(int tgid, int tid, int sig)
{
	struct process *p;
	int r = -ESRCH;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	p = process_get_by_pid(tgid, PROCESS_ALIVE);
	if (!p)
		return -ESRCH;
	if (process_has_thread(p, tid))
		r = deliver(p, sig);
	process_put(p);
	return r;
}

/**
 * process_exit_if_killed - act on a pending fatal signal.
 *
 * The arch calls this on every return to user mode (after a syscall, an
 * interrupt or a fault); the thread then never returns to user space.
 * Context: a process thread, no locks held, interrupts on.
 */
void process_exit_if_killed(void)
{
	struct process *p = process_current();
	bool zapped;

	if (!p || !fatal_signal_pending(current))
		return;
	/* Killed by another thread's execve(): only this thread goes. */
	spin_lock(&p->lock);
	zapped = p->exec_task && p->exec_task != current && !p->group_exit;
	spin_unlock(&p->lock);
	if (zapped)
		process_thread_exit(0);
	/* A kill that did not go through group_kill (task_kill by the OOM
	 * killer) reads as SIGKILL. */
	process_group_exit(wait_status_signaled(SIGKILL));
}

/**
 * process_unlink - take reaped @p off the process list and drop the
 * list's reference (process_wait.c's reap).
 * @p: a process that has exited, with a reference held by the caller
 *
 * Context: task context; takes the process list lock.
 */
void process_unlink(struct process *p)
{
	process_list_lock();
	list_del_init(&p->node);
	process_list_unlock();
	process_put(p);
}

/**
 * process_print_threads - log every live thread of @p: its state and,
 * when it is switched out, where it sleeps (a backtrace).
 * @p: the process; the caller holds a reference
 *
 * For diagnosing a process that does not end (a test's deadline).
 * Context: task context; takes p->lock (the backtraces are printed under
 * it, which keeps the threads from being freed meanwhile).
 */
void process_print_threads(struct process *p)
{
	struct uthread *ut;

	spin_lock(&p->lock);
	pr_err("process %s:%d: %d threads, group_exit %d, exited %d\n",
	       p->name, p->tgid, p->nr_threads, p->group_exit, p->exited);
	list_for_each_entry(ut, &p->threads, node) {
		struct task *t = ut->task;

		pr_err("  thread %d state %#x on_rq %d on_cpu %d cpu %u kill %d "
		       "switches %llu/%llu\n",
		       t->tid, __atomic_load_n(&t->state, __ATOMIC_RELAXED),
		       t->on_rq, __atomic_load_n(&t->on_cpu, __ATOMIC_RELAXED),
		       t->cpu, fatal_signal_pending(t),
		       (unsigned long long)t->nvcsw,
		       (unsigned long long)t->nivcsw);
		task_print_stack(t);
	}
	spin_unlock(&p->lock);
}

/**
 * process_cpu_ns - the CPU time of every thread @p had, live or exited,
 * in ns (task_cpu_ns() summed: Linux's utime + stime of the group,
 * measured at switches rather than sampled).
 * @p: a process (a reference held)
 *
 * Context: task context; takes @p->lock.
 * Return: nanoseconds.
 */
u64 process_cpu_ns(struct process *p)
{
	struct uthread *ut;
	u64 ns;

	spin_lock(&p->lock);
	ns = p->dead_cpu_ns;
	list_for_each_entry(ut, &p->threads, node)
		ns += task_cpu_ns(ut->task);
	spin_unlock(&p->lock);
	return ns;
}

/**
 * process_count - how many processes are on the process list (started
 * and not yet reaped).
 *
 * Context: task context; takes the process list lock.
 * Return: the count, stale as soon as the lock is dropped.
 */
unsigned long process_count(void)
{
	unsigned long n = 0;
	struct process *p;

	process_list_lock();
	for_each_process(p)
		n++;
	process_list_unlock();
	return n;
}
