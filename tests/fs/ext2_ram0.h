/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helpers: the ext2 test images (tools/oomlab/ext2_image.py
 * --sparse, the E2SPARSE files of the initramfs) expanded in memory or
 * copied to ram0, and mount(2)'s path to them ("ext2" on /dev/ram0).
 * Shared by the ext2 suites, the writeback suites and the cgroup
 * selftests' scratch directory.
 */
#ifndef TESTS_FS_EXT2_RAM0_H
#define TESTS_FS_EXT2_RAM0_H

#include "block/blkdev.h"
#include "fs/fs_type.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define SPARSE_CHUNK	4096U

/*
 * The image of an E2SPARSE file (ext2_image.py --sparse: "E2SPARSE", the
 * size, then index and bytes of each non-zero 4 KiB chunk, then ~0U) in
 * a zeroed buffer. Return: the buffer, or NULL.
 */
static inline u8 *ext2t_expand(const struct initramfs_file *f, u64 *size)
{
	const u8 *p = f->data + 16, *end = f->data + f->size;
	u8 *img;

	if (f->size < 16 || memcmp(f->data, "E2SPARSE", 8))
		return NULL;
	memcpy(size, f->data + 8, 8);
	img = *size <= (4 << 20) ? kzalloc(*size, GFP_KERNEL) : NULL;
	while (img && p + 4 <= end) {
		u32 idx;

		memcpy(&idx, p, 4);
		p += 4;
		if (idx == ~0U)
			return img;
		if ((u64)idx * SPARSE_CHUNK + SPARSE_CHUNK > *size ||
		    p + SPARSE_CHUNK > end)
			break;
		memcpy(img + (u64)idx * SPARSE_CHUNK, p, SPARSE_CHUNK);
		p += SPARSE_CHUNK;
	}
	kfree(img);
	return NULL;
}

#define SPARSE_STREAM_ORDER	4	/* 64 KiB of zeros per device write */

/*
 * The E2SPARSE image @name streamed onto @bdev, for images larger than
 * ext2t_expand() holds in memory: zeros over its size, then its non-zero
 * chunks, then a flush. Return: 0, -EINVAL (no such image, larger than
 * the disk, or a stream that stops short of its end mark), -ENOMEM, or
 * the block layer's error.
 */
static inline int ext2t_stream_sparse(struct block_device *bdev,
				      const char *name)
{
	const struct initramfs_file *f = initramfs_lookup(name);
	const u32 step = (PAGE_SIZE << SPARSE_STREAM_ORDER) / SECTOR_SIZE;
	const u8 *p, *end;
	bool ended = false;
	u64 size;
	u8 *buf;
	int r = 0;

	if (!f || f->size < 16 || memcmp(f->data, "E2SPARSE", 8))
		return -EINVAL;
	memcpy(&size, f->data + 8, 8);
	if (size / SECTOR_SIZE > bdev->nr_sectors)
		return -EINVAL;
	/* the block layer moves direct-map memory: a buffer of our own */
	buf = __get_free_pages(GFP_KERNEL | __GFP_ZERO, SPARSE_STREAM_ORDER);
	if (!buf)
		return -ENOMEM;
	for (u64 s = 0; !r && s < size / SECTOR_SIZE; s += step)
		r = blk_rw_sync(bdev, BLK_WRITE, s, buf, step);
	end = f->data + f->size;
	for (p = f->data + 16; !r && p + 4 <= end; p += SPARSE_CHUNK) {
		u32 idx;

		memcpy(&idx, p, 4);
		p += 4;
		ended = idx == ~0U;
		if (ended || p + SPARSE_CHUNK > end)
			break;
		memcpy(buf, p, SPARSE_CHUNK);
		r = blk_rw_sync(bdev, BLK_WRITE,
				(u64)idx * (SPARSE_CHUNK / SECTOR_SIZE), buf,
				SPARSE_CHUNK / SECTOR_SIZE);
	}
	free_pages_addr(buf, SPARSE_STREAM_ORDER);
	if (!r && !ended)
		r = -EINVAL;
	return r ? r : blk_flush_sync(bdev);
}

/* Copy the image @name of the initramfs to ram0, or fail @t. Return: the
 * image, or NULL. */
static inline u8 *ram0_load_image(struct ktest *t, struct block_device *ram0,
				  const char *name, u64 *size)
{
	const struct initramfs_file *f = initramfs_lookup(name);
	u8 *img = f ? ext2t_expand(f, size) : NULL;

	if (!KTEST_EXPECT_NOT_NULL(t, img))
		return NULL;
	if (!KTEST_EXPECT_LE_U(t, *size, ram0->nr_sectors * SECTOR_SIZE) ||
	    !KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 0, img,
					    (u32)(*size / SECTOR_SIZE)), 0)) {
		kfree(img);
		return NULL;
	}
	return img;
}

/* Copy the test image (tools/oomlab/ext2_image.py's tree) to ram0. */
static inline u8 *ram0_load(struct ktest *t, struct block_device *ram0,
			    u64 *size)
{
	return ram0_load_image(t, ram0, "ext2/test.sparse", size);
}

/* mount -t ext2 @source @dir. Return: 0, or mount_new()'s errno. */
static inline int mount_ext2(const char *source, const char *dir)
{
	struct fs_mount_args args = { .source = source };
	struct dentry *mp;
	int r = vfs_lookup(vfs_root(), dir, &mp);

	if (!r) {
		r = mount_new(mp, "ext2", &args);
		dput(mp);
	}
	return r;
}

/* umount @dir. Return: 0, or mount_umount()'s errno. */
static inline int umount_dir(const char *dir)
{
	struct dentry *root;
	int r = vfs_lookup(vfs_root(), dir, &root);

	if (!r) {
		r = mount_umount(root, 0);
		dput(root);
	}
	return r;
}

/*
 * The test image on ram0, mounted on the new directory @dir: true when
 * mounted (ram0_umount_test_image() undoes it), false with @t failed.
 */
static inline bool ram0_mount_test_image(struct ktest *t, const char *dir)
{
	struct block_device *ram0 = blk_lookup("ram0");
	u64 size = 0;
	u8 *image;

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return false;
	image = ram0_load(t, ram0, &size);
	if (!image)
		return false;
	kfree(image);
	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), dir, 0755), 0))
		return false;
	if (KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", dir), 0))
		return true;
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), dir), 0);
	return false;
}

/* Undo ram0_mount_test_image(): unmount @dir and remove it. */
static inline void ram0_umount_test_image(struct ktest *t, const char *dir)
{
	KTEST_EXPECT_EQ(t, umount_dir(dir), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), dir), 0);
}

#endif
