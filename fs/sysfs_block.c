// SPDX-License-Identifier: MIT
/*
 * /sys/block (fs/sysfs_block.h): one directory per block device, made
 * on lookup from the block layer's list, so devices registered after
 * the mount appear and unregistered ones vanish:
 *
 *   stat   Linux's seventeen counters (block/blk_stat.h)
 *   size   the capacity in 512-byte sectors, as Linux's size file
 *
 * A file opened before its device was unregistered reads -ENODEV.
 *
 * Locking: none of its own; the block layer's snapshot is consistent.
 */
#include "block/blkdev.h"
#include "fs/pseudo.h"
#include "fs/sysfs_block.h"
#include "lib/errno.h"
#include "lib/string.h"

/* @bdev if it is still registered. */
static struct block_device *sysfs_block_dev(void *data)
{
	struct block_device *bdev = NULL;

	while ((bdev = blk_next(bdev)))
		if (bdev == data)
			return bdev;
	return NULL;
}

static int stat_show(void *data, struct pseudo_buf *buf)
{
	struct block_device *bdev = sysfs_block_dev(data);
	struct blk_stats s;
	char line[256];

	if (!bdev)
		return -ENODEV;
	blk_stats_read(bdev, &s);
	blk_stat_format(line, sizeof(line), &s);
	pseudo_printf(buf, "%s", line);
	return 0;
}

static int size_show(void *data, struct pseudo_buf *buf)
{
	struct block_device *bdev = sysfs_block_dev(data);

	if (!bdev)
		return -ENODEV;
	pseudo_printf(buf, "%llu\n", (unsigned long long)bdev->nr_sectors);
	return 0;
}

static const struct {
	const char *name;
	struct pseudo_file_ops ops;
} dev_files[] = {
	{ "size", { .show = size_show } },
	{ "stat", { .show = stat_show } },
};

static int dev_dir_lookup(struct dentry *dir, const char *name,
			  struct dentry **out)
{
	for (size_t i = 0; i < ARRAY_SIZE(dev_files); i++)
		if (!strcmp(name, dev_files[i].name))
			return pseudo_new_file(dir, name, 0444,
					       &dev_files[i].ops,
					       pseudo_data(dir), out);
	return -ENOENT;
}

static void dev_dir_iterate(struct dentry *dir, struct dir_context *ctx)
{
	for (size_t i = 0; i < ARRAY_SIZE(dev_files); i++)
		if (!dir_emit(ctx, dev_files[i].name, i + 2, DT_REG))
			return;
}

static const struct pseudo_dir_ops dev_dir_ops = {
	.lookup = dev_dir_lookup,
	.iterate = dev_dir_iterate,
};

static int root_lookup(struct dentry *dir, const char *name,
		       struct dentry **out)
{
	struct block_device *bdev = blk_lookup(name);

	if (!bdev)
		return -ENOENT;
	return pseudo_new_dir(dir, name, &dev_dir_ops, bdev, out);
}

static void root_iterate(struct dentry *dir, struct dir_context *ctx)
{
	struct block_device *bdev = NULL;
	u64 ino = 0x100;

	while ((bdev = blk_next(bdev)))
		if (!dir_emit(ctx, bdev->name, ino++, DT_DIR))
			return;
}

static const struct pseudo_dir_ops root_ops = {
	.lookup = root_lookup,
	.iterate = root_iterate,
};

/**
 * sysfs_block_create - the file system mounted on /sys/block.
 *
 * Context: boot, task context.
 * Return: its super block, or NULL without memory.
 */
struct super_block *sysfs_block_create(void)
{
	return pseudo_fs_create("sysfs", &root_ops, NULL);
}
