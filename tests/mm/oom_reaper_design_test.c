// SPDX-License-Identifier: MIT
/*
 * mm/oom_reaper_design.c: each design's verdict after a turn, and the
 * liveness of each: a victim whose mm can never be locked (every pass
 * OOM_PASS_LOCKED) must be given up after a bounded number of turns
 * 100 ms apart - Linux's 10 tries, rpr's expiry, oomlab's stall bound -
 * and a victim whose RSS keeps going down is never given up by oomlab.
 */
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/oom_reaper_design.h"

static struct oom_reap_progress pass(enum oom_reap_pass p, unsigned int tries)
{
	return (struct oom_reap_progress){
		.pass = p, .passed = true, .tries = tries, .rss = 100,
		.badness0 = 200, .expire_ms = OOM_FREE_TIMEOUT_MS,
	};
}

/* Linux's loop: success ends it, ten failures give up. */
static void oom_reaper_design_linux_tries(struct ktest *t)
{
	static const enum oom_reaper_design ds[] = {
		OOM_REAPER_RP414, OOM_REAPER_RP417, OOM_REAPER_RP419,
		OOM_REAPER_RPMOD,
	};

	for (size_t i = 0; i < ARRAY_SIZE(ds); i++) {
		struct oom_reap_progress pr = pass(OOM_PASS_FULL, 1);

		KTEST_EXPECT_EQ(t, oom_reaper_decide(ds[i], &pr),
				OOM_REAP_DONE);
		pr = pass(OOM_PASS_NAPPED, 1);
		KTEST_EXPECT_EQ(t, oom_reaper_decide(ds[i], &pr),
				OOM_REAP_DONE);
		pr = pass(OOM_PASS_PARTIAL, OOM_REAP_MAX_TRIES - 1);
		KTEST_EXPECT_EQ(t, oom_reaper_decide(ds[i], &pr),
				OOM_REAP_AGAIN);
		pr = pass(OOM_PASS_LOCKED, OOM_REAP_MAX_TRIES);
		KTEST_EXPECT_EQ(t, oom_reaper_decide(ds[i], &pr),
				OOM_REAP_GIVE_UP);
		/* The tenth try succeeding is a success (no "unable"). */
		pr = pass(OOM_PASS_FULL, OOM_REAP_MAX_TRIES);
		KTEST_EXPECT_EQ(t, oom_reaper_decide(ds[i], &pr),
				OOM_REAP_DONE);
	}
}

/* Which designs reap mlocked memory, nap on notifiers, delay. */
static void oom_reaper_design_policies(struct ktest *t)
{
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_NONE)->reaps);
	KTEST_EXPECT(t, oom_reaper_policy(OOM_REAPER_RP419)->skip_locked);
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_RPMOD)->skip_locked);
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_OOMLAB)->skip_locked);
	KTEST_EXPECT_EQ(t, oom_reaper_policy(OOM_REAPER_RPMOD)->delay_ms,
			2000);
	KTEST_EXPECT_EQ(t, oom_reaper_policy(OOM_REAPER_RP414)->notifiers,
			OOM_REAP_NOTIFIER_NAP_ANY);
	KTEST_EXPECT_EQ(t, oom_reaper_policy(OOM_REAPER_RP417)->notifiers,
			OOM_REAP_NOTIFIER_NAP_UNFLAGGED);
	KTEST_EXPECT_EQ(t, oom_reaper_policy(OOM_REAPER_RP417)->exit,
			OOM_EXIT_SKIP_BEFORE_UNMAP);
	KTEST_EXPECT_EQ(t, oom_reaper_policy(OOM_REAPER_RPR)->exit,
			OOM_EXIT_SKIP_AFTER_FREE);
	KTEST_EXPECT(t, oom_reaper_policy(OOM_REAPER_RPR)->requeue);
	KTEST_EXPECT(t, oom_reaper_policy(OOM_REAPER_RP419)->exit_self_reaps);
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_RPMOD)->exit_self_reaps);
	/* oom_lock across a pass: 4.14-4.18 only (af5679fbc669). */
	for (int d = 0; d < OOM_REAPER_NR_DESIGNS; d++)
		KTEST_EXPECT_EQ(t, oom_reaper_policy(d)->holds_oom_lock,
				d == OOM_REAPER_RP414 || d == OOM_REAPER_RP417);
	/* The mmap_lock each shipped with: only rpmod is Linux 6.1's. */
	for (int d = 0; d < OOM_REAPER_NR_DESIGNS; d++)
		KTEST_EXPECT_EQ(t, oom_reaper_policy(d)->rwsem,
				d == OOM_REAPER_RPMOD ? RWSEM_FLAVOUR_V61 :
							RWSEM_FLAVOUR_V4);
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_RP414)->exit_self_reaps);
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_RP419)->requeue);
	/* Out of range reads as "none", not past the table. */
	KTEST_EXPECT(t, !oom_reaper_policy(OOM_REAPER_NR_DESIGNS)->reaps);
}

/* rpr: one pass ever; SKIP only at the expiry or from the exit. */
static void oom_reaper_design_rpr(struct ktest *t)
{
	struct oom_reap_progress pr = pass(OOM_PASS_FULL, 1);

	KTEST_EXPECT(t, oom_reaper_should_pass(OOM_REAPER_RPR, &pr));
	pr.reaped_before = true;
	KTEST_EXPECT(t, !oom_reaper_should_pass(OOM_REAPER_RPR, &pr));
	KTEST_EXPECT(t, oom_reaper_should_pass(OOM_REAPER_RP419, &pr));
	pr.now_ms = OOM_FREE_TIMEOUT_MS - 1;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPR, &pr),
			OOM_REAP_AGAIN);
	pr.now_ms = OOM_FREE_TIMEOUT_MS;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPR, &pr),
			OOM_REAP_GIVE_UP);
	pr = pass(OOM_PASS_SKIPPED, 2);
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPR, &pr),
			OOM_REAP_DONE);
}

/* rph: a full pass leaving more than a quarter fails; the exit path
 * takes SKIP over once it unlinked the VMAs. */
static void oom_reaper_design_rph(struct ktest *t)
{
	struct oom_reap_progress pr = pass(OOM_PASS_FULL, 1);

	pr.rss = 51;	/* badness0 200: a quarter is 50 */
	KTEST_EXPECT(t, !oom_reaper_pass_ok(OOM_REAPER_RPH, &pr));
	KTEST_EXPECT(t, oom_reaper_pass_ok(OOM_REAPER_RP419, &pr));
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPH, &pr),
			OOM_REAP_AGAIN);
	pr.rss = 50;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPH, &pr),
			OOM_REAP_DONE);
	pr = pass(OOM_PASS_FULL, OOM_REAP_MAX_TRIES);
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPH, &pr),
			OOM_REAP_GIVE_UP);
	pr.exit_unlinked = true;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_RPH, &pr),
			OOM_REAP_DROP);
}

/*
 * oomlab: a locked-out victim is given up after OOMLAB_STALL_MS; one
 * whose RSS went down in the window is not; a busy notifier stretches
 * the window to OOMLAB_NOTIFIER_GRACE_MS, never further.
 */
static void oom_reaper_design_oomlab(struct ktest *t)
{
	struct oom_reap_progress pr = pass(OOM_PASS_LOCKED, 1);
	unsigned int turns = 0;

	while (oom_reaper_decide(OOM_REAPER_OOMLAB, &pr) == OOM_REAP_AGAIN &&
	       turns < 1000) {
		turns++;
		pr.now_ms += OOM_REAP_RETRY_MS;
	}
	KTEST_EXPECT_EQ(t, pr.now_ms, OOMLAB_STALL_MS);
	pr = pass(OOM_PASS_PARTIAL, 1);
	pr.now_ms = 5 * OOMLAB_STALL_MS;
	pr.last_progress_ms = pr.now_ms - OOMLAB_STALL_MS + 1;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_AGAIN);
	pr.last_progress_ms = 0;
	pr.now_ms = OOMLAB_STALL_MS;
	pr.notifier_busy = true;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_AGAIN);
	pr.now_ms = OOMLAB_NOTIFIER_GRACE_MS;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_GIVE_UP);
	pr = pass(OOM_PASS_FULL, 1);
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_DONE);
}

/*
 * oomlab: a trylock that keeps failing on readers (a fault holding the
 * lock across a slow page-in) gets the grace, not OOMLAB_STALL_MS; a
 * writer (readers_busy false) does not. Bug caught: readers treated as
 * a stuck victim - the writer_queued scenario's innocent kill.
 */
static void oom_reaper_design_oomlab_readers(struct ktest *t)
{
	struct oom_reap_progress pr = pass(OOM_PASS_LOCKED, 1);

	pr.now_ms = OOMLAB_STALL_MS;
	pr.readers_busy = true;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_AGAIN);
	pr.now_ms = OOMLAB_NOTIFIER_GRACE_MS;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_GIVE_UP);
	pr.now_ms = OOMLAB_STALL_MS;
	pr.readers_busy = false;
	KTEST_EXPECT_EQ(t, oom_reaper_decide(OOM_REAPER_OOMLAB, &pr),
			OOM_REAP_GIVE_UP);
}

static void oom_reaper_design_names_parse(struct ktest *t)
{
	enum oom_reaper_design d = OOM_REAPER_RP419;

	for (int i = 0; i < OOM_REAPER_NR_DESIGNS; i++) {
		KTEST_EXPECT_EQ(t, oom_reaper_design_parse(
					   oom_reaper_design_name(i), &d), 0);
		KTEST_EXPECT_EQ(t, d, i);
	}
	KTEST_EXPECT_EQ(t, oom_reaper_design_parse("rp420", &d), -EINVAL);
	KTEST_EXPECT_EQ(t, d, OOM_REAPER_NR_DESIGNS - 1);
	KTEST_EXPECT_STREQ(t, oom_reaper_design_name(OOM_REAPER_NR_DESIGNS),
			   "?");
}

/*
 * Why the reaper sets MMF_OOM_SKIP: a pass it counts a success is
 * "reaped" in every design; giving up is rpr's expiry and oomlab's
 * window (time bounds), else the tries of Linux's oom_reap_task(). Each
 * reason has a label. A reason filed under the wrong design fails.
 */
static void oom_reaper_design_skip_reasons(struct ktest *t)
{
	for (int d = OOM_REAPER_RP414; d < OOM_REAPER_NR_DESIGNS; d++) {
		bool timed = d == OOM_REAPER_RPR || d == OOM_REAPER_OOMLAB;

		KTEST_EXPECT_EQ(t, oom_reaper_skip_reason(d, OOM_REAP_DONE),
				OOM_SKIP_REAPED);
		KTEST_EXPECT_EQ(t, oom_reaper_skip_reason(d, OOM_REAP_GIVE_UP),
				timed ? OOM_SKIP_TIMEOUT : OOM_SKIP_RETRIES);
	}
	for (int i = 0; i < OOM_SKIP_NR_REASONS; i++)
		KTEST_EXPECT_NOT_NULL(t, oom_skip_reason_names[i]);
	KTEST_EXPECT_STREQ(t, oom_skip_reason_names[OOM_SKIP_EXIT_MMAP],
			   "exit_mmap");
}

KTEST_SUITE(oom_reaper_design,
	KTEST_CASE(oom_reaper_design_linux_tries),
	KTEST_CASE(oom_reaper_design_policies),
	KTEST_CASE(oom_reaper_design_rpr),
	KTEST_CASE(oom_reaper_design_rph),
	KTEST_CASE(oom_reaper_design_oomlab),
	KTEST_CASE(oom_reaper_design_oomlab_readers),
	KTEST_CASE(oom_reaper_design_names_parse),
	KTEST_CASE(oom_reaper_design_skip_reasons));
