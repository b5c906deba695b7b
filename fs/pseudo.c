// SPDX-License-Identifier: MIT
/*
 * Pseudo files and directories (fs/pseudo.h). Each inode carries a
 * struct pseudo_node naming its callbacks and their data; the VFS
 * operations here only dispatch to them. Invariant: the callbacks own
 * the data; a node never outlives its inode and is freed with it.
 *
 * Locking: [I] a node after creation; names under the namespace lock;
 * an open file's snapshot belongs to the file ([f]).
 */
#include <stdarg.h>
#include "fs/file.h"
#include "fs/pseudo.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/slab.h"

struct pseudo_node {
	const struct pseudo_file_ops *fops;	/* [I] files */
	const struct pseudo_dir_ops *dops;	/* [I] directories */
	void *data;				/* [I] */
};

static const struct inode_operations pseudo_dir_iops;
static const struct file_operations pseudo_fops;

/**
 * pseudo_printf - append to a show() buffer; text past its size is cut.
 * @buf: the buffer
 * @fmt: format, as snprintf()
 *
 * Context: any.
 */
void pseudo_printf(struct pseudo_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf->s + buf->len, buf->size - buf->len, fmt, ap);
	va_end(ap);
	buf->len = MIN(buf->len + (size_t)n, buf->size - 1);
}

/* Return: the callback data of pseudo dentry @d. Context: any. */
void *pseudo_data(struct dentry *d)
{
	struct pseudo_node *node = d->inode->private;

	return node->data;
}

static void pseudo_evict(struct inode *inode)
{
	kfree(inode->private);
}

static const struct super_operations pseudo_sops = {
	.evict = pseudo_evict,
};

static struct inode *pseudo_inode(struct super_block *sb, u32 mode,
				  const struct pseudo_file_ops *fops,
				  const struct pseudo_dir_ops *dops,
				  void *data)
{
	struct inode *inode = inode_alloc(sb, mode);
	struct pseudo_node *node = kzalloc(sizeof(*node), GFP_KERNEL);

	if (!inode || !node) {
		kfree(node);
		if (inode)
			iput(inode);
		return NULL;
	}
	*node = (struct pseudo_node){ fops, dops, data };
	inode->private = node;
	if (S_ISDIR(mode)) {
		inode->i_op = &pseudo_dir_iops;
	} else {
		inode->f_op = &pseudo_fops;
	}
	return inode;
}

/* A new dentry @name under @parent for a new pseudo inode. */
static int pseudo_new(struct dentry *parent, const char *name, u32 mode,
		      const struct pseudo_file_ops *fops,
		      const struct pseudo_dir_ops *dops, void *data,
		      struct dentry **out)
{
	struct inode *inode = pseudo_inode(parent->inode->sb, mode, fops,
					   dops, data);

	if (!inode)
		return -ENOMEM;
	*out = d_alloc(parent, name, inode);
	return *out ? 0 : -ENOMEM;
}

/**
 * pseudo_new_file - an unlinked pseudo file, for a lookup() callback.
 * @dir: its directory
 * @name: its name
 * @mode: S_IFREG and permission bits (0444 read-only, 0644 writable)
 * @ops: its callbacks
 * @data: passed to them
 * @out: the dentry, one reference
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int pseudo_new_file(struct dentry *dir, const char *name, u32 mode,
		    const struct pseudo_file_ops *ops, void *data,
		    struct dentry **out)
{
	return pseudo_new(dir, name, S_IFREG | (mode & 07777), ops, NULL,
			  data, out);
}

/* pseudo_new_dir - as pseudo_new_file(), a directory with @ops. */
int pseudo_new_dir(struct dentry *parent, const char *name,
		   const struct pseudo_dir_ops *ops, void *data,
		   struct dentry **out)
{
	return pseudo_new(parent, name, S_IFDIR | 0555, NULL, ops, data,
			  out);
}

/**
 * pseudo_add_file - a pseudo file named @name in @dir until removed.
 * @dir: a pseudo directory
 * @name: its name
 * @mode: as pseudo_new_file()
 * @ops: its callbacks
 * @data: passed to them
 *
 * Context: the namespace lock held (a mkdir callback, or init).
 * Return: 0, or -ENOMEM.
 */
int pseudo_add_file(struct dentry *dir, const char *name, u32 mode,
		    const struct pseudo_file_ops *ops, void *data)
{
	struct dentry *d;
	int r = pseudo_new_file(dir, name, mode, ops, data, &d);

	if (r)
		return r;
	d_link(d);
	dput(d);
	return 0;
}

/**
 * pseudo_mkdir - a pseudo directory named @name in @parent until removed.
 * @parent: a pseudo directory
 * @name: its name
 * @ops: its callbacks
 * @data: passed to them
 *
 * Context: the namespace lock held.
 * Return: the directory (the tree's: valid until it is removed), or
 * NULL without memory.
 */
struct dentry *pseudo_mkdir(struct dentry *parent, const char *name,
			    const struct pseudo_dir_ops *ops, void *data)
{
	struct dentry *d;

	if (pseudo_new_dir(parent, name, ops, data, &d))
		return NULL;
	d_link(d);
	dput(d);
	return d;
}

/**
 * pseudo_fs_create - a pseudo file system whose root has @ops.
 * @fstype: its name ("proc", "cgroup2")
 * @ops: the root's directory callbacks
 * @data: passed to them
 *
 * Context: task context, may sleep.
 * Return: its super block, or NULL without memory.
 */
struct super_block *pseudo_fs_create(const char *fstype,
				     const struct pseudo_dir_ops *ops,
				     void *data)
{
	struct super_block *sb = sb_alloc(fstype, false, &pseudo_sops);
	struct inode *root;

	if (!sb)
		return NULL;
	root = pseudo_inode(sb, S_IFDIR | 0555, NULL, ops, data);
	if (!root)
		return NULL;
	sb->root = d_alloc(NULL, "/", root);
	return sb->root ? sb : NULL;
}

static const struct pseudo_dir_ops *dir_ops(struct dentry *dir)
{
	struct pseudo_node *node = dir->inode->private;

	return node->dops;
}

static int pseudo_lookup(struct dentry *dir, const char *name,
			 struct dentry **out)
{
	const struct pseudo_dir_ops *ops = dir_ops(dir);

	return ops && ops->lookup ? ops->lookup(dir, name, out) : -ENOENT;
}

static void pseudo_iterate(struct dentry *dir, struct dir_context *ctx)
{
	const struct pseudo_dir_ops *ops = dir_ops(dir);

	if (ops && ops->iterate)
		ops->iterate(dir, ctx);
}

static int pseudo_mkdir_op(struct dentry *dir, const char *name, u32 mode)
{
	const struct pseudo_dir_ops *ops = dir_ops(dir);

	return ops && ops->mkdir ? ops->mkdir(dir, name) : -EPERM;
}

/* rmdir: the callback decides; the files inside go with the directory
 * (a subdirectory keeps it: -ENOTEMPTY, unless the callback says why). */
static int pseudo_rmdir_op(struct dentry *dir, struct dentry *victim)
{
	const struct pseudo_dir_ops *ops = dir_ops(victim);
	struct dentry *c, *tmp;
	int r;

	if (!ops || !ops->rmdir)
		return -EPERM;
	list_for_each_entry(c, &victim->children, child)
		if (S_ISDIR(c->inode->mode) && !ops->rmdir_judges_children)
			return -ENOTEMPTY;
	r = ops->rmdir(victim);
	if (r)
		return r;
	list_for_each_entry_safe(c, tmp, &victim->children, child)
		d_unlink(c);
	d_unlink(victim);
	return 0;
}

static const struct inode_operations pseudo_dir_iops = {
	.lookup = pseudo_lookup,
	.iterate = pseudo_iterate,
	.mkdir = pseudo_mkdir_op,
	.rmdir = pseudo_rmdir_op,
};

static const struct pseudo_file_ops *file_ops(struct file *file)
{
	struct pseudo_node *node = file->inode->private;

	return node->fops;
}

/* Open: the snapshot a reader reads (file->private). */
static int pseudo_open(struct inode *inode, struct file *file)
{
	struct pseudo_node *node = inode->private;
	struct pseudo_buf *buf;
	int r;

	if (!(file->mode & FMODE_READ) || !node->fops->show)
		return 0;
	buf = kzalloc(sizeof(*buf) + PSEUDO_BUF_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf->s = (char *)(buf + 1);
	buf->size = PSEUDO_BUF_SIZE;
	r = node->fops->show(node->data, buf);
	if (r) {
		kfree(buf);
		return r;
	}
	file->private = buf;
	return 0;
}

static long pseudo_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct pseudo_buf *buf = file->private;
	size_t n, got;

	if (!buf || (u64)*pos >= buf->len)
		return 0;
	n = MIN(io->len, buf->len - (size_t)*pos);
	got = io_copy_to(io, 0, buf->s + *pos, n);
	*pos += (loff_t)got;
	return got || !n ? (long)got : -EFAULT;
}

static long pseudo_write(struct file *file, struct io_buf *io, loff_t *pos)
{
	const struct pseudo_file_ops *ops = file_ops(file);
	size_t max = ops->max_write ? ops->max_write : PSEUDO_BUF_SIZE - 1;
	size_t n = MIN(io->len, max);
	char *s;
	long r;

	if (!ops->write)
		return -EINVAL;
	s = kmalloc(n + 1, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	if (io_copy_from(s, io, 0, n) != n) {
		r = -EFAULT;
	} else {
		s[n] = 0;
		r = ops->write(pseudo_data(file->dentry), s, n);
	}
	kfree(s);
	return r;
}

static void pseudo_release(struct file *file)
{
	kfree(file->private);
}

static const struct file_operations pseudo_fops = {
	.open = pseudo_open,
	.read = pseudo_read,
	.write = pseudo_write,
	.release = pseudo_release,
};
