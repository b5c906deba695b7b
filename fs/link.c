// SPDX-License-Identifier: MIT
/*
 * Symbolic and hard links, and O_TMPFILE's unnamed files (fs/namei.h),
 * with the errnos of Linux 6.1's do_symlinkat(), do_readlinkat(),
 * do_linkat() and do_tmpfile(). A hard link is a second linked dentry
 * on the same inode (inode->nlink counts them); a symlink is an inode
 * whose get_link() gives its target text.
 * Invariant: an inode with no name gets one only when it was made by
 * O_TMPFILE without O_EXCL (inode->linkable), and only once that way.
 *
 * Locking: the namespace lock (fs/vfs.h), taken by namei_walk().
 */
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/namei_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

/*
 * Walk to where @path would make a new name, which must not exist yet:
 * Linux's filename_create(). Holds the namespace lock on success.
 */
static int walk_create(struct dentry *start, const char *path,
		       struct nameidata *nd)
{
	struct dentry *d;
	int r = namei_walk(start, path, nd);

	if (r)
		return r;
	if (!nd->last[0]) {
		r = -EEXIST;	/* "/", or a path ending in "." or ".." */
	} else {
		r = namei_lookup_one(nd->dir, nd->last, &d);
		if (!r) {
			dput(d);
			r = -EEXIST;
		} else if (r == -ENOENT) {
			/* Only a directory may be named with a slash. */
			r = nd->slash ? -ENOENT : 0;
		}
	}
	if (!r && nd->dir->inode->sb->readonly)
		r = -EROFS;
	if (r)
		namei_done(nd);
	return r;
}

/**
 * vfs_symlink - make @path a symlink to @target.
 * @start: where a relative @path starts
 * @target: the link's text, stored as given (not resolved)
 * @path: the new name (kernel memory)
 *
 * Context: task context, may sleep.
 * Return: 0; -ENOENT (empty @target or @path, or a missing directory),
 * -EEXIST, -ENOTDIR, -EROFS, -EPERM (the file system has no symlinks),
 * -ENAMETOOLONG, -ELOOP, -ENOMEM.
 */
int vfs_symlink(struct dentry *start, const char *target, const char *path)
{
	const struct inode_operations *op;
	struct nameidata nd;
	int r;

	if (!*target)
		return -ENOENT;
	r = walk_create(start, path, &nd);
	if (r)
		return r;
	op = nd.dir->inode->i_op;
	r = op && op->symlink ? op->symlink(nd.dir, nd.last, target) : -EPERM;
	namei_done(&nd);
	return r;
}

/**
 * vfs_readlink - the target of the symlink @path names (not followed).
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @buf: gets at most @size bytes of the target, without a NUL
 * @size: bytes @buf holds, at least 1
 *
 * A target longer than @size is cut short silently, as readlink(2)
 * does.
 * Context: task context, may sleep.
 * Return: bytes placed in @buf; -EINVAL (not a symlink), -ENOENT,
 * -ENOTDIR, -ELOOP, -ENAMETOOLONG, -ENOMEM, or get_link()'s error.
 */
int vfs_readlink(struct dentry *start, const char *path, char *buf,
		 size_t size)
{
	struct nameidata nd;
	struct dentry *d;
	char *text;
	int r = namei_walk(start, path, &nd);

	if (r)
		return r;
	r = namei_lookup_last(&nd, false, &d);
	if (r)
		goto out;
	r = -EINVAL;
	if (S_ISLNK(d->inode->mode)) {
		text = kmalloc(PATH_MAX, GFP_KERNEL);
		r = text ? d->inode->i_op->get_link(d, text, PATH_MAX) :
			   -ENOMEM;
		if (r > 0) {
			r = (int)MIN((size_t)r, size);
			memcpy(buf, text, (size_t)r);
		}
		kfree(text);
	}
	dput(d);
out:
	namei_done(&nd);
	return r;
}

/* Linux's vfs_link() checks on the inode @old names. */
static int may_link(struct dentry *old, struct dentry *dir)
{
	const struct inode_operations *op = dir->inode->i_op;

	if (old->inode->sb != dir->inode->sb)
		return -EXDEV;
	if (!op || !op->link || S_ISDIR(old->inode->mode))
		return -EPERM;
	if (!old->inode->nlink && !old->inode->linkable)
		return -ENOENT;
	return 0;
}

/**
 * vfs_link - give @old's inode the new name @path (link, linkat).
 * @old: the dentry of an existing file, symlink or O_TMPFILE file
 * @start: where a relative @path starts
 * @path: the new name (kernel memory)
 *
 * Context: task context, may sleep.
 * Return: 0; -EEXIST, -ENOENT (no directory, a trailing slash, or @old
 * has no name and cannot get one), -EXDEV (another file system),
 * -EPERM (a directory, or no hard links here), -EROFS, -ENOTDIR,
 * -ELOOP, -ENAMETOOLONG, -ENOMEM.
 */
int vfs_link(struct dentry *old, struct dentry *start, const char *path)
{
	struct nameidata nd;
	int r = walk_create(start, path, &nd);

	if (r)
		return r;
	r = may_link(old, nd.dir);
	if (!r)
		r = nd.dir->inode->i_op->link(old, nd.dir, nd.last);
	if (!r)
		old->inode->linkable = false;
	namei_done(&nd);
	return r;
}

/*
 * Linux's build_open_flags() on O_TMPFILE: the file must be opened for
 * writing, and O_CREAT makes no sense with it.
 */
static bool tmpfile_flags_ok(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY && !(flags & O_CREAT);
}

/**
 * vfs_open_tmpfile - open(O_TMPFILE): a new file with no name in the
 * directory @path names; linkat(AT_EMPTY_PATH) may name it unless
 * @flags has O_EXCL.
 * @start: where a relative path starts
 * @path: the directory (kernel memory)
 * @flags: O_* flags, O_TMPFILE among them
 * @mode: the file's permission bits
 * @out: the open file
 *
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (not opened for writing, or O_CREAT), -ENOTDIR,
 * -ENOENT, -EROFS, -EOPNOTSUPP (the file system has no unnamed files),
 * -ELOOP, -ENAMETOOLONG, -ENOMEM.
 */
int vfs_open_tmpfile(struct dentry *start, const char *path, int flags,
		     u32 mode, struct file **out)
{
	const struct inode_operations *op;
	struct dentry *dir, *d;
	int r;

	if (!tmpfile_flags_ok(flags))
		return -EINVAL;
	r = vfs_lookup(start, path, &dir);
	if (r)
		return r;
	op = dir->inode->i_op;
	if (!S_ISDIR(dir->inode->mode))
		r = -ENOTDIR;
	else if (dir->inode->sb->readonly)
		r = -EROFS;
	else if (!op || !op->tmpfile)
		r = -EOPNOTSUPP;
	if (r)
		goto out;
	vfs_namespace_lock();
	r = op->tmpfile(dir, S_IFREG | (mode & 07777), &d);
	if (!r)
		d->inode->linkable = !(flags & O_EXCL);
	vfs_namespace_unlock();
	if (!r) {
		r = file_open(d, flags & ~O_DIRECTORY, out);
		dput(d);
	}
out:
	dput(dir);
	return r;
}
