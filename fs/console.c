// SPDX-License-Identifier: MIT
/*
 * The console device (fs/console.h): one character-device inode, not in
 * any directory; each process opens it once and installs it as fds 0-2.
 *
 * Locking: [I] the dentry after console_init(); the output under the
 * process's console lock (kernel/user_console.h).
 */
#include "fs/console.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CONSOLE_CHUNK	256	/* bytes copied per step */

static struct dentry *console_dentry;	/* [I] */

static long console_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	return 0;		/* no input: end of file */
}

/* Copy in CONSOLE_CHUNK steps through a bounce buffer; a fault or a
 * fatal signal ends the write short. */
static long console_write(struct file *file, struct io_buf *io, loff_t *pos)
{
	struct process *p = process_current();
	char chunk[CONSOLE_CHUNK];
	size_t done = 0;

	if (!p)
		return -EBADF;	/* a kernel thread has no console */
	while (done < io->len) {
		size_t n = MIN(io->len - done, sizeof(chunk));
		size_t got = io_copy_from(chunk, io, done, n);

		user_console_write(&p->console, p->tgid, chunk, got);
		done += got;
		if (got < n || fatal_signal_pending(current))
			break;
	}
	memset(chunk, 0, sizeof(chunk));
	return done || !io->len ? (long)done : -EFAULT;
}

static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_write,
};

/**
 * console_init - make the console device inode.
 *
 * Context: boot, task context.
 */
void console_init(void)
{
	struct super_block *sb = sb_alloc("devtmpfs", false, NULL);
	struct inode *inode = sb ? inode_alloc(sb, S_IFCHR | 0620) : NULL;

	if (inode) {
		inode->f_op = &console_fops;
		console_dentry = d_alloc(NULL, "console", inode);
	}
	if (!console_dentry)
		panic("vfs: no memory for the console");
}

/**
 * console_install_std - open the console as fds 0, 1 and 2 of @files.
 * @files: an empty table
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENOMEM.
 */
int console_install_std(struct files_struct *files)
{
	struct file *f = file_alloc_stream(console_dentry, O_RDWR,
					   &console_fops);

	if (!f)
		return -ENOMEM;
	for (int fd = 0; fd < 3; fd++)
		WARN_ON(fd_install(files, fd ? get_file(f) : f, fd, false) !=
			fd);
	return 0;
}
