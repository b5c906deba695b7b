/* SPDX-License-Identifier: MIT */
/*
 * mirror: a test driver that mirrors a range of a user address space
 * into a "device page table" the way an RDMA or HMM driver does, and
 * keeps it coherent through an mmu notifier. Its invalidation can be
 * made slow (it sleeps sleep_ms while the device "drains"), which makes
 * it a blockable notifier like the RDMA umem one (ib_umem_notifier) that
 * kept Linux's OOM reaper from freeing a victim's memory: in a
 * non-blockable invalidation (the OOM reaper) it returns -EAGAIN instead
 * of sleeping whenever it has live entries in the range.
 *
 * Its snapshots fault the range in from the caller's task into another
 * task's mm: pages and page tables are charged CHARGE_POPULATE to that
 * mm's owner, not to the caller.
 */
#ifndef DRIVERS_MIRROR_H
#define DRIVERS_MIRROR_H

#include "kernel/spinlock.h"
#include "mm/mmu_notifier.h"

struct mm;

/* Locking: [I] immutable; [l] mirror->lock; [a] atomic. */
struct mirror {
	struct mmu_notifier notifier;
	struct spinlock lock;
	vaddr_t start, end;		/* [I] the mirrored range */
	unsigned long *pfns;		/* [l] device table: pfn + 1, or 0 */
	/* Invalidations of the range (HMM's mmu_interval_notifier): */
	unsigned int invalidating;	/* [l] started, not yet ended */
	unsigned long seq;		/* [l] bumped by each start and end */
	unsigned int sleep_ms;		/* [a] invalidation drain time */
	/* What it was told, for tests. */
	unsigned long nr_blockable;	/* [a] blockable starts */
	unsigned long nr_nonblock;	/* [a] non-blockable starts */
	unsigned long nr_eagain;	/* [a] refused with -EAGAIN */
	unsigned long nr_end;		/* [a] invalidate ends */
	unsigned long nr_release;	/* [a] releases */
	unsigned long nr_retry;		/* [a] snapshots that ran again */
	struct mmu_notifier_range last;	/* [l] the last start's range */
};

int mirror_create(struct mm *mm, vaddr_t start, vaddr_t end,
		  struct mirror **out);
int mirror_create_flags(struct mm *mm, vaddr_t start, vaddr_t end,
			unsigned int flags, struct mirror **out);
void mirror_destroy(struct mirror *m);
long mirror_snapshot(struct mirror *m);
unsigned long mirror_nr_live(struct mirror *m);
long mirror_check(struct mirror *m);
void mirror_set_sleep(struct mirror *m, unsigned int ms);

#endif
