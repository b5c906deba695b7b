/* SPDX-License-Identifier: MIT */
/*
 * Host helpers for the ext2 tests: a generated directory tree, an image
 * made from it by Debian's `mke2fs -t ext2 -d`, loaded into memory behind
 * the memory adapter, written back and checked by `e2fsck -fn`. Host only
 * (HOST_BUILD): the kernel has no mke2fs.
 *
 * The tree (every file's byte at offset i is ext2t_byte(file, i)):
 *
 *   /empty            0 bytes            /dir/a/b/deep    300 bytes
 *   /small            1000 bytes         /dir/many/fNN    40 files of 33 B
 *   /ind              70000 bytes        /link.short ->   "small"
 *   /dind             600000 bytes       /link.long  ->   dir/a/b/deep/0123...
 *   /sparse           4 KiB at 0 and 4 KiB at 3 MiB, hole between
 *   /hard             a hard link of /small (nlink 2)
 */
#ifndef TESTS_FS_EXT2_TEST_UTIL_H
#define TESTS_FS_EXT2_TEST_UTIL_H

#ifdef HOST_BUILD
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/ext2.h"
#include "kernel/ktest.h"

#define EXT2T_LONG_TARGET "dir/a/b/deep/" \
	"0123456789012345678901234567890123456789012345678901234567890123456789"

struct ext2t_file {
	const char *path;
	u32 id;
	u64 size;
	u64 hole_from, hole_to;	/* bytes in [from, to) are a hole */
};

static const struct ext2t_file ext2t_files[] = {
	{ "empty", 1, 0, 0, 0 },
	{ "small", 2, 1000, 0, 0 },
	{ "ind", 3, 70000, 0, 0 },
	{ "dind", 4, 600000, 0, 0 },
	{ "sparse", 5, (3 << 20) + 4096, 4096, 3 << 20 },
	{ "dir/a/b/deep", 6, 300, 0, 0 },
};

static inline u8 ext2t_byte(u32 id, u64 i)
{
	return (u8)(i * 31 + id * 7 + (i >> 10));
}

/* The bytes of file @f at @off (zeros in its hole). */
static inline u8 ext2t_expect(const struct ext2t_file *f, u64 off)
{
	if (off >= f->hole_from && off < f->hole_to)
		return 0;
	return ext2t_byte(f->id, off);
}

struct ext2t_image {
	char dir[64];		/* the scratch directory */
	char path[96];		/* the image file */
	u8 *mem;
	u64 size;
	struct ext2_io io;
	struct ext2_fs *fs;
};

static inline int ext2t_sh(const char *fmt, const char *a, const char *b)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

static inline bool ext2t_write_file(const char *root,
				    const struct ext2t_file *f)
{
	char path[160];
	u8 buf[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, f->path);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return false;
	for (u64 off = 0; off < f->size; off += sizeof(buf)) {
		size_t n = (size_t)MIN((u64)sizeof(buf), f->size - off);

		if (off >= f->hole_from && off < f->hole_to)
			continue;
		for (size_t i = 0; i < n; i++)
			buf[i] = ext2t_byte(f->id, off + i);
		if (pwrite(fd, buf, n, (off_t)off) != (ssize_t)n)
			break;
	}
	return !ftruncate(fd, (off_t)f->size) && !close(fd);
}

/* The tree of the header comment under @root. */
static inline bool ext2t_make_tree(const char *root)
{
	char p[160];

	if (ext2t_sh("mkdir -p %s/dir/a/b %s/dir/many", root, root))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ext2t_files); i++)
		if (!ext2t_write_file(root, &ext2t_files[i]))
			return false;
	for (int i = 0; i < 40; i++) {
		struct ext2t_file f = { p, 100 + (u32)i, 33, 0, 0 };

		snprintf(p, sizeof(p), "dir/many/f%02d", i);
		if (!ext2t_write_file(root, &f))
			return false;
	}
	snprintf(p, sizeof(p), "%s/link.short", root);
	if (symlink("small", p))
		return false;
	snprintf(p, sizeof(p), "%s/link.long", root);
	if (symlink(EXT2T_LONG_TARGET, p))
		return false;
	return !ext2t_sh("ln %s/small %s/hard", root, root);
}

static inline bool ext2t_load(struct ext2t_image *im)
{
	FILE *f = fopen(im->path, "rb");
	long n;

	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	im->mem = malloc((size_t)n);
	im->size = (u64)n;
	if (!im->mem || fread(im->mem, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return false;
	}
	fclose(f);
	ext2_io_mem_init(&im->io, im->mem, im->size);
	return true;
}

/*
 * A fresh image of @kib KiB with @block_size blocks made from the tree,
 * in memory. Return: true, or false with the reason failed on @t.
 */
static inline bool ext2t_image_make(struct ktest *t, struct ext2t_image *im,
				    unsigned int block_size, unsigned int kib)
{
	char tree[96], opts[64];

	*im = (struct ext2t_image){ .mem = NULL };
	strlcpy(im->dir, "/tmp/oomlab-ext2-XXXXXX", sizeof(im->dir));
	if (!mkdtemp(im->dir)) {
		KTEST_FAIL(t, "mkdtemp");
		return false;
	}
	snprintf(tree, sizeof(tree), "%s/tree", im->dir);
	snprintf(im->path, sizeof(im->path), "%s/img", im->dir);
	if (ext2t_sh("mkdir %s%s", tree, "") || !ext2t_make_tree(tree)) {
		KTEST_FAIL(t, "cannot build the tree in %s", tree);
		return false;
	}
	snprintf(opts, sizeof(opts), "-b %u %s %uk", block_size, im->path,
		 kib);
	if (ext2t_sh("mke2fs -q -F -t ext2 -d %s %s >/dev/null 2>&1", tree,
		     opts)) {
		KTEST_FAIL(t, "mke2fs failed (is e2fsprogs installed?)");
		return false;
	}
	if (!ext2t_load(im)) {
		KTEST_FAIL(t, "cannot load %s", im->path);
		return false;
	}
	return true;
}

static inline bool ext2t_save(struct ext2t_image *im)
{
	FILE *f = fopen(im->path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(im->mem, 1, im->size, f) == im->size;
	return !fclose(f) && ok;
}

/* Write the image back and run `e2fsck -fn` on it; its log on failure. */
static inline bool ext2t_fsck_clean(struct ktest *t, struct ext2t_image *im)
{
	char log[128];
	int rc;

	snprintf(log, sizeof(log), "%s/fsck.log", im->dir);
	if (!ext2t_save(im)) {
		KTEST_FAIL(t, "cannot write %s", im->path);
		return false;
	}
	rc = ext2t_sh("e2fsck -fn %s >%s 2>&1", im->path, log);
	if (rc) {
		KTEST_FAIL(t, "e2fsck -fn exit %d", rc);
		ext2t_sh("sed 's/^/# /' %s%s", log, "");
		return false;
	}
	return true;
}

static inline void ext2t_image_free(struct ext2t_image *im)
{
	if (im->fs)
		ext2_fs_close(im->fs);
	free(im->mem);
	if (im->dir[0])
		ext2t_sh("rm -rf %s%s", im->dir, "");
}

/* Resolve @path (no leading '/') from the root. Return: 0 or errno. */
static inline int ext2t_walk(struct ext2_fs *fs, const char *path, u32 *ino)
{
	char comp[256];

	*ino = 2;
	while (*path) {
		size_t n = 0;
		int r;

		while (path[n] && path[n] != '/' && n < sizeof(comp) - 1) {
			comp[n] = path[n];
			n++;
		}
		comp[n] = 0;
		r = ext2_lookup(fs, *ino, comp, ino);
		if (r)
			return r;
		path += n;
		if (*path == '/')
			path++;
	}
	return 0;
}

#endif /* HOST_BUILD */
#endif
