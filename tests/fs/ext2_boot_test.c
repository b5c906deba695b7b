// SPDX-License-Identifier: MIT
/*
 * ext2 through the VFS, in the kernel: the image tools/oomlab/ext2_image.py
 * made at build time (carried in the initramfs as ext2/test.sparse, its
 * non-zero chunks) is expanded into memory behind the memory adapter and
 * mounted without being grafted (paths are walked from its root). Reads
 * go through the page cache: open/read, getdents64, stat and readlink see
 * what the tool wrote.
 * Writes (create, write over a hole, truncate, unlink, mkdir, link,
 * rename) are read back, then the image is mounted again and every
 * group's bitmaps are counted against the free counts of the group and
 * the superblock (what e2fsck's pass 5 checks; the host tests run e2fsck
 * itself on images the same code wrote). Each case unmounts and frees
 * everything, so the page and charge counters balance.
 */
#include "block/blkdev.h"
#include "fs/ext2_internal.h"
#include "fs/file.h"
#include "fs/fs_type.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/filemap.h"
#include "mm/slab.h"
#include "tests/fs/ext2_ram0.h"

/* The tree tools/oomlab/ext2_image.py builds. */
#define BIG_SIZE	100000
#define SPARSE_SIZE	200003

static u8 big_byte(u64 i)
{
	return (u8)((i * 7 + i / 1000) % 256);
}

struct ext2_mnt {
	u8 *image;
	struct ext2_io io;
	struct super_block *sb;
};

/* Mount a private copy of the image. Return: 0, or fails @t. */
static int ext2_mnt_get(struct ktest *t, struct ext2_mnt *m)
{
	const struct initramfs_file *f = initramfs_lookup("ext2/test.sparse");
	u64 size;
	int r;

	*m = (struct ext2_mnt){ .image = NULL };
	if (!f) {
		KTEST_FAIL(t, "ext2/test.sparse is not in the initramfs");
		return -ENOENT;
	}
	m->image = ext2t_expand(f, &size);
	if (!m->image) {
		KTEST_FAIL(t, "ext2/test.sparse: bad or no memory");
		return -EINVAL;
	}
	ext2_io_mem_init(&m->io, m->image, size);
	r = ext2_mount(&m->io, 0, &m->sb);
	if (r) {
		KTEST_FAIL(t, "ext2_mount: %d", r);
		kfree(m->image);
	}
	return r;
}

static u32 ext2t_popcount(const u8 *map, u32 nbits)
{
	u32 n = 0;

	for (u32 i = 0; i < nbits; i++)
		n += (map[i / 8] >> (i % 8)) & 1;
	return n;
}

/*
 * e2fsck's pass 5 on @image: each group's bitmaps against its free
 * counts, and their sums against the superblock's.
 */
static void ext2t_check_counts(struct ktest *t, struct ext2_io *io)
{
	struct ext2_fs *fs;
	u64 bfree = 0, ifree = 0;
	u8 *map;

	KTEST_ASSERT_EQ(t, ext2_fs_open(io, EXT2_MOUNT_RDONLY, &fs), 0);
	map = kmalloc(fs->block_size, GFP_KERNEL);
	for (u32 g = 0; map && g < fs->groups; g++) {
		u32 first = fs->sb->s_first_data_block +
			    g * fs->sb->s_blocks_per_group;
		u32 nb = MIN(fs->sb->s_blocks_per_group,
			     fs->sb->s_blocks_count - first);
		u32 ni = fs->sb->s_inodes_per_group;

		KTEST_ASSERT_EQ(t, ext2_read_block(fs,
						   fs->gd[g].bg_block_bitmap,
						   map), 0);
		KTEST_EXPECT_EQ_U(t, nb - ext2t_popcount(map, nb),
				  fs->gd[g].bg_free_blocks_count);
		KTEST_ASSERT_EQ(t, ext2_read_block(fs,
						   fs->gd[g].bg_inode_bitmap,
						   map), 0);
		KTEST_EXPECT_EQ_U(t, ni - ext2t_popcount(map, ni),
				  fs->gd[g].bg_free_inodes_count);
		bfree += fs->gd[g].bg_free_blocks_count;
		ifree += fs->gd[g].bg_free_inodes_count;
	}
	KTEST_EXPECT_EQ_U(t, bfree, fs->sb->s_free_blocks_count);
	KTEST_EXPECT_EQ_U(t, ifree, fs->sb->s_free_inodes_count);
	kfree(map);
	ext2_fs_close(fs);
}

/* Unmount, check the counts on the image, free it. */
static void ext2_mnt_put(struct ktest *t, struct ext2_mnt *m)
{
	KTEST_EXPECT_EQ(t, ext2_kill_sb(m->sb), 0);
	ext2t_check_counts(t, &m->io);
	kfree(m->image);
}

static long ext2t_pread(struct ext2_mnt *m, const char *path, void *buf,
			size_t n, loff_t pos)
{
	struct io_buf io = { .base = buf, .len = n };
	struct file *f;
	long r = vfs_open(m->sb->root, path, O_RDONLY, 0, &f);

	if (r)
		return r;
	r = vfs_read(f, &io, &pos);
	fput(f);
	return r;
}

static long ext2t_pwrite(struct ext2_mnt *m, const char *path,
			 const void *buf, size_t n, loff_t pos, int flags)
{
	struct io_buf io = { .base = (char *)buf, .len = n };
	struct file *f;
	long r = vfs_open(m->sb->root, path, O_WRONLY | flags, 0644, &f);

	if (r)
		return r;
	r = vfs_write(f, &io, &pos);
	if (r >= 0 && f->inode->i_op->fsync &&
	    f->inode->i_op->fsync(f->inode, false))
		r = -EIO;
	fput(f);
	return r;
}

static int ext2t_stat(struct ext2_mnt *m, const char *path,
		      struct linux_stat *st)
{
	struct dentry *d;
	int r = vfs_lookup(m->sb->root, path, &d);

	if (!r) {
		vfs_stat(d->inode, st);
		dput(d);
	}
	return r;
}

/*
 * Reads: /hello's text; /dir/big (indirect blocks) byte for byte, twice,
 * the second time from the page cache (no page added); /dir/sparse's
 * hole reads zeros and owns no block; stat and readlink agree.
 */
static void ext2_boot_read(struct ktest *t)
{
	static u8 buf[SPARSE_SIZE];
	struct linux_stat st;
	struct ext2_mnt m;
	unsigned long cached;
	struct dentry *d;
	char text[32];

	if (ext2_mnt_get(t, &m))
		return;
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "hello", text, sizeof(text), 0), 12);
	KTEST_EXPECT(t, !memcmp(text, "hello, ext2\n", 12));
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "dir/big", buf, sizeof(buf), 0),
			BIG_SIZE);
	for (u64 i = 0; i < BIG_SIZE; i++)
		if (buf[i] != big_byte(i)) {
			KTEST_FAIL(t, "dir/big byte %llu",
				   (unsigned long long)i);
			break;
		}
	cached = filemap_nr_pages();
	memset(buf, 0, sizeof(buf));
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "dir/big", buf, sizeof(buf), 0),
			BIG_SIZE);
	KTEST_EXPECT_EQ_U(t, filemap_nr_pages(), cached);
	KTEST_EXPECT_EQ(t, buf[BIG_SIZE - 1], big_byte(BIG_SIZE - 1));
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "dir/sparse", buf, SPARSE_SIZE, 0),
			SPARSE_SIZE);
	KTEST_EXPECT(t, !memchr(buf, 'e', SPARSE_SIZE - 3) &&
		     !memcmp(buf + SPARSE_SIZE - 3, "end", 3));
	KTEST_ASSERT_EQ(t, ext2t_stat(&m, "dir/sparse", &st), 0);
	KTEST_EXPECT_EQ_U(t, st.st_size, SPARSE_SIZE);
	KTEST_EXPECT_LE_U(t, st.st_blocks, 3 * 2);	/* data, ind, dind */
	KTEST_ASSERT_EQ(t, ext2t_stat(&m, "dir", &st), 0);
	KTEST_EXPECT(t, S_ISDIR(st.st_mode) && st.st_nlink == 2);
	KTEST_ASSERT_EQ(t, vfs_lookup_at(m.sb->root, "link", false, &d), 0);
	KTEST_EXPECT(t, S_ISLNK(d->inode->mode));
	KTEST_EXPECT_EQ(t, d->inode->i_op->get_link(d, text, 32), 5);
	KTEST_EXPECT(t, !memcmp(text, "hello", 5));
	dput(d);
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "nope", text, 1, 0), -ENOENT);
	ext2_mnt_put(t, &m);
}

/* Linux's struct linux_dirent64, the record getdents64 writes. */
struct ext2t_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __attribute__((packed));

/*
 * getdents64 of the root in 64-byte calls (several calls, one entry
 * each at most): ".", "..", lost+found, hello, dir and link, each once,
 * link as DT_LNK; "hello" is looked up first, so it comes from the
 * dentry cache and must not be listed twice.
 */
static void ext2_boot_getdents(struct ktest *t)
{
	static const char *const want[] = { ".", "..", "lost+found", "hello",
					    "dir", "link" };
	int seen[ARRAY_SIZE(want)] = { 0 };
	char buf[64], text[4];
	struct ext2_mnt m;
	struct file *f;
	long n;
	int calls = 0;

	if (ext2_mnt_get(t, &m))
		return;
	ext2t_pread(&m, "hello", text, sizeof(text), 0);
	KTEST_ASSERT_EQ(t, vfs_open(m.sb->root, ".", O_RDONLY | O_DIRECTORY,
				    0, &f), 0);
	while (calls++ < 32) {
		struct io_buf io = { .base = buf, .len = sizeof(buf) };

		n = vfs_getdents(f, &io);
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct ext2t_dirent64 *de = (void *)(buf + off);

			for (size_t i = 0; i < ARRAY_SIZE(want); i++)
				if (!strcmp(de->d_name, want[i]))
					seen[i]++;
			if (!strcmp(de->d_name, "link"))
				KTEST_EXPECT_EQ(t, de->d_type, DT_LNK);
			off += de->d_reclen;
		}
	}
	KTEST_EXPECT_EQ(t, n, 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		KTEST_EXPECT_EQ(t, seen[i], 1);
	fput(f);
	ext2_mnt_put(t, &m);
}

/*
 * Writes through the VFS: a new file written, read back, extended over a
 * hole (zeros between), truncated by O_TRUNC (the cached pages of the old
 * bytes go); a hard link, a rename, an unlink, a mkdir and rmdir (the
 * parent's link count follows); statfs is ext2's and its free blocks and
 * inodes come back at the end. The counts balance on the image after.
 */
static void ext2_boot_write(struct ktest *t)
{
	static u8 buf[8192];
	struct kstatfs before, after;
	struct linux_stat st;
	struct ext2_mnt m;
	struct dentry *dir, *d;
	unsigned int nlink;

	if (ext2_mnt_get(t, &m))
		return;
	KTEST_ASSERT_EQ(t, m.sb->s_op->statfs(m.sb, &before), 0);
	KTEST_EXPECT_EQ_U(t, before.f_type, EXT2_SUPER_MAGIC);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i % 251);
	KTEST_ASSERT_EQ(t, ext2t_pwrite(&m, "new", buf, 5000, 0, O_CREAT),
			5000);
	memset(buf, 0, 5000);
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "new", buf, 5000, 0), 5000);
	KTEST_EXPECT_EQ(t, buf[4999], 4999 % 251);
	KTEST_EXPECT_EQ(t, ext2t_pwrite(&m, "new", "tail", 4, 100000, 0), 4);
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "new", buf, 8192, 96000), 4004);
	KTEST_EXPECT(t, !buf[0] && !buf[3999] &&
		     !memcmp(buf + 4000, "tail", 4));
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "new", buf, 8, 0), 8);  /* cached */
	KTEST_EXPECT_EQ(t, ext2t_pwrite(&m, "new", "x", 1, 0, O_TRUNC), 1);
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "new", buf, 8192, 0), 1);
	KTEST_EXPECT_EQ(t, buf[0], 'x');	/* not the cached page's 0 */
	KTEST_ASSERT_EQ(t, ext2t_stat(&m, "new", &st), 0);
	KTEST_EXPECT_EQ_U(t, st.st_size, 1);

	KTEST_ASSERT_EQ(t, vfs_lookup(m.sb->root, "new", &d), 0);
	KTEST_EXPECT_EQ(t, m.sb->root->inode->i_op->link(d, m.sb->root,
							  "again"), 0);
	KTEST_EXPECT_EQ_U(t, d->inode->nlink, 2);
	nlink = m.sb->root->inode->nlink;
	KTEST_ASSERT_EQ(t, vfs_mkdir(m.sb->root, "made", 0755), 0);
	KTEST_EXPECT_EQ_U(t, m.sb->root->inode->nlink, nlink + 1);
	KTEST_ASSERT_EQ(t, vfs_lookup(m.sb->root, "made", &dir), 0);
	vfs_namespace_lock();
	KTEST_EXPECT_EQ(t, m.sb->root->inode->i_op->rename(d, dir, "moved",
							    NULL, 0), 0);
	vfs_namespace_unlock();
	dput(d);
	dput(dir);
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "made/moved", buf, 8, 0), 1);
	KTEST_EXPECT_EQ(t, ext2t_pread(&m, "new", buf, 8, 0), -ENOENT);
	KTEST_EXPECT_EQ(t, vfs_unlink(m.sb->root, "again"), 0);
	KTEST_EXPECT_EQ(t, vfs_unlink(m.sb->root, "made/moved"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(m.sb->root, "made"), 0);
	KTEST_EXPECT_EQ_U(t, m.sb->root->inode->nlink, nlink);
	KTEST_ASSERT_EQ(t, m.sb->s_op->statfs(m.sb, &after), 0);
	KTEST_EXPECT_EQ_U(t, after.f_bfree, before.f_bfree);
	KTEST_EXPECT_EQ_U(t, after.f_ffree, before.f_ffree);
	ext2_mnt_put(t, &m);
}

/* A whole file through the VFS from the namespace's root. */
static long path_rw(const char *path, void *buf, size_t n, bool write)
{
	struct io_buf io = { .base = buf, .len = n };
	loff_t pos = 0;
	struct file *f;
	long r = vfs_open(vfs_root(), path,
			  write ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY, 0644,
			  &f);

	if (r)
		return r;
	r = write ? vfs_write(f, &io, &pos) : vfs_read(f, &io, &pos);
	fput(f);
	return r;
}

/* ram0 with its first 2 KiB (the superblock's) zeroed: -EINVAL. */
static void ext2_bdev_no_super(struct ktest *t, struct block_device *ram0)
{
	u8 *zero = kzalloc(2048, GFP_KERNEL);

	if (KTEST_EXPECT_NOT_NULL(t, zero) &&
	    KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 0, zero,
					   2048 / SECTOR_SIZE), 0))
		KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", "/tmp/e2"), -EINVAL);
	kfree(zero);
}

/*
 * mount(2)'s path to a disk: "/dev/ram0" found by the block layer, the
 * "ext2" type (fs/ext2_bdev.c), a read and a write through the VFS, and
 * the umount syncing it: ram0 then holds the file, with bitmaps that
 * match the counts. A missing device is -ENOENT, a device without ext2
 * on it -EINVAL.
 */
static void ext2_bdev_mount_ram0(struct ktest *t)
{
	static const char msg[] = "through ram0\n";
	struct block_device *ram0 = blk_lookup("ram0");
	struct ext2_mnt m = { 0 };
	char text[32];
	u64 size = 0;

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return;
	m.image = ram0_load(t, ram0, &size);
	if (!m.image)
		return;
	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/e2", 0755), 0);
	KTEST_EXPECT_EQ(t, mount_ext2("/dev/nosuch", "/tmp/e2"), -ENOENT);
	if (KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", "/tmp/e2"), 0)) {
		KTEST_EXPECT_EQ(t, path_rw("/tmp/e2/hello", text, sizeof(text),
					   false), 12);
		KTEST_EXPECT(t, !memcmp(text, "hello, ext2\n", 12));
		KTEST_EXPECT_EQ(t, path_rw("/tmp/e2/written", (char *)msg,
					   sizeof(msg) - 1, true),
				(long)sizeof(msg) - 1);
		KTEST_EXPECT_EQ(t, umount_dir("/tmp/e2"), 0);
	}
	/* What ram0 holds now, mounted from memory. */
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_READ, 0, m.image,
				       (u32)(size / SECTOR_SIZE)), 0);
	ext2_io_mem_init(&m.io, m.image, size);
	if (KTEST_EXPECT_EQ(t, ext2_mount(&m.io, 0, &m.sb), 0)) {
		KTEST_EXPECT_EQ(t, ext2t_pread(&m, "written", text,
					       sizeof(text), 0),
				(long)sizeof(msg) - 1);
		KTEST_EXPECT(t, !memcmp(text, msg, sizeof(msg) - 1));
		ext2_mnt_put(t, &m);
	} else {
		kfree(m.image);
	}
	ext2_bdev_no_super(t, ram0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/e2"), 0);
}

KTEST_SUITE(ext2_bdev, KTEST_CASE(ext2_bdev_mount_ram0));

KTEST_SUITE(ext2_vfs,
	    KTEST_CASE(ext2_boot_read),
	    KTEST_CASE(ext2_boot_getdents),
	    KTEST_CASE(ext2_boot_write));
