/* SPDX-License-Identifier: MIT */
/*
 * Anonymous inodes: the one inode every file of a kind opens (eventfds,
 * pidfds), as Linux's anon_inode_getfile() gives such files a shared
 * inode of "anon_inodefs". Each kind makes its own at boot, never on
 * first use: an object made lazily would live forever yet appear inside
 * whichever caller (or test) happened to come first.
 */
#ifndef FS_ANON_INODE_H
#define FS_ANON_INODE_H

#include "fs/vfs.h"

struct dentry *anon_inode_make(const char *name,
			       const struct file_operations *fops);

#endif
