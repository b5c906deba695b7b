// SPDX-License-Identifier: MIT
/*
 * tmpfs from kernel code (fs/tmpfs.c), in /tmp/tt made by each case:
 *
 *   data      bytes written come back, at any offset; pread leaves the
 *             position; O_APPEND writes at the end
 *   holes     never-written ranges read as zeros and hold no page:
 *
 *               page 0      1 .. 4 (hole)       5
 *             [ "head" ] [ no pages       ] [ "tail" ]
 *
 *   truncate  shrinking frees the pages past the end and zeroes the tail
 *             of the last one, so growing again reads zeros there
 *   charges   each page is charged once (CHARGE_FILE) and uncharged once:
 *             by truncate, or when the last of name and open file goes
 *   getdents  ".", "..", the names, in order, and -EINVAL when the
 *             buffer holds not even one entry
 */
#include "fs/tmpfs.h"
#include "kernel/ktest.h"
#include "mm/charge.h"
#include "tests/fs/fs_test_util.h"

#define P	4096

static struct file *mkfile(struct ktest *t, const char *path, int flags)
{
	int err;
	struct file *f = ft_open(path, O_CREAT | flags, &err);

	if (!f)
		ktest_log(t, "open %s: %d", path, err);
	return f;
}

static void tmpfs_data(struct ktest *t)
{
	char buf[16];
	struct file *f, *app;

	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/tt", 0755), 0);
	f = mkfile(t, "/tmp/tt/a", O_RDWR);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, ft_write(f, "hello", 5), 5);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, "HE", 2, 0), 2);
	KTEST_EXPECT_EQ(t, f->pos, 5);
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(buf), 0), 5);
	KTEST_EXPECT_EQ(t, memcmp(buf, "HEllo", 5), 0);
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(buf), 5), 0);
	/* A write straddling a page boundary. */
	KTEST_EXPECT_EQ(t, ft_pwrite(f, "abcd", 4, P - 2), 4);
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, 4, P - 2), 4);
	KTEST_EXPECT_EQ(t, memcmp(buf, "abcd", 4), 0);
	app = mkfile(t, "/tmp/tt/a", O_WRONLY | O_APPEND);
	KTEST_ASSERT_NOT_NULL(t, app);
	KTEST_EXPECT_EQ(t, ft_write(app, "Z", 1), 1);
	KTEST_EXPECT_EQ(t, f->inode->size, P + 3);
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, 1, P + 2), 1);
	KTEST_EXPECT_EQ(t, buf[0], 'Z');
	fput(app);
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/tt/a"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/tt"), 0);
}

static bool zeros(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void tmpfs_holes_and_truncate(struct ktest *t)
{
	static char buf[2 * P];
	u64 pages0 = tmpfs_nr_pages();
	struct file *f = mkfile(t, "/tmp/h", O_RDWR);

	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, "head", 4, 0), 4);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, "tail", 4, 5 * P), 4);
	KTEST_EXPECT_EQ_U(t, tmpfs_nr_pages() - pages0, 2);	/* no hole
								 * pages */
	memset(buf, 1, sizeof(buf));
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, 2 * P, 2 * P), 2 * P);
	KTEST_EXPECT(t, zeros(buf, 2 * P));
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, 8, 5 * P - 4), 8);
	KTEST_EXPECT_EQ(t, memcmp(buf, "\0\0\0\0tail", 8), 0);
	/* Shrink into page 0: page 5 goes, page 0's tail is zeroed. */
	KTEST_EXPECT_EQ(t, vfs_truncate(f, 2), 0);
	KTEST_EXPECT_EQ_U(t, tmpfs_nr_pages() - pages0, 1);
	KTEST_EXPECT_EQ(t, vfs_truncate(f, 6 * P), 0);
	memset(buf, 1, sizeof(buf));
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, 8, 0), 8);
	KTEST_EXPECT_EQ(t, memcmp(buf, "he\0\0\0\0\0\0", 8), 0);
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, 4, 5 * P), 4);
	KTEST_EXPECT(t, zeros(buf, 4));
	KTEST_EXPECT_EQ(t, vfs_truncate(f, 0), 0);
	KTEST_EXPECT_EQ_U(t, tmpfs_nr_pages(), pages0);
	KTEST_EXPECT_EQ(t, vfs_truncate(f, -1), -EINVAL);
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/h"), 0);
}

/*
 * Charges: 3 pages written are 3 CHARGE_FILE charges. The file unlinked
 * while open keeps them; the last close uncharges them, exactly once
 * (the mm_charged_pages invariant would see a double or a missing one).
 */
static void tmpfs_charges(struct ktest *t)
{
	static char page[P];
	u64 charged0 = mm_charge_count(CHARGE_FILE);
	u64 out0 = mm_charge_outstanding();
	struct file *f = mkfile(t, "/tmp/c", O_RDWR), *g;
	int err;

	KTEST_ASSERT_NOT_NULL(t, f);
	for (int i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, ft_write(f, page, P), P);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, page, P, 0), P);   /* no new page */
	KTEST_EXPECT_EQ_U(t, mm_charge_count(CHARGE_FILE) - charged0, 3);
	KTEST_EXPECT_EQ_U(t, mm_charge_outstanding() - out0, 3);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/c"), 0);
	g = ft_open("/tmp/c", O_RDONLY, &err);
	KTEST_EXPECT_EQ(t, err, -ENOENT);
	KTEST_EXPECT_EQ_U(t, mm_charge_outstanding() - out0, 3);
	KTEST_EXPECT_EQ(t, ft_pread(f, page, 1, 0), 1);	/* still there */
	fput(f);
	KTEST_EXPECT_EQ_U(t, mm_charge_outstanding(), out0);
	KTEST_EXPECT_NULL(t, g);
}

struct listing {
	char names[8][16];
	int n;
};

/* Read every entry of @f with @size-byte getdents64 calls. */
static long list_dir(struct file *f, size_t size, struct listing *l)
{
	static char buf[512];
	struct io_buf io = { .base = buf, .len = size };
	long n, total = 0;

	l->n = 0;
	while ((n = vfs_getdents(f, &io)) > 0) {
		for (long off = 0; off < n;) {
			char *de = buf + off;
			u16 reclen;

			memcpy(&reclen, de + 16, 2);
			if (l->n < 8)
				strlcpy(l->names[l->n++], de + 19, 16);
			off += reclen;
		}
		total++;
	}
	return n < 0 ? n : total;
}

static void tmpfs_getdents(struct ktest *t)
{
	static const char *const want[] = { ".", "..", "a", "b", "sub" };
	struct listing l;
	struct file *f;
	int err;

	KTEST_ASSERT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/g", 0755), 0);
	fput(mkfile(t, "/tmp/g/a", O_RDWR));
	fput(mkfile(t, "/tmp/g/b", O_RDWR));
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/g/sub", 0755), 0);
	f = ft_open("/tmp/g", O_RDONLY | O_DIRECTORY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, list_dir(f, 512, &l), 1);	/* one call */
	KTEST_EXPECT_EQ(t, l.n, 5);
	for (int i = 0; i < 5 && i < l.n; i++)
		KTEST_EXPECT_STREQ(t, l.names[i], want[i]);
	KTEST_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	KTEST_EXPECT_EQ(t, list_dir(f, 24, &l), 5);	/* one per call */
	KTEST_EXPECT_EQ(t, l.n, 5);
	KTEST_EXPECT_EQ(t, vfs_lseek(f, 0, SEEK_SET), 0);
	KTEST_EXPECT_EQ(t, list_dir(f, 8, &l), -EINVAL);
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/g/a"), 0);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/g/b"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/g/sub"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/g"), 0);
}

KTEST_SUITE(tmpfs,
	    KTEST_CASE(tmpfs_data),
	    KTEST_CASE(tmpfs_holes_and_truncate),
	    KTEST_CASE(tmpfs_charges),
	    KTEST_CASE(tmpfs_getdents));
