// SPDX-License-Identifier: MIT
/*
 * /dev/kmsg (fs/kmsg.h) over printk's byte ring (kernel/printk.h): a
 * record is one line of the ring, found from the file's position, which
 * counts bytes since boot. The differences from Linux's records follow
 * from the ring keeping only text:
 *   - seq is the byte offset of the record's first byte: increasing and
 *     unique, as Linux's, but not consecutive;
 *   - prio is 6 (LOG_INFO, kernel facility) for every line: the ring
 *     does not keep a line's level;
 *   - usec is the line's "[seconds.micros]" stamp (0 without one).
 * printk cannot wake a reader (it runs under every lock, even in
 * interrupts), so a reader at the end re-reads the ring every
 * KMSG_RECHECK_MS, in FS_WAIT_STATE.
 *
 * Locking: [f] file->pos_lock (the reader's position: vfs_read() holds
 * it around kmsg_read()); the ring under printk_lock.
 */
#include "fs/file.h"
#include "fs/kmsg.h"
#include "fs/poll.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/slab.h"

#define KMSG_RECORD_MAX	1100	/* a printk line and its stamp */
#define KMSG_WRITE_MAX	992	/* Linux's LOG_LINE_MAX */
#define KMSG_RECHECK_MS	10
#define KMSG_PRIO	6

/* Move @pos past the next '\n' (to a record's start). Return: found. */
static bool kmsg_skip_line(u64 *pos, char *buf)
{
	for (;;) {
		long n = printk_ring_read_at(pos, buf, KMSG_RECORD_MAX);
		const char *nl;

		if (n <= 0)
			return false;
		nl = memchr(buf, '\n', (size_t)n);
		if (nl) {
			*pos += (u64)(nl - buf) + 1;
			return true;
		}
		*pos += (u64)n;
	}
}

/*
 * The record at *@pos into @buf (its '\n' included). Return: its
 * length; 0 when no whole record is there yet; -EPIPE when *@pos was
 * overwritten (*@pos is then the oldest record's start).
 */
static long kmsg_record(u64 *pos, char *buf)
{
	long n = printk_ring_read_at(pos, buf, KMSG_RECORD_MAX);
	const char *nl;

	if (n == -EPIPE) {
		if (*pos)
			kmsg_skip_line(pos, buf);
		return -EPIPE;
	}
	nl = memchr(buf, '\n', (size_t)n);
	if (!nl && n == KMSG_RECORD_MAX)	/* too long: cut it here */
		nl = buf + n - 1;
	return nl ? (long)(nl - buf) + 1 : 0;
}

/* The "[sssss.uuuuuu] " stamp at @s: microseconds and its length. */
static size_t kmsg_stamp(const char *s, size_t len, u64 *usec)
{
	u64 sec = 0, us = 0;
	size_t i = 1;

	*usec = 0;
	if (!len || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		sec = sec * 10 + (u64)(s[i] - '0');
	if (i >= len || s[i++] != '.')
		return 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		us = us * 10 + (u64)(s[i] - '0');
	if (i + 1 >= len || s[i] != ']' || s[i + 1] != ' ')
		return 0;
	*usec = sec * 1000000 + us;
	return i + 2;
}

/* Sleep until the next re-read of the ring. Return: 0 or -EINTR. */
static int kmsg_wait(void)
{
	if (signal_pending_state(FS_WAIT_STATE, current))
		return -EINTR;
	set_current_state(FS_WAIT_STATE);
	schedule_timeout((long)msecs_to_jiffies(KMSG_RECHECK_MS));
	return 0;
}

/* Format the record of @len bytes at *@pos into @out. Return: length. */
static int kmsg_format(u64 seq, const char *rec, size_t len, char *out)
{
	u64 usec;
	size_t skip = kmsg_stamp(rec, len, &usec);

	return snprintf(out, KMSG_RECORD_MAX + 64, "%d,%llu,%llu,-;%.*s\n",
			KMSG_PRIO, (unsigned long long)seq,
			(unsigned long long)usec, (int)(len - skip - 1),
			rec + skip);
}

static long kmsg_read(struct file *f, struct io_buf *io, loff_t *pos)
{
	char *buf = kmalloc(2 * KMSG_RECORD_MAX + 64, GFP_KERNEL);
	char *out = buf + KMSG_RECORD_MAX;
	u64 at = (u64)*pos;
	long len;
	int n;

	if (!buf)
		return -ENOMEM;
	while (!(len = kmsg_record(&at, buf))) {
		len = f->flags & O_NONBLOCK ? -EAGAIN : kmsg_wait();
		if (len)
			break;
	}
	if (len > 0) {
		n = kmsg_format(at, buf, (size_t)len, out);
		if ((size_t)n > io->len)
			len = -EINVAL;	/* Linux: buffer too small */
		else if (io_copy_to(io, 0, out, (size_t)n) != (size_t)n)
			len = -EFAULT;
		else
			at += (u64)len, len = n;
	}
	*pos = (loff_t)at;
	kfree(buf);
	return len;
}

static long kmsg_write(struct file *f, struct io_buf *io, loff_t *pos)
{
	char line[KMSG_WRITE_MAX + 1];
	size_t n = io->len, skip = 0;

	if (n > KMSG_WRITE_MAX)
		return -EINVAL;
	if (io_copy_from(line, io, 0, n) != n)
		return -EFAULT;
	if (n >= 3 && line[0] == '<' && line[2] == '>')
		skip = 3;
	while (n > skip && line[n - 1] == '\n')
		n--;
	pr_info("%.*s\n", (int)(n - skip), line + skip);
	return (long)io->len;
}

/* A new reader starts at the oldest whole record the ring holds. */
static int kmsg_open(struct inode *inode, struct file *f)
{
	char *buf = kmalloc(KMSG_RECORD_MAX, GFP_KERNEL);
	u64 at = 0;

	if (!buf)
		return -ENOMEM;
	if (printk_ring_read_at(&at, buf, 1) == -EPIPE)
		kmsg_skip_line(&at, buf);
	f->pos = (loff_t)at;
	kfree(buf);
	return 0;
}

const struct file_operations kmsg_fops = {
	.open = kmsg_open,
	.read = kmsg_read,
	.write = kmsg_write,
};
