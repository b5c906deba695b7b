/* SPDX-License-Identifier: MIT */
/*
 * inotify (fs/inotify.c): an instance is a file whose reads return
 * struct inotify_event records for the watches added to it. Only notify
 * pseudo files (cgroup.events, memory.events) raise events here.
 */
#ifndef FS_INOTIFY_H
#define FS_INOTIFY_H

#include "fs/vfs.h"
#include "lib/types.h"

/* Linux's values (include/uapi/linux/inotify.h). */
#define IN_ACCESS		0x00000001
#define IN_MODIFY		0x00000002
#define IN_ALL_EVENTS		0x00000fff
#define IN_UNMOUNT		0x00002000
#define IN_Q_OVERFLOW		0x00004000
#define IN_IGNORED		0x00008000
#define IN_ONLYDIR		0x01000000
#define IN_DONT_FOLLOW		0x02000000
#define IN_EXCL_UNLINK		0x04000000
#define IN_MASK_CREATE		0x10000000
#define IN_MASK_ADD		0x20000000
#define IN_ISDIR		0x40000000
#define IN_ONESHOT		0x80000000
#define IN_CLOEXEC		O_CLOEXEC
#define IN_NONBLOCK		O_NONBLOCK

/* What inotify_add_watch() takes (Linux's ALL_INOTIFY_BITS). */
#define INOTIFY_ALL_BITS						\
	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED |	\
	 IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE |	\
	 IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)

/* A record read(2) returns; ours never carry a name (len 0). */
struct inotify_event {
	s32 wd;
	u32 mask;
	u32 cookie;
	u32 len;
};

struct dentry;
struct file;

void inotify_init(void);
struct file *inotify_file_create(int flags);
int inotify_add(struct file *f, struct dentry *d, u32 mask);
int inotify_rm(struct file *f, int wd);

#endif
