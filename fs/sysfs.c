// SPDX-License-Identifier: MIT
/*
 * sysfs (fs/sysfs.h): a pseudo file system (fs/pseudo.h) whose tree is
 * fs/, fs/cgroup/ and kernel/, made whole at mount so it never changes
 * afterwards.
 *
 * Locking: the namespace lock while the tree is built; [I] after.
 */
#include "fs/pseudo.h"
#include "fs/sysfs.h"

/**
 * sysfs_create - a new sysfs instance to mount.
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: its super block, or NULL without memory.
 */
struct super_block *sysfs_create(void)
{
	struct super_block *sb = pseudo_fs_create("sysfs", NULL, NULL);
	struct dentry *fs;
	bool ok;

	if (!sb)
		return NULL;
	vfs_namespace_lock();
	fs = pseudo_mkdir(sb->root, "fs", NULL, NULL);
	ok = fs && pseudo_mkdir(fs, "cgroup", NULL, NULL) &&
	     pseudo_mkdir(sb->root, "kernel", NULL, NULL);
	vfs_namespace_unlock();
	return ok ? sb : NULL;
}
