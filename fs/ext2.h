/* SPDX-License-Identifier: MIT */
/*
 * ext2 (revision 0 and 1 images as Debian's `mke2fs -t ext2` makes them,
 * 1 KiB to 4 KiB blocks): the file system on a byte store (fs/ext2_io.h).
 *
 * Two layers. The core (ext2_super.c, ext2_inode.c, ext2_dir.c,
 * ext2_bcache.c) works on inode numbers and the image alone, caches
 * metadata blocks (ext2_bcache.h; file data and directory blocks go to
 * the device on every access) and builds on the host too, where the
 * tests check its images with e2fsck. ext2_vfs.c turns it into a VFS file system:
 * ext2_mount() returns a super_block to graft.
 *
 * Invariant: after every core call returns, the image as the core sees
 * it, and the device after ext2_sync(), is one e2fsck finds clean
 * (bitmaps, the free counts of the superblock and of each group,
 * i_blocks, link counts); a call that fails for lack of space or a bad
 * argument changes nothing a reader can see. A corrupt image fails the
 * mount or the access with -EUCLEAN or -EIO and a log line.
 *
 * Locking: the core has none. Every call on one ext2_fs must be
 * serialised by its user (ext2_vfs.c: the "ext2" mutex of the mount).
 */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include "fs/ext2_io.h"
#include "lib/types.h"

#ifndef EUCLEAN
#define EUCLEAN		117	/* Linux's EFSCORRUPTED for ext2 */
#endif
#ifndef EXDEV
#define EXDEV		18
#endif
#ifndef EMLINK
#define EMLINK		31
#endif

#define EXT2_SUPER_MAGIC	0xEF53
/* ext2_mount() and ext2_fs_open() flags */
#define EXT2_MOUNT_RDONLY	0x1
#define EXT2_LINK_MAX		32000	/* Linux's EXT2_LINK_MAX */

struct ext2_super;
struct ext2_group_desc;
struct super_block;

/* An on-disk inode's first 128 bytes (every revision has them). */
struct ext2_inode {
	u16 i_mode;
	u16 i_uid;
	u32 i_size;
	u32 i_atime;
	u32 i_ctime;
	u32 i_mtime;
	u32 i_dtime;
	u16 i_gid;
	u16 i_links_count;
	u32 i_blocks;		/* 512-byte units, indirect blocks too */
	u32 i_flags;
	u32 i_osd1;
	u32 i_block[15];
	u32 i_generation;
	u32 i_file_acl;
	u32 i_size_high;
	u32 i_faddr;
	u8 i_osd2[12];
};	/* naturally aligned: no padding, 128 bytes */

/* A mounted image. Every field is [I] after ext2_fs_open() but sb and gd,
 * the in-memory copies written back by every change (the caller's lock). */
struct ext2_fs {
	struct ext2_io *io;
	struct ext2_super *sb;		/* the primary superblock */
	struct ext2_group_desc *gd;	/* every group's descriptor */
	u32 cached_ino;			/* 0, or the inode in cached_raw: */
	struct ext2_inode cached_raw;	/* the last one read or written
					 * (ext2_inode.c) */
	u32 block_size;
	u32 groups;
	u32 gd_blocks;			/* blocks of the descriptors */
	u32 inode_size;
	u32 first_ino;
	u32 boot_time;			/* s_wtime at mount: time base */
	bool readonly;
	bool filetype;			/* entries carry a file type */
	u32 alloc_hint;			/* next block to try */
	char id[16];			/* the device, as the log names it
					 * (Linux's sb->s_id) */
	u32 errors;			/* corruption found since mount */
	struct ext2_bcache *bcache;	/* the metadata blocks cached
					 * (ext2_bcache.c); NULL: none */
};

struct ext2_statfs {
	u64 blocks, bfree, bavail, files, ffree;
	u32 bsize, namelen;
};

/* Superblock, groups, allocation (ext2_super.c). */
int ext2_fs_open(struct ext2_io *io, unsigned int flags,
		 struct ext2_fs **out);
void ext2_fs_close(struct ext2_fs *fs);
int ext2_sync(struct ext2_fs *fs);
void ext2_error_counts(u64 *logged, u64 *suppressed);
void ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st);

/* Inodes and their data (ext2_inode.c). */
int ext2_read_inode(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw);
int ext2_write_inode(struct ext2_fs *fs, u32 ino,
		     const struct ext2_inode *raw);
u64 ext2_inode_size(const struct ext2_inode *raw);
long ext2_file_read(struct ext2_fs *fs, u32 ino, u64 pos, void *buf,
		    size_t len);
long ext2_file_write_pages(struct ext2_fs *fs, u32 ino, u64 pos,
			   void *const *pages, size_t len);
long ext2_file_write(struct ext2_fs *fs, u32 ino, u64 pos, const void *buf,
		     size_t len);
int ext2_truncate(struct ext2_fs *fs, u32 ino, u64 size);
int ext2_readlink(struct ext2_fs *fs, u32 ino, char *buf, size_t size);
int ext2_inode_put_link(struct ext2_fs *fs, u32 ino);

/* Directories and names (ext2_dir.c). */
typedef bool (*ext2_filldir_t)(void *ctx, const char *name,
			       unsigned int len, u32 ino, u8 file_type);
int ext2_lookup(struct ext2_fs *fs, u32 dir, const char *name, u32 *ino);
int ext2_readdir(struct ext2_fs *fs, u32 dir, ext2_filldir_t fill, void *ctx);
int ext2_create(struct ext2_fs *fs, u32 dir, const char *name, u32 mode,
		u32 *ino);
int ext2_mkdir(struct ext2_fs *fs, u32 dir, const char *name, u32 mode,
	       u32 *ino);
int ext2_symlink(struct ext2_fs *fs, u32 dir, const char *name,
		 const char *target, u32 *ino);
int ext2_link(struct ext2_fs *fs, u32 dir, const char *name, u32 ino);
int ext2_unlink(struct ext2_fs *fs, u32 dir, const char *name, u32 *orphan);
int ext2_rmdir(struct ext2_fs *fs, u32 dir, const char *name);
int ext2_rename(struct ext2_fs *fs, u32 old_dir, const char *old_name,
		u32 new_dir, const char *new_name, u32 *orphan);

/* The VFS face (ext2_vfs.c, kernel only). */
int ext2_mount(struct ext2_io *io, unsigned int flags,
	       struct super_block **out);
int ext2_kill_sb(struct super_block *sb);
void ext2_umount(struct super_block *sb);

/* ext2 on a block device, and the "ext2" type of mount(2) (ext2_bdev.c,
 * kernel only). */
void ext2_bdev_init(void);

#endif
