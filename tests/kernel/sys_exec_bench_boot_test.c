// SPDX-License-Identifier: MIT
/*
 * Benchmark (explicit-only: ktest.filter=bench_*): execve() of a static
 * binary, in microseconds per exec. exectest "loop N" execs itself N
 * times, counting down in argv; a run with N = 0 (spawn, start-up, exit,
 * reap, no exec) is subtracted, leaving N execs: each reads the head of
 * the file, builds a fresh mm from the page cache, copies the arguments
 * and enters the new image. For scale, bench_process's spawn-to-reap of
 * /bin/true costs about as much as one exec here.
 */
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "mm/vmscan.h"
#include "tests/kernel/user_run.h"

#define EXECS		200
#define EXECS_TEXT	"200"

static struct user_run run;

/* Spawn to reap of "exectest loop @count", in ns; 0 on failure. */
static u64 loop_ns(struct ktest *t, const char *count)
{
	u64 t0 = ktime_get_ns();

	user_run(t, &run, 60000, "/bin/exectest", "loop", count, NULL);
	if (!KTEST_EXPECT(t, user_exited(&run, 0)))
		return 0;
	return ktime_get_ns() - t0;
}

static void bench_execve_self(struct ktest *t)
{
	u64 base, total;

	loop_ns(t, "0");	/* untimed: the page cache fills */
	base = loop_ns(t, "0");
	total = loop_ns(t, EXECS_TEXT);
	vmscan_drop_caches();	/* the binary's pages: the invariants */
	if (ktest_failed(t))
		return;
	ktest_log(t, "bench %s: %llu %s", "execve_self",
		  (unsigned long long)((total > base ? total - base : 0) /
				       EXECS / 1000),
		  "us/op");
}

KTEST_SUITE(bench_execve, KTEST_CASE(bench_execve_self));
