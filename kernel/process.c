// SPDX-License-Identifier: MIT
/*
 * Processes as thread groups: creation, thread start and exit, group exit
 * and fatal signals, and waiting for the end.
 *
 *   process_create() -> process_thread_start() ... threads run ...
 *   thread exit: unlink; the last one sets `exited`, puts the mm once,
 *                wakes exit_wq
 *   process_wait(): sleeps for `exited`, reads the status, frees it
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
 * Console output: write(2) to fds 1 and 2 lands in process_write(), which
 * logs whole lines as "[comm pid] text" and, when the spawner asked,
 * copies the bytes into its struct process_output.
 *
 * Locking: [I] immutable after creation; [c] the thread itself;
 * [p] process->lock; [o] process->out_lock (a mutex: printk may be slow);
 * [process_lock] the process list. Order:
 * process_lock -> process->lock -> task pi_lock (task_kill).
 * A process stays allocated while it is on process_list, so holding
 * process_lock keeps any process found there alive.
 */
#include <arch/uaccess.h>
#include "kernel/futex.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/slab.h"

/* nr_threads without p->lock ([a] to read): a snapshot, stale at once. */
static inline int nr_threads_read(struct process *p)
{
	return __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED);
}

static struct list_head process_list = LIST_HEAD_INIT(process_list);
static struct spinlock process_lock = SPINLOCK_INIT("process_list");
static unsigned long nr_processes;	/* [process_lock] */

static void strncpy_safe(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = 0;
}

/* CLONE_CHILD_CLEARTID: store 0 and wake one (non-private) futex waiter,
 * once the thread no longer uses its stack - only when other threads
 * share the mm (Linux's rule: nobody else could look). Faults ignored. */
static void process_clear_child_tid(struct uthread *ut)
{
	struct process *p = ut->proc;
	u32 __user *addr = (u32 __user *)(uintptr_t)ut->clear_child_tid;

	ut->clear_child_tid = 0;
	if (!current->mm ||
	    nr_threads_read(p) <= 1)
		return;
	if (!put_user(0, addr))
		futex_wake((struct futex_key){ current->mm,
					       (u64)(uintptr_t)addr }, 1);
}

/* The mm engineer's exit rule: this CPU must not have the mm loaded when
 * the last reference drops, and the scheduler must not load it again. */
static void process_thread_drop_mm(void)
{
	struct mm *mm = current->mm;

	if (!mm)
		return;
	preempt_disable();
	mm_switch(mm, NULL);
	current->mm = NULL;
	preempt_enable();
}

static int uthread_main(void *arg)
{
	struct uthread *ut = arg;

	process_thread_exit(ut->fn(ut->arg));
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
 *
 * The process has no thread and no tgid until process_thread_start().
 * Context: task context, may sleep.
 * Return: the process, or NULL without memory.
 */
struct process *process_create(const char *name, struct mm *mm)
{
	struct process *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	strncpy_safe(p->name, name, sizeof(p->name));
	p->mm = mm;
	spin_lock_init(&p->lock, "process");
	mutex_init(&p->out_lock, "process_out");
	INIT_LIST_HEAD(&p->threads);
	INIT_LIST_HEAD(&p->dead_threads);
	init_waitqueue_head(&p->exit_wq);
	spin_lock(&process_lock);
	list_add_tail(&p->node, &process_list);
	nr_processes++;
	spin_unlock(&process_lock);
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
	BUG_ON(p->nr_threads || !list_empty(&p->dead_threads) || p->mm);
	spin_lock(&process_lock);
	list_del_init(&p->node);
	nr_processes--;
	spin_unlock(&process_lock);
	kfree(p);
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
 * process's tgid. A fatal signal sent before the thread starts (or a group
 * exit under way) is pending when it does: it leaves at its first return
 * to user mode.
 * Context: task context, may sleep; the caller is a thread of @p or its
 * creator, so @p has not exited.
 * Return: the new thread's tid; -ENOMEM.
 */
int process_thread_create(struct process *p, int (*fn)(void *), void *arg,
			  struct task **out)
{
	struct uthread *ut = kzalloc(sizeof(*ut), GFP_KERNEL);
	struct task *t;

	if (!ut)
		return -ENOMEM;
	t = task_create_user(p->name, uthread_main, ut);
	if (!t) {
		kfree(ut);
		return -ENOMEM;
	}
	*ut = (struct uthread){ .task = t, .proc = p, .fn = fn, .arg = arg };
	t->mm = p->mm;		/* [c]: the task has not run yet */
	spin_lock(&p->lock);
	BUG_ON(p->exited);
	if (!p->nr_threads)
		p->tgid = t->pid;
	list_add_tail(&ut->node, &p->threads);
	__atomic_store_n(&p->nr_threads, p->nr_threads + 1, __ATOMIC_RELAXED);
	/* Racing with exit_group or a kill: it dies before user mode. */
	if (p->group_exit)
		task_kill(t);
	spin_unlock(&p->lock);
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
 * Return: the new thread's tid; -ENOMEM.
 */
int process_thread_start(struct process *p, int (*fn)(void *), void *arg)
{
	struct task *t;
	int tid = process_thread_create(p, fn, arg, &t);

	if (tid > 0)
		wake_up_process(t);
	return tid;
}

static char printable(char c)
{
	return (c >= ' ' && c < 127) || c == '\t' ? c : '?';
}

/* Log the line collected so far as "[comm pid] text". The comm is the
 * writing thread's, which prctl(PR_SET_NAME) may have filled with any
 * bytes. Context: p->out_lock held. */
static void flush_line(struct process *p)
{
	char comm[TASK_COMM_LEN];
	size_t i;

	for (i = 0; i < sizeof(comm) - 1 && current->name[i]; i++)
		comm[i] = printable(current->name[i]);
	comm[i] = 0;
	pr_info("[%s %d] %.*s\n", comm, p->tgid, (int)p->line_len, p->line);
	p->line_len = 0;
}

static void capture(struct process_output *out, const char *buf, size_t n)
{
	size_t room = out->size ? out->size - 1 - out->len : 0;

	if (n > room) {
		out->truncated = true;
		n = room;
	}
	memcpy(out->buf + out->len, buf, n);
	out->len += n;
	if (out->size)
		out->buf[out->len] = 0;
}

/**
 * process_write - what a process writes to its stdout or stderr.
 * @p: the process
 * @buf: the bytes, in kernel memory
 * @n: how many
 *
 * Whole lines go to the kernel log as "[comm pid] text" (a line longer
 * than PROCESS_LINE_MAX is split; bytes that are not printable show as
 * '?'); the bytes are also copied to the spawner's process_output.
 * Context: task context, may sleep; takes p->out_lock.
 */
void process_write(struct process *p, const char *buf, size_t n)
{
	mutex_lock(&p->out_lock);
	if (p->out)
		capture(p->out, buf, n);
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\n') {
			flush_line(p);
			continue;
		}
		if (p->line_len == sizeof(p->line))
			flush_line(p);
		p->line[p->line_len++] = printable(c);
	}
	mutex_unlock(&p->out_lock);
}

/* The last thread is gone: release the mm and tell the waiter. */
static void process_finish(struct process *p)
{
	struct mm *mm = p->mm;

	mutex_lock(&p->out_lock);
	if (p->line_len)
		flush_line(p);
	mutex_unlock(&p->out_lock);
	if (mm) {
		p->mm = NULL;
		mmput(mm);
	}
	/* Wake under p->lock: the waiter frees p after taking it. */
	spin_lock(&p->lock);
	p->mm_releases += mm != NULL;
	__atomic_store_n(&p->exited, true, __ATOMIC_RELEASE);
	wake_up_all(&p->exit_wq);
	spin_unlock(&p->lock);
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
	if (ut->clear_child_tid)
		process_clear_child_tid(ut);
	process_thread_drop_mm();
	spin_lock(&p->lock);
	/* Kept until the process is reaped: task->arg still points here. */
	list_del_init(&ut->node);
	list_add_tail(&ut->node, &p->dead_threads);
	__atomic_store_n(&p->nr_threads, p->nr_threads - 1, __ATOMIC_RELAXED);
	last = p->nr_threads == 0;
	if (last && !p->group_exit)
		p->exit_status = wait_status_exited(code);
	spin_unlock(&p->lock);
	if (last)
		process_finish(p);
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
	list_for_each_entry(ut, &p->threads, node)
		if (ut->task != current)
			task_kill(ut->task);
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
 * @p: the process; the caller keeps it from being reaped
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

/* A live process by id. Context: process_lock held. */
static struct process *find_locked(int tgid)
{
	struct process *p;

	list_for_each_entry(p, &process_list, node)
		if (p->tgid == tgid && nr_threads_read(p) &&
		    !__atomic_load_n(&p->exited, __ATOMIC_ACQUIRE))
			return p;
	return NULL;
}

/**
 * process_kill_pid - kill(2) on process @tgid.
 * @tgid: a process id (> 0)
 * @sig: as for process_kill()
 *
 * Linux's order: a missing process is -ESRCH before @sig is looked at.
 * Context: task context; takes process_lock and the process's lock.
 * Return: 0; -ESRCH; -EINVAL for a bad @sig.
 */
int process_kill_pid(int tgid, int sig)
{
	struct process *p;
	int r = -ESRCH;

	spin_lock(&process_lock);
	p = find_locked(tgid);
	if (p)
		r = deliver(p, sig);
	spin_unlock(&process_lock);
	return r;
}

/**
 * process_kill_others - kill(-1, @sig): every live process but @self.
 * @self: the caller's process (or NULL)
 * @sig: as for process_kill()
 *
 * Context: task context; takes process_lock and each process's lock.
 * Return: -ESRCH when there is no other process, else the last delivery's
 * result (0, or -EINVAL for a bad @sig), as Linux.
 */
int process_kill_others(struct process *self, int sig)
{
	struct process *p;
	int r = -ESRCH;

	spin_lock(&process_lock);
	list_for_each_entry(p, &process_list, node)
		if (p != self && nr_threads_read(p) &&
		    !__atomic_load_n(&p->exited, __ATOMIC_ACQUIRE))
			r = deliver(p, sig);
	spin_unlock(&process_lock);
	return r;
}

/**
 * process_find - the live process with id @tgid.
 * @tgid: a process id
 *
 * Context: any. The result stays valid only while its caller keeps the
 * process from being reaped: its own process, or one it will wait for.
 * Return: the process, or NULL (none, or already reaped).
 */
struct process *process_find(int tgid)
{
	struct process *p, *found = NULL;

	spin_lock(&process_lock);
	list_for_each_entry(p, &process_list, node)
		if (p->tgid == tgid && nr_threads_read(p) && !p->reaped) {
			found = p;
			break;
		}
	spin_unlock(&process_lock);
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
 * Context: task context; takes process_lock and the process's lock.
 * Return: 0; -EINVAL; -ESRCH when no such thread lives in that process.
 */
int process_tgkill(int tgid, int tid, int sig)
{
	struct process *p;
	struct uthread *ut;
	bool found = false;
	int r = -ESRCH;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	spin_lock(&process_lock);
	p = find_locked(tgid);
	if (p) {
		spin_lock(&p->lock);
		list_for_each_entry(ut, &p->threads, node)
			found |= ut->task->tid == tid;
		spin_unlock(&p->lock);
	}
	if (found)
		r = deliver(p, sig);
	spin_unlock(&process_lock);
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

	if (!p || !fatal_signal_pending(current))
		return;
	/* A kill that did not go through group_kill (task_kill by the OOM
	 * killer) reads as SIGKILL. */
	process_group_exit(wait_status_signaled(SIGKILL));
}

/**
 * process_wait_timeout - wait at most @timeout for process @tgid to end,
 * and reap it.
 * @tgid: a process created by this kernel and not yet reaped
 * @status: set to its wait status (see signal.h)
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * Exactly one caller may reap a process; it is freed here.
 * Context: task context, may sleep (killably).
 * Return: 0; -ECHILD if there is no such process (or another caller is
 * waiting for it); -ETIMEDOUT or -EINTR (killed): the process lives on
 * and may be waited for again.
 */
int process_wait_timeout(int tgid, int *status, long timeout)
{
	struct process *p, *found = NULL;
	struct uthread *ut, *tmp;
	long r;

	spin_lock(&process_lock);
	list_for_each_entry(p, &process_list, node)
		if (p->tgid == tgid && !p->reaped) {
			p->reaped = true;
			found = p;
			break;
		}
	spin_unlock(&process_lock);
	if (!found)
		return -ECHILD;
	r = __atomic_load_n(&found->exited, __ATOMIC_ACQUIRE) ? 1 :
	    __wait_event_common(found->exit_wq,
				__atomic_load_n(&found->exited,
						__ATOMIC_ACQUIRE),
				TASK_KILLABLE,
				timeout == MAX_SCHEDULE_TIMEOUT ? -1 : timeout);
	if (r <= 0 && !__atomic_load_n(&found->exited, __ATOMIC_ACQUIRE)) {
		spin_lock(&process_lock);
		found->reaped = false;
		spin_unlock(&process_lock);
		return r ? -EINTR : -ETIMEDOUT;
	}
	spin_lock(&found->lock);	/* pairs with process_finish() */
	*status = found->exit_status;
	spin_unlock(&found->lock);
	list_for_each_entry_safe(ut, tmp, &found->dead_threads, node)
		kfree(ut);
	spin_lock(&process_lock);
	list_del_init(&found->node);
	nr_processes--;
	spin_unlock(&process_lock);
	kfree(found);
	return 0;
}

/**
 * process_wait - wait for process @tgid to end and reap it.
 * @tgid: a process created by this kernel and not yet reaped
 * @status: set to its wait status (see signal.h)
 *
 * Context: task context, may sleep (killably).
 * Return: as process_wait_timeout() without the timeout.
 */
int process_wait(int tgid, int *status)
{
	return process_wait_timeout(tgid, status, MAX_SCHEDULE_TIMEOUT);
}

/**
 * process_print_threads - log every live thread of @p: its state and,
 * when it is switched out, where it sleeps (a backtrace).
 * @p: the process; the caller keeps it from being reaped
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

/* Return: processes created and not yet reaped. */
unsigned long process_count(void)
{
	return __atomic_load_n(&nr_processes, __ATOMIC_RELAXED);
}
