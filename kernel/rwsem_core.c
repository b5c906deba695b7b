// SPDX-License-Identifier: MIT
/*
 * The rwsem's rules (kernel/rwsem_core.h). Every function runs under the
 * caller's lock and changes only the state it is given; a waiter that is
 * granted the lock or must retry for it goes on the call's wake list, and
 * the caller wakes its task.
 *
 * Invariants: write_locked implies readers == 0; an empty queue has no
 * hand-off. Under V4 a non-empty queue's head cannot be granted: a writer
 * while the lock is held, a reader while a writer holds it. Under V61
 * a free lock may have a queue: its head writer was woken and has not run
 * yet - the window in which the lock can be stolen.
 */
#include "kernel/rwsem_core.h"

/* Linux 6.1's enum rwsem_wake_type: who may be woken. */
enum rwsem_core_wake {
	WAKE_ANY,		/* the lock is free: a writer or readers */
	WAKE_READERS,		/* readers hold it: readers only */
	WAKE_READ_OWNED,	/* the caller just took it for reading */
};

/**
 * rwsem_core_init - an unlocked rwsem with nobody queued.
 * @c: the state to initialise
 *
 * Context: any; @c is not in use.
 */
void rwsem_core_init(struct rwsem_core *c)
{
	*c = (struct rwsem_core){ 0 };
	INIT_LIST_HEAD(&c->waiters);
}

static struct rwsem_core_waiter *first_waiter(struct rwsem_core *c)
{
	return list_empty(&c->waiters) ?
		       NULL :
		       list_first_entry(&c->waiters, struct rwsem_core_waiter,
					node);
}

/* Linux 6.1's rwsem_del_waiter(): the hand-off dies with the queue. */
static void del_waiter(struct rwsem_core *c, struct rwsem_core_waiter *w)
{
	list_del_init(&w->node);
	c->nr_waiters--;
	if (list_empty(&c->waiters))
		c->handoff = false;
}

static void take_write(struct rwsem_core *c)
{
	c->write_locked = true;
	c->handoff = false;
}

/* Give the lock to the queued @w; its task is woken by the caller. */
static void grant(struct rwsem_core *c, struct rwsem_core_waiter *w,
		  struct list_head *wake)
{
	del_waiter(c, w);
	if (w->type == RWSEM_WAITING_WRITE)
		take_write(c);
	else
		c->readers++;
	w->granted = true;
	list_add_tail(&w->wake, wake);
}

/* V4: grant the head as far as the state allows, in FIFO order. */
static void v4_grant(struct rwsem_core *c, struct list_head *wake)
{
	struct rwsem_core_waiter *w;

	while ((w = first_waiter(c)) && !c->write_locked) {
		if (w->type == RWSEM_WAITING_WRITE) {
			if (!c->readers)
				grant(c, w, wake);
			return;
		}
		grant(c, w, wake);
	}
}

/*
 * V61: Linux 6.1's rwsem_mark_wake(). A writer at the head is only woken
 * (WAKE_ANY); readers are granted, anywhere in the queue, up to the limit.
 * A head reader that finds a writer in possession past its timeout asks
 * for the hand-off.
 */
static void v61_mark_wake(struct rwsem_core *c, enum rwsem_core_wake type,
			  u64 now_ns, struct list_head *wake)
{
	struct rwsem_core_waiter *w = first_waiter(c), *tmp;
	unsigned int woken = 0;

	if (w->type == RWSEM_WAITING_WRITE) {
		if (type == WAKE_ANY)
			list_add_tail(&w->wake, wake);
		return;
	}
	if (type != WAKE_READ_OWNED && c->write_locked) {
		if (now_ns > w->timeout_ns) {
			c->handoff = true;
			w->handoff_set = true;
		}
		return;
	}
	list_for_each_entry_safe(w, tmp, &c->waiters, node) {
		if (w->type == RWSEM_WAITING_WRITE)
			continue;
		grant(c, w, wake);
		if (++woken >= RWSEM_CORE_MAX_READERS_WAKEUP)
			break;
	}
	c->handoff = false;
}

/* V61: Linux 6.1's rwsem_cond_wake_waiter(), after a waiter queued. */
static void v61_cond_wake(struct rwsem_core *c, u64 now_ns,
			  struct list_head *wake)
{
	if (!c->write_locked)
		v61_mark_wake(c, c->readers ? WAKE_READERS : WAKE_ANY, now_ns,
			      wake);
}

/**
 * rwsem_core_read_trylock - take it for reading if nothing stands in the
 * way: no writer holding it and nobody queued (so no hand-off either).
 * @c: the state
 *
 * The same in both flavours: a queued writer makes it fail even while
 * readers hold the lock.
 * Context: under the caller's lock.
 * Return: true if the caller now holds it for reading.
 */
bool rwsem_core_read_trylock(struct rwsem_core *c)
{
	if (c->write_locked || !list_empty(&c->waiters) || c->handoff)
		return false;
	c->readers++;
	return true;
}

/**
 * rwsem_core_write_trylock - take it for writing if it is free and
 * nobody is queued.
 * @c: the state
 *
 * Context: under the caller's lock.
 * Return: true if the caller now holds it for writing.
 */
bool rwsem_core_write_trylock(struct rwsem_core *c)
{
	if (c->write_locked || c->readers || !list_empty(&c->waiters))
		return false;
	take_write(c);
	return true;
}

/**
 * rwsem_core_read_arrive - down_read() before it would queue: the fast
 * path and, under V61, reader lock stealing.
 * @c: the state
 * @f: the flavour
 *
 * Context: under the caller's lock.
 * Return: true if the caller now holds it for reading; false: it must
 * queue (rwsem_core_enqueue()).
 */
bool rwsem_core_read_arrive(struct rwsem_core *c, enum rwsem_flavour f)
{
	if (rwsem_core_read_trylock(c))
		return true;
	if (f == RWSEM_FLAVOUR_V4 || c->write_locked || c->handoff ||
	    c->readers)
		return false;
	/*
	 * Linux 6.1's first stealing reader then grants the queued readers
	 * if a reader is first. Here a free lock with a queue always has a
	 * woken writer first (releases grant readers under the same lock),
	 * so there is nobody to grant.
	 */
	c->readers = 1;
	return true;
}

/**
 * rwsem_core_write_arrive - down_write() before it would queue: the fast
 * path and, under V61, writer lock stealing (a free lock, no hand-off).
 * @c: the state
 * @f: the flavour
 *
 * Context: under the caller's lock.
 * Return: true if the caller now holds it for writing; false: it must
 * queue (rwsem_core_enqueue()).
 */
bool rwsem_core_write_arrive(struct rwsem_core *c, enum rwsem_flavour f)
{
	if (rwsem_core_write_trylock(c))
		return true;
	if (f == RWSEM_FLAVOUR_V4 || c->write_locked || c->readers ||
	    c->handoff)
		return false;
	take_write(c);
	return true;
}

/**
 * rwsem_core_enqueue - queue @w at the tail.
 * @c: the state
 * @w: the waiter; its type set, the rest is initialised here
 * @f: the flavour
 * @now_ns: the time, which starts @w's hand-off timeout
 * @wake: V61: waiters to wake because of the queueing (a reader queued
 *        while readers hold the lock and a reader is first grants the
 *        readers, itself included, as Linux 6.1 does)
 *
 * A queued writer then calls rwsem_core_write_try() before it sleeps.
 * Context: under the caller's lock.
 */
void rwsem_core_enqueue(struct rwsem_core *c, struct rwsem_core_waiter *w,
			enum rwsem_flavour f, u64 now_ns,
			struct list_head *wake)
{
	bool first = list_empty(&c->waiters);

	w->granted = false;
	w->handoff_set = false;
	w->timeout_ns = now_ns + RWSEM_CORE_WAIT_TIMEOUT_NS;
	list_add_tail(&w->node, &c->waiters);
	c->nr_waiters++;
	if (f == RWSEM_FLAVOUR_V61 &&
	    (w->type == RWSEM_WAITING_READ || !first))
		v61_cond_wake(c, now_ns, wake);
}

/**
 * rwsem_core_write_try - a queued writer tries to take the lock (Linux
 * 6.1's rwsem_try_write_lock()).
 * @c: the state
 * @w: the caller's queued, not granted writer
 * @f: the flavour
 * @now_ns: the time, against @w's hand-off timeout
 *
 * V4: only the head takes a free lock (what a grant would do). V61: any
 * queued writer takes a free lock unless the first waiter owns the
 * hand-off; one that finds it held past its timeout sets the hand-off.
 * Context: under the caller's lock.
 * Return: true if @w now holds it for writing (and is off the queue).
 */
bool rwsem_core_write_try(struct rwsem_core *c, struct rwsem_core_waiter *w,
			  enum rwsem_flavour f, u64 now_ns)
{
	struct rwsem_core_waiter *first = first_waiter(c);
	bool held = c->write_locked || c->readers;

	if (f == RWSEM_FLAVOUR_V4) {
		if (held || first != w)
			return false;
	} else {
		if (c->handoff && first->handoff_set && first != w)
			return false;
		if (held) {
			if (!c->handoff && now_ns > w->timeout_ns) {
				c->handoff = true;
				first->handoff_set = true;
			}
			return false;
		}
	}
	del_waiter(c, w);
	take_write(c);
	w->granted = true;
	return true;
}

/**
 * rwsem_core_cancel - a killed waiter leaves the queue without the lock.
 * @c: the state
 * @w: the queued, not granted waiter
 * @f: the flavour
 * @now_ns: the time
 * @wake: waiters its departure lets in (V4) or wakes (V61: if it was
 *        first, Linux 6.1's rwsem_del_wake_waiter() wakes the new head)
 *
 * Context: under the caller's lock.
 */
void rwsem_core_cancel(struct rwsem_core *c, struct rwsem_core_waiter *w,
		       enum rwsem_flavour f, u64 now_ns,
		       struct list_head *wake)
{
	bool was_first = first_waiter(c) == w;

	del_waiter(c, w);
	if (f == RWSEM_FLAVOUR_V4)
		v4_grant(c, wake);
	else if (was_first && !list_empty(&c->waiters))
		v61_mark_wake(c, WAKE_ANY, now_ns, wake);
}

/**
 * rwsem_core_read_release - a reader lets go; the last one hands on.
 * @c: the state, held for reading by the caller
 * @f: the flavour
 * @now_ns: the time
 * @wake: the waiters granted (V4, V61 readers) or woken (V61 writer)
 *
 * Context: under the caller's lock.
 */
void rwsem_core_read_release(struct rwsem_core *c, enum rwsem_flavour f,
			     u64 now_ns, struct list_head *wake)
{
	if (--c->readers || list_empty(&c->waiters))
		return;
	if (f == RWSEM_FLAVOUR_V4)
		v4_grant(c, wake);
	else
		v61_mark_wake(c, WAKE_ANY, now_ns, wake);
}

/**
 * rwsem_core_write_release - the writer lets go and hands on.
 * @c: the state, held for writing by the caller
 * @f: the flavour
 * @now_ns: the time
 * @wake: the waiters granted (V4, V61 readers) or woken (V61 writer)
 *
 * Context: under the caller's lock.
 */
void rwsem_core_write_release(struct rwsem_core *c, enum rwsem_flavour f,
			      u64 now_ns, struct list_head *wake)
{
	c->write_locked = false;
	if (list_empty(&c->waiters))
		return;
	if (f == RWSEM_FLAVOUR_V4)
		v4_grant(c, wake);
	else
		v61_mark_wake(c, WAKE_ANY, now_ns, wake);
}

/**
 * rwsem_core_downgrade - the writer becomes a reader, and queued readers
 * join it if a reader is first.
 * @c: the state, held for writing by the caller
 * @f: the flavour
 * @wake: the readers granted
 *
 * V4 grants the run of readers at the head; V61 every queued reader up
 * to the limit, skipping writers (Linux 6.1's rwsem_downgrade_wake()).
 * Context: under the caller's lock.
 */
void rwsem_core_downgrade(struct rwsem_core *c, enum rwsem_flavour f,
			  struct list_head *wake)
{
	c->write_locked = false;
	c->readers = 1;
	if (list_empty(&c->waiters))
		return;
	if (f == RWSEM_FLAVOUR_V4)
		v4_grant(c, wake);
	else
		v61_mark_wake(c, WAKE_READ_OWNED, 0, wake);
}
