/* SPDX-License-Identifier: MIT */
/*
 * Mutexes: sleeping locks with an owner. Waiters queue in FIFO order and
 * the unlocker hands the mutex directly to the first of them, so nobody
 * barges in ahead of a waiter and nobody starves: a waiter gets the mutex
 * after exactly the acquisitions of those queued before it. Only the owner
 * may unlock (mutex_unlock_check() says whether the caller may; an unlock
 * by anyone else is a BUG); a mutex may not be taken recursively or from
 * interrupts, nor where sleeping is not allowed (might_sleep()).
 *
 * mutex_init() classes the mutex by its call site for the validator
 * (kernel/lockdep.h), MUTEX_INIT() by its name; every mutex's wait_lock
 * is one class, "mutex.wait_lock".
 *
 * Locking: [w] mutex.wait_lock.
 */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include "kernel/lockdep.h"
#include "kernel/lockstat.h"
#include "kernel/spinlock.h"
#include "lib/list.h"

struct task;

struct mutex {
	struct spinlock wait_lock;
	struct task *owner;		/* [w] to modify; [a] to read */
	struct list_head waiters;	/* [w] of struct mutex_waiter */
	struct lock_stat stat;		/* [owner] */
	const char *name;		/* [I] */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep;		/* [I] key; [a] cached class */
#endif
};

extern const struct lock_class_key mutex_wait_lock_key;

#define MUTEX_INIT(lockname, str)					\
	{ .wait_lock = SPINLOCK_INIT_KEY(str, &mutex_wait_lock_key),	\
	  .waiters = LIST_HEAD_INIT((lockname).waiters), .name = (str) }
#define DEFINE_MUTEX(n)	struct mutex n = MUTEX_INIT(n, #n)

void mutex_init_key(struct mutex *m, const char *name,
		    const struct lock_class_key *key);

/* The class of the mutex is this call site. */
#define mutex_init(m, name)						\
	do {								\
		static const struct lock_class_key __key;		\
		mutex_init_key(m, name, &__key);			\
	} while (0)

void mutex_lock(struct mutex *m);
int mutex_lock_killable(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
int mutex_unlock_check(struct mutex *m);
bool mutex_is_locked(struct mutex *m);
bool mutex_owned(struct mutex *m);
struct task *mutex_owner(struct mutex *m);
unsigned int mutex_nr_waiters(struct mutex *m);

#endif
