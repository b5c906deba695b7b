// SPDX-License-Identifier: MIT
/*
 * File permissions (fs/permission.h). Every check takes one snapshot of
 * the caller's credentials (cred_current()), so a concurrent setuid()
 * is seen wholly or not at all. The owner, group and mode of an inode
 * are read without its lock, as Linux reads them: a chmod racing with a
 * check gives either answer.
 */
#include "fs/permission.h"
#include "fs/vfs.h"
#include "kernel/cred.h"
#include "lib/errno.h"

#define S_ISVTX		01000	/* sticky: only owners remove names */
#define S_ISGID		02000
#define S_IXUGO		0111

/* The rwx bits @mode grants @c: the owner's, the group's or others'. */
static u32 class_bits(const struct cred *c, u32 mode, u32 uid, u32 gid)
{
	if (c->fsuid == uid)
		return mode >> 6 & 7;
	if (cred_in_group(c, gid))
		return mode >> 3 & 7;
	return mode & 7;
}

/**
 * permission_check - may @c do @mask to a file of @mode, @uid and @gid
 * (Linux 6.1's generic_permission() and capable_wrt_inode_uidgid())?
 * @c: the credentials, or NULL for the kernel
 * @mode: the file's type and permission bits
 * @uid: its owner
 * @gid: its group
 * @mask: MAY_READ | MAY_WRITE | MAY_EXEC
 *
 * Context: any.
 * Return: 0, or -EACCES.
 */
int permission_check(const struct cred *c, u32 mode, u32 uid, u32 gid,
		     int mask)
{
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (!c || (mask & ~class_bits(c, mode, uid, gid)) == 0)
		return 0;
	if (S_ISDIR(mode)) {
		if (!(mask & MAY_WRITE) &&
		    cred_has_cap(c, CAP_DAC_READ_SEARCH))
			return 0;
		return cred_has_cap(c, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if (mask == MAY_READ && cred_has_cap(c, CAP_DAC_READ_SEARCH))
		return 0;
	/* Root too needs one x bit to execute a file. */
	if ((!(mask & MAY_EXEC) || (mode & S_IXUGO)) &&
	    cred_has_cap(c, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

/**
 * permission_inode - may the caller do @mask to @inode?
 * @inode: the file
 * @mask: MAY_READ | MAY_WRITE | MAY_EXEC
 *
 * Context: task context; takes the caller's process lock.
 * Return: 0, or -EACCES.
 */
int permission_inode(struct inode *inode, int mask)
{
	struct cred c;

	if (!cred_current(&c))
		return 0;
	return permission_check(&c, __atomic_load_n(&inode->mode,
						    __ATOMIC_RELAXED),
				inode->uid, inode->gid, mask);
}

/*
 * Does @c own @inode, or hold CAP_FOWNER (Linux's
 * inode_owner_or_capable())?
 */
static bool owns(const struct cred *c, const struct inode *inode)
{
	return c->fsuid == inode->uid || cred_has_cap(c, CAP_FOWNER);
}

/**
 * permission_delete - may the caller remove @victim's name from @dir
 * (Linux's may_delete())? Write and search on @dir, and in a sticky
 * directory (/tmp) the victim's or the directory's ownership.
 * @dir: the directory
 * @victim: the file the name leads to
 *
 * Context: task context.
 * Return: 0; -EACCES (the directory), -EPERM (the sticky bit).
 */
int permission_delete(struct inode *dir, struct inode *victim)
{
	struct cred c;
	int r;

	if (!cred_current(&c))
		return 0;
	r = permission_check(&c, dir->mode, dir->uid, dir->gid,
			     MAY_WRITE | MAY_EXEC);
	if (!r && (dir->mode & S_ISVTX) && c.fsuid != dir->uid &&
	    !owns(&c, victim))
		r = -EPERM;
	return r;
}

/**
 * permission_init_owner - a file the caller just made is its own: the
 * filesystem uid and gid (Linux's inode_init_owner(), without the
 * set-group-ID directory rule).
 * @inode: the new inode, not yet seen by anyone else
 *
 * Context: task context. A kernel thread's files stay root's.
 */
void permission_init_owner(struct inode *inode)
{
	struct cred c;

	if (!cred_current(&c))
		return;
	inode->uid = c.fsuid;
	inode->gid = c.fsgid;
}

/**
 * permission_chmod - may the caller chmod @inode (Linux's
 * notify_change() with inode_owner_or_capable())? Only the owner or
 * CAP_FOWNER may; one outside the file's group without CAP_FSETID loses
 * set-group-ID from @mode (Linux's setattr_copy()).
 * @inode: the file
 * @mode: the new permission bits, adjusted in place
 *
 * Context: task context.
 * Return: 0, or -EPERM.
 */
int permission_chmod(struct inode *inode, u32 *mode)
{
	struct cred c;

	if (!cred_current(&c))
		return 0;
	if (!owns(&c, inode))
		return -EPERM;
	if (!cred_in_group(&c, inode->gid) && !cred_has_cap(&c, CAP_FSETID))
		*mode &= ~(u32)S_ISGID;
	return 0;
}

/**
 * permission_chown - may the caller give @inode owner @uid and group
 * @gid ((u32)-1: unchanged)? Linux's chown_ok() and chgrp_ok(): the
 * owner may "change" the owner to itself and the group to one of its
 * groups; anything else needs CAP_CHOWN.
 * @inode: the file
 * @uid: the new owner
 * @gid: the new group
 *
 * Context: task context.
 * Return: 0, or -EPERM.
 */
int permission_chown(struct inode *inode, u32 uid, u32 gid)
{
	struct cred c;
	bool owner;

	if (!cred_current(&c) || cred_has_cap(&c, CAP_CHOWN))
		return 0;
	owner = c.fsuid == inode->uid;
	if (uid != (u32)-1 && (!owner || uid != inode->uid))
		return -EPERM;
	if (gid != (u32)-1 && (!owner || (gid != inode->gid &&
					  !cred_in_group(&c, gid))))
		return -EPERM;
	return 0;
}
