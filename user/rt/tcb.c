// SPDX-License-Identifier: MIT
/*
 * Thread control blocks: installing one as the FS base. New threads get
 * theirs from clone(CLONE_SETTLS) in thread.c; the main thread's is static
 * and installed here before main() runs.
 */
#include "rt/sys.h"
#include "rt/tcb.h"

static struct tcb main_tcb;

/**
 * tcb_install - make @t the calling thread's control block.
 * @t: the block; its self pointer is set here.
 *
 * Context: the calling thread only; nothing may read %fs:0 concurrently.
 * Return: 0, or the negated errno of arch_prctl(ARCH_SET_FS).
 */
long tcb_install(struct tcb *t)
{
	t->self = t;
	return sys_arch_prctl(ARCH_SET_FS, (unsigned long)t);
}

/**
 * tcb_init_main - give the initial thread its control block.
 *
 * Context: start-up, single-threaded, before anything calls tcb_self().
 * Return: 0, or a negated errno (the program cannot run without it).
 */
long tcb_init_main(void)
{
	main_tcb.tid = (int)sys_gettid();
	return tcb_install(&main_tcb);
}
