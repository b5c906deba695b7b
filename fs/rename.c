// SPDX-License-Identifier: MIT
/*
 * rename, renameat and renameat2 (fs/namei.h), with Linux 6.1's rules
 * from do_renameat2() and vfs_rename() in fs/namei.c, checked in the
 * same order so each case gets Linux's errno:
 *
 *   -EINVAL     bad flags; RENAME_WHITEOUT (no whiteouts here); the
 *               source is the target's ancestor
 *   -EXDEV      the two paths on different mounts
 *   -EBUSY      a last component ".", ".." or none; a mount point
 *   -EEXIST     RENAME_NOREPLACE and the target exists
 *   -ENOENT     no source; RENAME_EXCHANGE and no target
 *   -ENOTDIR    a trailing slash on a non-directory; a directory over
 *               a non-directory
 *   -EISDIR     a non-directory over a directory
 *   -ENOTEMPTY  over a directory with entries; the target is the
 *               source's ancestor
 *
 * Both paths are walked under one hold of the namespace lock, so the
 * checks and the move see one tree. Renaming a name onto another name
 * of the same inode does nothing and succeeds, as in Linux.
 *
 * Locking: the namespace lock (fs/vfs.h).
 */
#include "fs/namei.h"
#include "fs/namei_internal.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RENAME_FLAGS	(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)

static bool is_dir(struct dentry *d)
{
	return S_ISDIR(d->inode->mode);
}

/* @a is @d or above it in @d's file system. */
static bool is_ancestor(struct dentry *a, struct dentry *d)
{
	for (; d; d = d->parent)
		if (d == a)
			return true;
	return false;
}

static bool is_dots(const char *name)
{
	return !name[0] || !strcmp(name, ".") || !strcmp(name, "..");
}

/* The two walked paths, their dentries, and the flags. */
struct rename_data {
	struct nameidata old, new;
	struct dentry *source, *target;	/* target: NULL if none */
	unsigned int flags;
};

/* do_renameat2()'s checks on the two last components. */
static int check_names(struct rename_data *rd)
{
	if (rd->old.dir->inode->sb != rd->new.dir->inode->sb)
		return -EXDEV;
	if (is_dots(rd->old.last))
		return -EBUSY;
	if (is_dots(rd->new.last))
		return rd->flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	if (rd->old.dir->inode->sb->readonly)
		return -EROFS;
	return 0;
}

/* do_renameat2()'s checks on what the names found. */
static int check_found(struct rename_data *rd)
{
	bool exchange = rd->flags & RENAME_EXCHANGE;

	if ((rd->flags & RENAME_NOREPLACE) && rd->target)
		return -EEXIST;
	if (exchange && !rd->target)
		return -ENOENT;
	if (exchange && rd->new.slash && !is_dir(rd->target))
		return -ENOTDIR;
	if (!is_dir(rd->source) &&
	    (rd->old.slash || (!exchange && rd->new.slash)))
		return -ENOTDIR;
	if (is_ancestor(rd->source, rd->new.dir))
		return -EINVAL;
	if (rd->target && is_ancestor(rd->target, rd->old.dir))
		return exchange ? -EINVAL : -ENOTEMPTY;
	return 0;
}

/* vfs_rename()'s checks: may_delete() on each side, and mounts. */
static int check_types(struct rename_data *rd)
{
	struct dentry *s = rd->source, *t = rd->target;

	if (t && !(rd->flags & RENAME_EXCHANGE) && is_dir(s) != is_dir(t))
		return is_dir(s) ? -ENOTDIR : -EISDIR;
	if (s->mounted || s->mountpoint || (t && (t->mounted ||
						  t->mountpoint)))
		return -EBUSY;
	if (!s->linked || (t && !t->linked))
		return -EPERM;
	return 0;
}

/* Look both names up, check, and move. Context: namespace lock held. */
static int rename_locked(struct rename_data *rd)
{
	const struct inode_operations *op = rd->old.dir->inode->i_op;
	int r = check_names(rd);

	if (r)
		return r;
	r = namei_lookup_one(rd->old.dir, rd->old.last, &rd->source);
	if (r)
		return r;
	r = namei_lookup_one(rd->new.dir, rd->new.last, &rd->target);
	if (r == -ENOENT)
		rd->target = NULL;
	else if (r)
		return r;
	r = check_found(rd);
	if (r)
		return r;
	if (rd->target && rd->target->inode == rd->source->inode)
		return 0;
	r = check_types(rd);
	if (!r && (!op || !op->rename))
		r = -EPERM;
	if (!r)
		r = op->rename(rd->source, rd->new.dir, rd->new.last,
			       rd->target, rd->flags);
	return r;
}

/**
 * vfs_rename - renameat2(): move the name @old_path to @new_path.
 * @old_start: where a relative @old_path starts
 * @old_path: the source (kernel memory)
 * @new_start: where a relative @new_path starts
 * @new_path: the target (kernel memory)
 * @flags: RENAME_NOREPLACE or RENAME_EXCHANGE
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0, or the errnos in this file's header; -ENOTDIR, -ELOOP,
 * -ENAMETOOLONG, -ENOMEM from the walks; -EPERM where the file system
 * cannot rename.
 */
int vfs_rename(struct dentry *old_start, const char *old_path,
	       struct dentry *new_start, const char *new_path,
	       unsigned int flags)
{
	struct rename_data rd = { .flags = flags };
	int r;

	if ((flags & ~RENAME_FLAGS) || (flags & RENAME_WHITEOUT) ||
	    (flags & RENAME_EXCHANGE && flags & RENAME_NOREPLACE))
		return -EINVAL;
	vfs_namespace_lock();
	r = namei_walk_locked(old_start, old_path, &rd.old);
	if (r)
		goto out_unlock;
	r = namei_walk_locked(new_start, new_path, &rd.new);
	if (r)
		goto out_old;
	r = rename_locked(&rd);
	dput(rd.source);
	dput(rd.target);
	namei_put(&rd.new);
out_old:
	namei_put(&rd.old);
out_unlock:
	vfs_namespace_unlock();
	return r;
}
