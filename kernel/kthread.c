// SPDX-License-Identifier: MIT
/*
 * Kernel threads (kernel/kthread.h) on top of task_create(). Stopping is a
 * flag plus a wakeup; the stopper learns of the exit through the task's
 * exit notification, which the task's last task_put() completes after the
 * memory is back with the page allocator.
 */
#include <stdarg.h>
#include "kernel/kthread.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "lib/format.h"

static struct task *kthread_vcreate(int (*threadfn)(void *), void *data,
				    const char *fmt, va_list ap)
{
	char name[TASK_COMM_LEN];
	struct task *k;

	vsnprintf(name, sizeof(name), fmt, ap);
	k = task_create(name, threadfn, data);
	if (k)
		k->flags |= PF_KTHREAD;
	return k;
}

/**
 * kthread_create - create a kernel thread, not yet running.
 * @threadfn: the thread's function; its return value is the exit code
 * @data: its argument
 * @namefmt: printf format of its name
 *
 * Start it with wake_up_process(); bind it first if needed.
 * Context: process context, may sleep.
 * Return: the thread, or NULL when out of memory.
 */
struct task *kthread_create(int (*threadfn)(void *data), void *data,
			    const char *namefmt, ...)
{
	struct task *k;
	va_list ap;

	va_start(ap, namefmt);
	k = kthread_vcreate(threadfn, data, namefmt, ap);
	va_end(ap);
	return k;
}

/**
 * kthread_bind - make a new thread run only on @cpu.
 * @k: a thread from kthread_create(), not yet woken
 * @cpu: an online CPU
 *
 * Context: any.
 */
void kthread_bind(struct task *k, unsigned int cpu)
{
	BUG_ON(cpu >= NR_CPUS);
	sched_set_cpus_allowed(k, 1ULL << cpu);
}

/* Is the running thread asked to stop? */
bool kthread_should_stop(void)
{
	return __atomic_load_n(&current->should_stop, __ATOMIC_ACQUIRE);
}

/**
 * kthread_stop - ask @k to stop and wait until it is gone.
 * @k: a thread that has not exited yet (see the rule in kthread.h)
 *
 * Sets the stop flag, wakes @k from any sleep - uninterruptible too, as
 * Linux's wake_up_process() does, so the classic
 * "set_current_state(TASK_UNINTERRUPTIBLE); if (!kthread_should_stop())
 * schedule();" loop ends - and from TASK_NEW (a thread stopped before it
 * ran never calls its function), waits for it to exit and for its memory
 * to be freed. Sleeps that are not the thread's own loop (a mutex, a
 * completion) recheck their condition and sleep again.
 * Context: process context, may sleep.
 * Return: @k's exit code.
 */
int kthread_stop(struct task *k)
{
	struct task_exit_notify n;

	might_sleep();
	init_completion(&n.done);
	n.exit_code = 0;
	/*
	 * Once should_stop is set, @k may exit and be freed before our
	 * wakeup has finished with it: hold a reference across the wakeup.
	 * It must be dropped before the wait, which ends at the free.
	 */
	task_get(k);
	k->notify = &n;
	__atomic_store_n(&k->should_stop, true, __ATOMIC_SEQ_CST);
	wake_up_state(k, TASK_NORMAL | TASK_NEW);
	task_put(k);
	wait_for_completion(&n.done);
	return n.exit_code;
}
