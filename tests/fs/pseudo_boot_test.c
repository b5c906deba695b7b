// SPDX-License-Identifier: MIT
/*
 * Pseudo directories with mkdir/rmdir callbacks (fs/pseudo.c), the shape
 * cgroup2 will take, on a small file system of the test's own, walked
 * from its root without mounting it:
 *
 *   /            mkdir makes a "group": a directory with one file
 *   /<group>/    "value": show prints it, write parses an int into it
 *
 * mkdir runs the callback, which makes the file; rmdir asks the
 * callback (which refuses while the group is "busy": -EBUSY, nothing
 * removed) and on success takes the file with the directory. A
 * directory with a subdirectory is -ENOTEMPTY before the callback runs.
 */
#include "fs/pseudo.h"
#include "kernel/ktest.h"
#include "lib/kstrtox.h"
#include "mm/slab.h"
#include "tests/fs/fs_test_util.h"

struct group {
	int value;
	bool busy;
	int rmdir_calls;
};

static struct group groups[2];
static int nr_groups;

static int value_show(void *data, struct pseudo_buf *buf)
{
	pseudo_printf(buf, "%d\n", ((struct group *)data)->value);
	return 0;
}

static long value_write(void *data, const char *s, size_t len)
{
	char text[16];
	int r;

	strlcpy(text, s, sizeof(text));
	r = kstrtoint(strstrip(text), 0, &((struct group *)data)->value);
	return r ? r : (long)len;
}

static const struct pseudo_file_ops value_ops = {
	.show = value_show,
	.write = value_write,
};

static int group_rmdir(struct dentry *dir)
{
	struct group *g = pseudo_data(dir);

	g->rmdir_calls++;
	return g->busy ? -EBUSY : 0;
}

static int root_mkdir(struct dentry *dir, const char *name);

static const struct pseudo_dir_ops group_ops = {
	.mkdir = root_mkdir,
	.rmdir = group_rmdir,
};

static int root_mkdir(struct dentry *dir, const char *name)
{
	struct group *g;
	struct dentry *d;

	if (nr_groups == ARRAY_SIZE(groups))
		return -ENOSPC;
	g = &groups[nr_groups];
	d = pseudo_mkdir(dir, name, &group_ops, g);
	if (!d || pseudo_add_file(d, "value", 0644, &value_ops, g))
		return -ENOMEM;
	nr_groups++;
	return 0;
}

static const struct pseudo_dir_ops root_ops = { .mkdir = root_mkdir };

static long put(struct dentry *root, const char *path, const char *text)
{
	struct file *f;
	int r = vfs_open(root, path, O_WRONLY, 0, &f);
	long n;

	if (r)
		return r;
	n = ft_write(f, text, strlen(text));
	fput(f);
	return n;
}

static long get(struct dentry *root, const char *path, char *buf, size_t n)
{
	struct io_buf io = { .base = buf, .len = n - 1 };
	struct file *f;
	int r = vfs_open(root, path, O_RDONLY, 0, &f);
	long got;

	if (r)
		return r;
	got = vfs_read(f, &io, NULL);
	fput(f);
	buf[got > 0 ? got : 0] = 0;
	return got;
}

static void pseudo_mkdir_rmdir_callbacks(struct ktest *t)
{
	struct super_block *sb = pseudo_fs_create("testfs", &root_ops, NULL);
	struct dentry *root;
	char buf[16];

	KTEST_ASSERT_NOT_NULL(t, sb);
	root = sb->root;
	memset(groups, 0, sizeof(groups));
	nr_groups = 0;
	KTEST_EXPECT_EQ(t, vfs_mkdir(root, "a", 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(root, "a", 0755), -EEXIST);
	KTEST_EXPECT_EQ(t, put(root, "a/value", "42\n"), 3);
	KTEST_EXPECT_EQ(t, groups[0].value, 42);
	KTEST_EXPECT_EQ(t, put(root, "a/value", "x"), -EINVAL);
	KTEST_EXPECT_EQ(t, get(root, "a/value", buf, sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "42\n");
	KTEST_EXPECT_EQ(t, vfs_unlink(root, "a/value"), -EPERM);
	/* A group inside a group: its parent cannot go first. */
	KTEST_EXPECT_EQ(t, vfs_mkdir(root, "a/b", 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(root, "a"), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, groups[0].rmdir_calls, 0);
	groups[1].busy = true;
	KTEST_EXPECT_EQ(t, vfs_rmdir(root, "a/b"), -EBUSY);
	KTEST_EXPECT_EQ(t, get(root, "a/b/value", buf, sizeof(buf)), 2);
	groups[1].busy = false;
	KTEST_EXPECT_EQ(t, vfs_rmdir(root, "a/b"), 0);
	KTEST_EXPECT_EQ(t, get(root, "a/b/value", buf, sizeof(buf)),
			-ENOENT);
	KTEST_EXPECT_EQ(t, vfs_rmdir(root, "a"), 0);
	KTEST_EXPECT_EQ(t, groups[0].rmdir_calls, 1);
	KTEST_EXPECT_EQ(t, vfs_rmdir(root, "a"), -ENOENT);
	vfs_namespace_lock();
	KTEST_EXPECT(t, !d_has_children(root));
	vfs_namespace_unlock();
	dput(root);		/* frees the root's inode and node */
	kfree(sb);
}

KTEST_SUITE(pseudo,
	    KTEST_CASE(pseudo_mkdir_rmdir_callbacks));
