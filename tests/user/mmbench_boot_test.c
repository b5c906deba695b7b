// SPDX-License-Identifier: MIT
/*
 * mmbench, the user-space benchmark program, under oomlab.
 *
 *   mmbench        every case at tiny sizes (1 MiB, 50 loop iterations,
 *                  3 repetitions, 2 threads): each prints its line with
 *                  the right ops and reps and min <= median <= max, the
 *                  run ends "done cases=8 errors=0" and exits 0; a case
 *                  whose system call fails (getppid -ENOSYS) shows as an
 *                  error. An unknown case name is a usage error (exit 2).
 *                  The shape only: speed is never asserted.
 *
 *   bench_mmbench  (explicit-only: ktest.filter=bench_*) every case at
 *                  full size (256 MiB regions, 5,000 iterations, 5 timed
 *                  repetitions after a warm-up, one faultN thread per
 *                  CPU), one process per case so a line comes out every
 *                  few seconds. Each case's line is logged as printed,
 *                  for the host's side-by-side table against Linux, and
 *                  its median as a "bench mmbench_NAME" figure.
 */
#include "kernel/ktest.h"
#include "kernel/percpu.h"
#include "lib/format.h"
#include "tests/kernel/user_run.h"

#define TINY_PAGES	256	/* --mib 1 */
#define TINY_ITERS	50
#define TINY_REPS	3
#define TINY_MS		30000	/* well under 1 s alone; 2 cores shared */
#define CASE_MS		(120 * 1000)	/* one full-size case, under TCG */

static struct user_run run;

static const struct {
	const char *name;
	bool per_page;
} cases[] = {
	{ "fault1", true },	{ "faultN", true },
	{ "populate", true },	{ "munmap_free", true },
	{ "mmap_cycle", false }, { "mmap_cycle0", false },
	{ "syscall", false },	{ "clock", false },
};

static void dump_on_failure(struct ktest *t)
{
	if (ktest_failed(t))
		ktest_log(t, "status %#x output:\n%s", run.status, run.out);
}

/* The line of case @name: ops, reps and ordered statistics. */
static void expect_case_line(struct ktest *t, const char *name, u64 ops)
{
	char prefix[48];
	u64 v = 0, median = 0, min = 0, max = 0;

	snprintf(prefix, sizeof(prefix), "mmbench: case=%s ", name);
	if (!KTEST_EXPECT(t, user_field(run.out, prefix, "ops=", &v))) {
		ktest_log(t, "no line for case %s", name);
		return;
	}
	KTEST_EXPECT_EQ_U(t, v, ops);
	KTEST_EXPECT(t, user_field(run.out, prefix, "reps=", &v));
	KTEST_EXPECT_EQ_U(t, v, TINY_REPS);
	KTEST_EXPECT(t, user_field(run.out, prefix, "median=", &median));
	KTEST_EXPECT(t, user_field(run.out, prefix, "min=", &min));
	KTEST_EXPECT(t, user_field(run.out, prefix, "max=", &max));
	KTEST_EXPECT_LE_U(t, min, median);
	KTEST_EXPECT_LE_U(t, median, max);
}

/*
 * Every case at tiny sizes: one line each, then "done" with no error,
 * exit 0.
 */
static void mmbench_tiny_shape(struct ktest *t)
{
	u64 v = ~0ULL;

	if (user_run(t, &run, TINY_MS, "/bin/mmbench", "--mib", "1",
		     "--iters", "50", "--reps", "3", "--threads", "2", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	KTEST_EXPECT(t, user_line(run.out, "mmbench: start pid=") != NULL);
	KTEST_EXPECT(t, user_field(run.out, "mmbench: start", "threads=",
				   &v));
	KTEST_EXPECT_EQ_U(t, v, 2);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		expect_case_line(t, cases[i].name,
				 cases[i].per_page ? TINY_PAGES : TINY_ITERS);
	KTEST_EXPECT(t, user_field(run.out, "mmbench: done", "cases=", &v));
	KTEST_EXPECT_EQ_U(t, v, ARRAY_SIZE(cases));
	KTEST_EXPECT(t, user_field(run.out, "mmbench: done", "errors=", &v));
	KTEST_EXPECT_EQ_U(t, v, 0);
	dump_on_failure(t);
}

/* A case name it does not know: usage error, no case run. */
static void mmbench_unknown_case(struct ktest *t)
{
	if (user_run(t, &run, KTEST_WAIT_MS, "/bin/mmbench", "--cases",
		     "fault1,nosuch", NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 2));
	KTEST_EXPECT_NULL(t, user_line(run.out, "mmbench: case="));
	dump_on_failure(t);
}

KTEST_SUITE(mmbench, KTEST_CASE(mmbench_tiny_shape),
	    KTEST_CASE(mmbench_unknown_case));

/* Run case @i at full size; log its line and its median figure. */
static void bench_one_case(struct ktest *t, size_t i)
{
	const char *name = cases[i].name, *line, *end;
	char prefix[48], threads[12];
	u64 median = 0;

	snprintf(threads, sizeof(threads), "%u",
		 __atomic_load_n(&nr_cpus_online, __ATOMIC_RELAXED));
	if (user_run(t, &run, CASE_MS, "/bin/mmbench", "--cases", name,
		     "--threads", threads, NULL))
		return;
	KTEST_EXPECT(t, user_exited(&run, 0));
	snprintf(prefix, sizeof(prefix), "mmbench: case=%s ", name);
	line = user_line(run.out, prefix);
	if (!KTEST_EXPECT(t, line && user_field(run.out, prefix, "median=",
						&median))) {
		dump_on_failure(t);
		return;
	}
	end = strchr(line, '\n');
	ktest_log(t, "%.*s", end ? (int)(end - line) : (int)strlen(line),
		  line);
	ktest_log(t, "bench mmbench_%s: %llu %s", name,
		  (unsigned long long)median,
		  cases[i].per_page ? "ns/page" : "ns/op");
}

static void bench_mmbench_all(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases) && !ktest_failed(t); i++)
		bench_one_case(t, i);
}

KTEST_SUITE(bench_mmbench, KTEST_CASE(bench_mmbench_all));
