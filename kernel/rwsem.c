// SPDX-License-Identifier: MIT
/*
 * Read-write semaphores (kernel/rwsem.h). All state lives under
 * wait_lock; the fast paths are the same lock with nothing to wait for.
 * Who gets the lock is decided by kernel/rwsem_core.c under the flavour
 * of the moment; this file holds the tasks: it queues the caller, wakes
 * the tasks of the waiters a decision granted or woke (a waiter's task
 * stays valid until it has seen that under wait_lock), and records the
 * writing task.
 *
 * Invariant (under wait_lock): writer != NULL iff core.write_locked.
 *
 * Misuse checks (rules in rwsem.h) come first in each operation, before
 * wait_lock: they only read the semaphore's writer and the running task's
 * own hold set, which nobody else changes. A task records a hold itself,
 * once it has the lock - a waiter granted by another task records it when
 * it wakes up - so between the grant and that moment the hold is real but
 * not yet recorded, which no check can observe (only the task checks its
 * own set).
 */
#include <arch/cpu.h>
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/errno.h"

struct rwsem_waiter {
	struct rwsem_core_waiter core;	/* [w] */
	struct task *task;		/* [I] */
};

/* The rules every rwsem follows now (rwsem.h). */
static unsigned int rwsem_flavour;	/* [a] enum rwsem_flavour */

/* rwsem.flavour=: a flavour, or "auto" (the OOM reaper design's). */
#define RWSEM_FLAVOUR_AUTO	2
static unsigned int rwsem_flavour_choice = RWSEM_FLAVOUR_AUTO;	/* [I] */
static const char *const rwsem_flavour_names[] = { "v4", "v61", "auto",
						   NULL };
KPARAM_ENUM(rwsem_flavour, "rwsem.flavour", &rwsem_flavour_choice,
	    rwsem_flavour_names,
	    "rwsem rules: v4 (Linux 4.x strict FIFO), v61 (Linux 6.1: lock "
	    "stealing, writer hand-off, readers woken together), or auto "
	    "(the one oom.reaper='s design shipped with)");

/**
 * rwsem_flavour_explicit - did the command line name a flavour?
 *
 * Context: any, after the command line is parsed.
 * Return: true for rwsem.flavour=v4 or v61, false for auto.
 */
bool rwsem_flavour_explicit(void)
{
	return rwsem_flavour_choice != RWSEM_FLAVOUR_AUTO;
}

/**
 * rwsem_follow_flavour - switch to @f unless the command line named a
 * flavour, which always wins (the OOM reaper's design proposes one).
 * @f: RWSEM_FLAVOUR_V4 or RWSEM_FLAVOUR_V61
 *
 * Context: any (a switch is safe with waiters queued, rwsem.h).
 */
void rwsem_follow_flavour(enum rwsem_flavour f)
{
	rwsem_set_flavour(rwsem_flavour_explicit() ?
				  (enum rwsem_flavour)rwsem_flavour_choice :
				  f);
}

/**
 * rwsem_set_flavour - switch every rwsem to the rules of @f.
 * @f: RWSEM_FLAVOUR_V4 or RWSEM_FLAVOUR_V61
 *
 * Takes effect at each semaphore's next operation; waiters already
 * queued are served by the new rules (rwsem.h).
 * Context: any.
 */
void rwsem_set_flavour(enum rwsem_flavour f)
{
	__atomic_store_n(&rwsem_flavour, (unsigned int)f, __ATOMIC_RELAXED);
}

/**
 * rwsem_get_flavour - the rules rwsems follow now.
 *
 * Context: any.
 * Return: RWSEM_FLAVOUR_V4 or RWSEM_FLAVOUR_V61.
 */
enum rwsem_flavour rwsem_get_flavour(void)
{
	return (enum rwsem_flavour)__atomic_load_n(&rwsem_flavour,
						   __ATOMIC_RELAXED);
}

/**
 * rwsem_flavour_name - @f as rwsem.flavour= spells it.
 * @f: a flavour
 *
 * Context: any.
 * Return: "v4" or "v61".
 */
const char *rwsem_flavour_name(enum rwsem_flavour f)
{
	return rwsem_flavour_names[f];
}

const struct lock_class_key rwsem_wait_lock_key = {
	.name = "rwsem.wait_lock"
};

/**
 * init_rwsem_key - initialise @sem as a semaphore of the class @key.
 * @sem: the semaphore
 * @name: its name, for reports
 * @key: its lock class (init_rwsem() makes one per call site)
 *
 * Context: any; @sem is not in use.
 */
void init_rwsem_key(struct rw_semaphore *sem, const char *name,
		    const struct lock_class_key *key)
{
	*sem = (struct rw_semaphore){ .name = name };
	spin_lock_init_key(&sem->wait_lock, name, &rwsem_wait_lock_key);
	rwsem_core_init(&sem->core);
	lock_stat_reset(&sem->stat_read);
	lock_stat_reset(&sem->stat_write);
#ifdef CONFIG_LOCKDEP
	sem->dep = (struct lockdep_map)LOCKDEP_MAP_INIT(key);
#else
	(void)key;
#endif
}

static void rwsem_dep_acquire(struct rw_semaphore *sem, unsigned int flags,
			      unsigned long ip)
{
#ifdef CONFIG_LOCKDEP
	lockdep_acquire(&sem->dep, sem->name, 0, LOCKDEP_SLEEP | flags, ip);
#else
	(void)sem;
	(void)flags;
	(void)ip;
#endif
}

static void rwsem_dep_release(struct rw_semaphore *sem)
{
#ifdef CONFIG_LOCKDEP
	lockdep_release(&sem->dep);
#else
	(void)sem;
#endif
}

static const char *rwsem_name(const struct rw_semaphore *sem)
{
	return sem->name ? sem->name : "?";
}

/* The running task, or NULL before the per-CPU areas (no task yet). */
static struct task *rwsem_current(void)
{
	return likely(preempt_ready) ? current : NULL;
}

static bool rwsem_writer_is(struct rw_semaphore *sem, struct task *t)
{
	return t && __atomic_load_n(&sem->writer, __ATOMIC_RELAXED) == t;
}

#ifdef CONFIG_DEBUG
/* The running task's hold set, or NULL when its holds are not tracked. */
static struct rwsem_held_set *held_set(void)
{
	struct task *t = rwsem_current();

	return t && !t->rwsem_held.off ? &t->rwsem_held : NULL;
}

/* Record that the running task now holds @sem in @mode. */
static void held_add(struct rw_semaphore *sem, enum rwsem_held_mode mode)
{
	struct rwsem_held_set *hs = held_set();

	if (!hs)
		return;
	if (hs->nr == RWSEM_HELD_MAX) {
		/* Not a BUG: holding many is legal, we just lose track. */
		hs->off = true;
		pr_warn("rwsem: %s/%d holds more than %d rwsems; its holds "
			"are no longer tracked\n", current->name, current->pid,
			RWSEM_HELD_MAX);
		return;
	}
	hs->held[hs->nr].sem = sem;
	hs->held[hs->nr].mode = mode;
	hs->nr++;
}
#else
static inline struct rwsem_held_set *held_set(void)
{
	return NULL;
}

static inline void held_add(struct rw_semaphore *sem,
			    enum rwsem_held_mode mode)
{
	(void)sem;
	(void)mode;
}
#endif

/* Index of the newest hold of @sem in one of @modes in @hs, or -1. */
static int held_find(const struct rwsem_held_set *hs,
		     const struct rw_semaphore *sem, unsigned int modes)
{
	for (int i = (int)hs->nr - 1; i >= 0; i--)
		if (hs->held[i].sem == sem && (hs->held[i].mode & modes))
			return i;
	return -1;
}

/* Forget the running task's newest hold of @sem in @mode. */
static void held_del(struct rw_semaphore *sem, enum rwsem_held_mode mode)
{
	struct rwsem_held_set *hs = held_set();
	int i = hs ? held_find(hs, sem, mode) : -1;

	if (i < 0)
		return;
	for (; i + 1 < (int)hs->nr; i++)
		hs->held[i] = hs->held[i + 1];
	hs->nr--;
}

/* The running task's write hold of @sem becomes a read hold. */
static void held_downgrade(struct rw_semaphore *sem)
{
	struct rwsem_held_set *hs = held_set();
	int i = hs ? held_find(hs, sem, RWSEM_HELD_WRITE) : -1;

	if (i >= 0)
		hs->held[i].mode = RWSEM_HELD_READ;
}

/* Lockdep's "N locks held by comm/pid:" list, before a BUG. */
static void held_print(void)
{
	struct rwsem_held_set *hs = held_set();

	if (!hs || !hs->nr)
		return;
	pr_emerg("%u rwsem%s held by %s/%d:\n", hs->nr, hs->nr == 1 ? "" : "s",
		 current->name, current->pid);
	for (unsigned int i = 0; i < hs->nr; i++)
		pr_emerg(" #%u: %s (%s)\n", i, rwsem_name(hs->held[i].sem),
			 hs->held[i].mode == RWSEM_HELD_WRITE ? "write" :
								"read");
}

static __noreturn void rwsem_bug_recursion(struct rw_semaphore *sem)
{
	held_print();
	panic("BUG: rwsem recursion: %s already held for %s by %s/%d",
	      rwsem_name(sem), rwsem_writer_is(sem, current) ? "write" : "read",
	      current->name, current->pid);
}

static __noreturn void rwsem_bug_release(struct rw_semaphore *sem,
					 const char *op, const char *how)
{
	held_print();
	panic("BUG: %s of %s not held%s by %s/%d", op, rwsem_name(sem), how,
	      current->name, current->pid);
}

/* Both down checks: any hold of @sem by the running task deadlocks. */
static int rwsem_check_down(struct rw_semaphore *sem)
{
	struct rwsem_held_set *hs = held_set();

	if (rwsem_writer_is(sem, rwsem_current()))
		return -EDEADLK;
	if (hs && held_find(hs, sem, RWSEM_HELD_READ) >= 0)
		return -EDEADLK;
	return 0;
}

/**
 * rwsem_check_down_read - may the running task down_read() @sem?
 * @sem: the semaphore
 *
 * The check down_read() and down_read_killable() BUG on. Not if the task
 * holds @sem for writing (it would wait for itself), nor - when its holds
 * are tracked - for reading: that recursion deadlocks as soon as a writer
 * queues between the two down_read()s (see rwsem.h).
 * Context: any task context; nothing is changed.
 * Return: 0, or -EDEADLK if the running task already holds @sem.
 */
int rwsem_check_down_read(struct rw_semaphore *sem)
{
	return rwsem_check_down(sem);
}

/**
 * rwsem_check_down_write - may the running task down_write() @sem?
 * @sem: the semaphore
 *
 * The check down_write() and down_write_killable() BUG on: a task that
 * holds @sem in either mode would wait for itself.
 * Context: any task context; nothing is changed.
 * Return: 0, or -EDEADLK if the running task already holds @sem (for
 * reading: only found while its holds are tracked).
 */
int rwsem_check_down_write(struct rw_semaphore *sem)
{
	return rwsem_check_down(sem);
}

/**
 * rwsem_check_up_read - may the running task up_read() @sem?
 * @sem: the semaphore
 *
 * The check up_read() BUGs on. With tracking, the task must hold @sem for
 * reading itself; without it, some reader must hold @sem.
 * Context: any task context; nothing is changed.
 * Return: 0, or -EPERM if the running task holds no read lock on @sem.
 */
int rwsem_check_up_read(struct rw_semaphore *sem)
{
	struct rwsem_held_set *hs = held_set();

	if (hs)
		return held_find(hs, sem, RWSEM_HELD_READ) >= 0 ? 0 : -EPERM;
	return rwsem_nr_readers(sem) ? 0 : -EPERM;
}

/**
 * rwsem_check_up_write - may the running task up_write() @sem?
 * @sem: the semaphore
 *
 * The check up_write() and downgrade_write() BUG on; exact in every build
 * (the semaphore records its writer, and only the writer can change that).
 * Context: any task context; nothing is changed.
 * Return: 0, or -EPERM if the running task does not hold @sem for writing.
 */
int rwsem_check_up_write(struct rw_semaphore *sem)
{
	return rwsem_writer_is(sem, rwsem_current()) ? 0 : -EPERM;
}

/**
 * rwsem_tracking - are the running task's rwsem holds tracked?
 *
 * False without CONFIG_DEBUG, before the first task, and for a task that
 * has held more than RWSEM_HELD_MAX at once. Then the checks see only
 * what the semaphore records (rwsem.h).
 * Context: any task context.
 */
bool rwsem_tracking(void)
{
	return held_set() != NULL;
}

/*
 * Wake the tasks of the waiters a core decision put on @wake; a granted
 * writer's task becomes the writer before anyone can look.
 */
static void rwsem_wake_list(struct rw_semaphore *sem, struct list_head *wake)
{
	struct rwsem_core_waiter *cw, *tmp;

	spin_assert_held(&sem->wait_lock);
	list_for_each_entry_safe(cw, tmp, wake, wake) {
		struct rwsem_waiter *w =
			container_of(cw, struct rwsem_waiter, core);

		if (cw->granted && cw->type == RWSEM_WAITING_WRITE)
			__atomic_store_n(&sem->writer, w->task,
					 __ATOMIC_RELAXED);
		wake_up_process(w->task);
	}
}

/* Has the waiting caller got the lock - granted, or taken by a writer? */
static bool rwsem_wait_done(struct rw_semaphore *sem, struct rwsem_waiter *w)
{
	if (w->core.granted)
		return true;
	if (w->core.type != RWSEM_WAITING_WRITE ||
	    !rwsem_core_write_try(&sem->core, &w->core, rwsem_get_flavour(),
				  ktime_get_ns()))
		return false;
	__atomic_store_n(&sem->writer, current, __ATOMIC_RELAXED);
	return true;
}

/* Queue the caller and sleep in @state until it has the lock or is
 * killed. */
static int rwsem_wait(struct rw_semaphore *sem, enum rwsem_waiter_type type,
		      unsigned int state, unsigned long *flags)
{
	struct rwsem_waiter w = { .task = current, .core.type = type };
	struct lock_stat *st = type == RWSEM_WAITING_WRITE ? &sem->stat_write :
							     &sem->stat_read;
	u64 start = arch_rdtsc();
	struct list_head wake = LIST_HEAD_INIT(wake);

	rwsem_core_enqueue(&sem->core, &w.core, rwsem_get_flavour(),
			   ktime_get_ns(), &wake);
	rwsem_wake_list(sem, &wake);
	while (!rwsem_wait_done(sem, &w)) {
		if (signal_pending_state(state, current)) {
			INIT_LIST_HEAD(&wake);
			rwsem_core_cancel(&sem->core, &w.core,
					  rwsem_get_flavour(), ktime_get_ns(),
					  &wake);
			rwsem_wake_list(sem, &wake);
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		set_current_state(state);
		spin_unlock_irqrestore(&sem->wait_lock, *flags);
		schedule();
		*flags = spin_lock_irqsave(&sem->wait_lock);
	}
	__set_current_state(TASK_RUNNING);
	lock_stat_acquired(st, arch_rdtsc() - start, true);
	return 0;
}

/* The validator is told before the wait and before might_sleep(), so it
 * reports a deadlock (or a spinlock held) with both chains. */
static int down_read_common(struct rw_semaphore *sem, unsigned int state,
			    unsigned long ip)
{
	unsigned long flags;
	int ret = 0;

	if (unlikely(rwsem_check_down_read(sem)))
		rwsem_bug_recursion(sem);
	rwsem_dep_acquire(sem, LOCKDEP_READ, ip);
	might_sleep();
	flags = spin_lock_irqsave(&sem->wait_lock);
	if (rwsem_core_read_arrive(&sem->core, rwsem_get_flavour())) {
		lock_stat_acquired(&sem->stat_read, 0, false);
	} else {
		ret = rwsem_wait(sem, RWSEM_WAITING_READ, state, &flags);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	if (!ret)
		held_add(sem, RWSEM_HELD_READ);
	else
		rwsem_dep_release(sem);
	return ret;
}

static int down_write_common(struct rw_semaphore *sem, unsigned int state,
			     unsigned long ip)
{
	unsigned long flags;
	int ret = 0;

	if (unlikely(rwsem_check_down_write(sem)))
		rwsem_bug_recursion(sem);
	rwsem_dep_acquire(sem, 0, ip);
	might_sleep();
	flags = spin_lock_irqsave(&sem->wait_lock);
	if (rwsem_core_write_arrive(&sem->core, rwsem_get_flavour())) {
		__atomic_store_n(&sem->writer, current, __ATOMIC_RELAXED);
		lock_stat_acquired(&sem->stat_write, 0, false);
	} else {
		ret = rwsem_wait(sem, RWSEM_WAITING_WRITE, state, &flags);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	if (!ret)
		held_add(sem, RWSEM_HELD_WRITE);
	else
		rwsem_dep_release(sem);
	return ret;
}

/**
 * down_read - take @sem for reading; sleep (uninterruptibly) if a writer
 * holds it or anyone is waiting (v61: unless it can steal it, rwsem.h).
 * @sem: the semaphore
 *
 * Context: process context, may sleep; BUG if the caller already holds
 * @sem (rwsem_check_down_read()).
 */
void down_read(struct rw_semaphore *sem)
{
	down_read_common(sem, TASK_UNINTERRUPTIBLE, LOCKDEP_RET_IP);
}

/**
 * down_read_killable - down_read() that gives up if the task is killed.
 * @sem: the semaphore
 *
 * Context: process context, may sleep; BUG as down_read().
 * Return: 0 holding @sem for reading, or -EINTR (not holding it).
 */
int down_read_killable(struct rw_semaphore *sem)
{
	return down_read_common(sem, TASK_KILLABLE, LOCKDEP_RET_IP);
}

/**
 * down_read_trylock - take @sem for reading only if that needs no wait.
 * @sem: the semaphore
 *
 * Fails while a writer holds it and also while anyone - in particular a
 * writer - is queued, even if only readers hold it.
 * Context: any task context; does not sleep.
 * Return: true if @sem is now held for reading.
 */
bool down_read_trylock(struct rw_semaphore *sem)
{
	unsigned long flags = spin_lock_irqsave(&sem->wait_lock);
	bool ok = rwsem_core_read_trylock(&sem->core);

	if (ok)
		lock_stat_acquired(&sem->stat_read, 0, false);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	if (ok) {
		held_add(sem, RWSEM_HELD_READ);
		rwsem_dep_acquire(sem, LOCKDEP_READ | LOCKDEP_TRY,
				  LOCKDEP_RET_IP);
	}
	return ok;
}

/**
 * up_read - drop a read hold; the last reader hands the lock on.
 * @sem: a semaphore the caller holds for reading
 *
 * Context: the task context that took it; BUG if the caller holds no
 * read lock on @sem (rwsem_check_up_read()).
 */
void up_read(struct rw_semaphore *sem)
{
	unsigned long flags;
	struct list_head wake = LIST_HEAD_INIT(wake);

	if (unlikely(rwsem_check_up_read(sem)))
		rwsem_bug_release(sem, "up_read", "");
	held_del(sem, RWSEM_HELD_READ);
	rwsem_dep_release(sem);
	flags = spin_lock_irqsave(&sem->wait_lock);
	rwsem_core_read_release(&sem->core, rwsem_get_flavour(), ktime_get_ns(),
				&wake);
	rwsem_wake_list(sem, &wake);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

/**
 * down_write - take @sem for writing; sleep (uninterruptibly) while held
 * or while others wait ahead (v61: a free lock is stolen, rwsem.h).
 * @sem: the semaphore
 *
 * Context: process context, may sleep; BUG if the caller already holds
 * @sem (rwsem_check_down_write()).
 */
void down_write(struct rw_semaphore *sem)
{
	down_write_common(sem, TASK_UNINTERRUPTIBLE, LOCKDEP_RET_IP);
}

/**
 * down_write_killable - down_write() that gives up if the task is killed.
 * @sem: the semaphore
 *
 * Context: process context, may sleep; BUG as down_write().
 * Return: 0 holding @sem for writing, or -EINTR (not holding it).
 */
int down_write_killable(struct rw_semaphore *sem)
{
	return down_write_common(sem, TASK_KILLABLE, LOCKDEP_RET_IP);
}

/**
 * down_write_trylock - take @sem for writing only if it is free and
 * nobody waits.
 * @sem: the semaphore
 *
 * Context: any task context; does not sleep.
 * Return: true if @sem is now held for writing.
 */
bool down_write_trylock(struct rw_semaphore *sem)
{
	unsigned long flags = spin_lock_irqsave(&sem->wait_lock);
	bool ok = rwsem_core_write_trylock(&sem->core);

	if (ok) {
		__atomic_store_n(&sem->writer, current, __ATOMIC_RELAXED);
		lock_stat_acquired(&sem->stat_write, 0, false);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	if (ok) {
		held_add(sem, RWSEM_HELD_WRITE);
		rwsem_dep_acquire(sem, LOCKDEP_TRY, LOCKDEP_RET_IP);
	}
	return ok;
}

/**
 * up_write - release the write hold and hand the lock on: to the head
 * waiter or the readers at the head (v4); to the queued readers, or a
 * wake-up for the writer at the head (v61).
 * @sem: a semaphore the caller holds for writing
 *
 * Context: task context of the writer; BUG for any other task
 * (rwsem_check_up_write()).
 */
void up_write(struct rw_semaphore *sem)
{
	unsigned long flags;
	struct list_head wake = LIST_HEAD_INIT(wake);

	if (unlikely(rwsem_check_up_write(sem)))
		rwsem_bug_release(sem, "up_write", " for write");
	held_del(sem, RWSEM_HELD_WRITE);
	rwsem_dep_release(sem);
	flags = spin_lock_irqsave(&sem->wait_lock);
	__atomic_store_n(&sem->writer, NULL, __ATOMIC_RELEASE);
	rwsem_core_write_release(&sem->core, rwsem_get_flavour(),
				 ktime_get_ns(), &wake);
	rwsem_wake_list(sem, &wake);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

/**
 * downgrade_write - turn the caller's write hold into a read hold.
 * @sem: a semaphore the caller holds for writing
 *
 * Readers at the head of the wait list get the lock with the caller; a
 * writer at the head keeps waiting for the readers to leave.
 * Context: task context of the writer; BUG for any other task
 * (rwsem_check_up_write()).
 */
void downgrade_write(struct rw_semaphore *sem)
{
	unsigned long flags;
	struct list_head wake = LIST_HEAD_INIT(wake);

	if (unlikely(rwsem_check_up_write(sem)))
		rwsem_bug_release(sem, "downgrade_write", " for write");
	held_downgrade(sem);
	flags = spin_lock_irqsave(&sem->wait_lock);
	__atomic_store_n(&sem->writer, NULL, __ATOMIC_RELEASE);
	rwsem_core_downgrade(&sem->core, rwsem_get_flavour(), &wake);
	rwsem_wake_list(sem, &wake);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->writer, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&sem->core.readers, __ATOMIC_ACQUIRE);
}

unsigned int rwsem_nr_readers(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->core.readers, __ATOMIC_ACQUIRE);
}

unsigned int rwsem_nr_waiters(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->core.nr_waiters, __ATOMIC_ACQUIRE);
}

bool rwsem_is_write_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->writer, __ATOMIC_ACQUIRE) != NULL;
}

/**
 * rwsem_queue_snapshot - who waits for @sem, in queue order.
 * @sem: the semaphore
 * @out: gets the first @max waiters (task, and whether it wants to write)
 * @max: room in @out
 *
 * For tests and inspection: the tasks may be gone once wait_lock drops,
 * so compare the pointers only with tasks the caller keeps alive.
 * Context: any task context; takes wait_lock.
 * Return: the number of waiters (may exceed @max).
 */
unsigned int rwsem_queue_snapshot(struct rw_semaphore *sem,
				  struct rwsem_queued *out, unsigned int max)
{
	unsigned long flags = spin_lock_irqsave(&sem->wait_lock);
	struct rwsem_core_waiter *cw;
	unsigned int n = 0;

	list_for_each_entry(cw, &sem->core.waiters, node) {
		if (n < max) {
			out[n].task = container_of(cw, struct rwsem_waiter,
						   core)->task;
			out[n].write = cw->type == RWSEM_WAITING_WRITE;
		}
		n++;
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return n;
}

/**
 * rwsem_handoff_pending - is v61's hand-off bit set on @sem?
 * @sem: the semaphore
 *
 * Context: any.
 * Return: true while a waiter owns the hand-off (nobody can steal).
 */
bool rwsem_handoff_pending(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->core.handoff, __ATOMIC_ACQUIRE);
}

/* BUG unless the running task holds @sem for writing. */
void rwsem_assert_held_write(struct rw_semaphore *sem)
{
	BUG_ON(__atomic_load_n(&sem->writer, __ATOMIC_ACQUIRE) != current);
}
