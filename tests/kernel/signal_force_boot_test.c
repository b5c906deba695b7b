// SPDX-License-Identifier: MIT
/*
 * One fatal fault, one log line. /bin/segv --mode ktext jumps to a
 * kernel function: the instruction fetch faults (SIGSEGV, "segfault at
 * <the function>"), and the way back to user mode would then refuse the
 * kernel RIP with a "bad return ip" line of its own - unless, as
 * expected, a task that already has its fatal signal reports nothing
 * more. Expected: killed by SIGSEGV, exactly one "segv[pid]:" line.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/format.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"

static struct user_run run;

/* Lines of the log tail that contain @needle. */
static unsigned int log_count(const char *needle)
{
	static char tail[LOG_CAPTURE_TAIL + 1];
	size_t n = printk_ring_read(tail, sizeof(tail) - 1);
	unsigned int count = 0;

	tail[n] = 0;
	for (const char *s = strstr(tail, needle); s;
	     s = strstr(s + 1, needle))
		count++;
	return count;
}

static void signal_force_one_line_for_ktext(struct ktest *t)
{
	char addr[24], needle[32];

	snprintf(addr, sizeof(addr), "%llu", (unsigned long long)(uintptr_t)
		 printk);
	KTEST_ASSERT_EQ(t, user_run(t, &run, 10000, "/bin/segv", "--mode",
				    "ktext", "--addr", addr, NULL), 0);
	KTEST_EXPECT(t, !wait_status_is_exit(run.status));
	KTEST_EXPECT_EQ(t, wait_status_sig(run.status), SIGSEGV);
	snprintf(needle, sizeof(needle), "segv[%d]: ", run.pid);
	KTEST_EXPECT_EQ_U(t, log_count(needle), 1);
	snprintf(needle, sizeof(needle), "segv[%d]: segfault at ", run.pid);
	KTEST_EXPECT_EQ_U(t, log_count(needle), 1);
}

KTEST_SUITE(signal_force,
	    KTEST_CASE(signal_force_one_line_for_ktext));
