// SPDX-License-Identifier: MIT
/*
 * The OOM reaper thread (see mm/oom_reaper.h): a queue of victims' mms
 * and one kthread that reaps them, one turn at a time. A turn is a pass
 * over the mm (unless the design says this victim had its pass) and the
 * design's verdict on what next (mm/oom_reaper_design.c). Linux's own
 * designs loop on one victim for up to ten passes 100 ms apart; rpr and
 * oomlab put it back at the tail and go on with the next, sleeping
 * 100 ms after each turn that leaves work.
 *
 * Invariant: every mm on the queue or under the rpmod timer holds one
 * mm_count reference, dropped once its verdict is not OOM_REAP_AGAIN;
 * MMF_OOM_REAP_QUEUED makes the enqueue happen once per mm (Linux 5.0's
 * dedupe; 4.19.0's "tsk == head || tsk->next" test let a task at the
 * tail be queued twice, which oomlab does not reproduce).
 *
 * rp414 and rp417 hold oom_lock across a pass and its notifier nap, as
 * 4.14-4.18 did, so an OOM invocation waits for the pass; after "unable
 * to reap" every design prints the held locks, as Linux's
 * debug_show_all_locks() there (6.1 also prints the victim's stack:
 * not done).
 *
 * Locking: oom_reaper_lock ("oom_reaper", a leaf spinlock taken with
 * interrupts off: the rpmod timer queues from the tick) guards [r].
 */
#include "kernel/cmdline.h"
#include "kernel/kthread.h"
#include "kernel/lockdep.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/spinlock.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "mm/mmu_notifier.h"
#include "mm/oom_internal.h"
#include "mm/oom_reaper.h"

#define K(pages)	((unsigned long)(pages) << (PAGE_SHIFT - 10))

/* oom.reaper=: rpmod is Linux 6.1's, which goes with memcg.design=mod. */
static unsigned int oom_reaper_design = OOM_REAPER_RPMOD;	/* [a] */
KPARAM_ENUM(oom_reaper, "oom.reaper", &oom_reaper_design,
	    oom_reaper_design_names,
	    "OOM reaper design: none, rp414, rp417, rp419, rpr, rph, rpmod "
	    "or oomlab (docs/oom-reaper.md)");

static struct spinlock oom_reaper_lock = SPINLOCK_INIT("oom_reaper");
static struct list_head oom_reaper_list =		/* [r] */
	LIST_HEAD_INIT(oom_reaper_list);
static DECLARE_WAIT_QUEUE_HEAD(oom_reaper_wait);	/* the thread */
static DECLARE_WAIT_QUEUE_HEAD(oom_reaper_progress);	/* chargers */
static unsigned long progress_seq;			/* [a] */
static struct oom_reaper_stats stats;			/* [a] */
static struct task *oom_reaper_th;			/* [I] after init */

static u64 now_ms(void)
{
	return ktime_get_ns() / 1000000;
}

static void stat_add(unsigned long *c, unsigned long n)
{
	__atomic_add_fetch(c, n, __ATOMIC_RELAXED);
}

/**
 * oom_reaper_get_design - the design new victims are queued under.
 *
 * Context: any. Return: the design.
 */
enum oom_reaper_design oom_reaper_get_design(void)
{
	return __atomic_load_n(&oom_reaper_design, __ATOMIC_RELAXED);
}

/**
 * oom_reaper_set_design - switch the design for victims queued from now
 * on (those queued keep theirs), and every rwsem to the flavour the
 * design shipped with unless rwsem.flavour= named one (kernel/rwsem.h:
 * a switch is safe with waiters queued; a holder keeps its lock).
 * @d: a design; out of range is ignored
 *
 * Context: any.
 */
void oom_reaper_set_design(enum oom_reaper_design d)
{
	if ((unsigned int)d >= OOM_REAPER_NR_DESIGNS)
		return;
	__atomic_store_n(&oom_reaper_design, d, __ATOMIC_RELAXED);
	rwsem_follow_flavour(oom_reaper_policy(d)->rwsem);
}

/**
 * oom_reaper_stats - a copy of the counters since boot.
 * @out: filled in
 *
 * Context: any.
 */
void oom_reaper_stats(struct oom_reaper_stats *out)
{
	unsigned long *src = (unsigned long *)&stats, *dst = (void *)out;

	for (size_t i = 0; i < sizeof(stats) / sizeof(*src); i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}

/* Something was freed or given up: chargers waiting may look again. */
static void progress_wake(void)
{
	__atomic_add_fetch(&progress_seq, 1, __ATOMIC_RELEASE);
	wake_up_all(&oom_reaper_progress);
}

/**
 * oom_reaper_throttle - a charger whose OOM scan found a victim still
 * pending waits for the reaper's or the exit's next progress instead of
 * retrying at once (oomlab only; Linux's chargers loop through reclaim
 * and the OOM killer, or PRE's sleep on the memcg OOM waitqueue).
 *
 * Bounded by one reaper period: a charger never waits longer than the
 * reaper would between two looks at the victim.
 * Context: task context, may sleep; no locks held.
 */
void oom_reaper_throttle(void)
{
	unsigned long seq = __atomic_load_n(&progress_seq, __ATOMIC_ACQUIRE);

	if (oom_reaper_get_design() != OOM_REAPER_OOMLAB)
		return;
	wait_event_timeout(oom_reaper_progress,
			   __atomic_load_n(&progress_seq, __ATOMIC_ACQUIRE) !=
				   seq,
			   msecs_to_jiffies(OOM_REAP_RETRY_MS));
}

/*
 * @mm, an OOM victim's, has MMF_OOM_SKIP: count it once, for the first
 * who noticed. The reaper notes right after setting the flag, the exit
 * after exit_mmap() set it, the enqueue when the exit got there before
 * the victim was marked; a reaper verdict racing the exit's own may be
 * filed under either, never under both.
 */
static void skip_note(struct mm *mm, enum oom_skip_reason why)
{
	struct mm_oom_reap *st = &mm->oom_reap;

	if (__atomic_load_n(&st->victim, __ATOMIC_SEQ_CST) &&
	    !__atomic_exchange_n(&st->skip_counted, true, __ATOMIC_SEQ_CST))
		stat_add(&stats.skipped[why], 1);
}

/* Put @mm on the queue: the tail for the requeueing designs, else the
 * head (Linux's singly linked oom_reaper_list is a LIFO). */
static void queue_mm(struct mm *mm)
{
	unsigned long flags = spin_lock_irqsave(&oom_reaper_lock);

	if (oom_reaper_policy(mm->oom_reap.design)->requeue)
		list_add_tail(&mm->oom_reap.node, &oom_reaper_list);
	else
		list_add(&mm->oom_reap.node, &oom_reaper_list);
	spin_unlock_irqrestore(&oom_reaper_lock, flags);
	wake_up(&oom_reaper_wait);
}

/* rpmod's OOM_REAPER_DELAY ran out (Linux's wake_oom_reaper()): the
 * thread drops a victim whose exit set MMF_OOM_SKIP meanwhile, silently,
 * as Linux's timer callback does. */
static void delay_expired(struct timer_list *t)
{
	queue_mm(container_of(t, struct mm, oom_reap.timer));
}

/* Grants of @mm's mmap_lock to waiters so far (oomlab's handover rule,
 * mmap_lock_handed_over()). */
static u64 mmap_lock_grants(struct mm *mm)
{
	struct rw_semaphore *sem = &mm->mmap_lock;

	return __atomic_load_n(&sem->stat_read.contentions, __ATOMIC_RELAXED) +
	       __atomic_load_n(&sem->stat_write.contentions, __ATOMIC_RELAXED);
}

static long rss_and_tables(struct mm *mm)
{
	return mm_rss_total(mm) + __atomic_load_n(&mm->pgtables,
						  __ATOMIC_RELAXED);
}

/**
 * oom_reaper_enqueue - hand a victim's mm to the reaper (Linux's
 * wake_oom_reaper() / queue_oom_reaper()).
 * @p: the victim process (named in the reaper's log lines)
 * @mm: its mm, held by the caller; the queue takes its own mm_count
 *
 * Once per mm; nothing under oom.reaper=none (exit_mmap() sets
 * MMF_OOM_SKIP). rpmod queues it OOM_REAP_DELAY_MS later.
 * Context: task context, oom_lock held.
 */
void oom_reaper_enqueue(struct process *p, struct mm *mm)
{
	enum oom_reaper_design d = oom_reaper_get_design();
	const struct oom_reaper_policy *pol = oom_reaper_policy(d);
	struct mm_oom_reap *st = &mm->oom_reap;

	/* Marked before SKIP is read, as exit_mmap() sets SKIP before it
	 * reads the mark: one of the two sees the other. */
	__atomic_store_n(&st->victim, true, __ATOMIC_SEQ_CST);
	if (mm_flag_test(mm, MMF_OOM_SKIP))
		skip_note(mm, OOM_SKIP_EXIT_MMAP);
	if (!pol->reaps || mm_flag_test(mm, MMF_OOM_SKIP) ||
	    mm_flag_test_and_set(mm, MMF_OOM_REAP_QUEUED))
		return;
	mmgrab(mm);
	stat_add(&stats.inflight, 1);
	st->design = d;
	st->pid = p->tgid;
	strlcpy(st->comm, p->name, sizeof(st->comm));
	st->badness0 = st->last_rss = rss_and_tables(mm);
	st->queued_ms = st->last_progress_ms = now_ms();
	st->lock_grants = mmap_lock_grants(mm);
	st->expire_ms = st->queued_ms + OOM_FREE_TIMEOUT_MS;
	if (!pol->delay_ms) {
		queue_mm(mm);
		return;
	}
	mod_timer(&st->timer, time_jiffies() + msecs_to_jiffies(pol->delay_ms));
}

/**
 * oom_reaper_mm_init - set up a new mm's reaper state.
 * @mm: the mm, not yet visible to anyone
 *
 * The rpmod timer is set up here, not when the victim is queued: a
 * concurrent exit_mmap() that sees MMF_OOM_REAP_QUEUED before the
 * queueing armed the timer must find a timer it can cancel (not
 * pending then), never an uninitialised one.
 *
 * Context: any.
 */
void oom_reaper_mm_init(struct mm *mm)
{
	timer_setup(&mm->oom_reap.timer, delay_expired, 0);
}

/* Should a pass nap instead of reaping (rp414: any notifier; rp417: one
 * without MMU_INVALIDATE_DOES_NOT_BLOCK)? */
static bool pass_naps(struct mm *mm, const struct oom_reaper_policy *pol)
{
	switch (pol->notifiers) {
	case OOM_REAP_NOTIFIER_NAP_ANY:
		return mm_has_notifiers(mm);
	case OOM_REAP_NOTIFIER_NAP_UNFLAGGED:
		return mm_has_blockable_invalidate_notifiers(mm);
	default:
		return false;
	}
}

/* Can the reaper unmap @vma (Linux's can_madv_dontneed_vma() plus
 * __oom_reap_task_mm()'s anonymous-or-private test)? */
static bool vma_reapable(const struct vm_area *vma,
			 const struct oom_reaper_policy *pol)
{
	if (vma->flags & (VM_PFNMAP | VM_HUGETLB | VM_SHARED))
		return false;
	return !(pol->skip_locked && (vma->flags & VM_LOCKED));
}

/* Unmap @vma unless a notifier refuses the non-blocking invalidation;
 * add the pages this call unmapped to *@unmapped. */
static bool reap_vma(struct mm *mm, const struct vm_area *vma,
		     unsigned long *unmapped)
{
	struct mmu_notifier_range r;

	mmu_notifier_range_init(&r, MMU_NOTIFY_UNMAP, 0, mm, vma->start,
				vma->end);
	if (mmu_notifier_invalidate_range_start(&r))
		return false;
	*unmapped += mm_zap_range(mm, vma, vma->start, vma->end);
	mmu_notifier_invalidate_range_end(&r);
	return true;
}

/**
 * oom_reaper_reap_mm - one reaping walk over @mm (Linux's
 * __oom_reap_task_mm()): MMF_UNSTABLE first, then every reapable VMA,
 * lowest address first, skipping each one a notifier would block on.
 * @mm: the victim's mm
 * @pol: the design (which VMAs, notifier naps)
 * @notifier_busy: set when a notifier refused a VMA
 *
 * Context: may sleep; mmap_lock held for reading, or exit_mmap() with no
 * user left (4.17-5.x's self-reap).
 * Return: OOM_PASS_FULL, OOM_PASS_PARTIAL, or OOM_PASS_NAPPED when the
 * design naps for the notifiers instead (nothing reaped; the caller
 * naps, after dropping the lock).
 */
enum oom_reap_pass oom_reaper_reap_mm(struct mm *mm,
				      const struct oom_reaper_policy *pol,
				      bool *notifier_busy)
{
	enum oom_reap_pass ret = OOM_PASS_FULL;
	unsigned long unmapped = 0;
	struct vm_area *vma;

	if (pass_naps(mm, pol))
		return OOM_PASS_NAPPED;
	mm_flag_set(mm, MMF_UNSTABLE);
	for (vma = vma_first(&mm->vmas); vma; vma = vma_next(vma)) {
		if (!vma_reapable(vma, pol) || reap_vma(mm, vma, &unmapped))
			continue;
		*notifier_busy = true;
		ret = OOM_PASS_PARTIAL;
	}
	/* What this walk cleared, not an RSS difference: 4.17-4.19's
	 * exit_mmap() walks beside the reaper thread, and each would count
	 * the other's pages too. */
	if (unmapped) {
		stat_add(&stats.pages_reaped, unmapped);
		__atomic_store_n(&stats.last_reaped_ns, ktime_get_ns(),
				 __ATOMIC_RELAXED);
	}
	return ret;
}

static void log_reaped(struct mm *mm)
{
	struct mm_oom_reap *st = &mm->oom_reap;

	stat_add(&stats.reaped, 1);
	pr_info("oom_reaper: reaped process %d (%s), now anon-rss:%lukB, "
		"file-rss:%lukB, shmem-rss:%lukB\n", st->pid, st->comm,
		K(mm_rss(mm, MM_ANONPAGES)), K(mm_rss(mm, MM_FILEPAGES)),
		K(mm_rss(mm, MM_SHMEMPAGES)));
}

/* One pass (Linux's oom_reap_task_mm()), filling pr->pass. */
static void reap_pass(struct mm *mm, struct oom_reap_progress *pr)
{
	struct mm_oom_reap *st = &mm->oom_reap;
	const struct oom_reaper_policy *pol = oom_reaper_policy(st->design);
	u64 t0 = ktime_get_ns();

	stat_add(&stats.passes, 1);
	if (pol->holds_oom_lock)
		oom_lock_for_reaper();
	if (!mmap_read_trylock(mm)) {
		stat_add(&stats.trylock_failures, 1);
		pr->pass = OOM_PASS_LOCKED;
		pr->readers_busy = rwsem_nr_readers(&mm->mmap_lock) > 0;
		goto out;
	}
	/* Checked under the lock: exit_mmap() frees the tables under the
	 * write lock, after setting the flag (or unlinking: rph). */
	if (mm_flag_test(mm, MMF_OOM_SKIP))
		pr->pass = OOM_PASS_SKIPPED;
	else
		pr->pass = oom_reaper_reap_mm(mm, pol, &pr->notifier_busy);
	pr->rss = rss_and_tables(mm);
	if (pr->pass == OOM_PASS_FULL && oom_reaper_pass_ok(st->design, pr))
		log_reaped(mm);
	mmap_read_unlock(mm);
	stat_add((unsigned long *)&stats.reap_ns, ktime_get_ns() - t0);
	if (pr->pass == OOM_PASS_NAPPED)	/* schedule_timeout_idle(HZ) */
		msleep(OOM_REAP_NOTIFIER_NAP_MS);
out:
	if (pol->holds_oom_lock)	/* after the nap, as 4.14-4.18 */
		oom_unlock_for_reaper();
}

/*
 * oomlab: did @mm's mmap_lock change hands since the last failed
 * trylock? A waiter was granted it meanwhile, so the victim's threads
 * are getting through the lock towards their exit - the case of
 * readers each holding it across a slow page-in, with writers queued
 * between them, that a trylock keeps failing on. A victim whose holder
 * never lets go (a thread in D state forever) grants nothing.
 *
 * Counted by grants, not by who is first in the queue: one writer
 * looping on mmap() and munmap() is first again at every stage of
 * readers, and a first waiter compared across two trylocks saw no
 * change for 5 s while the stages went by (an innocent kill under a
 * loaded host). The grants are the rwsem's contended acquisitions
 * (its lock_stat, counted under its wait_lock): the uncontended ones
 * would include a successful trylock of the reaper's own.
 */
static bool mmap_lock_handed_over(struct mm *mm)
{
	struct mm_oom_reap *st = &mm->oom_reap;
	u64 prev = st->lock_grants;

	st->lock_grants = mmap_lock_grants(mm);
	return prev != st->lock_grants;
}

/* One turn over @mm: a pass if the design wants one, then the verdict. */
static enum oom_reap_verdict reap_turn(struct mm *mm)
{
	struct mm_oom_reap *st = &mm->oom_reap;
	struct oom_reap_progress pr = {
		.reaped_before = mm_flag_test(mm, MMF_UNSTABLE),
		.badness0 = st->badness0,
		.expire_ms = st->expire_ms,
	};

	pr.passed = oom_reaper_should_pass(st->design, &pr);
	if (pr.passed) {
		reap_pass(mm, &pr);
		st->notifier_busy |= pr.notifier_busy;
		st->readers_busy |= pr.readers_busy;
	} else if (mm_flag_test(mm, MMF_OOM_SKIP)) {
		pr.passed = true;
		pr.pass = OOM_PASS_SKIPPED;
	}
	pr.rss = rss_and_tables(mm);
	pr.now_ms = now_ms();
	if (pr.rss < st->last_rss) {
		st->last_rss = pr.rss;
		st->last_progress_ms = pr.now_ms;
		progress_wake();
	} else if (st->design == OOM_REAPER_OOMLAB &&
		   pr.passed && pr.pass == OOM_PASS_LOCKED &&
		   mmap_lock_handed_over(mm)) {
		st->last_progress_ms = pr.now_ms;
	}
	pr.tries = ++st->tries;
	pr.notifier_busy = st->notifier_busy;
	pr.readers_busy = st->readers_busy;
	pr.last_progress_ms = st->last_progress_ms;
	pr.exit_unlinked = mm_flag_test(mm, MMF_OOM_EXIT_UNLINKED);
	return oom_reaper_decide(st->design, &pr);
}

/* Drop the queue's reference (the last one frees the mm). */
static void release_mm(struct mm *mm)
{
	mmdrop(mm);
	__atomic_sub_fetch(&stats.inflight, 1, __ATOMIC_RELAXED);
}

/* The verdict is final: set MMF_OOM_SKIP as it says, let @mm go. */
static void reap_finish(struct mm *mm, enum oom_reap_verdict v)
{
	struct mm_oom_reap *st = &mm->oom_reap;

	if (v == OOM_REAP_GIVE_UP && !mm_flag_test(mm, MMF_OOM_SKIP)) {
		stat_add(&stats.gave_up, 1);
		pr_info("oom_reaper: unable to reap pid:%d (%s)\n", st->pid,
			st->comm);
		lockdep_show_all_locks();	/* who holds its mmap_lock */
	}
	if (v != OOM_REAP_DROP && !mm_flag_test_and_set(mm, MMF_OOM_SKIP))
		skip_note(mm, oom_reaper_skip_reason(st->design, v));
	progress_wake();
	release_mm(mm);
}

static struct mm *dequeue(void)
{
	unsigned long flags = spin_lock_irqsave(&oom_reaper_lock);
	struct mm *mm = NULL;

	if (!list_empty(&oom_reaper_list)) {
		mm = list_first_entry(&oom_reaper_list, struct mm,
				      oom_reap.node);
		list_del_init(&mm->oom_reap.node);
	}
	spin_unlock_irqrestore(&oom_reaper_lock, flags);
	return mm;
}

static bool queue_empty(void)
{
	unsigned long flags = spin_lock_irqsave(&oom_reaper_lock);
	bool empty = list_empty(&oom_reaper_list);

	spin_unlock_irqrestore(&oom_reaper_lock, flags);
	return empty;
}

static int oom_reaper_thread(void *unused)
{
	(void)unused;
	for (;;) {
		enum oom_reap_verdict v;
		struct mm *mm;

		wait_event_interruptible(oom_reaper_wait, !queue_empty());
		mm = dequeue();
		if (!mm)
			continue;
		v = reap_turn(mm);
		if (v != OOM_REAP_AGAIN) {
			reap_finish(mm, v);
			continue;
		}
		if (oom_reaper_policy(mm->oom_reap.design)->requeue) {
			queue_mm(mm);
			msleep(OOM_REAP_RETRY_MS);
			continue;
		}
		/* Linux's oom_reap_task(): this victim until it is done. */
		do {
			msleep(OOM_REAP_RETRY_MS);
			v = reap_turn(mm);
		} while (v == OOM_REAP_AGAIN);
		reap_finish(mm, v);
	}
	return 0;
}

/**
 * oom_reaper_exit_mmap - exit_mmap() set MMF_OOM_SKIP (or unlinked the
 * VMAs): count a victim's SKIP as the exit's unless the reaper's came
 * first, cancel rpmod's pending delay (Linux's timer callback would drop
 * the victim silently), wake chargers throttled on the reaper.
 * @mm: the mm being torn down; its users' mm_count is still held
 *
 * Context: task context.
 */
void oom_reaper_exit_mmap(struct mm *mm)
{
	if (mm_flag_test(mm, MMF_OOM_SKIP))
		skip_note(mm, OOM_SKIP_EXIT_MMAP);
	/* rpmod's timer would find MMF_OOM_SKIP and stop: stop it now. */
	if (mm_flag_test(mm, MMF_OOM_SKIP) &&
	    mm_flag_test(mm, MMF_OOM_REAP_QUEUED) &&
	    oom_reaper_policy(mm->oom_reap.design)->delay_ms &&
	    del_timer(&mm->oom_reap.timer))
		release_mm(mm);
	progress_wake();
}

/**
 * oom_reaper_mrelease - reap a dying process's memory now, from the
 * caller (Linux 5.15's process_mrelease(2)): one pass
 * with 6.1's rules (mlocked memory too, a range a notifier would block
 * on skipped). It never sets MMF_OOM_SKIP.
 * @p: the process
 *
 * Context: task context, may sleep; takes @p's mmap_lock for reading,
 * killably.
 * Return: 0 (reaped, or already done: MMF_OOM_SKIP); -ESRCH (no mm
 * left); -EINVAL (not dying, and not done); -EINTR (killed while
 * waiting for the lock); -EAGAIN (a notifier kept part of it).
 */
int oom_reaper_mrelease(struct process *p)
{
	const struct oom_reaper_policy *pol =
		oom_reaper_policy(OOM_REAPER_RPMOD);
	struct mm *mm = oom_process_mm(p);
	bool busy = false;
	int ret = 0;

	if (!mm)
		return -ESRCH;
	if (!oom_will_free_mem(p, mm)) {
		ret = mm_flag_test(mm, MMF_OOM_SKIP) ? 0 : -EINVAL;
		goto out_drop;
	}
	if (down_read_killable(&mm->mmap_lock)) {
		ret = -EINTR;
		goto out_drop;
	}
	/* Again under the lock: exit_mmap() may have got there first. */
	if (!mm_flag_test(mm, MMF_OOM_SKIP) &&
	    oom_reaper_reap_mm(mm, pol, &busy) != OOM_PASS_FULL)
		ret = -EAGAIN;
	mmap_read_unlock(mm);
	progress_wake();
out_drop:
	mmdrop(mm);
	return ret;
}

/**
 * oom_reaper_init - start the oom_reaper thread (once; later calls do
 * nothing).
 *
 * Context: boot, task context, after the scheduler and the tick.
 */
void oom_reaper_init(void)
{
	static bool started;

	if (__atomic_exchange_n(&started, true, __ATOMIC_ACQ_REL))
		return;
	rwsem_follow_flavour(oom_reaper_policy(oom_reaper_get_design())->rwsem);
	pr_info("oom_reaper: design %s, mmap_lock rules %s (%s)\n",
		oom_reaper_design_names[oom_reaper_get_design()],
		rwsem_flavour_name(rwsem_get_flavour()),
		rwsem_flavour_explicit() ? "rwsem.flavour=" :
					   "the design's own");
	oom_reaper_th = kthread_run(oom_reaper_thread, NULL, "oom_reaper");
	if (!oom_reaper_th)
		pr_err("oom_reaper: cannot start the thread\n");
}

/**
 * oom_reaper_holds_oom_lock - is the reaper thread inside a pass that
 * holds oom_lock (rp414, rp417) right now? A snapshot, for tests.
 *
 * Context: any.
 */
bool oom_reaper_holds_oom_lock(void)
{
	return oom_reaper_th && oom_lock_owner() == oom_reaper_th;
}
