// SPDX-License-Identifier: MIT
/*
 * Thread create and join. Each thread gets one anonymous mapping:
 *
 *   map                                               map + map_len
 *   | stack, growing down <-------------- | sp: entry, tcb | struct tcb |
 *
 * The tcb is both the thread's FS base (CLONE_SETTLS) and its tid word:
 * CLONE_PARENT_SETTID stores the tid there before clone() returns, and
 * CLONE_CHILD_CLEARTID makes the kernel store 0 and FUTEX_WAKE it once the
 * thread has exited and no longer uses the stack; only then does
 * thread_join() unmap it. The wait is a shared (not FUTEX_PRIVATE) futex,
 * matching the kernel's wake at exit.
 */
#include <stdint.h>
#include "rt/string.h"
#include "rt/sys.h"
#include "rt/thread.h"

#define THREAD_CLONE_FLAGS                                                  \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
	 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |               \
	 CLONE_CHILD_CLEARTID)

long thread_clone(unsigned long flags, void *sp, int *ptid, int *ctid,
		  struct tcb *tls);

/* First C code of a new thread; thread_clone() exits with the result. */
static int thread_entry(struct tcb *t)
{
	t->ret = t->fn(t->arg);
	return t->ret;
}

/**
 * thread_create - start a thread running @fn(@arg).
 * @out: set to the new thread's tcb, the handle for thread_join().
 * @fn: the thread body; its return value is the thread's result.
 * @arg: passed to @fn.
 * @stack_size: bytes of stack; 0 means THREAD_STACK_DEFAULT.
 *
 * Context: any thread.
 * Return: the new thread's tid, or a negated errno from mmap() or clone()
 * (nothing is left mapped then).
 */
long thread_create(struct tcb **out, int (*fn)(void *), void *arg,
		   size_t stack_size)
{
	size_t len;
	uintptr_t top;
	struct tcb *t;
	void **sp;
	long map, r;

	if (!stack_size)
		stack_size = THREAD_STACK_DEFAULT;
	len = (stack_size + sizeof(*t) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	map = sys_mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (syscall_failed(map))
		return map;
	t = (struct tcb *)((map + len - sizeof(*t)) & ~(uintptr_t)63);
	memset(t, 0, sizeof(*t));
	t->self = t;
	t->fn = fn;
	t->arg = arg;
	t->map = (void *)map;
	t->map_len = len;
	top = (uintptr_t)t & ~(uintptr_t)15;
	sp = (void **)(top - 16);
	sp[0] = (void *)thread_entry;
	sp[1] = t;
	r = thread_clone(THREAD_CLONE_FLAGS, sp, &t->tid, &t->tid, t);
	if (r < 0) {
		sys_munmap((void *)map, len);
		return r;
	}
	*out = t;
	return r;
}

/**
 * thread_join - wait for a thread to exit, then free its stack.
 * @t: the handle from thread_create().
 * @copy: if not NULL, receives the thread's final tcb (its error record).
 *
 * Context: may sleep; any thread but @t, once per thread.
 * Return: the thread's result (what its function returned).
 */
int thread_join(struct tcb *t, struct tcb *copy)
{
	int tid, ret;

	while ((tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE)) != 0)
		sys_futex(&t->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
	ret = t->ret;
	if (copy)
		*copy = *t;
	sys_munmap(t->map, t->map_len);
	return ret;
}
