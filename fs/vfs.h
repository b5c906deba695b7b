/* SPDX-License-Identifier: MIT */
/*
 * The VFS: the objects every file system shares, named as in Linux.
 *
 *   struct super_block  one mounted file system (tmpfs, the initramfs
 *                       root, /proc, later cgroup2 and ext2)
 *   struct inode        a file, directory or device of one file system
 *   struct dentry       a name in a directory, bound to one inode; the
 *                       dentries form the tree path walks follow
 *   struct file         an open file: an inode, a position and flags,
 *                       shared by every fd and thread that refers to it
 *
 * Every file system here lives in memory, so its directory tree IS its
 * dentries: a dentry "linked" into its parent's children list is the
 * only record of the name (tmpfs, the root, static pseudo files). A
 * file system whose names come and go by themselves (/proc/<pid>) gives
 * its directory a lookup() operation instead: the dentries it returns
 * are not linked and die with their last reference.
 *
 * Mounts: a file system is mounted on a directory dentry (its
 * `mounted`); a walk that reaches that dentry continues at the mounted
 * root, and ".." at a root goes to the mount point's parent.
 *
 * References: a dentry holds one on its parent and one on its inode; a
 * linked dentry holds one on itself for the tree (dropped by unlink);
 * a file holds one on its dentry. The last iput() evicts the inode (a
 * tmpfs inode frees and uncharges its pages then).
 *
 * Locking: [I] immutable after creation; [a] atomic; [n] the namespace
 * lock (vfs_namespace_lock(): the tree, names, mounts, link counts);
 * [i] inode->lock (size and the file system's data); [f] file->pos_lock.
 * Order (kernel/lock_order.h): file->pos_lock -> namespace -> inode->lock
 * -> user_console -> mmap_lock: data is copied to and from user memory
 * under inode->lock, and a fault there takes mmap_lock.
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include "kernel/mutex.h"
#include "lib/list.h"
#include "lib/types.h"

#ifndef __user
#define __user		/* a user-space pointer: only through uaccess */
#endif

#define NAME_MAX	255		/* bytes in one path component */
#define PATH_MAX	4096		/* bytes in a path, with its NUL */

/* st_mode: Linux's values. */
#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_IFREG		0100000
#define S_IFLNK		0120000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)

/* d_type of getdents64. */
#define DT_CHR		2
#define DT_DIR		4
#define DT_REG		8
#define DT_LNK		10

/* open(2) flags: Linux x86_64 values. */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_CLOEXEC	02000000
/* A handle on the name only: no read or write, no permission on the
 * file itself (its directories are still searched). */
#define O_PATH		010000000
/* An unnamed file in the directory the path names; linkat() with
 * AT_EMPTY_PATH may name it later (unless O_EXCL). */
#define O_TMPFILE	(020000000 | O_DIRECTORY)

typedef s64 loff_t;

struct dentry;
struct file;
struct inode;
struct poll_table;
struct super_block;

/*
 * Where read() puts bytes and write() takes them: user memory (through
 * uaccess) or a kernel buffer (kernel callers, tests). The file systems
 * copy only through io_copy_to()/io_copy_from(), so both work alike.
 */
struct io_buf {
	char *base;
	size_t len;
	bool user;
};

size_t io_copy_to(struct io_buf *io, size_t off, const void *src, size_t n);
size_t io_copy_from(void *dst, struct io_buf *io, size_t off, size_t n);
size_t io_zero(struct io_buf *io, size_t off, size_t n);

/*
 * getdents64's cursor. dir_emit() hands one entry to @actor if its index
 * is at or past @pos; a directory emits its entries in a stable order
 * and stops when dir_emit() returns false (the buffer is full).
 */
struct dir_context {
	bool (*actor)(struct dir_context *ctx, const char *name, u64 ino,
		      unsigned int type);
	loff_t pos;		/* first index to emit; advanced per entry */
	loff_t index;		/* index of the next entry offered */
	int error;		/* the file system could not read on (-EIO):
				 * getdents64 returns it when it emitted
				 * nothing, as Linux's does */
};

bool dir_emit(struct dir_context *ctx, const char *name, u64 ino,
	      unsigned int type);

struct inode_operations {
	/* A name not linked in @dir: a new unlinked dentry (one reference,
	 * through *@out), or -ENOENT. Called under the namespace lock. */
	int (*lookup)(struct dentry *dir, const char *name,
		      struct dentry **out);
	/* Entries after the linked children, for getdents64. */
	void (*iterate)(struct dentry *dir, struct dir_context *ctx);
	/* Make @name in @dir (namespace lock held); *@out gets a
	 * reference on the new dentry for create. */
	int (*create)(struct dentry *dir, const char *name, u32 mode,
		      struct dentry **out);
	int (*mkdir)(struct dentry *dir, const char *name, u32 mode);
	/* Remove @victim, a linked child of @dir (namespace lock held). */
	int (*unlink)(struct dentry *dir, struct dentry *victim);
	int (*rmdir)(struct dentry *dir, struct dentry *victim);
	/* Set the size (ftruncate, O_TRUNC); takes inode->lock. */
	int (*setsize)(struct inode *inode, loff_t size);
	/* A symlink's target into @buf (at most @size bytes, no NUL):
	 * its length, or an errno. Namespace lock held. */
	int (*get_link)(struct dentry *link, char *buf, size_t size);
	/* A magic link (Linux's /proc/<pid>/ns/ files): what following it
	 * as a path's last component reaches is this new dentry (one
	 * reference through *@out), not a walk of get_link's text.
	 * Namespace lock held. */
	int (*get_target)(struct dentry *link, struct dentry **out);
	/* chmod or chown changed @inode's mode or owner: a file system
	 * whose inodes are made anew at each lookup records them. Called
	 * with no lock held. */
	void (*attr_changed)(struct inode *inode);
	/* Make the symlink @name -> @target in @dir (namespace lock). */
	int (*symlink)(struct dentry *dir, const char *name,
		       const char *target);
	/* A new name @name in @dir for @old's inode (namespace lock). */
	int (*link)(struct dentry *old, struct dentry *dir, const char *name);
	/* Move @old, a linked child, to @name in @new_dir. @target is
	 * what has that name (NULL: nothing): replaced (after the fs
	 * checks an old directory is empty: -ENOTEMPTY), or with
	 * RENAME_EXCHANGE swapped with @old. The VFS checked the rest.
	 * On the source directory; namespace lock held. */
	int (*rename)(struct dentry *old, struct dentry *new_dir,
		      const char *name, struct dentry *target,
		      unsigned int flags);
	/* An unnamed file of @mode in @dir (O_TMPFILE): *@out gets an
	 * unlinked dentry, one reference. Namespace lock held. */
	int (*tmpfile)(struct dentry *dir, u32 mode, struct dentry **out);
	/* fsync/fdatasync: write @inode's data out (NULL: memory only). */
	int (*fsync)(struct inode *inode, bool datasync);
};

/*
 * What an open file does. poll() and ioctl() are optional: a file
 * without poll() is always ready to read and write (a regular file), one
 * without ioctl() answers every request -ENOTTY (fs/poll.h, fs/ioctl.h).
 */
struct address_space;

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	long (*read)(struct file *file, struct io_buf *io, loff_t *pos);
	long (*write)(struct file *file, struct io_buf *io, loff_t *pos);
	void (*release)(struct file *file);
	/* The page cache mmap() maps (Linux's f_op->mmap for a file with
	 * generic_file_mmap()); without it mmap() is -ENODEV. */
	struct address_space *(*mapping)(struct file *file);
	/* The POLL* readiness now; with @pt, also poll_wait() on every wait
	 * queue whose wakeup may change it. Must not sleep. */
	unsigned int (*poll)(struct file *file, struct poll_table *pt);
	/* ioctl(2): a result, or -ENOTTY for a request it does not know. */
	long (*ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
};

/* statfs(2)'s counts (Linux's struct kstatfs). */
struct kstatfs {
	u64 f_type;		/* the file system's magic */
	u64 f_bsize;
	u64 f_blocks, f_bfree, f_bavail;
	u64 f_files, f_ffree;
	u64 f_namelen;
};

struct super_operations {
	/* The last reference to @inode is gone: free the fs's data. */
	void (*evict)(struct inode *inode);
	/* The super block is going (unmounted, no inode left): free
	 * fs_info. */
	void (*put_super)(struct super_block *sb);
	/* 512-byte blocks @inode occupies (st_blocks). */
	u64 (*blocks)(struct inode *inode);
	/* statfs(2) of @sb: its blocks and inodes (NULL: a pseudo file
	 * system, all zero). f_type may stay 0: the type's magic then. */
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
};

struct super_block {
	const char *fstype;			/* [I] "tmpfs", "proc"... */
	/* Added for mount and umount (fs/mount.c): */
	void *fs_info;				/* the fs's own; its rules */
	int active;				/* [a] 1 while mounted, +1 an
						 * inode: 0 frees the sb */
	u64 dev;				/* [I] st_dev */
	bool readonly;				/* changes are -EROFS; to
						 * modify [n] (remount); to
						 * read [a] */
	const struct super_operations *s_op;	/* [I] */
	struct dentry *root;			/* [I] one reference */
	u64 next_ino;				/* [a] */
};

struct inode {
	u64 ino;				/* [I] */
	/* The type is [I]; the permission bits change by chmod: to
	 * modify [i]; to read [a]. */
	u32 mode;
	struct super_block *sb;			/* [I] */
	const struct inode_operations *i_op;	/* [I] */
	const struct file_operations *f_op;	/* [I] */
	int refs;				/* [a] */
	unsigned int nlink;			/* [n] */
	struct mutex lock;			/* "inode" */
	loff_t size;				/* to modify: [i]; to read: [a] */
	void *private;				/* the fs's; its rules */
	/* Added for chown, utimensat and O_TMPFILE: */
	u32 uid, gid;				/* [i] chown; root stores */
	struct inode_time {
		s64 sec;
		s64 nsec;
	} atime, mtime, ctime;			/* [i] utimensat, changes */
	bool linkable;				/* [n] O_TMPFILE, no O_EXCL */
	u64 rdev;				/* [I] a device's st_rdev
						 * (fs/devnodes.h's DEV_MKDEV) */
};

struct dentry {
	/* name and parent change only by rename, of a linked dentry. */
	char name[NAME_MAX + 1];		/* [n] */
	struct dentry *parent;			/* [n] NULL for a root */
	struct inode *inode;			/* [I] */
	int refs;				/* [a] */
	bool linked;				/* [n] on parent->children */
	struct list_head children;		/* [n] linked children */
	struct list_head child;			/* [n] in parent->children */
	struct dentry *mounted;			/* [n] root mounted here */
	struct dentry *mountpoint;		/* [n] a root: mounted on */
};

/* Inodes and dentries (fs/dcache.c). */
void dcache_init(void);
struct inode *inode_alloc(struct super_block *sb, u32 mode);
void iget(struct inode *inode);
void iput(struct inode *inode);

/*
 * igrab - take a reference on @inode unless its last one is gone (it is
 * being evicted), as Linux's igrab(). Return: whether one was taken.
 */
static inline bool igrab(struct inode *inode)
{
	int refs = __atomic_load_n(&inode->refs, __ATOMIC_RELAXED);

	while (refs)
		if (__atomic_compare_exchange_n(&inode->refs, &refs, refs + 1,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	return false;
}
struct dentry *d_alloc(struct dentry *parent, const char *name,
		       struct inode *inode);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void d_link(struct dentry *d);
void d_unlink(struct dentry *d);
struct dentry *d_find_child(struct dentry *dir, const char *name);
bool d_has_children(struct dentry *dir);
void d_move(struct dentry *d, struct dentry *new_dir, const char *name);
void d_exchange(struct dentry *a, struct dentry *b);
struct super_block *sb_alloc(const char *fstype, bool readonly,
			     const struct super_operations *s_op);
void sb_put(struct super_block *sb);

/* The namespace (fs/mount.c). */
void vfs_namespace_lock(void);
void vfs_namespace_unlock(void);
bool vfs_namespace_held(void);
int vfs_mount(struct super_block *sb, const char *path);
struct dentry *vfs_root(void);
void vfs_init(void);

/* sync(2)'s work (fs/sync.c): every dirty page, every mount's metadata. */
void ksys_sync(void);

#endif
