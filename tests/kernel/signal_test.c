// SPDX-License-Identifier: MIT
/*
 * Signal policy and wait statuses: kill(2)'s validity range, which
 * defaults are ignored, and that the status words decode the way
 * WIFEXITED/WEXITSTATUS/WTERMSIG do on Linux (0x0100 is "exit 1", 9 is
 * "killed by SIGKILL").
 */
#include "kernel/ktest.h"
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lib/string.h"

/*
 * Default actions at the edges of each class. Expected: 0, -1 and 65 are
 * invalid; 1 and 64 (the first and the last) are valid; each of the four
 * ignored defaults (SIGCHLD, SIGURG, SIGWINCH, SIGCONT) is ignored, the
 * four stop signals stop (job control) and the rest are fatal. Names:
 * the table's own at 1 and 31, "SIGRT" for 32..64, "?" outside 1..64.
 */
static void signal_actions(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, signal_default_action(0), SIGNAL_INVALID);
	KTEST_EXPECT_EQ(t, signal_default_action(-1), SIGNAL_INVALID);
	KTEST_EXPECT_EQ(t, signal_default_action(65), SIGNAL_INVALID);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGHUP), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGKILL), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGTERM), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGSTOP), SIGNAL_STOP);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGTSTP), SIGNAL_STOP);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGTTIN), SIGNAL_STOP);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGTTOU), SIGNAL_STOP);
	KTEST_EXPECT_EQ(t, signal_default_action(64), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGCHLD), SIGNAL_IGNORE);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGURG), SIGNAL_IGNORE);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGWINCH), SIGNAL_IGNORE);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGCONT), SIGNAL_IGNORE);
	KTEST_EXPECT_STREQ(t, signal_name(SIGHUP), "SIGHUP");
	KTEST_EXPECT_STREQ(t, signal_name(SIGSEGV), "SIGSEGV");
	KTEST_EXPECT_STREQ(t, signal_name(31), "SIGSYS");
	KTEST_EXPECT_STREQ(t, signal_name(32), "SIGRT");
	KTEST_EXPECT_STREQ(t, signal_name(40), "SIGRT");
	KTEST_EXPECT_STREQ(t, signal_name(64), "SIGRT");
	KTEST_EXPECT_STREQ(t, signal_name(0), "?");
	KTEST_EXPECT_STREQ(t, signal_name(65), "?");
}

/* Wait statuses decode as Linux's WIFEXITED, WEXITSTATUS, WTERMSIG do. */
static void signal_wait_status(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, wait_status_exited(1), 0x100);
	KTEST_EXPECT_EQ(t, wait_status_exited(256 + 3), 0x300);
	KTEST_EXPECT(t, wait_status_is_exit(wait_status_exited(0)));
	KTEST_EXPECT_EQ(t, wait_status_code(wait_status_exited(42)), 42);
	KTEST_EXPECT_EQ(t, wait_status_signaled(SIGKILL), 9);
	KTEST_EXPECT(t, !wait_status_is_exit(wait_status_signaled(SIGSEGV)));
	KTEST_EXPECT_EQ(t, wait_status_sig(wait_status_signaled(SIGSEGV)),
			SIGSEGV);
}

static int send(struct signal_pending *q, int sig, u64 value)
{
	struct signal_entry e = { .signo = sig, .code = SI_QUEUE,
				  .value = value };

	return signal_pending_add(q, &e);
}

/* Standard signals coalesce; real-time ones queue, each with its value,
 * and come out in order; the lowest number first. */
static void signal_queue_order(struct ktest *t)
{
	static struct signal_pending q;
	struct signal_entry e;

	KTEST_EXPECT_EQ(t, send(&q, SIGUSR1, 1), 0);
	KTEST_EXPECT_EQ(t, send(&q, SIGUSR1, 2), 0);
	KTEST_EXPECT_EQ(t, send(&q, SIGRTMIN + 1, 10), 0);
	KTEST_EXPECT_EQ(t, send(&q, SIGRTMIN + 1, 11), 0);
	KTEST_EXPECT_EQ(t, send(&q, SIGHUP, 3), 0);
	KTEST_EXPECT_EQ(t, q.nr, 4);
	KTEST_EXPECT_EQ(t, signal_pending_take(&q, ~0ULL, &e), SIGHUP);
	KTEST_EXPECT_EQ(t, signal_pending_take(&q, ~SIGNAL_BIT(SIGUSR1), &e),
			SIGRTMIN + 1);
	KTEST_EXPECT_EQ(t, e.value, 10);
	KTEST_EXPECT_EQ(t, signal_pending_take(&q, ~0ULL, &e), SIGUSR1);
	KTEST_EXPECT_EQ(t, e.value, 1);
	KTEST_EXPECT(t, q.set & SIGNAL_BIT(SIGRTMIN + 1));
	KTEST_EXPECT_EQ(t, signal_pending_take(&q, ~0ULL, &e), SIGRTMIN + 1);
	KTEST_EXPECT_EQ(t, e.value, 11);
	KTEST_EXPECT_EQ(t, q.set, 0);
	KTEST_EXPECT_EQ(t, signal_pending_take(&q, ~0ULL, &e), 0);
}

/* A full queue: a standard signal still becomes pending (bare siginfo),
 * a queued real-time one is refused with -EAGAIN; a flush forgets. */
static void signal_queue_full(struct ktest *t)
{
	static struct signal_pending q;
	struct signal_entry e;

	for (int i = 0; i < SIGNAL_QUEUE_MAX; i++)
		KTEST_EXPECT_EQ(t, send(&q, SIGRTMIN, (u64)i), 0);
	KTEST_EXPECT_EQ(t, send(&q, SIGRTMIN + 2, 99), -EAGAIN);
	KTEST_EXPECT(t, !(q.set & SIGNAL_BIT(SIGRTMIN + 2)));
	KTEST_EXPECT_EQ(t, send(&q, SIGTERM, 5), 0);
	KTEST_EXPECT_EQ(t, signal_pending_take(&q, SIGNAL_BIT(SIGTERM), &e),
			SIGTERM);
	KTEST_EXPECT_EQ(t, e.code, SI_USER);
	signal_pending_flush(&q, SIGNAL_BIT(SIGRTMIN));
	KTEST_EXPECT_EQ(t, q.nr, 0);
	KTEST_EXPECT_EQ(t, q.set, 0);
}

/* siginfo_t's layout: SIGCHLD's pid and status, SI_QUEUE's value. */
static void signal_info_layout(struct ktest *t)
{
	struct signal_entry chld = { .signo = SIGCHLD, .code = CLD_EXITED,
				     .pid = 7, .status = 3 };
	struct signal_entry q = { .signo = SIGUSR1, .code = SI_QUEUE,
				  .pid = 8, .value = 0x1234 };
	struct signal_info info;
	const u8 *b = (const u8 *)&info;

	signal_info_fill(&info, &chld);
	KTEST_EXPECT_EQ(t, *(const int *)(b + 16), 7);
	KTEST_EXPECT_EQ(t, *(const int *)(b + 24), 3);
	signal_info_fill(&info, &q);
	KTEST_EXPECT_EQ(t, *(const int *)(b + 8), SI_QUEUE);
	KTEST_EXPECT_EQ(t, *(const int *)(b + 16), 8);
	KTEST_EXPECT_EQ(t, *(const u64 *)(b + 24), 0x1234);
}

KTEST_SUITE(signal,
	    KTEST_CASE(signal_actions),
	    KTEST_CASE(signal_wait_status),
	    KTEST_CASE(signal_queue_order),
	    KTEST_CASE(signal_queue_full),
	    KTEST_CASE(signal_info_layout));
