// SPDX-License-Identifier: MIT
/*
 * msync(2), with Linux 6.1's checks and walk (mm/msync.c there): the
 * range is walked VMA by VMA under the mmap_lock held for reading; for
 * MS_SYNC each shared file VMA's file is synced with the lock dropped
 * (the sync takes the file's lock and write-protects the mappings of
 * the pages it cleans, mmap_locks included), then the walk goes on from
 * the end of that VMA. A hole in the range is -ENOMEM once the rest is
 * done; MS_ASYNC alone stops at the first hole.
 *
 * What the flags do here, as in Linux 6.1: a write through a shared
 * mapping already dirtied its page (mm/fault.c), so MS_SYNC is fsync of
 * the file and MS_INVALIDATE has nothing to drop (it is -EBUSY on a
 * locked VMA). MS_ASYNC, a no-op in Linux since 2.6.19, kicks the
 * flusher here: the pages are on their way, as it promises.
 */
#include "fs/vfs.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/page_writeback.h"

/* A shared file VMA's file to sync, pinned across the unlocked sync. */
static struct inode *msync_file(const struct vm_area *vma)
{
	struct inode *inode = vma->mapping ? vma->mapping->inode : NULL;

	if (!inode || !(vma->flags & VM_SHARED))
		return NULL;
	iget(inode);	/* the VMA's link holds one: it is live */
	return inode;
}

/* Write @inode's dirty pages and wait (Linux's vfs_fsync_range() with
 * datasync). No lock held: its last reference may go here. */
static int msync_sync_file(struct inode *inode)
{
	const struct inode_operations *op = inode->i_op;
	int err = op && op->fsync ? op->fsync(inode, true) : -EINVAL;

	iput(inode);
	return err;
}

/* Let the flusher start on what MS_ASYNC covers. */
static void msync_kick(struct mm *mm)
{
	struct memcg *m = memcg_get_from_mm(mm);

	writeback_kick_memcg(m);
	memcg_put(m);
}

/*
 * The walk of a checked, non-empty range [start, end). Return: 0, the
 * sync's error, -EBUSY, or -ENOMEM for a hole.
 */
static int msync_walk(struct mm *mm, vaddr_t start, vaddr_t end, int flags)
{
	int unmapped = 0;
	struct vm_area *vma;

	mmap_read_lock(mm);
	vma = vma_first_at_or_after(&mm->vmas, start);
	for (;;) {
		struct inode *inode = NULL;
		int err;

		if (!vma)
			goto out_enomem;
		if (start < vma->start) {
			if (flags == MS_ASYNC)
				goto out_enomem;
			start = vma->start;
			if (start >= end)
				goto out_enomem;
			unmapped = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->flags & VM_LOCKED)) {
			mmap_read_unlock(mm);
			return -EBUSY;
		}
		if ((flags & MS_ASYNC) && vma->mapping &&
		    (vma->flags & VM_SHARED))
			msync_kick(mm);
		if (flags & MS_SYNC)
			inode = msync_file(vma);
		start = vma->end;
		if (inode) {
			mmap_read_unlock(mm);
			err = msync_sync_file(inode);
			if (err || start >= end)
				return err ? err : unmapped;
			mmap_read_lock(mm);
		} else if (start >= end) {
			mmap_read_unlock(mm);
			return unmapped;
		}
		vma = vma_first_at_or_after(&mm->vmas, start);
	}
out_enomem:
	mmap_read_unlock(mm);
	return -ENOMEM;
}

/**
 * do_msync - msync(2).
 * @mm: the caller's address space
 * @start: page-aligned start
 * @len: bytes (rounded up to pages)
 * @flags: MS_ASYNC or MS_SYNC, either with MS_INVALIDATE, or
 *	   MS_INVALIDATE alone, or 0
 *
 * Context: task context, may sleep; no lock held.
 * Return: 0; -EINVAL (unknown flags, MS_ASYNC with MS_SYNC, @start not
 * page-aligned); -ENOMEM (the range wraps, or has a hole); -EBUSY
 * (MS_INVALIDATE on a locked VMA); a sync's error (-EIO, -ENOSPC).
 */
int do_msync(struct mm *mm, vaddr_t start, size_t len, int flags)
{
	vaddr_t end;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	return msync_walk(mm, start, end, flags);
}

SYSCALL_DEFINE3(msync, u64, addr, u64, len, int, flags)
{
	return current->mm ? do_msync(current->mm, addr, len, flags) :
			     -EINVAL;
}
