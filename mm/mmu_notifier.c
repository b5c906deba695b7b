// SPDX-License-Identifier: MIT
/*
 * MMU notifiers (see mm/mmu_notifier.h). Invariant: every subscription
 * whose invalidate_range_start() returned 0 gets exactly one matching
 * invalidate_range_end(), also when another subscription refused a
 * non-blockable start. Linux 6.1 calls every start, then every end, and
 * forbids an end method on a notifier whose start can fail; oomlab's
 * mirror has both, so the ends go to the subscriptions that started
 * only (a mask of their positions).
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/rwsem.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/mmu_notifier.h"

/**
 * mmu_notifier_register - subscribe @sub to @mm's invalidations.
 * @sub: a subscription with ->ops set
 * @mm: an address space with users (mm_users > 0)
 *
 * Takes an mm_count reference, dropped by mmu_notifier_unregister().
 * Context: may sleep; takes mmap_lock and notifier_lock for writing (so
 * no invalidation is half-way while the list changes).
 * Return: 0; -EINVAL when @mm is already being torn down.
 */
int mmu_notifier_register(struct mmu_notifier *sub, struct mm *mm)
{
	if (!mmget_not_zero(mm))
		return -EINVAL;
	mmgrab(mm);
	sub->mm = mm;
	mmap_write_lock(mm);
	down_write(&mm->notifier_lock);
	list_add_tail(&sub->list, &mm->notifiers);
	up_write(&mm->notifier_lock);
	mmap_write_unlock(mm);
	mmput(mm);
	return 0;
}

/**
 * mmu_notifier_unregister - end a subscription; calls ->release unless
 * exit_mmap() already did.
 * @sub: a registered subscription
 * @mm: its mm
 *
 * Context: may sleep; waits for callbacks running on @mm. Not from a
 * callback of @mm.
 */
void mmu_notifier_unregister(struct mmu_notifier *sub, struct mm *mm)
{
	bool live;

	down_write(&mm->notifier_lock);
	live = !list_empty(&sub->list);
	if (live)
		list_del_init(&sub->list);
	up_write(&mm->notifier_lock);
	if (live && sub->ops->release)
		sub->ops->release(sub, mm);
	mmdrop(mm);
}

/**
 * mmu_notifier_release - tell every subscriber that @mm is going away
 * and unhook them (exit_mmap(), before any page is unmapped).
 * @mm: the address space
 *
 * Context: may sleep.
 */
void mmu_notifier_release(struct mm *mm)
{
	struct mmu_notifier *sub;

	down_write(&mm->notifier_lock);
	while (!list_empty(&mm->notifiers)) {
		sub = list_first_entry(&mm->notifiers, struct mmu_notifier,
				       list);
		list_del_init(&sub->list);
		/* Release runs unlocked: it may wait for its own work. */
		up_write(&mm->notifier_lock);
		if (sub->ops->release)
			sub->ops->release(sub, mm);
		down_write(&mm->notifier_lock);
	}
	up_write(&mm->notifier_lock);
}

/* Subscriptions a start can track; more are refused (never started). */
#define MMU_NOTIFIER_MAX_TRACKED	64

/* End the subscriptions whose bit is set in @started. */
static void end_started(struct mmu_notifier_range *r, u64 started)
{
	struct mmu_notifier *sub;
	unsigned int i = 0;

	list_for_each_entry(sub, &r->mm->notifiers, list) {
		if (i < MMU_NOTIFIER_MAX_TRACKED && (started >> i & 1) &&
		    sub->ops->invalidate_range_end)
			sub->ops->invalidate_range_end(sub, r);
		i++;
	}
}

/* One subscription's start; a refusal is logged as Linux logs it. */
static int start_one(struct mmu_notifier *sub, struct mmu_notifier_range *r)
{
	int err;

	if (!sub->ops->invalidate_range_start)
		return 0;
	err = sub->ops->invalidate_range_start(sub, r);
	if (err) {
		pr_info("%pS callback failed with %d in %sblockable context.\n",
			(void *)sub->ops->invalidate_range_start, err,
			mmu_notifier_range_blockable(r) ? "" : "non-");
		WARN_ON(err != -EAGAIN || mmu_notifier_range_blockable(r));
	}
	return err;
}

/**
 * mmu_notifier_invalidate_range_start - announce that [start, end) of
 * r->mm is about to change.
 * @r: the range; MMU_NOTIFIER_RANGE_BLOCKABLE says callbacks may sleep
 *
 * On success the notifier list stays read-locked until the matching
 * mmu_notifier_invalidate_range_end().
 *
 * Context: may sleep if blockable; the caller holds mmap_lock (or is
 * exit_mmap()).
 * Return: 0; -EAGAIN (only when not blockable) when a callback would
 * have blocked, or the list lock is contended - then nothing is held and
 * every callback that had started has been ended.
 */
int mmu_notifier_invalidate_range_start(struct mmu_notifier_range *r)
{
	struct mm *mm = r->mm;
	struct mmu_notifier *sub;
	unsigned int i = 0;
	u64 started = 0;
	int ret = 0;

	if (mmu_notifier_range_blockable(r))
		down_read(&mm->notifier_lock);
	else if (!down_read_trylock(&mm->notifier_lock))
		return -EAGAIN;
	list_for_each_entry(sub, &mm->notifiers, list) {
		int err = WARN_ON(i >= MMU_NOTIFIER_MAX_TRACKED) ?
				  -EAGAIN : start_one(sub, r);

		if (err)
			ret = err;
		else
			started |= 1ULL << i;
		i++;
	}
	if (!ret)
		return 0;
	end_started(r, started);
	up_read(&mm->notifier_lock);
	return -EAGAIN;
}

/**
 * mmu_notifier_invalidate_range_end - the range's entries have changed.
 * @r: the range given to a successful start
 *
 * Context: as the start; releases the notifier list.
 */
void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *r)
{
	end_started(r, ~0ULL);
	up_read(&r->mm->notifier_lock);
}

/**
 * mm_has_notifiers - has @mm any subscription (4.14's OOM reaper naps
 * for any)?
 * @mm: the address space
 *
 * Context: any task context; an unlocked look, as Linux's.
 * Return: true when the list is not empty.
 */
bool mm_has_notifiers(struct mm *mm)
{
	return !list_empty(&mm->notifiers);
}

/**
 * mm_has_blockable_invalidate_notifiers - has @mm a subscription whose
 * start may sleep (no MMU_INVALIDATE_DOES_NOT_BLOCK; Linux 4.16-4.18)?
 * @mm: the address space
 *
 * Only trylocks notifier_lock: its caller, the 4.16-4.18 OOM reaper,
 * holds oom_lock, which ranks below it (a callback may fault and charge
 * into an OOM). Linux walked the list under SRCU, which never waits;
 * here a subscription being added or removed right now makes the answer
 * "yes": the reaper naps, as it would for any notifier that may block.
 * Context: any task context; does not sleep.
 * Return: true when the 4.16-4.18 OOM reaper would nap for it.
 */
bool mm_has_blockable_invalidate_notifiers(struct mm *mm)
{
	struct mmu_notifier *sub;
	bool any = false;

	if (!down_read_trylock(&mm->notifier_lock))
		return true;
	list_for_each_entry(sub, &mm->notifiers, list)
		if (!(sub->ops->flags & MMU_INVALIDATE_DOES_NOT_BLOCK))
			any = true;
	up_read(&mm->notifier_lock);
	return any;
}
