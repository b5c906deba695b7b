/* SPDX-License-Identifier: MIT */
/*
 * ioctl(2) (fs/sys_ioctl.c): the request numbers oomlab's files answer,
 * Linux's x86_64 values (include/uapi/asm-generic/ioctls.h). A file
 * answers through its f_op->ioctl(); one without it, or a request it
 * does not know, is -ENOTTY (what glibc's isatty() looks for).
 */
#ifndef FS_IOCTL_H
#define FS_IOCTL_H

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TIOCGPGRP	0x540f
#define TIOCSPGRP	0x5410
#define TIOCSCTTY	0x540e
#define TIOCGSID	0x5429
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541b

struct file;

long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg);

#endif
