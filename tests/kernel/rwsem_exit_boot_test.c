// SPDX-License-Identifier: MIT
/*
 * A dying thread queues behind a waiting writer: the exit path takes the
 * mm's mmap_lock for read while it lets go of the mm, as Linux's
 * exit_mm() does (kernel/process.c). The heart of the OOM scenario where
 * a killed process cannot exit while a writer waits on its mm.
 *
 *   process P: H holds mmap_lock for read (a slow page-in), E0, E1 sleep
 *   kthread W: mmap_write_lock(P's mm) - queued behind H
 *   SIGKILL P: E0 and E1 exit and must queue for read behind W
 *
 * Expected, under both rwsem flavours: the queue reads W, E0, E1 (in some
 * order of E0, E1), the reaper's trylock fails; once H lets go, W runs
 * and then everyone exits. Threads are kernel functions in a process
 * with an mm of its own (no user mode needed).
 */
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/rwsem.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include "mm/mm.h"

#define EXIT_WAIT_MS	5000

/* Static, not on the case's stack: a thread of a failed case may still
 * use them later. */
static struct completion gate;		/* case -> H: let go */
static struct completion writer_done;	/* W -> case */
static struct task *sleepers[2];	/* [a] E0, E1 */
static struct mm *writer_mm;

/* H: holds the read lock across an unkillable wait, as a fault sleeping
 * in a slow page-in does. */
static int holder_fn(void *arg)
{
	mmap_read_lock(current->mm);
	wait_for_completion(&gate);
	mmap_read_unlock(current->mm);
	process_exit_if_killed();
	return 0;
}

/* E: sleeps killably; a fatal signal makes it exit. */
static int sleeper_fn(void *arg)
{
	__atomic_store_n(&sleepers[(uintptr_t)arg], current, __ATOMIC_RELEASE);
	for (;;) {
		schedule_timeout_killable(5);
		process_exit_if_killed();
	}
	return 0;
}

/* W: a writer from outside the process (as khugepaged is), unkillable. */
static int writer_fn(void *arg)
{
	mmap_write_lock(writer_mm);
	mmap_write_unlock(writer_mm);
	complete(&writer_done);
	return 0;
}

static bool queue_is_writer_then_sleepers(struct ktest *t,
					  struct rw_semaphore *sem,
					  struct task *w)
{
	struct rwsem_queued q[4];
	unsigned int n = rwsem_queue_snapshot(sem, q, ARRAY_SIZE(q));
	struct task *e0 = __atomic_load_n(&sleepers[0], __ATOMIC_ACQUIRE);
	struct task *e1 = __atomic_load_n(&sleepers[1], __ATOMIC_ACQUIRE);

	if (!KTEST_EXPECT_EQ(t, n, 3))
		return false;
	KTEST_EXPECT(t, q[0].task == w && q[0].write);
	KTEST_EXPECT(t, !q[1].write && !q[2].write);
	KTEST_EXPECT(t, (q[1].task == e0 && q[2].task == e1) ||
				(q[1].task == e1 && q[2].task == e0));
	return true;
}

static void exit_queues_behind_writer(struct ktest *t, enum rwsem_flavour f)
{
	unsigned long tasks = task_count(), procs = process_count();
	enum rwsem_flavour old = rwsem_get_flavour();
	struct mm *mm = mm_alloc();
	struct task *w = NULL;
	struct process *p;
	int tgid, status = -1;
	bool got;

	KTEST_ASSERT_NOT_NULL(t, mm);
	rwsem_set_flavour(f);
	mmgrab(mm);
	writer_mm = mm;
	init_completion(&gate);
	init_completion(&writer_done);
	sleepers[0] = sleepers[1] = NULL;
	p = process_create("exitq", mm, NULL);
	if (!KTEST_EXPECT_NOT_NULL(t, p)) {
		mmput(mm);
		goto out;
	}
	tgid = process_thread_start(p, holder_fn, NULL);
	KTEST_EXPECT_GT(t, tgid, 0);
	KTEST_EXPECT_GT(t, process_thread_start(p, sleeper_fn, (void *)0), 0);
	KTEST_EXPECT_GT(t, process_thread_start(p, sleeper_fn, (void *)1), 0);
	ktest_wait_until(t, rwsem_nr_readers(&mm->mmap_lock) == 1 &&
				    __atomic_load_n(&sleepers[1],
						    __ATOMIC_ACQUIRE) &&
				    __atomic_load_n(&sleepers[0],
						    __ATOMIC_ACQUIRE),
			 KTEST_WAIT_MS);
	w = kthread_run(writer_fn, NULL, "exitq-writer");
	KTEST_ASSERT_NOT_NULL(t, w);
	ktest_wait_until(t, rwsem_nr_waiters(&mm->mmap_lock) == 1,
			 KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_kill(p, SIGKILL), 0);
	/* Both sleepers exit at once and queue; H cannot (unkillable). */
	if (ktest_wait_until(t, rwsem_nr_waiters(&mm->mmap_lock) == 3,
			     KTEST_WAIT_MS))
		queue_is_writer_then_sleepers(t, &mm->mmap_lock, w);
	got = mmap_read_trylock(mm);			/* the reaper's way */
	KTEST_EXPECT(t, !got);
	if (got)
		mmap_read_unlock(mm);
	KTEST_EXPECT_EQ(t, rwsem_nr_readers(&mm->mmap_lock), 1);
	complete_all(&gate);
	ktest_wait_completion(t, &writer_done, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_wait_timeout(tgid, &status,
						(long)msecs_to_jiffies(
							EXIT_WAIT_MS)),
			0);
	KTEST_EXPECT_EQ(t, status, wait_status_signaled(SIGKILL));
out:
	complete_all(&gate);
	mmdrop(mm);
	rwsem_set_flavour(old);
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

static void rwsem_exit_queues_behind_writer_v4(struct ktest *t)
{
	exit_queues_behind_writer(t, RWSEM_FLAVOUR_V4);
}

static void rwsem_exit_queues_behind_writer_v61(struct ktest *t)
{
	exit_queues_behind_writer(t, RWSEM_FLAVOUR_V61);
}

KTEST_SUITE(rwsem_exit, KTEST_CASE(rwsem_exit_queues_behind_writer_v4),
	    KTEST_CASE(rwsem_exit_queues_behind_writer_v61));
