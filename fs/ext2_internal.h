/* SPDX-License-Identifier: MIT */
/*
 * ext2's on-disk format (revision 0 and 1, as Linux's fs/ext2/ext2.h lays
 * it out) and the helpers the ext2 files share. Every field is little
 * endian, which is also the CPU's, so the structs are read in place; every
 * value read from the disk is checked before it is used.
 */
#ifndef FS_EXT2_INTERNAL_H
#define FS_EXT2_INTERNAL_H

#include "fs/ext2.h"
#include "kernel/printk.h"

#define EXT2_SUPER_OFFSET	1024
#define EXT2_ROOT_INO		2
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15
#define EXT2_FAST_SYMLINK_MAX	(EXT2_N_BLOCKS * 4)
#define EXT2_VALID_FS		1
#define EXT2_ERROR_FS		2	/* s_state: errors were found */
#define EXT2_INDEX_FL		0x1000	/* a dir_index directory */

#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_FEATURE_INCOMPAT_SUPP	EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_FEATURE_RO_COMPAT_SUPP	\
	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER |	\
	 EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* i_mode types: Linux's values (the core does not include fs/vfs.h). */
#define EXT2_S_IFMT		0170000
#define EXT2_S_IFLNK		0120000
#define EXT2_S_IFREG		0100000
#define EXT2_S_IFDIR		0040000
#define EXT2_ISDIR(m)		(((m) & EXT2_S_IFMT) == EXT2_S_IFDIR)
#define EXT2_ISREG(m)		(((m) & EXT2_S_IFMT) == EXT2_S_IFREG)
#define EXT2_ISLNK(m)		(((m) & EXT2_S_IFMT) == EXT2_S_IFLNK)

/* Directory entry file types (the FILETYPE feature). */
#define EXT2_FT_UNKNOWN		0
#define EXT2_FT_REG_FILE	1
#define EXT2_FT_DIR		2
#define EXT2_FT_SYMLINK		7
#define EXT2_FT_MAX		8

struct ext2_super {
	u32 s_inodes_count;
	u32 s_blocks_count;
	u32 s_r_blocks_count;
	u32 s_free_blocks_count;
	u32 s_free_inodes_count;
	u32 s_first_data_block;
	u32 s_log_block_size;
	u32 s_log_frag_size;
	u32 s_blocks_per_group;
	u32 s_frags_per_group;
	u32 s_inodes_per_group;
	u32 s_mtime;
	u32 s_wtime;
	u16 s_mnt_count;
	u16 s_max_mnt_count;
	u16 s_magic;
	u16 s_state;
	u16 s_errors;
	u16 s_minor_rev_level;
	u32 s_lastcheck;
	u32 s_checkinterval;
	u32 s_creator_os;
	u32 s_rev_level;
	u16 s_def_resuid;
	u16 s_def_resgid;
	u32 s_first_ino;
	u16 s_inode_size;
	u16 s_block_group_nr;
	u32 s_feature_compat;
	u32 s_feature_incompat;
	u32 s_feature_ro_compat;
	u8 s_rest[1024 - 104];
} __attribute__((packed));

struct ext2_group_desc {
	u32 bg_block_bitmap;
	u32 bg_inode_bitmap;
	u32 bg_inode_table;
	u16 bg_free_blocks_count;
	u16 bg_free_inodes_count;
	u16 bg_used_dirs_count;
	u16 bg_pad;
	u32 bg_reserved[3];
} __attribute__((packed));

struct ext2_dirent {
	u32 inode;
	u16 rec_len;
	u8 name_len;
	u8 file_type;
	char name[];
} __attribute__((packed));

_Static_assert(sizeof(struct ext2_inode) == 128, "ext2 inode layout");
_Static_assert(sizeof(struct ext2_super) == 1024, "ext2 superblock layout");

#define EXT2_DIRENT_HDR		8
/* The bytes an entry with a @len-byte name needs (EXT2_DIR_REC_LEN). */
static inline unsigned int ext2_rec_len(unsigned int len)
{
	return ALIGN_UP(EXT2_DIRENT_HDR + len, 4U);
}

int ext2_error(struct ext2_fs *fs, const char *function, int err,
	       const char *fmt, ...) __printf(4, 5);

/*
 * A superblock or descriptor table that cannot be mounted: a log line
 * in the shape of Linux's ext2_msg() ("EXT2-fs (ram0): error: ...") and
 * -EINVAL, what every refusal of Linux's ext2_fill_super() returns.
 */
#define ext2_bad_super(fs, ...)						\
	ext2_error(fs, NULL, -EINVAL, __VA_ARGS__)

/*
 * Corruption found while using the file system: the line Linux's
 * ext2_error() prints ("EXT2-fs (ram0): error: FUNCTION: ...") and
 * -EUCLEAN (Linux's EFSCORRUPTED), or -EIO where Linux 6.1 gives that.
 */
#define ext2_corrupt(fs, ...)						\
	ext2_error(fs, __func__, -EUCLEAN, __VA_ARGS__)
#define ext2_corrupt_eio(fs, ...)					\
	ext2_error(fs, __func__, -EIO, __VA_ARGS__)

/* Block I/O (ext2_super.c): ext2_read_block() and ext2_write_block()
 * go to the device (file data, directories); ext2_meta_*() through the
 * metadata cache (ext2_bcache.h). */
int ext2_read_block(struct ext2_fs *fs, u32 blk, void *buf);
int ext2_write_block(struct ext2_fs *fs, u32 blk, const void *buf);
int ext2_meta_read(struct ext2_fs *fs, u32 blk, void *buf);
int ext2_meta_write(struct ext2_fs *fs, u32 blk, const void *buf);
int ext2_meta_read_bytes(struct ext2_fs *fs, u64 off, void *buf, size_t len);
int ext2_meta_write_bytes(struct ext2_fs *fs, u64 off, const void *buf,
			  size_t len);
bool ext2_block_valid(struct ext2_fs *fs, u32 blk);
u32 ext2_now(struct ext2_fs *fs);

/* Allocation (ext2_super.c). */
int ext2_alloc_block(struct ext2_fs *fs, u32 goal, u32 *out);
int ext2_alloc_blocks(struct ext2_fs *fs, u32 goal, u32 want, u32 *out,
		      u32 *got);
int ext2_free_block(struct ext2_fs *fs, u32 blk);
int ext2_alloc_inode(struct ext2_fs *fs, u32 dir_ino, bool is_dir,
		     u32 *out);
int ext2_free_inode(struct ext2_fs *fs, u32 ino, bool is_dir);

/* Inodes (ext2_inode.c). */
int ext2_bmap(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw, u64 lblk,
	      bool alloc, u32 *out);
int ext2_inode_get(struct ext2_fs *fs, u32 ino, struct ext2_inode *raw);
int ext2_block_path(struct ext2_fs *fs, u64 lblk, u32 *root, u32 offs[3]);
int ext2_inode_clear(struct ext2_fs *fs, u32 ino);
u8 ext2_mode_to_ft(u32 mode);

#endif
