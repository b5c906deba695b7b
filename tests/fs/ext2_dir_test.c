// SPDX-License-Identifier: MIT
/*
 * ext2 directories and names against an image Debian's mke2fs made (host
 * only): lookups and readdir find what the tree holds, with file types;
 * create, mkdir, link, symlink, unlink, rmdir and rename keep link counts,
 * bitmaps and free counts so that `e2fsck -fn` finds the image clean, and
 * every refusal (exists, not empty, not a directory, a directory into
 * itself) is Linux's errno.
 */
#include "kernel/ktest.h"

#ifdef HOST_BUILD
#include "fs/ext2_internal.h"
#include "tests/fs/ext2_test_util.h"

struct ext2t_listing {
	int n, dirs, regs, links;
	bool dot, dotdot;
};

static bool ext2t_count(void *ctx, const char *name, unsigned int len,
			u32 ino, u8 ft)
{
	struct ext2t_listing *l = ctx;

	l->n++;
	l->dot |= len == 1 && name[0] == '.';
	l->dotdot |= len == 2 && !memcmp(name, "..", 2);
	l->dirs += ft == EXT2_FT_DIR;
	l->regs += ft == EXT2_FT_REG_FILE;
	l->links += ft == EXT2_FT_SYMLINK;
	return true;
}

static u16 ext2t_nlink(struct ext2_fs *fs, u32 ino)
{
	struct ext2_inode raw;

	return ext2_read_inode(fs, ino, &raw) ? 0xffff : raw.i_links_count;
}

/*
 * The root lists ".", "..", lost+found, dir, 6 regular files (empty,
 * small, ind, dind, sparse, hard) and 2 symlinks; dir/many lists its 40
 * files; /small and /hard are one inode with 2 links.
 */
static void ext2_lookup_and_readdir(struct ktest *t)
{
	struct ext2t_listing root = { 0 }, many = { 0 };
	struct ext2t_image im;
	u32 a, b, d;

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	KTEST_ASSERT_EQ(t, ext2_readdir(im.fs, 2, ext2t_count, &root), 0);
	KTEST_EXPECT_EQ(t, root.n, 12);
	KTEST_EXPECT(t, root.dot && root.dotdot);
	KTEST_EXPECT_EQ(t, root.dirs, 4);
	KTEST_EXPECT_EQ(t, root.regs, 6);
	KTEST_EXPECT_EQ(t, root.links, 2);
	KTEST_ASSERT_EQ(t, ext2t_walk(im.fs, "dir/many", &d), 0);
	KTEST_ASSERT_EQ(t, ext2_readdir(im.fs, d, ext2t_count, &many), 0);
	KTEST_EXPECT_EQ(t, many.regs, 40);
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "small", &a), 0);
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "hard", &b), 0);
	KTEST_EXPECT_EQ_U(t, a, b);
	KTEST_EXPECT_EQ_U(t, ext2t_nlink(im.fs, a), 2);
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "nope", &a), -ENOENT);
	KTEST_EXPECT_EQ(t, ext2t_walk(im.fs, "small/x", &a), -ENOTDIR);
	KTEST_EXPECT_EQ(t, ext2_readdir(im.fs, b, ext2t_count, &many),
			-ENOTDIR);
out:
	ext2t_image_free(&im);
}

/*
 * Names come and go: 60 files created in a new directory (past its first
 * block, so it grows), every other one unlinked, a hard link made and
 * removed, a fast and a slow symlink, a rename within a directory, one
 * across directories that replaces a file, and a directory moved to
 * another parent (its ".." and both parents' link counts follow). The
 * refusals change nothing. e2fsck finds the result clean.
 */
static void ext2_name_ops_fsck_clean(struct ktest *t)
{
	static char slow[300];
	struct ext2t_image im;
	u32 d, e, ino, orphan, x, dir;
	char name[16];

	if (!ext2t_image_make(t, &im, 1024, 8192))
		goto out;
	KTEST_ASSERT_EQ(t, ext2_fs_open(&im.io, 0, &im.fs), 0);
	KTEST_ASSERT_EQ(t, ext2_mkdir(im.fs, 2, "new", 0755, &d), 0);
	KTEST_EXPECT_EQ_U(t, ext2t_nlink(im.fs, d), 2);
	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "file-%03d", i);
		KTEST_ASSERT_EQ(t, ext2_create(im.fs, d, name, 0644, &ino), 0);
		KTEST_ASSERT_EQ(t, ext2_file_write(im.fs, ino, 0, name, 8), 8);
	}
	for (int i = 0; i < 60; i += 2) {
		snprintf(name, sizeof(name), "file-%03d", i);
		KTEST_ASSERT_EQ(t, ext2_unlink(im.fs, d, name, &orphan), 0);
		KTEST_ASSERT_NE(t, orphan, 0);
		KTEST_ASSERT_EQ(t, ext2_inode_put_link(im.fs, orphan), 0);
	}
	KTEST_EXPECT_EQ(t, ext2_lookup(im.fs, d, "file-000", &x), -ENOENT);
	KTEST_EXPECT_EQ(t, ext2_lookup(im.fs, d, "file-059", &x), 0);
	KTEST_EXPECT_EQ(t, ext2_create(im.fs, d, "file-059", 0644, &x),
			-EEXIST);
	KTEST_EXPECT_EQ(t, ext2_rmdir(im.fs, 2, "new"), -ENOTEMPTY);

	KTEST_ASSERT_EQ(t, ext2_link(im.fs, 2, "again", x), 0);
	KTEST_EXPECT_EQ_U(t, ext2t_nlink(im.fs, x), 2);
	KTEST_EXPECT_EQ(t, ext2_link(im.fs, 2, "dirlink", d), -EPERM);
	KTEST_ASSERT_EQ(t, ext2_unlink(im.fs, 2, "again", &orphan), 0);
	KTEST_EXPECT_EQ_U(t, orphan, 0);
	KTEST_EXPECT_EQ(t, ext2_unlink(im.fs, 2, "new", &orphan), -EISDIR);

	memset(slow, 's', sizeof(slow) - 1);
	KTEST_ASSERT_EQ(t, ext2_symlink(im.fs, d, "fast", "file-059", &ino),
			0);
	KTEST_ASSERT_EQ(t, ext2_symlink(im.fs, d, "slow", slow, &ino), 0);
	KTEST_EXPECT_EQ(t, ext2_readlink(im.fs, ino, name, 8), 8);

	KTEST_ASSERT_EQ(t, ext2_rename(im.fs, d, "file-001", d, "renamed",
				       &orphan), 0);
	KTEST_EXPECT_EQ(t, ext2_lookup(im.fs, d, "file-001", &x), -ENOENT);
	KTEST_ASSERT_EQ(t, ext2_rename(im.fs, d, "renamed", 2, "small",
				       &orphan), 0);
	KTEST_EXPECT_EQ_U(t, orphan, 0);	/* /hard still names it */
	KTEST_ASSERT_EQ(t, ext2_lookup(im.fs, 2, "hard", &x), 0);
	KTEST_EXPECT_EQ_U(t, ext2t_nlink(im.fs, x), 1);

	KTEST_ASSERT_EQ(t, ext2t_walk(im.fs, "dir", &dir), 0);
	KTEST_ASSERT_EQ(t, ext2_mkdir(im.fs, d, "sub", 0755, &e), 0);
	KTEST_EXPECT_EQ(t, ext2_rename(im.fs, 2, "new", e, "loop", &orphan),
			-EINVAL);
	KTEST_ASSERT_EQ(t, ext2_rename(im.fs, d, "sub", dir, "moved",
				       &orphan), 0);
	KTEST_ASSERT_EQ(t, ext2_lookup(im.fs, e, "..", &x), 0);
	KTEST_EXPECT_EQ_U(t, x, dir);
	KTEST_EXPECT_EQ_U(t, ext2t_nlink(im.fs, d), 2);
	KTEST_EXPECT_EQ(t, ext2_rmdir(im.fs, dir, "moved"), 0);
	KTEST_EXPECT_EQ(t, ext2_rmdir(im.fs, dir, "moved"), -ENOENT);
	KTEST_EXPECT_EQ(t, ext2_rmdir(im.fs, 2, "small"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, ext2_sync(im.fs), 0);
	ext2t_fsck_clean(t, &im);
out:
	ext2t_image_free(&im);
}

KTEST_SUITE(ext2_dir,
	    KTEST_CASE(ext2_lookup_and_readdir),
	    KTEST_CASE(ext2_name_ops_fsck_clean));
#endif /* HOST_BUILD */
