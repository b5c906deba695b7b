/* SPDX-License-Identifier: MIT */
/*
 * Threads: clone(CLONE_VM | CLONE_THREAD | ... | CLONE_SETTLS |
 * CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID) on a stack of their own, and
 * join by waiting on the tid word the kernel clears (and futex-wakes) when
 * the thread exits.
 */
#ifndef USER_RT_THREAD_H
#define USER_RT_THREAD_H

#include <stddef.h>
#include "rt/tcb.h"

#define THREAD_STACK_DEFAULT (64 * 1024)

long thread_create(struct tcb **out, int (*fn)(void *), void *arg,
		   size_t stack_size);
int thread_join(struct tcb *t, struct tcb *copy);

#endif /* USER_RT_THREAD_H */
