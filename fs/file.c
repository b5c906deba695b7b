// SPDX-License-Identifier: MIT
/*
 * Open files (fs/file.h): opening, reference counts, and read, write,
 * seek, truncate, stat and getdents64 on a struct file, with Linux's
 * errnos. The file systems see only struct io_buf: the copies to and
 * from user memory happen in io_copy_to()/io_copy_from(), where a bad
 * user pointer becomes a short copy (and -EFAULT when nothing moved).
 *
 * Locking: as fs/vfs.h and fs/file.h.
 */
#include <arch/uaccess.h>
#include "fs/file.h"
#include "kernel/cgroup_ns.h"
#include "kernel/cred.h"
#include "kernel/sys_misc.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

/**
 * io_copy_to - copy @n bytes from @src to offset @off of @io.
 * @io: the destination
 * @off: where in it
 * @src: kernel source
 * @n: bytes, within @io->len - @off
 *
 * Context: may fault and sleep for a user buffer.
 * Return: bytes copied (fewer at a bad user page).
 */
size_t io_copy_to(struct io_buf *io, size_t off, const void *src, size_t n)
{
	if (!io->user) {
		memcpy(io->base + off, src, n);
		return n;
	}
	return n - copy_to_user(io->base + off, src, n);
}

/* io_copy_from - as io_copy_to(), from @io into the kernel's @dst. */
size_t io_copy_from(void *dst, struct io_buf *io, size_t off, size_t n)
{
	if (!io->user) {
		memcpy(dst, io->base + off, n);
		return n;
	}
	return n - copy_from_user(dst, io->base + off, n);
}

/* io_zero - zero @n bytes of @io at @off (a hole). Return: bytes zeroed. */
size_t io_zero(struct io_buf *io, size_t off, size_t n)
{
	if (!io->user) {
		memset(io->base + off, 0, n);
		return n;
	}
	return n - clear_user(io->base + off, n);
}

static struct file *file_alloc(struct dentry *d, int flags,
			       const struct file_operations *f_op)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->refs = 1;
	f->flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY |
			     O_CLOEXEC);
	f->flags |= O_LARGEFILE;	/* 64-bit Linux forces it */
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		f->mode = FMODE_READ;
		break;
	case O_WRONLY:
		f->mode = FMODE_WRITE;
		break;
	default:
		f->mode = FMODE_READ | FMODE_WRITE;
	}
	f->dentry = dget(d);
	f->inode = d->inode;
	f->f_op = f_op;
	mutex_init(&f->pos_lock, "file");
	return f;
}

/* Who opens @f, for the checks made later in its opener's name. */
static int file_capture_opener(struct file *f)
{
	int r = cred_current_dup(&f->f_cred);

	if (!r && f->f_cred)
		f->f_cgroup_ns = cgroup_ns_get_current();
	return r;
}

/**
 * file_open - a new open file of @d.
 * @d: the dentry (the file takes its own reference)
 * @flags: the open(2) flags (creation flags are dropped)
 * @out: set to the file, one reference
 *
 * Context: task context, may sleep.
 * Return: 0, -ENOMEM, or the f_op->open() error.
 */
int file_open(struct dentry *d, int flags, struct file **out)
{
	struct file *f = file_alloc(d, flags, d->inode->f_op);
	int r;

	if (!f)
		return -ENOMEM;
	r = file_capture_opener(f);
	if (!r)
		r = f->f_op && f->f_op->open ? f->f_op->open(d->inode, f) : 0;
	if (r) {
		f->f_op = NULL;		/* nothing to release */
		fput(f);
		return r;
	}
	*out = f;
	return 0;
}

/**
 * file_alloc_stream - an open file with no position (a device).
 * @d: its dentry (the file takes its own reference)
 * @flags: O_* flags
 * @f_op: its operations (their open() is not called)
 *
 * Context: task context, may sleep.
 * Return: the file, or NULL without memory.
 */
struct file *file_alloc_stream(struct dentry *d, int flags,
			       const struct file_operations *f_op)
{
	struct file *f = file_alloc(d, flags, f_op);

	if (f)
		f->stream = true;
	return f;
}

/* get_file - one more reference on @f. Context: any. Return: @f. */
struct file *get_file(struct file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

/**
 * fput - drop a reference; the last one releases the file.
 * @f: the file
 *
 * Context: task context, may sleep; no VFS lock held (a last close may
 * evict an unlinked tmpfs inode, freeing and uncharging its pages).
 */
void fput(struct file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	dput(f->dentry);
	kfree(f->f_cred);
	cgroup_ns_put(f->f_cgroup_ns);
	kfree(f);
}

static void clamp_count(struct io_buf *io)
{
	if (io->len > SYS_MAX_RW_COUNT)
		io->len = SYS_MAX_RW_COUNT;
}

/**
 * vfs_read - read(2) and pread64(2).
 * @f: the file
 * @io: where the bytes go (len clamped to SYS_MAX_RW_COUNT)
 * @pos: the position to read at and advance, or NULL for the file's
 *
 * Context: task context, may sleep.
 * Return: bytes read (0 at end of file); -EBADF (not open for reading),
 * -EISDIR, -EINVAL (nothing reads it), -EFAULT, the file's error.
 */
long vfs_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	long r;

	if (!(f->mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	clamp_count(io);
	if (io->user && !access_ok(io->base, io->len))
		return -EFAULT;
	if (pos)
		return f->f_op->read(f, io, pos);
	if (f->mode & FMODE_NO_POS_LOCK)
		return f->f_op->read(f, io, &f->pos);
	mutex_lock(&f->pos_lock);
	r = f->f_op->read(f, io, &f->pos);
	mutex_unlock(&f->pos_lock);
	return r;
}

/**
 * vfs_write - write(2); an O_APPEND file writes at its end.
 * @f: the file
 * @io: the bytes (len clamped to SYS_MAX_RW_COUNT)
 * @pos: as vfs_read()
 *
 * Context: task context, may sleep.
 * Return: bytes written; -EBADF (not open for writing), -EINVAL (nothing
 * writes it), -EFAULT, -ENOMEM, -EFBIG, the file's error (a pseudo file
 * rejecting its input).
 */
long vfs_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	long r;

	if (!(f->mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	clamp_count(io);
	if (io->user && !access_ok(io->base, io->len))
		return -EFAULT;
	if (pos)
		return f->f_op->write(f, io, pos);
	if (f->mode & FMODE_NO_POS_LOCK)
		return f->f_op->write(f, io, &f->pos);
	mutex_lock(&f->pos_lock);
	r = f->f_op->write(f, io, &f->pos);
	mutex_unlock(&f->pos_lock);
	return r;
}

/**
 * vfs_lseek - lseek(2).
 * @f: the file
 * @off: the offset
 * @whence: SEEK_SET, SEEK_CUR, or SEEK_END (regular files only)
 *
 * Context: task context, may sleep.
 * Return: the new position; -ESPIPE (a stream), -EINVAL (a bad @whence,
 * or a negative result).
 */
long vfs_lseek(struct file *f, loff_t off, int whence)
{
	loff_t base;
	long r;

	if (f->stream)
		return -ESPIPE;
	mutex_lock(&f->pos_lock);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		if (!S_ISREG(f->inode->mode)) {
			r = -EINVAL;
			goto out_unlock;
		}
		base = __atomic_load_n(&f->inode->size, __ATOMIC_RELAXED);
		break;
	default:
		r = -EINVAL;
		goto out_unlock;
	}
	if (off > 0 && base > INT64_MAX - off)
		r = -EINVAL;
	else if (base + off < 0)
		r = -EINVAL;
	else
		r = f->pos = base + off;
out_unlock:
	mutex_unlock(&f->pos_lock);
	return r;
}

/**
 * vfs_truncate - ftruncate(2).
 * @f: the file
 * @size: the new size, >= 0
 *
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (not a regular file open for writing, or its file
 * system has no size to set), -ENOMEM, -EFBIG.
 */
int vfs_truncate(struct file *f, loff_t size)
{
	const struct inode_operations *op = f->inode->i_op;

	if (!S_ISREG(f->inode->mode) || !(f->mode & FMODE_WRITE))
		return -EINVAL;
	if (!op || !op->setsize)
		return -EINVAL;
	return op->setsize(f->inode, size);
}

/**
 * vfs_stat - fill a struct stat for @inode (fstat, newfstatat).
 * @inode: the inode
 * @st: the result; times are 0 (oomlab has no wall clock) until
 *      utimensat() sets them
 *
 * Context: any task context.
 */
void vfs_stat(struct inode *inode, struct linux_stat *st)
{
	const struct super_operations *s_op = inode->sb->s_op;

	memset(st, 0, sizeof(*st));
	st->st_dev = inode->sb->dev;
	st->st_ino = inode->ino;
	st->st_nlink = S_ISDIR(inode->mode) ? 2 : inode->nlink;
	st->st_mode = __atomic_load_n(&inode->mode, __ATOMIC_RELAXED);
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_atime_sec = (u64)inode->atime.sec;
	st->st_atime_nsec = (u64)inode->atime.nsec;
	st->st_mtime_sec = (u64)inode->mtime.sec;
	st->st_mtime_nsec = (u64)inode->mtime.nsec;
	st->st_ctime_sec = (u64)inode->ctime.sec;
	st->st_ctime_nsec = (u64)inode->ctime.nsec;
	st->st_rdev = inode->rdev;
	st->st_size = __atomic_load_n(&inode->size, __ATOMIC_RELAXED);
	st->st_blksize = 4096;
	st->st_blocks = s_op && s_op->blocks ? s_op->blocks(inode) : 0;
}

/* The record getdents64 writes (Linux's struct linux_dirent64). */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __packed;

struct getdents_ctx {
	struct dir_context ctx;
	char *buf;
	size_t size, used;
	bool full;			/* an entry did not fit */
};

static bool getdents_actor(struct dir_context *ctx, const char *name,
			   u64 ino, unsigned int type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t len = strlen(name);
	size_t reclen = ALIGN_UP(sizeof(struct linux_dirent64) + len + 1, 8);
	struct linux_dirent64 *de = (void *)(g->buf + g->used);

	if (g->used + reclen > g->size) {
		g->full = true;
		return false;
	}
	memset(de, 0, reclen);
	de->d_ino = ino;
	de->d_off = ctx->index + 1;
	de->d_reclen = (u16)reclen;
	de->d_type = (u8)type;
	memcpy(de->d_name, name, len);
	g->used += reclen;
	return true;
}

static unsigned int dtype(struct inode *inode)
{
	if (S_ISDIR(inode->mode))
		return DT_DIR;
	if (S_ISLNK(inode->mode))
		return DT_LNK;
	return S_ISCHR(inode->mode) ? DT_CHR : DT_REG;
}

/* ".", "..", the linked children, then the directory's own entries. */
static void iterate_dir(struct dentry *dir, struct dir_context *ctx)
{
	struct dentry *up = dir, *c;

	while (!up->parent && up->mountpoint)
		up = up->mountpoint;
	up = up->parent ? up->parent : up;
	if (!dir_emit(ctx, ".", dir->inode->ino, DT_DIR) ||
	    !dir_emit(ctx, "..", up->inode->ino, DT_DIR))
		return;
	list_for_each_entry(c, &dir->children, child) {
		struct dentry *shown = c->mounted ? c->mounted : c;

		if (!dir_emit(ctx, c->name, shown->inode->ino,
			      dtype(shown->inode)))
			return;
	}
	if (dir->inode->i_op && dir->inode->i_op->iterate)
		dir->inode->i_op->iterate(dir, ctx);
}

/**
 * vfs_getdents - getdents64(2): the entries from the file's position
 * on, as many as fit in @io (at most a page per call).
 * @f: an open directory
 * @io: the user's buffer
 *
 * The position counts entries; an entry unlinked between two calls may
 * make a later one be skipped (as with any directory that changes while
 * it is read).
 * Context: task context, may sleep.
 * Return: bytes filled (0 at the end); -ENOTDIR, -EINVAL (@io too small
 * for the next entry), -EFAULT, -ENOMEM, or the file system's error
 * (-EIO: a corrupt directory) when no entry came before it.
 */
long vfs_getdents(struct file *f, struct io_buf *io)
{
	struct getdents_ctx g = { .ctx.actor = getdents_actor };
	long r;

	if (!S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	if (io->user && !access_ok(io->base, io->len))
		return -EFAULT;
	g.size = MIN(io->len, 4096);
	g.buf = kmalloc(g.size ? g.size : 1, GFP_KERNEL);
	if (!g.buf)
		return -ENOMEM;
	mutex_lock(&f->pos_lock);
	g.ctx.pos = f->pos;
	vfs_namespace_lock();
	iterate_dir(f->dentry, &g.ctx);
	vfs_namespace_unlock();
	if (!g.used && g.full) {
		r = -EINVAL;		/* the next entry did not fit */
	} else if (!g.used && g.ctx.error) {
		r = g.ctx.error;
	} else if (io_copy_to(io, 0, g.buf, g.used) != g.used) {
		r = -EFAULT;
	} else {
		f->pos = g.ctx.pos;
		r = (long)g.used;
	}
	mutex_unlock(&f->pos_lock);
	kfree(g.buf);
	return r;
}
