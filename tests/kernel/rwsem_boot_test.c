// SPDX-License-Identifier: MIT
/*
 * rw_semaphore semantics (kernel/rwsem.h). The property the OOM reaper
 * runs into, as with Linux's rwsem: once a writer is queued,
 * down_read_trylock() fails even while only readers hold the lock, and a
 * new reader queues behind the writer instead of joining the holders (so
 * a writer is never starved by a stream of readers).
 *
 * Threads ("actors") take the semaphore the way a case scripts them and
 * hold it until the case releases them; the case waits for states
 * (holders, queued waiters) with ktest_wait_until(), which yields until
 * they are reached - never by sleeping for a while - and fails the case
 * if one is not reached in KTEST_WAIT_MS.
 *
 * The cases run under the flavour the boot chose (rwsem.flavour=), except
 * three whose outcome is v4's alone, which pin v4: readers granted only up
 * to the first writer (twice), and a writer that waits for no more than
 * the read sections already started - under v61 readers steal the lock
 * from the woken writer until its 4 ms hand-off, hundreds of sections.
 * rwsem_flavour_boot_test.c has v61's rules.
 *
 * The debug-check cases call the rwsem_check_*() functions in the
 * situation of each misuse and expect the errno that the lock operation
 * would BUG on, so the kernel keeps running; legitimate patterns must
 * pass them. They need per-task hold tracking (CONFIG_DEBUG).
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "lib/errno.h"

enum op { OP_READ, OP_WRITE, OP_READ_KILLABLE, OP_WRITE_KILLABLE };

struct actor {
	struct rw_semaphore *sem;
	enum op op;
	struct completion release;	/* case -> actor: let go */
	struct completion done;		/* actor -> case: finished */
	int result;			/* 0 or -EINTR */
	int order;			/* when it got the lock: 1, 2, ... */
	bool clean;			/* after a failure: holds nothing */
	struct task *task;
};

/* Does the running task hold nothing on @sem, by the debug checks? */
static bool holds_nothing(struct rw_semaphore *sem)
{
	return rwsem_check_up_read(sem) == -EPERM &&
	       rwsem_check_up_write(sem) == -EPERM &&
	       !rwsem_check_down_read(sem) && !rwsem_check_down_write(sem);
}

static int grant_seq;			/* [a] */

static int actor_fn(void *arg)
{
	struct actor *a = arg;
	bool read = a->op == OP_READ || a->op == OP_READ_KILLABLE;

	switch (a->op) {
	case OP_READ:
		down_read(a->sem);
		break;
	case OP_WRITE:
		down_write(a->sem);
		break;
	case OP_READ_KILLABLE:
		a->result = down_read_killable(a->sem);
		break;
	case OP_WRITE_KILLABLE:
		a->result = down_write_killable(a->sem);
		break;
	}
	if (a->result)
		a->clean = holds_nothing(a->sem);
	if (!a->result) {
		a->order = __atomic_add_fetch(&grant_seq, 1, __ATOMIC_SEQ_CST);
		wait_for_completion(&a->release);
		if (read)
			up_read(a->sem);
		else
			up_write(a->sem);
	}
	complete(&a->done);
	return 0;
}

static void actor_start(struct actor *a, struct rw_semaphore *sem,
			enum op op)
{
	a->sem = sem;
	a->op = op;
	a->result = 0;
	a->order = 0;
	a->clean = false;
	init_completion(&a->release);
	init_completion(&a->done);
	a->task = kthread_run(actor_fn, a, "rwsem-actor");
	BUG_ON(!a->task);
}

static bool actor_finish(struct ktest *t, struct actor *a)
{
	complete(&a->release);
	return ktest_wait_completion(t, &a->done, KTEST_WAIT_MS);
}

static bool actor_holds(struct actor *a)
{
	return __atomic_load_n(&a->order, __ATOMIC_ACQUIRE) != 0;
}

static bool wait_waiters(struct ktest *t, struct rw_semaphore *sem,
			 unsigned int n)
{
	return ktest_wait_until(t, rwsem_nr_waiters(sem) == n, KTEST_WAIT_MS);
}

static bool wait_readers(struct ktest *t, struct rw_semaphore *sem,
			 unsigned int n)
{
	return ktest_wait_until(t, rwsem_nr_readers(sem) == n, KTEST_WAIT_MS);
}

static bool wait_holds(struct ktest *t, struct actor *a)
{
	return ktest_wait_until(t, actor_holds(a), KTEST_WAIT_MS);
}

static void case_reset(void)
{
	__atomic_store_n(&grant_seq, 0, __ATOMIC_SEQ_CST);
}

/*
 * 2 * CPUs + 2 reader threads all hold the semaphore at the same time:
 * readers do not exclude each other. Expected: readers == N, no waiters.
 */
static void rwsem_many_readers_concurrently(struct ktest *t)
{
	unsigned long base = task_count();
	static struct actor a[2 * 8 + 2];
	unsigned int n = MIN(2 * sched_nr_cpus() + 2, ARRAY_SIZE(a));
	DECLARE_RWSEM(sem);

	case_reset();
	for (unsigned int i = 0; i < n; i++)
		actor_start(&a[i], &sem, OP_READ);
	wait_readers(t, &sem, n);
	KTEST_EXPECT_EQ(t, rwsem_nr_waiters(&sem), 0);
	KTEST_EXPECT(t, !down_write_trylock(&sem));
	for (unsigned int i = 0; i < n; i++)
		actor_finish(t, &a[i]);
	KTEST_EXPECT(t, !rwsem_is_locked(&sem));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * The reaper's failure: readers hold the lock, a writer queues; from then
 * on down_read_trylock() fails although only readers hold it, and a new
 * reader queues behind the writer instead of joining.
 *   held: R(case)   queue: W, R2
 * Expected: trylock fails, R2 does not get in; after the case's up_read,
 * W gets it first, then R2.
 */
static void rwsem_queued_writer_blocks_new_readers(struct ktest *t)
{
	unsigned long base = task_count();
	struct actor w, r2;
	DECLARE_RWSEM(sem);

	case_reset();
	down_read(&sem);
	KTEST_EXPECT(t, down_read_trylock(&sem));	/* no waiter: fine */
	up_read(&sem);
	actor_start(&w, &sem, OP_WRITE);
	wait_waiters(t, &sem, 1);
	KTEST_EXPECT(t, !down_read_trylock(&sem));
	KTEST_EXPECT(t, !down_write_trylock(&sem));
	actor_start(&r2, &sem, OP_READ);
	wait_waiters(t, &sem, 2);
	KTEST_EXPECT_EQ(t, rwsem_nr_readers(&sem), 1);
	KTEST_EXPECT(t, !actor_holds(&r2));
	up_read(&sem);
	wait_holds(t, &w);
	KTEST_EXPECT(t, !actor_holds(&r2));
	actor_finish(t, &w);
	wait_holds(t, &r2);
	KTEST_EXPECT_EQ(t, w.order, 1);
	KTEST_EXPECT_EQ(t, r2.order, 2);
	actor_finish(t, &r2);
	KTEST_EXPECT(t, !rwsem_is_locked(&sem));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Readers queued behind a writer are granted together when it leaves.
 *   held: W(case)   queue: R1, R2, R3, W2, R4
 * Expected: up_write grants R1-R3 at once (3 readers), not W2 or R4; W2
 * follows when they leave, then R4.
 */
static void rwsem_readers_behind_writer_run_together(struct ktest *t)
{
	enum rwsem_flavour old = rwsem_get_flavour();
	unsigned long base = task_count();
	struct actor r[3], w2, r4;
	DECLARE_RWSEM(sem);

	rwsem_set_flavour(RWSEM_FLAVOUR_V4);
	case_reset();
	down_write(&sem);
	for (int i = 0; i < 3; i++) {
		actor_start(&r[i], &sem, OP_READ);
		wait_waiters(t, &sem, (unsigned int)i + 1);
	}
	actor_start(&w2, &sem, OP_WRITE);
	wait_waiters(t, &sem, 4);
	actor_start(&r4, &sem, OP_READ);
	wait_waiters(t, &sem, 5);
	up_write(&sem);
	wait_readers(t, &sem, 3);
	KTEST_EXPECT_EQ(t, rwsem_nr_waiters(&sem), 2);
	for (int i = 0; i < 3; i++)
		wait_holds(t, &r[i]);
	KTEST_EXPECT(t, !actor_holds(&w2));
	for (int i = 0; i < 3; i++)
		actor_finish(t, &r[i]);
	wait_holds(t, &w2);
	KTEST_EXPECT(t, !actor_holds(&r4));
	actor_finish(t, &w2);
	wait_holds(t, &r4);
	KTEST_EXPECT_EQ(t, w2.order, 4);
	KTEST_EXPECT_EQ(t, r4.order, 5);
	actor_finish(t, &r4);
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

struct stream {
	struct rw_semaphore *sem;
	u64 reads;			/* [a] completed read sections */
	bool stop;			/* [a] */
	struct completion done;
};

static int stream_reader(void *arg)
{
	struct stream *s = arg;

	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		down_read(s->sem);
		__atomic_add_fetch(&s->reads, 1, __ATOMIC_RELAXED);
		yield();		/* hold across a switch: overlap */
		up_read(s->sem);
		cond_resched();
	}
	complete(&s->done);
	return 0;
}

struct stream_writer {
	struct stream *s;
	u64 reads_at_grant;		/* [a] s->reads when granted */
	bool granted;			/* [a] set after reads_at_grant */
	unsigned int readers_seen;	/* readers holding it too */
	struct completion release;
	struct completion done;
};

static int stream_writer_fn(void *arg)
{
	struct stream_writer *w = arg;

	down_write(w->s->sem);
	__atomic_store_n(&w->reads_at_grant,
			 __atomic_load_n(&w->s->reads, __ATOMIC_SEQ_CST),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&w->granted, true, __ATOMIC_SEQ_CST);
	w->readers_seen = rwsem_nr_readers(w->s->sem);
	wait_for_completion(&w->release);
	up_write(w->s->sem);
	complete(&w->done);
	return 0;
}

static bool writer_granted(struct stream_writer *w)
{
	return __atomic_load_n(&w->granted, __ATOMIC_SEQ_CST);
}

/*
 * One writer attempt against the stream. The wait is measured from the
 * moment the case sees the writer queued - before that readers never
 * wait, so the first waiter is the writer - to the writer's own snapshot
 * when it is granted the lock. Return: the read sections counted in
 * between, or -1 if the writer got the lock before it was seen queued
 * (nothing was measured; try again).
 */
static long stream_writer_attempt(struct ktest *t, struct stream *s)
{
	struct stream_writer w = { .s = s };
	u64 before = 0;
	bool seen = false;
	long during = -1;

	init_completion(&w.release);
	init_completion(&w.done);
	BUG_ON(!kthread_run(stream_writer_fn, &w, "stream-writer"));
	/*
	 * A waiter while the lock is not write-locked can only be our
	 * writer (readers wait only behind a writer), and the lock stays
	 * write-locked once granted: so if it is still not write-locked
	 * after the snapshot, the writer was queued before the snapshot and
	 * granted after it.
	 */
	ktest_wait_until(t, writer_granted(&w) || rwsem_nr_waiters(s->sem),
			 KTEST_WAIT_MS);
	if (!writer_granted(&w) && rwsem_nr_waiters(s->sem)) {
		before = __atomic_load_n(&s->reads, __ATOMIC_SEQ_CST);
		seen = !rwsem_is_write_locked(s->sem);
	}
	ktest_wait_until(t, writer_granted(&w), KTEST_WAIT_MS);
	if (seen) {
		u64 at = __atomic_load_n(&w.reads_at_grant, __ATOMIC_RELAXED);

		during = at > before ? (long)(at - before) : 0;
		KTEST_EXPECT_EQ(t, w.readers_seen, 0);
	}
	complete(&w.release);
	ktest_wait_completion(t, &w.done, KTEST_WAIT_MS);
	return during;
}

/*
 * Writer starvation is impossible: readers on every CPU take the lock in
 * a continuous, overlapping stream; a writer still gets it, and from the
 * moment it is queued at most the sections already started are counted
 * (one per reader thread: a reader counts its section after down_read),
 * instead of an unbounded number. The writer runs in its own thread so
 * that the count starts when it is queued, not before.
 */
static void rwsem_writer_not_starved_by_reader_stream(struct ktest *t)
{
	enum rwsem_flavour old = rwsem_get_flavour();
	unsigned long base = task_count();
	unsigned int n = MIN(2 * sched_nr_cpus(), 8U);
	struct stream s = { 0 };
	long during = -1;
	int attempts = 0;
	DECLARE_RWSEM(sem);

	rwsem_set_flavour(RWSEM_FLAVOUR_V4);
	s.sem = &sem;
	init_completion(&s.done);
	for (unsigned int i = 0; i < n; i++)
		KTEST_ASSERT_NOT_NULL(t, kthread_run(stream_reader, &s,
						     "reader-%u", i));
	ktest_wait_until(t, __atomic_load_n(&s.reads, __ATOMIC_RELAXED) >= 4 * n,
			 KTEST_WAIT_MS);
	while (during < 0 && attempts++ < 20 && !ktest_failed(t))
		during = stream_writer_attempt(t, &s);
	ktest_log(t, "%u readers; %ld read sections completed while the "
		  "writer waited (attempt %d)", n, during, attempts);
	KTEST_EXPECT_GE(t, during, 0);	/* seen queued at least once */
	KTEST_EXPECT_LE(t, during, (long)n);
	__atomic_store_n(&s.stop, true, __ATOMIC_RELEASE);
	for (unsigned int i = 0; i < n; i++)
		ktest_wait_completion(t, &s.done, KTEST_WAIT_MS);
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * A killed waiter gives up: down_read_killable() queued behind a writer
 * and down_write_killable() queued behind a reader both return -EINTR
 * when their task is killed, without the lock.
 */
static void rwsem_killable_returns_eintr(struct ktest *t)
{
	unsigned long base = task_count();
	struct actor r, w;
	DECLARE_RWSEM(sem);

	case_reset();
	down_write(&sem);
	actor_start(&r, &sem, OP_READ_KILLABLE);
	wait_waiters(t, &sem, 1);
	task_kill(r.task);
	ktest_wait_completion(t, &r.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, r.result, -EINTR);
	KTEST_EXPECT(t, !rwsem_tracking() || r.clean);
	KTEST_EXPECT_EQ(t, rwsem_nr_waiters(&sem), 0);
	up_write(&sem);

	down_read(&sem);
	actor_start(&w, &sem, OP_WRITE_KILLABLE);
	wait_waiters(t, &sem, 1);
	task_kill(w.task);
	ktest_wait_completion(t, &w.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, w.result, -EINTR);
	KTEST_EXPECT(t, !rwsem_tracking() || w.clean);
	KTEST_EXPECT(t, down_read_trylock(&sem));	/* queue is empty again */
	up_read(&sem);
	up_read(&sem);
	KTEST_EXPECT(t, !rwsem_is_locked(&sem));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Killing the writer that held back readers lets them in:
 *   held: R(case)   queue: W(killable), R2
 * Expected: W returns -EINTR and R2 joins the case's read hold.
 */
static void rwsem_killed_writer_releases_queued_readers(struct ktest *t)
{
	unsigned long base = task_count();
	struct actor w, r2;
	DECLARE_RWSEM(sem);

	case_reset();
	down_read(&sem);
	actor_start(&w, &sem, OP_WRITE_KILLABLE);
	wait_waiters(t, &sem, 1);
	actor_start(&r2, &sem, OP_READ);
	wait_waiters(t, &sem, 2);
	task_kill(w.task);
	ktest_wait_completion(t, &w.done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, w.result, -EINTR);
	wait_holds(t, &r2);
	KTEST_EXPECT_EQ(t, rwsem_nr_readers(&sem), 2);
	actor_finish(t, &r2);
	up_read(&sem);
	KTEST_EXPECT(t, !rwsem_is_locked(&sem));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * downgrade_write() admits the readers at the head of the queue with the
 * downgrader, but not a writer or the readers queued behind that writer.
 *   held: W(case)   queue: R1, R2, W2, R3
 * Expected after downgrade: 3 readers (case, R1, R2); W2 then R3 later.
 */
static void rwsem_downgrade_lets_queued_readers_in(struct ktest *t)
{
	enum rwsem_flavour old = rwsem_get_flavour();
	unsigned long base = task_count();
	struct actor r1, r2, w2, r3;
	DECLARE_RWSEM(sem);

	rwsem_set_flavour(RWSEM_FLAVOUR_V4);
	case_reset();
	down_write(&sem);
	actor_start(&r1, &sem, OP_READ);
	wait_waiters(t, &sem, 1);
	actor_start(&r2, &sem, OP_READ);
	wait_waiters(t, &sem, 2);
	actor_start(&w2, &sem, OP_WRITE);
	wait_waiters(t, &sem, 3);
	actor_start(&r3, &sem, OP_READ);
	wait_waiters(t, &sem, 4);
	downgrade_write(&sem);
	wait_readers(t, &sem, 3);
	wait_holds(t, &r1);
	wait_holds(t, &r2);
	KTEST_EXPECT_EQ(t, rwsem_nr_waiters(&sem), 2);
	KTEST_EXPECT(t, !down_read_trylock(&sem));	/* W2 is queued */
	up_read(&sem);
	actor_finish(t, &r1);
	actor_finish(t, &r2);
	wait_holds(t, &w2);
	KTEST_EXPECT(t, !actor_holds(&r3));
	actor_finish(t, &w2);
	wait_holds(t, &r3);
	actor_finish(t, &r3);
	KTEST_EXPECT(t, !rwsem_is_locked(&sem));
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Recursion in each mode, by the running task, as the checks see it:
 *   held R:  down_read and down_write deadlock; up_read is allowed
 *   held R twice (second by a trylock, which is legal): two up_reads
 *   held W:  both downs deadlock; up_write allowed, up_read not
 *   downgraded: held R; up_write no longer allowed
 * Expected: -EDEADLK / -EPERM exactly there, and nothing once released.
 */
static void rwsem_check_recursion_in_each_mode(struct ktest *t)
{
	DECLARE_RWSEM(sem);

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	KTEST_EXPECT(t, holds_nothing(&sem));
	down_read(&sem);
	KTEST_EXPECT_EQ(t, rwsem_check_down_read(&sem), -EDEADLK);
	KTEST_EXPECT_EQ(t, rwsem_check_down_write(&sem), -EDEADLK);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&sem), 0);
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&sem), -EPERM);
	KTEST_EXPECT(t, down_read_trylock(&sem));
	up_read(&sem);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&sem), 0);  /* one hold left */
	up_read(&sem);
	KTEST_EXPECT(t, holds_nothing(&sem));

	down_write(&sem);
	KTEST_EXPECT_EQ(t, rwsem_check_down_read(&sem), -EDEADLK);
	KTEST_EXPECT_EQ(t, rwsem_check_down_write(&sem), -EDEADLK);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&sem), -EPERM);
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&sem), 0);
	downgrade_write(&sem);
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&sem), -EPERM);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&sem), 0);
	KTEST_EXPECT_EQ(t, rwsem_check_down_read(&sem), -EDEADLK);
	KTEST_EXPECT_EQ(t, rwsem_check_down_write(&sem), -EDEADLK);
	up_read(&sem);
	KTEST_EXPECT(t, holds_nothing(&sem));
	KTEST_EXPECT(t, !rwsem_is_locked(&sem));
}

/*
 * Why a second down_read() is reported although reads share:
 *   held: R(case)   queue: W
 * a second down_read() by the case would queue behind W, which waits for
 * the case: a deadlock. Expected: the check says -EDEADLK; the trylock
 * fails and records nothing, so one up_read() releases the case's hold.
 */
static void rwsem_check_recursive_read_behind_queued_writer(struct ktest *t)
{
	unsigned long base = task_count();
	struct actor w;
	DECLARE_RWSEM(sem);

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	case_reset();
	down_read(&sem);
	actor_start(&w, &sem, OP_WRITE);
	wait_waiters(t, &sem, 1);
	KTEST_EXPECT_EQ(t, rwsem_check_down_read(&sem), -EDEADLK);
	KTEST_EXPECT(t, !down_read_trylock(&sem));
	up_read(&sem);
	KTEST_EXPECT(t, holds_nothing(&sem));
	wait_holds(t, &w);
	actor_finish(t, &w);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Releasing another task's hold:
 *   R(actor) held: the case may not up_read it, though a reader holds it
 *   W(actor) held: the case may neither up_write nor up_read it
 *   free: nobody may release it
 * Another task's hold is not recursion: the case's down checks pass.
 */
static void rwsem_check_release_by_non_holder(struct ktest *t)
{
	unsigned long base = task_count();
	struct actor r, w;
	DECLARE_RWSEM(sem);

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	case_reset();
	actor_start(&r, &sem, OP_READ);
	wait_holds(t, &r);
	KTEST_EXPECT_EQ(t, rwsem_nr_readers(&sem), 1);
	KTEST_EXPECT(t, holds_nothing(&sem));
	actor_finish(t, &r);

	actor_start(&w, &sem, OP_WRITE);
	wait_holds(t, &w);
	KTEST_EXPECT(t, holds_nothing(&sem));
	actor_finish(t, &w);

	KTEST_EXPECT(t, holds_nothing(&sem));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

/*
 * Nested holds of different rwsems are legal in any mix, and released in
 * any order: held R(a), W(b), R(c, by trylock); a fourth, d, is free.
 * Expected: each check answers for its own semaphore only, also after a
 * release out of order.
 */
static void rwsem_check_nested_different_rwsems(struct ktest *t)
{
	DECLARE_RWSEM(a);
	DECLARE_RWSEM(b);
	DECLARE_RWSEM(c);
	DECLARE_RWSEM(d);

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	down_read(&a);
	KTEST_EXPECT_EQ(t, rwsem_check_down_write(&b), 0);
	down_write(&b);
	KTEST_EXPECT_EQ(t, rwsem_check_down_read(&c), 0);
	KTEST_EXPECT(t, down_read_trylock(&c));
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&a), 0);
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&a), -EPERM);
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&b), 0);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&b), -EPERM);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&c), 0);
	KTEST_EXPECT_EQ(t, rwsem_check_down_read(&c), -EDEADLK);
	KTEST_EXPECT(t, holds_nothing(&d));
	up_read(&a);				/* not the newest hold */
	KTEST_EXPECT(t, holds_nothing(&a));
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&b), 0);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&c), 0);
	up_write(&b);
	up_read(&c);
	KTEST_EXPECT(t, holds_nothing(&b));
	KTEST_EXPECT(t, holds_nothing(&c));
}

/*
 * A failed trylock records nothing:
 *   W(actor) held: the case's read and write trylocks fail
 *   R(case) held: its own write trylock fails (readers), its read stays
 * Expected: after the failures the case holds exactly what it held.
 */
static void rwsem_check_failed_trylock_tracks_nothing(struct ktest *t)
{
	unsigned long base = task_count();
	struct actor w;
	DECLARE_RWSEM(sem);

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	case_reset();
	actor_start(&w, &sem, OP_WRITE);
	wait_holds(t, &w);
	KTEST_EXPECT(t, !down_read_trylock(&sem));
	KTEST_EXPECT(t, !down_write_trylock(&sem));
	KTEST_EXPECT(t, holds_nothing(&sem));
	actor_finish(t, &w);

	down_read(&sem);
	KTEST_EXPECT(t, !down_write_trylock(&sem));
	KTEST_EXPECT_EQ(t, rwsem_check_up_write(&sem), -EPERM);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&sem), 0);
	up_read(&sem);
	KTEST_EXPECT(t, holds_nothing(&sem));
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

struct reaper {
	struct rw_semaphore *mmap_lock;	/* another task's mm's */
	struct completion tried;	/* reaper -> case */
	struct completion release;	/* case -> reaper */
	struct completion done;		/* reaper -> case */
	bool got;
	int held_up, held_down;		/* its checks after the trylock */
	bool clean_after;		/* holds nothing after it let go */
};

static int reaper_fn(void *arg)
{
	struct reaper *r = arg;

	r->got = down_read_trylock(r->mmap_lock);
	r->held_up = rwsem_check_up_read(r->mmap_lock);
	r->held_down = rwsem_check_down_read(r->mmap_lock);
	complete(&r->tried);
	wait_for_completion(&r->release);
	if (r->got)
		up_read(r->mmap_lock);
	r->clean_after = holds_nothing(r->mmap_lock);
	complete(&r->done);
	return 0;
}

static void reaper_start(struct ktest *t, struct reaper *r,
			 struct rw_semaphore *mmap_lock)
{
	*r = (struct reaper){ .mmap_lock = mmap_lock };
	init_completion(&r->tried);
	init_completion(&r->release);
	init_completion(&r->done);
	BUG_ON(!kthread_run(reaper_fn, r, "oom_reaper"));
	ktest_wait_completion(t, &r->tried, KTEST_WAIT_MS);
}

static void reaper_finish(struct ktest *t, struct reaper *r)
{
	complete(&r->release);
	ktest_wait_completion(t, &r->done, KTEST_WAIT_MS);
}

/*
 * The OOM reaper's pattern: a kernel thread read-trylocks the mmap_lock
 * of another task's mm (the case plays that task). The hold is the
 * reaper's:
 *   trylock ok: the reaper may up_read and may not down_read again; the
 *     mm's task may down_read (not recursion) but not up_read the
 *     reaper's hold.
 *   R(case) held, W queued: the trylock fails and the reaper holds
 *     nothing.
 */
static void rwsem_check_reaper_trylock_on_other_mm(struct ktest *t)
{
	unsigned long base = task_count();
	struct reaper r;
	struct actor w;
	DECLARE_RWSEM(mmap_lock);

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	case_reset();
	reaper_start(t, &r, &mmap_lock);
	KTEST_EXPECT(t, r.got);
	KTEST_EXPECT_EQ(t, r.held_up, 0);
	KTEST_EXPECT_EQ(t, r.held_down, -EDEADLK);
	KTEST_EXPECT(t, holds_nothing(&mmap_lock));
	down_read(&mmap_lock);
	KTEST_EXPECT_EQ(t, rwsem_nr_readers(&mmap_lock), 2);
	up_read(&mmap_lock);
	KTEST_EXPECT_EQ(t, rwsem_check_up_read(&mmap_lock), -EPERM);
	reaper_finish(t, &r);
	KTEST_EXPECT(t, r.clean_after);
	KTEST_EXPECT(t, !rwsem_is_locked(&mmap_lock));

	down_read(&mmap_lock);
	actor_start(&w, &mmap_lock, OP_WRITE);
	wait_waiters(t, &mmap_lock, 1);
	reaper_start(t, &r, &mmap_lock);
	KTEST_EXPECT(t, !r.got);
	KTEST_EXPECT_EQ(t, r.held_up, -EPERM);
	KTEST_EXPECT_EQ(t, r.held_down, 0);
	reaper_finish(t, &r);
	KTEST_EXPECT(t, r.clean_after);
	up_read(&mmap_lock);
	wait_holds(t, &w);
	actor_finish(t, &w);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

struct overflow {
	struct rw_semaphore sem[RWSEM_HELD_MAX + 1];
	bool tracked_full;	/* RWSEM_HELD_MAX held, still tracked */
	bool off;		/* one more: tracking off */
	int up_after, down_after;	/* checks without tracking */
	struct completion done;
};

static int overflow_fn(void *arg)
{
	struct overflow *o = arg;

	for (int i = 0; i < RWSEM_HELD_MAX; i++)
		down_read(&o->sem[i]);
	o->tracked_full = rwsem_tracking() &&
			  rwsem_check_down_read(&o->sem[0]) == -EDEADLK;
	down_read(&o->sem[RWSEM_HELD_MAX]);
	o->off = !rwsem_tracking();
	o->up_after = rwsem_check_up_read(&o->sem[RWSEM_HELD_MAX]);
	o->down_after = rwsem_check_down_read(&o->sem[0]);
	for (int i = 0; i <= RWSEM_HELD_MAX; i++)	/* must not BUG */
		up_read(&o->sem[i]);
	complete(&o->done);
	return 0;
}

/*
 * One hold more than the tracking array takes: the thread stops being
 * tracked (a warning line, not a BUG) and its releases still work.
 * Expected: tracked with RWSEM_HELD_MAX holds; then untracked, the checks
 * fall back to what the semaphore records (a reader holds it: up_read
 * allowed; read recursion no longer seen) and all locks end free.
 */
static void rwsem_check_overflow_stops_tracking(struct ktest *t)
{
	/* A class each: nested holds of one class are a lockdep report. */
	static const struct lock_class_key keys[RWSEM_HELD_MAX + 1];
	unsigned long base = task_count();
	static struct overflow o;

	if (!rwsem_tracking())
		KTEST_SKIP(t, "needs CONFIG_DEBUG");
	for (int i = 0; i <= RWSEM_HELD_MAX; i++)
		init_rwsem_key(&o.sem[i], "overflow", &keys[i]);
	init_completion(&o.done);
	KTEST_ASSERT_NOT_NULL(t, kthread_run(overflow_fn, &o, "rwsem-many"));
	ktest_wait_completion(t, &o.done, KTEST_WAIT_MS);
	KTEST_EXPECT(t, o.tracked_full);
	KTEST_EXPECT(t, o.off);
	KTEST_EXPECT_EQ(t, o.up_after, 0);
	KTEST_EXPECT_EQ(t, o.down_after, 0);
	for (int i = 0; i <= RWSEM_HELD_MAX; i++)
		KTEST_EXPECT(t, !rwsem_is_locked(&o.sem[i]));
	KTEST_EXPECT(t, rwsem_tracking());	/* the case's own: still on */
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
}

KTEST_SUITE(rwsem, KTEST_CASE(rwsem_many_readers_concurrently),
	    KTEST_CASE(rwsem_queued_writer_blocks_new_readers),
	    KTEST_CASE(rwsem_readers_behind_writer_run_together),
	    KTEST_CASE(rwsem_writer_not_starved_by_reader_stream),
	    KTEST_CASE(rwsem_killable_returns_eintr),
	    KTEST_CASE(rwsem_killed_writer_releases_queued_readers),
	    KTEST_CASE(rwsem_downgrade_lets_queued_readers_in),
	    KTEST_CASE(rwsem_check_recursion_in_each_mode),
	    KTEST_CASE(rwsem_check_recursive_read_behind_queued_writer),
	    KTEST_CASE(rwsem_check_release_by_non_holder),
	    KTEST_CASE(rwsem_check_nested_different_rwsems),
	    KTEST_CASE(rwsem_check_failed_trylock_tracks_nothing),
	    KTEST_CASE(rwsem_check_reaper_trylock_on_other_mm),
	    KTEST_CASE(rwsem_check_overflow_stops_tracking));
