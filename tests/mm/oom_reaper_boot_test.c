// SPDX-License-Identifier: MIT
/*
 * mm/oom_reaper.c's walk, outside any scenario: what a pass counts.
 *
 * Linux 4.17-4.19's exit_mmap() runs its own reaping walk while the
 * reaper thread may be walking the same mm (under the read lock), so a
 * walk that counted "RSS before minus RSS after" counted the other
 * walk's pages too - pages_reaped then exceeded what was ever mapped.
 * Here the other walker is a notifier that zaps a second VMA while the
 * reaper's walk is at the first: the walk must count only its own.
 *
 * And switching the design switches every rwsem to the flavour that
 * design shipped with, unless rwsem.flavour= named one.
 *
 * The 4.x reaper's two habits, on a live /bin/hog handed to the reaper
 * (as the OOM killer does, under oom_lock) without a kill: rp414 and
 * rp417 nap for a notifier holding oom_lock (so no OOM invocation runs
 * meanwhile; rp417 asks whether the notifier may block, under oom_lock:
 * no lock order violation);
 * a reaper that gives up ("unable to reap", rp419 against a write-held
 * mmap_lock) prints every task's held locks after the line, as Linux's
 * debug_show_all_locks() - the holder and its mmap_lock among them.
 *
 * Each victim's MMF_OOM_SKIP is counted once, under who set it first
 * (oomlab_oom_reaper_skipped_total's reasons).
 */
#include "drivers/mirror.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/process.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/mmu_notifier.h"
#include "mm/oom_reaper.h"
#include "mm/oom_reaper_design.h"
#include "mm/oom_internal.h"
#include "tests/kernel/log_capture.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/mm_test_util.h"

#define FIRST_PAGES	4
#define SECOND_VA	(TEST_VA + 16 * PAGE_SIZE)
#define SECOND_PAGES	8

struct other_walker {
	struct mmu_notifier sub;
	unsigned long zapped;		/* pages it unmapped */
};

/* While the reaper invalidates the first VMA, unmap the second, as a
 * concurrent exit_mmap() walk would. */
static int zap_second_vma(struct mmu_notifier *sub,
			  const struct mmu_notifier_range *r)
{
	struct other_walker *w = container_of(sub, struct other_walker, sub);
	struct vm_area *second = vma_find(&r->mm->vmas, SECOND_VA);

	if (r->start == TEST_VA && second)
		w->zapped += mm_zap_range(r->mm, second, second->start,
					  second->end);
	return 0;
}

static const struct mmu_notifier_ops other_walker_ops = {
	.flags = MMU_INVALIDATE_DOES_NOT_BLOCK,
	.invalidate_range_start = zap_second_vma,
};

static bool map_and_touch(struct ktest *t, struct mm *mm, vaddr_t va,
			  unsigned long pages)
{
	if (!KTEST_EXPECT_EQ(t, do_mmap(mm, va, pages * PAGE_SIZE,
					PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS |
						MAP_FIXED,
					-1, 0),
			     (long)va))
		return false;
	for (unsigned long i = 0; i < pages; i++)
		if (!KTEST_EXPECT_EQ_U(t, fault_handle(mm, va + i * PAGE_SIZE,
						       FAULT_FLAG_WRITE),
				       0))
			return false;
	return true;
}

static void oom_reaper_counts_only_its_own_unmaps(struct ktest *t)
{
	struct other_walker w = { .sub.ops = &other_walker_ops };
	struct oom_reaper_stats st0, st1;
	struct mm *mm = mm_alloc();
	bool busy = false;

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return;
	if (map_and_touch(t, mm, TEST_VA, FIRST_PAGES) &&
	    map_and_touch(t, mm, SECOND_VA, SECOND_PAGES) &&
	    KTEST_EXPECT_EQ(t, mmu_notifier_register(&w.sub, mm), 0)) {
		oom_reaper_stats(&st0);
		mmap_read_lock(mm);
		KTEST_EXPECT_EQ(t, oom_reaper_reap_mm(
				mm, oom_reaper_policy(OOM_REAPER_RP419),
				&busy), OOM_PASS_FULL);
		mmap_read_unlock(mm);
		oom_reaper_stats(&st1);
		KTEST_EXPECT_EQ_U(t, w.zapped, SECOND_PAGES);
		KTEST_EXPECT_EQ_U(t, st1.pages_reaped - st0.pages_reaped,
				  FIRST_PAGES);
		KTEST_EXPECT_EQ(t, mm_rss_total(mm), 0);
		mmu_notifier_unregister(&w.sub, mm);
	}
	mmput(mm);
}

static void oom_reaper_design_sets_rwsem_flavour(struct ktest *t)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	enum rwsem_flavour before = rwsem_get_flavour();

	oom_reaper_set_design(OOM_REAPER_RPMOD);
	KTEST_EXPECT_EQ(t, rwsem_get_flavour(),
			rwsem_flavour_explicit() ? before : RWSEM_FLAVOUR_V61);
	oom_reaper_set_design(OOM_REAPER_RP419);
	KTEST_EXPECT_EQ(t, rwsem_get_flavour(),
			rwsem_flavour_explicit() ? before : RWSEM_FLAVOUR_V4);
	oom_reaper_set_design(saved);
	KTEST_EXPECT_EQ(t, rwsem_get_flavour(), before);
}

static struct user_run victim;

/* A kernel thread write-holding an mm's mmap_lock until told to stop. */
struct lock_blocker {
	struct mm *mm;
	struct completion taken, release, done;
};

static int lock_blocker_fn(void *arg)
{
	struct lock_blocker *b = arg;

	mmap_write_lock(b->mm);
	complete(&b->taken);
	wait_for_completion(&b->release);
	mmap_write_unlock(b->mm);
	complete(&b->done);
	return 0;
}

/* Start /bin/hog; return its mm with an mm_count reference, or NULL. */
static struct mm *victim_start(struct ktest *t)
{
	struct process *p;
	struct mm *mm = NULL;

	if (user_start(t, &victim, (const char *const[]){
			       "/bin/hog", "--pages", "32", "--hold-ms",
			       "60000", NULL }))
		return NULL;
	if (KTEST_EXPECT(t, user_wait_line(&victim, "hog: holding",
					   KTEST_WAIT_MS))) {
		p = process_get_by_pid(victim.pid, PROCESS_ALIVE);
		mm = p ? oom_process_mm(p) : NULL;
		if (p)
			process_put(p);
	}
	if (!KTEST_EXPECT_NOT_NULL(t, mm)) {
		process_kill_pid(victim.pid, SIGKILL);
		user_wait(t, &victim, KTEST_WAIT_MS);
	}
	return mm;
}

/* Hand the victim's @mm to the reaper, as oom_kill_process() does. */
static void victim_enqueue(struct mm *mm)
{
	struct process *p = process_get_by_pid(victim.pid, PROCESS_ALIVE);

	if (!p)
		return;
	oom_lock_for_reaper();
	oom_reaper_enqueue(p, mm);
	oom_unlock_for_reaper();
	process_put(p);
}

static bool reaper_idle(void)
{
	struct oom_reaper_stats st;

	oom_reaper_stats(&st);
	return !st.inflight;
}

/* Kill the victim, wait for it and for the reaper to let its mm go (our
 * reference first: the mm keeps its owner task until it is freed). */
static void victim_end(struct ktest *t, struct mm *mm)
{
	process_kill_pid(victim.pid, SIGKILL);
	mmdrop(mm);
	user_wait(t, &victim, KTEST_WAIT_MS);
	ktest_wait_until(t, reaper_idle(), KTEST_WAIT_MS);
}

/* @d (rp414: any notifier; rp417: one that may block) naps for the
 * mirror's notifier with oom_lock held. */
static void naps_holding_oom_lock(struct ktest *t, enum oom_reaper_design d)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	struct mirror *m = NULL;
	struct mm *mm;

	oom_reaper_set_design(d);
	mm = victim_start(t);
	if (mm && KTEST_EXPECT_EQ(t, mirror_create(mm, TEST_VA,
						   TEST_VA + PAGE_SIZE, &m),
				  0)) {
		victim_enqueue(mm);
		ktest_wait_until(t, oom_reaper_holds_oom_lock(),
				 KTEST_WAIT_MS);
		mirror_destroy(m);	/* the next pass reaps: no nap */
	}
	if (mm)
		victim_end(t, mm);
	oom_reaper_set_design(saved);
}

static void oom_reaper_rp414_naps_holding_oom_lock(struct ktest *t)
{
	naps_holding_oom_lock(t, OOM_REAPER_RP414);
}

static void oom_reaper_rp417_naps_holding_oom_lock(struct ktest *t)
{
	naps_holding_oom_lock(t, OOM_REAPER_RP417);
}

static void oom_reaper_unable_to_reap_shows_locks(struct ktest *t)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	struct lock_blocker b = { 0 };
	struct log_capture cap;
	struct mm *mm;

	oom_reaper_set_design(OOM_REAPER_RP419);
	mm = victim_start(t);
	if (!mm)
		goto out;
	b.mm = mm;
	init_completion(&b.taken);
	init_completion(&b.release);
	init_completion(&b.done);
	if (KTEST_EXPECT_NOT_NULL(t, kthread_run(lock_blocker_fn, &b,
						 "reap-blocker")) &&
	    ktest_wait_completion(t, &b.taken, KTEST_WAIT_MS)) {
		log_capture_begin(&cap);
		victim_enqueue(mm);
		ktest_wait_until(t, mm_flag_test(mm, MMF_OOM_SKIP),
				 KTEST_WAIT_MS);
		log_capture_end(&cap);
		KTEST_EXPECT(t, log_capture_contains(
			"oom_reaper: unable to reap pid:"));
		KTEST_EXPECT(t, log_capture_contains(
			"Showing all locks held in the system:"));
		KTEST_EXPECT(t, log_capture_contains(
			"1 lock held by reap-blocker/"));
		KTEST_EXPECT(t, log_capture_contains(" #0: (mmap_lock), at: "));
		complete(&b.release);
		ktest_wait_completion(t, &b.done, KTEST_WAIT_MS);
	}
	victim_end(t, mm);
out:
	oom_reaper_set_design(saved);
}

/*
 * A /bin/hog handed to the reaper under @d, its mmap_lock write-held by
 * a blocker while the reaper works if @stuck, then killed: its
 * MMF_OOM_SKIP is counted once, under @want, whoever sets the flag
 * again after (the exit always does). A count left out, made twice (by
 * the reaper and by the exit) or filed under another reason fails.
 */
static void skip_counted(struct ktest *t, enum oom_reaper_design d,
			 bool stuck, enum oom_skip_reason want)
{
	enum oom_reaper_design saved = oom_reaper_get_design();
	struct oom_reaper_stats st0, st1;
	struct lock_blocker b = { 0 };
	struct mm *mm;

	oom_reaper_set_design(d);
	mm = victim_start(t);
	if (!mm)
		goto out;
	b.mm = mm;
	init_completion(&b.taken);
	init_completion(&b.release);
	init_completion(&b.done);
	if (stuck && (!KTEST_EXPECT_NOT_NULL(t, kthread_run(lock_blocker_fn,
							    &b, "reap-blocker")) ||
		      !ktest_wait_completion(t, &b.taken, KTEST_WAIT_MS)))
		stuck = false;
	oom_reaper_stats(&st0);
	victim_enqueue(mm);
	if (d != OOM_REAPER_NONE)
		ktest_wait_until(t, mm_flag_test(mm, MMF_OOM_SKIP),
				 KTEST_WAIT_MS);
	if (stuck) {
		complete(&b.release);
		ktest_wait_completion(t, &b.done, KTEST_WAIT_MS);
	}
	victim_end(t, mm);
	oom_reaper_stats(&st1);
	for (int i = 0; i < OOM_SKIP_NR_REASONS; i++) {
		ktest_log(t, "%s: skipped %s +%lu", oom_reaper_design_name(d),
			  oom_skip_reason_names[i],
			  st1.skipped[i] - st0.skipped[i]);
		KTEST_EXPECT_EQ_U(t, st1.skipped[i] - st0.skipped[i],
				  i == (int)want);
	}
out:
	oom_reaper_set_design(saved);
}

/* Who sets MMF_OOM_SKIP, per design: none leaves it to the exit; rp419
 * reaps a free mm, gives up on a stuck one after its tries; oomlab gives
 * up on a stuck one when its window runs out. */
static void oom_reaper_skip_counted_once(struct ktest *t)
{
	skip_counted(t, OOM_REAPER_NONE, false, OOM_SKIP_EXIT_MMAP);
	skip_counted(t, OOM_REAPER_RP419, false, OOM_SKIP_REAPED);
	skip_counted(t, OOM_REAPER_RP419, true, OOM_SKIP_RETRIES);
	skip_counted(t, OOM_REAPER_OOMLAB, true, OOM_SKIP_TIMEOUT);
}

KTEST_SUITE(oom_reaper, KTEST_CASE(oom_reaper_counts_only_its_own_unmaps),
	    KTEST_CASE(oom_reaper_design_sets_rwsem_flavour),
	    KTEST_CASE(oom_reaper_rp414_naps_holding_oom_lock),
	    KTEST_CASE(oom_reaper_rp417_naps_holding_oom_lock),
	    KTEST_CASE(oom_reaper_unable_to_reap_shows_locks),
	    KTEST_CASE(oom_reaper_skip_counted_once));
