/* SPDX-License-Identifier: MIT */
/*
 * ktest: the in-kernel test framework. Suites register themselves with
 * KTEST_SUITE() into a linker section, so adding a test means adding a
 * file. Results are printed as KTAP version 1 (Linux
 * Documentation/dev-tools/ktap.rst), readable by kunit.py parse. The same
 * sources build into the kernel and into host test binaries.
 *
 * Assertions: KTEST_EXPECT_*() record a failure and continue;
 * KTEST_ASSERT_*() record it and return from the calling function, so use
 * them in the case function itself (or check ktest_failed() after a
 * helper returns).
 *
 * Invariants: every KTEST_INVARIANT() counter (free pages, charges...) is
 * read before and after each case; a case that leaves one changed fails.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "lib/random.h"
#include "lib/types.h"

struct ktest {
	const char *suite;
	const char *name;
	bool failed;
	bool skipped;
	const char *skip_reason;
	bool wait_timed_out;	/* a bounded wait of this case ran out */
	struct prng rng;	/* seeded from ktest.seed and the case name */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	size_t ncases;
};

/*
 * Each invariant keeps its own value from before the case, so there is no
 * table to overflow: every one in the section is checked, however many.
 */
struct ktest_invariant {
	const char *name;
	u64 (*read)(void);
	u64 before;		/* read before the running case */
};

#define KTEST_CASE(fn)	{ #fn, fn }

#define KTEST_SUITE(sname, ...)						\
	static const struct ktest_case sname##_cases[] = { __VA_ARGS__ }; \
	static const struct ktest_suite sname##_suite = {		\
		.name = #sname,						\
		.cases = sname##_cases,					\
		.ncases = ARRAY_SIZE(sname##_cases),			\
	};								\
	static const struct ktest_suite *const sname##_suite_ptr	\
		__attribute__((used, section("ktest_suites"))) = &sname##_suite

#define KTEST_INVARIANT(iname, fn)					\
	static struct ktest_invariant iname##_invariant = {		\
		.name = #iname, .read = (fn) };				\
	static struct ktest_invariant *const iname##_invariant_ptr	\
		__attribute__((used, section("ktest_invariants"))) =	\
		&iname##_invariant

struct ktest_options {
	const char *filter;	/* suite or suite.case glob; NULL: all */
	u64 seed;
};

extern struct ktest_options ktest_options;

bool ktest_run_all(void);
void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...) __printf(4, 5);
void ktest_report_int(struct ktest *t, const char *file, int line,
		      const char *expr_a, const char *op, const char *expr_b,
		      long long a, long long b);
void ktest_skip(struct ktest *t, const char *reason);
void ktest_log(struct ktest *t, const char *fmt, ...) __printf(2, 3);
void ktest_invariants_read(struct ktest_invariant *const *inv, size_t n);
void ktest_profile_begin(struct ktest *t);
void ktest_profile_end(struct ktest *t);
void ktest_invariants_check(struct ktest *t,
			    struct ktest_invariant *const *inv, size_t n);

static inline bool ktest_failed(const struct ktest *t)
{
	return t->failed;
}

#define KTEST_EXPECT(t, cond)						\
	({								\
		bool __ok = !!(cond);					\
		if (!__ok)						\
			ktest_fail_at(t, __FILE__, __LINE__,		\
				      "Expected %s to be true", #cond);	\
		__ok;							\
	})

#define KTEST_BINARY(t, a, op, b)					\
	({								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		bool __ok = __a op __b;					\
		if (!__ok)						\
			ktest_report_int(t, __FILE__, __LINE__, #a, #op, \
					 #b, __a, __b);			\
		__ok;							\
	})

/* Unsigned comparison, for u64 values above INT64_MAX. */
#define KTEST_BINARY_U(t, a, op, b)					\
	({								\
		unsigned long long __a = (a), __b = (b);		\
		bool __ok = __a op __b;					\
		if (!__ok)						\
			ktest_report_int(t, __FILE__, __LINE__, #a, #op, \
					 #b, (long long)__a, (long long)__b); \
		__ok;							\
	})

#define KTEST_EXPECT_EQ(t, a, b)	KTEST_BINARY(t, a, ==, b)
#define KTEST_EXPECT_EQ_U(t, a, b)	KTEST_BINARY_U(t, a, ==, b)
#define KTEST_EXPECT_LT_U(t, a, b)	KTEST_BINARY_U(t, a, <, b)
#define KTEST_EXPECT_LE_U(t, a, b)	KTEST_BINARY_U(t, a, <=, b)
#define KTEST_EXPECT_GE_U(t, a, b)	KTEST_BINARY_U(t, a, >=, b)
#define KTEST_EXPECT_NE(t, a, b)	KTEST_BINARY(t, a, !=, b)
#define KTEST_EXPECT_LT(t, a, b)	KTEST_BINARY(t, a, <, b)
#define KTEST_EXPECT_LE(t, a, b)	KTEST_BINARY(t, a, <=, b)
#define KTEST_EXPECT_GT(t, a, b)	KTEST_BINARY(t, a, >, b)
#define KTEST_EXPECT_GE(t, a, b)	KTEST_BINARY(t, a, >=, b)
#define KTEST_EXPECT_NULL(t, p)	KTEST_BINARY(t, (uintptr_t)(p), ==, 0)
#define KTEST_EXPECT_NOT_NULL(t, p) KTEST_BINARY(t, (uintptr_t)(p), !=, 0)
#define KTEST_EXPECT_STREQ(t, a, b)					\
	({								\
		const char *__sa = (a), *__sb = (b);			\
		bool __ok = __sa && __sb && !strcmp(__sa, __sb);	\
		if (!__ok)						\
			ktest_fail_at(t, __FILE__, __LINE__,		\
				      "Expected %s == %s, but \"%s\" != \"%s\"", \
				      #a, #b, __sa ? __sa : "(null)",	\
				      __sb ? __sb : "(null)");		\
		__ok;							\
	})

#define KTEST_ASSERT(t, cond)		do { if (!KTEST_EXPECT(t, cond)) return; } while (0)
#define KTEST_ASSERT_EQ(t, a, b)	do { if (!KTEST_EXPECT_EQ(t, a, b)) return; } while (0)
#define KTEST_ASSERT_NE(t, a, b)	do { if (!KTEST_EXPECT_NE(t, a, b)) return; } while (0)
#define KTEST_ASSERT_LT(t, a, b)	do { if (!KTEST_EXPECT_LT(t, a, b)) return; } while (0)
#define KTEST_ASSERT_LE(t, a, b)	do { if (!KTEST_EXPECT_LE(t, a, b)) return; } while (0)
#define KTEST_ASSERT_GT(t, a, b)	do { if (!KTEST_EXPECT_GT(t, a, b)) return; } while (0)
#define KTEST_ASSERT_GE(t, a, b)	do { if (!KTEST_EXPECT_GE(t, a, b)) return; } while (0)
#define KTEST_ASSERT_NOT_NULL(t, p)	do { if (!KTEST_EXPECT_NOT_NULL(t, p)) return; } while (0)
#define KTEST_ASSERT_NULL(t, p)		do { if (!KTEST_EXPECT_NULL(t, p)) return; } while (0)
#define KTEST_FAIL(t, ...)		ktest_fail_at(t, __FILE__, __LINE__, __VA_ARGS__)
#define KTEST_SKIP(t, reason)		do { ktest_skip(t, reason); return; } while (0)

/*
 * Bounded waits (kernel only: they yield the CPU or sleep). A test never
 * waits for another thread without a bound: a regression that keeps the
 * condition false then fails the case that waited, naming what it waited
 * for, instead of hanging the boot until the runner's timeout takes every
 * later case with it. A timeout is a failure, not a pacing device: pick
 * it generous for an emulated CPU on a loaded host (KTEST_WAIT_MS). Once
 * one wait of a case ran out, its later waits (the cleanup) get only
 * KTEST_WAIT_AFTER_TIMEOUT_MS, so a broken case costs one long timeout,
 * not one per wait.
 *
 * ktest_wait_until(t, cond, timeout_ms) re-evaluates the expression @cond,
 * yielding between checks, until it is true or @timeout_ms ran out; then
 * it fails the case ("timed out after N ms waiting for COND"). It returns
 * whether @cond held, so the test can release what the others wait for
 * and bail.
 */
#define KTEST_WAIT_MS			10000
#define KTEST_WAIT_AFTER_TIMEOUT_MS	200

struct completion;

unsigned int ktest_wait_bound(const struct ktest *t, unsigned int timeout_ms);
u64 ktest_wait_deadline(unsigned int timeout_ms);
bool ktest_wait_pause(u64 deadline_ns);
void ktest_wait_timed_out(struct ktest *t, const char *file, int line,
			  const char *what, unsigned int timeout_ms);
bool ktest_wait_tasks_at(struct ktest *t, const char *file, int line,
			 unsigned long n, unsigned int timeout_ms);
bool ktest_wait_completion_at(struct ktest *t, const char *file, int line,
			      struct completion *x, const char *what,
			      unsigned int timeout_ms);

#define ktest_wait_until(t, cond, timeout_ms)				\
	({								\
		unsigned int __ms = ktest_wait_bound(t, timeout_ms);	\
		u64 __end = ktest_wait_deadline(__ms);			\
		bool __met;						\
		while (!(__met = !!(cond)) && ktest_wait_pause(__end))	\
			;						\
		if (!__met)						\
			ktest_wait_timed_out(t, __FILE__, __LINE__, #cond, \
					     __ms);			\
		__met;							\
	})

/* Wait until at most @n created tasks are alive (task_wait_count()). */
#define ktest_wait_tasks(t, n, timeout_ms)				\
	ktest_wait_tasks_at(t, __FILE__, __LINE__, n, timeout_ms)

/* wait_for_completion() of @x, bounded. */
#define ktest_wait_completion(t, x, timeout_ms)				\
	ktest_wait_completion_at(t, __FILE__, __LINE__, x, #x, timeout_ms)

#endif
