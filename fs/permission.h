/* SPDX-License-Identifier: MIT */
/*
 * File permissions (fs/permission.c): Linux's generic_permission() on
 * the mode bits, owner and group of an inode, and the ownership rules of
 * chmod and chown, for the credentials of the process that asks. A
 * kernel thread has none and may do anything: it is the kernel.
 *
 * Capabilities are Linux's: CAP_DAC_OVERRIDE passes any read or write
 * and an exec where some x bit is set, CAP_DAC_READ_SEARCH any read and
 * any directory search, CAP_FOWNER the owner's rights, CAP_CHOWN any
 * chown. Root holds them all unless it dropped them (kernel/cred.h).
 *
 * Where the VFS checks (Linux's places): every directory a path walk
 * looks a name up in needs MAY_EXEC (-EACCES); open() the access it
 * asks for on the file, unless it just made it; creating or removing a
 * name needs MAY_WRITE | MAY_EXEC on its directory; exec MAY_EXEC.
 */
#ifndef FS_PERMISSION_H
#define FS_PERMISSION_H

#include "lib/types.h"

/* Linux's MAY_* masks. */
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

struct cred;
struct inode;

int permission_check(const struct cred *c, u32 mode, u32 uid, u32 gid,
		     int mask);
int permission_inode(struct inode *inode, int mask);
int permission_delete(struct inode *dir, struct inode *victim);
void permission_init_owner(struct inode *inode);
int permission_chmod(struct inode *inode, u32 *mode);
int permission_chown(struct inode *inode, u32 uid, u32 gid);

#endif /* FS_PERMISSION_H */
