/* SPDX-License-Identifier: MIT */
/*
 * Read-write semaphores with Linux's semantics, the model of mm->mmap_lock:
 * many readers or one writer, and one FIFO wait list in which a waiting
 * writer holds back every reader that arrives after it. So while readers
 * hold the lock, a queued writer makes down_read_trylock() fail, and new
 * readers queue behind that writer instead of joining the readers.
 *
 * Rules:
 *  - down_read() is granted at once only if no writer holds the lock and
 *    nobody waits; otherwise it queues at the tail - also when readers
 *    hold the lock and a writer is queued.
 *  - down_read_trylock() succeeds iff no writer holds it and the wait list
 *    is empty: a queued writer makes it fail even while readers hold the
 *    lock. This is what makes the OOM reaper's trylock fail.
 *  - down_write() is granted at once only if the lock is free and nobody
 *    waits; down_write_trylock() likewise.
 *  - On release, the head of the wait list is granted the lock directly
 *    (handoff): a writer at the head gets it once the last reader leaves;
 *    a reader at the head is granted together with every reader queued
 *    behind it up to the first writer. So neither side starves: a writer
 *    waits only for readers already holding or queued ahead of it, and
 *    readers behind a writer run right after it.
 *  - down_*_killable() return -EINTR, not holding the lock, if the task is
 *    killed while waiting (unless the lock was granted first); the wait
 *    list is then re-examined, since a departed writer may have been what
 *    held the readers behind it.
 *  - downgrade_write() turns the caller's write hold into a read hold and
 *    grants the readers at the head of the list with it.
 *
 * Misuse is a BUG (panic with a backtrace), checked before the lock is
 * touched by the rwsem_check_*() functions, which tests call directly:
 *  - down_read() or down_write() of a semaphore the task already holds,
 *    in either mode: "BUG: rwsem recursion". That includes a second
 *    down_read() while holding it for read, as Linux's lockdep reports it:
 *    it works only until a writer queues in between, then both wait for
 *    ever. The trylocks are not checked (they fail instead of waiting)
 *    and a successful recursive down_read_trylock() is legal.
 *  - up_read() by a task that does not hold it for read, up_write() and
 *    downgrade_write() by one that does not hold it for write.
 * Holds are per task, not per semaphore: a kernel thread that trylocks
 * another task's mm->mmap_lock holds it itself and must release it
 * itself. Debug builds (CONFIG_DEBUG) track each task's holds in
 * task->rwsem_held, RWSEM_HELD_MAX of them; a task that holds more stops
 * being tracked (one warning) rather than risking a false BUG. Without
 * tracking only what the semaphore records is checked: its writer, and
 * that some reader holds it.
 *
 * The lock-dependency validator (kernel/lockdep.h) counts a read hold as
 * a dependency like a write hold, for the same reason: a reader waits
 * behind a queued writer. init_rwsem() classes the semaphore by its call
 * site, RWSEM_INIT() by its name; every wait_lock is one class,
 * "rwsem.wait_lock".
 *
 * Locking: [w] rw_semaphore.wait_lock; [c] the task itself.
 */
#ifndef KERNEL_RWSEM_H
#define KERNEL_RWSEM_H

#include "kernel/lockdep.h"
#include "kernel/lockstat.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/list.h"

struct task;

struct rw_semaphore {
	struct spinlock wait_lock;
	unsigned int readers;		/* [w] readers holding it */
	struct task *writer;		/* [w] to modify; [a] to read */
	struct list_head waiters;	/* [w] FIFO of struct rwsem_waiter */
	unsigned int nr_waiters;	/* [w] */
	struct lock_stat stat_read;	/* [w] */
	struct lock_stat stat_write;	/* [w] */
	const char *name;		/* [I] */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep;		/* [I] key; [a] cached class */
#endif
};

/* Held-lock tracking of one task (CONFIG_DEBUG; in struct task). */
#define RWSEM_HELD_MAX	8

enum rwsem_held_mode { RWSEM_HELD_READ = 1, RWSEM_HELD_WRITE = 2 };

struct rwsem_held_set {
	struct {
		struct rw_semaphore *sem;	/* [c] */
		enum rwsem_held_mode mode;	/* [c] */
	} held[RWSEM_HELD_MAX];			/* [c] oldest first */
	unsigned int nr;			/* [c] entries in use */
	bool off;				/* [c] overflowed: untracked */
};

extern const struct lock_class_key rwsem_wait_lock_key;

#define RWSEM_INIT(lockname, str)					\
	{ .wait_lock = SPINLOCK_INIT_KEY(str, &rwsem_wait_lock_key),	\
	  .waiters = LIST_HEAD_INIT((lockname).waiters), .name = (str) }
#define DECLARE_RWSEM(n)	struct rw_semaphore n = RWSEM_INIT(n, #n)

void init_rwsem_key(struct rw_semaphore *sem, const char *name,
		    const struct lock_class_key *key);

/* The class of the semaphore is this call site. */
#define init_rwsem(sem, name)						\
	do {								\
		static const struct lock_class_key __key;		\
		init_rwsem_key(sem, name, &__key);			\
	} while (0)

void down_read(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
bool down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
bool down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);

/* Debug checks: 0 if the running task may go on, else the errno. */
int rwsem_check_down_read(struct rw_semaphore *sem);
int rwsem_check_down_write(struct rw_semaphore *sem);
int rwsem_check_up_read(struct rw_semaphore *sem);
int rwsem_check_up_write(struct rw_semaphore *sem);
bool rwsem_tracking(void);

/* Snapshots for assertions and tests; stale as soon as read. */
bool rwsem_is_locked(struct rw_semaphore *sem);
unsigned int rwsem_nr_readers(struct rw_semaphore *sem);
unsigned int rwsem_nr_waiters(struct rw_semaphore *sem);
bool rwsem_is_write_locked(struct rw_semaphore *sem);
void rwsem_assert_held_write(struct rw_semaphore *sem);

#endif
