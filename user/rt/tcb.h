/* SPDX-License-Identifier: MIT */
/*
 * Thread control block: the per-thread state of the runtime, found through
 * the FS segment base (arch_prctl(ARCH_SET_FS), or clone(CLONE_SETTLS) for
 * new threads). The word at %fs:0 points to the block itself, as the x86_64
 * TLS ABI requires, so tcb_self() is one load.
 *
 * The runtime has no ELF TLS (__thread): start code refuses a program with a
 * PT_TLS segment. Per-thread data lives here instead.
 *
 * Locking: [I] set before the thread runs, then immutable; [o] only the
 * owning thread; [k] written by the kernel (PARENT_SETTID / CHILD_CLEARTID),
 * read with atomics.
 */
#ifndef USER_RT_TCB_H
#define USER_RT_TCB_H

#include <stddef.h>

struct tcb {
	struct tcb *self;	/* [I] %fs:0, the ABI's thread pointer */
	int tid;		/* [k] thread id; 0 once the thread exited */
	int err;		/* [o] last error recorded (positive errno) */
	int first_err;		/* [o] first error recorded, 0 if none */
	unsigned long nerr;	/* [o] errors recorded */
	int (*fn)(void *);	/* [I] thread body (0 for the main thread) */
	void *arg;		/* [I] its argument */
	int ret;		/* [o] its return value, read after join */
	void *map;		/* [I] stack mapping holding this block */
	size_t map_len;		/* [I] its length */
};

/**
 * tcb_self - the calling thread's control block.
 *
 * Context: any thread after start-up (tcb_init_main() ran before main()).
 * Return: the block; never NULL.
 */
static inline struct tcb *tcb_self(void)
{
	struct tcb *t;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(t));
	return t;
}

long tcb_install(struct tcb *t);
long tcb_init_main(void);

#endif /* USER_RT_TCB_H */
