/* SPDX-License-Identifier: MIT */
/*
 * The runtime's thread control block for programs linked with glibc: the
 * same fields as user/rt/tcb.h, but held in a glibc __thread variable.
 * glibc owns %fs (its own TCB sits at %fs:0), so the runtime's "the FS
 * base is the tcb" cannot hold; a TLS variable keeps every field the
 * runtime sources read (self, tid, arg, the error record) per thread.
 * This directory comes before user/ on the include path of the glibc
 * builds, so user/rt's headers pick this one up.
 */
#ifndef USER_RT_TCB_H
#define USER_RT_TCB_H

#include <stddef.h>

/* Locking: [I] set before the thread runs; [o] only its own thread. */
struct tcb {
	struct tcb *self;	/* [I] itself: proves the TLS block is ours */
	int tid;		/* [I] gettid() of the thread */
	int err;		/* [o] last error recorded (positive errno) */
	int first_err;		/* [o] first error recorded, 0 if none */
	unsigned long nerr;	/* [o] errors recorded */
	int (*fn)(void *);	/* [I] thread body (0 for the main thread) */
	void *arg;		/* [I] its argument */
	int ret;		/* [o] its return value, read after join */
};

extern __thread struct tcb rt_glibc_tcb;

static inline struct tcb *tcb_self(void)
{
	return &rt_glibc_tcb;
}

#endif /* USER_RT_TCB_H */
