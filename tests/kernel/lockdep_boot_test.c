// SPDX-License-Identifier: MIT
/*
 * The lock-dependency validator fires each kind of report. Every case
 * uses classes of its own made with capture keys: their reports go to a
 * buffer (lockdep_captured()) instead of the console, so the case can
 * check the text, and the real validator must still be on afterwards
 * with no report counted. No case deadlocks for real: one task takes the
 * locks in both orders, one after the other.
 *
 * The explicit-only selftest_lockdep suite makes a real report, which
 * must fail the case and the run (the runner's expect-lockdep row).
 */
#include <arch/cpu.h>
#include "kernel/ktest.h"
#include "kernel/lock_order.h"
#include "kernel/lockdep.h"
#include "kernel/rwsem.h"
#include "kernel/spinlock.h"
#include "lib/string.h"

#define CAPTURE_KEY(n, r)						\
	static const struct lock_class_key n = { .name = #n, .rank = (r), \
						 .capture = true }

struct lockdep_case {
	unsigned int reports;	/* printed reports when the case began */
};

static struct lockdep_case lockdep_case_begin(struct ktest *t)
{
	lockdep_capture_reset();
	if (!lockdep_enabled())
		ktest_skip(t, "needs CONFIG_DEBUG with the validator on");
	return (struct lockdep_case){ .reports = lockdep_report_count() };
}

/* The captured report has @title and names @lock; nothing was printed. */
static void expect_captured(struct ktest *t, const struct lockdep_case *c,
			    const char *title, const char *lock)
{
	const char *text = lockdep_captured();

	if (!KTEST_EXPECT(t, strstr(text, title) != NULL))
		ktest_log(t, "captured: %.200s", text);
	KTEST_EXPECT(t, strstr(text, lock) != NULL);
	KTEST_EXPECT(t, lockdep_enabled());
	KTEST_EXPECT_EQ(t, lockdep_report_count(), c->reports);
}

/* Take @outer, then @inner under it, and release both. */
static void spin_nest(struct spinlock *outer, struct spinlock *inner)
{
	spin_lock(outer);
	spin_lock(inner);
	spin_unlock(inner);
	spin_unlock(outer);
}

/*
 * @a then @b, checked to be clean, then @b then @a: one task, so the
 * second order can be reported but never deadlocks.
 */
static void spin_both_orders(struct ktest *t, struct spinlock *a,
			     struct spinlock *b)
{
	spin_nest(a, b);
	KTEST_EXPECT_STREQ(t, lockdep_captured(), "");
	spin_nest(b, a);
}

/*
 * A then B, later B then A: the second order closes a cycle.
 * Expected: "possible circular locking dependency" naming both classes.
 */
static void lockdep_reports_ab_ba_cycle(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_cycle_a, 0);
	CAPTURE_KEY(ld_cycle_b, 0);
	struct spinlock a, b;

	if (t->skipped)
		return;
	spin_lock_init_key(&a, "a", &ld_cycle_a);
	spin_lock_init_key(&b, "b", &ld_cycle_b);
	spin_both_orders(t, &a, &b);
	expect_captured(t, &c, "WARNING: possible circular locking dependency",
			"ld_cycle_b");
	KTEST_EXPECT(t, strstr(lockdep_captured(), "ld_cycle_a") != NULL);
}

/*
 * B trylocked under A records no B -> ... edge into B: taking them the
 * other way round later is not a cycle. Expected: no report.
 */
static void lockdep_trylock_adds_no_edge(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_try_a, 0);
	CAPTURE_KEY(ld_try_b, 0);
	struct spinlock a, b;

	if (t->skipped)
		return;
	spin_lock_init_key(&a, "a", &ld_try_a);
	spin_lock_init_key(&b, "b", &ld_try_b);
	spin_lock(&a);
	KTEST_EXPECT(t, spin_trylock(&b));
	spin_unlock(&b);
	spin_unlock(&a);
	spin_nest(&b, &a);
	KTEST_EXPECT_STREQ(t, lockdep_captured(), "");
	KTEST_EXPECT_EQ(t, lockdep_report_count(), c.reports);
}

/*
 * A(read) then B(write); later B(write) then A(read). A reader waits
 * behind a queued writer, so reads count: this is a cycle.
 * Expected: "possible circular locking dependency" with a (read) hold.
 */
static void lockdep_reports_read_lock_cycle(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_read_a, 0);
	CAPTURE_KEY(ld_read_b, 0);
	struct rw_semaphore a, b;

	if (t->skipped)
		return;
	init_rwsem_key(&a, "a", &ld_read_a);
	init_rwsem_key(&b, "b", &ld_read_b);
	down_read(&a);
	down_write(&b);
	up_write(&b);
	up_read(&a);
	down_write(&b);
	down_read(&a);
	up_read(&a);
	up_write(&b);
	expect_captured(t, &c, "WARNING: possible circular locking dependency",
			"ld_read_a (read)");
}

/*
 * Two rwsems of one class held for reading at once, no subclass.
 * Expected: "possible recursive locking detected" (read holds are not
 * recursive-safe: a writer queued in between blocks the second).
 */
static void lockdep_reports_recursive_read(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_recursive, 0);
	struct rw_semaphore x, y;

	if (t->skipped)
		return;
	init_rwsem_key(&x, "x", &ld_recursive);
	init_rwsem_key(&y, "y", &ld_recursive);
	down_read(&x);
	down_read(&y);
	up_read(&y);
	up_read(&x);
	expect_captured(t, &c, "WARNING: possible recursive locking detected",
			"ld_recursive (read)");
}

/*
 * A sleeping lock waited for while a spinlock is held. The mutex side is
 * the validator's hook alone: a real mutex_lock() here would BUG in
 * might_sleep() right after the report.
 * Expected: "BUG: sleeping lock acquired with a spinlock held" listing
 * the spinlock.
 */
static void lockdep_reports_sleep_under_spinlock(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_sleep_spin, 0);
	CAPTURE_KEY(ld_sleep_mutex, 0);
	struct lockdep_map m = LOCKDEP_MAP_INIT(&ld_sleep_mutex);
	struct spinlock s;

	if (t->skipped)
		return;
	spin_lock_init_key(&s, "s", &ld_sleep_spin);
	spin_lock(&s);
	lockdep_acquire(&m, "m", 0, LOCKDEP_SLEEP, 0);
	lockdep_release(&m);
	spin_unlock(&s);
	expect_captured(t, &c, "BUG: sleeping lock acquired with a spinlock held",
			"ld_sleep_mutex");
	KTEST_EXPECT(t, strstr(lockdep_captured(), "ld_sleep_spin") != NULL);
}

/*
 * A lock taken in (simulated) hardirq context, then with interrupts on.
 * Expected: "inconsistent lock state", {IN-HARDIRQ-W} -> {HARDIRQ-ON-W}.
 */
static void lockdep_reports_irq_inversion(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_irq, 0);
	unsigned long flags;
	struct spinlock l;

	if (t->skipped)
		return;
	KTEST_ASSERT(t, !arch_irqs_disabled());
	spin_lock_init_key(&l, "l", &ld_irq);
	flags = arch_irq_save();
	lockdep_hardirq_enter();
	spin_lock(&l);
	spin_unlock(&l);
	lockdep_hardirq_exit();
	arch_irq_restore(flags);
	KTEST_EXPECT_STREQ(t, lockdep_captured(), "");
	spin_lock(&l);
	spin_unlock(&l);
	expect_captured(t, &c, "WARNING: inconsistent lock state", "ld_irq");
	KTEST_EXPECT(t, strstr(lockdep_captured(),
			       "{IN-HARDIRQ-W} -> {HARDIRQ-ON-W}") != NULL);
}

/*
 * The zone lock's rank taken while holding printk's (ranks from
 * kernel/lock_order.h): against the table even with no cycle.
 * Expected: "lock order violation detected".
 */
static void lockdep_reports_rank_violation(struct ktest *t)
{
	struct lockdep_case c = lockdep_case_begin(t);
	CAPTURE_KEY(ld_rank_inner, LOCK_RANK_PRINTK);
	CAPTURE_KEY(ld_rank_outer, LOCK_RANK_ZONE);
	struct spinlock inner, outer;

	if (t->skipped)
		return;
	spin_lock_init_key(&inner, "inner", &ld_rank_inner);
	spin_lock_init_key(&outer, "outer", &ld_rank_outer);
	spin_both_orders(t, &outer, &inner);
	expect_captured(t, &c, "WARNING: lock order violation detected",
			"ld_rank_outer");
}

KTEST_SUITE(lockdep, KTEST_CASE(lockdep_reports_ab_ba_cycle),
	    KTEST_CASE(lockdep_trylock_adds_no_edge),
	    KTEST_CASE(lockdep_reports_read_lock_cycle),
	    KTEST_CASE(lockdep_reports_recursive_read),
	    KTEST_CASE(lockdep_reports_sleep_under_spinlock),
	    KTEST_CASE(lockdep_reports_irq_inversion),
	    KTEST_CASE(lockdep_reports_rank_violation));

/*
 * Fails on purpose: a real AB/BA report is printed, the validator turns
 * off and the lockdep_reports invariant fails this case.
 */
static void selftest_lockdep_cycle_report(struct ktest *t)
{
	static const struct lock_class_key ld_real_a = { .name = "ld_real_a" };
	static const struct lock_class_key ld_real_b = { .name = "ld_real_b" };
	struct spinlock a, b;

	spin_lock_init_key(&a, "a", &ld_real_a);
	spin_lock_init_key(&b, "b", &ld_real_b);
	spin_nest(&a, &b);
	spin_nest(&b, &a);
	KTEST_EXPECT(t, !lockdep_enabled());
}

KTEST_SUITE(selftest_lockdep, KTEST_CASE(selftest_lockdep_cycle_report));
