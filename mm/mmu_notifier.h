/* SPDX-License-Identifier: MIT */
/*
 * MMU notifiers: drivers that mirror part of an address space into a
 * device (RDMA, HMM, mm/../drivers/mirror.c) are told before and after
 * pages of the range leave the page tables, and when the address space
 * goes away.
 *
 *   invalidate_range_start(range)  before the range's entries change. A
 *       range with MMU_NOTIFIER_RANGE_BLOCKABLE may sleep; without it
 *       (the OOM reaper's non-blocking pass) the callback returns -EAGAIN
 *       instead of sleeping, and the whole start fails - after every
 *       callback was called (Linux 6.1's mn_hlist_invalidate_range_start()
 *       logs each refusal and goes on) and those that started were ended.
 *   invalidate_range_end(range)    after, for every start that succeeded.
 *   release(mm)                    from exit_mmap(), before anything is
 *       unmapped: the driver stops using the mm. A subscription released
 *       this way is unhooked; unregister then only drops its reference.
 *
 * Locking: the list is [n] mm->notifier_lock (write to change); callbacks
 * run under it for reading, so they may sleep and register/unregister
 * wait for running callbacks. A non-blockable start only trylocks it.
 */
#ifndef MM_MMU_NOTIFIER_H
#define MM_MMU_NOTIFIER_H

#include "lib/list.h"
#include "lib/types.h"

struct mm;
struct mmu_notifier;

#define MMU_NOTIFIER_RANGE_BLOCKABLE	(1U << 0)

/*
 * mmu_notifier_ops.flags. Linux 4.16-4.18 (4.16's 4e15a7e6b2b7, gone in
 * 4.19): the driver promises its invalidate_range_start never sleeps, so
 * the 4.16-4.18 OOM reaper need not nap for it.
 */
#define MMU_INVALIDATE_DOES_NOT_BLOCK	(1U << 0)

enum mmu_notifier_event {
	MMU_NOTIFY_UNMAP,		/* munmap, MADV_DONTNEED, the reaper */
	MMU_NOTIFY_CLEAR,		/* exit_mmap-time zaps */
	MMU_NOTIFY_PROTECTION_VMA,	/* mprotect */
};

struct mmu_notifier_range {
	struct mm *mm;
	vaddr_t start, end;
	unsigned int flags;		/* MMU_NOTIFIER_RANGE_* */
	enum mmu_notifier_event event;
};

struct mmu_notifier_ops {
	unsigned int flags;		/* MMU_INVALIDATE_DOES_NOT_BLOCK */
	void (*release)(struct mmu_notifier *sub, struct mm *mm);
	int (*invalidate_range_start)(struct mmu_notifier *sub,
				      const struct mmu_notifier_range *range);
	void (*invalidate_range_end)(struct mmu_notifier *sub,
				     const struct mmu_notifier_range *range);
};

struct mmu_notifier {
	struct list_head list;		/* [n] on mm->notifiers */
	const struct mmu_notifier_ops *ops;	/* [I] */
	struct mm *mm;			/* [I] holds an mm_count reference */
};

int mmu_notifier_register(struct mmu_notifier *sub, struct mm *mm);
void mmu_notifier_unregister(struct mmu_notifier *sub, struct mm *mm);
void mmu_notifier_release(struct mm *mm);
bool mm_has_notifiers(struct mm *mm);
bool mm_has_blockable_invalidate_notifiers(struct mm *mm);

static inline void mmu_notifier_range_init(struct mmu_notifier_range *r,
					   enum mmu_notifier_event event,
					   unsigned int flags, struct mm *mm,
					   vaddr_t start, vaddr_t end)
{
	r->mm = mm;
	r->start = start;
	r->end = end;
	r->flags = flags;
	r->event = event;
}

static inline bool
mmu_notifier_range_blockable(const struct mmu_notifier_range *r)
{
	return r->flags & MMU_NOTIFIER_RANGE_BLOCKABLE;
}

int mmu_notifier_invalidate_range_start(struct mmu_notifier_range *r);
void mmu_notifier_invalidate_range_end(struct mmu_notifier_range *r);

#endif
