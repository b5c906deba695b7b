// SPDX-License-Identifier: MIT
/*
 * profile=GLOB: run the sampling profiler (kernel/profile.h) over every
 * boot-test case whose suite name or "suite.case" matches the glob, for
 * example profile=bench_profile or profile='bench_*.anon_fault_1thread'.
 * The case runs as usual; after it, its samples are printed inside its
 * KTAP block:
 *
 *   # profile SUITE.CASE: N samples, D dropped, H Hz
 *   # folded SUITE.CASE: task;outermost;...;leaf COUNT
 *
 * tools/oomlab/profile.py reads these lines from a serial log. The
 * buffers are allocated after the case's invariants are read and freed
 * before they are checked, so profiling adds nothing to a case's balance.
 *
 * Locking: [k] ktest runs one case at a time, on the boot CPU.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/profile.h"
#include "kernel/time.h"
#include "lib/format.h"
#include "lib/string.h"

static char profile_glob[128];		/* [I] */
KPARAM_STRING(profile, "profile", profile_glob,
	      "sample the boot-test cases (suite or suite.case) matching this glob");

static bool ktest_profiling;		/* [k] this case started a session */

static bool ktest_profile_selected(const struct ktest *t)
{
	char full[128];

	if (!profile_glob[0])
		return false;
	snprintf(full, sizeof(full), "%s.%s", t->suite, t->name);
	return glob_match(profile_glob, t->suite) ||
	       glob_match(profile_glob, full);
}

/**
 * ktest_profile_begin - start profiling @t if profile= selects it.
 * @t: the case about to run
 *
 * Context: the ktest runner, before the case; may sleep.
 */
void ktest_profile_begin(struct ktest *t)
{
	int r;

	if (!ktest_profile_selected(t))
		return;
	r = profile_start();
	if (r) {
		ktest_log(t, "profile %s.%s: not started (%d)", t->suite,
			  t->name, r);
		return;
	}
	ktest_profiling = true;
}

/**
 * ktest_profile_end - stop profiling @t and print its folded stacks.
 * @t: the case that just ran
 *
 * Context: the ktest runner, after the case; may sleep.
 */
void ktest_profile_end(struct ktest *t)
{
	char prefix[160];

	if (!ktest_profiling)
		return;
	ktest_profiling = false;
	profile_stop();
	ktest_log(t, "profile %s.%s: %llu samples, %llu dropped, %u Hz",
		  t->suite, t->name,
		  (unsigned long long)profile_nr_samples(),
		  (unsigned long long)profile_nr_dropped(), time_hz());
	/* Indented as ktest indents a case's diagnostics. */
	snprintf(prefix, sizeof(prefix), "  # folded %s.%s: ", t->suite,
		 t->name);
	profile_print(prefix);
	profile_release();
}
