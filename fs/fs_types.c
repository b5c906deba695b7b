// SPDX-License-Identifier: MIT
/*
 * The boot file-system types (fs/fs_types.h) and the two that exist
 * once: devtmpfs and cgroup2, made at boot before anything mounts them.
 * Invariant: a single-instance type hands out the same super block to
 * every mount, and it is never freed (its kill_sb is NULL), so an
 * umount and a mount again show the same tree.
 *
 * Locking: [I] the single instances after fs_types_init(); [n] the
 * namespace lock for cgroup2's options.
 */
#include "block/blkdev.h"
#include "fs/cgroupfs.h"
#include "fs/ext2.h"
#include "fs/fs_type.h"
#include "fs/fs_types.h"
#include "fs/mount.h"
#include "fs/proc.h"
#include "fs/sysfs.h"
#include "fs/tmpfs.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

static struct super_block *devtmpfs;		/* [I] */
static struct super_block *cgroup2;		/* [I] */
static bool cgroup2_nsdelegate;			/* [n] */
static bool cgroup2_recursiveprot;		/* [n] */

/* Return: the devtmpfs instance. Context: after fs_types_init(). */
struct super_block *devtmpfs_sb(void)
{
	return devtmpfs;
}

/* Return: the cgroup2 instance. Context: after fs_types_init(). */
struct super_block *cgroup2_sb(void)
{
	return cgroup2;
}

/**
 * devtmpfs_add_node - a device node /dev/@name, as a driver's
 * device_create() makes one in Linux.
 * @name: the node's name in /dev
 * @mode: S_IFCHR (or S_IFBLK) and permission bits
 * @fops: what open files of it do
 * @private: inode->private for @fops
 * @rdev: its st_rdev (DEV_MKDEV(major, minor) of fs/devnodes.h)
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -EEXIST, -ENOMEM.
 */
int devtmpfs_add_node(const char *name, u32 mode,
		      const struct file_operations *fops, void *private,
		      u64 rdev)
{
	struct inode *inode = inode_alloc(devtmpfs, mode);
	struct dentry *d, *old;
	int r = 0;

	if (!inode)
		return -ENOMEM;
	inode->f_op = fops;
	inode->private = private;
	inode->rdev = rdev;
	d = d_alloc(devtmpfs->root, name, inode);
	if (!d)
		return -ENOMEM;
	vfs_namespace_lock();
	old = d_find_child(devtmpfs->root, name);
	if (old) {
		dput(old);
		r = -EEXIST;
	} else {
		d_link(d);
	}
	vfs_namespace_unlock();
	dput(d);
	return r;
}

/* A type with one instance: mount(2) attaches it (options ignored). */
static int single_get_sb(struct super_block *sb, struct super_block **out)
{
	__atomic_add_fetch(&sb->active, 1, __ATOMIC_RELAXED);
	*out = sb;
	return 0;
}

static int devtmpfs_get_sb(struct file_system_type *type,
			   struct fs_mount_args *args,
			   struct super_block **out)
{
	return single_get_sb(devtmpfs, out);
}

/**
 * cgroup2_nsdelegated - was cgroup2 last mounted with nsdelegate (Linux's
 * CGRP_ROOT_NS_DELEGATE): cgroup namespaces are delegation boundaries.
 *
 * Context: any; a mount changing it races benignly.
 * Return: true when it was.
 */
bool cgroup2_nsdelegated(void)
{
	return __atomic_load_n(&cgroup2_nsdelegate, __ATOMIC_RELAXED);
}

/* cgroup2's options (Linux's cgroup2_parse_param()): unknown -EINVAL. */
static int cgroup2_get_sb(struct file_system_type *type,
			  struct fs_mount_args *args,
			  struct super_block **out)
{
	bool nsdelegate = false, recursiveprot = false;
	char *opts = args->options, *opt;

	while ((opt = fs_option_next(&opts))) {
		if (!strcmp(opt, "nsdelegate"))
			nsdelegate = true;
		else if (!strcmp(opt, "memory_recursiveprot"))
			recursiveprot = true;
		else
			return -EINVAL;
	}
	vfs_namespace_lock();
	cgroup2_nsdelegate = nsdelegate;
	cgroup2_recursiveprot = recursiveprot;
	vfs_namespace_unlock();
	return single_get_sb(cgroup2, out);
}

static void cgroup2_show_options(struct super_block *sb, char *buf,
				 size_t size)
{
	snprintf(buf, size, "%s%s", cgroup2_nsdelegate ? ",nsdelegate" : "",
		 cgroup2_recursiveprot ? ",memory_recursiveprot" : "");
}

/* proc and sysfs take no options we know: any is -EINVAL. */
static int no_options(struct fs_mount_args *args)
{
	char *opts = args->options;

	return fs_option_next(&opts) ? -EINVAL : 0;
}

static int proc_get_sb(struct file_system_type *type,
		       struct fs_mount_args *args, struct super_block **out)
{
	int r = no_options(args);

	if (r)
		return r;
	*out = proc_create();
	return *out ? 0 : -ENOMEM;
}

static int sysfs_get_sb(struct file_system_type *type,
			struct fs_mount_args *args, struct super_block **out)
{
	int r = no_options(args);

	if (r)
		return r;
	*out = sysfs_create();
	return *out ? 0 : -ENOMEM;
}

static struct file_system_type boot_types[] = {
	{ .name = "tmpfs", .magic = TMPFS_MAGIC, .get_sb = tmpfs_get_sb,
	  .show_options = tmpfs_show_options,
	  .kill_sb = kill_litter_super },
	{ .name = "devtmpfs", .magic = TMPFS_MAGIC,
	  .get_sb = devtmpfs_get_sb },
	{ .name = "proc", .magic = PROC_SUPER_MAGIC, .get_sb = proc_get_sb,
	  .kill_sb = kill_litter_super },
	{ .name = "sysfs", .magic = SYSFS_MAGIC, .get_sb = sysfs_get_sb,
	  .kill_sb = kill_litter_super },
	{ .name = "cgroup2", .magic = CGROUP2_SUPER_MAGIC,
	  .get_sb = cgroup2_get_sb, .show_options = cgroup2_show_options },
	{ .name = "rootfs", .magic = RAMFS_MAGIC },
	{ .name = "oomlab", .magic = SYSFS_MAGIC },
	{ .name = "anon_inodefs", .magic = ANON_INODE_FS_MAGIC },
};

/*
 * mount(2)'s block device source: "/dev/NAME" for a device the block
 * layer knows by NAME ("vda", "ram0"). /dev holds no block nodes, so the
 * name is looked up directly; anything else is -ENOENT, as Linux's
 * lookup_bdev() says of a path that does not exist.
 */
static int dev_path_lookup(const char *path, void **bdev)
{
	static const char prefix[] = "/dev/";
	struct block_device *b = NULL;

	if (!strncmp(path, prefix, sizeof(prefix) - 1))
		b = blk_lookup(path + sizeof(prefix) - 1);
	*bdev = b;
	return b ? 0 : -ENOENT;
}

/**
 * fs_types_init - register the boot types, make devtmpfs and cgroup2, and
 * let mount(2) find block devices (ext2 and later disk file systems).
 *
 * Context: boot, task context, before the first mount.
 */
void fs_types_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(boot_types); i++)
		if (register_filesystem(&boot_types[i]))
			panic("vfs: %s registered twice", boot_types[i].name);
	devtmpfs = tmpfs_create_type("devtmpfs", 0, 0755);
	cgroup2 = cgroupfs_create();
	if (!devtmpfs || !cgroup2)
		panic("vfs: no memory for devtmpfs and cgroup2");
	fs_set_bdev_lookup(dev_path_lookup);
	ext2_bdev_init();
}
