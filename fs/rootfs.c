// SPDX-License-Identifier: MIT
/*
 * The root file system: the initramfs archive as a read-only tree at
 * "/". A regular file is read through the page cache (mm/filemap.h):
 * the first read of a page copies it out of the archive into a page
 * charged to the reader's memory cgroup, later reads copy from that
 * page until reclaim drops it. The archive itself stays reserved for
 * the life of the kernel (exec maps programs straight from it). The
 * directories other file systems mount on (/tmp, /proc) are made here
 * when the archive has none.
 *
 * Locking: [I] everything after rootfs_create(); the tree is built under
 * the namespace lock. The cached pages follow mm/filemap.h.
 */
#include "fs/file.h"
#include "fs/rootfs.h"
#include "kernel/initramfs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/filemap.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

/* A regular file: the archive's entry and its pages. */
struct rootfs_file {
	const struct initramfs_file *f;		/* [I] */
	struct address_space mapping;		/* its rules */
};

static int rootfs_read_folio(struct address_space *mapping,
			     struct page *page, pgoff_t index)
{
	const struct rootfs_file *rf = mapping->host;

	initramfs_read_page(rf->f, index, page_address(page));
	return 0;
}

static const struct address_space_operations rootfs_aops = {
	.read_folio = rootfs_read_folio,
};

static long rootfs_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct rootfs_file *rf = file->inode->private;

	return filemap_read(&rf->mapping, rf->f->size, io, pos);
}

/* The initramfs never goes away, so its files' caches can be mapped. */
static struct address_space *rootfs_file_mapping(struct file *file)
{
	return rootfs_mapping(file->inode);
}

static const struct file_operations rootfs_fops = {
	.read = rootfs_read,
	.mapping = rootfs_file_mapping,
};

static u64 rootfs_blocks(struct inode *inode)
{
	return ALIGN_UP((u64)inode->size, 4096) / 512;
}

static const struct super_operations rootfs_sops = {
	.blocks = rootfs_blocks,
};

/**
 * rootfs_mapping - the page cache of a regular file of the root (Linux's
 * inode->i_mapping), for tests that look at its pages.
 * @inode: a regular file of the root file system
 *
 * Context: any. Return: its mapping.
 */
struct address_space *rootfs_mapping(struct inode *inode)
{
	return &((struct rootfs_file *)inode->private)->mapping;
}

/* The linked child @name of @dir, made with @mode if absent. */
static struct dentry *rootfs_child(struct dentry *dir, const char *name,
				   u32 mode)
{
	struct dentry *d = d_find_child(dir, name);
	struct inode *inode;

	if (d)
		return d;
	inode = inode_alloc(dir->inode->sb, mode);
	if (!inode)
		return NULL;
	d = d_alloc(dir, name, inode);
	if (d)
		d_link(d);
	return d;
}

static size_t comp_len(const char *p)
{
	size_t len = 0;

	while (p[len] && p[len] != '/')
		len++;
	return len;
}

/* The directories of @path ("sys/fs/cgroup") under @root, as mkdir -p. */
static int rootfs_mkdir_p(struct dentry *root, const char *path)
{
	struct dentry *dir = dget(root), *d;
	char comp[NAME_MAX + 1];

	for (const char *p = path; *p; p += *p == '/') {
		size_t len = comp_len(p);

		if (len > NAME_MAX) {
			dput(dir);
			return -EINVAL;
		}
		memcpy(comp, p, len);
		comp[len] = 0;
		p += len;
		d = len ? rootfs_child(dir, comp, S_IFDIR | 0755) : dget(dir);
		dput(dir);
		if (!d)
			return -ENOMEM;
		dir = d;
	}
	dput(dir);
	return 0;
}

/* Make @inode the regular file @f, read through a fresh page cache. */
static int rootfs_add_file(struct inode *inode,
			   const struct initramfs_file *f)
{
	struct rootfs_file *rf = kzalloc(sizeof(*rf), GFP_KERNEL);

	if (!rf)
		return -ENOMEM;
	rf->f = f;
	if (address_space_init(&rf->mapping, rf, &rootfs_aops, f->size)) {
		kfree(rf);
		return -ENOMEM;
	}
	inode->private = rf;
	inode->f_op = &rootfs_fops;
	inode->size = (loff_t)f->size;
	return 0;
}

/* Add @f ("bin/hog") under @root, making the directories on its way. */
static int rootfs_add(struct dentry *root, const struct initramfs_file *f)
{
	struct dentry *dir = dget(root), *d;
	const char *p = f->name;
	char comp[NAME_MAX + 1];
	int err = 0;

	for (;;) {
		size_t len = comp_len(p);
		bool last = !p[len];

		if (!len || len > NAME_MAX) {
			dput(dir);
			return -EINVAL;
		}
		memcpy(comp, p, len);
		comp[len] = 0;
		d = rootfs_child(dir, comp, last ? f->mode : S_IFDIR | 0755);
		dput(dir);
		if (!d)
			return -ENOMEM;
		if (last)
			break;
		dir = d;
		p += len + 1;
	}
	if (S_ISREG(f->mode))
		err = rootfs_add_file(d->inode, f);
	dput(d);
	return err;
}

/**
 * rootfs_create - the initramfs as a read-only file system.
 * @mountpoints: NULL-terminated paths of directories to make in the
 *	root if the archive has none ("tmp", "sys/fs/cgroup")
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: its super block (an empty root without an archive), or NULL
 * without memory.
 */
struct super_block *rootfs_create(const char *const *mountpoints)
{
	struct super_block *sb = sb_alloc("rootfs", true, &rootfs_sops);
	struct inode *inode;
	int r = 0;

	if (!sb)
		return NULL;
	inode = inode_alloc(sb, S_IFDIR | 0755);
	if (!inode)
		return NULL;
	sb->root = d_alloc(NULL, "/", inode);
	if (!sb->root)
		return NULL;
	vfs_namespace_lock();
	/* An entry with an odd name is left out; no memory ends it all. */
	for (size_t i = 0; i < initramfs_count() && r != -ENOMEM; i++)
		r = rootfs_add(sb->root, initramfs_file_at(i));
	for (; *mountpoints && r != -ENOMEM; mountpoints++)
		r = rootfs_mkdir_p(sb->root, *mountpoints);
	vfs_namespace_unlock();
	return r == -ENOMEM ? NULL : sb;
}
