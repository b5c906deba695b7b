// SPDX-License-Identifier: MIT
/*
 * open(O_TMPFILE) on ext2 (fs/ext2_vfs.c's tmpfile op), on the test image
 * in ram0 mounted at /tmp/e2t:
 *
 *   the file takes an inode and, once written, a block; it has no name
 *   (the directory lists what it listed before); a 32 MiB hole reads as
 *   zeros through the page cache; at the last close the inode and its
 *   block are free again (statfs counts as before).
 *
 * The cgroup selftests' page-cache cases create their files this way.
 */
#include "fs/file.h"
#include "fs/namei.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"

#define E2T_DIR		"/tmp/e2t"
#define E2T_HOLE	(32ULL << 20)

static int e2t_statfs(struct kstatfs *st)
{
	struct dentry *root;
	int r = vfs_lookup(vfs_root(), E2T_DIR, &root);

	if (r)
		return r;
	memset(st, 0, sizeof(*st));
	r = root->inode->sb->s_op->statfs(root->inode->sb, st);
	dput(root);
	return r;
}

static void e2t_check(struct ktest *t)
{
	static const char msg[] = "no name\n";
	struct kstatfs before, during, after;
	char buf[16];
	struct file *f;
	int err;

	KTEST_ASSERT_EQ(t, e2t_statfs(&before), 0);
	f = ft_open(E2T_DIR, O_TMPFILE | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f)) {
		ktest_log(t, "open: %d", err);
		return;
	}
	KTEST_EXPECT_EQ(t, ft_pwrite(f, msg, sizeof(msg) - 1, E2T_HOLE),
			(long)sizeof(msg) - 1);
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(msg) - 1, E2T_HOLE),
			(long)sizeof(msg) - 1);
	KTEST_EXPECT(t, !memcmp(buf, msg, sizeof(msg) - 1));
	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, ft_pread(f, buf, sizeof(buf), E2T_HOLE / 2),
			(long)sizeof(buf));
	KTEST_EXPECT_EQ(t, buf[0] | buf[sizeof(buf) - 1], 0);
	/* ext2 allocates blocks at writeback (docs/page-cache.md): fsync
	 * gives the written page its block before the count is read. */
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	KTEST_EXPECT_EQ(t, e2t_statfs(&during), 0);
	KTEST_EXPECT_EQ(t, during.f_ffree + 1, before.f_ffree);
	KTEST_EXPECT_LT(t, during.f_bfree, before.f_bfree);
	fput(f);
	KTEST_EXPECT_EQ(t, e2t_statfs(&after), 0);
	KTEST_EXPECT_EQ(t, after.f_ffree, before.f_ffree);
	KTEST_EXPECT_EQ(t, after.f_bfree, before.f_bfree);
}

static void ext2_tmpfile_ram0(struct ktest *t)
{
	if (ram0_mount_test_image(t, E2T_DIR)) {
		e2t_check(t);
		ram0_umount_test_image(t, E2T_DIR);
	}
}

KTEST_SUITE(ext2_tmpfile, KTEST_CASE(ext2_tmpfile_ram0));
