/* SPDX-License-Identifier: MIT */
/*
 * /proc/<pid>/ns (fs/proc_ns.c): the namespace files of a process, one
 * so far: "cgroup". It is a magic link, as in Linux: readlink() gives
 * "cgroup:[inum]", and open() reaches a file that holds the namespace
 * itself (not a path), which setns(2) joins and which keeps the
 * namespace alive while it is open.
 */
#ifndef FS_PROC_NS_H
#define FS_PROC_NS_H

struct cgroup_ns;
struct dentry;

int proc_ns_dir(struct dentry *pid_dir, struct dentry **out);
int proc_ns_cgroup_of_fd(int fd, struct cgroup_ns **out);

#endif /* FS_PROC_NS_H */
