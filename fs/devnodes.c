// SPDX-License-Identifier: MIT
/*
 * /dev (fs/devnodes.h): one directory of character devices, each an
 * inode with Linux's st_rdev and the file operations of its driver. The
 * memory devices live here (Linux's drivers/char/mem.c: null, zero,
 * full, and drivers/char/random.c's random and urandom); kmsg and the
 * console bring their own operations (fs/kmsg.c, fs/console.c).
 *
 * The directory takes no new names: it has no create or mkdir, so
 * open(O_CREAT) there is -EACCES. Its file system is not read-only,
 * since a device opened for writing must be writable.
 *
 * Locking: [I] the tree after devnodes_init(); the devices keep no state.
 */
#include "fs/console.h"
#include "fs/devnodes.h"
#include "fs/file.h"
#include "fs/kmsg.h"
#include "kernel/panic.h"
#include "kernel/sys_misc.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

#define DEV_RANDOM_CHUNK	256	/* bytes generated per copy */

static long dev_null_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	return 0;
}

/* A write to null, zero, random or urandom: every byte is taken. */
static long dev_sink_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	return (long)io->len;
}

static long dev_zero_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	size_t n = io_zero(io, 0, io->len);

	return n || !io->len ? (long)n : -EFAULT;
}

static long dev_full_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	return -ENOSPC;
}

/* random and urandom: never block (Linux 5.6 on, once seeded). */
static long dev_random_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	char chunk[DEV_RANDOM_CHUNK];
	size_t done = 0;

	while (done < io->len) {
		size_t n = MIN(io->len - done, sizeof(chunk));
		size_t got;

		sys_misc_random_bytes(chunk, n);
		got = io_copy_to(io, done, chunk, n);
		done += got;
		if (got < n || fatal_signal_pending(current))
			break;
	}
	memset(chunk, 0, sizeof(chunk));
	return done || !io->len ? (long)done : -EFAULT;
}

static const struct file_operations dev_null_fops = {
	.read = dev_null_read,
	.write = dev_sink_write,
};

static const struct file_operations dev_zero_fops = {
	.read = dev_zero_read,
	.write = dev_sink_write,
};

static const struct file_operations dev_full_fops = {
	.read = dev_zero_read,
	.write = dev_full_write,
};

static const struct file_operations dev_random_fops = {
	.read = dev_random_read,
	.write = dev_sink_write,
};

static const struct devnode {
	const char *name;
	u32 major, minor;
	u32 mode;
	const struct file_operations *fops;
} devnodes[] = {
	{ "null", 1, 3, 0666, &dev_null_fops },
	{ "zero", 1, 5, 0666, &dev_zero_fops },
	{ "full", 1, 7, 0666, &dev_full_fops },
	{ "random", 1, 8, 0666, &dev_random_fops },
	{ "urandom", 1, 9, 0666, &dev_random_fops },
	{ "kmsg", 1, 11, 0644, &kmsg_fops },
	{ "tty", 5, 0, 0666, &console_fops },
	{ "console", 5, 1, 0600, &console_fops },
};

static void devnodes_add(struct dentry *dir, const struct devnode *n)
{
	struct inode *inode = inode_alloc(dir->inode->sb, S_IFCHR | n->mode);
	struct dentry *d;

	if (!inode)
		panic("devnodes: no memory for /dev/%s", n->name);
	inode->f_op = n->fops;
	inode->rdev = DEV_MKDEV(n->major, n->minor);
	d = d_alloc(dir, n->name, inode);
	if (!d)
		panic("devnodes: no memory for /dev/%s", n->name);
	d_link(d);
	dput(d);		/* the tree's reference keeps it */
}

/**
 * devnodes_init - make /dev and mount it (at boot, after the root).
 *
 * Context: boot, task context.
 */
void devnodes_init(void)
{
	struct super_block *sb = sb_alloc("devtmpfs", false, NULL);
	struct inode *root = sb ? inode_alloc(sb, S_IFDIR | 0755) : NULL;

	if (root)
		sb->root = d_alloc(NULL, "/", root);
	if (!root || !sb->root)
		panic("devnodes: no memory for /dev");
	vfs_namespace_lock();
	for (size_t i = 0; i < ARRAY_SIZE(devnodes); i++)
		devnodes_add(sb->root, &devnodes[i]);
	vfs_namespace_unlock();
	if (vfs_mount(sb, DEVNODES_MOUNT))
		panic("devnodes: cannot mount " DEVNODES_MOUNT);
}
