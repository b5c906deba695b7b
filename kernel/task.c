// SPDX-License-Identifier: MIT
/*
 * Task creation, exit and freeing (kernel/task.h). A task is one kernel
 * stack (kernel/kstack.c): struct task at the top, the stack below it, the
 * stack canary in the lowest word, the guard under that. Freeing returns
 * the stack's pages to the page allocator, so a test that waits for its
 * tasks to be freed (kthread_stop(), task_wait_count()) leaves the
 * free-page count as it found it. A user task also has an x87/SSE/AVX
 * state area (<arch/fpu.h>), freed with it.
 */
#include <arch/fpu.h>
#include <arch/percpu.h>
#include "kernel/backtrace.h"
#include "kernel/cgroup.h"
#include "kernel/kstack.h"
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "lib/string.h"
#include "mm/page_alloc.h"

struct list_head task_list = LIST_HEAD_INIT(task_list);
struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
static unsigned long nr_tasks;		/* [a] allocated, not yet freed */
static int next_pid = 2;		/* [a] 0: idle tasks, 1: init */
static DECLARE_WAIT_QUEUE_HEAD(task_free_wq);

/**
 * task_setup_static - initialise a task whose memory is not ours.
 * @t: the task (static storage, or the top of a task block)
 * @name: its name, truncated to TASK_COMM_LEN - 1
 * @pid: its pid (== tid)
 * @flags: PF_* flags
 *
 * The task is TASK_RUNNING, may run anywhere and has no stack of its own.
 * Context: any.
 */
void task_setup_static(struct task *t, const char *name, int pid,
		       unsigned int flags)
{
	memset(t, 0, sizeof(*t));
	strlcpy(t->name, name, sizeof(t->name));
	t->pid = pid;
	t->tid = pid;
	t->flags = flags;
	t->state = TASK_RUNNING;
	spin_lock_init(&t->pi_lock, "pi_lock");
	INIT_LIST_HEAD(&t->rq_node.link);
	t->rq_node.cpus_allowed = ~0ULL;
	INIT_LIST_HEAD(&t->tasks);
}

/* Put @t on task_list (what the hung-task detector scans). */
void task_list_add(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	list_add_tail(&t->tasks, &task_list);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* task_create() on the stack @base (NULL: none could be had). */
static struct task *task_create_on(u8 *base, const char *name,
				   int (*fn)(void *), void *arg)
{
	struct task *t;

	if (!base)
		return NULL;
	t = (struct task *)(base + KSTACK_SIZE - ALIGN_UP(sizeof(*t), 64));
	task_setup_static(t, name, __atomic_fetch_add(&next_pid, 1,
						      __ATOMIC_RELAXED), 0);
	t->stack = base;
	t->stack_size = (size_t)((u8 *)t - base);
	*(u64 *)base = TASK_STACK_CANARY;
	t->fn = fn;
	t->arg = arg;
	t->state = TASK_NEW;
	t->usage = 1;			/* its own; see task_put() */
	t->start_irqs_on = !arch_irqs_disabled();
	sched_task_init(t);
	__atomic_fetch_add(&nr_tasks, 1, __ATOMIC_RELAXED);
	task_list_add(t);
	return t;
}

/**
 * task_create - allocate a task that will run fn(arg) once woken.
 * @name: its name
 * @fn: what it runs; its return value is the exit code
 * @arg: passed to @fn
 *
 * The task is TASK_NEW: wake_up_process() starts it. It starts with
 * interrupts enabled if the caller has them enabled.
 * Context: process context, may sleep (GFP_KERNEL).
 * Return: the task, or NULL when out of memory.
 */
struct task *task_create(const char *name, int (*fn)(void *), void *arg)
{
	return task_create_on(kstack_alloc(), name, fn, arg);
}

/**
 * task_create_user - task_create() for a thread that will run user code:
 * with an x87/SSE/AVX state area in the initial state a freshly exec'd
 * program sees (clone then copies the parent's into it).
 * @name: its name
 * @fn: what it runs (it enters user mode)
 * @arg: passed to @fn
 *
 * Its kernel stack is charged to current's memory cgroup, the group the
 * thread starts in (Linux charges a forked task's stack to the parent's
 * memcg; kernel threads are forked by kthreadd, in the root, so their
 * stacks are never charged: task_create()).
 *
 * The area is a page of its own (at most 832 bytes are used: x87, SSE
 * and AVX): in debug builds a kmalloc object of this size may start in
 * the second page of a two-page slab, which kfree() then rejects.
 *
 * Context: process context, may sleep (GFP_KERNEL).
 * Return: the task (TASK_NEW), or NULL when out of memory.
 */
struct task *task_create_user(const char *name, int (*fn)(void *), void *arg)
{
	struct arch_fpu *fpu = __get_free_pages(GFP_KERNEL, 0);
	struct task *t;

	if (!fpu)
		return NULL;
	arch_fpu_init(fpu);
	t = task_create_on(kstack_alloc_account(), name, fn, arg);
	if (!t) {
		free_pages_addr(fpu, 0);
		return NULL;
	}
	t->uarch.fpu = fpu;	/* [t]: it has not run yet */
	return t;
}

/* Is the canary at the bottom of @t's stack intact? */
bool task_stack_ok(const struct task *t)
{
	return !t->stack || *(const u64 *)t->stack == TASK_STACK_CANARY;
}

/*
 * Give back a dead task's memory and tell who asked: the last reference
 * is gone, so nothing can look at the task any more.
 */
static void task_free(struct task *t)
{
	struct task_exit_notify *n = t->notify;
	int code = t->exit_code;

	BUG_ON(t->state != TASK_DEAD || t->on_cpu || !t->stack);
	if (!task_stack_ok(t))
		panic("stack overflow in task %s:%d (canary gone)", t->name,
		      t->pid);
	if (t->uarch.fpu)
		free_pages_addr(t->uarch.fpu, 0);
	cgroup_task_free(t);
	kstack_free(t->stack);
	__atomic_fetch_sub(&nr_tasks, 1, __ATOMIC_RELEASE);
	if (n) {
		n->exit_code = code;
		complete(&n->done);
	}
	wake_up_all(&task_free_wq);
}

/**
 * task_put - drop a reference to @t; the last one frees it.
 * @t: a task the caller holds a reference on (task_get(), or the task's
 *     own reference, which the scheduler drops after its final switch)
 *
 * The last reference can only go after the task has exited and been
 * switched out for the last time: the task's own reference is the last
 * one dropped by anyone but a task_get() holder.
 * Freeing unmaps the stack, whose TLB shootdown waits for every CPU: that
 * must not happen under a spinlock (a CPU spinning for it with interrupts
 * off would never answer). So a last put with preemption disabled hands
 * the reference to the scheduler, which drops it again after this CPU's
 * next switch (sched_put_task_later()).
 * Context: task context, not an interrupt handler; interrupts may be off;
 * does not sleep.
 */
void task_put(struct task *t)
{
	if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_ACQ_REL))
		return;
	if (preempt_count()) {
		/* Nobody else holds one: taking it back is safe. */
		__atomic_store_n(&t->usage, 1, __ATOMIC_RELAXED);
		sched_put_task_later(t);
		return;
	}
	task_free(t);
}

/**
 * task_exit - end the running task with exit code @code.
 * @code: its exit code (kthread_stop() returns it)
 *
 * Context: process context of the exiting task; does not return.
 */
__noreturn void task_exit(int code)
{
	struct task *t = current;
	unsigned long flags;

	might_sleep();
	BUG_ON(!t->stack);		/* init and the idle tasks never exit */
	t->flags |= PF_EXITING;
	t->exit_code = code;
	flags = spin_lock_irqsave(&tasklist_lock);
	list_del_init(&t->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	sched_exit();
}

/**
 * task_kill - make a fatal signal pending for @t and wake it if it sleeps
 * killably or interruptibly.
 * @t: the task; the caller holds a reference or knows that @t has not
 *     exited yet (it cannot until it sees the kill, for instance)
 *
 * Uninterruptible sleeps are not ended (as with SIGKILL in Linux). Once
 * the kill is pending @t may exit and be freed at any moment, so the
 * wakeup after it runs under a reference of our own.
 * Context: task context, also under spinlocks; not an interrupt handler
 * (the put may be the last: see task_put()).
 */
void task_kill(struct task *t)
{
	task_get(t);
	__atomic_store_n(&t->kill_pending, true, __ATOMIC_SEQ_CST);
	wake_up_state(t, TASK_INTERRUPTIBLE | TASK_WAKEKILL);
	task_put(t);
}

/**
 * task_print_stack - print where @t is: a backtrace if it is switched out.
 * @t: the task; the caller keeps it alive (tasklist_lock)
 *
 * Context: any. The walk of another task's stack is racy by nature (it
 * may start running); the backtrace code stops at implausible frames.
 */
void task_print_stack(struct task *t)
{
	if (t == current) {
		dump_stack();
		return;
	}
	if (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE)) {
		pr_emerg("task %s:%d is running on CPU %u\n", t->name, t->pid,
			 t->cpu);
		return;
	}
	backtrace_print(arch_context_frame_pointer(&t->ctx));
}

/* Tasks allocated by task_create() and not yet freed. */
unsigned long task_count(void)
{
	return __atomic_load_n(&nr_tasks, __ATOMIC_ACQUIRE);
}

/**
 * task_wait_count - sleep until at most @n created tasks are still alive,
 * for at most @timeout_ms.
 * @n: typically task_count() before a test created its threads
 * @timeout_ms: the bound: a thread that never exits must not hang the
 *              waiter with it
 *
 * Context: process context, may sleep.
 * Return: true when at most @n tasks are alive, false when @timeout_ms ran
 * out first.
 */
bool task_wait_count(unsigned long n, unsigned int timeout_ms)
{
	return wait_event_timeout(task_free_wq, task_count() <= n,
				  (long)msecs_to_jiffies(timeout_ms)) != 0;
}
