// SPDX-License-Identifier: MIT
/*
 * Symlinks, hard links, rename and O_TMPFILE from kernel code (fs/link.c,
 * fs/rename.c, the walk in fs/namei.c), in a scratch tree on /tmp:
 *
 *   /tmp/ln/d/f          a file holding "data"
 *   /tmp/ln/e/           an empty directory
 *   /tmp/ln/...          the links each case makes
 *
 * Every outcome and errno is Linux 6.1's (each was checked on Linux by
 * user/linktest, run natively by tests/user/native_check.py).
 */
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"

#define T	"/tmp/ln"

static struct dentry *walk_at(const char *path, bool follow, int *err)
{
	struct dentry *d = NULL;

	*err = vfs_lookup_at(vfs_root(), path, follow, &d);
	return *err ? NULL : d;
}

static int walk_err(const char *path)
{
	int err;

	dput(walk_at(path, true, &err));
	return err;
}

/* @a and @b (both followed) name the same inode. */
static bool same(struct ktest *t, const char *a, const char *b)
{
	int ea, eb;
	struct dentry *da = walk_at(a, true, &ea), *db = walk_at(b, true, &eb);
	bool r = da && db && da->inode == db->inode;

	if (!r)
		ktest_log(t, "%s (%d) vs %s (%d)", a, ea, b, eb);
	dput(da);
	dput(db);
	return r;
}

/* The st_nlink of @path (not followed), or the errno. */
static long nlink_of(const char *path)
{
	int err;
	struct dentry *d = walk_at(path, false, &err);
	long n;

	if (!d)
		return err;
	n = d->inode->nlink;
	dput(d);
	return n;
}

static int sym(const char *target, const char *path)
{
	return vfs_symlink(vfs_root(), target, path);
}

static void setup(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T, 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/d", 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/e", 0755), 0);
	KTEST_EXPECT_EQ(t, ft_put_new(T "/d/f", "data"), 4);
}

/* Remove what a case left: names not there are fine. */
static void teardown(struct ktest *t, const char *const *names)
{
	for (; *names; names++)
		vfs_unlink(vfs_root(), *names);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), T "/d/f"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/d"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/e"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), 0);
}

/*
 * Relative targets resolve from the link's directory, absolute ones
 * from the root, nested links chain, and lstat sees the link itself
 * (st_size the target's length).
 */
static void link_symlink_follow(struct ktest *t)
{
	static const char *const names[] = {
		T "/rel", T "/abs", T "/nest", T "/e/up", T "/dl", NULL,
	};
	struct dentry *d;
	char text[16];
	int err;

	setup(t);
	KTEST_EXPECT_EQ(t, sym("d/f", T "/rel"), 0);
	KTEST_EXPECT_EQ(t, sym(T "/d", T "/abs"), 0);
	KTEST_EXPECT_EQ(t, sym("rel", T "/nest"), 0);
	KTEST_EXPECT_EQ(t, sym("../d/f", T "/e/up"), 0);
	KTEST_EXPECT_EQ(t, sym("d", T "/dl"), 0);
	KTEST_EXPECT(t, same(t, T "/rel", T "/d/f"));
	KTEST_EXPECT(t, same(t, T "/abs/f", T "/d/f"));
	KTEST_EXPECT(t, same(t, T "/nest", T "/d/f"));
	KTEST_EXPECT(t, same(t, T "/e/up", T "/d/f"));
	KTEST_EXPECT(t, same(t, T "/dl/../e", T "/e"));
	KTEST_EXPECT(t, same(t, T "/abs/", T "/d"));
	KTEST_EXPECT_EQ(t, ft_slurp(T "/nest", text, sizeof(text)), 4);
	KTEST_EXPECT_STREQ(t, text, "data");
	d = walk_at(T "/nest", false, &err);
	KTEST_ASSERT_NOT_NULL(t, d);
	KTEST_EXPECT(t, S_ISLNK(d->inode->mode));
	KTEST_EXPECT_EQ(t, d->inode->size, 3);
	dput(d);
	/* A trailing slash follows even where the last link would not be. */
	d = walk_at(T "/abs/", false, &err);
	KTEST_EXPECT(t, d && S_ISDIR(d->inode->mode));
	dput(d);
	KTEST_EXPECT_EQ(t, walk_err(T "/rel/"), -ENOTDIR);
	teardown(t, names);
}

/*
 * Loops end in -ELOOP; 40 links in one walk are followed, the 41st is
 * not; O_NOFOLLOW refuses a final link; O_CREAT through a dangling link
 * makes its target, O_CREAT|O_EXCL does not follow it.
 */
static void link_symlink_limits(struct ktest *t)
{
	static const char *const names[] = {
		T "/a", T "/b", T "/self", T "/dangle", T "/made", NULL,
	};
	char name[32], target[32];
	struct file *f;
	int err, i;

	setup(t);
	KTEST_EXPECT_EQ(t, sym("b", T "/a"), 0);
	KTEST_EXPECT_EQ(t, sym("a", T "/b"), 0);
	KTEST_EXPECT_EQ(t, sym("self", T "/self"), 0);
	KTEST_EXPECT_EQ(t, walk_err(T "/a"), -ELOOP);
	KTEST_EXPECT_EQ(t, walk_err(T "/self/x"), -ELOOP);
	/* d/l0 -> f, d/l1 -> l0, ... d/l40 -> l39. */
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), T "/d/l%d", i);
		if (i)
			snprintf(target, sizeof(target), "l%d", i - 1);
		KTEST_EXPECT_EQ(t, sym(i ? target : "f", name), 0);
	}
	KTEST_EXPECT(t, same(t, T "/d/l39", T "/d/f"));
	KTEST_EXPECT_EQ(t, walk_err(T "/d/l40"), -ELOOP);
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), T "/d/l%d", i);
		KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), name), 0);
	}
	f = ft_open(T "/self", O_RDONLY | O_NOFOLLOW, &err);
	KTEST_EXPECT_EQ(t, err, -ELOOP);
	KTEST_EXPECT_EQ(t, sym("made", T "/dangle"), 0);
	f = ft_open(T "/dangle", O_CREAT | O_EXCL | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EEXIST);
	f = ft_open(T "/dangle", O_CREAT | O_RDWR, &err);
	KTEST_EXPECT_NOT_NULL(t, f);
	if (f)
		fput(f);
	KTEST_EXPECT(t, same(t, T "/dangle", T "/made"));
	KTEST_EXPECT_EQ(t, sym("", T "/empty"), -ENOENT);
	KTEST_EXPECT_EQ(t, sym("x", T "/a"), -EEXIST);
	KTEST_EXPECT_EQ(t, sym("x", T "/new/"), -ENOENT);
	KTEST_EXPECT_EQ(t, sym("x", "/bin/x"), -EROFS);
	teardown(t, names);
}

/* readlink: no NUL, the length returned, a short buffer cuts silently. */
static void link_readlink(struct ktest *t)
{
	static const char *const names[] = { T "/l", NULL };
	char buf[8];

	setup(t);
	KTEST_EXPECT_EQ(t, sym("d/f", T "/l"), 0);
	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, vfs_readlink(vfs_root(), T "/l", buf, sizeof(buf)),
			3);
	KTEST_EXPECT(t, !memcmp(buf, "d/fx", 4));
	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, vfs_readlink(vfs_root(), T "/l", buf, 2), 2);
	KTEST_EXPECT(t, !memcmp(buf, "d/x", 3));
	KTEST_EXPECT_EQ(t, vfs_readlink(vfs_root(), T "/d/f", buf, 8),
			-EINVAL);
	KTEST_EXPECT_EQ(t, vfs_readlink(vfs_root(), T "/none", buf, 8),
			-ENOENT);
	teardown(t, names);
}

/*
 * Hard links: nlink counts the names; unlinking one keeps the data for
 * the other; directories and other file systems refuse.
 */
static void link_hard(struct ktest *t)
{
	static const char *const names[] = { T "/g", T "/s", T "/s2", NULL };
	struct dentry *f, *dir, *s;
	char text[16];
	int err;

	setup(t);
	f = walk_at(T "/d/f", true, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), T "/g"), 0);
	KTEST_EXPECT_EQ(t, nlink_of(T "/d/f"), 2);
	KTEST_EXPECT(t, same(t, T "/g", T "/d/f"));
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), T "/g"), -EEXIST);
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), T "/h/"), -ENOENT);
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), "/proc/f"), -EXDEV);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), T "/g"), 0);
	KTEST_EXPECT_EQ(t, nlink_of(T "/d/f"), 1);
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), T "/g"), 0);
	dput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), T "/d/f"), 0);
	KTEST_EXPECT_EQ(t, nlink_of(T "/g"), 1);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/g", text, sizeof(text)), 4);
	f = walk_at(T "/g", true, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), T "/d/f"), 0);
	dput(f);
	dir = walk_at(T "/e", true, &err);
	KTEST_ASSERT_NOT_NULL(t, dir);
	KTEST_EXPECT_EQ(t, vfs_link(dir, vfs_root(), T "/e2"), -EPERM);
	dput(dir);
	/* link() links a symlink itself; linkat(AT_SYMLINK_FOLLOW) its
	 * target: the caller's lookup decides. */
	KTEST_EXPECT_EQ(t, sym("d/f", T "/s"), 0);
	s = walk_at(T "/s", false, &err);
	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_EXPECT_EQ(t, vfs_link(s, vfs_root(), T "/s2"), 0);
	KTEST_EXPECT_EQ(t, nlink_of(T "/s"), 2);
	dput(s);
	teardown(t, names);
}

static int ren(const char *a, const char *b, unsigned int flags)
{
	return vfs_rename(vfs_root(), a, vfs_root(), b, flags);
}

/* rename: each of Linux's outcomes (fs/rename.c's table). */
static void link_rename(struct ktest *t)
{
	static const char *const names[] = {
		T "/x", T "/y", T "/e/in", T "/h", NULL,
	};
	struct dentry *f;
	char text[16];
	int err;

	setup(t);
	KTEST_EXPECT_EQ(t, ft_put_new(T "/x", "xx"), 2);
	KTEST_EXPECT_EQ(t, ren(T "/x", T "/y", 0), 0);
	KTEST_EXPECT_EQ(t, walk_err(T "/x"), -ENOENT);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/y", text, sizeof(text)), 2);
	/* Over an existing file: the old one goes. */
	KTEST_EXPECT_EQ(t, ft_put_new(T "/x", "xxx"), 3);
	KTEST_EXPECT_EQ(t, ren(T "/x", T "/y", RENAME_NOREPLACE), -EEXIST);
	KTEST_EXPECT_EQ(t, ren(T "/x", T "/y", 0), 0);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/y", text, sizeof(text)), 3);
	KTEST_EXPECT_EQ(t, ren(T "/y", T "/e", 0), -EISDIR);
	KTEST_EXPECT_EQ(t, ren(T "/e", T "/y", 0), -ENOTDIR);
	KTEST_EXPECT_EQ(t, ren(T "/y", T "/z/", 0), -ENOTDIR);
	KTEST_EXPECT_EQ(t, ren(T "/e", T "/d", 0), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, ren(T "/e", T "/e/in", 0), -EINVAL);
	KTEST_EXPECT_EQ(t, ren(T "/d", T "/d/..", 0), -EBUSY);
	KTEST_EXPECT_EQ(t, ren(T "/none", T "/q", 0), -ENOENT);
	KTEST_EXPECT_EQ(t, ren(T "/y", "/proc/y", 0), -EXDEV);
	KTEST_EXPECT_EQ(t, ren(T "/y", T "/q", RENAME_WHITEOUT), -EINVAL);
	KTEST_EXPECT_EQ(t, ren(T "/y", T "/q", RENAME_EXCHANGE), -ENOENT);
	KTEST_EXPECT_EQ(t, ren(T "/y", T "/q", 8), -EINVAL);
	/* Exchange: both stay, names swapped. */
	KTEST_EXPECT_EQ(t, ren(T "/y", T "/d/f", RENAME_EXCHANGE), 0);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/y", text, sizeof(text)), 4);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/d/f", text, sizeof(text)), 3);
	/* A directory over an empty one, and the cwd-like reference held
	 * on it follows the move. */
	f = walk_at(T "/d", true, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/h", 0755), 0);
	KTEST_EXPECT_EQ(t, ren(T "/d", T "/h", 0), 0);
	KTEST_EXPECT_EQ(t, ren(T "/h", T "/d", 0), 0);
	KTEST_EXPECT(t, same(t, T "/d", T "/e/../d"));
	KTEST_EXPECT_EQ(t, vfs_path_name(f, text, sizeof(text)), 9);
	KTEST_EXPECT_STREQ(t, text, T "/d");
	dput(f);
	/* Two names of one inode: nothing happens, both stay. */
	f = walk_at(T "/y", true, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_link(f, vfs_root(), T "/x"), 0);
	dput(f);
	KTEST_EXPECT_EQ(t, ren(T "/x", T "/y", 0), 0);
	KTEST_EXPECT_EQ(t, nlink_of(T "/x"), 2);
	teardown(t, names);
}

/* O_TMPFILE: a file with no name, which linkat() may name once. */
static void link_tmpfile(struct ktest *t)
{
	static const char *const names[] = { T "/named", NULL };
	struct file *f;
	char text[16];
	int err;

	setup(t);
	f = ft_open(T, O_TMPFILE | O_RDONLY, &err);
	KTEST_EXPECT_EQ(t, err, -EINVAL);
	f = ft_open(T "/d/f", O_TMPFILE | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -ENOTDIR);
	f = ft_open("/proc", O_TMPFILE | O_RDWR, &err);
	KTEST_EXPECT_EQ(t, err, -EOPNOTSUPP);
	f = ft_open(T, O_TMPFILE | O_RDWR, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, f->inode->nlink, 0);
	KTEST_EXPECT_EQ(t, ft_write(f, "tmp", 3), 3);
	KTEST_EXPECT_EQ(t, vfs_link(f->dentry, vfs_root(), T "/named"), 0);
	KTEST_EXPECT_EQ(t, f->inode->nlink, 1);
	fput(f);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/named", text, sizeof(text)), 3);
	f = ft_open(T, O_TMPFILE | O_RDWR | O_EXCL, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, vfs_link(f->dentry, vfs_root(), T "/other"),
			-ENOENT);
	fput(f);
	teardown(t, names);
}

KTEST_SUITE(link,
	    KTEST_CASE(link_symlink_follow),
	    KTEST_CASE(link_symlink_limits),
	    KTEST_CASE(link_readlink),
	    KTEST_CASE(link_hard),
	    KTEST_CASE(link_rename),
	    KTEST_CASE(link_tmpfile));
