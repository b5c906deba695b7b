// SPDX-License-Identifier: MIT
/*
 * Mounting from kernel code (fs/mount.c, fs/fs_type.c, fs/fs_types.c),
 * on scratch directories under /tmp/mt:
 *
 *   /tmp/mt/t   tmpfs (size=8k,mode=700)     /tmp/mt/p   proc
 *   /tmp/mt/s   sysfs                        /tmp/mt/f   a file
 *
 * Each type mounts and unmounts, /proc/mounts shows the line Linux
 * would, statfs's magic is Linux's, single-instance types refuse a
 * second place, bad input gets Linux's errno and changes nothing, a busy
 * mount is -EBUSY until MNT_DETACH, and size= ends in -ENOSPC.
 */
#include "fs/fs_types.h"
#include "fs/mount.h"
#include "kernel/ktest.h"
#include "tests/fs/fs_test_util.h"

#define T	"/tmp/mt"

static char mounts_text[4096];

/* Mount @type on @path with @options (copied: the type cuts it up). */
static int mnt(const char *type, const char *path, const char *options)
{
	char opts[64];
	struct fs_mount_args args = { .source = "none", .options = opts };
	struct dentry *mp;
	int r = vfs_lookup(vfs_root(), path, &mp);

	if (r)
		return r;
	strlcpy(opts, options ? options : "", sizeof(opts));
	r = mount_new(mp, type, &args);
	dput(mp);
	return r;
}

static int umnt(const char *path, int flags)
{
	struct dentry *root;
	int r = vfs_lookup(vfs_root(), path, &root);

	if (r)
		return r;
	r = mount_umount(root, flags);
	dput(root);
	return r;
}

/* /proc/mounts has the line @line (whole). */
static bool mounts_has(const char *line)
{
	const char *p;
	size_t n = strlen(line);

	if (ft_slurp("/proc/mounts", mounts_text, sizeof(mounts_text)) < 0)
		return false;
	for (p = mounts_text; (p = strstr(p, line)); p++)
		if ((p == mounts_text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

/* mounts_has(), logging /proc/mounts when the line is missing. */
static bool has_line(struct ktest *t, const char *line)
{
	if (mounts_has(line))
		return true;
	ktest_log(t, "no \"%s\" in:\n%s", line, mounts_text);
	return false;
}

static unsigned long magic_of(const char *path)
{
	int err;
	struct file *f = ft_open(path, O_RDONLY, &err);
	unsigned long m;

	if (!f)
		return 0;
	m = fs_type_magic(f->inode->sb->fstype);
	fput(f);
	return m;
}

static void setup(struct ktest *t)
{
	static const char *const dirs[] = { T, T "/t", T "/p", T "/s", NULL };

	for (const char *const *d = dirs; *d; d++)
		KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), *d, 0755), 0);
	KTEST_EXPECT_EQ(t, ft_put_new(T "/f", "file"), 4);
}

static void teardown(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), T "/f"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/t"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/p"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T "/s"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), T), 0);
}

/* Every type mounts, shows its line and magic, and unmounts. */
static void mount_each_type(struct ktest *t)
{
	setup(t);
	KTEST_EXPECT(t, has_line(t, "tmpfs /tmp tmpfs rw,nosuid,nodev,"
				 "relatime 0 0"));
	KTEST_EXPECT(t, has_line(t, "proc /proc proc rw,nosuid,nodev,noexec,"
				 "relatime 0 0"));
	KTEST_EXPECT(t, has_line(t, "devtmpfs /dev devtmpfs rw,nosuid,"
				 "relatime 0 0"));
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/t", "size=8k,mode=700"), 0);
	KTEST_EXPECT(t, has_line(t, "none " T "/t tmpfs rw,relatime,size=8k,"
				 "mode=700 0 0"));
	KTEST_EXPECT_EQ(t, mnt("proc", T "/p", NULL), 0);
	KTEST_EXPECT(t, has_line(t, "none " T "/p proc rw,relatime 0 0"));
	KTEST_EXPECT_EQ(t, mnt("sysfs", T "/s", NULL), 0);
	KTEST_EXPECT(t, has_line(t, "none " T "/s sysfs rw,relatime 0 0"));
	KTEST_EXPECT_EQ(t, magic_of(T "/t"), TMPFS_MAGIC);
	KTEST_EXPECT_EQ(t, magic_of(T "/p/meminfo"), PROC_SUPER_MAGIC);
	KTEST_EXPECT_EQ(t, magic_of(T "/s/fs/cgroup"), SYSFS_MAGIC);
	KTEST_EXPECT_EQ(t, magic_of("/sys/fs/cgroup"), CGROUP2_SUPER_MAGIC);
	KTEST_EXPECT_EQ(t, magic_of("/dev"), TMPFS_MAGIC);
	KTEST_EXPECT_EQ(t, magic_of("/"), RAMFS_MAGIC);
	/* One cgroup tree, one devtmpfs: mounted already. */
	KTEST_EXPECT_EQ(t, mnt("cgroup2", T "/t", NULL), -EBUSY);
	KTEST_EXPECT_EQ(t, mnt("devtmpfs", T "/t", NULL), -EBUSY);
	KTEST_EXPECT_EQ(t, umnt(T "/t", 0), 0);
	KTEST_EXPECT_EQ(t, umnt(T "/p", 0), 0);
	KTEST_EXPECT_EQ(t, umnt(T "/s", 0), 0);
	KTEST_EXPECT(t, has_line(t, "proc /proc proc rw,nosuid,nodev,noexec,"
				 "relatime 0 0"));
	KTEST_EXPECT(t, !strstr(mounts_text, T "/"));
	teardown(t);
}

static int blockfs_get_sb(struct file_system_type *type,
			  struct fs_mount_args *args, struct super_block **out)
{
	return -EIO;	/* never reached without a block layer */
}

/* A disk file system's type, as ext2 registers one. */
static struct file_system_type blockfs_type = {
	.name = "ktest_blockfs", .get_sb = blockfs_get_sb,
	.requires_dev = true,
};

/* Bad input: Linux's errno, and nothing mounted. */
static void mount_errors(struct ktest *t)
{
	setup(t);
	KTEST_EXPECT_EQ(t, mnt("nosuchfs", T "/t", NULL), -ENODEV);
	KTEST_EXPECT_EQ(t, mnt("rootfs", T "/t", NULL), -ENODEV);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/t", "bogus=1"), -EINVAL);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/t", "size=12q"), -EINVAL);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/t", "mode=9"), -EINVAL);
	KTEST_EXPECT_EQ(t, mnt("proc", T "/t", "x"), -EINVAL);
	KTEST_EXPECT_EQ(t, mnt("cgroup2", T "/t", "nosuchopt"), -EINVAL);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/f", NULL), -ENOTDIR);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/none", NULL), -ENOENT);
	KTEST_EXPECT_EQ(t, umnt(T "/t", 0), -EINVAL);
	KTEST_EXPECT_EQ(t, umnt("/", 0), -EBUSY);
	/* A registered disk type whose source ("none") names no block
	 * device: -ENOENT, as Linux's lookup_bdev() of a missing path. */
	register_filesystem(&blockfs_type);
	KTEST_EXPECT_EQ(t, register_filesystem(&blockfs_type), -EBUSY);
	KTEST_EXPECT_EQ(t, mnt("ktest_blockfs", T "/t", NULL), -ENOENT);
	KTEST_EXPECT(t, !mounts_has("none " T "/t tmpfs rw,relatime 0 0"));
	teardown(t);
}

/*
 * Busy: an open file or a mount inside refuses umount; MNT_DETACH takes
 * both off at once and the open file still reads; a mount point cannot
 * be renamed, a link cannot cross into the mount.
 */
static void mount_busy_and_detach(struct ktest *t)
{
	struct dentry *d;
	struct file *f;
	char text[8];
	int err;

	setup(t);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/t", NULL), 0);
	KTEST_EXPECT_EQ(t, ft_put_new(T "/t/x", "in"), 2);
	f = ft_open(T "/t/x", O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, umnt(T "/t", 0), -EBUSY);
	KTEST_EXPECT_EQ(t, vfs_rename(vfs_root(), T "/t", vfs_root(), T "/u",
				      0), -EBUSY);
	d = f->dentry;
	KTEST_EXPECT_EQ(t, vfs_link(d, vfs_root(), T "/x2"), -EXDEV);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/t/in", 0755), 0);
	KTEST_EXPECT_EQ(t, mnt("proc", T "/t/in", NULL), 0);
	fput(f);
	KTEST_EXPECT_EQ(t, umnt(T "/t", 0), -EBUSY);	/* proc inside */
	f = ft_open(T "/t/x", O_RDONLY, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, umnt(T "/t", MNT_DETACH), 0);
	KTEST_EXPECT(t, !mounts_has("none " T "/t/in proc rw,relatime 0 0"));
	KTEST_EXPECT_EQ(t, ft_pread(f, text, sizeof(text), 0), 2);
	fput(f);
	KTEST_EXPECT_EQ(t, ft_slurp(T "/t/x", text, sizeof(text)), -ENOENT);
	teardown(t);
}

/* size= is a limit (-ENOSPC past it); MS_RDONLY by remount. */
static void mount_tmpfs_size_and_remount(struct ktest *t)
{
	static char page[4096];
	struct dentry *root;
	struct file *f;
	int err;

	setup(t);
	KTEST_EXPECT_EQ(t, mnt("tmpfs", T "/t", "size=8k"), 0);
	f = ft_open(T "/t/big", O_CREAT | O_RDWR, &err);
	KTEST_ASSERT_NOT_NULL(t, f);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, page, sizeof(page), 0), 4096);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, page, sizeof(page), 4096), 4096);
	KTEST_EXPECT_EQ(t, ft_pwrite(f, page, 1, 8192), -ENOSPC);
	fput(f);
	KTEST_ASSERT_EQ(t, vfs_lookup(vfs_root(), T "/t", &root), 0);
	KTEST_EXPECT_EQ(t, mount_remount(root, MS_RDONLY, NULL), 0);
	KTEST_EXPECT(t, has_line(t, "none " T "/t tmpfs ro,relatime,size=8k "
				 "0 0"));
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/t/d", 0755), -EROFS);
	KTEST_EXPECT_EQ(t, mount_remount(root, 0, NULL), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), T "/t/d", 0755), 0);
	KTEST_EXPECT_EQ(t, mount_remount(vfs_root(), MS_RDONLY, NULL),
			-EINVAL);
	dput(root);
	KTEST_EXPECT_EQ(t, umnt(T "/t", 0), 0);
	teardown(t);
}

/* cgroup2 comes back as the same tree, with the options it is given. */
static void mount_cgroup2_options(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, umnt("/sys/fs/cgroup", 0), 0);
	KTEST_EXPECT_EQ(t, ft_slurp("/sys/fs/cgroup/cgroup.procs", mounts_text,
				    sizeof(mounts_text)), -ENOENT);
	KTEST_EXPECT_EQ(t, mnt("cgroup2", "/sys/fs/cgroup",
			       "nsdelegate,memory_recursiveprot"), 0);
	KTEST_EXPECT(t, has_line(t, "none /sys/fs/cgroup cgroup2 rw,relatime,"
				 "nsdelegate,memory_recursiveprot 0 0"));
	KTEST_EXPECT_GE(t, ft_slurp("/sys/fs/cgroup/cgroup.procs", mounts_text,
				    sizeof(mounts_text)), 0);
	KTEST_ASSERT_EQ(t, umnt("/sys/fs/cgroup", 0), 0);
	KTEST_ASSERT_EQ(t, mnt("cgroup2", "/sys/fs/cgroup", NULL), 0);
	KTEST_EXPECT(t, has_line(t, "none /sys/fs/cgroup cgroup2 rw,relatime "
				 "0 0"));
}

KTEST_SUITE(mount,
	    KTEST_CASE(mount_each_type),
	    KTEST_CASE(mount_errors),
	    KTEST_CASE(mount_busy_and_detach),
	    KTEST_CASE(mount_tmpfs_size_and_remount),
	    KTEST_CASE(mount_cgroup2_options));
