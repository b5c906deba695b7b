/* SPDX-License-Identifier: MIT */
/*
 * The OOM reaper (Linux's oom_reaper kthread, mm/oom_kill.c): the OOM
 * killer hands it each victim's mm (oom_reaper_enqueue()), and it unmaps
 * what it can of the anonymous and private memory of that mm before the
 * victim's own exit gets there, so a victim stuck in the kernel frees its
 * memory anyway. Then - or when its design gives up - it sets
 * MMF_OOM_SKIP, after which the OOM killer may choose another victim.
 * The design (mm/oom_reaper_design.h) is oom.reaper= or
 * /sys/kernel/oomlab/oom_reaper; each victim keeps the one it was queued
 * under.
 *
 * It pins a victim's mm with mm_count (mmgrab()), never mm_users: the
 * victim's exit_mmap() runs as soon as its last user goes, and a reaper
 * pass only runs under the mmap read lock taken with a trylock (the
 * reaper takes it against the lock order: oom_lock may be held by
 * whoever waits on this mm) and after seeing MMF_OOM_SKIP clear under
 * it; exit_mmap() sets MMF_OOM_SKIP and frees page tables and VMAs
 * under the write lock, so a pass never walks freed tables.
 */
#ifndef MM_OOM_REAPER_H
#define MM_OOM_REAPER_H

#include "kernel/task.h"
#include "kernel/timer.h"
#include "lib/list.h"
#include "mm/oom_reaper_design.h"

struct mm;
struct process;

/*
 * A victim's reaping state, in its struct mm.
 * Locking: [r] oom_reaper_lock; [I] set at enqueue, before the mm is
 * visible to the reaper; [k] the reaper thread only; [a] atomic.
 */
struct mm_oom_reap {
	struct list_head node;		/* [r] on the reaper's queue */
	struct timer_list timer;	/* rpmod's delay before queueing */
	enum oom_reaper_design design;	/* [I] */
	int pid;			/* [I] the victim, for the log */
	char comm[TASK_COMM_LEN];	/* [I] */
	long badness0;			/* [I] RSS + tables at the kill */
	u64 queued_ms, expire_ms;	/* [I] ms since boot */
	u64 last_progress_ms;		/* [k] RSS last went down */
	long last_rss;			/* [k] */
	unsigned int tries;		/* [k] passes so far */
	bool notifier_busy;		/* [k] a notifier refused a pass */
	bool readers_busy;		/* [k] a failed trylock met readers */
	/* [k] oomlab: the mmap_lock's grants to waiters (its lock_stat
	 * contentions, read and write) at the last failed trylock, or at
	 * the enqueue */
	u64 lock_grants;
	/* [a] an OOM victim (any design, none too): its MMF_OOM_SKIP is
	 * counted in oom_reaper_stats.skipped */
	bool victim;
	bool skip_counted;		/* [a] it was, once */
};

/* Counters since boot, for tests and benchmarks. */
struct oom_reaper_stats {
	unsigned long passes;		/* passes over some mm */
	unsigned long trylock_failures;	/* passes that found it locked */
	unsigned long pages_reaped;	/* RSS the passes freed */
	unsigned long reaped;		/* "reaped process" lines */
	unsigned long gave_up;		/* "unable to reap" lines */
	u64 reap_ns;			/* time inside passes */
	u64 last_reaped_ns;		/* when a pass last freed pages */
	unsigned long inflight;		/* mms queued or under the timer */
	/* victims given MMF_OOM_SKIP, by who set it */
	unsigned long skipped[OOM_SKIP_NR_REASONS];
};

void oom_reaper_init(void);
void oom_reaper_mm_init(struct mm *mm);
void oom_reaper_enqueue(struct process *p, struct mm *mm);
enum oom_reaper_design oom_reaper_get_design(void);
void oom_reaper_set_design(enum oom_reaper_design d);
void oom_reaper_stats(struct oom_reaper_stats *out);
void oom_reaper_throttle(void);
void oom_reaper_exit_mmap(struct mm *mm);
bool oom_reaper_holds_oom_lock(void);
int oom_reaper_mrelease(struct process *p);
enum oom_reap_pass oom_reaper_reap_mm(struct mm *mm,
				      const struct oom_reaper_policy *pol,
				      bool *notifier_busy);

#endif
