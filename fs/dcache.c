// SPDX-License-Identifier: MIT
/*
 * Inodes, dentries and super blocks: allocation and reference counts
 * (fs/vfs.h). Invariant: a dentry is freed only when its last reference
 * goes, and a linked dentry always holds one (the tree's), so a name
 * stays until it is unlinked; the inode goes with its last dentry or
 * open file, and only then does the file system free its data.
 *
 * Locking: as fs/vfs.h; the children lists under the namespace lock.
 */
#include "fs/vfs.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/slab.h"

static u64 next_dev = 1;	/* [a] */
/* Inodes and super blocks have caches of their own, as in Linux
 * (inode_cachep): what other kmalloc users do never decides whether one
 * of them needs a new page. */
static struct kmem_cache inode_cache;	/* [I] after dcache_init() */
static struct kmem_cache sb_cache;	/* [I] after dcache_init() */

/**
 * dcache_init - the inode cache, before the first inode_alloc().
 *
 * Context: boot, task context.
 */
void dcache_init(void)
{
	if (kmem_cache_init(&inode_cache, "inode", sizeof(struct inode), 8) ||
	    kmem_cache_init(&sb_cache, "super_block",
			    sizeof(struct super_block), 8))
		panic("vfs: no inode cache");
}

/**
 * sb_alloc - a new super block with no root yet.
 * @fstype: the file system's name
 * @readonly: changes through it fail with -EROFS
 * @s_op: its operations (evict may be NULL)
 *
 * Context: task context, may sleep.
 * Return: the super block, or NULL without memory. It lives while it is
 * mounted or has an inode (sb->active counts both); one never mounted
 * lives for ever.
 */
struct super_block *sb_alloc(const char *fstype, bool readonly,
			     const struct super_operations *s_op)
{
	struct super_block *sb = kmem_cache_alloc(&sb_cache, GFP_KERNEL);

	if (!sb)
		return NULL;
	memset(sb, 0, sizeof(*sb));
	sb->active = 1;
	sb->fstype = fstype;
	sb->readonly = readonly;
	sb->s_op = s_op;
	sb->dev = __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	sb->next_ino = 1;
	return sb;
}

/**
 * sb_put - drop one of sb->active: the umount's, or a freed inode's.
 * @sb: the super block
 *
 * The last one frees it, after put_super() freed the fs's data.
 * Context: task context, may sleep.
 */
void sb_put(struct super_block *sb)
{
	if (__atomic_sub_fetch(&sb->active, 1, __ATOMIC_ACQ_REL))
		return;
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kmem_cache_free(&sb_cache, sb);
}

/**
 * inode_alloc - a new inode of @sb with one reference and no link.
 * @sb: its file system
 * @mode: type and permission bits (S_IF*)
 *
 * The caller sets i_op, f_op and private before anyone else sees it.
 * Context: task context, may sleep.
 * Return: the inode, or NULL without memory.
 */
struct inode *inode_alloc(struct super_block *sb, u32 mode)
{
	struct inode *inode = kmem_cache_alloc(&inode_cache, GFP_KERNEL);

	if (!inode)
		return NULL;
	memset(inode, 0, sizeof(*inode));
	inode->sb = sb;
	inode->mode = mode;
	inode->refs = 1;
	__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
	inode->ino = __atomic_fetch_add(&sb->next_ino, 1, __ATOMIC_RELAXED);
	mutex_init(&inode->lock, "inode");
	return inode;
}

/* iget - one more reference on @inode. Context: any. */
void iget(struct inode *inode)
{
	__atomic_add_fetch(&inode->refs, 1, __ATOMIC_RELAXED);
}

/**
 * iput - drop a reference; the last one evicts the inode.
 * @inode: the inode
 *
 * Context: task context, may sleep; no inode->lock held.
 */
void iput(struct inode *inode)
{
	struct super_block *sb = inode->sb;

	if (__atomic_sub_fetch(&inode->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (sb->s_op && sb->s_op->evict)
		sb->s_op->evict(inode);
	kmem_cache_free(&inode_cache, inode);
	sb_put(sb);
}

/**
 * d_alloc - a new unlinked dentry @name under @parent for @inode.
 * @parent: its directory (a reference is taken), or NULL for a root
 * @name: the component, at most NAME_MAX bytes
 * @inode: its inode; the dentry takes over the caller's reference
 *
 * Context: task context, may sleep.
 * Return: the dentry with one reference, or NULL without memory (the
 * inode reference is dropped then).
 */
struct dentry *d_alloc(struct dentry *parent, const char *name,
		       struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d) {
		iput(inode);
		return NULL;
	}
	strlcpy(d->name, name, sizeof(d->name));
	d->parent = parent ? dget(parent) : NULL;
	d->inode = inode;
	d->refs = 1;
	INIT_LIST_HEAD(&d->children);
	INIT_LIST_HEAD(&d->child);
	return d;
}

/* dget - one more reference on @d. Context: any. Return: @d. */
struct dentry *dget(struct dentry *d)
{
	__atomic_add_fetch(&d->refs, 1, __ATOMIC_RELAXED);
	return d;
}

/**
 * dput - drop a reference; the last one frees the dentry and drops its
 * references on the inode and the parent.
 * @d: the dentry, or NULL
 *
 * Context: task context, may sleep.
 */
void dput(struct dentry *d)
{
	while (d && !__atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL)) {
		struct dentry *parent = d->parent;

		BUG_ON(d->linked || !list_empty(&d->children));
		iput(d->inode);
		kfree(d);
		d = parent;	/* the parent's reference, without recursion */
	}
}

/**
 * d_link - make @d a name in its parent: the tree takes a reference.
 * @d: an unlinked dentry with a parent
 *
 * Context: the namespace lock held.
 */
void d_link(struct dentry *d)
{
	WARN_ON(!vfs_namespace_held());
	dget(d);
	d->linked = true;
	d->inode->nlink++;
	list_add_tail(&d->child, &d->parent->children);
}

/**
 * d_unlink - remove the name @d from its parent and drop the tree's
 * reference; open files keep the dentry and inode until they close.
 * @d: a linked dentry
 *
 * Context: the namespace lock held.
 */
void d_unlink(struct dentry *d)
{
	WARN_ON(!vfs_namespace_held());
	list_del_init(&d->child);
	d->linked = false;
	d->inode->nlink--;
	dput(d);
}

/**
 * d_find_child - the linked child @name of @dir.
 * @dir: a directory dentry
 * @name: a component
 *
 * Context: the namespace lock held.
 * Return: the child with a new reference, or NULL.
 */
struct dentry *d_find_child(struct dentry *dir, const char *name)
{
	struct dentry *c;

	list_for_each_entry(c, &dir->children, child)
		if (!strcmp(c->name, name))
			return dget(c);
	return NULL;
}

/* Context: the namespace lock held. Return: @dir has linked children. */
bool d_has_children(struct dentry *dir)
{
	return !list_empty(&dir->children);
}

/**
 * d_move - rename: @d becomes the child @name of @new_dir.
 * @d: a linked dentry
 * @new_dir: its new parent, where no child is called @name
 * @name: its new name, at most NAME_MAX bytes
 *
 * The dentry keeps its inode, children and mounts; only its place in the
 * tree changes, so open files and a cwd inside it follow it.
 * Context: the namespace lock held.
 */
void d_move(struct dentry *d, struct dentry *new_dir, const char *name)
{
	struct dentry *old_dir = d->parent;

	WARN_ON(!vfs_namespace_held() || !d->linked);
	list_del_init(&d->child);
	d->parent = dget(new_dir);
	strlcpy(d->name, name, sizeof(d->name));
	list_add_tail(&d->child, &new_dir->children);
	dput(old_dir);	/* @d held a reference: never the last one */
}

/**
 * d_exchange - RENAME_EXCHANGE: @a and @b trade names and parents.
 * @a: a linked dentry
 * @b: another, neither an ancestor of the other
 *
 * Context: the namespace lock held.
 */
void d_exchange(struct dentry *a, struct dentry *b)
{
	char name[NAME_MAX + 1];
	struct dentry *a_dir = a->parent;

	WARN_ON(!vfs_namespace_held() || !a->linked || !b->linked);
	strlcpy(name, a->name, sizeof(name));
	dget(a_dir);
	d_move(a, b->parent, b->name);
	d_move(b, a_dir, name);
	dput(a_dir);
}

/**
 * dir_emit - offer one directory entry to a getdents64 cursor.
 * @ctx: the cursor
 * @name: the entry's name
 * @ino: its inode number
 * @type: DT_*
 *
 * Entries before ctx->pos were returned by an earlier call and are
 * skipped.
 * Context: any (the actor only copies into a kernel buffer).
 * Return: false when the buffer is full: stop iterating.
 */
bool dir_emit(struct dir_context *ctx, const char *name, u64 ino,
	      unsigned int type)
{
	if (ctx->index < ctx->pos) {
		ctx->index++;
		return true;
	}
	if (!ctx->actor(ctx, name, ino, type))
		return false;
	ctx->pos = ++ctx->index;
	return true;
}
