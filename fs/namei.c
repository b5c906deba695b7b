// SPDX-License-Identifier: MIT
/*
 * Path walk (fs/namei.h): the namespace lock is held across a walk and
 * the change it leads to, so a lookup and the create, mkdir or unlink
 * that follows it see the same tree (O_EXCL is atomic). Each step holds
 * a reference on the dentry it stands on; a mount point is crossed to
 * the mounted root, and ".." at a mounted root goes to the mount point's
 * parent. A symlink met before the last component is followed by
 * walking its target, then the rest of the path, from the link's
 * directory (from the root for an absolute target): one text buffer
 * (nameidata.text) holds what is left, and a walk follows at most
 * MAXSYMLINKS links in all, nested or not.
 *
 * Locking: the namespace lock (fs/vfs.h).
 */
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/permission.h"
#include "kernel/cred.h"
#include "fs/namei_internal.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

static bool is_dir(struct dentry *d)
{
	return S_ISDIR(d->inode->mode);
}

static bool is_link(struct dentry *d)
{
	return S_ISLNK(d->inode->mode);
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

/**
 * namei_lookup_one - one component @name in @dir, mounts crossed.
 * @dir: a dentry (not necessarily a directory)
 * @name: a component, "." and ".." included
 * @out: a new reference
 *
 * The caller must be allowed to search @dir (Linux's may_lookup()).
 *
 * Context: the namespace lock held.
 * Return: 0; -ENOTDIR, -EACCES, -ENOENT, or the file system's lookup
 * error.
 */
int namei_lookup_one(struct dentry *dir, const char *name,
		     struct dentry **out)
{
	const struct inode_operations *op = dir->inode->i_op;
	struct dentry *d;
	int r;

	if (!is_dir(dir))
		return -ENOTDIR;
	r = permission_inode(dir->inode, MAY_EXEC);
	if (r)
		return r;
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

/*
 * The text a walk goes on with after the symlink @link: its target, then
 * @rest (what followed the link in the path). Linux's path walk
 * (pick_link() in 6.1's fs/namei.c) fails the 41st link of one walk
 * with -ELOOP and an empty target with -ENOENT.
 */
static int link_text(struct nameidata *nd, struct dentry *link,
		     const char *rest, const char **out)
{
	size_t rest_len = strlen(rest);
	char *text;
	int n;

	if (++nd->nr_links > MAXSYMLINKS)
		return -ELOOP;
	text = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	n = link->inode->i_op->get_link(link, text, PATH_MAX);
	if (n >= 0 && (size_t)n + rest_len >= PATH_MAX)
		n = -ENAMETOOLONG;
	else if (!n)
		n = -ENOENT;
	if (n < 0) {
		kfree(text);
		return n;
	}
	memcpy(text + n, rest, rest_len + 1);
	kfree(nd->text);	/* @rest may point into it: copied above */
	nd->text = text;
	*out = text;
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
		r = namei_lookup_one(d, nd->last, &next);
		if (r)
			goto out_put;
		if (is_link(next)) {
			/* Go on from @d, the link's directory. */
			r = link_text(nd, next, p, &p);
			dput(next);
			if (r)
				goto out_put;
			if (*p == '/') {
				dput(d);
				d = dget(vfs_root());
			}
			path = p;
			continue;
		}
		dput(d);
		d = next;
	}
out_put:
	dput(d);
	return r;
}

/*
 * Follow the symlink @link that @nd's last component names: @nd then
 * names the target's last component (a trailing slash carried over).
 */
static int follow_last(struct nameidata *nd, struct dentry *link)
{
	struct dentry *dir = nd->dir;
	const char *text;
	int r = link_text(nd, link, nd->slash ? "/" : "", &text);

	if (!r)
		r = path_parent(dir, text, nd);
	if (r)
		nd->dir = dir;	/* keep the reference namei_done() drops */
	else
		dput(dir);
	return r;
}

/**
 * namei_lookup_last - the dentry @nd names.
 * @nd: a walk from namei_walk()
 * @follow: a final symlink is followed (a trailing slash always is)
 * @out: a new reference
 *
 * On -ENOENT @nd names where the missing file would be made (the
 * target of a dangling symlink followed).
 * Context: the namespace lock held (namei_walk()).
 * Return: 0; -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -ENOMEM.
 */
int namei_lookup_last(struct nameidata *nd, bool follow, struct dentry **out)
{
	struct dentry *d;
	int r;

	for (;;) {
		if (!nd->last[0]) {
			*out = dget(nd->dir);
			return 0;
		}
		r = namei_lookup_one(nd->dir, nd->last, &d);
		if (r)
			return r;
		if (!is_link(d) || !(follow || nd->slash))
			break;
		if (d->inode->i_op->get_target) {
			struct dentry *link = d;

			r = link->inode->i_op->get_target(link, &d);
			dput(link);
			if (r)
				return r;
			break;
		}
		r = follow_last(nd, d);
		dput(d);
		if (r)
			return r;
	}
	if (nd->slash && !is_dir(d)) {
		dput(d);
		return -ENOTDIR;
	}
	*out = d;
	return 0;
}

/**
 * namei_walk_locked - namei_walk() for a caller holding the namespace
 * lock already (rename walks two paths under it).
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @nd: the walk; namei_put() ends it
 *
 * Context: the namespace lock held; kept.
 * Return: as namei_walk().
 */
int namei_walk_locked(struct dentry *start, const char *path,
		      struct nameidata *nd)
{
	int r;

	nd->text = NULL;
	nd->nr_links = 0;
	if (!*path)
		return -ENOENT;
	r = path_parent(start, path, nd);
	if (r)
		kfree(nd->text);
	return r;
}

/* namei_put - end a namei_walk_locked(). Context: namespace lock held. */
void namei_put(struct nameidata *nd)
{
	dput(nd->dir);
	kfree(nd->text);
}

/**
 * namei_walk - walk @path to its last component and hold the namespace
 * lock for what the caller does there.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @nd: the walk, for namei_lookup_last(); namei_done() ends it
 *
 * Context: task context, may sleep; takes the namespace lock, held on
 * success.
 * Return: 0; -ENOENT (an empty path), -ENOTDIR, -ELOOP, -ENAMETOOLONG,
 * -ENOMEM.
 */
int namei_walk(struct dentry *start, const char *path, struct nameidata *nd)
{
	int r;

	vfs_namespace_lock();
	r = namei_walk_locked(start, path, nd);
	if (r)
		vfs_namespace_unlock();
	return r;
}

/* namei_done - end a namei_walk(). Context: from namei_walk(). */
void namei_done(struct nameidata *nd)
{
	namei_put(nd);
	vfs_namespace_unlock();
}

/**
 * vfs_lookup_at - the dentry @path names, a final symlink followed or
 * not (lstat, AT_SYMLINK_NOFOLLOW).
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @follow: follow a final symlink
 * @out: set to the dentry, with a reference
 *
 * Return: 0; -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -ENOMEM.
 */
int vfs_lookup_at(struct dentry *start, const char *path, bool follow,
		  struct dentry **out)
{
	struct nameidata nd;
	int r = namei_walk(start, path, &nd);

	if (r)
		return r;
	r = namei_lookup_last(&nd, follow, out);
	namei_done(&nd);
	return r;
}

/**
 * vfs_lookup - the dentry @path names, every symlink followed.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @out: set to the dentry, with a reference
 *
 * Return: as vfs_lookup_at().
 */
int vfs_lookup(struct dentry *start, const char *path, struct dentry **out)
{
	return vfs_lookup_at(start, path, true, out);
}

/* open(O_CREAT) of a missing name, its mode less the umask (Linux
 * applies it where a file is made). Context: namespace lock held. */
static int create_last(struct nameidata *nd, u32 mode, struct dentry **out)
{
	const struct inode_operations *op = nd->dir->inode->i_op;
	int r;

	if (nd->slash)
		return -EISDIR;
	if (nd->dir->inode->sb->readonly)
		return -EROFS;
	if (!op || !op->create)
		return -EACCES;
	r = permission_inode(nd->dir->inode, MAY_WRITE | MAY_EXEC);
	if (r)
		return r;
	mode &= 07777 & ~cred_current_umask();
	r = op->create(nd->dir, nd->last, S_IFREG | mode, out);
	if (!r)
		permission_init_owner((*out)->inode);
	return r;
}

/* A final symlink is followed but with O_NOFOLLOW or O_CREAT|O_EXCL. */
static bool follow_open(int flags)
{
	return !(flags & O_NOFOLLOW) &&
	       (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL);
}

/* The access open() asks for on the file (Linux's ACC_MODE() and
 * O_TRUNC; none for O_PATH, as Linux's build_open_flags()). */
static int open_mask(int flags)
{
	int acc = flags & O_ACCMODE, mask = 0;

	if (flags & O_PATH)
		return 0;
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc != O_RDONLY || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	return mask;
}

/* The checks of Linux's do_open() on what the walk found; a file the
 * open just made (@created) is not checked against its own mode. */
static int may_open(struct dentry *d, int flags, bool created)
{
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if ((flags & O_DIRECTORY) && !is_dir(d))
		return -ENOTDIR;
	if (is_dir(d) && (write || (flags & O_CREAT)))
		return -EISDIR;
	if (write && d->inode->sb->readonly)
		return -EROFS;
	return created ? 0 : permission_inode(d->inode, open_mask(flags));
}

/**
 * vfs_open - open (and with O_CREAT make) the file @path names.
 * @start: where a relative path starts
 * @path: the path (kernel memory)
 * @flags: O_* flags
 * @mode: permission bits of a file O_CREAT makes
 * @out: set to the new file (one reference)
 *
 * O_TRUNC truncates a regular file opened for writing. Symlinks are
 * followed, except a final one with O_NOFOLLOW (-ELOOP) or O_CREAT |
 * O_EXCL (-EEXIST); O_CREAT on a dangling symlink makes its target.
 * O_TMPFILE makes an unnamed file in the directory @path names.
 * Return: 0; -ENOENT, -ENOTDIR, -EISDIR, -EEXIST (O_CREAT|O_EXCL),
 * -EROFS, -EACCES (the directory cannot hold new files), -ELOOP,
 * -EOPNOTSUPP (O_TMPFILE where the file system has none),
 * -ENAMETOOLONG, -ENOMEM.
 */
int vfs_open(struct dentry *start, const char *path, int flags, u32 mode,
	     struct file **out)
{
	struct nameidata nd;
	struct dentry *d;
	bool created = false;
	int r;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return vfs_open_tmpfile(start, path, flags, mode, out);
	r = namei_walk(start, path, &nd);
	if (r)
		return r;
	r = namei_lookup_last(&nd, follow_open(flags), &d);
	if (r == -ENOENT && (flags & O_CREAT) && nd.last[0]) {
		r = create_last(&nd, mode, &d);
		created = !r;
	} else if (!r && (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		dput(d);
		r = -EEXIST;
	} else if (!r && is_link(d)) {
		dput(d);	/* O_NOFOLLOW */
		r = -ELOOP;
	}
	namei_done(&nd);
	if (r)
		return r;
	r = may_open(d, flags, created);
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
	int r = namei_walk(start, path, &nd);

	if (r)
		return r;
	/* A final symlink is not followed: even a dangling one exists. */
	r = nd.last[0] ? namei_lookup_one(nd.dir, nd.last, &d) : 0;
	if (!r) {
		if (nd.last[0])
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
		r = permission_inode(nd.dir->inode, MAY_WRITE | MAY_EXEC);
	if (!r)
		r = op->mkdir(nd.dir, nd.last,
			      S_IFDIR | (mode & 07777 & ~cred_current_umask()));
	if (!r && !namei_lookup_one(nd.dir, nd.last, &d)) {
		permission_init_owner(d->inode);
		dput(d);
	}
out:
	namei_done(&nd);
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
	return permission_delete(nd->dir->inode, victim->inode);
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
	int r = namei_walk(start, path, &nd);

	if (r)
		return r;
	r = -EISDIR;
	if (!nd.last[0] || !strcmp(nd.last, ".") || !strcmp(nd.last, ".."))
		goto out;
	r = namei_lookup_one(nd.dir, nd.last, &victim);
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
	namei_done(&nd);
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
	int r = namei_walk(start, path, &nd);

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
	r = namei_lookup_one(nd.dir, nd.last, &victim);
	if (r)
		goto out;
	op = nd.dir->inode->i_op;
	r = is_dir(victim) ? may_remove(&nd, victim) : -ENOTDIR;
	if (!r)
		r = op && op->rmdir ? op->rmdir(nd.dir, victim) : -EPERM;
	dput(victim);
out:
	namei_done(&nd);
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
	int r;

	vfs_namespace_lock();
	r = vfs_path_name_locked(d, buf, size);
	vfs_namespace_unlock();
	return r;
}

/**
 * vfs_path_name_locked - vfs_path_name() under the namespace lock.
 * @d: a directory dentry
 * @buf: where the path goes, NUL-terminated
 * @size: its size
 *
 * Context: the namespace lock held.
 * Return: as vfs_path_name().
 */
int vfs_path_name_locked(struct dentry *d, char *buf, size_t size)
{
	size_t at = size, len;
	int r = 0;

	if (!size)
		return -ERANGE;
	buf[--at] = 0;
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
	return r;
}
