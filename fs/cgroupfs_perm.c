// SPDX-License-Identifier: MIT
/*
 * Who may move a process between groups by writing cgroup.procs: Linux
 * 6.1's cgroup_procs_write_permission(), judged as Linux judges it with
 * the credentials and the cgroup namespace of the process that OPENED
 * the file, not of the writer (__cgroup_procs_write() overrides the
 * writer's credentials with file->f_cred), so a file opened by a lesser
 * identity or inside a namespace carries those limits to whoever writes
 * to it.
 *
 *   1. The opener must be able to write cgroup.procs of the nearest
 *      group above both the source and the destination (-EACCES).
 *   2. With nsdelegate, both groups must be at or below the root of the
 *      opener's cgroup namespace (-ENOENT).
 *
 * Locking: cgroupfs_mutex ([F], fs/cgroupfs.c) held by the caller.
 */
#include "fs/cgroupfs_internal.h"
#include "fs/file.h"
#include "fs/fs_types.h"
#include "fs/permission.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_ns.h"
#include "lib/errno.h"

/* The entry of @dst's nearest ancestor (itself included) that is also
 * an ancestor of @src. */
static const struct cgfs_group *common_entry(struct cgroup *src,
					     const struct cgfs_group *dst)
{
	while (dst->parent && !cgroup_is_descendant(src, dst->cg))
		dst = dst->parent;
	return dst;
}

/**
 * cgfs_may_migrate - may the opener of @file move a process from @src to
 * @dst (Linux 6.1's cgroup_procs_write_permission())?
 * @file: the open cgroup.procs (or cgroup.threads) being written
 * @src: the group the process is in
 * @dst: the entry of the group it goes to
 *
 * A file opened by the kernel (no f_cred) may move anything.
 * Context: cgroupfs_mutex held.
 * Return: 0; -EACCES (rule 1); -ENOENT (rule 2).
 */
int cgfs_may_migrate(struct file *file, struct cgroup *src,
		     const struct cgfs_group *dst)
{
	u32 mode, uid, gid;
	int r;

	if (!file->f_cred)
		return 0;
	cgfs_procs_attr(common_entry(src, dst), &mode, &uid, &gid);
	r = permission_check(file->f_cred, mode, uid, gid, MAY_WRITE);
	if (r)
		return r;
	if (cgroup2_nsdelegated() &&
	    (!cgroup_ns_sees(file->f_cgroup_ns, src) ||
	     !cgroup_ns_sees(file->f_cgroup_ns, dst->cg)))
		return -ENOENT;
	return 0;
}
