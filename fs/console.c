// SPDX-License-Identifier: MIT
/*
 * The console device (fs/console.h): one terminal (fs/tty.h) whose
 * output is the writing process's console (kernel/user_console.h) and
 * whose echo goes to the log. Each process opens it once and installs
 * it as fds 0-2; /dev/console and /dev/tty are more names for it.
 *
 * Once console_attach_terminal() gives it a device (the serial port,
 * when pid 1 runs: an interactive shell), it is that device's terminal
 * instead: what processes write and the echo go to the device as they
 * are, byte for byte (a prompt has no '\n'), and the device's input is
 * read through the line discipline.
 *
 * Locking: [I] the dentry after console_init(); [T] terminal_write: set
 * once, before the input is attached, read without a lock; the output
 * under the process's console lock (kernel/user_console.h); the terminal
 * as fs/tty.h.
 */
#include "fs/console.h"
#include "fs/devnodes.h"
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/tty.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CONSOLE_CHUNK	256	/* bytes copied per step */

static struct dentry *console_dentry;	/* [I] */
static struct tty console_tty;
static console_write_fn terminal_write;	/* [T] NULL: the log */

static long console_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	return tty_read(&console_tty, file, io);
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

		if (terminal_write)
			terminal_write(chunk, got);
		else
			user_console_write(&p->console, p->tgid, chunk, got);
		done += got;
		if (got < n || fatal_signal_pending(current))
			break;
	}
	memset(chunk, 0, sizeof(chunk));
	return done || !io->len ? (long)done : -EFAULT;
}

static unsigned int console_poll(struct file *file, struct poll_table *pt)
{
	return tty_poll(&console_tty, file, pt);
}

static long console_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	return tty_ioctl(&console_tty, cmd, arg);
}

/* Echoes are logged whole, one log line per echo, control bytes as '?'
 * (a partial line in the log would split the lines around it). */
static void console_echo(struct tty *tty, const char *s, size_t n)
{
	char text[64];
	size_t i;

	if (terminal_write) {
		terminal_write(s, n);
		return;
	}
	for (i = 0; i < n && i < sizeof(text) - 1; i++)
		text[i] = s[i] >= ' ' && s[i] < 127 ? s[i] : '?';
	text[i] = 0;
	pr_info("console: echo \"%s\"\n", text);
}

/* A session leader opening the terminal takes it as its controlling
 * terminal (the job-control shell's /dev/tty). Only once the console is
 * a device's terminal: the boot tests' console controls nothing. */
static int console_open(struct inode *inode, struct file *file)
{
	if (terminal_write)
		tty_make_controlling(&console_tty);
	return 0;
}

const struct file_operations console_fops = {
	.open = console_open,
	.read = console_read,
	.write = console_write,
	.poll = console_poll,
	.ioctl = console_ioctl,
};

/**
 * console_tty_get - the console's terminal (its input side: the serial
 * port's receive path, and tests, feed it).
 *
 * Context: any, after console_init().
 * Return: the tty.
 */
struct tty *console_tty_get(void)
{
	return &console_tty;
}

/**
 * console_receive - bytes typed on the console's device.
 * @buf: the bytes, in arrival order
 * @n: how many
 *
 * The serial port's receive thread calls this; so do the tests, which
 * type through the same path.
 * Context: task context, may sleep (fs/tty.h's tty_receive()).
 */
void console_receive(const char *buf, size_t n)
{
	tty_receive(&console_tty, buf, n);
}

/**
 * console_attach_terminal - make the console the terminal of a device.
 * @write: the device's output, for what processes write and the echo
 *
 * From here on the console's reads wait for input (console_receive())
 * instead of reading end of file.
 * Context: task context, once, before the device's input is started.
 */
void console_attach_terminal(console_write_fn write)
{
	terminal_write = write;
	tty_attach_input(&console_tty, true);
}

/**
 * console_init - make the console device inode and its terminal.
 *
 * Context: boot, task context.
 */
void console_init(void)
{
	struct super_block *sb = sb_alloc("devtmpfs", false, NULL);
	struct inode *inode = sb ? inode_alloc(sb, S_IFCHR | 0620) : NULL;

	tty_init(&console_tty, console_echo);
	if (inode) {
		inode->f_op = &console_fops;
		inode->rdev = DEV_MKDEV(5, 1);
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
