/* SPDX-License-Identifier: MIT */
/*
 * The rwsem's rules as pure state: who gets the lock on arrival, who
 * queues, whom a release grants or wakes. No tasks, no locking, no clock:
 * kernel/rwsem.c calls these under its wait_lock with the time, then wakes
 * the tasks of the waiters the call put on its wake list. The same code
 * runs in the host tests (tests/kernel/rwsem_core_test.c).
 *
 * Two flavours, chosen per call (kernel/rwsem.h says which runs):
 *
 * V4 - Linux 4.x as modelled here: one strict FIFO. Arrivals take the
 * lock only if nobody waits; a release grants the head directly (a writer
 * once the lock is free, else the run of readers up to the first writer),
 * so a granted waiter never competes again.
 *
 * V61 - Linux 6.1 (kernel/locking/rwsem.c), checked against the source:
 *  - Readers are granted, writers only woken. rwsem_mark_wake() with a
 *    writer at the head wakes that writer, which must take the lock itself
 *    (rwsem_try_write_lock()); with a reader at the head it grants every
 *    reader in the queue, skipping writers, at most MAX_READERS_WAKEUP
 *    (0x100) per call, and clears the hand-off bit if it granted any.
 *  - Reader lock stealing (rwsem_down_read_slowpath()): a reader whose
 *    fast path failed takes the lock anyway if no writer holds it, no
 *    hand-off is set and no other reader holds it. With readers holding
 *    the lock it queues: that is what keeps a queued writer from
 *    starving. (Linux's first stealing reader also grants queued readers
 *    if a reader is first; under one lock that never happens here, since
 *    a free lock's queue always starts with a woken writer.)
 *  - Writer lock stealing: a writer arriving at a free lock takes it
 *    unless the hand-off bit is set, waiters or not (the optimistic spin's
 *    rwsem_try_write_lock_unqueued(); we do not spin, so the steal is
 *    decided at arrival). A queued writer tries on queueing and on every
 *    wake-up (rwsem_try_write_lock()): it takes a free lock, queued first
 *    or not, unless the hand-off was set by the first waiter and that is
 *    not it.
 *  - Hand-off (RWSEM_FLAG_HANDOFF): a queued writer that finds the lock
 *    held after waiting more than RWSEM_WAIT_TIMEOUT sets it and marks
 *    the first waiter as its owner; a reader at the head that finds a
 *    writer holding the lock when it is to be woken does the same. While
 *    it is set nobody steals: arriving readers and writers queue.
 *    RWSEM_WAIT_TIMEOUT is DIV_ROUND_UP(HZ, 250) jiffies: 4 ms at HZ=250
 *    and HZ=1000, RWSEM_CORE_WAIT_TIMEOUT_NS here. It is cleared when a
 *    writer takes the lock, when readers are granted, and when the queue
 *    empties (rwsem_del_waiter()).
 *  - A killed waiter that was first wakes the new head
 *    (rwsem_del_wake_waiter()).
 *  - downgrade_write() grants the queued readers if a reader is first
 *    (rwsem_downgrade_wake()), nothing if a writer is.
 *
 * Both flavours, the property the OOM reaper depends on: while readers
 * hold the lock and a writer is queued, down_read_trylock() fails (6.1's
 * __down_read_trylock() fails on RWSEM_FLAG_WAITERS, 4.19's on a negative
 * count) and a new down_read() queues behind the writer (6.1: no steal
 * while other readers hold it). read_trylock() fails whenever anyone is
 * queued, and write_trylock() unless the lock is free and nobody queued.
 */
#ifndef KERNEL_RWSEM_CORE_H
#define KERNEL_RWSEM_CORE_H

#include "lib/list.h"
#include "lib/types.h"

enum rwsem_flavour { RWSEM_FLAVOUR_V4, RWSEM_FLAVOUR_V61 };

/* Linux 6.1's MAX_READERS_WAKEUP and RWSEM_WAIT_TIMEOUT (at HZ=250). */
#define RWSEM_CORE_MAX_READERS_WAKEUP	0x100
#define RWSEM_CORE_WAIT_TIMEOUT_NS	4000000ULL

enum rwsem_waiter_type { RWSEM_WAITING_READ, RWSEM_WAITING_WRITE };

/* Locking: everything under the caller's lock (rw_semaphore.wait_lock). */
struct rwsem_core_waiter {
	struct list_head node;		/* on rwsem_core.waiters */
	struct list_head wake;		/* on one call's wake list */
	enum rwsem_waiter_type type;
	bool granted;			/* holds the lock, off the queue */
	bool handoff_set;		/* V61: owns the hand-off */
	u64 timeout_ns;			/* V61: may set the hand-off after */
};

struct rwsem_core {
	unsigned int readers;		/* readers holding it */
	bool write_locked;
	bool handoff;			/* V61: RWSEM_FLAG_HANDOFF */
	struct list_head waiters;	/* FIFO of rwsem_core_waiter */
	unsigned int nr_waiters;
};

#define RWSEM_CORE_INIT(name) { .waiters = LIST_HEAD_INIT((name).waiters) }

void rwsem_core_init(struct rwsem_core *c);

bool rwsem_core_read_trylock(struct rwsem_core *c);
bool rwsem_core_write_trylock(struct rwsem_core *c);
bool rwsem_core_read_arrive(struct rwsem_core *c, enum rwsem_flavour f);
bool rwsem_core_write_arrive(struct rwsem_core *c, enum rwsem_flavour f);
void rwsem_core_enqueue(struct rwsem_core *c, struct rwsem_core_waiter *w,
			enum rwsem_flavour f, u64 now_ns,
			struct list_head *wake);
bool rwsem_core_write_try(struct rwsem_core *c, struct rwsem_core_waiter *w,
			  enum rwsem_flavour f, u64 now_ns);
void rwsem_core_cancel(struct rwsem_core *c, struct rwsem_core_waiter *w,
		       enum rwsem_flavour f, u64 now_ns,
		       struct list_head *wake);
void rwsem_core_read_release(struct rwsem_core *c, enum rwsem_flavour f,
			     u64 now_ns, struct list_head *wake);
void rwsem_core_write_release(struct rwsem_core *c, enum rwsem_flavour f,
			      u64 now_ns, struct list_head *wake);
void rwsem_core_downgrade(struct rwsem_core *c, enum rwsem_flavour f,
			  struct list_head *wake);

#endif
