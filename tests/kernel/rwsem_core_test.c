// SPDX-License-Identifier: MIT
/*
 * The rwsem's rules (kernel/rwsem_core.c), host and kernel, one rule per
 * case, driven as kernel/rwsem.c drives them: arrivals, queueing, the
 * releases, and what each puts on the wake list. Times are in ns; a
 * waiter queued at 0 may set the hand-off after 4 ms.
 */
#include "kernel/ktest.h"
#include "kernel/rwsem_core.h"

#define MS	1000000ULL
#define NW	300

static struct rwsem_core_waiter ws[NW];
static struct list_head wake;

static struct rwsem_core *core_reset(struct rwsem_core *c)
{
	rwsem_core_init(c);
	INIT_LIST_HEAD(&wake);
	for (int i = 0; i < NW; i++)
		ws[i] = (struct rwsem_core_waiter){ .type = RWSEM_WAITING_READ };
	return c;
}

static struct rwsem_core_waiter *queue(struct rwsem_core *c, int i,
				       enum rwsem_waiter_type type,
				       enum rwsem_flavour f, u64 now)
{
	ws[i].type = type;
	rwsem_core_enqueue(c, &ws[i], f, now, &wake);
	return &ws[i];
}

static unsigned int wake_count(void)
{
	unsigned int n = 0;

	for (struct list_head *p = wake.next; p != &wake; p = p->next)
		n++;
	INIT_LIST_HEAD(&wake);
	return n;
}

/*
 * The reaper's property, both flavours: readers hold the lock, a writer
 * queues; down_read_trylock() fails and a new down_read() must queue.
 */
static void rwsem_core_queued_writer_stops_readers(struct ktest *t)
{
	static const enum rwsem_flavour fl[] = { RWSEM_FLAVOUR_V4,
						 RWSEM_FLAVOUR_V61 };
	struct rwsem_core c;

	for (unsigned int i = 0; i < 2; i++) {
		core_reset(&c);
		KTEST_EXPECT(t, rwsem_core_read_arrive(&c, fl[i]));
		KTEST_EXPECT(t, rwsem_core_read_trylock(&c));
		queue(&c, 0, RWSEM_WAITING_WRITE, fl[i], 0);
		KTEST_EXPECT(t, !rwsem_core_write_try(&c, &ws[0], fl[i], 0));
		KTEST_EXPECT(t, !rwsem_core_read_trylock(&c));
		KTEST_EXPECT(t, !rwsem_core_read_arrive(&c, fl[i]));
		KTEST_EXPECT(t, !rwsem_core_write_arrive(&c, fl[i]));
		KTEST_EXPECT_EQ(t, c.readers, 2);
		KTEST_EXPECT_EQ(t, wake_count(), 0);
	}
}

/*
 * V4: a release grants the head directly, readers up to the first
 * writer.   held: W   queue: R0, R1, W2, R3
 * Expected: R0, R1 granted (2 readers); W2 and R3 stay queued.
 */
static void rwsem_core_v4_grants_head_run(struct ktest *t)
{
	const enum rwsem_flavour f = RWSEM_FLAVOUR_V4;
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	queue(&c, 0, RWSEM_WAITING_READ, f, 0);
	queue(&c, 1, RWSEM_WAITING_READ, f, 0);
	queue(&c, 2, RWSEM_WAITING_WRITE, f, 0);
	queue(&c, 3, RWSEM_WAITING_READ, f, 0);
	rwsem_core_write_release(&c, f, 0, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 2);
	KTEST_EXPECT(t, ws[0].granted && ws[1].granted);
	KTEST_EXPECT(t, !ws[2].granted && !ws[3].granted);
	KTEST_EXPECT_EQ(t, c.readers, 2);
	KTEST_EXPECT_EQ(t, c.nr_waiters, 2);
	rwsem_core_read_release(&c, f, 0, &wake);
	rwsem_core_read_release(&c, f, 0, &wake);
	KTEST_EXPECT(t, ws[2].granted && c.write_locked);
	KTEST_EXPECT(t, !rwsem_core_read_arrive(&c, f));	/* no steal */
}

/*
 * V61: readers are granted together, skipping writers.
 *   held: W   queue: R0, W1, R2
 * Expected: R0 and R2 granted (2 readers), W1 still queued, not woken.
 */
static void rwsem_core_v61_readers_skip_writers(struct ktest *t)
{
	const enum rwsem_flavour f = RWSEM_FLAVOUR_V61;
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	queue(&c, 0, RWSEM_WAITING_READ, f, 0);
	queue(&c, 1, RWSEM_WAITING_WRITE, f, 0);
	queue(&c, 2, RWSEM_WAITING_READ, f, 0);
	rwsem_core_write_release(&c, f, 0, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 2);
	KTEST_EXPECT(t, ws[0].granted && ws[2].granted && !ws[1].granted);
	KTEST_EXPECT_EQ(t, c.readers, 2);
	KTEST_EXPECT_EQ(t, c.nr_waiters, 1);
}

/*
 * V61: one release grants at most MAX_READERS_WAKEUP (256) readers; the
 * rest are granted when another reader queues behind them or the last
 * reader leaves.   held: W   queue: R0..R298
 * Expected: 256 granted, 43 queued; a reader arriving then queues and
 * is granted with the 43.
 */
static void rwsem_core_v61_wakeup_limit(struct ktest *t)
{
	const enum rwsem_flavour f = RWSEM_FLAVOUR_V61;
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	for (int i = 0; i < NW - 1; i++)
		queue(&c, i, RWSEM_WAITING_READ, f, 0);
	KTEST_EXPECT_EQ(t, wake_count(), 0);
	rwsem_core_write_release(&c, f, 0, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), RWSEM_CORE_MAX_READERS_WAKEUP);
	KTEST_EXPECT_EQ(t, c.readers, RWSEM_CORE_MAX_READERS_WAKEUP);
	KTEST_EXPECT_EQ(t, c.nr_waiters, NW - 1 - 256);
	KTEST_EXPECT(t, !rwsem_core_read_arrive(&c, f));
	queue(&c, NW - 1, RWSEM_WAITING_READ, f, 0);
	KTEST_EXPECT_EQ(t, wake_count(), NW - 256);
	KTEST_EXPECT(t, ws[NW - 1].granted);
	KTEST_EXPECT_EQ(t, c.nr_waiters, 0);
}

/*
 * V61: a release only wakes the writer at the head; until it runs, a
 * reader (no other reader holding it) or a writer steals the free lock.
 *   held: R   queue: W0;  up_read: W0 woken, not granted.
 * Expected V61: an arriving reader gets it, and then (readers holding
 * it) a second one queues. V4: W0 granted, the reader queues.
 */
static void rwsem_core_v61_reader_steals(struct ktest *t)
{
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_read_arrive(&c, RWSEM_FLAVOUR_V61));
	queue(&c, 0, RWSEM_WAITING_WRITE, RWSEM_FLAVOUR_V61, 0);
	rwsem_core_read_release(&c, RWSEM_FLAVOUR_V61, 0, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 1);
	KTEST_EXPECT(t, !ws[0].granted && !c.write_locked);
	KTEST_EXPECT(t, !rwsem_core_read_trylock(&c));
	KTEST_EXPECT(t, rwsem_core_read_arrive(&c, RWSEM_FLAVOUR_V61));
	KTEST_EXPECT(t, !rwsem_core_read_arrive(&c, RWSEM_FLAVOUR_V61));
	KTEST_EXPECT(t, !rwsem_core_write_try(&c, &ws[0], RWSEM_FLAVOUR_V61,
					      MS));

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_read_arrive(&c, RWSEM_FLAVOUR_V4));
	queue(&c, 0, RWSEM_WAITING_WRITE, RWSEM_FLAVOUR_V4, 0);
	rwsem_core_read_release(&c, RWSEM_FLAVOUR_V4, 0, &wake);
	KTEST_EXPECT(t, ws[0].granted && c.write_locked);
	KTEST_EXPECT(t, !rwsem_core_read_arrive(&c, RWSEM_FLAVOUR_V4));
}

/*
 * V61: a writer arriving at a free lock steals it from the woken head
 * writer; a queued writer that is not first takes a free lock too.
 *   held: W   queue: W0, W1;  up_write: W0 woken.
 * Expected V61: an arriving writer gets it; after its release W1 (not
 * first) takes it on its try. V4: the arrival queues, W0 is granted.
 */
static void rwsem_core_v61_writer_steals(struct ktest *t)
{
	const enum rwsem_flavour f = RWSEM_FLAVOUR_V61;
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	queue(&c, 0, RWSEM_WAITING_WRITE, f, 0);
	queue(&c, 1, RWSEM_WAITING_WRITE, f, 0);
	rwsem_core_write_release(&c, f, 0, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 1);
	KTEST_EXPECT(t, !rwsem_core_write_trylock(&c));	/* waiters */
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	rwsem_core_write_release(&c, f, 0, &wake);
	KTEST_EXPECT(t, rwsem_core_write_try(&c, &ws[1], f, 0));
	KTEST_EXPECT(t, ws[1].granted && c.nr_waiters == 1);

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, RWSEM_FLAVOUR_V4));
	queue(&c, 0, RWSEM_WAITING_WRITE, RWSEM_FLAVOUR_V4, 0);
	rwsem_core_write_release(&c, RWSEM_FLAVOUR_V4, 0, &wake);
	KTEST_EXPECT(t, ws[0].granted);
	KTEST_EXPECT(t, !rwsem_core_write_arrive(&c, RWSEM_FLAVOUR_V4));
}

/*
 * V61 hand-off: the woken writer W0 finds its lock stolen. Before its
 * 4 ms it just waits again; after them it sets the hand-off, which stops
 * every steal, and takes the lock at the next release.
 */
static void rwsem_core_v61_handoff_stops_stealing(struct ktest *t)
{
	const enum rwsem_flavour f = RWSEM_FLAVOUR_V61;
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	queue(&c, 0, RWSEM_WAITING_WRITE, f, 0);
	queue(&c, 1, RWSEM_WAITING_WRITE, f, 0);
	rwsem_core_write_release(&c, f, MS, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 1);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));	/* steal */
	KTEST_EXPECT(t, !rwsem_core_write_try(&c, &ws[0], f, 2 * MS));
	KTEST_EXPECT(t, !c.handoff);
	KTEST_EXPECT(t, !rwsem_core_write_try(&c, &ws[0], f, 5 * MS));
	KTEST_EXPECT(t, c.handoff && ws[0].handoff_set);
	rwsem_core_write_release(&c, f, 5 * MS, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 1);
	KTEST_EXPECT(t, !rwsem_core_read_arrive(&c, f));
	KTEST_EXPECT(t, !rwsem_core_write_arrive(&c, f));
	KTEST_EXPECT(t, !rwsem_core_write_try(&c, &ws[1], f, 6 * MS));
	KTEST_EXPECT(t, rwsem_core_write_try(&c, &ws[0], f, 6 * MS));
	KTEST_EXPECT(t, !c.handoff);
}

/*
 * V61: a reader first in the queue asks for the hand-off when it is to
 * be woken but a writer holds the lock, past its timeout. Here: the
 * writer ahead of it is killed.   held: W   queue: W0, R1
 * Expected: at 5 ms the cancel of W0 sets the hand-off for R1; nobody
 * steals; the release grants R1 and clears it.
 */
static void rwsem_core_v61_reader_handoff(struct ktest *t)
{
	const enum rwsem_flavour f = RWSEM_FLAVOUR_V61;
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, f));
	queue(&c, 0, RWSEM_WAITING_WRITE, f, 0);
	queue(&c, 1, RWSEM_WAITING_READ, f, 0);
	rwsem_core_cancel(&c, &ws[0], f, 5 * MS, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 0);
	KTEST_EXPECT(t, c.handoff && ws[1].handoff_set);
	rwsem_core_write_release(&c, f, 5 * MS, &wake);
	KTEST_EXPECT(t, ws[1].granted && !c.handoff && c.readers == 1);
}

/*
 * A killed waiter leaves. V4: the readers it held back are granted.
 * V61: a killed first waiter wakes the new head.
 *   held: R   queue: W0, R1 (V4);   held: W   queue: W0, W1 (V61)
 */
static void rwsem_core_cancel_lets_next_in(struct ktest *t)
{
	struct rwsem_core c;

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_read_arrive(&c, RWSEM_FLAVOUR_V4));
	queue(&c, 0, RWSEM_WAITING_WRITE, RWSEM_FLAVOUR_V4, 0);
	queue(&c, 1, RWSEM_WAITING_READ, RWSEM_FLAVOUR_V4, 0);
	rwsem_core_cancel(&c, &ws[0], RWSEM_FLAVOUR_V4, 0, &wake);
	KTEST_EXPECT(t, ws[1].granted && c.readers == 2 && !c.nr_waiters);

	core_reset(&c);
	KTEST_EXPECT(t, rwsem_core_write_arrive(&c, RWSEM_FLAVOUR_V61));
	queue(&c, 0, RWSEM_WAITING_WRITE, RWSEM_FLAVOUR_V61, 0);
	queue(&c, 1, RWSEM_WAITING_WRITE, RWSEM_FLAVOUR_V61, 0);
	rwsem_core_cancel(&c, &ws[0], RWSEM_FLAVOUR_V61, 0, &wake);
	KTEST_EXPECT_EQ(t, wake_count(), 1);
	KTEST_EXPECT_EQ(t, c.nr_waiters, 1);
}

/*
 * downgrade_write() with   queue: R0, W1, R2
 * Expected: V4 grants R0 only (2 readers); V61 R0 and R2 (3 readers).
 */
static void rwsem_core_downgrade_grants_readers(struct ktest *t)
{
	static const enum rwsem_flavour fl[] = { RWSEM_FLAVOUR_V4,
						 RWSEM_FLAVOUR_V61 };
	struct rwsem_core c;

	for (unsigned int i = 0; i < 2; i++) {
		core_reset(&c);
		KTEST_EXPECT(t, rwsem_core_write_arrive(&c, fl[i]));
		queue(&c, 0, RWSEM_WAITING_READ, fl[i], 0);
		queue(&c, 1, RWSEM_WAITING_WRITE, fl[i], 0);
		queue(&c, 2, RWSEM_WAITING_READ, fl[i], 0);
		rwsem_core_downgrade(&c, fl[i], &wake);
		KTEST_EXPECT_EQ(t, c.readers, 2 + i);
		KTEST_EXPECT(t, !c.write_locked && !ws[1].granted);
		KTEST_EXPECT_EQ(t, ws[2].granted, i == 1);
	}
}

KTEST_SUITE(rwsem_core, KTEST_CASE(rwsem_core_queued_writer_stops_readers),
	    KTEST_CASE(rwsem_core_v4_grants_head_run),
	    KTEST_CASE(rwsem_core_v61_readers_skip_writers),
	    KTEST_CASE(rwsem_core_v61_wakeup_limit),
	    KTEST_CASE(rwsem_core_v61_reader_steals),
	    KTEST_CASE(rwsem_core_v61_writer_steals),
	    KTEST_CASE(rwsem_core_v61_handoff_stops_stealing),
	    KTEST_CASE(rwsem_core_v61_reader_handoff),
	    KTEST_CASE(rwsem_core_cancel_lets_next_in),
	    KTEST_CASE(rwsem_core_downgrade_grants_readers));
