// SPDX-License-Identifier: MIT
/*
 * Read-write semaphores (kernel/rwsem.h). All state lives under
 * wait_lock; the fast paths are the same lock with nothing to wait for.
 * Waiters are granted the lock by whoever makes it available
 * (rwsem_grant()), which marks the waiter record and wakes the task: the
 * task never re-competes, so the FIFO order is exactly the grant order.
 *
 * Invariant (under wait_lock): writer != NULL implies readers == 0; a
 * non-empty wait list implies its head cannot be granted, i.e. the head
 * is a writer and the lock is held, or the head is a reader and a writer
 * holds the lock.
 */
#include <arch/cpu.h>
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "lib/errno.h"

enum rwsem_waiter_type { RWSEM_WAITING_READ, RWSEM_WAITING_WRITE };

struct rwsem_waiter {
	struct list_head node;		/* [w] on rw_semaphore.waiters */
	struct task *task;
	enum rwsem_waiter_type type;
	bool granted;			/* [w] the lock is ours */
};

void init_rwsem(struct rw_semaphore *sem, const char *name)
{
	spin_lock_init(&sem->wait_lock, name);
	sem->readers = 0;
	sem->writer = NULL;
	INIT_LIST_HEAD(&sem->waiters);
	sem->nr_waiters = 0;
	lock_stat_reset(&sem->stat_read);
	lock_stat_reset(&sem->stat_write);
	sem->name = name;
}

static void grant_one(struct rw_semaphore *sem, struct rwsem_waiter *w)
{
	list_del_init(&w->node);
	sem->nr_waiters--;
	if (w->type == RWSEM_WAITING_WRITE)
		__atomic_store_n(&sem->writer, w->task, __ATOMIC_RELAXED);
	else
		sem->readers++;
	w->granted = true;
	wake_up_process(w->task);
}

/*
 * Hand the lock to the head of the wait list as far as the state allows:
 * a writer if the lock is free, else the run of readers at the head if no
 * writer holds it. Called after every change that can free the lock.
 */
static void rwsem_grant(struct rw_semaphore *sem)
{
	struct rwsem_waiter *w;

	spin_assert_held(&sem->wait_lock);
	while (!list_empty(&sem->waiters) && !sem->writer) {
		w = list_first_entry(&sem->waiters, struct rwsem_waiter,
				     node);
		if (w->type == RWSEM_WAITING_WRITE) {
			if (!sem->readers)
				grant_one(sem, w);
			return;
		}
		grant_one(sem, w);
	}
}

/* Queue the caller and sleep in @state until granted or killed. */
static int rwsem_wait(struct rw_semaphore *sem, enum rwsem_waiter_type type,
		      unsigned int state, unsigned long *flags)
{
	struct rwsem_waiter w = { .task = current, .type = type };
	struct lock_stat *st = type == RWSEM_WAITING_WRITE ? &sem->stat_write :
							     &sem->stat_read;
	u64 start = arch_rdtsc();

	list_add_tail(&w.node, &sem->waiters);
	sem->nr_waiters++;
	for (;;) {
		set_current_state(state);
		spin_unlock_irqrestore(&sem->wait_lock, *flags);
		schedule();
		*flags = spin_lock_irqsave(&sem->wait_lock);
		if (w.granted)
			break;
		if (signal_pending_state(state, current)) {
			list_del_init(&w.node);
			sem->nr_waiters--;
			rwsem_grant(sem);
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
	}
	__set_current_state(TASK_RUNNING);
	lock_stat_acquired(st, arch_rdtsc() - start, true);
	return 0;
}

static int down_read_common(struct rw_semaphore *sem, unsigned int state)
{
	unsigned long flags;
	int ret = 0;

	might_sleep();
	flags = spin_lock_irqsave(&sem->wait_lock);
	if (!sem->writer && list_empty(&sem->waiters)) {
		sem->readers++;
		lock_stat_acquired(&sem->stat_read, 0, false);
	} else {
		if (sem->writer == current)
			panic("rwsem %s: down_read by its writer %s:%d",
			      sem->name, current->name, current->pid);
		ret = rwsem_wait(sem, RWSEM_WAITING_READ, state, &flags);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return ret;
}

static int down_write_common(struct rw_semaphore *sem, unsigned int state)
{
	unsigned long flags;
	int ret = 0;

	might_sleep();
	flags = spin_lock_irqsave(&sem->wait_lock);
	if (!sem->writer && !sem->readers && list_empty(&sem->waiters)) {
		__atomic_store_n(&sem->writer, current, __ATOMIC_RELAXED);
		lock_stat_acquired(&sem->stat_write, 0, false);
	} else {
		if (sem->writer == current)
			panic("rwsem %s: recursive down_write by %s:%d",
			      sem->name, current->name, current->pid);
		ret = rwsem_wait(sem, RWSEM_WAITING_WRITE, state, &flags);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return ret;
}

/**
 * down_read - take @sem for reading; sleep (uninterruptibly) if a writer
 * holds it or anyone is waiting.
 * @sem: the semaphore
 *
 * Context: process context, may sleep.
 */
void down_read(struct rw_semaphore *sem)
{
	down_read_common(sem, TASK_UNINTERRUPTIBLE);
}

/**
 * down_read_killable - down_read() that gives up if the task is killed.
 * @sem: the semaphore
 *
 * Context: process context, may sleep.
 * Return: 0 holding @sem for reading, or -EINTR (not holding it).
 */
int down_read_killable(struct rw_semaphore *sem)
{
	return down_read_common(sem, TASK_KILLABLE);
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
	bool ok = !sem->writer && list_empty(&sem->waiters);

	if (ok) {
		sem->readers++;
		lock_stat_acquired(&sem->stat_read, 0, false);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return ok;
}

/**
 * up_read - drop a read hold; the last reader hands the lock on.
 * @sem: a semaphore the caller holds for reading
 *
 * Context: any task context.
 */
void up_read(struct rw_semaphore *sem)
{
	unsigned long flags = spin_lock_irqsave(&sem->wait_lock);

	if (!sem->readers || sem->writer)
		panic("rwsem %s: up_read without a read hold", sem->name);
	if (!--sem->readers)
		rwsem_grant(sem);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

/**
 * down_write - take @sem for writing; sleep (uninterruptibly) while held
 * or while others wait ahead.
 * @sem: the semaphore
 *
 * Context: process context, may sleep.
 */
void down_write(struct rw_semaphore *sem)
{
	down_write_common(sem, TASK_UNINTERRUPTIBLE);
}

/**
 * down_write_killable - down_write() that gives up if the task is killed.
 * @sem: the semaphore
 *
 * Context: process context, may sleep.
 * Return: 0 holding @sem for writing, or -EINTR (not holding it).
 */
int down_write_killable(struct rw_semaphore *sem)
{
	return down_write_common(sem, TASK_KILLABLE);
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
	bool ok = !sem->writer && !sem->readers && list_empty(&sem->waiters);

	if (ok) {
		__atomic_store_n(&sem->writer, current, __ATOMIC_RELAXED);
		lock_stat_acquired(&sem->stat_write, 0, false);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return ok;
}

/**
 * up_write - release the write hold and hand the lock to the head waiter
 * (or the run of readers at the head).
 * @sem: a semaphore the caller holds for writing
 *
 * Context: task context of the writer.
 */
void up_write(struct rw_semaphore *sem)
{
	unsigned long flags = spin_lock_irqsave(&sem->wait_lock);

	if (sem->writer != current)
		panic("rwsem %s: up_write by %s:%d, not the writer", sem->name,
		      current->name, current->pid);
	__atomic_store_n(&sem->writer, NULL, __ATOMIC_RELEASE);
	rwsem_grant(sem);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

/**
 * downgrade_write - turn the caller's write hold into a read hold.
 * @sem: a semaphore the caller holds for writing
 *
 * Readers at the head of the wait list get the lock with the caller; a
 * writer at the head keeps waiting for the readers to leave.
 * Context: task context of the writer.
 */
void downgrade_write(struct rw_semaphore *sem)
{
	unsigned long flags = spin_lock_irqsave(&sem->wait_lock);

	if (sem->writer != current)
		panic("rwsem %s: downgrade_write by %s:%d, not the writer",
		      sem->name, current->name, current->pid);
	__atomic_store_n(&sem->writer, NULL, __ATOMIC_RELEASE);
	sem->readers = 1;
	rwsem_grant(sem);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->writer, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&sem->readers, __ATOMIC_ACQUIRE);
}

unsigned int rwsem_nr_readers(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->readers, __ATOMIC_ACQUIRE);
}

unsigned int rwsem_nr_waiters(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->nr_waiters, __ATOMIC_ACQUIRE);
}

bool rwsem_is_write_locked(struct rw_semaphore *sem)
{
	return __atomic_load_n(&sem->writer, __ATOMIC_ACQUIRE) != NULL;
}

/* BUG unless the running task holds @sem for writing. */
void rwsem_assert_held_write(struct rw_semaphore *sem)
{
	BUG_ON(__atomic_load_n(&sem->writer, __ATOMIC_ACQUIRE) != current);
}

/* Print both sides' statistics (lockstat format). Context: any. */
void rwsem_print_stats(struct rw_semaphore *sem)
{
	printk("rwsem %s:\n", sem->name ? sem->name : "?");
	lockstat_print(&sem->stat_read, "  read");
	lockstat_print(&sem->stat_write, "  write");
}
