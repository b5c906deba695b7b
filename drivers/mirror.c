// SPDX-License-Identifier: MIT
/*
 * mirror (see drivers/mirror.h). The device table holds the pfn mapped
 * at each page of the range when mirror_snapshot() last looked; an
 * invalidation clears the entries of its range. The driver takes no page
 * references (like HMM): the invariant is that between an invalidation's
 * start and its end no entry of the range is live, so the device never
 * uses a page after the mm let go of it.
 *
 * A snapshot reads the page tables under the mmap read lock only, which
 * MADV_DONTNEED (and the OOM reaper) also hold while they invalidate and
 * zap. So it works as an HMM driver does (mmu_interval_read_begin() /
 * mmu_interval_read_retry()): every start and end overlapping the range
 * bumps m->seq, a start counts in m->invalidating until its end, and a
 * snapshot commits its pfns under m->lock only if no invalidation is in
 * progress and the sequence has not moved since it began; otherwise it
 * runs again. Once committed, an entry is cleared by the next start.
 */
#include "drivers/mirror.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/mm.h"
#include "mm/populate.h"
#include "mm/slab.h"

/* Snapshot attempts before giving up with -EBUSY (HMM drivers loop
 * until a timeout, then return -EBUSY as well). */
#define MIRROR_SNAPSHOT_TRIES	16

static unsigned long mirror_pages(const struct mirror *m)
{
	return (m->end - m->start) >> PAGE_SHIFT;
}

static bool mirror_overlaps(const struct mirror *m,
			    const struct mmu_notifier_range *r)
{
	return r->start < m->end && r->end > m->start;
}

/* Live entries of [start, end) ∩ the mirror. Under m->lock. */
static unsigned long live_in(struct mirror *m, vaddr_t start, vaddr_t end,
			     bool clear)
{
	unsigned long n = 0;
	vaddr_t s = MAX(start, m->start), e = MIN(end, m->end);

	for (vaddr_t va = s; va < e; va += PAGE_SIZE) {
		unsigned long *slot = &m->pfns[(va - m->start) >> PAGE_SHIFT];

		n += !!*slot;
		if (clear)
			*slot = 0;
	}
	return n;
}

static int mirror_invalidate_start(struct mmu_notifier *sub,
				   const struct mmu_notifier_range *r)
{
	struct mirror *m = container_of(sub, struct mirror, notifier);
	unsigned int ms = __atomic_load_n(&m->sleep_ms, __ATOMIC_RELAXED);
	bool blockable = mmu_notifier_range_blockable(r);
	unsigned long flags = spin_lock_irqsave(&m->lock);
	bool busy = live_in(m, r->start, r->end, false);

	m->last = *r;
	if (!blockable && busy && ms) {
		spin_unlock_irqrestore(&m->lock, flags);
		__atomic_add_fetch(&m->nr_nonblock, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&m->nr_eagain, 1, __ATOMIC_RELAXED);
		return -EAGAIN;
	}
	live_in(m, r->start, r->end, true);
	if (mirror_overlaps(m, r)) {
		m->invalidating++;
		m->seq++;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	__atomic_add_fetch(blockable ? &m->nr_blockable : &m->nr_nonblock, 1,
			   __ATOMIC_RELAXED);
	if (busy && ms)
		msleep(ms);	/* the device drains its queue */
	return 0;
}

static void mirror_invalidate_end(struct mmu_notifier *sub,
				  const struct mmu_notifier_range *r)
{
	struct mirror *m = container_of(sub, struct mirror, notifier);
	unsigned long flags;

	if (mirror_overlaps(m, r)) {
		flags = spin_lock_irqsave(&m->lock);
		m->invalidating--;
		m->seq++;
		spin_unlock_irqrestore(&m->lock, flags);
	}
	__atomic_add_fetch(&m->nr_end, 1, __ATOMIC_RELAXED);
}

static void mirror_release(struct mmu_notifier *sub, struct mm *mm)
{
	struct mirror *m = container_of(sub, struct mirror, notifier);
	unsigned long flags = spin_lock_irqsave(&m->lock);

	live_in(m, m->start, m->end, true);
	spin_unlock_irqrestore(&m->lock, flags);
	__atomic_add_fetch(&m->nr_release, 1, __ATOMIC_RELAXED);
}

static const struct mmu_notifier_ops mirror_ops = {
	.release = mirror_release,
	.invalidate_range_start = mirror_invalidate_start,
	.invalidate_range_end = mirror_invalidate_end,
};

/* The same callbacks with the 4.16-4.18 promise never to sleep. */
static const struct mmu_notifier_ops mirror_ops_does_not_block = {
	.flags = MMU_INVALIDATE_DOES_NOT_BLOCK,
	.release = mirror_release,
	.invalidate_range_start = mirror_invalidate_start,
	.invalidate_range_end = mirror_invalidate_end,
};

/**
 * mirror_create - mirror [@start, @end) of @mm.
 * @mm: an address space with users
 * @start: page-aligned start
 * @end: page-aligned end
 * @out: the new mirror
 *
 * Context: may sleep. Return: 0, -EINVAL (bad range, dying mm), -ENOMEM.
 */
int mirror_create(struct mm *mm, vaddr_t start, vaddr_t end,
		  struct mirror **out)
{
	return mirror_create_flags(mm, start, end, 0, out);
}

/**
 * mirror_create_flags - mirror_create() with mmu_notifier_ops flags.
 * @mm: an address space with users
 * @start: page-aligned start
 * @end: page-aligned end
 * @flags: 0 or MMU_INVALIDATE_DOES_NOT_BLOCK (the driver then claims,
 *	   as a 4.16-4.18 driver could, that its invalidation never sleeps)
 * @out: the new mirror
 *
 * Context: may sleep. Return: 0, -EINVAL (bad range or flags, dying mm),
 * -ENOMEM.
 */
int mirror_create_flags(struct mm *mm, vaddr_t start, vaddr_t end,
			unsigned int flags, struct mirror **out)
{
	struct mirror *m;
	int err;

	if (start >= end || (start | end) & (PAGE_SIZE - 1) ||
	    flags & ~MMU_INVALIDATE_DOES_NOT_BLOCK)
		return -EINVAL;
	m = kmalloc(sizeof(*m), GFP_KERNEL | __GFP_ZERO);
	if (!m)
		return -ENOMEM;
	m->start = start;
	m->end = end;
	m->pfns = kmalloc(mirror_pages(m) * sizeof(*m->pfns),
			  GFP_KERNEL | __GFP_ZERO);
	spin_lock_init(&m->lock, "mirror");
	m->notifier.ops = flags ? &mirror_ops_does_not_block : &mirror_ops;
	err = m->pfns ? mmu_notifier_register(&m->notifier, mm) : -ENOMEM;
	if (err) {
		kfree(m->pfns);
		kfree(m);
		return err;
	}
	*out = m;
	return 0;
}

/* Stop mirroring and free @m. Context: may sleep. */
void mirror_destroy(struct mirror *m)
{
	mmu_notifier_unregister(&m->notifier, m->notifier.mm);
	kfree(m->pfns);
	kfree(m);
}

/*
 * One snapshot attempt: note the sequence, fault the range in and read
 * the pfns into @pfns, then commit them unless an invalidation of the
 * range is in progress or ran meanwhile (-EBUSY: try again).
 */
static long snapshot_once(struct mirror *m, struct mm *mm,
			  unsigned long *pfns)
{
	unsigned long n = mirror_pages(m), seq, flags, nr, live = 0;
	int err;

	flags = spin_lock_irqsave(&m->lock);
	seq = m->seq;
	spin_unlock_irqrestore(&m->lock, flags);
	mmap_read_lock(mm);
	err = populate_range(mm, m->start, m->end, POPULATE_IGNORE_ERRORS,
			     &nr);
	for (unsigned long i = 0; i < n && !err; i++) {
		pte_t leaf;

		pfns[i] = arch_pt_populated(&mm->pt, m->start + i * PAGE_SIZE,
					    &leaf) ?
				  (arch_pte_paddr(leaf) >> PAGE_SHIFT) + 1 :
				  0;
	}
	mmap_read_unlock(mm);
	if (err)
		return err;
	flags = spin_lock_irqsave(&m->lock);
	if (m->invalidating || m->seq != seq) {
		spin_unlock_irqrestore(&m->lock, flags);
		return -EBUSY;
	}
	for (unsigned long i = 0; i < n; i++) {
		m->pfns[i] = pfns[i];
		live += !!pfns[i];
	}
	spin_unlock_irqrestore(&m->lock, flags);
	return (long)live;
}

/**
 * mirror_snapshot - fault the range in (like hmm_range_fault) and load
 * the device table with what is mapped.
 * @m: the mirror
 *
 * Tries again (sleeping 1 ms) while invalidations of the range get in
 * the way, up to MIRROR_SNAPSHOT_TRIES times.
 *
 * Context: may sleep; takes the mm's mmap_lock for reading, then
 * m->lock.
 * Return: entries now live; -EBUSY (invalidations kept racing), -ENOMEM,
 * -EINVAL (the mm is gone), or a negative errno from populating.
 */
long mirror_snapshot(struct mirror *m)
{
	struct mm *mm = m->notifier.mm;
	unsigned long *pfns;
	long ret = -EBUSY;

	if (!mmget_not_zero(mm))
		return -EINVAL;
	pfns = kmalloc(mirror_pages(m) * sizeof(*pfns), GFP_KERNEL);
	if (!pfns) {
		ret = -ENOMEM;
		goto out_put;
	}
	for (int i = 0; i < MIRROR_SNAPSHOT_TRIES && ret == -EBUSY; i++) {
		if (i) {
			__atomic_add_fetch(&m->nr_retry, 1, __ATOMIC_RELAXED);
			msleep(1);
		}
		ret = snapshot_once(m, mm, pfns);
	}
	kfree(pfns);
out_put:
	mmput(mm);
	return ret;
}

/**
 * mirror_check - the file's invariant: does every live entry still name
 * the page the mm maps at its address?
 * @m: the mirror
 *
 * A live entry's page cannot change under m->lock: unmapping it starts
 * an invalidation, which takes m->lock to clear the entry first.
 *
 * Context: may sleep; takes the mm's mmap_lock for reading, then
 * m->lock.
 * Return: how many live entries are stale (0: consistent).
 */
long mirror_check(struct mirror *m)
{
	struct mm *mm = m->notifier.mm;
	unsigned long flags;
	long stale = 0;

	if (!mmget_not_zero(mm))
		return 0;	/* released: every entry was cleared */
	mmap_read_lock(mm);
	flags = spin_lock_irqsave(&m->lock);
	for (vaddr_t va = m->start; va < m->end; va += PAGE_SIZE) {
		unsigned long slot = m->pfns[(va - m->start) >> PAGE_SHIFT];
		pte_t leaf;

		if (slot && (!arch_pt_populated(&mm->pt, va, &leaf) ||
			     (arch_pte_paddr(leaf) >> PAGE_SHIFT) + 1 != slot))
			stale++;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	mmap_read_unlock(mm);
	mmput(mm);
	return stale;
}

/* Live entries in the device table. */
unsigned long mirror_nr_live(struct mirror *m)
{
	unsigned long flags = spin_lock_irqsave(&m->lock);
	unsigned long n = live_in(m, m->start, m->end, false);

	spin_unlock_irqrestore(&m->lock, flags);
	return n;
}

/* How long an invalidation with live entries sleeps (0: never). */
void mirror_set_sleep(struct mirror *m, unsigned int ms)
{
	__atomic_store_n(&m->sleep_ms, ms, __ATOMIC_RELAXED);
}
