// SPDX-License-Identifier: MIT
/*
 * The mount table and the namespace lock (fs/vfs.h). One namespace: the
 * root file system is the initramfs; tmpfs is mounted on /tmp, proc on
 * /proc, cgroup2 on /sys/fs/cgroup and oomlab's switches on
 * /sys/kernel/oomlab at boot.
 * Invariant: a mount point is a directory dentry of a mounted file
 * system, it holds the mounted root, and the root names its mount point
 * back; neither link changes while the namespace lock is held.
 *
 * Locking: [n] namespace_lock (a mutex: file systems allocate under it).
 */
#include "fs/cgroupfs.h"
#include "fs/console.h"
#include "fs/devnodes.h"
#include "fs/eventfd.h"
#include "fs/mount.h"
#include "fs/namei.h"
#include "fs/oomlabfs.h"
#include "fs/pipe.h"
#include "fs/proc.h"
#include "fs/rootfs.h"
#include "fs/tmpfs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

static DEFINE_MUTEX(namespace_lock);
static struct dentry *root;			/* [I] after vfs_init() */
static struct mount mounts[MOUNT_MAX];		/* [n] */
static size_t nr_mounts;			/* [n] */

/* vfs_namespace_lock - hold the tree still. Context: may sleep. */
void vfs_namespace_lock(void)
{
	mutex_lock(&namespace_lock);
}

void vfs_namespace_unlock(void)
{
	mutex_unlock(&namespace_lock);
}

/* Return: the caller holds the namespace lock. Context: any. */
bool vfs_namespace_held(void)
{
	return mutex_owned(&namespace_lock);
}

/* Return: the root of the namespace ("/"), valid forever. Context: any. */
struct dentry *vfs_root(void)
{
	return root;
}

/**
 * vfs_mount - mount @sb on the directory @path.
 * @sb: a file system with its root
 * @path: an absolute path to a directory that is not a mount point
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: 0; -ENOENT, -ENOTDIR, -EBUSY (already a mount point), -ENOSPC
 * (the mount table is full).
 */
int vfs_mount(struct super_block *sb, const char *path)
{
	struct dentry *mp;
	int r = vfs_lookup(root, path, &mp);

	if (r)
		return r;
	vfs_namespace_lock();
	if (!S_ISDIR(mp->inode->mode))
		r = -ENOTDIR;
	else if (mp->mounted)
		r = -EBUSY;
	else if (nr_mounts == MOUNT_MAX)
		r = -ENOSPC;
	if (!r) {
		mp->mounted = dget(sb->root);
		sb->root->mountpoint = dget(mp);
		mounts[nr_mounts].sb = sb;
		strlcpy(mounts[nr_mounts].path, path,
			sizeof(mounts[nr_mounts].path));
		nr_mounts++;
	}
	vfs_namespace_unlock();
	dput(mp);
	return r;
}

/**
 * mount_table_show - call @fn for every mount, in mount order.
 * @fn: gets the mount and @arg
 * @arg: passed through
 *
 * Context: task context, may sleep; @fn runs under the namespace lock.
 */
void mount_table_show(void (*fn)(const struct mount *m, void *arg),
		      void *arg)
{
	vfs_namespace_lock();
	for (size_t i = 0; i < nr_mounts; i++)
		fn(&mounts[i], arg);
	vfs_namespace_unlock();
}

static void mount_or_panic(struct super_block *sb, const char *path)
{
	int r = sb ? vfs_mount(sb, path) : -ENOMEM;

	if (r)
		panic("vfs: cannot mount %s on %s: %d",
		      sb ? sb->fstype : "?", path, r);
}

/**
 * vfs_init - the namespace: the initramfs at "/", tmpfs at /tmp, proc at
 * /proc, cgroup2 at /sys/fs/cgroup, oomlab's switches at
 * /sys/kernel/oomlab, and the console device behind every process's
 * fds 0-2.
 *
 * Context: boot, task context, before the first process.
 */
void vfs_init(void)
{
	static const char *const mountpoints[] = {
		"tmp", "proc", "sys", "sys/fs", "sys/fs/cgroup", "sys/kernel",
		"sys/kernel/oomlab", "dev", NULL,
	};
	struct super_block *sb = rootfs_create(mountpoints);

	if (!sb)
		panic("vfs: no memory for the root file system");
	root = sb->root;
	mounts[nr_mounts].sb = sb;
	strlcpy(mounts[nr_mounts++].path, "/", sizeof(mounts[0].path));
	mount_or_panic(tmpfs_create(), "/tmp");
	mount_or_panic(proc_create(), "/proc");
	mount_or_panic(cgroupfs_create(), CGROUPFS_MOUNT);
	cgroupfs_init();
	mount_or_panic(oomlabfs_create(), OOMLABFS_MOUNT);
	console_init();
	eventfd_init();
	pipe_init();
	devnodes_init();
	pr_info("vfs: rootfs on /, tmpfs on /tmp, proc on /proc, cgroup2 on "
		CGROUPFS_MOUNT ", oomlab on " OOMLABFS_MOUNT "\n");
}
