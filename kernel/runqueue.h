/* SPDX-License-Identifier: MIT */
/*
 * Run-queue bookkeeping, the pure half of the scheduler: a FIFO of
 * runnable entities per CPU and the choices made over a set of queues -
 * where to put a woken task, which queue to pull from when balancing, and
 * which entity may move. No locks and no CPU access here (the host tests
 * run it as is); kernel/sched.c holds the locks and does the switching.
 *
 * Round-robin: an entity is queued at the tail and picked from the head;
 * the running one is not on its queue. A queue's length counts queued
 * entities only. One exception, so that a task which sleeps often is not
 * held up a whole time slice of every CPU-bound task per wakeup: a woken
 * entity goes ahead of the entities whose slice ran out (expired), except
 * those that have already waited a bound (rq_enqueue_woken()).
 */
#ifndef KERNEL_RUNQUEUE_H
#define KERNEL_RUNQUEUE_H

#include "lib/list.h"
#include "lib/types.h"

#define RQ_MAX_CPUS	64	/* cpumask is one u64 */

struct rq_node {
	struct list_head link;		/* on rq_queue.queue while queued */
	u64 cpus_allowed;		/* bit n: may run on CPU n */
	u64 queued_at;			/* when queued (the caller's clock) */
	bool queued;
	bool expired;			/* queued because its slice ran out */
};

struct rq_queue {
	struct list_head queue;
	unsigned int nr_queued;
};

/* What rq_select_cpu() and rq_find_busiest() look at, one per CPU. */
struct rq_load {
	unsigned int nr_queued;		/* waiting tasks */
	bool idle;			/* running its idle task */
	bool online;
};

void rq_queue_init(struct rq_queue *q);
void rq_enqueue(struct rq_queue *q, struct rq_node *n);
void rq_enqueue_head(struct rq_queue *q, struct rq_node *n);
void rq_enqueue_woken(struct rq_queue *q, struct rq_node *n, u64 now,
		      u64 max_wait);
void rq_dequeue(struct rq_queue *q, struct rq_node *n);
struct rq_node *rq_pop(struct rq_queue *q);
struct rq_node *rq_steal_candidate(struct rq_queue *q, unsigned int cpu);
int rq_select_cpu(const struct rq_load *load, unsigned int nr_cpus,
		  u64 allowed, int prev_cpu, int this_cpu);
int rq_find_busiest(const struct rq_load *load, unsigned int nr_cpus,
		    unsigned int this_cpu);

static inline bool rq_cpu_allowed(const struct rq_node *n, unsigned int cpu)
{
	return cpu < RQ_MAX_CPUS && (n->cpus_allowed >> cpu) & 1;
}

#endif
