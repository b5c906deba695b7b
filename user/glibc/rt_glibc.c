// SPDX-License-Identifier: MIT
/*
 * The runtime's thread and output calls (user/rt/thread.h, eprintf) on
 * top of glibc, so that the runtime's programs link unchanged against
 * Debian's static glibc: threads are pthreads (glibc's clone with
 * CLONE_SETTLS and CLONE_CHILD_CLEARTID, joined through the futex the
 * kernel wakes at thread exit), the control block is a __thread variable.
 *
 * stdout is made line buffered before main(): the runtime's printf()
 * writes each call at once, and the tests read a hog's "holding" line
 * while it still runs, or the lines of a program the OOM killer ends
 * (glibc would otherwise buffer a pipe's or a file's output fully and
 * lose it with the process).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rt/thread.h"

__thread struct tcb rt_glibc_tcb;

/* A handle: the thread's tcb, copied out of its TLS before it ends. */
struct rt_glibc_thread {
	struct tcb tcb;		/* first: the handle is a struct tcb * */
	pthread_t pthread;
};

static void tcb_start(int (*fn)(void *), void *arg)
{
	rt_glibc_tcb.self = &rt_glibc_tcb;
	rt_glibc_tcb.tid = gettid();
	rt_glibc_tcb.fn = fn;
	rt_glibc_tcb.arg = arg;
}

__attribute__((constructor)) static void rt_glibc_init(void)
{
	tcb_start(NULL, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static void *thread_trampoline(void *p)
{
	struct rt_glibc_thread *t = p;

	tcb_start(t->tcb.fn, t->tcb.arg);
	rt_glibc_tcb.ret = rt_glibc_tcb.fn(rt_glibc_tcb.arg);
	t->tcb = rt_glibc_tcb;
	return NULL;
}

/**
 * thread_create - start a pthread running @fn(@arg).
 * @out: set to the handle for thread_join()
 * @fn: the thread body; its return value is the thread's result
 * @arg: passed to @fn
 * @stack_size: bytes of stack; 0 means glibc's default
 *
 * Context: any thread.
 * Return: 0, or a negated errno (nothing is left allocated then).
 */
long thread_create(struct tcb **out, int (*fn)(void *), void *arg,
		   size_t stack_size)
{
	struct rt_glibc_thread *t = calloc(1, sizeof(*t));
	pthread_attr_t attr;
	int err;

	if (!t)
		return -ENOMEM;
	t->tcb.fn = fn;
	t->tcb.arg = arg;
	pthread_attr_init(&attr);
	if (stack_size)
		pthread_attr_setstacksize(&attr, stack_size);
	err = pthread_create(&t->pthread, &attr, thread_trampoline, t);
	pthread_attr_destroy(&attr);
	if (err) {
		free(t);
		return -err;
	}
	*out = &t->tcb;
	return 0;
}

/**
 * thread_join - wait for a thread of thread_create() and free its handle.
 * @t: the handle
 * @copy: receives the thread's final tcb (result, error record)
 *
 * Context: any other thread; each handle is joined once.
 * Return: the thread's result.
 */
int thread_join(struct tcb *t, struct tcb *copy)
{
	struct rt_glibc_thread *th = (struct rt_glibc_thread *)t;

	pthread_join(th->pthread, NULL);
	*copy = th->tcb;
	free(th);
	return copy->ret;
}

/**
 * eprintf - printf() to stderr, as the runtime's.
 * @fmt: the format
 *
 * Context: any thread.
 * Return: bytes written, or a negative value.
 */
int eprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stderr, fmt, ap);
	va_end(ap);
	return n;
}
