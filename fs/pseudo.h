/* SPDX-License-Identifier: MIT */
/*
 * Pseudo files (fs/pseudo.c): files whose text a callback produces and
 * whose writes a callback takes, in directories that may run callbacks
 * on mkdir and rmdir and may have names that come and go by themselves.
 * /proc is built of them, and so is cgroup2 (fs/cgroupfs.c: a mkdir in
 * a cgroup directory makes a group, rmdir removes it).
 *
 *   show(data, buf)        runs at open; the reader reads that snapshot,
 *                          so one read sequence sees one consistent text
 *   write(data, s, len)    runs once per write(2) with the bytes copied
 *                          in and NUL-terminated (at most max_write of
 *                          them); returns what it consumed or an errno,
 *                          which write(2) returns
 *
 * A file without show reads nothing; one without write fails writes
 * with -EINVAL. Inode numbers, sizes (0) and modes follow procfs.
 *
 * A notify file (Linux's cgroup files that kernfs_notify() announces:
 * cgroup.events, memory.events) polls POLLPRI | POLLERR once its text
 * differs from what the file last read, and a read at offset 0 takes a
 * new snapshot (as Linux's seq_file does), so a poller re-reads it with
 * pread(fd, buf, n, 0) or lseek and read.
 */
#ifndef FS_PSEUDO_H
#define FS_PSEUDO_H

#include "fs/vfs.h"

#define PSEUDO_BUF_SIZE	4096	/* most text one show() produces */

struct pseudo_buf {
	char *s;
	size_t len, size;
};

struct pseudo_file_ops {
	int (*show)(void *data, struct pseudo_buf *buf);
	long (*write)(void *data, const char *s, size_t len);
	size_t max_write;	/* 0: PSEUDO_BUF_SIZE - 1 */
	bool notify;		/* pollers learn of changes (above) */
	/* With notify: a count that moves for an event that must wake the
	 * pollers although the text stays the same (Linux's
	 * cgroup_file_notify() of an unchanged file); NULL: none. */
	unsigned long (*notify_seq)(void *data);
	/* Instead of write: the same with the open file, for a file that
	 * judges a write by who opened it (cgroup.procs: Linux checks a
	 * migration with the opener's credentials and namespace). */
	long (*write_file)(struct file *file, void *data, const char *s,
			   size_t len);
	/* The file's inode is going: drop what @data holds (NULL: it
	 * holds nothing). */
	void (*put_data)(void *data);
};

struct pseudo_dir_ops {
	/* mkdir(2) in this directory: make @name (pseudo_mkdir()). */
	int (*mkdir)(struct dentry *dir, const char *name);
	/* rmdir(2) of this directory: refuse with an errno or accept; its
	 * files then go with it. */
	int (*rmdir)(struct dentry *dir);
	/* rmdir() also answers for a directory with subdirectories (which
	 * it must refuse): cgroup2 says -EBUSY where others say -ENOTEMPTY. */
	bool rmdir_judges_children;
	/* Names not linked: a new unlinked dentry (pseudo_new_*()). */
	int (*lookup)(struct dentry *dir, const char *name,
		      struct dentry **out);
	void (*iterate)(struct dentry *dir, struct dir_context *ctx);
	/* On the file system's root directory: a chmod or chown changed
	 * the file @inode, whose callback data is @data (NULL: not kept). */
	void (*file_attr_changed)(struct inode *inode, void *data);
};

void pseudo_printf(struct pseudo_buf *buf, const char *fmt, ...)
	__printf(2, 3);
struct super_block *pseudo_fs_create(const char *fstype,
				     const struct pseudo_dir_ops *ops,
				     void *data);
int pseudo_add_file(struct dentry *dir, const char *name, u32 mode,
		    const struct pseudo_file_ops *ops, void *data);
struct dentry *pseudo_mkdir(struct dentry *parent, const char *name,
			    const struct pseudo_dir_ops *ops, void *data);
int pseudo_new_file(struct dentry *dir, const char *name, u32 mode,
		    const struct pseudo_file_ops *ops, void *data,
		    struct dentry **out);
int pseudo_new_dir(struct dentry *parent, const char *name,
		   const struct pseudo_dir_ops *ops, void *data,
		   struct dentry **out);
void *pseudo_data(struct dentry *d);
const struct pseudo_file_ops *pseudo_file_ops_of(struct file *file);
const struct pseudo_file_ops *pseudo_inode_ops(struct inode *inode);

/* Watching notify files from elsewhere (fs/inotify.c). */
struct poll_table;
void pseudo_notify_poll_wait(struct file *file, struct poll_table *pt);
int pseudo_notify_wait(void);
bool pseudo_notify_take(struct file *file);
bool pseudo_same_file(const struct inode *a, const struct inode *b);

#endif
