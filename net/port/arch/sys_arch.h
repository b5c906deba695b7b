/* SPDX-License-Identifier: MIT */
/*
 * lwIP's operating-system types (lwip/sys.h includes this): semaphores
 * are completions (a counting semaphore: complete() is signal), a
 * mailbox is a bounded ring of pointers with a completion counting the
 * messages and one counting the free slots, a thread is a kthread.
 * Mutexes are semaphores of one (LWIP_COMPAT_MUTEX). The functions are
 * in net/port/sys_arch.c.
 *
 * Locking: [q] mbox->lock ("net_mbox", interrupts off); [I] set by
 * sys_mbox_new(); the completions count under their own locks.
 */
#ifndef NET_PORT_ARCH_SYS_ARCH_H
#define NET_PORT_ARCH_SYS_ARCH_H

#include "kernel/completion.h"
#include "kernel/spinlock.h"

struct sys_sem {
	struct completion count;	/* signals not yet taken */
	bool valid;			/* [I] between new and free */
};

struct sys_mbox {
	struct spinlock lock;
	void **msgs;			/* [q] ring of @size */
	unsigned int size;		/* [I] */
	unsigned int head;		/* [q] next message to fetch */
	unsigned int count;		/* [q] messages in the ring */
	struct completion posted;	/* messages not yet fetched */
	struct completion free;		/* slots not yet taken */
	bool valid;			/* [I] between new and free */
};

typedef struct sys_sem sys_sem_t;
typedef struct sys_mbox sys_mbox_t;
typedef struct task *sys_thread_t;
typedef unsigned long sys_prot_t;

#define sys_sem_valid(s)		((s)->valid)
#define sys_sem_set_invalid(s)		((s)->valid = false)
#define sys_mbox_valid(m)		((m)->valid)
#define sys_mbox_set_invalid(m)		((m)->valid = false)

#endif
