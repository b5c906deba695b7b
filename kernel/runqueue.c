// SPDX-License-Identifier: MIT
/*
 * Run-queue bookkeeping (kernel/runqueue.h): FIFO queues and the placement
 * and balancing decisions, as pure functions over a snapshot of the
 * queues' loads. The snapshot may be stale by the time the caller acts on
 * it; every decision is only a hint and the caller re-checks under locks.
 */
#include "kernel/runqueue.h"

void rq_queue_init(struct rq_queue *q)
{
	INIT_LIST_HEAD(&q->queue);
	q->nr_queued = 0;
}

void rq_enqueue(struct rq_queue *q, struct rq_node *n)
{
	list_add_tail(&n->link, &q->queue);
	n->queued = true;
	q->nr_queued++;
}

/* For a task that must run next (it was preempted by a perturbation). */
void rq_enqueue_head(struct rq_queue *q, struct rq_node *n)
{
	list_add(&n->link, &q->queue);
	n->queued = true;
	q->nr_queued++;
}

/**
 * rq_enqueue_woken - queue an entity that has just woken up.
 * @q: the queue
 * @n: the entity; n->expired is cleared, n->queued_at set to @now
 * @now: the caller's clock (the same one as every queued_at in @q)
 * @max_wait: how long an expired entity may be overtaken
 *
 * @n goes ahead of the first expired entity that has waited less than
 * @max_wait, else at the tail. Woken entities keep FIFO order among
 * themselves, and so do expired ones (they are queued at the tail, in
 * queued_at order), so an expired entity is overtaken only until it has
 * waited @max_wait: it runs after at most that, plus one turn of each
 * entity then ahead of it.
 */
void rq_enqueue_woken(struct rq_queue *q, struct rq_node *n, u64 now,
		      u64 max_wait)
{
	struct list_head *pos;

	n->expired = false;
	n->queued_at = now;
	for (pos = q->queue.next; pos != &q->queue; pos = pos->next) {
		struct rq_node *o = list_entry(pos, struct rq_node, link);

		if (o->expired && now - o->queued_at < max_wait)
			break;
	}
	list_add_tail(&n->link, pos);	/* before @pos */
	n->queued = true;
	q->nr_queued++;
}

void rq_dequeue(struct rq_queue *q, struct rq_node *n)
{
	list_del_init(&n->link);
	n->queued = false;
	q->nr_queued--;
}

/* Take the entity that has waited longest, or NULL. */
struct rq_node *rq_pop(struct rq_queue *q)
{
	struct rq_node *n;

	if (list_empty(&q->queue))
		return NULL;
	n = list_first_entry(&q->queue, struct rq_node, link);
	rq_dequeue(q, n);
	return n;
}

/*
 * The entity a balancing CPU @cpu may take from @q: the most recently
 * queued one that is allowed there (it has waited least, so moving it
 * costs the queue's FIFO order least). NULL if none may move.
 */
struct rq_node *rq_steal_candidate(struct rq_queue *q, unsigned int cpu)
{
	struct list_head *pos;

	for (pos = q->queue.prev; pos != &q->queue; pos = pos->prev) {
		struct rq_node *n = list_entry(pos, struct rq_node, link);

		if (rq_cpu_allowed(n, cpu))
			return n;
	}
	return NULL;
}

static bool usable(const struct rq_load *load, unsigned int cpu, u64 allowed)
{
	return load[cpu].online && ((allowed >> cpu) & 1);
}

/**
 * rq_select_cpu - where should a woken task be queued?
 * @load: per-CPU load snapshot, @nr_cpus entries
 * @nr_cpus: CPUs in the snapshot
 * @allowed: the task's cpus_allowed
 * @prev_cpu: where it ran last (its cache is warm there); -1: nowhere
 * @this_cpu: the waker's CPU
 *
 * Order of preference: @prev_cpu if idle; any idle allowed CPU, lowest id
 * first; then the allowed CPU with the shortest queue, @prev_cpu winning
 * ties, then the lowest id.
 * Return: a CPU number, or -1 when no online CPU is allowed.
 */
int rq_select_cpu(const struct rq_load *load, unsigned int nr_cpus,
		  u64 allowed, int prev_cpu, int this_cpu)
{
	int best = -1;
	unsigned int cpu;

	(void)this_cpu;
	if (prev_cpu >= 0 && (unsigned int)prev_cpu < nr_cpus &&
	    usable(load, prev_cpu, allowed) && load[prev_cpu].idle &&
	    !load[prev_cpu].nr_queued)
		return prev_cpu;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (usable(load, cpu, allowed) && load[cpu].idle &&
		    !load[cpu].nr_queued)
			return cpu;
	if (prev_cpu >= 0 && (unsigned int)prev_cpu < nr_cpus &&
	    usable(load, prev_cpu, allowed))
		best = prev_cpu;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		if (!usable(load, cpu, allowed))
			continue;
		if (best < 0 || load[cpu].nr_queued < load[best].nr_queued)
			best = cpu;
	}
	return best;
}

/**
 * rq_find_busiest - the queue @this_cpu should pull one task from.
 * @load: per-CPU load snapshot
 * @nr_cpus: CPUs in the snapshot
 * @this_cpu: the CPU looking for work
 *
 * A CPU counts its running task as load too (one, unless idle). Pulling
 * pays only if the busiest CPU has at least two more tasks than this one,
 * or this one is idle and the busiest has any task waiting.
 * Return: the busiest CPU's number, or -1 when nothing should move.
 */
int rq_find_busiest(const struct rq_load *load, unsigned int nr_cpus,
		    unsigned int this_cpu)
{
	unsigned int mine, cpu, best_load = 0;
	int best = -1;

	if (this_cpu >= nr_cpus)
		return -1;
	mine = load[this_cpu].nr_queued + !load[this_cpu].idle;
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		unsigned int l;

		if (cpu == this_cpu || !load[cpu].online ||
		    !load[cpu].nr_queued)
			continue;
		l = load[cpu].nr_queued + !load[cpu].idle;
		if (l > best_load) {
			best_load = l;
			best = (int)cpu;
		}
	}
	if (best < 0)
		return -1;
	if (load[this_cpu].idle && !load[this_cpu].nr_queued)
		return best;
	return best_load >= mine + 2 ? best : -1;
}
