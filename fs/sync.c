// SPDX-License-Identifier: MIT
/*
 * sync(2), syncfs(2) and sync_file_range(2) with Linux 6.1's checks and
 * errnos (fs/sync.c there); fsync and fdatasync are in fs/sys_stat.c.
 * Dirty page-cache pages go to their file systems through the writeback
 * code (mm/page_writeback.h); a file system's own metadata and device
 * flush go through the fsync of its root, on every mount for sync(2).
 */
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/mount.h"
#include "fs/vfs.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/page_writeback.h"

#define SYNC_FILE_RANGE_WAIT_BEFORE	1
#define SYNC_FILE_RANGE_WRITE		2
#define SYNC_FILE_RANGE_WAIT_AFTER	4
#define SYNC_FILE_RANGE_VALID		(SYNC_FILE_RANGE_WAIT_BEFORE | \
					 SYNC_FILE_RANGE_WRITE |	\
					 SYNC_FILE_RANGE_WAIT_AFTER)

/* @m's own metadata and device: the fsync of its root, which for ext2
 * writes the metadata block cache back and flushes the disk. */
static void sync_fs_metadata(const struct mount *m, void *unused)
{
	struct inode *root = m->sb->root ? m->sb->root->inode : NULL;

	(void)unused;
	if (root && root->i_op && root->i_op->fsync)
		root->i_op->fsync(root, false);
}

/**
 * ksys_sync - every dirty file's pages, then every file system's own
 * metadata (Linux 6.1's ksys_sync(): the writeback of every inode, then
 * iterate_supers() calling each super block's sync_fs). Without the
 * second half a mkdir or an unlink that dirtied only ext2's metadata
 * cache would not be on the disk when sync(2) returns.
 *
 * Context: task context, may sleep; takes the namespace lock (the lock
 * order puts it before every file system's locks).
 */
void ksys_sync(void)
{
	writeback_sync(NULL);
	mount_table_show(sync_fs_metadata, NULL);
}

/* Errors are not reported: Linux's sync(2) returns nothing either. */
SYSCALL_DEFINE0(sync)
{
	ksys_sync();
	return 0;
}

/* The file system of @fd: its dirty files, then its own metadata and
 * device (the fsync of its root: ext2_sync() for ext2). */
SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fs_fget(fd);
	struct inode *root;
	int r, r2 = 0;

	if (!f)
		return -EBADF;
	r = writeback_sync(f->inode->sb);
	root = f->inode->sb->root ? f->inode->sb->root->inode : NULL;
	if (root && root->i_op && root->i_op->fsync)
		r2 = root->i_op->fsync(root, false);
	fput(f);
	return r ? r : r2;
}

/*
 * Linux's checks, in its order; then the file's dirty pages are written
 * and waited for whatever the range (more than asked, never less: the
 * cache has no per-range writeback), through the file's fsync, which
 * writes its metadata too. A file without one has nothing to write.
 * /dev holds no block device nodes, so Linux's S_ISBLK case never comes.
 */
SYSCALL_DEFINE4(sync_file_range, int, fd, loff_t, offset, loff_t, nbytes,
		unsigned int, flags)
{
	struct file *f = fs_fget(fd);
	const struct inode_operations *op;
	loff_t end;
	u32 mode;
	long r = -EINVAL;

	if (!f)
		return -EBADF;
	end = (loff_t)((u64)offset + (u64)nbytes);
	if ((flags & ~SYNC_FILE_RANGE_VALID) || offset < 0 || end < 0 ||
	    end < offset)
		goto out;
	mode = f->inode->mode;
	r = -ESPIPE;
	if (!S_ISREG(mode) && !S_ISDIR(mode) && !S_ISLNK(mode))
		goto out;
	op = f->inode->i_op;
	r = 0;
	if ((flags & SYNC_FILE_RANGE_WRITE) && op && op->fsync)
		r = op->fsync(f->inode, true);
out:
	fput(f);
	return r;
}
