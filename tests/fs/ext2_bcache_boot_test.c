// SPDX-License-Identifier: MIT
/*
 * ext2's metadata cache against the block layer, on ram0 with the test
 * image (1 KiB blocks; dir/big, 100000 bytes, has an indirect block):
 *
 *   ext2_bcache_indirect_hit     the second lookup through an indirect
 *                                block sends no request to the device
 *                                (ram0's read count, blk_stats_read())
 *   ext2_bcache_fsync_durable    after a mkdir and the directory's
 *                                fsync, the device, read around the
 *                                cache, has the new inode and its
 *                                bitmap bits; after a file's fsync,
 *                                its size and indirect block
 *   ext2_bcache_sync_durable     after a mkdir and sync(2)'s work
 *                                (ksys_sync()), no fsync of the
 *                                directory: the device has its inode
 *   ext2_bcache_drop_caches      drop_caches 2 and 1 free the clean
 *                                blocks: meminfo's Buffers goes to 0
 *   ext2_bcache_umount_frees     umount leaves no cached block
 */
#include <arch/layout.h>
#include "block/blkdev.h"
#include "fs/ext2_bcache.h"
#include "fs/ext2_internal.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"

#define BC_DIR		"/tmp/bc"
#define BC_BS		1024U		/* the test image's block size */

/* ext2's byte store straight on ram0, the core's own (no VFS): ranges
 * of whole sectors through a bounce page, which is all this needs. */
struct bc_ram0 {
	struct ext2_io io;
	struct block_device *bdev;
};

static int bc_ram0_xfer(struct ext2_io *io, u64 off, void *buf, size_t len,
			enum blk_op op)
{
	struct block_device *bdev = container_of(io, struct bc_ram0, io)->bdev;
	u8 *bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	int r = 0;

	if (!bounce)
		return -ENOMEM;
	while (len && !r) {
		u32 head = (u32)(off % SECTOR_SIZE);
		size_t n = MIN(len, PAGE_SIZE - (size_t)head);
		u32 nr = (u32)((head + n + SECTOR_SIZE - 1) / SECTOR_SIZE);

		r = blk_rw_sync(bdev, BLK_READ, off / SECTOR_SIZE, bounce, nr);
		if (!r && op == BLK_WRITE) {
			memcpy(bounce + head, buf, n);
			r = blk_rw_sync(bdev, BLK_WRITE, off / SECTOR_SIZE,
					bounce, nr);
		} else if (!r) {
			memcpy(buf, bounce + head, n);
		}
		off += n;
		len -= n;
		buf = (u8 *)buf + n;
	}
	kfree(bounce);
	return r;
}

static int bc_ram0_read(struct ext2_io *io, u64 off, void *buf, size_t len)
{
	return bc_ram0_xfer(io, off, buf, len, BLK_READ);
}

static int bc_ram0_write(struct ext2_io *io, u64 off, const void *buf,
			 size_t len)
{
	return bc_ram0_xfer(io, off, (void *)buf, len, BLK_WRITE);
}

static int bc_ram0_flush(struct ext2_io *io)
{
	(void)io;
	return 0;
}

static u64 bc_reads(struct block_device *bdev)
{
	struct blk_stats st;

	blk_stats_read(bdev, &st);
	return st.ios[BLK_STAT_READ];
}

static void ext2_bcache_indirect_hit(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	struct bc_ram0 dev;
	struct ext2_inode raw;
	struct ext2_fs *fs;
	u64 size, r0, r1;
	u32 dir, ino, b12 = 0, b50 = 0;
	u8 *image;

	KTEST_ASSERT_NOT_NULL(t, ram0);
	image = ram0_load(t, ram0, &size);
	if (!image)
		return;
	kfree(image);
	dev = (struct bc_ram0){ .bdev = ram0 };
	ext2_io_mem_init(&dev.io, NULL, size);
	dev.io.read = bc_ram0_read;
	dev.io.write = bc_ram0_write;
	dev.io.flush = bc_ram0_flush;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&dev.io, EXT2_MOUNT_RDONLY, &fs), 0);
	KTEST_EXPECT_EQ(t, ext2_lookup(fs, EXT2_ROOT_INO, "dir", &dir), 0);
	KTEST_EXPECT_EQ(t, ext2_lookup(fs, dir, "big", &ino), 0);
	KTEST_EXPECT_EQ(t, ext2_inode_get(fs, ino, &raw), 0);
	r0 = bc_reads(ram0);
	KTEST_EXPECT_EQ(t, ext2_bmap(fs, ino, &raw, 12, false, &b12), 0);
	r1 = bc_reads(ram0);
	KTEST_EXPECT_LT_U(t, r0, r1);		/* the indirect block, read */
	KTEST_EXPECT_EQ(t, ext2_bmap(fs, ino, &raw, 50, false, &b50), 0);
	KTEST_EXPECT_EQ_U(t, bc_reads(ram0), r1);	/* ... and kept */
	KTEST_EXPECT_NE(t, b12, 0);
	KTEST_EXPECT_NE(t, b50, 0);
	ext2_fs_close(fs);
}

/* The on-device copy of what the test needs, read around every cache. */
struct bc_disk {
	struct ext2_super sb;
	struct ext2_group_desc gd;	/* group 0's: the image has one */
};

static int bc_disk_read(struct block_device *bdev, u64 off, void *buf,
			size_t len)
{
	struct bc_ram0 dev = { .bdev = bdev };

	return bc_ram0_xfer(&dev.io, off, buf, len, BLK_READ);
}

static bool bc_bit(struct ktest *t, struct block_device *bdev, u32 bitmap,
		   u32 i)
{
	u8 byte = 0;

	KTEST_EXPECT_EQ(t, bc_disk_read(bdev, (u64)bitmap * BC_BS + i / 8,
					&byte, 1), 0);
	return byte & (1U << (i % 8));
}

/* Inode @ino as the device has it; false with @t failed. */
static bool bc_disk_inode(struct ktest *t, struct block_device *bdev,
			  struct bc_disk *d, u32 ino, struct ext2_inode *raw)
{
	u64 off;

	if (!KTEST_EXPECT_EQ(t, bc_disk_read(bdev, EXT2_SUPER_OFFSET, &d->sb,
					     sizeof(d->sb)), 0) ||
	    !KTEST_EXPECT_EQ(t, bc_disk_read(bdev, 2 * BC_BS, &d->gd,
					     sizeof(d->gd)), 0) ||
	    !KTEST_EXPECT_LE_U(t, ino, d->sb.s_inodes_per_group))
		return false;
	off = (u64)d->gd.bg_inode_table * BC_BS +
	      (u64)(ino - 1) * d->sb.s_inode_size;
	return KTEST_EXPECT_EQ(t, bc_disk_read(bdev, off, raw, sizeof(*raw)),
			       0);
}

static struct inode *bc_inode(struct ktest *t, const char *path,
			      struct dentry **d)
{
	if (!KTEST_EXPECT_EQ(t, vfs_lookup(vfs_root(), path, d), 0))
		return NULL;
	return (*d)->inode;
}

/* mkdir, then the directory's fsync: its inode and bits are on ram0. */
static void bc_fsync_mkdir(struct ktest *t, struct block_device *ram0)
{
	struct ext2_inode raw;
	struct bc_disk d;
	struct dentry *dn;
	struct inode *in;

	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), BC_DIR "/made", 0755), 0);
	in = bc_inode(t, BC_DIR "/made", &dn);
	if (!in)
		return;
	KTEST_EXPECT_EQ(t, in->i_op->fsync(in, false), 0);
	if (bc_disk_inode(t, ram0, &d, (u32)in->ino, &raw)) {
		KTEST_EXPECT(t, EXT2_ISDIR(raw.i_mode));
		KTEST_EXPECT_EQ_U(t, raw.i_links_count, 2);
		KTEST_EXPECT_NE(t, raw.i_block[0], 0);
		KTEST_EXPECT(t, bc_bit(t, ram0, d.gd.bg_inode_bitmap,
				       (u32)in->ino - 1));
		KTEST_EXPECT(t, bc_bit(t, ram0, d.gd.bg_block_bitmap,
				       raw.i_block[0] -
				       d.sb.s_first_data_block));
	}
	dput(dn);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), BC_DIR "/made"), 0);
}

/* 20 KiB written, then the file's fsync: size and map are on ram0. */
static void bc_fsync_file(struct ktest *t, struct block_device *ram0)
{
	static u8 buf[20 * BC_BS];
	struct ext2_inode raw;
	struct bc_disk d;
	struct file *f;
	u32 ptr = 0;
	int err;

	memset(buf, 0x5a, sizeof(buf));
	f = ft_open(BC_DIR "/file", O_CREAT | O_WRONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, buf, sizeof(buf), 0),
			(long)sizeof(buf));
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	if (bc_disk_inode(t, ram0, &d, (u32)f->inode->ino, &raw)) {
		KTEST_EXPECT_EQ_U(t, raw.i_size, sizeof(buf));
		KTEST_EXPECT_NE(t, raw.i_block[EXT2_IND_BLOCK], 0);
		KTEST_EXPECT_EQ(t, bc_disk_read(ram0, (u64)raw.i_block[
						 EXT2_IND_BLOCK] * BC_BS,
						&ptr, sizeof(ptr)), 0);
		KTEST_EXPECT_NE(t, ptr, 0);	/* file block 12 */
	}
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), BC_DIR "/file"), 0);
}

/* mkdir, then sync(2)'s work alone: the new inode is on ram0. */
static void ext2_bcache_sync_durable(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	struct ext2_inode raw;
	struct bc_disk d;
	struct dentry *dn;
	struct inode *in;

	KTEST_ASSERT_NOT_NULL(t, ram0);
	if (!ram0_mount_test_image(t, BC_DIR))
		return;
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), BC_DIR "/synced", 0755), 0);
	in = bc_inode(t, BC_DIR "/synced", &dn);
	if (in) {
		ksys_sync();
		if (bc_disk_inode(t, ram0, &d, (u32)in->ino, &raw)) {
			KTEST_EXPECT(t, EXT2_ISDIR(raw.i_mode));
			KTEST_EXPECT(t, bc_bit(t, ram0, d.gd.bg_inode_bitmap,
					       (u32)in->ino - 1));
		}
		dput(dn);
		KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), BC_DIR "/synced"), 0);
	}
	ram0_umount_test_image(t, BC_DIR);
}

static void ext2_bcache_fsync_durable(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");

	KTEST_ASSERT_NOT_NULL(t, ram0);
	if (!ram0_mount_test_image(t, BC_DIR))
		return;
	bc_fsync_mkdir(t, ram0);
	bc_fsync_file(t, ram0);
	ram0_umount_test_image(t, BC_DIR);
}

/* /proc/meminfo's Buffers, in kB; ~0 if it cannot be read. */
static u64 bc_buffers_kb(struct ktest *t)
{
	static char text[2048];
	const char *p;
	u64 kb = 0;

	if (!KTEST_EXPECT_GT(t, ft_slurp("/proc/meminfo", text, sizeof(text)),
			     0))
		return ~0ULL;
	p = strstr(text, "Buffers:");
	if (!KTEST_EXPECT_NOT_NULL(t, p))
		return ~0ULL;
	for (p += 8; *p == ' '; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++)
		kb = kb * 10 + (u64)(*p - '0');
	return kb;
}

/* Metadata of the mount read in (inodes; for @pos past the direct
 * blocks, the indirect block), then written back, so all is clean. */
static void bc_populate(struct ktest *t, const char *file, loff_t pos)
{
	struct dentry *root;
	struct file *f;
	u8 byte;
	int err;

	f = ft_open(file, O_RDONLY, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		return;
	KTEST_EXPECT_EQ(t, ft_pread(f, &byte, 1, pos), 1);
	fput(f);
	if (!KTEST_EXPECT_EQ(t, vfs_lookup(vfs_root(), BC_DIR, &root), 0))
		return;
	KTEST_EXPECT_EQ(t, root->inode->i_op->fsync(root->inode, false), 0);
	dput(root);
}

static void ext2_bcache_drop_caches(struct ktest *t)
{
	if (!ram0_mount_test_image(t, BC_DIR))
		return;
	bc_populate(t, BC_DIR "/dir/big", 50 * BC_BS);
	KTEST_EXPECT_GE_U(t, bc_buffers_kb(t), 1);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/drop_caches", "2"), 1);
	KTEST_EXPECT_EQ_U(t, bc_buffers_kb(t), 0);
	bc_populate(t, BC_DIR "/hello", 0);
	KTEST_EXPECT_GE_U(t, bc_buffers_kb(t), 1);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/drop_caches", "1"), 1);
	KTEST_EXPECT_EQ_U(t, bc_buffers_kb(t), 0);
	ram0_umount_test_image(t, BC_DIR);
}

static void ext2_bcache_umount_frees(struct ktest *t)
{
	unsigned long before = ext2_bcache_nr_pages();

	if (!ram0_mount_test_image(t, BC_DIR))
		return;
	bc_populate(t, BC_DIR "/dir/big", 50 * BC_BS);
	KTEST_EXPECT_LT_U(t, before, ext2_bcache_nr_pages());
	ram0_umount_test_image(t, BC_DIR);
	KTEST_EXPECT_EQ_U(t, ext2_bcache_nr_pages(), before);
}

KTEST_SUITE(ext2_bcache_disk,
	    KTEST_CASE(ext2_bcache_indirect_hit),
	    KTEST_CASE(ext2_bcache_fsync_durable),
	    KTEST_CASE(ext2_bcache_sync_durable),
	    KTEST_CASE(ext2_bcache_drop_caches),
	    KTEST_CASE(ext2_bcache_umount_frees));
