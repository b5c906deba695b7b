// SPDX-License-Identifier: MIT
/*
 * /dev (fs/devnodes.c) and /dev/kmsg (fs/kmsg.c) from the kernel:
 *
 *   numbers      each node is a character device with Linux's
 *                major:minor in st_rdev (null 1:3 ... console 5:1);
 *   create       /dev is devtmpfs: root creates a file there (Linux
 *                too), and a node's name stays taken (-EEXIST);
 *   kmsg_format  a line printed after the open reads back as one record
 *                "6,SEQ,USEC,-;TEXT\n", SEQ increasing from record to
 *                record; at the end a non-blocking read is -EAGAIN;
 *   kmsg_write   a write becomes a log line, its "<N>" prefix dropped;
 *                a write longer than Linux's LOG_LINE_MAX is -EINVAL;
 *   kmsg_epipe   a reader whose next record was overwritten (70 KiB of
 *                log, printed to the ring only) reads -EPIPE once, then
 *                records again.
 */
#include "fs/file.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "lib/string.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/log_capture.h"

#define KMSG_LINE	200	/* bytes per line of kmsg_epipe's flood */

static void devnodes_numbers(struct ktest *t)
{
	/* Linux's st_rdev for majors and minors below 256: major << 8 |
	 * minor (new_encode_dev()), written out, not through DEV_MKDEV. */
	static const struct { const char *path; u64 rdev; } nodes[] = {
		{ "/dev/null", 0x103 },
		{ "/dev/zero", 0x105 },
		{ "/dev/full", 0x107 },
		{ "/dev/random", 0x108 },
		{ "/dev/urandom", 0x109 },
		{ "/dev/kmsg", 0x10b },
		{ "/dev/tty", 0x500 },
		{ "/dev/console", 0x501 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++) {
		struct linux_stat st;
		int err;
		struct file *f = ft_open(nodes[i].path, O_RDONLY, &err);

		if (!KTEST_EXPECT_NOT_NULL(t, f)) {
			ktest_log(t, "%s: %d", nodes[i].path, err);
			continue;
		}
		vfs_stat(f->inode, &st);
		KTEST_EXPECT(t, S_ISCHR(st.st_mode));
		KTEST_EXPECT_EQ_U(t, st.st_rdev, nodes[i].rdev);
		fput(f);
	}
}

/* /dev is devtmpfs, a tmpfs: root creates other files there as on
 * Linux; a device node's name stays taken. */
static void devnodes_create(struct ktest *t)
{
	struct file *f;
	int err;

	f = ft_open("/dev/new", O_CREAT | O_RDWR, &err);
	if (KTEST_EXPECT_NOT_NULL(t, f)) {
		KTEST_EXPECT(t, S_ISREG(f->inode->mode));
		fput(f);
		KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/dev/new"), 0);
	}
	KTEST_EXPECT_NULL(t, ft_open("/dev/null", O_CREAT | O_EXCL | O_RDWR,
				     &err));
	KTEST_EXPECT_EQ(t, err, -EEXIST);
}

static long kmsg_read(struct file *f, char *buf, size_t n)
{
	struct io_buf io = { .base = buf, .len = n - 1 };
	long r = vfs_read(f, &io, NULL);

	buf[r > 0 ? r : 0] = 0;
	return r;
}

/* The decimal at *@p, moving *@p past it. Return: 0, or -1 for none. */
static int parse_num(const char **p, u64 *v)
{
	const char *s = *p;

	for (*v = 0; **p >= '0' && **p <= '9'; (*p)++)
		*v = *v * 10 + (u64)(**p - '0');
	return *p == s ? -1 : 0;
}

/*
 * Read records until one ends with @text. A bad record fails the case at
 * once: each failure message is a new record to read.
 * Return: its seq, or -1.
 */
static s64 kmsg_find(struct ktest *t, struct file *f, const char *text)
{
	static char rec[1200];
	u64 prio, seq, usec;
	const char *p;

	while (kmsg_read(f, rec, sizeof(rec)) > 0) {
		p = rec;
		if (parse_num(&p, &prio) || *p++ != ',' ||
		    parse_num(&p, &seq) || *p++ != ',' ||
		    parse_num(&p, &usec) || strncmp(p, ",-;", 3) ||
		    prio != 6) {
			KTEST_FAIL(t, "bad record: %s", rec);
			return -1;
		}
		if (!strcmp(p + 3, text))
			return (s64)seq;
	}
	return -1;
}

static void devnodes_kmsg_format(struct ktest *t)
{
	int err;
	struct file *f = ft_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, &err);
	s64 first, second;
	char buf[8];

	KTEST_ASSERT_NOT_NULL(t, f);
	pr_info("kmsg test: first record\n");
	pr_info("kmsg test: second record\n");
	first = kmsg_find(t, f, "kmsg test: first record\n");
	second = kmsg_find(t, f, "kmsg test: second record\n");
	KTEST_EXPECT_GE(t, first, 0);
	KTEST_EXPECT_GT(t, second, first);
	KTEST_EXPECT_EQ(t, kmsg_read(f, buf, sizeof(buf)), -EAGAIN);
	fput(f);
}

static void devnodes_kmsg_write(struct ktest *t)
{
	static char big[1000];
	int err;
	struct file *f = ft_open("/dev/kmsg", O_RDWR | O_NONBLOCK, &err);
	const char *line = "<5>kmsg test: written\n";

	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, ft_write(f, line, strlen(line)), strlen(line));
	KTEST_EXPECT_GE(t, kmsg_find(t, f, "kmsg test: written\n"), 0);
	memset(big, 'x', sizeof(big));
	KTEST_EXPECT_EQ(t, ft_write(f, big, sizeof(big)), -EINVAL);
	fput(f);
}

static void devnodes_kmsg_epipe(struct ktest *t)
{
	static char rec[1200];
	struct log_capture cap;
	int err;
	struct file *f = ft_open("/dev/kmsg", O_RDONLY | O_NONBLOCK, &err);

	KTEST_ASSERT_NOT_NULL(t, f);
	pr_info("kmsg test: before the flood\n");
	KTEST_EXPECT_GE(t, kmsg_find(t, f, "kmsg test: before the flood\n"),
			0);
	pr_info("kmsg test: overwritten\n");
	log_capture_begin(&cap);
	for (int i = 0; i < 70 * 1024 / KMSG_LINE; i++)
		pr_info("kmsg test: flood %04d %0*d\n", i, KMSG_LINE - 32, 0);
	log_capture_end(&cap);
	KTEST_EXPECT_EQ(t, kmsg_read(f, rec, sizeof(rec)), -EPIPE);
	KTEST_EXPECT_GT(t, kmsg_read(f, rec, sizeof(rec)), 0);
	KTEST_EXPECT_NOT_NULL(t, strstr(rec, "kmsg test: flood"));
	fput(f);
}

KTEST_SUITE(devnodes,
	    KTEST_CASE(devnodes_numbers),
	    KTEST_CASE(devnodes_create),
	    KTEST_CASE(devnodes_kmsg_format),
	    KTEST_CASE(devnodes_kmsg_write),
	    KTEST_CASE(devnodes_kmsg_epipe));
