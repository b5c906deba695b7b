// SPDX-License-Identifier: MIT
/*
 * ktest runner: walks the ktest_suites section, applies the filter, runs
 * every case with a fresh struct ktest and prints KTAP v1:
 *
 *   KTAP version 1
 *   1..<suites>
 *     KTAP version 1
 *     # Subtest: <suite>
 *     1..<cases>
 *     ok 1 <case>
 *     not ok 2 <case>
 *   not ok 1 <suite>
 *
 * Diagnostics are "# " lines at the case's indentation, printed before its
 * result line. Runs on one CPU; nothing here is reentrant.
 */
#include <stdarg.h>
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/format.h"
#include "lib/string.h"

/* Weak: a host binary with no suites (or invariants) has no section. */
extern const struct ktest_suite *const __start_ktest_suites[]
	__attribute__((weak));
extern const struct ktest_suite *const __stop_ktest_suites[]
	__attribute__((weak));
extern struct ktest_invariant *const __start_ktest_invariants[]
	__attribute__((weak));
extern struct ktest_invariant *const __stop_ktest_invariants[]
	__attribute__((weak));

#define CASE_INDENT	"  "

struct ktest_options ktest_options;
static char filter_param[128];
KPARAM_STRING(ktest_filter, "ktest.filter", filter_param,
	      "run only suites (or suite.case) matching this glob");
KPARAM_UINT(ktest_seed, "ktest.seed", &ktest_options.seed, 0, UINT64_MAX,
	    "seed for the tests' random streams");

/*
 * Suites with these prefixes never run unless the filter asks for them by
 * prefix: benchmarks and stress runs are slow, reaper_ scenarios wait out
 * every reaper design's give-up time (1-3 s a design, half a minute a
 * boot: they have rows of their own), selftest_ suites fail on purpose
 * (the runner uses them to prove that failures are caught), and ksft_
 * suites run Linux's selftests, which only their row's initramfs holds.
 */
static const char *const explicit_only_prefixes[] = {
	"bench_", "ksft_", "reaper_", "selftest_", "stress_",
};

struct totals {
	unsigned int pass, fail, skip;
};

static bool explicit_only(const char *suite, const char *suite_glob)
{
	for (size_t i = 0; i < ARRAY_SIZE(explicit_only_prefixes); i++) {
		const char *p = explicit_only_prefixes[i];
		size_t n = strlen(p);

		if (!strncmp(suite, p, n))
			return strncmp(suite_glob, p, n) != 0;
	}
	return false;
}

static bool suite_selected(const struct ktest_suite *s)
{
	const char *f = ktest_options.filter;
	char suite_glob[64] = "*";

	if (f && *f) {
		const char *dot = strchr(f, '.');
		size_t n = MIN(dot ? (size_t)(dot - f) : strlen(f),
			       sizeof(suite_glob) - 1);

		memcpy(suite_glob, f, n);
		suite_glob[n] = '\0';
	}
	return !explicit_only(s->name, suite_glob) &&
	       glob_match(suite_glob, s->name);
}

static bool case_selected(const char *case_name)
{
	const char *f = ktest_options.filter;
	const char *dot = f ? strchr(f, '.') : NULL;

	return !dot || glob_match(dot + 1, case_name);
}

static unsigned int cases_selected(const struct ktest_suite *s)
{
	unsigned int n = 0;

	for (size_t i = 0; i < s->ncases; i++)
		n += case_selected(s->cases[i].name);
	return n;
}

/*
 * Print @msg as KTAP diagnostic lines, "# " before every line of it: a
 * message quoting a user program's output must not put a line of that
 * output at the start of a log line, where the runner would take a
 * forged "Kernel panic - not syncing:" for the kernel's own.
 */
static void print_diagnostic(const char *msg)
{
	const char *line = msg;

	for (const char *p = msg;; p++) {
		if (*p != '\n' && *p)
			continue;
		if (p > line || *p)
			printk(CASE_INDENT "# %.*s\n", (int)(p - line), line);
		if (!*p)
			return;
		line = p + 1;
	}
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	(void)t;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_diagnostic(msg);
}

void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	t->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(CASE_INDENT "# %s: EXPECTATION FAILED at %s:%d\n", t->name,
	       file, line);
	print_diagnostic(msg);
}

void ktest_report_int(struct ktest *t, const char *file, int line,
		      const char *expr_a, const char *op, const char *expr_b,
		      long long a, long long b)
{
	ktest_fail_at(t, file, line, "Expected %s %s %s, but", expr_a, op,
		      expr_b);
	printk(CASE_INDENT "#     %s == %lld (%#llx)\n", expr_a, a,
	       (unsigned long long)a);
	printk(CASE_INDENT "#     %s == %lld (%#llx)\n", expr_b, b,
	       (unsigned long long)b);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

static size_t invariant_count(void)
{
	if (!__start_ktest_invariants)
		return 0;
	return (size_t)(__stop_ktest_invariants - __start_ktest_invariants);
}

/**
 * ktest_invariants_read - note the value of each of @n invariants.
 * @inv: the invariants (the runner passes the whole ktest_invariants
 *       section)
 * @n: how many
 *
 * Context: any; not reentrant (the values live in the invariants).
 */
void ktest_invariants_read(struct ktest_invariant *const *inv, size_t n)
{
	for (size_t i = 0; i < n; i++)
		inv[i]->before = inv[i]->read();
}

/**
 * ktest_invariants_check - fail @t for each invariant that changed since
 * ktest_invariants_read(): a case that leaks pages or charges fails,
 * whatever it asserted.
 * @t: the case
 * @inv: the invariants read before it
 * @n: how many
 *
 * Context: any.
 */
void ktest_invariants_check(struct ktest *t,
			    struct ktest_invariant *const *inv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		u64 after = inv[i]->read();

		if (inv[i]->before == after)
			continue;
		t->failed = true;
		printk(CASE_INDENT "# %s: invariant %s changed: %llu before, %llu after\n",
		       t->name, inv[i]->name,
		       (unsigned long long)inv[i]->before,
		       (unsigned long long)after);
	}
}

static void run_case(const struct ktest_suite *s, const struct ktest_case *c,
		     unsigned int number, struct totals *tot)
{
	struct ktest t = { .suite = s->name, .name = c->name };

	prng_seed(&t.rng, ktest_options.seed ^ hash_string(s->name) ^
				  hash_string(c->name));
	ktest_invariants_read(__start_ktest_invariants, invariant_count());
	ktest_profile_begin(&t);
	c->run(&t);
	ktest_profile_end(&t);
	ktest_invariants_check(&t, __start_ktest_invariants,
			       invariant_count());
	if (t.failed) {
		tot->fail++;
		printk(CASE_INDENT "not ok %u %s\n", number, c->name);
	} else if (t.skipped) {
		tot->skip++;
		printk(CASE_INDENT "ok %u %s # SKIP %s\n", number, c->name,
		       t.skip_reason ? t.skip_reason : "");
	} else {
		tot->pass++;
		printk(CASE_INDENT "ok %u %s\n", number, c->name);
	}
}

static void run_suite(const struct ktest_suite *s, unsigned int number,
		      struct totals *all)
{
	struct totals tot = { 0 };
	unsigned int n = 0;

	printk(CASE_INDENT "KTAP version 1\n");
	printk(CASE_INDENT "# Subtest: %s\n", s->name);
	printk(CASE_INDENT "1..%u\n", cases_selected(s));
	for (size_t i = 0; i < s->ncases; i++)
		if (case_selected(s->cases[i].name))
			run_case(s, &s->cases[i], ++n, &tot);
	printk(CASE_INDENT "# %s: pass:%u fail:%u skip:%u total:%u\n", s->name,
	       tot.pass, tot.fail, tot.skip, n);
	if (tot.fail)
		printk("not ok %u %s\n", number, s->name);
	else if (n && tot.skip == n)
		printk("ok %u %s # SKIP all cases skipped\n", number, s->name);
	else
		printk("ok %u %s\n", number, s->name);
	all->pass += tot.pass;
	all->fail += tot.fail;
	all->skip += tot.skip;
}

/**
 * ktest_run_all - run every selected suite and print the KTAP report.
 *
 * Context: process context on the boot CPU; may take as long as the tests.
 * Return: true when no case failed.
 */
bool ktest_run_all(void)
{
	const struct ktest_suite *const *s;
	struct totals all = { 0 };
	unsigned int nsuites = 0, n = 0;

	if (!ktest_options.filter && filter_param[0])
		ktest_options.filter = filter_param;
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		nsuites += suite_selected(*s) && cases_selected(*s);
	printk("KTAP version 1\n");
	printk("1..%u\n", nsuites);
	printk("# ktest: seed %llu filter %s\n",
	       (unsigned long long)ktest_options.seed,
	       ktest_options.filter ? ktest_options.filter : "*");
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if (suite_selected(*s) && cases_selected(*s))
			run_suite(*s, ++n, &all);
	printk("# Totals: pass:%u fail:%u skip:%u total:%u\n", all.pass,
	       all.fail, all.skip, all.pass + all.fail + all.skip);
	return all.fail == 0;
}
