// SPDX-License-Identifier: MIT
/*
 * Path walk (fs/namei.h): the namespace lock is held across a walk and
 * the change it leads to, so a lookup and the create, mkdir or unlink
 * that follows it see the same tree (O_EXCL is atomic). Each step holds
 * a reference on the dentry it stands on; a mount point is crossed to
 * the mounted root, and ".." at a mounted root goes to the mount point's
 * parent.
 *
 * Locking: the namespace lock (fs/vfs.h).
 */
#include "fs/file.h"
#include "fs/namei.h"
#include "kernel/cred.h"
#include "lib/errno.h"
#include "lib/string.h"

/* A path split before its last component. */
struct nameidata {
	struct dentry *dir;		/* where @last is looked up (a ref) */
	char last[NAME_MAX + 1];	/* "": the path names @dir itself */
	bool slash;			/* the path ends in '/' */
};

static bool is_dir(struct dentry *d)
{
	return S_ISDIR(d->inode->mode);
}

/* Trade the reference on @d for one on the root mounted on it. */
static struct dentry *follow_mount(struct dentry *d)
{
	while (d->mounted) {
		struct dentry *root = dget(d->mounted);

		dput(d);
		d = root;
	}
	return d;
}

/* Trade the reference on @d for one on its "..". */
static struct dentry *step_up(struct dentry *d)
{
	struct dentry *up;

	while (!d->parent && d->mountpoint) {
		up = dget(d->mountpoint);
		dput(d);
		d = up;
	}
	if (!d->parent)
		return d;		/* the root's ".." is the root */
	up = dget(d->parent);
	dput(d);
	return up;
}

/* One component in @dir: a new reference through @out, or an errno. */
static int lookup_one(struct dentry *dir, const char *name,
		      struct dentry **out)
{
	const struct inode_operations *op = dir->inode->i_op;
	struct dentry *d;
	int r;

	if (!is_dir(dir))
		return -ENOTDIR;
	if (!strcmp(name, ".")) {
		*out = dget(dir);
		return 0;
	}
	if (!strcmp(name, "..")) {
		*out = step_up(dget(dir));
		return 0;
	}
	d = d_find_child(dir, name);
	if (!d) {
		if (!op || !op->lookup)
			return -ENOENT;
		r = op->lookup(dir, name, &d);
		if (r)
			return r;
	}
	*out = follow_mount(d);
	return 0;
}

/* Walk @path up to its last component. Context: namespace lock held. */
static int path_parent(struct dentry *start, const char *path,
		       struct nameidata *nd)
{
	struct dentry *d = dget(*path == '/' ? vfs_root() : start), *next;
	const char *p = path;
	int r;

	for (;;) {
		size_t len;
		const char *rest;

		while (*p == '/')
			p++;
		if (!*p) {
			nd->last[0] = 0;
			nd->slash = p > path && p[-1] == '/';
			nd->dir = d;
			return 0;
		}
		for (len = 0; p[len] && p[len] != '/'; len++)
			;
		if (len > NAME_MAX) {
			r = -ENAMETOOLONG;
			goto out_put;
		}
		memcpy(nd->last, p, len);
		nd->last[len] = 0;
		p += len;
		for (rest = p; *rest == '/'; rest++)
			;
		if (!*rest) {
			nd->slash = *p == '/';
			nd->dir = d;
			return 0;
		}
		r = lookup_one(d, nd->last, &next);
		if (r)
			goto out_put;
		dput(d);
		d = next;
	}
out_put:
	dput(d);
	return r;
}

/* The dentry @nd names. Context: namespace lock held. */
static int lookup_last(struct nameidata *nd, struct dentry **out)
{
	int r;

	if (!nd->last[0]) {
		*out = dget(nd->dir);
		return 0;
	}
	r = lookup_one(nd->dir, nd->last, out);
	if (!r && nd->slash && !is_dir(*out)) {
		dput(*out);
		r = -ENOTDIR;
	}
	return r;
}

/* Walk @path to its parent under the namespace lock (held on success). */
static int walk_locked(struct dentry *start, const char *path,
		       struct nameidata *nd)
{
	int r;

	if (!*path)
		return -ENOENT;
	vfs_namespace_lock();
	r = path_parent(start, path, nd);
	if (r)
		vfs_namespace_unlock();
	return r;
}

static void walk_done(struct nameidata *nd)
{
	vfs_namespace_unlock();
	dput(nd->dir);
}

/**
 * vfs_lookup - the dentry @path names.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @out: set to the dentry, with a reference
 *
 * Return: 0; -ENOENT, -ENOTDIR, -ENAMETOOLONG.
 */
int vfs_lookup(struct dentry *start, const char *path, struct dentry **out)
{
	struct nameidata nd;
	int r = walk_locked(start, path, &nd);

	if (r)
		return r;
	r = lookup_last(&nd, out);
	walk_done(&nd);
	return r;
}

/* open(O_CREAT) of a missing name, its mode less the umask (Linux
 * applies it where a file is made). Context: namespace lock held. */
static int create_last(struct nameidata *nd, u32 mode, struct dentry **out)
{
	const struct inode_operations *op = nd->dir->inode->i_op;

	if (nd->slash)
		return -EISDIR;
	if (nd->dir->inode->sb->readonly)
		return -EROFS;
	if (!op || !op->create)
		return -EACCES;
	mode &= 07777 & ~cred_current_umask();
	return op->create(nd->dir, nd->last, S_IFREG | mode, out);
}

/* The checks of Linux's do_open() on what the walk found. */
static int may_open(struct dentry *d, int flags)
{
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if ((flags & O_DIRECTORY) && !is_dir(d))
		return -ENOTDIR;
	if (is_dir(d) && (write || (flags & O_CREAT)))
		return -EISDIR;
	if (write && d->inode->sb->readonly)
		return -EROFS;
	return 0;
}

/**
 * vfs_open - open (and with O_CREAT make) the file @path names.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @flags: O_* flags
 * @mode: permission bits of a file O_CREAT makes
 * @out: set to the new file (one reference)
 *
 * O_TRUNC truncates a regular file opened for writing.
 * Return: 0; -ENOENT, -ENOTDIR, -EISDIR, -EEXIST (O_CREAT|O_EXCL),
 * -EROFS, -EACCES (the directory cannot hold new files),
 * -ENAMETOOLONG, -ENOMEM.
 */
int vfs_open(struct dentry *start, const char *path, int flags, u32 mode,
	     struct file **out)
{
	struct nameidata nd;
	struct dentry *d;
	int r = walk_locked(start, path, &nd);

	if (r)
		return r;
	r = lookup_last(&nd, &d);
	if (r == -ENOENT && (flags & O_CREAT) && nd.last[0]) {
		r = create_last(&nd, mode, &d);
	} else if (!r && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		dput(d);
		r = -EEXIST;
	}
	walk_done(&nd);
	if (r)
		return r;
	r = may_open(d, flags);
	if (!r && (flags & O_TRUNC) && S_ISREG(d->inode->mode) &&
	    d->inode->i_op && d->inode->i_op->setsize)
		r = d->inode->i_op->setsize(d->inode, 0);
	if (!r)
		r = file_open(d, flags, out);
	dput(d);
	return r;
}

/**
 * vfs_mkdir - make the directory @path names.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @mode: its permission bits
 *
 * Return: 0; -EEXIST, -ENOENT, -ENOTDIR, -EROFS, -EPERM (the file system
 * makes no directories), -ENAMETOOLONG, -ENOMEM, or the file system's
 * own refusal.
 */
int vfs_mkdir(struct dentry *start, const char *path, u32 mode)
{
	const struct inode_operations *op;
	struct nameidata nd;
	struct dentry *d;
	int r = walk_locked(start, path, &nd);

	if (r)
		return r;
	r = lookup_last(&nd, &d);
	if (!r || !nd.last[0]) {
		if (!r)
			dput(d);
		r = -EEXIST;
		goto out;
	}
	if (r != -ENOENT)
		goto out;
	op = nd.dir->inode->i_op;
	if (nd.dir->inode->sb->readonly)
		r = -EROFS;
	else if (!op || !op->mkdir)
		r = -EPERM;
	else
		r = op->mkdir(nd.dir, nd.last,
			      S_IFDIR | (mode & 07777 & ~cred_current_umask()));
out:
	walk_done(&nd);
	return r;
}

/* The checks unlink and rmdir share on a victim found under nd->dir. */
static int may_remove(struct nameidata *nd, struct dentry *victim)
{
	if (victim->mountpoint || victim->mounted)
		return -EBUSY;
	if (nd->dir->inode->sb->readonly)
		return -EROFS;
	if (!victim->linked || victim->parent != nd->dir)
		return -EPERM;
	return 0;
}

/**
 * vfs_unlink - remove the name @path of a non-directory.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 *
 * Return: 0; -ENOENT, -ENOTDIR, -EISDIR, -EROFS, -EBUSY, -EPERM,
 * -ENAMETOOLONG.
 */
int vfs_unlink(struct dentry *start, const char *path)
{
	const struct inode_operations *op;
	struct nameidata nd;
	struct dentry *victim;
	int r = walk_locked(start, path, &nd);

	if (r)
		return r;
	r = -EISDIR;
	if (!nd.last[0] || !strcmp(nd.last, ".") || !strcmp(nd.last, ".."))
		goto out;
	r = lookup_one(nd.dir, nd.last, &victim);
	if (r)
		goto out;
	op = nd.dir->inode->i_op;
	if (is_dir(victim))
		r = -EISDIR;
	else if (nd.slash)
		r = -ENOTDIR;
	else
		r = may_remove(&nd, victim);
	if (!r)
		r = op && op->unlink ? op->unlink(nd.dir, victim) : -EPERM;
	dput(victim);
out:
	walk_done(&nd);
	return r;
}

/**
 * vfs_rmdir - remove the directory @path names.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 *
 * Return: 0; -ENOENT, -ENOTDIR, -EINVAL (last component "."),
 * -ENOTEMPTY (".." or a directory with entries), -EBUSY (a mount point),
 * -EROFS, -EPERM, -ENAMETOOLONG.
 */
int vfs_rmdir(struct dentry *start, const char *path)
{
	const struct inode_operations *op;
	struct nameidata nd;
	struct dentry *victim;
	int r = walk_locked(start, path, &nd);

	if (r)
		return r;
	if (!nd.last[0]) {
		r = -EBUSY;		/* the root, or a path ending at "/" */
		goto out;
	}
	if (!strcmp(nd.last, ".") || !strcmp(nd.last, "..")) {
		r = nd.last[1] ? -ENOTEMPTY : -EINVAL;
		goto out;
	}
	r = lookup_one(nd.dir, nd.last, &victim);
	if (r)
		goto out;
	op = nd.dir->inode->i_op;
	r = is_dir(victim) ? may_remove(&nd, victim) : -ENOTDIR;
	if (!r)
		r = op && op->rmdir ? op->rmdir(nd.dir, victim) : -EPERM;
	dput(victim);
out:
	walk_done(&nd);
	return r;
}

/**
 * vfs_path_name - the absolute path of @d, for getcwd().
 * @d: a directory dentry
 * @buf: where the path goes, NUL-terminated
 * @size: its size
 *
 * Return: the length without the NUL; -ENOENT when @d was removed,
 * -ERANGE when @buf is too small.
 */
int vfs_path_name(struct dentry *d, char *buf, size_t size)
{
	size_t at = size, len;
	int r = 0;

	if (!size)
		return -ERANGE;
	buf[--at] = 0;
	vfs_namespace_lock();
	for (;;) {
		while (!d->parent && d->mountpoint)
			d = d->mountpoint;
		if (!d->parent)
			break;
		if (!d->linked) {
			r = -ENOENT;
			goto out;
		}
		len = strlen(d->name);
		if (at < len + 1) {
			r = -ERANGE;
			goto out;
		}
		at -= len;
		memcpy(buf + at, d->name, len);
		buf[--at] = '/';
		d = d->parent;
	}
	if (at == size - 1) {
		if (at < 1) {
			r = -ERANGE;
			goto out;
		}
		buf[--at] = '/';
	}
	len = size - 1 - at;
	memmove(buf, buf + at, len + 1);
	r = (int)len;
out:
	vfs_namespace_unlock();
	return r;
}
