// SPDX-License-Identifier: MIT
/*
 * The OOM reaper's designs as data and one decision per turn (see
 * mm/oom_reaper_design.h). Invariant: every design but "none" ends each
 * victim with OOM_REAP_DONE, OOM_REAP_GIVE_UP or OOM_REAP_DROP after a
 * bounded number of turns or a bounded time; only rph's DROP leaves
 * MMF_OOM_SKIP to exit_mmap(), and only once exit_mmap() has unlinked
 * the VMAs (it then finishes without taking any lock a victim could
 * hold).
 */
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/oom_reaper_design.h"

const char *const oom_reaper_design_names[] = {
	"none", "rp414", "rp417", "rp419", "rpr", "rph", "rpmod", "oomlab",
	NULL,
};

const char *const oom_skip_reason_names[OOM_SKIP_NR_REASONS] = {
	[OOM_SKIP_REAPED] = "reaped",
	[OOM_SKIP_RETRIES] = "retries",
	[OOM_SKIP_TIMEOUT] = "timeout",
	[OOM_SKIP_EXIT_MMAP] = "exit_mmap",
};

/*
 * .rwsem: the mmap_lock rules each design ran under - 4.x's strict FIFO
 * (the zero value) for the 2018 designs; 6.1's for rpmod; oomlab is held
 * to 4.x's, the harder one for a reaper (new readers queue behind a
 * waiting writer, so its trylock fails longer).
 */
static const struct oom_reaper_policy policies[OOM_REAPER_NR_DESIGNS] = {
	[OOM_REAPER_NONE] = {
		.exit = OOM_EXIT_SKIP_AFTER_UNMAP,
	},
	/* 4.14's __oom_reap_task_mm() skips what can_madv_dontneed_vma()
	 * refuses: VM_LOCKED, VM_HUGETLB, VM_PFNMAP; it takes oom_lock
	 * first ("not to race with the victim exit path") and naps for a
	 * notifier with it held. */
	[OOM_REAPER_RP414] = {
		.reaps = true, .skip_locked = true, .holds_oom_lock = true,
		.notifiers = OOM_REAP_NOTIFIER_NAP_ANY,
		.exit = OOM_EXIT_SKIP_AFTER_UNMAP,
	},
	/* 4.17's exit_mmap(): __oom_reap_task_mm() under oom_lock, SKIP,
	 * barrier, then munlock_vma_pages_all() and unmap_vmas(). */
	[OOM_REAPER_RP417] = {
		.reaps = true, .skip_locked = true, .exit_self_reaps = true,
		.holds_oom_lock = true,
		.notifiers = OOM_REAP_NOTIFIER_NAP_UNFLAGGED,
		.exit = OOM_EXIT_SKIP_BEFORE_UNMAP,
	},
	/* 4.19: 93065ac753e4, non-blocking invalidation; af5679fbc669
	 * took oom_lock out of the reaper and exit_mmap(). */
	[OOM_REAPER_RP419] = {
		.reaps = true, .skip_locked = true, .exit_self_reaps = true,
		.exit = OOM_EXIT_SKIP_BEFORE_UNMAP,
	},
	[OOM_REAPER_RPR] = {
		.reaps = true, .requeue = true, .skip_locked = true,
		.exit_self_reaps = true,
		.exit = OOM_EXIT_SKIP_AFTER_FREE,
	},
	[OOM_REAPER_RPH] = {
		.reaps = true, .skip_locked = true,
		.exit = OOM_EXIT_SKIP_AFTER_UNLINK,
	},
	/* 5.18: e4a38402c36e (2 s delay), a213e8c8e9e4 (mlock reaped);
	 * 6.1's exit_mmap() unmaps under the read lock, then sets SKIP. */
	[OOM_REAPER_RPMOD] = {
		.reaps = true, .delay_ms = OOM_REAP_DELAY_MS,
		.exit = OOM_EXIT_SKIP_AFTER_UNMAP,
		.rwsem = RWSEM_FLAVOUR_V61,
	},
	[OOM_REAPER_OOMLAB] = {
		.reaps = true, .requeue = true,
		.exit = OOM_EXIT_SKIP_AFTER_UNMAP,
	},
};

/**
 * oom_reaper_policy - what design @d does.
 * @d: a design (out of range: "none")
 *
 * Context: any. Return: its policy, never NULL.
 */
const struct oom_reaper_policy *oom_reaper_policy(enum oom_reaper_design d)
{
	if ((unsigned int)d >= OOM_REAPER_NR_DESIGNS)
		d = OOM_REAPER_NONE;
	return &policies[d];
}

/**
 * oom_reaper_should_pass - make a pass over the victim's mm this turn?
 * @d: the design
 * @pr: the victim's progress; pr->reaped_before: a pass got the lock
 *
 * rpr reaps a victim at most once (MMF_UNSTABLE set means it was), then
 * only waits for its expiry or its exit; the others pass every turn.
 * Context: any. Return: true to pass.
 */
bool oom_reaper_should_pass(enum oom_reaper_design d,
			    const struct oom_reap_progress *pr)
{
	return d != OOM_REAPER_RPR || !pr->reaped_before;
}

/**
 * oom_reaper_pass_ok - did the pass succeed in @d's terms (Linux's
 * oom_reap_task_mm() returning true, which prints "reaped process" after
 * a full pass)?
 * @d: the design
 * @pr: the pass made
 *
 * rph counts a full pass as a failure while more than a quarter of the
 * victim's badness at the kill is left.
 * Context: any. Return: true on success.
 */
bool oom_reaper_pass_ok(enum oom_reaper_design d,
			const struct oom_reap_progress *pr)
{
	if (!pr->passed)
		return false;
	switch (pr->pass) {
	case OOM_PASS_SKIPPED:
	case OOM_PASS_NAPPED:
		return true;
	case OOM_PASS_FULL:
		return d != OOM_REAPER_RPH || pr->rss * 4 <= pr->badness0;
	default:
		return false;
	}
}

/* rp414, rp417, rp419, rpmod (and rph's tries): oom_reap_task()'s loop. */
static enum oom_reap_verdict decide_tries(enum oom_reaper_design d,
					  const struct oom_reap_progress *pr)
{
	if (oom_reaper_pass_ok(d, pr))
		return OOM_REAP_DONE;
	return pr->tries >= OOM_REAP_MAX_TRIES ? OOM_REAP_GIVE_UP
					      : OOM_REAP_AGAIN;
}

/*
 * oomlab: how long without progress before giving up. Work in flight -
 * a device draining a range, or readers holding the mmap_lock across a
 * page-in that a disk will answer - gets the longer grace; a writer
 * that never lets go does not.
 */
static u64 oomlab_patience_ms(const struct oom_reap_progress *pr)
{
	return pr->notifier_busy || pr->readers_busy ?
		       OOMLAB_NOTIFIER_GRACE_MS :
		       OOMLAB_STALL_MS;
}

/**
 * oom_reaper_decide - after a turn, what next for this victim?
 * @d: the design (not "none")
 * @pr: its progress, the turn's pass included
 *
 * Context: any.
 * Return: OOM_REAP_AGAIN, OOM_REAP_DONE, OOM_REAP_GIVE_UP or
 * OOM_REAP_DROP (see the enum).
 */
enum oom_reap_verdict oom_reaper_decide(enum oom_reaper_design d,
					const struct oom_reap_progress *pr)
{
	if (pr->passed && pr->pass == OOM_PASS_SKIPPED)
		return OOM_REAP_DONE;
	switch (d) {
	case OOM_REAPER_RPH:
		if (pr->exit_unlinked)
			return OOM_REAP_DROP;
		return decide_tries(d, pr);
	case OOM_REAPER_RPR:
		return pr->now_ms >= pr->expire_ms ? OOM_REAP_GIVE_UP
						   : OOM_REAP_AGAIN;
	case OOM_REAPER_OOMLAB:
		if (pr->passed && pr->pass == OOM_PASS_FULL)
			return OOM_REAP_DONE;
		if (pr->now_ms - pr->last_progress_ms >=
		    oomlab_patience_ms(pr))
			return OOM_REAP_GIVE_UP;
		return OOM_REAP_AGAIN;
	case OOM_REAPER_NONE:
		return OOM_REAP_DROP;
	default:
		return decide_tries(d, pr);
	}
}

/**
 * oom_reaper_skip_reason - why the reaper thread sets MMF_OOM_SKIP after
 * verdict @v under design @d.
 * @d: the victim's design
 * @v: OOM_REAP_DONE or OOM_REAP_GIVE_UP (the verdicts that set it)
 *
 * rpr gives up at its expiry and oomlab when its window without progress
 * ran out: time bounds. Every other design gives up in oom_reap_task()'s
 * way, after OOM_REAP_MAX_TRIES failed passes.
 * Context: any. Return: the reason.
 */
enum oom_skip_reason oom_reaper_skip_reason(enum oom_reaper_design d,
					    enum oom_reap_verdict v)
{
	if (v != OOM_REAP_GIVE_UP)
		return OOM_SKIP_REAPED;
	return d == OOM_REAPER_RPR || d == OOM_REAPER_OOMLAB ?
		       OOM_SKIP_TIMEOUT :
		       OOM_SKIP_RETRIES;
}

/**
 * oom_reaper_design_name - the name oom.reaper= takes for @d.
 * @d: a design
 *
 * Context: any. Return: the name, "?" out of range.
 */
const char *oom_reaper_design_name(enum oom_reaper_design d)
{
	if ((unsigned int)d >= OOM_REAPER_NR_DESIGNS)
		return "?";
	return oom_reaper_design_names[d];
}

/**
 * oom_reaper_design_parse - the design called @name.
 * @name: e.g. "rp419"
 * @d: set on success
 *
 * Context: any. Return: 0; -EINVAL for an unknown name (@d unchanged).
 */
int oom_reaper_design_parse(const char *name, enum oom_reaper_design *d)
{
	for (int i = 0; oom_reaper_design_names[i]; i++) {
		if (!strcmp(name, oom_reaper_design_names[i])) {
			*d = i;
			return 0;
		}
	}
	return -EINVAL;
}
