// SPDX-License-Identifier: MIT
/*
 * tmpfs (fs/tmpfs.h). Invariant: every non-NULL slot of a file's page
 * index is a page charged once, counted once in nr_pages, and no slot
 * lies at or beyond the page that holds the file's last byte; the bytes
 * of that page past the size are zero, so a file that grows again reads
 * zeros there (a truncated tail never comes back).
 *
 * Locking: [i] inode->lock for size and the page index; [a] nr_pages.
 */
#include "fs/file.h"
#include "fs/fs_type.h"
#include "fs/namei.h"
#include "fs/tmpfs.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/kstrtox.h"
#include "lib/string.h"
#include "mm/charge.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define TMPFS_PAGE	4096UL

struct tmpfs_inode {
	struct page **pages;		/* [i] the page index */
	size_t nr_slots;		/* [i] its capacity */
	size_t nr_present;		/* [i] non-NULL slots */
	char *target;			/* [I] a symlink's text, NUL-ended */
};

static u64 nr_pages;			/* [a] pages of every tmpfs file */

/* One tmpfs instance (sb->fs_info): its size= limit and usage. */
struct tmpfs_sb {
	unsigned long max_pages;	/* [I] 0: no limit */
	unsigned long nr_pages;		/* [a] pages of its files */
	u32 mode;			/* [I] the root's mode= */
};

static const struct inode_operations tmpfs_dir_iops;
static const struct inode_operations tmpfs_file_iops;
static const struct inode_operations tmpfs_link_iops;
static const struct file_operations tmpfs_file_fops;

/* Pages all tmpfs files hold (Shmem in /proc/meminfo). Context: any. */
u64 tmpfs_nr_pages(void)
{
	return __atomic_load_n(&nr_pages, __ATOMIC_RELAXED);
}

static struct tmpfs_inode *TI(struct inode *inode)
{
	return inode->private;
}

static struct tmpfs_sb *TSB(struct inode *inode)
{
	return inode->sb->fs_info;
}

static void tmpfs_free_page(struct inode *inode, struct page *page)
{
	mm_uncharge_page(page);
	free_page(page);
	__atomic_sub_fetch(&nr_pages, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&TSB(inode)->nr_pages, 1, __ATOMIC_RELAXED);
}

/* Count a page against the instance's size=: -ENOSPC when full, as in
 * Linux's shmem_inode_acct_block(). */
static int tmpfs_acct_page(struct inode *inode)
{
	struct tmpfs_sb *tsb = TSB(inode);
	unsigned long n = __atomic_add_fetch(&tsb->nr_pages, 1,
					     __ATOMIC_RELAXED);

	if (tsb->max_pages && n > tsb->max_pages) {
		__atomic_sub_fetch(&tsb->nr_pages, 1, __ATOMIC_RELAXED);
		return -ENOSPC;
	}
	return 0;
}

/* Grow the index to hold @index. Context: [i] held. */
static int tmpfs_grow(struct tmpfs_inode *ti, size_t index)
{
	size_t n = ti->nr_slots ? ti->nr_slots : 8;
	struct page **pages;

	if (index >= TMPFS_MAX_FILE_PAGES)
		return -EFBIG;
	while (n <= index)
		n *= 2;
	pages = kzalloc(n * sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	if (ti->nr_slots)
		memcpy(pages, ti->pages, ti->nr_slots * sizeof(*pages));
	kfree(ti->pages);
	ti->pages = pages;
	ti->nr_slots = n;
	return 0;
}

/* The page at @index, allocated and charged if absent. Context: [i]. */
static int tmpfs_get_page(struct inode *inode, size_t index,
			  struct page **out)
{
	struct tmpfs_inode *ti = TI(inode);
	struct page *page;
	int r;

	if (index >= ti->nr_slots) {
		r = tmpfs_grow(ti, index);
		if (r)
			return r;
	}
	if (ti->pages[index]) {
		*out = ti->pages[index];
		return 0;
	}
	r = tmpfs_acct_page(inode);
	if (r)
		return r;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	r = page ? mm_charge_page(page, current->mm, GFP_KERNEL, CHARGE_FILE) :
		   -ENOMEM;
	if (r) {
		if (page)
			free_page(page);
		__atomic_sub_fetch(&TSB(inode)->nr_pages, 1, __ATOMIC_RELAXED);
		return r;
	}
	__atomic_add_fetch(&nr_pages, 1, __ATOMIC_RELAXED);
	ti->pages[index] = page;
	ti->nr_present++;
	*out = page;
	return 0;
}

static long tmpfs_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct inode *inode = file->inode;
	struct tmpfs_inode *ti = TI(inode);
	bool fault = false;
	size_t done = 0;

	mutex_lock(&inode->lock);
	while (done < io->len && *pos < inode->size) {
		size_t index = (size_t)*pos / TMPFS_PAGE;
		size_t off = (size_t)*pos % TMPFS_PAGE;
		size_t n = MIN(TMPFS_PAGE - off, io->len - done);
		struct page *page;
		size_t got;

		n = MIN(n, (size_t)(inode->size - *pos));
		page = index < ti->nr_slots ? ti->pages[index] : NULL;
		if (page)
			got = io_copy_to(io, done, (char *)page_address(page) +
					 off, n);
		else
			got = io_zero(io, done, n);
		done += got;
		*pos += (loff_t)got;
		if (got < n) {
			fault = true;
			break;
		}
	}
	mutex_unlock(&inode->lock);
	return fault && !done ? -EFAULT : (long)done;
}

static long tmpfs_write(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct inode *inode = file->inode;
	size_t done = 0;
	long r = 0;

	mutex_lock(&inode->lock);
	if (file->flags & O_APPEND)
		*pos = inode->size;
	while (done < io->len) {
		size_t off = (size_t)*pos % TMPFS_PAGE;
		size_t n = MIN(TMPFS_PAGE - off, io->len - done);
		struct page *page;
		size_t got;

		r = tmpfs_get_page(inode, (size_t)*pos / TMPFS_PAGE, &page);
		if (r)
			break;
		got = io_copy_from((char *)page_address(page) + off, io, done,
				   n);
		done += got;
		*pos += (loff_t)got;
		if (*pos > inode->size)
			__atomic_store_n(&inode->size, *pos, __ATOMIC_RELAXED);
		if (got < n) {
			r = -EFAULT;
			break;
		}
	}
	mutex_unlock(&inode->lock);
	return done ? (long)done : r;
}

/* Free every page from @first on. Context: [i] held, or the last ref. */
static void tmpfs_cut(struct inode *inode, size_t first)
{
	struct tmpfs_inode *ti = TI(inode);

	for (size_t i = first; i < ti->nr_slots; i++) {
		if (ti->pages[i]) {
			tmpfs_free_page(inode, ti->pages[i]);
			ti->pages[i] = NULL;
			ti->nr_present--;
		}
	}
}

static int tmpfs_setsize(struct inode *inode, loff_t size)
{
	struct tmpfs_inode *ti = TI(inode);
	size_t keep;

	if (size < 0)
		return -EINVAL;
	if ((u64)size > TMPFS_MAX_FILE_PAGES * TMPFS_PAGE)
		return -EFBIG;
	mutex_lock(&inode->lock);
	keep = ALIGN_UP((size_t)size, TMPFS_PAGE) / TMPFS_PAGE;
	tmpfs_cut(inode, keep);
	if (size % TMPFS_PAGE && keep - 1 < ti->nr_slots &&
	    ti->pages[keep - 1]) {
		size_t off = (size_t)size % TMPFS_PAGE;

		/* The tail past the new size must read as zeros if the
		 * file grows again. */
		memset((char *)page_address(ti->pages[keep - 1]) + off, 0,
		       TMPFS_PAGE - off);
	}
	__atomic_store_n(&inode->size, size, __ATOMIC_RELAXED);
	mutex_unlock(&inode->lock);
	return 0;
}

static void tmpfs_evict(struct inode *inode)
{
	struct tmpfs_inode *ti = TI(inode);

	if (!ti)
		return;
	tmpfs_cut(inode, 0);
	kfree(ti->pages);
	kfree(ti->target);
	kfree(ti);
}

static u64 tmpfs_blocks(struct inode *inode)
{
	struct tmpfs_inode *ti = TI(inode);

	return ti ? __atomic_load_n(&ti->nr_present, __ATOMIC_RELAXED) *
			    (TMPFS_PAGE / 512) : 0;
}

static void tmpfs_put_super(struct super_block *sb);
static int tmpfs_statfs(struct super_block *sb, struct kstatfs *st);

static const struct super_operations tmpfs_sops = {
	.evict = tmpfs_evict,
	.blocks = tmpfs_blocks,
	.put_super = tmpfs_put_super,
	.statfs = tmpfs_statfs,
};

/* A new inode of @mode in @dir's file system, with its operations. */
static struct inode *tmpfs_new_inode(struct dentry *dir, u32 mode)
{
	struct inode *inode = inode_alloc(dir->inode->sb, mode);

	if (!inode)
		return NULL;
	if (S_ISDIR(mode)) {
		inode->i_op = &tmpfs_dir_iops;
		return inode;
	}
	inode->private = kzalloc(sizeof(struct tmpfs_inode), GFP_KERNEL);
	if (!inode->private) {
		iput(inode);
		return NULL;
	}
	if (S_ISLNK(mode)) {
		inode->i_op = &tmpfs_link_iops;
	} else {
		inode->i_op = &tmpfs_file_iops;
		inode->f_op = &tmpfs_file_fops;
	}
	return inode;
}

/* Give @inode (the caller's reference) the linked name @name in @dir. */
static int tmpfs_add_name(struct dentry *dir, const char *name,
			  struct inode *inode, struct dentry **out)
{
	struct dentry *d = d_alloc(dir, name, inode);

	if (!d)
		return -ENOMEM;
	d_link(d);
	if (out)
		*out = d;
	else
		dput(d);
	return 0;
}

/* A new linked name @name in @dir for a new inode of @mode. */
static int tmpfs_mknod(struct dentry *dir, const char *name, u32 mode,
		       struct dentry **out)
{
	struct inode *inode = tmpfs_new_inode(dir, mode);

	return inode ? tmpfs_add_name(dir, name, inode, out) : -ENOMEM;
}

static int tmpfs_symlink(struct dentry *dir, const char *name,
			 const char *target)
{
	struct inode *inode = tmpfs_new_inode(dir, S_IFLNK | 0777);
	size_t len = strlen(target);

	if (!inode)
		return -ENOMEM;
	TI(inode)->target = kmalloc(len + 1, GFP_KERNEL);
	if (!TI(inode)->target) {
		iput(inode);
		return -ENOMEM;
	}
	memcpy(TI(inode)->target, target, len + 1);
	inode->size = (loff_t)len;	/* lstat's st_size, as in Linux */
	return tmpfs_add_name(dir, name, inode, NULL);
}

static int tmpfs_get_link(struct dentry *link, char *buf, size_t size)
{
	const char *target = TI(link->inode)->target;
	size_t len = MIN(strlen(target), size);

	memcpy(buf, target, len);
	return (int)len;
}

static int tmpfs_link(struct dentry *old, struct dentry *dir,
		      const char *name)
{
	iget(old->inode);
	return tmpfs_add_name(dir, name, old->inode, NULL);
}

/* Linux's shmem_rename2(), without whiteouts. */
static int tmpfs_rename(struct dentry *old, struct dentry *new_dir,
			const char *name, struct dentry *target,
			unsigned int flags)
{
	if (target && (flags & RENAME_EXCHANGE)) {
		d_exchange(old, target);
		return 0;
	}
	if (target && d_has_children(target))
		return -ENOTEMPTY;
	if (target)
		d_unlink(target);
	d_move(old, new_dir, name);
	return 0;
}

/* O_TMPFILE: a dentry never linked, so no walk finds the file; its
 * name only says so ("#<ino>"). linkat() names the inode later. */
static int tmpfs_tmpfile(struct dentry *dir, u32 mode, struct dentry **out)
{
	struct inode *inode = tmpfs_new_inode(dir, mode);
	char name[24];

	if (!inode)
		return -ENOMEM;
	snprintf(name, sizeof(name), "#%llu", (unsigned long long)inode->ino);
	*out = d_alloc(dir, name, inode);
	return *out ? 0 : -ENOMEM;
}

static int tmpfs_create_op(struct dentry *dir, const char *name, u32 mode,
			   struct dentry **out)
{
	return tmpfs_mknod(dir, name, mode, out);
}

static int tmpfs_mkdir(struct dentry *dir, const char *name, u32 mode)
{
	return tmpfs_mknod(dir, name, mode, NULL);
}

static int tmpfs_unlink(struct dentry *dir, struct dentry *victim)
{
	d_unlink(victim);
	return 0;
}

static int tmpfs_rmdir(struct dentry *dir, struct dentry *victim)
{
	if (d_has_children(victim))
		return -ENOTEMPTY;
	d_unlink(victim);
	return 0;
}

static const struct inode_operations tmpfs_dir_iops = {
	.create = tmpfs_create_op,
	.mkdir = tmpfs_mkdir,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.rename = tmpfs_rename,
	.tmpfile = tmpfs_tmpfile,
};

static const struct inode_operations tmpfs_link_iops = {
	.get_link = tmpfs_get_link,
};

/* Memory is the only copy: nothing to write out (Linux's noop_fsync). */
static int tmpfs_fsync(struct inode *inode, bool datasync)
{
	return 0;
}

static const struct inode_operations tmpfs_file_iops = {
	.setsize = tmpfs_setsize,
	.fsync = tmpfs_fsync,
};

static const struct file_operations tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
};

static void tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->fs_info);
}

/**
 * tmpfs_create_type - a new, empty tmpfs to mount.
 * @fstype: its type's name ("tmpfs", "devtmpfs")
 * @max_pages: its size= in pages, 0 for no limit
 * @mode: its root's permission bits
 *
 * Context: task context, may sleep.
 * Return: its super block, or NULL without memory.
 */
struct super_block *tmpfs_create_type(const char *fstype,
				      unsigned long max_pages, u32 mode)
{
	struct super_block *sb = sb_alloc(fstype, false, &tmpfs_sops);
	struct tmpfs_sb *tsb = kzalloc(sizeof(*tsb), GFP_KERNEL);
	struct inode *root;

	if (!sb || !tsb) {
		kfree(tsb);
		return NULL;
	}
	tsb->max_pages = max_pages;
	tsb->mode = mode & 07777;
	sb->fs_info = tsb;
	root = inode_alloc(sb, S_IFDIR | tsb->mode);
	if (!root)
		return NULL;
	root->i_op = &tmpfs_dir_iops;
	sb->root = d_alloc(NULL, "/", root);
	return sb->root ? sb : NULL;
}

/**
 * tmpfs_create - a new, empty, unlimited tmpfs to mount (/tmp).
 *
 * Context: task context, may sleep.
 * Return: its super block, or NULL without memory.
 */
struct super_block *tmpfs_create(void)
{
	return tmpfs_create_type("tmpfs", 0, 01777);
}

/* size=: bytes with a k, m or g suffix, or a percentage of memory
 * (Linux's shmem_parse_one()); pages, rounded up. */
static int tmpfs_parse_size(const char *v, unsigned long *pages)
{
	size_t len = strlen(v);
	unsigned int shift = 0;
	u64 n;

	if (!len)
		return -EINVAL;
	switch (v[len - 1]) {
	case 'k': case 'K': shift = 10; len--; break;
	case 'm': case 'M': shift = 20; len--; break;
	case 'g': case 'G': shift = 30; len--; break;
	case '%': shift = 64; len--; break;
	}
	if (!len || str_to_u64(v, len, &n))
		return -EINVAL;
	if (shift == 64) {
		if (n > 100)
			return -EINVAL;
		*pages = (unsigned long)(nr_managed_pages() * n / 100);
		return 0;
	}
	if (n > (~0ULL >> shift))
		return -EINVAL;
	n <<= shift;
	*pages = (unsigned long)((n + TMPFS_PAGE - 1) / TMPFS_PAGE);
	return 0;
}

/**
 * tmpfs_get_sb - mount(2) -t tmpfs: a new instance with the options
 * size=, mode= (octal), and nr_inodes=, uid=, gid= (accepted: no
 * inode limit, root owns every file).
 * @type: the tmpfs type
 * @args: the mount's arguments
 * @out: the new super block
 *
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (an unknown option or a bad value), -ENOMEM.
 */
int tmpfs_get_sb(struct file_system_type *type, struct fs_mount_args *args,
		 struct super_block **out)
{
	unsigned long max_pages = 0;
	char *opts = args->options, *opt, *v;
	u32 mode = 01777;
	u64 n;

	while ((opt = fs_option_next(&opts))) {
		v = strchr(opt, '=');
		if (!v)
			return -EINVAL;
		*v++ = 0;
		if (!strcmp(opt, "size")) {
			if (tmpfs_parse_size(v, &max_pages))
				return -EINVAL;
		} else if (!strcmp(opt, "mode")) {
			if (kstrtoull(v, 8, &n) || n > 07777)
				return -EINVAL;
			mode = (u32)n;
		} else if (strcmp(opt, "nr_inodes") && strcmp(opt, "uid") &&
			   strcmp(opt, "gid")) {
			return -EINVAL;
		} else if (kstrtoull(v, 0, &n)) {
			return -EINVAL;
		}
	}
	*out = tmpfs_create_type(type->name, max_pages, mode);
	return *out ? 0 : -ENOMEM;
}

/**
 * tmpfs_show_options - what /proc/mounts shows after rw: size= when
 * limited, mode= when not 1777 (Linux's shmem_show_options()).
 * @sb: a tmpfs
 * @buf: gets the text, each option led by a comma
 * @size: its size
 *
 * Context: any.
 */
void tmpfs_show_options(struct super_block *sb, char *buf, size_t size)
{
	struct tmpfs_sb *tsb = sb->fs_info;
	size_t n = 0;

	buf[0] = 0;
	if (tsb->max_pages)
		n = (size_t)snprintf(buf, size, ",size=%luk",
				     tsb->max_pages * (TMPFS_PAGE / 1024));
	if (tsb->mode != 01777 && n < size)
		snprintf(buf + n, size - n, ",mode=%03o", tsb->mode);
}

/* statfs's blocks: size= (or all memory) and what the files hold. */
static int tmpfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct tmpfs_sb *tsb = sb->fs_info;
	u64 used = __atomic_load_n(&tsb->nr_pages, __ATOMIC_RELAXED);
	u64 total = tsb->max_pages ? tsb->max_pages : nr_managed_pages();

	*st = (struct kstatfs){ .f_bsize = PAGE_SIZE, .f_blocks = total,
				.f_namelen = NAME_MAX };
	st->f_bfree = st->f_bavail = total > used ? total - used : 0;
	return 0;
}
