// SPDX-License-Identifier: MIT
/*
 * Thread groups without user mode: processes whose threads are kernel
 * functions (mm NULL unless a case gives them one), exercising exit,
 * exit_group with live threads, kill and tgkill, the wait status, the
 * lookup's liveness argument, references past the reap, and the one mm
 * release. Each case ends with every thread freed and the process reaped
 * (task and process counts back to where they were).
 */
#include "kernel/completion.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/mm.h"

#define NTHREADS	4
#define EXIT_WAIT_MS	5000	/* a thread set free ends well before */

/* process_wait() with a bound: a process that never ends fails the case
 * (-ETIMEDOUT) instead of hanging the boot. */
static int reap(int tgid, int *status)
{
	return process_wait_timeout(tgid, status,
				    (long)msecs_to_jiffies(EXIT_WAIT_MS));
}

/* Opened by a case to let its gated threads go on. Static, not on the
 * case's stack: a thread of a failed case may still use it later. */
static struct completion gate;

/* A thread that sleeps killably until a fatal signal makes it leave, as
 * a user thread would at its next return to user mode. */
static int sleeper_fn(void *arg)
{
	for (;;) {
		schedule_timeout_killable(5);
		process_exit_if_killed();
	}
	return 0;
}

static int exit_code_fn(void *arg)
{
	return (int)(uintptr_t)arg;
}

/* A thread that waits, unkillably, for the gate, then acts on a kill:
 * killed before the gate opens, its process is exiting (group_exit set)
 * with a thread still there. */
static int gated_fn(void *arg)
{
	wait_for_completion(&gate);
	process_exit_if_killed();
	return 0;
}

static int group_exit_fn(void *arg)
{
	struct process *p = process_current();

	while (__atomic_load_n(&p->nr_threads, __ATOMIC_ACQUIRE) < NTHREADS + 1)
		schedule_timeout_killable(1);
	process_group_exit(wait_status_exited((int)(uintptr_t)arg));
}

static struct process *start(struct ktest *t, int (*first)(void *),
			     void *arg, int nsleepers, int *tgid)
{
	struct process *p = process_create("ptest", NULL, NULL);

	if (!KTEST_EXPECT_NOT_NULL(t, p))
		return NULL;
	*tgid = process_thread_start(p, first, arg);
	KTEST_EXPECT_GT(t, *tgid, 0);
	for (int i = 0; i < nsleepers; i++)
		KTEST_EXPECT_GT(t, process_thread_start(p, sleeper_fn, NULL),
				0);
	return p;
}

/* One thread returning 3: the process exits with status 3. */
static void process_exit_status(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;

	KTEST_ASSERT_NOT_NULL(t, start(t, exit_code_fn, (void *)3, 0, &tgid));
	KTEST_EXPECT_EQ(t, reap(tgid, &status), 0);
	KTEST_EXPECT(t, wait_status_is_exit(status));
	KTEST_EXPECT_EQ(t, wait_status_code(status), 3);
	KTEST_EXPECT_EQ(t, reap(tgid, &status), -ECHILD);
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/* exit_group(7) from the first thread while four others sleep: all end,
 * status "exited 7". */
static void process_exit_group_with_live_threads(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;

	KTEST_ASSERT_NOT_NULL(t, start(t, group_exit_fn, (void *)7,
				       NTHREADS, &tgid));
	KTEST_EXPECT_EQ(t, reap(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_exited(7));
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/* Signal 0 and ignored signals leave it alive; a bad number is -EINVAL;
 * tgkill with a stranger's tid is -ESRCH; SIGTERM is fatal. */
static void process_kill_and_tgkill(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	struct process *p, *found;
	int tgid, status = -1;

	p = start(t, sleeper_fn, NULL, NTHREADS - 1, &tgid);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, process_kill(p, 0), 0);
	KTEST_EXPECT_EQ(t, process_kill(p, SIGCHLD), 0);
	KTEST_EXPECT_EQ(t, process_kill(p, 65), -EINVAL);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, current->tid, 0), -ESRCH);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, -1, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, tgid, 0), 0);
	found = process_get_by_pid(tgid, PROCESS_ALIVE);
	KTEST_EXPECT(t, found == p);
	if (found)
		process_put(found);
	KTEST_EXPECT_EQ(t, process_tgkill(tgid, tgid, SIGTERM), 0);
	KTEST_EXPECT_EQ(t, reap(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_signaled(SIGTERM));
	KTEST_EXPECT_NULL(t, process_get_by_pid(tgid, PROCESS_UNREAPED));
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/* Does looking @tgid up with @which find @want (NULL: nothing)? */
static bool lookup_finds(int tgid, enum process_lookup which,
			 struct process *want)
{
	struct process *found = process_get_by_pid(tgid, which);

	if (found)
		process_put(found);
	return found == want;
}

/* Wait (bounded) until every thread of @p is gone; @p must stay
 * allocated (the caller reaps it, or holds a reference). */
static bool wait_exited(struct process *p)
{
	return wait_event_timeout(p->exit_wq,
				  __atomic_load_n(&p->exited, __ATOMIC_ACQUIRE),
				  (long)msecs_to_jiffies(EXIT_WAIT_MS)) > 0;
}

/*
 * One process through its states, looked up at each:
 *   running  (one gated thread)        ALIVE: found   UNREAPED: found
 *   exiting  (SIGTERM, thread gated)   ALIVE: found   UNREAPED: found
 *   zombie   (gate open, thread gone)  ALIVE: -       UNREAPED: found
 *   reaped                              ALIVE: -       UNREAPED: -
 * kill(2) follows ALIVE: 0 on an exiting process, -ESRCH on a zombie.
 */
static void process_lookup_follows_liveness(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;
	struct process *p;

	init_completion(&gate);
	p = start(t, gated_fn, NULL, 0, &tgid);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_ALIVE, p));
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_UNREAPED, p));

	KTEST_EXPECT_EQ(t, process_kill(p, SIGTERM), 0);
	KTEST_EXPECT(t, __atomic_load_n(&p->group_exit, __ATOMIC_RELAXED));
	KTEST_EXPECT_EQ(t, __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED),
			1);
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_ALIVE, p));
	KTEST_EXPECT_EQ(t, process_kill_pid(tgid, 0), 0);

	complete_all(&gate);
	KTEST_EXPECT(t, wait_exited(p));
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_ALIVE, NULL));
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_UNREAPED, p));
	KTEST_EXPECT_EQ(t, process_kill_pid(tgid, 0), -ESRCH);

	KTEST_EXPECT_EQ(t, reap(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_signaled(SIGTERM));
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_UNREAPED, NULL));
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/*
 * A reference taken by lookup outlives the exit and the reap: after
 * process_wait() the struct still reads as the process that ended
 * (tgid, name, exited with 9, no thread). A reference dropped too early
 * lets the reap free it; debug builds poison freed slab objects (0x6b),
 * so the reads below see 0x6b6b6b6b instead. The process had no mm, so
 * no mm release is counted.
 */
static void process_reference_outlives_reap(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;
	struct process *ref;

	KTEST_ASSERT_NOT_NULL(t, start(t, exit_code_fn, (void *)9, 0, &tgid));
	ref = process_get_by_pid(tgid, PROCESS_UNREAPED);
	KTEST_EXPECT_NOT_NULL(t, ref);
	KTEST_EXPECT_EQ(t, reap(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_exited(9));
	KTEST_EXPECT(t, lookup_finds(tgid, PROCESS_UNREAPED, NULL));
	if (ref) {
		KTEST_EXPECT_EQ(t, ref->tgid, tgid);
		KTEST_EXPECT_STREQ(t, ref->name, "ptest");
		KTEST_EXPECT(t, ref->exited);
		KTEST_EXPECT_EQ(t, ref->exit_status, wait_status_exited(9));
		KTEST_EXPECT_EQ(t, ref->nr_threads, 0);
		KTEST_EXPECT_EQ(t, ref->mm_releases, 0);
		process_put(ref);
	}
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

/*
 * A process of two threads with an mm of its own: the last thread out
 * puts it, once. Afterwards mm_releases is 1, p->mm is NULL and the mm
 * has no user left (mm_users 0: a second put would make it -1, none
 * would leave it 1); the case's mmgrab() keeps the struct readable.
 */
static void process_mm_released_once(struct ktest *t)
{
	unsigned long tasks = task_count(), procs = process_count();
	int tgid, status = -1;
	struct process *p, *ref;
	struct mm *mm = mm_alloc();

	KTEST_ASSERT_NOT_NULL(t, mm);
	mmgrab(mm);
	init_completion(&gate);
	p = process_create("ptest", mm, NULL);
	if (!KTEST_EXPECT_NOT_NULL(t, p)) {
		mmput(mm);
		mmdrop(mm);
		return;
	}
	tgid = process_thread_start(p, gated_fn, NULL);
	KTEST_EXPECT_GT(t, tgid, 0);
	KTEST_EXPECT_GT(t, process_thread_start(p, gated_fn, NULL), 0);
	ref = process_get_by_pid(tgid, PROCESS_ALIVE);
	KTEST_EXPECT(t, ref == p);
	complete_all(&gate);
	KTEST_EXPECT_EQ(t, reap(tgid, &status), 0);
	KTEST_EXPECT_EQ(t, status, wait_status_exited(0));
	if (ref) {
		KTEST_EXPECT_EQ(t, ref->mm_releases, 1);
		KTEST_EXPECT_NULL(t, ref->mm);
		process_put(ref);
	}
	KTEST_EXPECT_EQ(t, __atomic_load_n(&mm->mm_users, __ATOMIC_ACQUIRE),
			0);
	mmdrop(mm);
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, process_count(), procs);
}

KTEST_SUITE(process,
	    KTEST_CASE(process_exit_status),
	    KTEST_CASE(process_exit_group_with_live_threads),
	    KTEST_CASE(process_kill_and_tgkill),
	    KTEST_CASE(process_lookup_follows_liveness),
	    KTEST_CASE(process_reference_outlives_reap),
	    KTEST_CASE(process_mm_released_once));
