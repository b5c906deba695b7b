// SPDX-License-Identifier: MIT
/* Anonymous inodes (see fs/anon_inode.h). */
#include "fs/anon_inode.h"
#include "kernel/panic.h"

/**
 * anon_inode_make - the dentry of a new anonymous inode whose files use
 * @fops; it lives as long as the kernel.
 * @name: the dentry's name, Linux's shape ("[eventfd]", "[pidfd]")
 * @fops: what a file opened on it does
 *
 * Context: boot, task context; panics without memory (nothing can run
 * without the inodes the boot makes).
 * Return: the dentry, with the one reference that keeps it.
 */
struct dentry *anon_inode_make(const char *name,
			       const struct file_operations *fops)
{
	struct super_block *sb = sb_alloc("anon_inodefs", true, NULL);
	struct inode *inode = sb ? inode_alloc(sb, S_IFREG | 0600) : NULL;
	struct dentry *d = NULL;

	if (inode) {
		inode->f_op = fops;
		d = d_alloc(NULL, name, inode);
	}
	if (!d)
		panic("anon_inode: no memory for %s", name);
	return d;
}
