// SPDX-License-Identifier: MIT
/*
 * User processes end to end: the workload programs of the initramfs run
 * as real processes (their own mm, ring 3, syscalls, threads) and the
 * kernel checks their result lines and how they ended.
 *
 *   hog          touch / MAP_POPULATE / mlock 4 MiB; 8 faulting threads
 *                with 2 mmap/munmap writers; 64 threads faulting at once
 *   bystander    two short sleep-and-check rounds
 *   segv         NULL write (SIGSEGV, with the "segfault at" line), ud2
 *                (SIGILL), a fault in a second thread while the first
 *                sleeps in FUTEX_WAIT; 1 MiB of stack growth is fine,
 *                9 MiB passes the 8 MiB limit and is SIGSEGV
 *   tgroup       exit_group with 8 threads asleep in futex/nanosleep,
 *                futex hand-overs between threads (two pairs, while a
 *                third thread unmaps pages: TLB shootdowns racing CPUs
 *                that load and leave the mm), the main thread exiting
 *                first, kill(getpid(), SIGTERM)
 *   efault       every pointer argument of every syscall, bad
 *   bystander    killed by the kernel (SIGKILL) in its nanosleep
 *
 * Every case ends with the process reaped and its tasks freed; the
 * free-page and charge invariants then show all of its memory back.
 *
 *   stress_futex (explicit-only: ktest.filter=stress_futex) the futex
 *                hand-over at length: one pair for 200,000 rounds, then
 *                twenty runs of four pairs with the unmapping thread
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

static void dump_on_failure(struct ktest *t)
{
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

/* hog's result: exit 0, errors=0, every page touched and resident. */
static void expect_hog_ok(struct ktest *t, u64 pages)
{
	u64 v = ~0ULL;

	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "errors=", &v));
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "pages_touched=",
				   &v));
	KTEST_EXPECT_EQ(t, v, pages);
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "resident=", &v));
	KTEST_EXPECT_EQ(t, v, pages);
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "tls_mismatch=",
				   &v));
	KTEST_EXPECT_EQ(t, v, 0);
}

/* populate_complete=R/N with R == N: everything there before touching. */
static void expect_populated(struct ktest *t, u64 pages)
{
	u64 r = 0, n = 0;

	KTEST_EXPECT(t, user_field(run.out, "hog: result",
				   "populate_complete=", &r));
	KTEST_EXPECT(t, user_field_total(run.out, "hog: result",
					 "populate_complete=", &n));
	KTEST_EXPECT_EQ(t, n, pages);
	KTEST_EXPECT_EQ(t, r, pages);
}

/* Touching 4 MiB page by page: 1024 demand-zero faults. */
static void user_hog_touch(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 20000, "/bin/hog", "--mib",
				    "4", NULL), 0);
	expect_hog_ok(t, 1024);
	dump_on_failure(t);
}

/* MAP_POPULATE: mincore sees all 1024 pages before any touch. */
static void user_hog_populate(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 20000, "/bin/hog", "--mib",
				    "4", "--populate", NULL), 0);
	expect_hog_ok(t, 1024);
	expect_populated(t, 1024);
	dump_on_failure(t);
}

/* mlock() populates too; the locked pages are all resident. */
static void user_hog_mlock(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 20000, "/bin/hog", "--mib",
				    "4", "--mlock", NULL), 0);
	expect_hog_ok(t, 1024);
	expect_populated(t, 1024);
	dump_on_failure(t);
}

/*
 * 8 threads fault their slices while 2 writers loop on mmap/munmap; each
 * writer makes at least one round (hog.c), so writer_ops >= 2.
 */
static void user_hog_threads_writers(struct ktest *t)
{
	u64 ops = 0;

	KTEST_ASSERT_EQ(t, user_run(t, &run, 30000, "/bin/hog", "--mib",
				    "4", "--threads", "8", "--writers", "2",
				    NULL), 0);
	expect_hog_ok(t, 1024);
	KTEST_EXPECT(t, user_field(run.out, "hog: result", "writer_ops=",
				   &ops));
	KTEST_EXPECT_GE_U(t, ops, 2);
	dump_on_failure(t);
}

/* 64 threads sharing one mm fault 4 MiB concurrently (smp-4 boots run
 * them on four CPUs). */
static void user_hog_64_threads(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 30000, "/bin/hog", "--mib",
				    "4", "--threads", "64", NULL), 0);
	expect_hog_ok(t, 1024);
	dump_on_failure(t);
}

static void user_bystander(struct ktest *t)
{
	u64 rounds = 0;

	KTEST_ASSERT_EQ(t, user_run(t, &run, 20000, "/bin/bystander",
				    "--rounds", "2", "--sleep-ms", "20", NULL),
			0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "bystander: ok", "rounds=",
				   &rounds));
	KTEST_EXPECT_EQ(t, rounds, 2);
	dump_on_failure(t);
}

/*
 * Did the process die of @sig, with "segv[tid]: <what>" in the log? The
 * tid is the faulting thread's (Linux prints the thread's id): the
 * process's own, or one of the next few for a thread it started.
 */
static void expect_killed(struct ktest *t, int sig, const char *what)
{
	char needle[80];
	bool found = false;

	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), sig);
	KTEST_EXPECT_NULL(t, user_line(run.out, "segv: survived"));
	for (int tid = run.pid; what && !found && tid < run.pid + 4; tid++) {
		snprintf(needle, sizeof(needle), "segv[%d]: %s", tid, what);
		found = log_capture_contains(needle);
	}
	if (what)
		KTEST_EXPECT(t, found);
	dump_on_failure(t);
}

/* A NULL write: SIGSEGV and Linux's line; the kernel carries on. */
static void user_segv_null(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/segv", "--mode",
				    "null", NULL), 0);
	expect_killed(t, SIGSEGV, "segfault at 0000000000000000");
}

static void user_segv_ud(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/segv", "--mode",
				    "ud", NULL), 0);
	expect_killed(t, SIGILL, "trap");
}

/* The faulting thread takes the main thread (asleep in FUTEX_WAIT) with
 * it: the whole group dies of SIGSEGV. */
static void user_segv_thread(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/segv", "--mode",
				    "thread-null", NULL), 0);
	expect_killed(t, SIGSEGV, "segfault at");
}

/* The stack grows on demand to 1 MiB; 9 MiB is past RLIMIT_STACK. */
static void user_stack_growth(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/segv", "--mode",
				    "stack", "--kib", "1024", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out, "segv: stack ok"));
	dump_on_failure(t);
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/segv", "--mode",
				    "stack", "--kib", "9216", NULL), 0);
	expect_killed(t, SIGSEGV, NULL);
}

/* exit_group(3) while 8 threads sleep in FUTEX_WAIT and nanosleep(1 h):
 * they are woken and killed; status "exited 3", in well under a second. */
static void user_exit_group_live_threads(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/tgroup", "--mode",
				    "exit-group", "--threads", "8", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 3));
	KTEST_EXPECT_LT_U(t, run.elapsed_ns, 5000000000ULL);
	dump_on_failure(t);
}

/* Run tgroup's futex mode; expect exit 0, every round, no error. */
static void futex_handover(struct ktest *t, u64 rounds, u64 pairs,
			   unsigned int timeout_ms)
{
	char s_rounds[24], s_pairs[24];
	u64 errors = ~0ULL, done = 0;

	snprintf(s_rounds, sizeof(s_rounds), "%llu",
		 (unsigned long long)rounds);
	snprintf(s_pairs, sizeof(s_pairs), "%llu", (unsigned long long)pairs);
	if (user_run(t, &run, timeout_ms, "/bin/tgroup", "--mode", "futex",
		     "--rounds", s_rounds, "--pairs", s_pairs, "--churn", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_field(run.out, "tgroup: result", "errors=",
				   &errors));
	KTEST_EXPECT_EQ(t, errors, 0);
	KTEST_EXPECT(t, user_field(run.out, "tgroup: result", "rounds=",
				   &done));
	KTEST_EXPECT_EQ(t, done, rounds);
	KTEST_EXPECT_EQ(t, futex_nr_waiters(), 0);
	dump_on_failure(t);
}

/* 500 futex hand-overs in each of two pairs while a third thread unmaps
 * pages, plus timeout/EAGAIN/empty wake results. The unmapper never
 * sleeps: if a woken player waited behind a whole time slice of it (one
 * CPU), the 2,000 hand-overs would take 2,000 x 10 ms / 2 pairs = 10 s
 * or more; they take well under a second when a woken task goes ahead. */
static void user_futex_threads(struct ktest *t)
{
	futex_handover(t, 500, 2, 20000);
	KTEST_EXPECT_LT_U(t, run.elapsed_ns, 5000000000ULL);
}

/* The main thread exit()s first; the process ends with its last thread,
 * whose exit code (5) is the status. */
static void user_exit_main_first(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/tgroup", "--mode",
				    "exit-main", NULL), 0);
	KTEST_EXPECT(t, user_exited(&run, 5));
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out, "tgroup: last thread"));
	dump_on_failure(t);
}

/* kill(getpid(), SIGTERM) with 4 sleeping threads: killed by SIGTERM. */
static void user_kill_self(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/tgroup", "--mode",
				    "kill-self", "--threads", "4", NULL), 0);
	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGTERM);
	KTEST_EXPECT_NULL(t, user_line(run.out, "tgroup: survived"));
	dump_on_failure(t);
}

/* Bad pointers everywhere: -EFAULT, and the process lives to report. */
static void user_efault(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, user_run_checks(t, &run, 10000, "/bin/efault",
					   "efault: result", 80), 0);
	dump_on_failure(t);
}

/*
 * The kernel kills a process asleep in nanosleep (one round of 5 s): once
 * its start line is out and its thread sleeps killable, SIGKILL. The
 * sleep ends at once - reaped well within a second of the kill, long
 * before the 5 s were up - with no round line (the check after the
 * sleep never ran), status "killed by SIGKILL".
 */
static void user_kill_from_kernel(struct ktest *t)
{
	const char *const argv[] = { "/bin/bystander", "--rounds", "1",
				     "--sleep-ms", "5000", NULL };
	u64 killed_at;

	KTEST_ASSERT_EQ(t, user_start(t, &run, argv), 0);
	KTEST_EXPECT(t, user_wait_line(&run, "bystander: start", 5000));
	KTEST_EXPECT(t, user_wait_state(&run, USER_SLEEP_STATE, 5000));
	killed_at = ktime_get_ns();
	KTEST_EXPECT_EQ(t, process_kill_pid(run.pid, 0), 0);
	KTEST_EXPECT_EQ(t, process_kill_pid(run.pid, SIGKILL), 0);
	user_wait(t, &run, 10000);
	/* run.elapsed_ns ends at the reap */
	KTEST_EXPECT_LT_U(t, run.start_ns + run.elapsed_ns - killed_at,
			  900000000ULL);
	KTEST_EXPECT_EQ(t, run.status, wait_status_signaled(SIGKILL));
	KTEST_EXPECT_NULL(t, user_line(run.out, "bystander: round="));
	KTEST_EXPECT_EQ(t, process_kill_pid(run.pid, 0), -ESRCH);
	dump_on_failure(t);
}

KTEST_SUITE(user,
	    KTEST_CASE(user_hog_touch),
	    KTEST_CASE(user_hog_populate),
	    KTEST_CASE(user_hog_mlock),
	    KTEST_CASE(user_hog_threads_writers),
	    KTEST_CASE(user_hog_64_threads),
	    KTEST_CASE(user_bystander),
	    KTEST_CASE(user_segv_null),
	    KTEST_CASE(user_segv_ud),
	    KTEST_CASE(user_segv_thread),
	    KTEST_CASE(user_stack_growth),
	    KTEST_CASE(user_exit_group_live_threads),
	    KTEST_CASE(user_futex_threads),
	    KTEST_CASE(user_exit_main_first),
	    KTEST_CASE(user_kill_self),
	    KTEST_CASE(user_efault),
	    KTEST_CASE(user_kill_from_kernel));

/* One pair hands the token over 200,000 times (with the unmapper). */
static void stress_futex_one_pair(struct ktest *t)
{
	futex_handover(t, 200000, 1, 120000);
	ktest_log(t, "200000 rounds in %llu ms",
		  (unsigned long long)(run.elapsed_ns / 1000000));
}

/* Twenty processes of four pairs x 5,000 rounds, each with the unmapping
 * thread: hand-overs, thread exits and joins race TLB shootdowns. */
static void stress_futex_pairs_churn(struct ktest *t)
{
	u64 t0 = ktime_get_ns();

	for (int i = 0; i < 20 && !ktest_failed(t); i++)
		futex_handover(t, 5000, 4, 60000);
	ktest_log(t, "20 x 4 pairs x 5000 rounds in %llu ms",
		  (unsigned long long)((ktime_get_ns() - t0) / 1000000));
}

KTEST_SUITE(stress_futex,
	    KTEST_CASE(stress_futex_one_pair),
	    KTEST_CASE(stress_futex_pairs_churn));
