// SPDX-License-Identifier: MIT
/*
 * /dev (fs/devnodes.h): one directory of character devices, each an
 * inode with Linux's st_rdev and the file operations of its driver. The
 * memory devices live here (Linux's drivers/char/mem.c: null, zero,
 * full, and drivers/char/random.c's random and urandom); kmsg and the
 * console bring their own operations (fs/kmsg.c, fs/console.c).
 *
 * /dev itself is devtmpfs (fs/fs_types.c): a tmpfs, so root may create
 * other files there, as on Linux.
 *
 * Locking: [I] the tree after devnodes_init(); the devices keep no state.
 */
#include "fs/console.h"
#include "fs/devnodes.h"
#include "fs/file.h"
#include "fs/fs_types.h"
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

/**
 * devnodes_init - the character devices in /dev, devtmpfs's first nodes
 * (as the drivers' device_create() makes them in Linux).
 *
 * Context: boot, task context, after vfs_init() mounted devtmpfs.
 */
void devnodes_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(devnodes); i++) {
		const struct devnode *n = &devnodes[i];

		if (devtmpfs_add_node(n->name, S_IFCHR | n->mode, n->fops, NULL,
				      DEV_MKDEV(n->major, n->minor)))
			panic("devnodes: cannot make /dev/%s", n->name);
	}
}
