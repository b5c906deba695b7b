// SPDX-License-Identifier: MIT
/*
 * Path walk from kernel code (fs/namei.c), on the boot namespace:
 *
 *   /            rootfs (the initramfs, read-only): bin/hog ...
 *   /tmp         tmpfs          /tmp/walk/{d/, f}   made by the case
 *   /proc        proc
 *
 * ".", "..", repeated and trailing slashes resolve as in Linux, ".." at
 * the root and across a mount point goes where Linux's does, and every
 * error is Linux's: ENOENT, ENOTDIR, EISDIR, EEXIST, ENAMETOOLONG,
 * EROFS, EBUSY, ENOTEMPTY, EINVAL, EPERM.
 */
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"

/* The dentry of @path, or NULL; @err gets the errno. */
static struct dentry *walk(const char *path, int *err)
{
	struct dentry *d = NULL;

	*err = vfs_lookup(vfs_root(), path, &d);
	return *err ? NULL : d;
}

/* @a and @b name the same inode. */
static bool same(struct ktest *t, const char *a, const char *b)
{
	int ea, eb;
	struct dentry *da = walk(a, &ea), *db = walk(b, &eb);
	bool r = da && db && da->inode == db->inode;

	if (!r)
		ktest_log(t, "%s (%d) vs %s (%d)", a, ea, b, eb);
	dput(da);
	dput(db);
	return r;
}

static int walk_err(const char *path)
{
	int err;

	dput(walk(path, &err));
	return err;
}

static void setup(struct ktest *t)
{
	struct file *f;
	int err;

	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/walk", 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/walk/d", 0755), 0);
	f = ft_open("/tmp/walk/f", O_CREAT | O_RDWR, &err);
	KTEST_EXPECT_NOT_NULL(t, f);
	if (f)
		fput(f);
}

static void teardown(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/walk/f"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/walk/d"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/walk"), 0);
}

static void namei_dots_and_slashes(struct ktest *t)
{
	setup(t);
	KTEST_EXPECT(t, same(t, "/tmp/walk/f", "/tmp/walk/./f"));
	KTEST_EXPECT(t, same(t, "/tmp/walk/f", "//tmp///walk//f"));
	KTEST_EXPECT(t, same(t, "/tmp/walk/f", "/tmp/walk/d/../f"));
	KTEST_EXPECT(t, same(t, "/tmp/walk/d", "/tmp/walk/d/"));
	KTEST_EXPECT(t, same(t, "/", "/.."));
	KTEST_EXPECT(t, same(t, "/", "/../../."));
	/* ".." from a mounted root leaves the mount: /tmp/.. is /. */
	KTEST_EXPECT(t, same(t, "/", "/tmp/.."));
	KTEST_EXPECT(t, same(t, "/bin", "/tmp/../bin"));
	KTEST_EXPECT(t, same(t, "/proc/meminfo", "/tmp/../proc/meminfo"));
	teardown(t);
}

static void namei_errors(struct ktest *t)
{
	char name[NAME_MAX + 2];
	struct file *f;
	int err;

	setup(t);
	KTEST_EXPECT_EQ(t, walk_err("/tmp/walk/nothere"), -ENOENT);
	KTEST_EXPECT_EQ(t, walk_err("/tmp/walk/nothere/x"), -ENOENT);
	KTEST_EXPECT_EQ(t, walk_err("/tmp/walk/f/"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, walk_err("/tmp/walk/f/x"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, walk_err("/tmp/walk/f/.."), -ENOTDIR);
	KTEST_EXPECT_EQ(t, walk_err(""), -ENOENT);
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	KTEST_EXPECT_EQ(t, walk_err(name), -ENAMETOOLONG);
	name[NAME_MAX] = 0;		/* exactly NAME_MAX: just absent */
	KTEST_EXPECT_EQ(t, walk_err(name), -ENOENT);
	f = ft_open("/tmp/walk/d", O_WRONLY, &err);
	KTEST_EXPECT_EQ(t, err, -EISDIR);
	f = ft_open("/tmp/walk/new/", O_CREAT | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EISDIR);
	f = ft_open("/tmp/walk/f", O_CREAT | O_EXCL | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EEXIST);
	f = ft_open("/tmp/walk/f", O_DIRECTORY, &err);
	KTEST_EXPECT_EQ(t, err, -ENOTDIR);
	KTEST_EXPECT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/tmp/walk/d", 0), -EEXIST);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/", 0), -EEXIST);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/walk/d"), -EISDIR);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/tmp/walk/f/"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/walk/f"), -ENOTDIR);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/walk"), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/walk/d/."), -EINVAL);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp/walk/d/.."),
			-ENOTEMPTY);
	teardown(t);
}

/* The read-only root and the other file systems' refusals. */
static void namei_readonly_and_mounts(struct ktest *t)
{
	struct file *f;
	int err;

	f = ft_open("/bin/hog", O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EROFS);
	f = ft_open("/newfile", O_CREAT | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EROFS);
	KTEST_EXPECT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/newdir", 0), -EROFS);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/bin/hog"), -EROFS);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/tmp"), -EBUSY);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/"), -EBUSY);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/proc/x", 0), -EPERM);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/proc/meminfo"), -EPERM);
	f = ft_open("/proc/x", O_CREAT | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EACCES);
}

/* getcwd's path of a dentry, and of a removed one. */
static void namei_path_name(struct ktest *t)
{
	char buf[64];
	struct dentry *d;
	int err;

	setup(t);
	d = walk("/tmp/walk/d/", &err);
	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT_EQ(t, vfs_path_name(d, buf, sizeof(buf)), 11);
	KTEST_EXPECT_STREQ(t, buf, "/tmp/walk/d");
	KTEST_EXPECT_EQ(t, vfs_path_name(d, buf, 11), -ERANGE);
	KTEST_EXPECT_EQ(t, vfs_path_name(vfs_root(), buf, sizeof(buf)), 1);
	KTEST_EXPECT_STREQ(t, buf, "/");
	teardown(t);
	KTEST_EXPECT_EQ(t, vfs_path_name(d, buf, sizeof(buf)), -ENOENT);
	dput(d);
}

KTEST_SUITE(namei,
	    KTEST_CASE(namei_dots_and_slashes),
	    KTEST_CASE(namei_errors),
	    KTEST_CASE(namei_readonly_and_mounts),
	    KTEST_CASE(namei_path_name));
