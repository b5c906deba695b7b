/* SPDX-License-Identifier: MIT */
/*
 * Open files (fs/file.c): struct file and what is done through one.
 * A file is shared by every fd that dup() made of it and by every
 * thread of the process; its position moves under file->pos_lock, so
 * two threads reading one file get different bytes.
 *
 * Locking: as fs/vfs.h; [f] file->pos_lock; [h] a hint, read and written
 * without a lock (mm/readahead.h).
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include "fs/vfs.h"
#include "mm/readahead.h"

struct cgroup_ns;
struct cred;

#define FMODE_READ	0x1
#define FMODE_WRITE	0x2
/* Reads and writes skip pos_lock: a stream whose read may sleep until
 * another thread's write of the same file (eventfd). */
#define FMODE_NO_POS_LOCK	0x4

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* The status flags F_SETFL may change (Linux's SETFL_MASK, in part). */
#define FILE_SETFL_MASK	(O_APPEND | O_NONBLOCK)

struct file {
	int refs;				/* [a] */
	unsigned int mode;			/* [I] FMODE_* */
	bool stream;				/* [I] no position: ESPIPE */
	int flags;				/* [f] O_* status flags */
	struct dentry *dentry;			/* [I] a reference */
	struct inode *inode;			/* [I] dentry->inode */
	const struct file_operations *f_op;	/* [I] */
	struct mutex pos_lock;			/* "file" */
	loff_t pos;				/* [f] */
	void *private;				/* the f_op's */
	/* Added for cgroup.procs, which judges a write by its opener: */
	struct cred *f_cred;			/* [I] the opener's credentials
						 * (a copy: Linux's f_cred);
						 * NULL: a kernel opener or a
						 * file not opened by name */
	struct cgroup_ns *f_cgroup_ns;		/* [I] the opener's cgroup
						 * namespace, a reference
						 * (Linux's cgroup_file_ctx
						 * ns); NULL as f_cred */
	/* Added for read-ahead (mm/readahead.h): */
	struct file_ra_state f_ra;		/* [h] this open file's
						 * read() window (Linux's
						 * f_ra) */
};

/* The x86_64 struct stat of Linux (arch/x86/include/uapi/asm/stat.h). */
struct linux_stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks;
	u64 st_atime_sec, st_atime_nsec;
	u64 st_mtime_sec, st_mtime_nsec;
	u64 st_ctime_sec, st_ctime_nsec;
	s64 __reserved[3];
};

int file_open(struct dentry *d, int flags, struct file **out);
struct file *file_alloc_stream(struct dentry *d, int flags,
			       const struct file_operations *f_op);
struct file *get_file(struct file *f);
void fput(struct file *f);
long vfs_read(struct file *f, struct io_buf *io, loff_t *pos);
long vfs_write(struct file *f, struct io_buf *io, loff_t *pos);
long vfs_lseek(struct file *f, loff_t off, int whence);
int vfs_truncate(struct file *f, loff_t size);
void vfs_stat(struct inode *inode, struct linux_stat *st);
long vfs_getdents(struct file *f, struct io_buf *io);

#endif
