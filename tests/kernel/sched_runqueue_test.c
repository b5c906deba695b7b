// SPDX-License-Identifier: MIT
/*
 * Run-queue bookkeeping (kernel/runqueue.c), host and kernel: FIFO order,
 * wakeup placement and balancing decisions over load snapshots.
 */
#include "kernel/ktest.h"
#include "kernel/runqueue.h"

static struct rq_node nodes[8];

static void nodes_reset(void)
{
	for (int i = 0; i < 8; i++) {
		INIT_LIST_HEAD(&nodes[i].link);
		nodes[i].cpus_allowed = ~0ULL;
		nodes[i].queued = false;
		nodes[i].expired = false;
		nodes[i].queued_at = 0;
	}
}

/*
 * Queue 0..4, pop two, queue 5, dequeue 3 from the middle: pops come out
 * 0,1,2,4,5 and the count follows every step.
 */
static void runqueue_fifo_order(struct ktest *t)
{
	static const int expect[] = { 2, 4, 5 };
	struct rq_queue q;

	nodes_reset();
	rq_queue_init(&q);
	for (int i = 0; i < 5; i++)
		rq_enqueue(&q, &nodes[i]);
	KTEST_EXPECT_EQ(t, q.nr_queued, 5);
	KTEST_EXPECT(t, rq_pop(&q) == &nodes[0]);
	KTEST_EXPECT(t, rq_pop(&q) == &nodes[1]);
	rq_enqueue(&q, &nodes[5]);
	rq_dequeue(&q, &nodes[3]);
	KTEST_EXPECT(t, !nodes[3].queued);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT(t, rq_pop(&q) == &nodes[expect[i]]);
	KTEST_EXPECT(t, rq_pop(&q) == NULL);
	KTEST_EXPECT_EQ(t, q.nr_queued, 0);
}

/*
 * Placement: the previous CPU if idle; else another idle allowed CPU;
 * else the shortest allowed queue (previous CPU on ties); never a CPU
 * outside the mask or offline; -1 if the mask allows no online CPU.
 */
static void runqueue_select_cpu(struct ktest *t)
{
	struct rq_load l[4] = {
		{ .nr_queued = 2, .idle = false, .online = true },
		{ .nr_queued = 0, .idle = true, .online = true },
		{ .nr_queued = 1, .idle = false, .online = true },
		{ .nr_queued = 0, .idle = true, .online = false },
	};

	KTEST_EXPECT_EQ(t, rq_select_cpu(l, 4, ~0ULL, 1, 0), 1);
	KTEST_EXPECT_EQ(t, rq_select_cpu(l, 4, ~0ULL, 0, 0), 1);
	KTEST_EXPECT_EQ(t, rq_select_cpu(l, 4, 0x5, 0, 0), 2);
	KTEST_EXPECT_EQ(t, rq_select_cpu(l, 4, 0x8, 0, 0), -1);
	l[1].idle = false;
	l[1].nr_queued = 1;
	KTEST_EXPECT_EQ(t, rq_select_cpu(l, 4, ~0ULL, 2, 0), 2);
	KTEST_EXPECT_EQ(t, rq_select_cpu(l, 4, ~0ULL, 0, 0), 1);
}

/*
 * Balancing: an idle CPU pulls from the busiest queue; a busy CPU only
 * when the busiest has at least two more tasks; candidates respect the
 * affinity mask and come from the tail.
 */
static void runqueue_balance(struct ktest *t)
{
	struct rq_load l[3] = {
		{ .nr_queued = 3, .idle = false, .online = true },
		{ .nr_queued = 0, .idle = true, .online = true },
		{ .nr_queued = 1, .idle = false, .online = true },
	};
	struct rq_queue q;

	KTEST_EXPECT_EQ(t, rq_find_busiest(l, 3, 1), 0);
	KTEST_EXPECT_EQ(t, rq_find_busiest(l, 3, 2), 0);
	l[0].nr_queued = 2;
	KTEST_EXPECT_EQ(t, rq_find_busiest(l, 3, 2), -1);
	KTEST_EXPECT_EQ(t, rq_find_busiest(l, 3, 0), -1);

	nodes_reset();
	rq_queue_init(&q);
	nodes[0].cpus_allowed = 0x1;
	nodes[1].cpus_allowed = 0x3;
	nodes[2].cpus_allowed = 0x1;
	for (int i = 0; i < 3; i++)
		rq_enqueue(&q, &nodes[i]);
	KTEST_EXPECT(t, rq_steal_candidate(&q, 1) == &nodes[1]);
	KTEST_EXPECT(t, rq_steal_candidate(&q, 0) == &nodes[2]);
	KTEST_EXPECT(t, rq_steal_candidate(&q, 2) == NULL);
}

/*
 * Wakeup placement: a woken entity goes ahead of entities whose slice ran
 * out (a CPU hog does not hold it up a slice per wakeup), after earlier
 * woken ones (FIFO among them), and not ahead of an expired entity that
 * has waited max_wait already (no starvation). Without expired entities
 * it is plain FIFO.
 */
static void runqueue_woken_placement(struct ktest *t)
{
	static const int expect[] = { 2, 4, 0, 1, 5 };
	struct rq_queue q;

	nodes_reset();
	rq_queue_init(&q);
	nodes[0].expired = true;	/* the hog, its slice over at 100 */
	nodes[0].queued_at = 100;
	rq_enqueue(&q, &nodes[0]);
	nodes[1].queued_at = 100;	/* preempted with slice left */
	rq_enqueue(&q, &nodes[1]);
	rq_enqueue_woken(&q, &nodes[2], 101, 10);
	rq_enqueue_woken(&q, &nodes[4], 105, 10);
	rq_enqueue_woken(&q, &nodes[5], 110, 10);	/* hog waited 10 */
	KTEST_EXPECT_EQ(t, q.nr_queued, 5);
	KTEST_EXPECT(t, nodes[4].queued && !nodes[4].expired);
	for (int i = 0; i < 5; i++)
		KTEST_EXPECT(t, rq_pop(&q) == &nodes[expect[i]]);
	KTEST_EXPECT(t, rq_pop(&q) == NULL);

	/* No expired entity: woken ones queue at the tail. */
	nodes_reset();
	rq_queue_init(&q);
	rq_enqueue(&q, &nodes[0]);
	rq_enqueue_woken(&q, &nodes[1], 0, 10);
	KTEST_EXPECT(t, rq_pop(&q) == &nodes[0]);
	KTEST_EXPECT(t, rq_pop(&q) == &nodes[1]);
}

KTEST_SUITE(sched_runqueue, KTEST_CASE(runqueue_fifo_order),
	    KTEST_CASE(runqueue_select_cpu), KTEST_CASE(runqueue_balance),
	    KTEST_CASE(runqueue_woken_placement));
