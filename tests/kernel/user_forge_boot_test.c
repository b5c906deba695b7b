// SPDX-License-Identifier: MIT
/*
 * A program cannot forge a kernel message in the log. /bin/forge prints
 * the lines the runner fails a run on (panic, BUG, WARNING, soft lockup,
 * hung task; alone, after '\n' and after '\r'), names itself
 * "\nkernel BUG at " with prctl(PR_SET_NAME), calls an unknown syscall
 * and dies of a NULL write.
 *
 * Expected: it dies of SIGSEGV; its comm is stored with the newline as
 * '?' (PR_SET_NAME sanitises), so its console lines and its segfault line
 * show "?kernel BUG at " and the log never has a line that starts with
 * "kernel BUG at" without the kernel's timestamp; its output lines are
 * all "[comm pid] ..." lines. The forged lines do reach the serial log:
 * the runner, which anchors kernel messages right after the timestamp,
 * must still call this boot a PASS (that is the other half of the test,
 * done by every boot row of the plan).
 */
#include "kernel/ktest.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

/* Is there a line in the log tail that starts with @text, i.e. a line
 * the kernel did not stamp? */
static bool log_has_unstamped_line(const char *text)
{
	char needle[64];

	snprintf(needle, sizeof(needle), "\n%s", text);
	return log_capture_contains(needle);
}

static void user_forge_comm(struct ktest *t)
{
	char needle[64];

	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/forge", NULL), 0);
	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGSEGV);
	KTEST_EXPECT_NOT_NULL(t, user_line(run.out, "forge: named"));
	snprintf(needle, sizeof(needle), "[?kernel BUG at  %d] forge: named",
		 run.pid);
	KTEST_EXPECT(t, log_capture_contains(needle));
	snprintf(needle, sizeof(needle), "?kernel BUG at [%d]: segfault at 0",
		 run.pid);
	KTEST_EXPECT(t, log_capture_contains(needle));
	KTEST_EXPECT(t, !log_has_unstamped_line("kernel BUG at"));
	KTEST_EXPECT(t, !log_has_unstamped_line("Kernel panic"));
	/* Its output is not dumped on failure: the forged lines would
	 * reach the log as kernel lines. */
	if (ktest_failed(t))
		ktest_log(t, "status %#x", run.status);
}

KTEST_SUITE(user_forge,
	    KTEST_CASE(user_forge_comm));
