// SPDX-License-Identifier: MIT
/*
 * The system calls on a file's attributes, with Linux 6.1's numbers,
 * flag checks and errnos (fs/stat.c, fs/open.c, fs/statfs.c,
 * fs/utimes.c, fs/sync.c): statx, access, faccessat, faccessat2,
 * chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat, utimensat,
 * statfs, fstatfs, truncate, fsync, fdatasync. Every process is root:
 * permission bits never refuse, except that executing needs an x bit
 * somewhere and a read-only mount refuses writes with -EROFS. The
 * owners and times are stored and shown by stat; nothing else reads
 * them. fstat and newfstatat (fs/file.c, fs/sys_namei.c) and statx
 * show the same values.
 *
 * Locking: inode->lock around each change of an inode's attributes.
 */
#include <arch/uaccess.h>
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/fs_type.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/permission.h"
#include "fs/sys_namei.h"
#include "kernel/cred.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/string.h"

/* statx(2)'s mask bits and attributes: Linux's uapi/linux/stat.h. */
#define STATX_BASIC_STATS	0x7ffU
#define STATX_MNT_ID		0x1000U
#define STATX__RESERVED		0x80000000U
#define STATX_ATTR_AUTOMOUNT	0x1000
#define STATX_ATTR_MOUNT_ROOT	0x2000
#define STATX_ATTR_DAX		0x200000

/* access(2)'s mode bits. */

/* utimensat(2)'s special nanoseconds. */
#define UTIME_NOW		((1L << 30) - 1)
#define UTIME_OMIT		((1L << 30) - 2)

/* statfs f_flags: Linux's ST_* values. */
#define ST_RDONLY		0x1
#define ST_VALID		0x20

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

/* Linux's struct statx (256 bytes). */
struct linux_statx {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor;
	u32 stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};

/* Linux's struct statfs on x86_64 (120 bytes). */
struct linux_statfs {
	s64 f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	s32 f_fsid[2];
	s64 f_namelen, f_frsize, f_flags;
	s64 f_spare[4];
};

static struct statx_timestamp stx_time(s64 sec, u64 nsec)
{
	return (struct statx_timestamp){ .tv_sec = sec,
					 .tv_nsec = (u32)nsec };
}

/* statx from stat's values, so the two never disagree. */
static void fill_statx(struct dentry *d, struct linux_statx *sx)
{
	struct linux_stat st;
	unsigned long flags;

	vfs_stat(d->inode, &st);
	memset(sx, 0, sizeof(*sx));
	sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx->stx_blksize = (u32)st.st_blksize;
	sx->stx_nlink = (u32)st.st_nlink;
	sx->stx_uid = st.st_uid;
	sx->stx_gid = st.st_gid;
	sx->stx_mode = (u16)st.st_mode;
	sx->stx_ino = st.st_ino;
	sx->stx_size = (u64)st.st_size;
	sx->stx_blocks = (u64)st.st_blocks;
	sx->stx_attributes_mask = STATX_ATTR_AUTOMOUNT |
				  STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX;
	if (d->mountpoint || d == vfs_root())
		sx->stx_attributes |= STATX_ATTR_MOUNT_ROOT;
	sx->stx_atime = stx_time((s64)st.st_atime_sec, st.st_atime_nsec);
	sx->stx_mtime = stx_time((s64)st.st_mtime_sec, st.st_mtime_nsec);
	sx->stx_ctime = stx_time((s64)st.st_ctime_sec, st.st_ctime_nsec);
	/* st_dev is a small number: major 0, minor st_dev, as Linux's
	 * new_encode_dev() reads it for minors below 256. */
	sx->stx_dev_minor = (u32)st.st_dev;
	sx->stx_mnt_id = mount_id_of(d->inode->sb, &flags);
}

static int do_statx(struct path_call *c, struct dentry *start,
		    const char *path)
{
	struct linux_statx sx;
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (r)
		return r;
	fill_statx(d, &sx);
	dput(d);
	return copy_to_user(c->buf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* Linux's do_statx() and vfs_statx(): flags and mask checked first. */
SYSCALL_DEFINE5(statx, int, dirfd, const char __user *, path, int, flags,
		unsigned int, mask, struct linux_statx __user *, buf)
{
	struct path_call c = { .op = do_statx, .flags = flags, .buf = buf };

	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ||
	    (mask & STATX__RESERVED))
		return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	return sys_namei_call(dirfd, path, &c);
}

/* access(2)'s check (Linux's do_faccessat()): a write to a read-only
 * mount, then the mode bits for the real ids, or with AT_EACCESS the
 * effective ones (the filesystem ids, as Linux's inode_permission()). */
static int may_access(struct inode *inode, int mask, int flags)
{
	u32 mode = __atomic_load_n(&inode->mode, __ATOMIC_RELAXED);
	struct cred c;

	if ((mask & MAY_WRITE) && !S_ISCHR(mode) &&
	    __atomic_load_n(&inode->sb->readonly, __ATOMIC_RELAXED))
		return -EROFS;
	if (!cred_current(&c))
		return 0;
	if (!(flags & AT_EACCESS))
		cred_for_access(&c);
	return permission_check(&c, mode, inode->uid, inode->gid, mask);
}

static int do_access(struct path_call *c, struct dentry *start,
		     const char *path)
{
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (r)
		return r;
	r = may_access(d->inode, (int)c->mode, c->flags);
	dput(d);
	return r;
}

/* Linux's do_faccessat(): the mode, then the flags, then the path. */
SYSCALL_DEFINE4(faccessat2, int, dirfd, const char __user *, path,
		int, mode, int, flags)
{
	struct path_call c = { .op = do_access, .flags = flags,
			       .mode = (u32)mode };

	if (mode & ~(MAY_READ | MAY_WRITE | MAY_EXEC))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, const char __user *, path,
		int, mode)
{
	return sys_faccessat2(dirfd, path, mode, 0);
}

SYSCALL_DEFINE2(access, const char __user *, path, int, mode)
{
	return sys_faccessat2(AT_FDCWD, path, mode, 0);
}

/* An attribute change: refused on a read-only mount (mnt_want_write). */
static int may_change(struct inode *inode)
{
	return __atomic_load_n(&inode->sb->readonly, __ATOMIC_RELAXED) ?
		       -EROFS : 0;
}

static struct inode_time time_now(void)
{
	u64 ns = ktime_get_ns();

	return (struct inode_time){ .sec = (s64)(ns / 1000000000),
				    .nsec = (s64)(ns % 1000000000) };
}

/* A file system that must record the change hears of it. */
static void attr_changed(struct inode *inode)
{
	if (inode->i_op && inode->i_op->attr_changed)
		inode->i_op->attr_changed(inode);
}

/* Linux's chmod_common(): the permission bits change, the type not;
 * only the owner may (-EPERM). */
static int chmod_inode(struct inode *inode, u32 mode)
{
	int r = may_change(inode);

	if (!r)
		r = permission_chmod(inode, &mode);
	if (r)
		return r;
	mutex_lock(&inode->lock);
	__atomic_store_n(&inode->mode, (inode->mode & S_IFMT) |
			 (mode & 07777), __ATOMIC_RELAXED);
	inode->ctime = time_now();
	mutex_unlock(&inode->lock);
	attr_changed(inode);
	return 0;
}

/* Linux's chown_common(): -1 keeps an id; a non-directory loses
 * set-user-ID, and set-group-ID where group execute is set. */
static int chown_inode(struct inode *inode, u32 uid, u32 gid)
{
	int r = may_change(inode);
	u32 mode;

	if (!r)
		r = permission_chown(inode, uid, gid);
	if (r)
		return r;
	mutex_lock(&inode->lock);
	if (uid != (u32)-1)
		inode->uid = uid;
	if (gid != (u32)-1)
		inode->gid = gid;
	mode = inode->mode;
	if (!S_ISDIR(mode)) {
		mode &= ~04000U;
		if ((mode & 02010) == 02010)
			mode &= ~02000U;
		__atomic_store_n(&inode->mode, mode, __ATOMIC_RELAXED);
	}
	inode->ctime = time_now();
	mutex_unlock(&inode->lock);
	attr_changed(inode);
	return 0;
}

/* The fd's inode, with the file (fput() it) or -EBADF. */
static int fd_inode(int fd, struct file **out)
{
	*out = fs_fget(fd);
	return *out ? 0 : -EBADF;
}

static int do_chmod(struct path_call *c, struct dentry *start,
		    const char *path)
{
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (!r) {
		r = chmod_inode(d->inode, c->mode);
		dput(d);
	}
	return r;
}

SYSCALL_DEFINE3(fchmodat, int, dirfd, const char __user *, path,
		u32, mode)
{
	struct path_call c = { .op = do_chmod, .mode = mode };

	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE2(chmod, const char __user *, path, u32, mode)
{
	return sys_fchmodat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE2(fchmod, int, fd, u32, mode)
{
	struct file *f;
	int r = fd_inode(fd, &f);

	if (r)
		return r;
	r = chmod_inode(f->inode, mode);
	fput(f);
	return r;
}

static int do_chown(struct path_call *c, struct dentry *start,
		    const char *path)
{
	const u32 *ids = c->arg;
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (!r) {
		r = chown_inode(d->inode, ids[0], ids[1]);
		dput(d);
	}
	return r;
}

SYSCALL_DEFINE5(fchownat, int, dirfd, const char __user *, path,
		u32, uid, u32, gid, int, flags)
{
	u32 ids[2] = { uid, gid };
	struct path_call c = { .op = do_chown, .flags = flags, .arg = ids };

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE3(chown, const char __user *, path, u32, uid, u32, gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, path, u32, uid, u32, gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, int, fd, u32, uid, u32, gid)
{
	struct file *f;
	int r = fd_inode(fd, &f);

	if (r)
		return r;
	r = chown_inode(f->inode, uid, gid);
	fput(f);
	return r;
}

struct linux_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* Linux's nsec_valid(). */
static bool nsec_ok(s64 nsec)
{
	return (nsec >= 0 && nsec <= 999999999) || nsec == UTIME_NOW ||
	       nsec == UTIME_OMIT;
}

static struct inode_time utime_of(const struct linux_timespec *t)
{
	if (t->tv_nsec == UTIME_NOW)
		return time_now();
	return (struct inode_time){ .sec = t->tv_sec, .nsec = t->tv_nsec };
}

/* Set atime and mtime from @t ([0], [1]; NULL: now); ctime is now. */
static int utimes_inode(struct inode *inode, const struct linux_timespec *t)
{
	static const struct linux_timespec now[2] = {
		{ .tv_nsec = UTIME_NOW }, { .tv_nsec = UTIME_NOW },
	};
	int r = may_change(inode);

	if (r)
		return r;
	t = t ? t : now;
	mutex_lock(&inode->lock);
	if (t[0].tv_nsec != UTIME_OMIT)
		inode->atime = utime_of(&t[0]);
	if (t[1].tv_nsec != UTIME_OMIT)
		inode->mtime = utime_of(&t[1]);
	inode->ctime = time_now();
	mutex_unlock(&inode->lock);
	return 0;
}

static int do_utimens(struct path_call *c, struct dentry *start,
		      const char *path)
{
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (!r) {
		r = utimes_inode(d->inode, c->arg);
		dput(d);
	}
	return r;
}

/* Linux's do_utimes(): a NULL path with a dirfd sets the fd's file. */
SYSCALL_DEFINE4(utimensat, int, dirfd, const char __user *, path,
		const struct linux_timespec __user *, times, int, flags)
{
	struct linux_timespec t[2];
	struct path_call c = { .op = do_utimens, .flags = flags };
	struct file *f;
	int r;

	if (times) {
		if (copy_from_user(t, times, sizeof(t)))
			return -EFAULT;
		if (!nsec_ok(t[0].tv_nsec) || !nsec_ok(t[1].tv_nsec))
			return -EINVAL;
		c.arg = t;
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (path || dirfd == AT_FDCWD)
		return sys_namei_call(dirfd, path, &c);
	if (flags)
		return -EINVAL;
	r = fd_inode(dirfd, &f);
	if (r)
		return r;
	r = utimes_inode(f->inode, c.arg);
	fput(f);
	return r;
}

/* statfs of @sb: the type's magic, its blocks, the mount's flags. */
static int statfs_out(struct super_block *sb, void __user *buf)
{
	struct kstatfs st = { .f_bsize = PAGE_SIZE, .f_namelen = NAME_MAX };
	struct linux_statfs sf = { 0 };
	unsigned long mflags;
	int r;

	if (sb->s_op && sb->s_op->statfs) {
		r = sb->s_op->statfs(sb, &st);
		if (r)
			return r;
	}
	sf.f_type = (s64)(st.f_type ? st.f_type : fs_type_magic(sb->fstype));
	sf.f_bsize = sf.f_frsize = (s64)st.f_bsize;
	sf.f_blocks = st.f_blocks;
	sf.f_bfree = st.f_bfree;
	sf.f_bavail = st.f_bavail;
	sf.f_files = st.f_files;
	sf.f_ffree = st.f_ffree;
	sf.f_namelen = (s64)st.f_namelen;
	mount_id_of(sb, &mflags);
	sf.f_flags = ST_VALID | (s64)(mflags & (MS_NOSUID | MS_NODEV |
						MS_NOEXEC | MS_NOATIME));
	if (__atomic_load_n(&sb->readonly, __ATOMIC_RELAXED))
		sf.f_flags |= ST_RDONLY;
	return copy_to_user(buf, &sf, sizeof(sf)) ? -EFAULT : 0;
}

static int do_statfs(struct path_call *c, struct dentry *start,
		     const char *path)
{
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (!r) {
		r = statfs_out(d->inode->sb, c->buf);
		dput(d);
	}
	return r;
}

SYSCALL_DEFINE2(statfs, const char __user *, path,
		struct linux_statfs __user *, buf)
{
	struct path_call c = { .op = do_statfs, .buf = buf };

	return sys_namei_call(AT_FDCWD, path, &c);
}

SYSCALL_DEFINE2(fstatfs, int, fd, struct linux_statfs __user *, buf)
{
	struct file *f;
	int r = fd_inode(fd, &f);

	if (r)
		return r;
	r = statfs_out(f->inode->sb, buf);
	fput(f);
	return r;
}

/* Linux's vfs_truncate(): a path's file, no open needed. */
static int do_truncate(struct path_call *c, struct dentry *start,
		       const char *path)
{
	const struct inode_operations *op;
	const loff_t *size = c->arg;
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (r)
		return r;
	op = d->inode->i_op;
	if (S_ISDIR(d->inode->mode))
		r = -EISDIR;
	else if (!S_ISREG(d->inode->mode))
		r = -EINVAL;
	else
		r = may_change(d->inode);
	if (!r)
		r = op && op->setsize ? op->setsize(d->inode, *size) : -EINVAL;
	dput(d);
	return r;
}

SYSCALL_DEFINE2(truncate, const char __user *, path, loff_t, length)
{
	struct path_call c = { .op = do_truncate, .arg = &length };

	if (length < 0)
		return -EINVAL;
	return sys_namei_call(AT_FDCWD, path, &c);
}

/* Linux's vfs_fsync_range(): a file without an fsync is -EINVAL. */
static long do_fsync(int fd, bool datasync)
{
	const struct inode_operations *op;
	struct file *f;
	int r = fd_inode(fd, &f);

	if (r)
		return r;
	op = f->inode->i_op;
	r = op && op->fsync ? op->fsync(f->inode, datasync) : -EINVAL;
	fput(f);
	return r;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd, false);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd, true);
}
