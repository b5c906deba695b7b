/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads: kthread_create()/kthread_run() start a task running
 * threadfn(data); kthread_stop() asks it to finish, waits for it to exit
 * and to be freed, and returns its exit code. A thread that may be
 * stopped polls kthread_should_stop() in its loop; kthread_stop() wakes
 * it from any sleep (interruptible or not).
 *
 * Rule (Linux's): a thread that will be kthread_stop()ed must not exit
 * before kthread_stop() is called - its struct is freed when it exits.
 * Threads that just run to completion are waited for with a completion
 * of their own, and their freeing with task_wait_count().
 */
#ifndef KERNEL_KTHREAD_H
#define KERNEL_KTHREAD_H

#include "kernel/completion.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "lib/types.h"

struct task_exit_notify {
	struct completion done;
	int exit_code;
};

struct task *kthread_create(int (*threadfn)(void *data), void *data,
			    const char *namefmt, ...) __printf(3, 4);

/**
 * kthread_run - kthread_create() and start it.
 * @threadfn: the thread's function
 * @data: its argument
 * @namefmt: printf format of its name
 *
 * Context: process context, may sleep.
 * Return: the running thread, or NULL when out of memory.
 */
#define kthread_run(threadfn, data, namefmt, ...)			\
({									\
	struct task *__k = kthread_create(threadfn, data, namefmt,	\
					  ##__VA_ARGS__);		\
	if (__k)							\
		wake_up_process(__k);					\
	__k;								\
})

void kthread_bind(struct task *k, unsigned int cpu);
int kthread_stop(struct task *k);
bool kthread_should_stop(void);

#endif
