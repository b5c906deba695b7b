/* SPDX-License-Identifier: MIT */
/*
 * The OOM reaper's designs (oom.reaper=, /sys/kernel/oomlab/oom_reaper):
 * how a victim's mm is queued, what a pass may reap, and after each pass
 * whether to try again, declare success or give up (MMF_OOM_SKIP). Pure
 * logic, so the host tests walk every branch; mm/oom_reaper.c does the
 * queueing and the reaping and asks oom_reaper_decide() what next.
 *
 *   none    nobody reaps: exit_mmap() sets MMF_OOM_SKIP after unmapping.
 *   rp414   Linux 4.14: any mmu notifier -> nap 1 s, reap nothing, SKIP.
 *   rp417   4.16-4.18: only a notifier without MMU_INVALIDATE_DOES_NOT_
 *           BLOCK naps; exit_mmap() reaps itself, then sets SKIP before
 *           unmapping the rest (mlocked memory).
 *   rp419   4.19-5.17: non-blocking invalidation skips the VMA whose
 *           notifier would block; 10 tries 100 ms apart; LIFO.
 *   rpr     Rientjes' proposal: FIFO with requeue, a victim reaped once,
 *           SKIP at its expiry (oom_free_timeout_ms) or from exit_mmap()
 *           after every page is freed.
 *   rph     Hocko's RFC: a pass fails while more than a quarter of the
 *           victim's badness at the kill remains; exit_mmap() takes SKIP
 *           over once it has unlinked the VMAs.
 *   rpmod   Linux 5.18-6.1: queued 2 s after the kill, mlocked memory
 *           reaped, exit_mmap() sets SKIP after unmapping.
 *   oomlab  ours (docs/oom-reaper.md): FIFO with requeue, everything a
 *           notifier does not block reaped, mlocked memory too; success
 *           only when a pass reaped the whole mm; gives up only after
 *           OOMLAB_STALL_MS without the victim's RSS going down or its
 *           mmap_lock changing hands (OOMLAB_NOTIFIER_GRACE_MS while a
 *           notifier reports work in flight or readers hold the lock);
 *           exit_mmap() sets SKIP after unmapping; chargers
 *           sleep on the reaper's progress instead of spinning.
 */
#ifndef MM_OOM_REAPER_DESIGN_H
#define MM_OOM_REAPER_DESIGN_H

#include "kernel/rwsem_core.h"
#include "lib/types.h"

enum oom_reaper_design {
	OOM_REAPER_NONE,
	OOM_REAPER_RP414,
	OOM_REAPER_RP417,
	OOM_REAPER_RP419,
	OOM_REAPER_RPR,
	OOM_REAPER_RPH,
	OOM_REAPER_RPMOD,
	OOM_REAPER_OOMLAB,
	OOM_REAPER_NR_DESIGNS,
};

#define OOM_REAP_MAX_TRIES		10	/* MAX_OOM_REAP_RETRIES */
#define OOM_REAP_RETRY_MS		100	/* HZ/10 between tries */
#define OOM_REAP_NOTIFIER_NAP_MS	1000	/* rp414/rp417: HZ */
#define OOM_REAP_DELAY_MS		2000	/* rpmod: OOM_REAPER_DELAY */
#define OOM_FREE_TIMEOUT_MS		1000	/* rpr: oom_free_timeout_ms */
#define OOMLAB_STALL_MS			1000	/* oomlab: no RSS freed */
#define OOMLAB_NOTIFIER_GRACE_MS	5000	/* oomlab: notifier or readers
						 * busy */

/* Which notifiers make a pass nap instead of reaping (rp414, rp417). */
enum oom_reap_notifier_rule {
	OOM_REAP_NOTIFIER_NONBLOCK,	/* skip only what would block */
	OOM_REAP_NOTIFIER_NAP_ANY,	/* rp414 */
	OOM_REAP_NOTIFIER_NAP_UNFLAGGED, /* rp417 */
};

/* exit_mmap()'s order of unmapping and MMF_OOM_SKIP. */
enum oom_exit_order {
	OOM_EXIT_SKIP_AFTER_UNMAP,	/* 4.14, 6.1, ours: unmap, SKIP */
	OOM_EXIT_SKIP_BEFORE_UNMAP,	/* 4.17-5.x: self-reap, SKIP, barrier,
					 * then munlock and unmap */
	OOM_EXIT_SKIP_AFTER_FREE,	/* rpr: self-reap (UNSTABLE), barrier,
					 * unmap, tables; SKIP last */
	OOM_EXIT_SKIP_AFTER_UNLINK,	/* rph: unmap, unlink under the write
					 * lock, SKIP */
};

struct oom_reaper_policy {
	bool reaps;			/* false: none */
	bool requeue;			/* FIFO, one pass per turn */
	bool skip_locked;		/* VM_LOCKED VMAs are not reaped */
	bool exit_self_reaps;		/* a victim's exit_mmap() reaps first
					 * (4.17-5.x: MMF_OOM_VICTIM) */
	bool holds_oom_lock;		/* a pass (and its nap), and exit's
					 * own reap, hold oom_lock (4.14-4.18) */
	unsigned int delay_ms;		/* before the victim is queued */
	enum oom_reap_notifier_rule notifiers;
	enum oom_exit_order exit;
	enum rwsem_flavour rwsem;	/* the mmap_lock it shipped with */
};

/* What one pass over a victim's mm did. */
enum oom_reap_pass {
	OOM_PASS_LOCKED,	/* mmap_lock trylock failed: nothing done */
	OOM_PASS_SKIPPED,	/* MMF_OOM_SKIP was already set */
	OOM_PASS_NAPPED,	/* rp414/rp417: a notifier, slept instead */
	OOM_PASS_PARTIAL,	/* some VMA was skipped by its notifier */
	OOM_PASS_FULL,		/* every reapable VMA reaped */
};

/* A victim's reaping so far, what oom_reaper_decide() judges by. */
struct oom_reap_progress {
	enum oom_reap_pass pass;	/* the pass just made (if any) */
	bool passed;			/* a pass was made this turn */
	bool reaped_before;		/* rpr: a pass got the lock before */
	bool notifier_busy;		/* a notifier refused this pass */
	bool readers_busy;		/* oomlab: the last failed trylock
					 * met readers (a fault or syscall in
					 * progress), not a writer */
	bool exit_unlinked;		/* rph: exit_mmap() unlinked VMAs */
	unsigned int tries;		/* passes made, this one included */
	long rss;			/* victim RSS + tables now (pages) */
	long badness0;			/* the same at the kill */
	u64 now_ms, expire_ms;		/* rpr: the per-mm expiry */
	u64 last_progress_ms;		/* oomlab: RSS last went down */
};

enum oom_reap_verdict {
	OOM_REAP_AGAIN,		/* another turn later */
	OOM_REAP_DONE,		/* set MMF_OOM_SKIP: the job is over */
	OOM_REAP_GIVE_UP,	/* "unable to reap", then SKIP */
	OOM_REAP_DROP,		/* leave SKIP to exit_mmap() */
};

/*
 * Who set MMF_OOM_SKIP on a victim's mm: the label "reason" of
 * oomlab_oom_reaper_skipped_total. Linux counts none of these (its
 * /proc/vmstat has oom_kill alone).
 */
enum oom_skip_reason {
	OOM_SKIP_REAPED,	/* the reaper, after a pass its design counts
				 * a success */
	OOM_SKIP_RETRIES,	/* the reaper, giving up after its tries */
	OOM_SKIP_TIMEOUT,	/* the reaper, giving up at a time bound: rpr's
				 * expiry, oomlab's window without progress */
	OOM_SKIP_EXIT_MMAP,	/* the victim's own exit_mmap() */
	OOM_SKIP_NR_REASONS,
};

const struct oom_reaper_policy *oom_reaper_policy(enum oom_reaper_design d);
enum oom_skip_reason oom_reaper_skip_reason(enum oom_reaper_design d,
					    enum oom_reap_verdict v);
enum oom_reap_verdict oom_reaper_decide(enum oom_reaper_design d,
					const struct oom_reap_progress *pr);
bool oom_reaper_should_pass(enum oom_reaper_design d,
			    const struct oom_reap_progress *pr);
bool oom_reaper_pass_ok(enum oom_reaper_design d,
			const struct oom_reap_progress *pr);
const char *oom_reaper_design_name(enum oom_reaper_design d);
int oom_reaper_design_parse(const char *name, enum oom_reaper_design *d);

/* The names oom.reaper= takes, in enum order, NULL-terminated. */
extern const char *const oom_reaper_design_names[];
/* The label values of enum oom_skip_reason, in enum order. */
extern const char *const oom_skip_reason_names[OOM_SKIP_NR_REASONS];

#endif
