// SPDX-License-Identifier: MIT
/*
 * The rwsem half of the OOM scenario with a threaded hog whose faults
 * are slow while other threads call mmap(): /bin/mmapstorm runs 16
 * threads faulting anonymous memory and 3 looping on mmap()/munmap().
 * The case takes the hog's mmap_lock for read at a moment nobody waits
 * for it and keeps it, as a fault
 * sleeping in a slow page-in would (the file-backed version of this
 * needs file mmap; until then the case is that reader).
 *
 * Expected, under both rwsem flavours: every thread of the hog ends up
 * queued (each of its steps needs the lock); the first waiter is a
 * writer (a reader arriving before any writer would have joined the
 * case's hold); readers that fault after a writer queued wait behind it
 * instead of joining the readers; and down_read_trylock() - the OOM
 * reaper's way in - fails all that time. Then the case lets go, kills
 * the hog and it exits (its dying threads take the lock for read too).
 */
#include "kernel/ktest.h"
#include "kernel/rwsem.h"
#include "mm/mm.h"
#include "tests/kernel/user_run.h"

#define STORM_FAULTERS	16
#define STORM_MAPPERS	3
#define STORM_THREADS	(STORM_FAULTERS + STORM_MAPPERS)
#define STORM_MEASURES	3

static struct user_run storm;

static bool storm_grab_mm(struct process *p, const void *arg)
{
	struct mm **out = (struct mm **)arg;

	spin_lock(&p->lock);
	*out = p->mm;
	if (*out)
		mmgrab(*out);
	spin_unlock(&p->lock);
	return *out != NULL;
}

/* A snapshot of the waiters of the hog's mmap_lock, in queue order. */
struct storm_queue {
	struct rwsem_queued q[STORM_THREADS + 8];
	unsigned int n;			/* entries in q */
	unsigned int waiters;		/* all of them */
};

static void storm_queue_read(struct mm *mm, struct storm_queue *s)
{
	s->waiters = rwsem_queue_snapshot(&mm->mmap_lock, s->q,
					  ARRAY_SIZE(s->q));
	s->n = MIN(s->waiters, (unsigned int)ARRAY_SIZE(s->q));
}

static bool storm_queue_has(const struct storm_queue *s, struct task *task)
{
	for (unsigned int i = 0; i < s->n; i++)
		if (s->q[i].task == task)
			return true;
	return false;
}

/*
 * Take the hog's mmap_lock for read at a moment when at least one of its
 * faulting threads is not queued (@before: the waiters then): more than
 * STORM_MAPPERS threads are free. Readers already queued behind a writer
 * that held the lock prove nothing, and under this contention the queue
 * is seldom empty.
 */
static bool storm_hold_lock(struct ktest *t, struct mm *mm,
			    struct storm_queue *before)
{
	u64 deadline = ktime_get_ns() + KTEST_WAIT_MS * NSEC_PER_MSEC;
	unsigned int fewest = ~0u, tries = 0;

	while (ktime_get_ns() < deadline) {
		mmap_read_lock(mm);
		storm_queue_read(mm, before);
		tries++;
		if (before->waiters < STORM_THREADS - STORM_MAPPERS)
			return true;
		fewest = MIN(fewest, before->waiters);
		mmap_read_unlock(mm);
		yield();
	}
	KTEST_FAIL(t, "a faulter was never free when the case took the lock "
		   "in %u ms (fewest waiters %u in %u tries)", KTEST_WAIT_MS,
		   fewest, tries);
	return false;
}

/* One measurement; the case holds the lock for read on success. Return:
 * the readers that queued while the case held it, or -1 (failed). */
static int storm_measure(struct ktest *t, struct mm *mm, bool *got)
{
	static struct storm_queue before, after;
	int new_readers = 0;

	if (!storm_hold_lock(t, mm, &before))
		return -1;
	ktest_wait_until(t, rwsem_nr_waiters(&mm->mmap_lock) ==
				    STORM_THREADS,
			 KTEST_WAIT_MS);
	storm_queue_read(mm, &after);
	*got = down_read_trylock(&mm->mmap_lock);
	if (*got)
		up_read(&mm->mmap_lock);
	for (unsigned int i = 0; i < after.n; i++)
		if (!after.q[i].write && !storm_queue_has(&before,
							  after.q[i].task))
			new_readers++;
	ktest_log(t, "waiters: %u when the case took the lock, %u then, "
		  "writer first: %d; readers queued meanwhile: %d",
		  before.waiters, after.waiters,
		  after.n && after.q[0].write, new_readers);
	KTEST_EXPECT_EQ(t, after.waiters, STORM_THREADS);
	KTEST_EXPECT(t, after.n && after.q[0].write);
	KTEST_EXPECT_EQ(t, rwsem_nr_readers(&mm->mmap_lock), 1);
	return new_readers;
}

/*
 * A free faulter touches a new page nearly every step (the hog maps 256
 * pages per faulter), but may be in mmap() or munmap() instead, queueing
 * as a writer: a measurement without new readers is made again, up to
 * STORM_MEASURES times. Under a rwsem that let readers join while a
 * writer waits, none would ever queue.
 */
static void storm_readers_queue_behind_writer(struct ktest *t,
					      enum rwsem_flavour f)
{
	static const char *const argv[] = {
		"/bin/mmapstorm", "--faulters", "16", "--mappers", "3",
		"--pages", "256", NULL
	};
	enum rwsem_flavour old = rwsem_get_flavour();
	int new_readers = 0, measures = 0;
	struct mm *mm = NULL;
	bool got = false;

	rwsem_set_flavour(f);
	if (user_start(t, &storm, argv))
		goto out;
	if (!KTEST_EXPECT(t, user_wait_line(&storm, "mmapstorm: started",
					    KTEST_WAIT_MS)) ||
	    !KTEST_EXPECT(t, user_poll(storm.pid, storm_grab_mm, &mm,
				       KTEST_WAIT_MS)))
		goto kill;
	while (!new_readers && measures++ < STORM_MEASURES &&
	       !ktest_failed(t)) {
		new_readers = storm_measure(t, mm, &got);
		if (new_readers < 0)
			break;
		KTEST_EXPECT(t, !got);
		mmap_read_unlock(mm);
	}
	ktest_log(t, "flavour=%s: %d readers queued behind the writer "
		  "(measurement %d)", rwsem_flavour_name(f), new_readers,
		  measures);
	KTEST_EXPECT_GE(t, new_readers, 1);
kill:
	/* Dropped before the wait: the mm pins its owner task's struct. */
	if (mm)
		mmdrop(mm);
	process_kill_pid(storm.pid, SIGKILL);
	user_wait(t, &storm, 10000);
	KTEST_EXPECT_EQ(t, storm.status, wait_status_signaled(SIGKILL));
out:
	rwsem_set_flavour(old);
}

static void rwsem_storm_readers_queue_behind_writer_v4(struct ktest *t)
{
	storm_readers_queue_behind_writer(t, RWSEM_FLAVOUR_V4);
}

static void rwsem_storm_readers_queue_behind_writer_v61(struct ktest *t)
{
	storm_readers_queue_behind_writer(t, RWSEM_FLAVOUR_V61);
}

KTEST_SUITE(rwsem_storm,
	    KTEST_CASE(rwsem_storm_readers_queue_behind_writer_v4),
	    KTEST_CASE(rwsem_storm_readers_queue_behind_writer_v61));
