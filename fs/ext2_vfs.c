// SPDX-License-Identifier: MIT
/*
 * ext2 as a VFS file system (fs/ext2.h): ext2_mount() gives a super_block
 * whose root can be grafted anywhere. Names are looked up on the disk and
 * kept as linked dentries (a name operation unlinks the dentries it made
 * stale), and one struct inode stands for each ext2 inode in use, found
 * in the mount's list, so hard links share it and its page cache.
 *
 * Regular files read and write through the page cache (mm/filemap.h:
 * read_folio reads the file's blocks; a write dirties cached pages).
 * Writeback (writepage) writes a page's bytes below the size with
 * ext2_file_write(), which allocates their blocks then: the image stays
 * e2fsck-clean in whatever order pages are written back. inode->size is
 * the size as written; the disk's catches up at writeback.
 *
 * An unlinked inode still open keeps its blocks until its last reference
 * goes (evict), as in Linux.
 *
 * Locking: [e] ext2_sb_info->lock ("ext2": the image through the core,
 * which has no lock of its own, and the inode list); [i] inode->lock
 * (the file's size and its page index; held across reads, writes,
 * truncation and writeback, the flusher's included: mm/filemap.h's [f]);
 * [I] immutable after creation.
 * Order: namespace -> inode->lock -> ext2 -> page_cache; the ext2 lock
 * never covers a copy to or from user memory.
 */
#include "fs/ext2_internal.h"
#include "fs/ext2_readahead.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "lib/format.h"
#include "mm/filemap.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"
#include "mm/page_writeback.h"
#include "mm/slab.h"

struct ext2_sb_info {
	struct ext2_fs *fs;		/* [e] */
	struct mutex lock;		/* "ext2" */
	struct list_head inodes;	/* [e] live ext2_vnodes */
	struct ext2_io *io;		/* [I] */
};

struct ext2_vnode {
	u32 ino;			/* [I] the ext2 inode */
	struct inode *inode;		/* [I] */
	struct list_head link;		/* [e] on ext2_sb_info->inodes */
	struct address_space mapping;	/* [i] regular files' pages */
	bool freed;			/* [e] the core freed the inode
					 * (a directory removed or replaced):
					 * evict must not free it again */
};

static const struct inode_operations ext2_dir_iops;
static const struct inode_operations ext2_file_iops;
static const struct inode_operations ext2_link_iops;
static const struct file_operations ext2_file_fops;
static const struct super_operations ext2_sops;
static const struct address_space_operations ext2_aops;

static struct ext2_sb_info *ESB(struct super_block *sb)
{
	return sb->fs_info;
}

static struct ext2_vnode *EV(struct inode *inode)
{
	return inode->private;
}

static u32 ext2_ino(struct dentry *d)
{
	return EV(d->inode)->ino;
}

/* The live VFS inode of @ino with a reference, or NULL. Context: [e]. */
static struct inode *ext2_find_inode(struct ext2_sb_info *sbi, u32 ino)
{
	struct ext2_vnode *vn;

	list_for_each_entry(vn, &sbi->inodes, link)
		if (vn->ino == ino && igrab(vn->inode))
			return vn->inode;
	return NULL;
}

/*
 * The page index of a regular file is one slot per page of its size
 * (mm/filemap.c), allocated whole: a file whose index would not fit the
 * largest allocation (about 400 MiB of file) is refused at its first use
 * with -EFBIG, not -ENOMEM (a sparse file is the only way to have one on
 * the small disks oomlab mounts; a corrupt i_size is the usual one).
 */
#define EXT2_CACHE_MAX_BYTES						\
	((u64)((PAGE_SIZE << (MAX_ORDER - 1)) /				\
	       sizeof(struct filemap_slot)) * PAGE_SIZE)

static bool ext2_is_file(u32 mode)
{
	return !EXT2_ISDIR(mode) && !EXT2_ISLNK(mode);
}

/* The page index of regular file @ino (of @raw) in @vn. Context: [e]. */
static int ext2_mapping_init(struct ext2_fs *fs, u32 ino,
			     struct ext2_vnode *vn,
			     const struct ext2_inode *raw)
{
	u64 size = ext2_inode_size(raw);

	if (size > EXT2_CACHE_MAX_BYTES)
		return ext2_error(fs, __func__, -EFBIG, "inode #%u: %llu "
				  "bytes, past what the page cache indexes",
				  ino, (unsigned long long)size);
	return address_space_init(&vn->mapping, vn, &ext2_aops, size);
}

/* Set up @inode for the on-disk inode @raw. Context: [e]. */
static void ext2_fill_inode(struct inode *inode, struct ext2_vnode *vn,
			    const struct ext2_inode *raw)
{
	inode->nlink = raw->i_links_count;
	inode->size = (loff_t)ext2_inode_size(raw);
	inode->private = vn;
	if (S_ISDIR(inode->mode)) {
		inode->i_op = &ext2_dir_iops;
		return;
	}
	if (S_ISLNK(inode->mode)) {
		inode->i_op = &ext2_link_iops;
		return;
	}
	inode->i_op = &ext2_file_iops;
	inode->f_op = &ext2_file_fops;
	vn->mapping.inode = inode;
	vn->mapping.gfp = GFP_NOFS;	/* reads hold [i]: see mm/filemap.h */
}

/*
 * The VFS inode of ext2 inode @ino with a reference: the live one, or a
 * new one read from the disk. Everything that can fail comes before
 * the inode: one half made could only go through evict. Context: [e].
 */
static int ext2_iget(struct super_block *sb, u32 ino, struct inode **out)
{
	struct ext2_sb_info *sbi = ESB(sb);
	struct ext2_inode raw;
	struct ext2_vnode *vn;
	struct inode *inode = ext2_find_inode(sbi, ino);
	int r;

	if (inode) {
		*out = inode;
		return 0;
	}
	r = ext2_inode_get(sbi->fs, ino, &raw);
	if (r)
		return r;
	vn = kzalloc(sizeof(*vn), GFP_KERNEL);
	if (!vn)
		return -ENOMEM;
	if (ext2_is_file(raw.i_mode))
		r = ext2_mapping_init(sbi->fs, ino, vn, &raw);
	inode = r ? NULL : inode_alloc(sb, raw.i_mode);
	if (!inode) {
		kfree(vn->mapping.slots);
		kfree(vn);
		return r ? r : -ENOMEM;
	}
	inode->ino = ino;
	vn->ino = ino;
	vn->inode = inode;
	ext2_fill_inode(inode, vn, &raw);
	list_add(&vn->link, &sbi->inodes);
	*out = inode;
	return 0;
}

/* A linked dentry @name in @dir for ext2 inode @ino; *@out a reference. */
static int ext2_d_make(struct dentry *dir, const char *name, u32 ino,
		       struct dentry **out)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	struct inode *inode;
	struct dentry *d;
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_iget(dir->inode->sb, ino, &inode);
	mutex_unlock(&sbi->lock);
	if (r)
		return r;
	d = d_alloc(dir, name, inode);
	if (!d)
		return -ENOMEM;
	d_link(d);
	/* d_link() counts a new link, as an in-memory file system's names
	 * are its links; ext2's count is the disk's, read in ext2_iget(). */
	inode->nlink--;
	*out = d;
	return 0;
}

static int ext2_vfs_lookup(struct dentry *dir, const char *name,
			   struct dentry **out)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	u32 ino;
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_lookup(sbi->fs, ext2_ino(dir), name, &ino);
	mutex_unlock(&sbi->lock);
	return r ? r : ext2_d_make(dir, name, ino, out);
}

struct ext2_iter {
	struct dentry *dir;
	struct dir_context *ctx;
};

static unsigned int ext2_dtype(u8 ft)
{
	switch (ft) {
	case EXT2_FT_DIR:
		return DT_DIR;
	case EXT2_FT_SYMLINK:
		return DT_LNK;
	case EXT2_FT_REG_FILE:
		return DT_REG;
	default:
		return 0;	/* DT_UNKNOWN: no FILETYPE feature */
	}
}

/* One disk entry: shown unless the VFS already showed it (a dentry). */
static bool ext2_iter_fill(void *arg, const char *name, unsigned int len,
			   u32 ino, u8 ft)
{
	struct ext2_iter *it = arg;
	char buf[NAME_MAX + 1];
	struct dentry *shown;

	memcpy(buf, name, len);
	buf[len] = 0;
	if (!strcmp(buf, ".") || !strcmp(buf, ".."))
		return true;
	shown = d_find_child(it->dir, buf);
	if (shown) {
		dput(shown);
		return true;
	}
	return dir_emit(it->ctx, buf, ino, ext2_dtype(ft));
}

static void ext2_vfs_iterate(struct dentry *dir, struct dir_context *ctx)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	struct ext2_iter it = { .dir = dir, .ctx = ctx };

	mutex_lock(&sbi->lock);
	ctx->error = ext2_readdir(sbi->fs, ext2_ino(dir), ext2_iter_fill, &it);
	mutex_unlock(&sbi->lock);
}

/*
 * Re-read what a name operation changed on the disk: @inode's link count
 * and, for a directory, its size (it grows by blocks). Context: [e] and
 * the namespace lock, under which every change to a directory happens:
 * the size is stored atomically for the readers without inode->lock.
 */
static void ext2_refresh(struct ext2_sb_info *sbi, struct inode *inode)
{
	struct ext2_inode raw;

	if (ext2_read_inode(sbi->fs, EV(inode)->ino, &raw))
		return;
	inode->nlink = raw.i_links_count;
	if (S_ISDIR(inode->mode))
		__atomic_store_n(&inode->size, (loff_t)ext2_inode_size(&raw),
				 __ATOMIC_RELAXED);
}

static int ext2_vfs_create(struct dentry *dir, const char *name, u32 mode,
			   struct dentry **out)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	u32 ino;
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_create(sbi->fs, ext2_ino(dir), name, mode, &ino);
	ext2_refresh(sbi, dir->inode);
	mutex_unlock(&sbi->lock);
	return r ? r : ext2_d_make(dir, name, ino, out);
}

/*
 * open(O_TMPFILE): a file with no name, freed at its last iput (evict,
 * as an unlinked file; linkat() may name it). The core makes inodes only
 * with a name, so the file is created under a transient name and
 * unlinked again in one hold of the ext2 lock: no other ext2 operation
 * sees the name. Linux's ext2_tmpfile() puts the inode on the orphan
 * list instead; without a journal the effect is the same.
 */
static int ext2_vfs_tmpfile(struct dentry *dir, u32 mode, struct dentry **out)
{
	static unsigned long seq;	/* [a] transient names */
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	struct inode *inode = NULL;
	char name[32];
	u32 ino, orphan;
	int r, u;

	snprintf(name, sizeof(name), ".tmpfile.%lu",
		 __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
	mutex_lock(&sbi->lock);
	r = ext2_create(sbi->fs, ext2_ino(dir), name, mode, &ino);
	if (r)
		goto out_unlock;
	r = ext2_iget(dir->inode->sb, ino, &inode);
	u = ext2_unlink(sbi->fs, ext2_ino(dir), name, &orphan);
	if (r) {
		/* No inode to evict: free it now. */
		if (!u && orphan)
			ext2_inode_put_link(sbi->fs, orphan);
	} else if (u) {
		r = u;		/* still named: the iput below frees nothing */
	} else {
		inode->nlink = 0;
	}
	ext2_refresh(sbi, dir->inode);
out_unlock:
	mutex_unlock(&sbi->lock);
	if (r) {
		if (inode)
			iput(inode);
		return r;
	}
	snprintf(name, sizeof(name), "#%u", ino);
	*out = d_alloc(dir, name, inode);
	return *out ? 0 : -ENOMEM;
}

static int ext2_vfs_mkdir(struct dentry *dir, const char *name, u32 mode)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	u32 ino;
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_mkdir(sbi->fs, ext2_ino(dir), name, mode, &ino);
	ext2_refresh(sbi, dir->inode);	/* the new ".." links it */
	mutex_unlock(&sbi->lock);
	return r;
}

/*
 * Unlink @d and every dentry below it from the cache: their names may be
 * stale. The link counts stay (d_unlink() would drop one): what the disk
 * says is the caller's to set.
 */
static void ext2_d_prune(struct dentry *d)
{
	struct dentry *c, *next;

	list_for_each_entry_safe(c, next, &d->children, child)
		ext2_d_prune(c);
	if (d->linked) {
		d->inode->nlink++;
		d_unlink(d);
	}
}

static int ext2_vfs_unlink(struct dentry *dir, struct dentry *victim)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	u32 orphan;
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_unlink(sbi->fs, ext2_ino(dir), victim->name, &orphan);
	mutex_unlock(&sbi->lock);
	if (r)
		return r;
	d_unlink(victim);	/* one link less; 0: freed at the last iput */
	return 0;
}

static int ext2_vfs_rmdir(struct dentry *dir, struct dentry *victim)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_rmdir(sbi->fs, ext2_ino(dir), victim->name);
	mutex_unlock(&sbi->lock);
	if (r)
		return r;
	dir->inode->nlink--;	/* its ".." */
	ext2_d_prune(victim);
	victim->inode->nlink = 0;	/* the caller's reference keeps it */
	EV(victim->inode)->freed = true;	/* ext2_rmdir() freed it */
	return 0;
}

static int ext2_vfs_link(struct dentry *old, struct dentry *dir,
			 const char *name)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	int r;

	if (old->inode->sb != dir->inode->sb)
		return -EXDEV;
	mutex_lock(&sbi->lock);
	r = ext2_link(sbi->fs, ext2_ino(dir), name, ext2_ino(old));
	ext2_refresh(sbi, old->inode);
	ext2_refresh(sbi, dir->inode);
	mutex_unlock(&sbi->lock);
	return r;
}

static int ext2_vfs_symlink(struct dentry *dir, const char *name,
			    const char *target)
{
	struct ext2_sb_info *sbi = ESB(dir->inode->sb);
	u32 ino;
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_symlink(sbi->fs, ext2_ino(dir), name, target, &ino);
	ext2_refresh(sbi, dir->inode);
	mutex_unlock(&sbi->lock);
	return r;
}

/* The VFS found @target (what @new_name names in @new_dir, or NULL) and
 * checked rename(2)'s rules; ext2 moves the entry and drops the cached
 * dentries it changed. Linux's ext2_rename() takes no flag but
 * RENAME_NOREPLACE (already checked): RENAME_EXCHANGE is -EINVAL. */
static int ext2_vfs_rename(struct dentry *old, struct dentry *new_dir,
			   const char *new_name, struct dentry *target,
			   unsigned int flags)
{
	struct dentry *old_dir = old->parent;
	struct ext2_sb_info *sbi = ESB(old_dir->inode->sb);
	u32 orphan;
	int r;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	if (new_dir->inode->sb != old_dir->inode->sb)
		return -EXDEV;
	mutex_lock(&sbi->lock);
	r = ext2_rename(sbi->fs, ext2_ino(old_dir), old->name,
			ext2_ino(new_dir), new_name, &orphan);
	mutex_unlock(&sbi->lock);
	if (r)
		return r;
	if (target)
		ext2_d_prune(target);
	ext2_d_prune(old);
	mutex_lock(&sbi->lock);
	ext2_refresh(sbi, old_dir->inode);
	ext2_refresh(sbi, new_dir->inode);
	if (target) {
		ext2_refresh(sbi, target->inode);
		/* a directory replaced is freed by ext2_rename() itself */
		if (S_ISDIR(target->inode->mode))
			EV(target->inode)->freed = true;
	}
	mutex_unlock(&sbi->lock);
	return 0;
}

static int ext2_vfs_get_link(struct dentry *link, char *buf, size_t size)
{
	struct ext2_sb_info *sbi = ESB(link->inode->sb);
	int r;

	mutex_lock(&sbi->lock);
	r = ext2_readlink(sbi->fs, EV(link->inode)->ino, buf, size);
	mutex_unlock(&sbi->lock);
	return r;
}

/* Fill @page with file page @index (zeros past the end). */
static int ext2_read_folio(struct address_space *mapping, struct page *page,
			   pgoff_t index)
{
	struct ext2_vnode *vn = mapping->host;
	struct ext2_sb_info *sbi = ESB(vn->inode->sb);
	long n;

	mutex_lock(&sbi->lock);
	n = ext2_file_read(sbi->fs, vn->ino, (u64)index * PAGE_SIZE,
			   page_address(page), PAGE_SIZE);
	mutex_unlock(&sbi->lock);
	if (n < 0)
		return (int)n;
	memset((u8 *)page_address(page) + n, 0, PAGE_SIZE - (size_t)n);
	return 0;
}

/* Fill @n fresh pages from file page @index: read-ahead's batch. */
static int ext2_readahead(struct address_space *mapping, struct page **pages,
			  pgoff_t index, unsigned int n)
{
	struct ext2_vnode *vn = mapping->host;
	struct ext2_sb_info *sbi = ESB(vn->inode->sb);
	void *addrs[READAHEAD_BATCH];
	int r;

	if (WARN_ON(n > READAHEAD_BATCH))
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++)
		addrs[i] = page_address(pages[i]);
	mutex_lock(&sbi->lock);
	r = ext2_file_read_pages(sbi->fs, vn->ino, (u64)index * PAGE_SIZE,
				 addrs, n);
	mutex_unlock(&sbi->lock);
	return r;
}

/*
 * Write back file page @index (its bytes below the size), allocating its
 * blocks now: allocation is delayed to writeback, so the bitmaps change
 * only here, under the ext2 lock, and the image stays e2fsck-clean at
 * every step. Linux's ext2 allocates in write_begin instead, so there a
 * full disk fails the write(); here it fails the writeback and the next
 * fsync reports -ENOSPC. Context: [i] held (filemap_writeback()).
 */
static int ext2_writepage(struct address_space *mapping, struct page *page,
			  pgoff_t index)
{
	struct ext2_vnode *vn = mapping->host;
	struct ext2_sb_info *sbi = ESB(vn->inode->sb);
	u64 pos = (u64)index * PAGE_SIZE, size = (u64)vn->inode->size;
	size_t n;
	long r;

	if (pos >= size)
		return 0;
	n = (size_t)MIN((u64)PAGE_SIZE, size - pos);
	mutex_lock(&sbi->lock);
	r = ext2_file_write(sbi->fs, vn->ino, pos, page_address(page), n);
	mutex_unlock(&sbi->lock);
	if (r < 0)
		return (int)r;
	return (size_t)r < n ? -ENOSPC : 0;
}

/*
 * Write back a run of @n contiguous pages from @index as
 * ext2_writepage() writes one, their whole blocks in one device request
 * per contiguous stretch (ext2_file_write_pages()). Context: [i] held
 * (filemap_writeback()).
 */
static int ext2_writepage_run(struct address_space *mapping,
			      struct page **pages, pgoff_t index,
			      unsigned int n)
{
	struct ext2_vnode *vn = mapping->host;
	struct ext2_sb_info *sbi = ESB(vn->inode->sb);
	u64 pos = (u64)index * PAGE_SIZE, size = (u64)vn->inode->size;
	void *addrs[WRITEBACK_RUN_MAX];
	size_t len;
	long r;

	if (pos >= size)
		return 0;
	len = (size_t)MIN((u64)n * PAGE_SIZE, size - pos);
	for (unsigned int i = 0; i < n; i++)
		addrs[i] = page_address(pages[i]);
	mutex_lock(&sbi->lock);
	r = ext2_file_write_pages(sbi->fs, vn->ino, pos, addrs, len);
	mutex_unlock(&sbi->lock);
	if (r < 0)
		return (int)r;
	return (size_t)r < len ? -ENOSPC : 0;
}

/* The flusher's and sync's: every dirty page of the file. */
static int ext2_writepages(struct address_space *mapping)
{
	struct inode *inode = ((struct ext2_vnode *)mapping->host)->inode;
	int r;

	mutex_lock(&inode->lock);
	r = filemap_writeback(mapping);
	mutex_unlock(&inode->lock);
	return r;
}

static long ext2_file_read_op(struct file *file, struct io_buf *io,
			      loff_t *pos)
{
	struct inode *inode = file->inode;
	long r;

	mutex_lock(&inode->lock);
	r = filemap_read_ra(&EV(inode)->mapping, &file->f_ra,
			    (u64)inode->size, io, pos);
	mutex_unlock(&inode->lock);
	return r;
}

/*
 * Copy the part of a write that lands in file page @index into the
 * cache and mark it dirty. A page that will hold only the written bytes
 * (all of it, or all up to the end of the file) is not read first.
 * Return: bytes copied, or a negative errno. Context: [i] held.
 */
static long ext2_write_page(struct inode *inode, struct io_buf *io,
			    size_t done, loff_t pos)
{
	struct address_space *m = &EV(inode)->mapping;
	pgoff_t index = (pgoff_t)((u64)pos / PAGE_SIZE);
	size_t off = (size_t)((u64)pos % PAGE_SIZE);
	size_t n = MIN(PAGE_SIZE - off, io->len - done);
	u64 start = (u64)index * PAGE_SIZE, size = (u64)inode->size;
	bool overwrite = start >= size ||
			 (!off && (n == PAGE_SIZE || (u64)pos + n >= size));
	struct page *page;
	size_t got;
	int r;

	r = filemap_write_begin(m, index, overwrite, &page);
	if (r)
		return r;
	got = io_copy_from((u8 *)page_address(page) + off, io, done, n);
	if (!got) {
		filemap_put_page(page);
		return -EFAULT;
	}
	filemap_write_end(m, page);
	if ((u64)pos + got > size)
		__atomic_store_n(&inode->size, pos + (loff_t)got,
				 __ATOMIC_RELAXED);
	return (long)got;
}

/*
 * write(): into the page cache (Linux's generic_perform_write()); the
 * blocks are written back later (ext2_writepage()). The page index
 * grows to twice the new end, so a file written in order rebuilds it
 * log times.
 */
static long ext2_file_write_op(struct file *file, struct io_buf *io,
			       loff_t *pos)
{
	struct inode *inode = file->inode;
	struct address_space *m = &EV(inode)->mapping;
	size_t done = 0;
	long r = 0;

	mutex_lock(&inode->lock);
	if (file->flags & O_APPEND)
		*pos = inode->size;
	if ((u64)*pos + io->len > (u64)m->nr_slots * PAGE_SIZE)
		r = filemap_resize(m, 2 * ((u64)*pos + io->len));
	while (!r && done < io->len) {
		r = ext2_write_page(inode, io, done, *pos);
		if (r <= 0)
			break;
		done += (size_t)r;
		*pos += r;
		r = 0;
		balance_dirty_pages(m);
	}
	mutex_unlock(&inode->lock);
	return done ? (long)done : r;
}

/*
 * truncate(): the cached pages past the new end go (dirty ones too: their
 * bytes are cut off), the last page's tail is zeroed, then the disk
 * follows. Dirty pages below stay dirty.
 */
static int ext2_vfs_setsize(struct inode *inode, loff_t size)
{
	struct ext2_sb_info *sbi = ESB(inode->sb);
	struct address_space *m = &EV(inode)->mapping;
	int r;

	if (size < 0)
		return -EINVAL;
	mutex_lock(&inode->lock);
	if (size < inode->size) {
		filemap_invalidate(m, (pgoff_t)(ALIGN_UP((u64)size, PAGE_SIZE) /
						PAGE_SIZE));
		filemap_zero_tail(m, (u64)size);
	}
	mutex_lock(&sbi->lock);
	r = ext2_truncate(sbi->fs, EV(inode)->ino, (u64)size);
	mutex_unlock(&sbi->lock);
	if (!r)
		r = filemap_resize(m, (u64)size);
	if (!r)
		__atomic_store_n(&inode->size, size, __ATOMIC_RELAXED);
	mutex_unlock(&inode->lock);
	return r;
}

/*
 * fsync(): a regular file's dirty pages to their blocks (and any error an
 * earlier writeback met), then the superblock and descriptors, and the
 * device's cache flushed. The inode itself is on the disk already: every
 * block allocation writes it. @datasync changes nothing here.
 */
static int ext2_vfs_fsync(struct inode *inode, bool datasync)
{
	struct ext2_sb_info *sbi = ESB(inode->sb);
	int r = 0, e = 0, s;

	(void)datasync;
	if (inode->f_op == &ext2_file_fops) {
		mutex_lock(&inode->lock);
		r = filemap_writeback(&EV(inode)->mapping);
		e = filemap_take_error(&EV(inode)->mapping);
		mutex_unlock(&inode->lock);
	}
	mutex_lock(&sbi->lock);
	s = ext2_sync(sbi->fs);
	mutex_unlock(&sbi->lock);
	return r ? r : e ? e : s;
}

/*
 * The last reference is gone: a linked file's dirty pages are written
 * back (this VFS keeps no unused inodes, so the data would otherwise be
 * lost), an unlinked one's dropped and its blocks freed. A removed
 * directory, or one a rename replaced, was freed by the core already
 * (vn->freed): freeing it again found its inode bit clear.
 */
static void ext2_evict(struct inode *inode)
{
	struct ext2_sb_info *sbi = ESB(inode->sb);
	struct ext2_vnode *vn = EV(inode);
	bool file = inode->f_op == &ext2_file_fops;

	int r = 0;

	if (file && inode->nlink)
		r = ext2_writepages(&vn->mapping);
	if (file) {
		filemap_invalidate(&vn->mapping, 0);
		kfree(vn->mapping.slots);
	}
	mutex_lock(&sbi->lock);
	if (r)
		ext2_error(sbi->fs, __func__, r, "inode #%u: writeback "
			   "failed (%d): data lost", vn->ino, r);
	list_del_init(&vn->link);
	r = inode->nlink || vn->freed ? 0 :
	    ext2_inode_put_link(sbi->fs, vn->ino);
	if (r)
		ext2_error(sbi->fs, __func__, r, "inode #%u: blocks not "
			   "freed (%d)", vn->ino, r);
	mutex_unlock(&sbi->lock);
	kfree(vn);
}
static u64 ext2_vfs_blocks(struct inode *inode)
{
	struct ext2_sb_info *sbi = ESB(inode->sb);
	struct ext2_inode raw;
	u64 n = 0;

	mutex_lock(&sbi->lock);
	if (!ext2_read_inode(sbi->fs, EV(inode)->ino, &raw))
		n = raw.i_blocks;
	mutex_unlock(&sbi->lock);
	return n;
}

static int ext2_vfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = ESB(sb);
	struct ext2_statfs s;

	mutex_lock(&sbi->lock);
	ext2_statfs(sbi->fs, &s);
	mutex_unlock(&sbi->lock);
	*st = (struct kstatfs){
		.f_type = EXT2_SUPER_MAGIC, .f_bsize = s.bsize,
		.f_blocks = s.blocks, .f_bfree = s.bfree,
		.f_bavail = s.bavail, .f_files = s.files, .f_ffree = s.ffree,
		.f_namelen = s.namelen,
	};
	return 0;
}

static const struct inode_operations ext2_dir_iops = {
	.lookup = ext2_vfs_lookup,
	.iterate = ext2_vfs_iterate,
	.create = ext2_vfs_create,
	.mkdir = ext2_vfs_mkdir,
	.unlink = ext2_vfs_unlink,
	.rmdir = ext2_vfs_rmdir,
	.link = ext2_vfs_link,
	.symlink = ext2_vfs_symlink,
	.rename = ext2_vfs_rename,
	.tmpfile = ext2_vfs_tmpfile,
	.fsync = ext2_vfs_fsync,
};

static const struct inode_operations ext2_file_iops = {
	.setsize = ext2_vfs_setsize,
	.fsync = ext2_vfs_fsync,
};

static const struct inode_operations ext2_link_iops = {
	.get_link = ext2_vfs_get_link,
};

/* mmap(): the file's page cache; a VMA pins the inode
 * (mm/filemap_rmap.h), so the cache outlives every mapping of it. */
static struct address_space *ext2_file_mapping(struct file *file)
{
	return &EV(file->inode)->mapping;
}

static const struct file_operations ext2_file_fops = {
	.read = ext2_file_read_op,
	.write = ext2_file_write_op,
	.mapping = ext2_file_mapping,
};

/* The super block's last reference is gone (sb_put()): close the file
 * system and let the device adapter go. */
static void ext2_put_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = ESB(sb);
	struct ext2_io *io = sbi->io;

	ext2_fs_close(sbi->fs);
	kfree(sbi);
	if (io->release)
		io->release(io);
}

static const struct super_operations ext2_sops = {
	.evict = ext2_evict,
	.put_super = ext2_put_super,
	.blocks = ext2_vfs_blocks,
	.statfs = ext2_vfs_statfs,
};

static const struct address_space_operations ext2_aops = {
	.read_folio = ext2_read_folio,
	.readahead = ext2_readahead,
	.writepage = ext2_writepage,
	.writepage_run = ext2_writepage_run,
	.writepages = ext2_writepages,
};

/* Linux 6.1's ext2_fill_super(): a root that is no directory, or owns
 * no block or no byte, refuses the mount. Context: [e]. */
static int ext2_check_root(struct ext2_fs *fs)
{
	struct ext2_inode raw;
	int r = ext2_inode_get(fs, EXT2_ROOT_INO, &raw);

	if (r)
		return r;
	if (!EXT2_ISDIR(raw.i_mode) || !raw.i_blocks || !raw.i_size)
		return ext2_bad_super(fs, "corrupt root inode, run e2fsck");
	return 0;
}

/**
 * ext2_mount - mount the ext2 image on @io: a super_block to graft.
 * @io: the device (kept until ext2_kill_sb())
 * @flags: EXT2_MOUNT_RDONLY or 0
 * @out: the super_block, its root with one reference
 *
 * Context: task context, may sleep.
 * Return: 0; -EINVAL (not ext2, a corrupt superblock, descriptor table
 * or root, or a feature we cannot handle: see ext2_fs_open()); -EUCLEAN
 * or -EIO (the root inode is corrupt); -ENOMEM.
 */
int ext2_mount(struct ext2_io *io, unsigned int flags, struct super_block **out)
{
	struct ext2_sb_info *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	struct super_block *sb = NULL;
	struct inode *root;
	int r;

	if (!sbi)
		return -ENOMEM;
	mutex_init(&sbi->lock, "ext2");
	INIT_LIST_HEAD(&sbi->inodes);
	sbi->io = io;
	r = ext2_fs_open(io, flags, &sbi->fs);
	if (r)
		goto out_free;
	r = -ENOMEM;
	sb = sb_alloc("ext2", sbi->fs->readonly, &ext2_sops);
	if (!sb)
		goto out_close;
	sb->fs_info = sbi;
	mutex_lock(&sbi->lock);
	r = ext2_check_root(sbi->fs);
	if (!r)
		r = ext2_iget(sb, EXT2_ROOT_INO, &root);
	mutex_unlock(&sbi->lock);
	if (r)
		goto out_close;
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root) {
		r = -ENOMEM;
		goto out_close;
	}
	*out = sb;
	return 0;
out_close:
	ext2_fs_close(sbi->fs);
out_free:
	if (sb) {
		sb->s_op = NULL;	/* nothing of ours to put */
		sb_put(sb);
	}
	kfree(sbi);
	return r;
}

/**
 * ext2_umount - the mount of @sb is gone (mount(2)'s kill_sb for the
 * "ext2" type): its dirty files are written back (the flusher's too),
 * its cached dentries go and the file system is synced; the
 * super block itself goes with its last inode (ext2_put_super()).
 * @sb: an ext2 super block
 *
 * Context: task context, may sleep; the namespace lock held.
 */
void ext2_umount(struct super_block *sb)
{
	struct ext2_sb_info *sbi = ESB(sb);

	int wb = writeback_sync(sb), r;

	ext2_d_prune(sb->root);
	mutex_lock(&sbi->lock);
	if (wb)
		ext2_error(sbi->fs, __func__, wb, "writeback failed (%d): "
			   "data lost", wb);
	r = ext2_sync(sbi->fs);
	if (r)
		ext2_error(sbi->fs, __func__, r, "sync failed (%d): the "
			   "device may be stale", r);
	mutex_unlock(&sbi->lock);
}

/**
 * ext2_kill_sb - sync and forget a mount no one uses (Linux's kill_sb):
 * its dentries, inodes and cached pages go; the device stays the caller's
 * unless its adapter has a release().
 * @sb: from ext2_mount(), not grafted (or no longer)
 *
 * Context: task context, may sleep; no file of @sb open.
 * Return: 0, or ext2_sync()'s or the writeback's error (the mount is
 * gone either way).
 */
int ext2_kill_sb(struct super_block *sb)
{
	struct ext2_sb_info *sbi = ESB(sb);
	int r = writeback_sync(sb);

	vfs_namespace_lock();
	ext2_d_prune(sb->root);
	vfs_namespace_unlock();
	dput(sb->root);
	mutex_lock(&sbi->lock);
	r = ext2_sync(sbi->fs) ?: r;
	WARN_ON(!list_empty(&sbi->inodes));
	mutex_unlock(&sbi->lock);
	sb_put(sb);		/* sb_alloc()'s: the last one */
	return r;
}
