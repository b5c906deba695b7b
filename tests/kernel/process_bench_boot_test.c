// SPDX-License-Identifier: MIT
/*
 * Benchmarks (explicit-only: ktest.filter=bench_*): the cost of a whole
 * process life, spawn to reap, of /bin/true - ELF load into a fresh mm,
 * SysV stack, ring 3, the runtime's start-up, exit_group, mm teardown,
 * wait - in nanoseconds per process.
 */
#include "kernel/exec.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/timer.h"

/* Every wait is bounded: a process that never ends fails the case. */
#define WAIT_JIFFIES	((long)msecs_to_jiffies(KTEST_WAIT_MS))

#define ITERS	50

static void bench_exec_and_wait(struct ktest *t)
{
	const char *argv[] = { "/bin/true", NULL };
	unsigned long tasks = task_count();
	int pid, status;
	u64 t0;

	/* One untimed run: the initramfs is unpacked on first use. */
	KTEST_ASSERT_EQ(t, process_spawn(argv[0], argv, NULL, &pid), 0);
	KTEST_ASSERT_EQ(t, process_wait_timeout(pid, &status, WAIT_JIFFIES),
			0);
	t0 = ktime_get_ns();
	for (int i = 0; i < ITERS; i++) {
		KTEST_ASSERT_EQ(t, process_spawn(argv[0], argv, NULL, &pid),
				0);
		KTEST_ASSERT_EQ(t, process_wait_timeout(pid, &status,
							WAIT_JIFFIES), 0);
		KTEST_ASSERT_EQ(t, status, wait_status_exited(0));
	}
	ktest_log(t, "bench %s: %llu %s", "exec_and_wait",
		  (unsigned long long)((ktime_get_ns() - t0) / ITERS),
		  "ns/op");
	ktest_wait_tasks(t, tasks, KTEST_WAIT_MS);
}

KTEST_SUITE(bench_process, KTEST_CASE(bench_exec_and_wait));
