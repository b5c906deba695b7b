// SPDX-License-Identifier: MIT
/*
 * ext2 directories and the name operations on them (fs/ext2.h). A
 * directory is a file of blocks, each a chain of entries whose rec_len
 * steps exactly to the block's end; a removed entry is merged into the
 * one before it (or, first in its block, keeps its space with inode 0),
 * and a new entry splits the slack of one that has room, or starts a new
 * block. Hashed (dir_index) directories are read as the linear chains
 * they also are, and lose their hash flag when changed, as Linux's ext2
 * does not maintain the index either.
 *
 * Every block is checked as it is read (Linux's ext2_check_page()): a
 * rec_len too small, unaligned, past the block or too short for its name,
 * or an inode number past the table, is -EIO with a log line, as in
 * Linux 6.1; other corruption found on the way is -EUCLEAN.
 *
 * Locking: none here; the caller serialises (fs/ext2.h).
 */
#include "fs/ext2_internal.h"
#include "mm/slab.h"

/* One directory block being looked at. */
struct ext2_dblock {
	u8 *buf;
	u32 blk;			/* its device block */
	u64 lblk;			/* its block in the directory */
};

static struct ext2_dirent *ext2_dirent_at(struct ext2_dblock *b, u32 off)
{
	return (struct ext2_dirent *)(b->buf + off);
}

/* What is wrong with the entry at @off of @b, or NULL (the checks of
 * Linux's ext2_check_page(), with its words). */
static const char *ext2_dirent_fault(struct ext2_fs *fs, struct ext2_dblock *b,
				     u32 off)
{
	struct ext2_dirent *de = ext2_dirent_at(b, off);

	if (de->rec_len < ext2_rec_len(1))
		return "rec_len is smaller than minimal";
	if (de->rec_len % 4)
		return "unaligned directory entry";
	if (de->rec_len < ext2_rec_len(de->name_len))
		return "rec_len is too small for name_len";
	if (de->rec_len > fs->block_size - off)
		return "directory entry across blocks";
	if (de->inode > fs->sb->s_inodes_count)
		return "inode out of bounds";
	return NULL;
}

static int ext2_check_dblock(struct ext2_fs *fs, u32 dir,
			     struct ext2_dblock *b)
{
	for (u32 off = 0; off < fs->block_size;) {
		struct ext2_dirent *de = ext2_dirent_at(b, off);
		const char *fault;

		/* rec_len is a multiple of 4, so only 4 bytes may be left */
		if (fs->block_size - off < EXT2_DIRENT_HDR)
			return ext2_corrupt_eio(fs, "entry in directory #%u "
				"spans the page boundary offset=%llu", dir,
				(unsigned long long)(b->lblk * fs->block_size +
						     off));
		fault = ext2_dirent_fault(fs, b, off);
		if (fault)
			/* Linux 6.1's ext2_get_page() fails with -EIO */
			return ext2_corrupt_eio(fs, "bad entry in directory "
				"#%u: : %s - offset=%llu, inode=%u, "
				"rec_len=%u, name_len=%u", dir, fault,
				(unsigned long long)(b->lblk * fs->block_size +
						     off),
				de->inode, de->rec_len, de->name_len);
		off += de->rec_len;
	}
	return 0;
}

/*
 * Call @visit on each block of directory @dir until it returns non-zero.
 * Return: what @visit returned (a positive value: found), 0, or an errno.
 */
static int ext2_dir_walk(struct ext2_fs *fs, u32 dir, struct ext2_inode *raw,
			 int (*visit)(struct ext2_fs *fs, u32 dir,
				      struct ext2_dblock *b, void *arg),
			 void *arg)
{
	struct ext2_dblock b = { .buf = kmalloc(fs->block_size, GFP_KERNEL) };
	u64 nblocks = ext2_inode_size(raw) / fs->block_size;
	int r = 0;

	if (!b.buf)
		return -ENOMEM;
	for (u64 l = 0; !r && l < nblocks; l++) {
		b.lblk = l;
		r = ext2_bmap(fs, dir, raw, l, false, &b.blk);
		/* Linux reads a hole as zeros: a rec_len of 0, -EIO */
		if (!r && !b.blk)
			r = ext2_corrupt_eio(fs, "directory #%u has a hole "
					     "at block %llu", dir,
					     (unsigned long long)l);
		if (!r)
			r = ext2_read_block(fs, b.blk, b.buf);
		if (!r)
			r = ext2_check_dblock(fs, dir, &b);
		if (!r)
			r = visit(fs, dir, &b, arg);
	}
	kfree(b.buf);
	return r;
}

/* The directory @dir, read and checked to be one. */
static int ext2_get_dir(struct ext2_fs *fs, u32 dir, struct ext2_inode *raw)
{
	int r = ext2_inode_get(fs, dir, raw);

	if (!r && !EXT2_ISDIR(raw->i_mode))
		r = -ENOTDIR;
	return r;
}

struct ext2_find {
	const char *name;
	u32 len;
	u32 ino;		/* out: the entry's inode */
	u32 set_ino;		/* with set: the new inode of the entry */
	u8 set_ft;
	bool set;		/* point the entry at set_ino */
	bool remove;		/* remove the entry */
};

/* Remove the entry at @off, whose predecessor (if any) is at @prev. */
static void ext2_dirent_remove(struct ext2_dblock *b, u32 off, long prev)
{
	struct ext2_dirent *de = ext2_dirent_at(b, off);

	if (prev < 0) {
		de->inode = 0;
		return;
	}
	ext2_dirent_at(b, (u32)prev)->rec_len += de->rec_len;
}

static int ext2_find_visit(struct ext2_fs *fs, u32 dir, struct ext2_dblock *b,
			   void *arg)
{
	struct ext2_find *f = arg;
	long prev = -1;

	(void)dir;
	for (u32 off = 0; off < fs->block_size;) {
		struct ext2_dirent *de = ext2_dirent_at(b, off);

		if (de->inode && de->name_len == f->len &&
		    !memcmp(de->name, f->name, f->len)) {
			f->ino = de->inode;
			if (f->set) {
				de->inode = f->set_ino;
				de->file_type = fs->filetype ? f->set_ft : 0;
			}
			if (f->remove)
				ext2_dirent_remove(b, off, prev);
			if (f->set || f->remove)
				return ext2_write_block(fs, b->blk,
							b->buf) ?: 1;
			return 1;
		}
		prev = off;
		off += de->rec_len;
	}
	return 0;
}

/* Find (and with f->set or f->remove, change) @f->name in @dir. */
static int ext2_find(struct ext2_fs *fs, u32 dir, struct ext2_inode *raw,
		     struct ext2_find *f)
{
	int r = ext2_dir_walk(fs, dir, raw, ext2_find_visit, f);

	if (r < 0)
		return r;
	return r ? 0 : -ENOENT;
}

static int ext2_check_name(const char *name, u32 *len)
{
	size_t n = strnlen(name, 256);

	if (!n)
		return -ENOENT;
	if (n > 255)
		return -ENAMETOOLONG;
	if (memchr(name, '/', n))
		return -EINVAL;
	*len = (u32)n;
	return 0;
}

/**
 * ext2_lookup - the inode @name names in directory @dir.
 * @fs: the image
 * @dir: the directory
 * @name: one component (".." included)
 * @ino: the inode number
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOENT; -ENOTDIR; -ENAMETOOLONG; -EUCLEAN; -EIO; -ENOMEM.
 */
int ext2_lookup(struct ext2_fs *fs, u32 dir, const char *name, u32 *ino)
{
	struct ext2_find f = { .name = name };
	struct ext2_inode raw;
	int r = ext2_check_name(name, &f.len);

	if (!r)
		r = ext2_get_dir(fs, dir, &raw);
	if (!r)
		r = ext2_find(fs, dir, &raw, &f);
	if (!r && !f.ino)
		r = ext2_corrupt(fs, "directory %u names inode 0\n", dir);
	if (!r)
		*ino = f.ino;
	return r;
}

struct ext2_readdir_ctx {
	ext2_filldir_t fill;
	void *ctx;
};

static int ext2_readdir_visit(struct ext2_fs *fs, u32 dir,
			      struct ext2_dblock *b, void *arg)
{
	struct ext2_readdir_ctx *rc = arg;

	(void)dir;
	for (u32 off = 0; off < fs->block_size;) {
		struct ext2_dirent *de = ext2_dirent_at(b, off);
		u8 ft = fs->filetype && de->file_type < EXT2_FT_MAX ?
			de->file_type : EXT2_FT_UNKNOWN;

		if (de->inode &&
		    !rc->fill(rc->ctx, de->name, de->name_len, de->inode, ft))
			return 1;
		off += de->rec_len;
	}
	return 0;
}

/**
 * ext2_readdir - hand every entry of @dir to @fill, in disk order, until
 * @fill returns false.
 * @fs: the image
 * @dir: the directory
 * @fill: called with each name (not NUL-terminated), inode and file type
 * @ctx: @fill's
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOTDIR; -EUCLEAN; -EIO; -ENOMEM.
 */
int ext2_readdir(struct ext2_fs *fs, u32 dir, ext2_filldir_t fill, void *ctx)
{
	struct ext2_readdir_ctx rc = { .fill = fill, .ctx = ctx };
	struct ext2_inode raw;
	int r = ext2_get_dir(fs, dir, &raw);

	if (!r)
		r = ext2_dir_walk(fs, dir, &raw, ext2_readdir_visit, &rc);
	return r < 0 ? r : 0;
}

struct ext2_add {
	const char *name;
	u32 len, ino;
	u8 ft;
};

/* Put the new entry in the slack of an entry of @b, if one has room. */
static int ext2_add_visit(struct ext2_fs *fs, u32 dir, struct ext2_dblock *b,
			  void *arg)
{
	struct ext2_add *a = arg;
	u32 need = ext2_rec_len(a->len);

	(void)dir;
	for (u32 off = 0; off < fs->block_size;) {
		struct ext2_dirent *de = ext2_dirent_at(b, off), *nd = de;
		u32 used = de->inode ? ext2_rec_len(de->name_len) : 0;

		if (de->rec_len - used >= need) {
			if (used) {
				nd = ext2_dirent_at(b, off + used);
				nd->rec_len = (u16)(de->rec_len - used);
				de->rec_len = (u16)used;
			}
			nd->inode = a->ino;
			nd->name_len = (u8)a->len;
			nd->file_type = fs->filetype ? a->ft : 0;
			memcpy(nd->name, a->name, a->len);
			return ext2_write_block(fs, b->blk, b->buf) ?: 1;
		}
		off += de->rec_len;
	}
	return 0;
}

/* Start a new block of @dir holding only the entry @a. */
static int ext2_add_block(struct ext2_fs *fs, u32 dir, struct ext2_inode *raw,
			  struct ext2_add *a)
{
	u64 size = ext2_inode_size(raw);
	struct ext2_dblock b = { .buf = kzalloc(fs->block_size, GFP_KERNEL) };
	struct ext2_dirent *de = (struct ext2_dirent *)b.buf;
	int r;

	if (!b.buf)
		return -ENOMEM;
	r = ext2_bmap(fs, dir, raw, size / fs->block_size, true, &b.blk);
	if (!r) {
		de->rec_len = (u16)fs->block_size;
		r = ext2_add_visit(fs, dir, &b, a) < 0 ? -EIO : 0;
	}
	if (!r)
		raw->i_size = (u32)(size + fs->block_size);
	kfree(b.buf);
	return r;
}

/* The directory changed: times, the hash flag, the inode written. */
static int ext2_dir_touch(struct ext2_fs *fs, u32 dir, struct ext2_inode *raw)
{
	raw->i_mtime = raw->i_ctime = ext2_now(fs);
	raw->i_flags &= ~EXT2_INDEX_FL;
	return ext2_write_inode(fs, dir, raw);
}

/* Add the entry @name -> @ino (of type @ft) to @dir (name not there). */
static int ext2_add_entry(struct ext2_fs *fs, u32 dir, const char *name,
			  u32 ino, u8 ft)
{
	struct ext2_add a = { .name = name, .ino = ino, .ft = ft };
	struct ext2_inode raw;
	int r = ext2_check_name(name, &a.len);

	if (!r)
		r = ext2_get_dir(fs, dir, &raw);
	if (r)
		return r;
	r = ext2_dir_walk(fs, dir, &raw, ext2_add_visit, &a);
	if (!r)
		r = ext2_add_block(fs, dir, &raw, &a);
	if (r < 0) {
		ext2_write_inode(fs, dir, &raw);	/* blocks it took */
		return r;
	}
	return ext2_dir_touch(fs, dir, &raw);
}

/* Change @dir's entry @name: point it at @set_ino, or remove it. */
static int ext2_change_entry(struct ext2_fs *fs, u32 dir, const char *name,
			     bool remove, u32 set_ino, u8 set_ft)
{
	struct ext2_find f = { .name = name, .remove = remove, .set = !remove,
			       .set_ino = set_ino, .set_ft = set_ft };
	struct ext2_inode raw;
	int r = ext2_check_name(name, &f.len);

	if (!r)
		r = ext2_get_dir(fs, dir, &raw);
	if (!r)
		r = ext2_find(fs, dir, &raw, &f);
	return r ? r : ext2_dir_touch(fs, dir, &raw);
}

/* Add @delta to inode @ino's link count and touch its ctime. */
static int ext2_adjust_links(struct ext2_fs *fs, u32 ino, int delta)
{
	struct ext2_inode raw;
	int r = ext2_inode_get(fs, ino, &raw);

	if (r)
		return r;
	if ((int)raw.i_links_count + delta < 0)
		return ext2_corrupt(fs, "inode %u link count\n", ino);
	raw.i_links_count = (u16)(raw.i_links_count + delta);
	raw.i_ctime = ext2_now(fs);
	return ext2_write_inode(fs, ino, &raw);
}

/* The checks every name-making operation starts with. */
static int ext2_may_add(struct ext2_fs *fs, u32 dir, const char *name)
{
	u32 len, ino;
	int r;

	if (fs->readonly)
		return -EROFS;
	r = ext2_check_name(name, &len);
	if (r)
		return r;
	r = ext2_lookup(fs, dir, name, &ino);
	if (!r)
		return -EEXIST;
	return r == -ENOENT ? 0 : r;
}

/*
 * A new inode of @mode named @name in @dir, its link count @links, with
 * @init filling in its contents first. Nothing is left of it on failure.
 */
static int ext2_new_named(struct ext2_fs *fs, u32 dir, const char *name,
			  u32 mode, u16 links,
			  int (*init)(struct ext2_fs *fs, u32 dir, u32 ino,
				      struct ext2_inode *raw, const void *arg),
			  const void *arg, u32 *out)
{
	struct ext2_inode raw = { 0 };
	u32 ino;
	int r = ext2_may_add(fs, dir, name);

	if (!r)
		r = ext2_alloc_inode(fs, dir, EXT2_ISDIR(mode), &ino);
	if (r)
		return r;
	raw.i_mode = (u16)mode;
	raw.i_links_count = links;
	raw.i_atime = raw.i_ctime = raw.i_mtime = ext2_now(fs);
	r = ext2_inode_clear(fs, ino);
	if (!r)
		r = ext2_write_inode(fs, ino, &raw);
	if (!r && init)
		r = init(fs, dir, ino, &raw, arg);
	if (!r)
		r = ext2_add_entry(fs, dir, name, ino, ext2_mode_to_ft(mode));
	if (r) {
		raw.i_links_count = 0;
		ext2_write_inode(fs, ino, &raw);
		ext2_inode_put_link(fs, ino);
		return r;
	}
	*out = ino;
	return 0;
}

/**
 * ext2_create - a new empty regular file @name in @dir.
 * @fs: the image
 * @dir: the directory
 * @name: one component
 * @mode: permission bits (the type is forced to regular)
 * @ino: its inode number
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EEXIST; -EROFS; -ENOSPC; -ENOTDIR; -ENAMETOOLONG;
 * -EINVAL (a '/' in @name); -EUCLEAN; -EIO; -ENOMEM.
 */
int ext2_create(struct ext2_fs *fs, u32 dir, const char *name, u32 mode,
		u32 *ino)
{
	return ext2_new_named(fs, dir, name, EXT2_S_IFREG | (mode & 07777), 1,
			      NULL, NULL, ino);
}

/* A new directory's first block: "." and "..". */
static int ext2_init_dir(struct ext2_fs *fs, u32 dir, u32 ino,
			 struct ext2_inode *raw, const void *arg)
{
	struct ext2_dblock b = { .buf = kzalloc(fs->block_size, GFP_KERNEL) };
	struct ext2_dirent *dot = (struct ext2_dirent *)b.buf, *dotdot;
	int r;

	(void)arg;
	if (!b.buf)
		return -ENOMEM;
	r = ext2_bmap(fs, ino, raw, 0, true, &b.blk);
	if (r)
		goto out;
	*dot = (struct ext2_dirent){
		.inode = ino, .name_len = 1, .rec_len = (u16)ext2_rec_len(1),
		.file_type = fs->filetype ? EXT2_FT_DIR : 0 };
	dot->name[0] = '.';
	dotdot = ext2_dirent_at(&b, dot->rec_len);
	*dotdot = (struct ext2_dirent){ .inode = dir, .name_len = 2,
					.rec_len = (u16)(fs->block_size -
							 dot->rec_len),
					.file_type = dot->file_type };
	memcpy(dotdot->name, "..", 2);
	raw->i_size = fs->block_size;
	r = ext2_write_block(fs, b.blk, b.buf);
	if (!r)
		r = ext2_write_inode(fs, ino, raw);
out:
	kfree(b.buf);
	return r;
}

/**
 * ext2_mkdir - a new directory @name in @dir ("." and ".." in it).
 * @fs: the image
 * @dir: the parent
 * @name: one component
 * @mode: permission bits
 * @ino: its inode number
 *
 * Context: the caller's ext2 lock.
 * Return: as ext2_create(), and -EMLINK (@dir has too many links).
 */
int ext2_mkdir(struct ext2_fs *fs, u32 dir, const char *name, u32 mode,
	       u32 *ino)
{
	struct ext2_inode raw;
	int r = ext2_get_dir(fs, dir, &raw);

	if (r)
		return r;
	if (raw.i_links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	r = ext2_new_named(fs, dir, name, EXT2_S_IFDIR | (mode & 07777), 2,
			   ext2_init_dir, NULL, ino);
	return r ? r : ext2_adjust_links(fs, dir, 1);	/* its ".." */
}

/* A symlink's target: in i_block when short (fast), else in a block. */
static int ext2_init_symlink(struct ext2_fs *fs, u32 dir, u32 ino,
			     struct ext2_inode *raw, const void *arg)
{
	const char *target = arg;
	size_t len = strlen(target);
	long n;

	(void)dir;
	if (len < EXT2_FAST_SYMLINK_MAX) {
		memcpy(raw->i_block, target, len);
		raw->i_size = (u32)len;
		return ext2_write_inode(fs, ino, raw);
	}
	n = ext2_file_write(fs, ino, 0, target, len);
	if (n >= 0 && (size_t)n != len)
		n = -ENOSPC;
	if (n < 0)
		return (int)n;
	return ext2_read_inode(fs, ino, raw);
}

/**
 * ext2_symlink - a new symlink @name in @dir to @target.
 * @fs: the image
 * @dir: the directory
 * @name: one component
 * @target: what it points to, NUL-terminated
 * @ino: its inode number
 *
 * Context: the caller's ext2 lock.
 * Return: as ext2_create(); -ENAMETOOLONG also when @target does not fit
 * a block; -ENOENT for an empty @target.
 */
int ext2_symlink(struct ext2_fs *fs, u32 dir, const char *name,
		 const char *target, u32 *ino)
{
	size_t len = strnlen(target, fs->block_size);

	if (!len)
		return -ENOENT;
	if (len >= fs->block_size)
		return -ENAMETOOLONG;
	return ext2_new_named(fs, dir, name, EXT2_S_IFLNK | 0777, 1,
			      ext2_init_symlink, target, ino);
}

/**
 * ext2_link - a new name @name in @dir for the existing inode @ino.
 * @fs: the image
 * @dir: the directory
 * @name: one component
 * @ino: a non-directory
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -EPERM (a directory); -EMLINK; and as ext2_create().
 */
int ext2_link(struct ext2_fs *fs, u32 dir, const char *name, u32 ino)
{
	struct ext2_inode raw;
	int r = ext2_inode_get(fs, ino, &raw);

	if (r)
		return r;
	if (EXT2_ISDIR(raw.i_mode))
		return -EPERM;
	if (raw.i_links_count >= EXT2_LINK_MAX)
		return -EMLINK;
	r = ext2_may_add(fs, dir, name);
	if (!r)
		r = ext2_add_entry(fs, dir, name, ino,
				   ext2_mode_to_ft(raw.i_mode));
	return r ? r : ext2_adjust_links(fs, ino, 1);
}

/**
 * ext2_unlink - remove the name @name of a non-directory from @dir.
 * @fs: the image
 * @dir: the directory
 * @name: one component
 * @orphan: the inode when that was its last name (free it with
 *	    ext2_inode_put_link() once no one uses it), else 0
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOENT; -EISDIR; -EROFS; -EUCLEAN; -EIO.
 */
int ext2_unlink(struct ext2_fs *fs, u32 dir, const char *name, u32 *orphan)
{
	struct ext2_inode raw;
	u32 ino;
	int r;

	*orphan = 0;
	if (fs->readonly)
		return -EROFS;
	r = ext2_lookup(fs, dir, name, &ino);
	if (!r)
		r = ext2_inode_get(fs, ino, &raw);
	if (r)
		return r;
	if (EXT2_ISDIR(raw.i_mode))
		return -EISDIR;
	r = ext2_change_entry(fs, dir, name, true, 0, 0);
	if (!r)
		r = ext2_adjust_links(fs, ino, -1);
	if (!r && raw.i_links_count == 1)
		*orphan = ino;
	return r;
}

static bool ext2_empty_fill(void *ctx, const char *name, unsigned int len,
			    u32 ino, u8 ft)
{
	bool *empty = ctx;

	(void)ino;
	(void)ft;
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	*empty = false;
	return false;
}

/* Return: 0 when directory @ino holds only "." and ".."; -ENOTEMPTY. */
static int ext2_dir_empty(struct ext2_fs *fs, u32 ino)
{
	bool empty = true;
	int r = ext2_readdir(fs, ino, ext2_empty_fill, &empty);

	return r ? r : (empty ? 0 : -ENOTEMPTY);
}

static bool ext2_is_dot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/* Free the directory @ino, already unnamed in @parent. */
static int ext2_drop_dir(struct ext2_fs *fs, u32 parent, u32 ino)
{
	struct ext2_inode raw;
	int r = ext2_inode_get(fs, ino, &raw);

	if (r)
		return r;
	raw.i_links_count = 0;
	r = ext2_write_inode(fs, ino, &raw);
	if (!r)
		r = ext2_adjust_links(fs, parent, -1);
	return r ? r : ext2_inode_put_link(fs, ino);
}

/**
 * ext2_rmdir - remove the empty directory @name from @dir and free it.
 * @fs: the image
 * @dir: the parent
 * @name: one component
 *
 * Context: the caller's ext2 lock.
 * Return: 0; -ENOENT; -ENOTDIR; -ENOTEMPTY; -EINVAL ("." or "..");
 * -EROFS; -EUCLEAN; -EIO.
 */
int ext2_rmdir(struct ext2_fs *fs, u32 dir, const char *name)
{
	u32 ino;
	int r;

	if (fs->readonly)
		return -EROFS;
	if (ext2_is_dot(name))
		return -EINVAL;
	r = ext2_lookup(fs, dir, name, &ino);
	if (!r)
		r = ext2_dir_empty(fs, ino);
	if (!r)
		r = ext2_change_entry(fs, dir, name, true, 0, 0);
	return r ? r : ext2_drop_dir(fs, dir, ino);
}

/* Return: -EINVAL when @dir is @ino or lies below it. */
static int ext2_check_not_below(struct ext2_fs *fs, u32 ino, u32 dir)
{
	for (u32 steps = 0; steps < fs->sb->s_inodes_count; steps++) {
		u32 up;
		int r;

		if (dir == ino)
			return -EINVAL;
		if (dir == EXT2_ROOT_INO)
			return 0;
		r = ext2_lookup(fs, dir, "..", &up);
		if (r)
			return r;
		dir = up;
	}
	return ext2_corrupt(fs, "directory loop above %u\n", ino);
}

struct ext2_rename {
	u32 src, dst;		/* the inode moved, the one replaced */
	struct ext2_inode src_raw, dst_raw;
	bool src_dir;
};

/* Linux's rename(2) rules on the two inodes. */
static int ext2_rename_check(struct ext2_fs *fs, u32 new_dir,
			     struct ext2_rename *rn)
{
	int r = ext2_inode_get(fs, rn->src, &rn->src_raw);

	if (r)
		return r;
	rn->src_dir = EXT2_ISDIR(rn->src_raw.i_mode);
	if (rn->src_dir) {
		r = ext2_check_not_below(fs, rn->src, new_dir);
		if (r)
			return r;
	}
	if (!rn->dst)
		return 0;
	r = ext2_inode_get(fs, rn->dst, &rn->dst_raw);
	if (r)
		return r;
	if (EXT2_ISDIR(rn->dst_raw.i_mode) != rn->src_dir)
		return rn->src_dir ? -ENOTDIR : -EISDIR;
	return rn->src_dir ? ext2_dir_empty(fs, rn->dst) : 0;
}

/* Point the moved directory's ".." at its new parent. */
static int ext2_rename_reparent(struct ext2_fs *fs, u32 old_dir, u32 new_dir,
				struct ext2_rename *rn)
{
	int r;

	if (!rn->src_dir || old_dir == new_dir)
		return 0;
	r = ext2_change_entry(fs, rn->src, "..", false, new_dir, EXT2_FT_DIR);
	if (!r)
		r = ext2_adjust_links(fs, old_dir, -1);
	if (!r)
		r = ext2_adjust_links(fs, new_dir, 1);
	return r;
}

/**
 * ext2_rename - move @old_name of @old_dir to @new_name of @new_dir,
 * replacing what @new_name named (rename(2)).
 * @fs: the image
 * @old_dir: the source directory
 * @old_name: one component
 * @new_dir: the target directory
 * @new_name: one component
 * @orphan: a replaced inode left without a name (see ext2_unlink()), or 0
 *
 * Context: the caller's ext2 lock.
 * Return: 0 (also when both names are links to one inode: nothing
 * changes); -ENOENT; -EINVAL (a directory into itself, "." or "..");
 * -ENOTDIR; -EISDIR; -ENOTEMPTY; -EROFS; -ENOSPC; -EUCLEAN; -EIO.
 */
int ext2_rename(struct ext2_fs *fs, u32 old_dir, const char *old_name,
		u32 new_dir, const char *new_name, u32 *orphan)
{
	struct ext2_rename rn = { 0 };
	int r;

	*orphan = 0;
	if (fs->readonly)
		return -EROFS;
	if (ext2_is_dot(old_name) || ext2_is_dot(new_name))
		return -EINVAL;
	r = ext2_lookup(fs, old_dir, old_name, &rn.src);
	if (r)
		return r;
	r = ext2_lookup(fs, new_dir, new_name, &rn.dst);
	if (r && r != -ENOENT)
		return r;
	if (rn.dst == rn.src)
		return 0;
	r = ext2_rename_check(fs, new_dir, &rn);
	if (r)
		return r;
	if (rn.dst)
		r = ext2_change_entry(fs, new_dir, new_name, false, rn.src,
				      ext2_mode_to_ft(rn.src_raw.i_mode));
	else
		r = ext2_add_entry(fs, new_dir, new_name, rn.src,
				   ext2_mode_to_ft(rn.src_raw.i_mode));
	if (!r)
		r = ext2_change_entry(fs, old_dir, old_name, true, 0, 0);
	if (!r)
		r = ext2_rename_reparent(fs, old_dir, new_dir, &rn);
	if (!r)
		r = ext2_adjust_links(fs, rn.src, 0);
	if (r || !rn.dst)
		return r;
	if (rn.src_dir)
		return ext2_drop_dir(fs, new_dir, rn.dst);
	r = ext2_adjust_links(fs, rn.dst, -1);
	if (!r && rn.dst_raw.i_links_count == 1)
		*orphan = rn.dst;
	return r;
}
