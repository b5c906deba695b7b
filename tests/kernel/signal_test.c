// SPDX-License-Identifier: MIT
/*
 * Signal policy and wait statuses: kill(2)'s validity range, which
 * defaults are ignored, and that the status words decode the way
 * WIFEXITED/WEXITSTATUS/WTERMSIG do on Linux (0x0100 is "exit 1", 9 is
 * "killed by SIGKILL").
 */
#include "kernel/ktest.h"
#include "kernel/signal.h"
#include "lib/string.h"

/*
 * Default actions at the edges of each class. Expected: 0, -1 and 65 are
 * invalid; 1 and 64 (the first and the last) are valid; each of the four
 * ignored defaults (SIGCHLD, SIGURG, SIGWINCH, SIGCONT) is ignored and
 * the rest are fatal. Names: the table's own at 1 and 31, "SIGRT" for
 * 32..64, "?" outside 1..64.
 */
static void signal_actions(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, signal_default_action(0), SIGNAL_INVALID);
	KTEST_EXPECT_EQ(t, signal_default_action(-1), SIGNAL_INVALID);
	KTEST_EXPECT_EQ(t, signal_default_action(65), SIGNAL_INVALID);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGHUP), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGKILL), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGTERM), SIGNAL_FATAL);
	KTEST_EXPECT_EQ(t, signal_default_action(SIGSTOP), SIGNAL_FATAL);
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

KTEST_SUITE(signal,
	    KTEST_CASE(signal_actions),
	    KTEST_CASE(signal_wait_status));
