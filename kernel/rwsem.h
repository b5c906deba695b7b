/* SPDX-License-Identifier: MIT */
/*
 * Read-write semaphores with Linux's semantics, the model of mm->mmap_lock:
 * many readers or one writer, and one FIFO wait list in which a waiting
 * writer holds back every reader that arrives while readers hold the
 * lock. So while readers hold it, a queued writer makes
 * down_read_trylock() fail, and new readers queue behind that writer
 * instead of joining the readers: in both flavours below.
 *
 * The rules come in two flavours, kernel/rwsem_core.h states them with
 * the Linux functions they come from:
 *  - v4 (Linux 4.x): a strict FIFO. An arrival is granted
 *    at once only if nobody waits; a release grants the head directly (a
 *    writer once the lock is free, else the readers at the head up to the
 *    first writer), so neither side starves.
 *  - v61 (Linux 6.1): readers are granted together - every queued reader,
 *    skipping writers, at most 256 per release; writers are only woken
 *    and take the lock themselves, so an arriving reader (no other reader
 *    holding it) or writer can steal a free lock from a woken writer
 *    until a writer that waited more than 4 ms sets the hand-off bit,
 *    which stops all stealing.
 * By default the flavour is the one the OOM reaper's design shipped with
 * (mm/oom_reaper_design.c: v61 for rpmod, v4 for the others), at boot
 * and whenever the design is switched (rwsem_follow_flavour());
 * rwsem.flavour=v4|v61 on the command line fixes one instead, and wins.
 * rwsem_set_flavour() switches every rwsem at run time regardless (tests
 * do, and put it back). A switch is safe with waiters queued: a queued
 * writer takes a free lock at its head itself in both flavours; a
 * holder keeps the lock it has.
 *
 *  - down_*_killable() return -EINTR, not holding the lock, if the task is
 *    killed while waiting (unless the lock was granted first); the wait
 *    list is then re-examined, since a departed writer may have been what
 *    held the readers behind it.
 *  - downgrade_write() turns the caller's write hold into a read hold and
 *    grants queued readers with it if a reader is first.
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
#include "kernel/rwsem_core.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/list.h"

struct task;

struct rw_semaphore {
	struct spinlock wait_lock;
	struct rwsem_core core;		/* [w] to modify; [a] counts to read */
	struct task *writer;		/* [w] to modify; [a] to read */
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
	  .core = RWSEM_CORE_INIT((lockname).core), .name = (str) }
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

void rwsem_set_flavour(enum rwsem_flavour f);
void rwsem_follow_flavour(enum rwsem_flavour f);
bool rwsem_flavour_explicit(void);
enum rwsem_flavour rwsem_get_flavour(void);
const char *rwsem_flavour_name(enum rwsem_flavour f);

/* One queued task, as rwsem_queue_snapshot() reports it. */
struct rwsem_queued {
	struct task *task;
	bool write;
};

/* Snapshots for assertions and tests; stale as soon as read. */
unsigned int rwsem_queue_snapshot(struct rw_semaphore *sem,
				  struct rwsem_queued *out, unsigned int max);
bool rwsem_handoff_pending(struct rw_semaphore *sem);
bool rwsem_is_locked(struct rw_semaphore *sem);
unsigned int rwsem_nr_readers(struct rw_semaphore *sem);
unsigned int rwsem_nr_waiters(struct rw_semaphore *sem);
bool rwsem_is_write_locked(struct rw_semaphore *sem);
void rwsem_assert_held_write(struct rw_semaphore *sem);

#endif
