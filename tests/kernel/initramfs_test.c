// SPDX-License-Identifier: MIT
/*
 * initramfs_parse() against archives built here, record by record, the way
 * tools/mkinitrd.py writes them: a good archive is found file by file, and
 * every malformation (bad magic, bad digit, truncation anywhere, a name
 * without its NUL, sizes running past the end or near 2^32) is -EINVAL
 * with a message, never a read outside the archive. Each archive is
 * copied to the end of a buffer so that on the host ASan catches a read
 * past it.
 */
#include "kernel/initramfs.h"
#include "kernel/ktest.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#define ARCHIVE_MAX	4096
#define NEWC_HDR_BYTES	110
#define REG(perm)	(INITRAMFS_S_IFREG | (perm))
#define DIR		(INITRAMFS_S_IFDIR | 0755)

static u8 archive[ARCHIVE_MAX];
static size_t archive_len;
static u8 tail_buf[ARCHIVE_MAX];
static struct initramfs_file files[8];
static struct initramfs fs = { .files = files, .max = ARRAY_SIZE(files) };
static char err[128];

/* Does the error message mention @what? */
static const char *strstr_simple(const char *s, const char *what)
{
	size_t n = strlen(what);

	for (; *s; s++)
		if (!strncmp(s, what, n))
			return s;
	return NULL;
}

static void archive_reset(void)
{
	archive_len = 0;
	memset(archive, 0, sizeof(archive));
	err[0] = 0;
}

static void put_pad4(void)
{
	while (archive_len % 4)
		archive[archive_len++] = 0;
}

/* Append one record with explicit header values, inode and link count
 * included (namesize from @name). */
static void put_hdr(const char *name, u32 mode, const void *data, u32 size,
		    u32 namesize, u32 ino, u32 nlink)
{
	char hdr[NEWC_HDR_BYTES + 1];

	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0u, 0u, nlink, 0u, size, 0u, 0u, 0u, 0u, namesize,
		 0u);
	memcpy(archive + archive_len, hdr, NEWC_HDR_BYTES);
	archive_len += NEWC_HDR_BYTES;
	memcpy(archive + archive_len, name, strlen(name) + 1);
	archive_len += namesize;
	put_pad4();
	if (data)
		memcpy(archive + archive_len, data, size);
	archive_len += size;
	put_pad4();
}

/* Append one record with explicit header values (namesize from @name). */
static void put_raw(const char *name, u32 mode, const void *data, u32 size,
		    u32 namesize)
{
	put_hdr(name, mode, data, size, namesize, 1, 1);
}

/* A name of hard-link group @ino (@nlink names), carrying @data or
 * nothing. */
static void put_link(const char *name, u32 ino, u32 nlink, const char *data)
{
	put_hdr(name, REG(0755), data, data ? (u32)strlen(data) : 0,
		(u32)strlen(name) + 1, ino, nlink);
}

static void put(const char *name, u32 mode, const char *data)
{
	u32 size = data ? (u32)strlen(data) : 0;

	put_raw(name, mode, data, size, (u32)strlen(name) + 1);
}

static void put_trailer(void)
{
	put("TRAILER!!!", 0, NULL);
}

/* Parse the first @len bytes, placed at the very end of tail_buf. */
static int parse_len(size_t len)
{
	u8 *p = tail_buf + sizeof(tail_buf) - len;

	memcpy(p, archive, len);
	return initramfs_parse(&fs, p, len, err, sizeof(err));
}

static int parse(void)
{
	return parse_len(archive_len);
}

/*
 * mkinitrd's shape: "bin" (a directory), "bin/hog", "bin/empty" (0 bytes,
 * data padding only), trailer. Lookups with and without "/" and "./"
 * find the files; a directory is found but is not regular; a missing name
 * is NULL.
 */
static void initramfs_good_archive(struct ktest *t)
{
	const struct initramfs_file *f;

	archive_reset();
	put("bin", DIR, NULL);
	put("bin/hog", REG(0755), "\x7f" "ELF-ish!");
	put("./bin/empty", REG(0644), NULL);
	put_trailer();
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fs.count, 3);
	f = initramfs_find(&fs, "/bin/hog");
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, f->size, 9);
	KTEST_EXPECT_EQ(t, memcmp(f->data, "\x7f" "ELF-ish!", 9), 0);
	KTEST_EXPECT(t, initramfs_is_reg(f));
	KTEST_EXPECT_EQ(t, f->mode & 0777, 0755);
	f = initramfs_find(&fs, "bin/empty");
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, f->size, 0);
	f = initramfs_find(&fs, "./bin");
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT(t, !initramfs_is_reg(f));
	KTEST_EXPECT_NULL(t, initramfs_find(&fs, "bin/nope"));
	KTEST_EXPECT_NULL(t, initramfs_find(&fs, "hog"));
}

/* A later record with the same name replaces the earlier one. */
static void initramfs_duplicate_replaces(struct ktest *t)
{
	const struct initramfs_file *f;

	archive_reset();
	put("a", REG(0644), "one");
	put("/a", REG(0600), "second");
	put_trailer();
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fs.count, 1);
	f = initramfs_find(&fs, "a");
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, f->size, 6);
	KTEST_EXPECT_EQ(t, f->mode & 0777, 0600);
}

/*
 * busybox's applets as GNU cpio writes hard links: three names of inode
 * 7, only the last carrying the data; a file of one name with inode 9
 * beside them. Every name of the group reads the last one's data (Linux
 * writes each entry into the shared inode); the single file keeps its.
 */
static void initramfs_hard_links(struct ktest *t)
{
	static const char *const names[] = { "bin/busybox", "bin/ls",
					     "bin/sh" };
	const struct initramfs_file *f;

	archive_reset();
	put_link("bin/busybox", 7, 3, NULL);
	put_link("bin/ls", 7, 3, NULL);
	put("solo", REG(0644), "x");
	put_link("bin/sh", 7, 3, "BODY");
	put_trailer();
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fs.count, 4);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		f = initramfs_find(&fs, names[i]);
		KTEST_ASSERT_NOT_NULL(t, f);
		KTEST_EXPECT_EQ(t, f->size, 4);
		KTEST_EXPECT_EQ(t, memcmp(f->data, "BODY", 4), 0);
	}
	f = initramfs_find(&fs, "solo");
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, f->size, 1);
}

/*
 * Two archives one after the other with NUL padding between them (what
 * `cat a.cpio b.cpio` of 512-byte padded archives gives): the second's
 * "a" replaces the first's, its "b" is added. Anything else after a
 * trailer is an error (Linux's unpacker says so too); a gzip stream is
 * an error that says GRUB should inflate it.
 */
static void initramfs_concatenated(struct ktest *t)
{
	const struct initramfs_file *f;

	archive_reset();
	put("a", REG(0644), "one");
	put_trailer();
	archive_len += 512 - archive_len % 512;		/* zeros */
	put("a", REG(0644), "two!");
	put("b", REG(0644), "x");
	put_trailer();
	KTEST_ASSERT_EQ(t, parse(), 0);
	KTEST_EXPECT_EQ(t, fs.count, 2);
	f = initramfs_find(&fs, "a");
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, f->size, 4);
	KTEST_EXPECT_NOT_NULL(t, initramfs_find(&fs, "b"));

	memset(archive + archive_len, 'j', NEWC_HDR_BYTES);
	archive_len += NEWC_HDR_BYTES;
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "bad magic"));

	archive_reset();
	memcpy(archive, "\x1f\x8b\x08\x00", 4);
	archive_len = NEWC_HDR_BYTES;
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "gzip"));
}

/* Every proper prefix of a good archive is rejected: truncation anywhere
 * (header, name, data, padding, trailer) is an error, never a crash. The
 * only exception is the final padding of the trailer. */
static void initramfs_every_truncation(struct ktest *t)
{
	size_t full, bad = 0;

	archive_reset();
	put("bin", DIR, NULL);
	put("bin/x", REG(0755), "0123456789");
	put_trailer();
	full = archive_len;
	for (size_t len = 0; len < full; len++) {
		int r = parse_len(len);

		/* "TRAILER!!!\0" ends 121 bytes into its record; what
		 * follows is padding. */
		if (len >= full - 3 && r == 0)
			continue;
		if (r != -EINVAL) {
			ktest_log(t, "len %zu: %d", len, r);
			bad++;
		}
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, parse_len(full), 0);
}

/* Bad magic, a bad hex digit, namesize 0 and a name without its NUL. */
static void initramfs_bad_headers(struct ktest *t)
{
	archive_reset();
	put("a", REG(0644), "x");
	put_trailer();
	archive[0] = '1';
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "bad magic"));

	archive[0] = '0';
	archive[6 + 8 * 6 + 3] = 'g';	/* filesize */
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "bad hex"));

	archive_reset();
	put_raw("a", REG(0644), NULL, 0, 0);
	put_trailer();
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "name size"));

	/* namesize 2 for "ab": the byte at name[1] is 'b', not NUL. */
	archive_reset();
	put_raw("ab", REG(0644), NULL, 0, 2);
	put_trailer();
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "NUL"));
}

/* A file size near 2^32 or just past the end: -EINVAL, no wrap. */
static void initramfs_size_overflow(struct ktest *t)
{
	static const u32 sizes[] = { 0xffffffffu, 0xfffffffcu, 0x80000000u,
				     0x1000 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		archive_reset();
		put("big", REG(0644), "data");
		put_trailer();
		/* Patch the filesize field of the first record. */
		snprintf((char *)archive + 6 + 8 * 6, 9, "%08X", sizes[i]);
		archive[6 + 8 * 7] = '0';	/* snprintf's NUL */
		KTEST_EXPECT_EQ(t, parse(), -EINVAL);
		KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "past the end"));
	}
}

/* No trailer, empty input, and more files than the table: errors. */
static void initramfs_missing_trailer_and_full(struct ktest *t)
{
	char name[8];

	archive_reset();
	put("a", REG(0644), "x");
	KTEST_EXPECT_EQ(t, parse(), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr_simple(err, "no trailer"));
	KTEST_EXPECT_EQ(t, parse_len(0), -EINVAL);

	archive_reset();
	for (size_t i = 0; i <= ARRAY_SIZE(files); i++) {
		snprintf(name, sizeof(name), "f%zu", i);
		put(name, REG(0644), "x");
	}
	put_trailer();
	KTEST_EXPECT_EQ(t, parse(), -ENOSPC);
}

/*
 * The pages a page-cache read fills: a 5000-byte file is one full page,
 * then 904 bytes and zeros; a page past the end is all zeros (stale
 * bytes in the destination never survive).
 */
static void initramfs_read_pages(struct ktest *t)
{
	static u8 data[5000], page[INITRAMFS_PAGE_SIZE];
	struct initramfs_file f = { .name = "f", .data = data,
				    .size = sizeof(data), .mode = REG(0644) };
	bool zeros = true;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 7 + 1);
	memset(page, 0xaa, sizeof(page));
	initramfs_read_page(&f, 0, page);
	KTEST_EXPECT_EQ(t, memcmp(page, data, sizeof(page)), 0);
	memset(page, 0xaa, sizeof(page));
	initramfs_read_page(&f, 1, page);
	KTEST_EXPECT_EQ(t, memcmp(page, data + sizeof(page), 904), 0);
	for (size_t i = 904; i < sizeof(page); i++)
		zeros = zeros && !page[i];
	KTEST_EXPECT(t, zeros);
	memset(page, 0xaa, sizeof(page));
	initramfs_read_page(&f, 2, page);
	for (size_t i = 0; i < sizeof(page); i++)
		zeros = zeros && !page[i];
	KTEST_EXPECT(t, zeros);
}

KTEST_SUITE(initramfs,
	    KTEST_CASE(initramfs_good_archive),
	    KTEST_CASE(initramfs_duplicate_replaces),
	    KTEST_CASE(initramfs_hard_links),
	    KTEST_CASE(initramfs_concatenated),
	    KTEST_CASE(initramfs_every_truncation),
	    KTEST_CASE(initramfs_bad_headers),
	    KTEST_CASE(initramfs_size_overflow),
	    KTEST_CASE(initramfs_missing_trailer_and_full),
	    KTEST_CASE(initramfs_read_pages));
