// SPDX-License-Identifier: MIT
/*
 * /proc/<pid>/ns/cgroup (fs/proc_ns.h). The link names the process's
 * namespace when it is read or followed, so a process that changes its
 * namespace shows the new one at the next lookup; the file an open
 * reaches holds a reference on the namespace it found (put when its
 * inode goes), as Linux's nsfs inode does.
 *
 * Locking: none of its own; the dentries follow fs/vfs.h.
 */
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/proc_ns.h"
#include "fs/pseudo.h"
#include "kernel/cgroup_ns.h"
#include "kernel/process.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

static int ns_pid(struct dentry *link)
{
	return (int)(long)pseudo_data(link->parent);
}

/* The namespace of /proc/<pid>'s process: a reference, or -ENOENT once
 * it has exited (Linux's ns links of a dead task are gone too). */
static int ns_of_pid(int pid, struct cgroup_ns **out)
{
	struct process *p = process_get_by_pid(pid, PROCESS_ALIVE);

	if (!p)
		return -ENOENT;
	*out = cgroup_ns_get_of(p);
	process_put(p);
	return 0;
}

static void ns_file_put(void *data)
{
	cgroup_ns_put(data);
}

static int ns_file_show(void *data, struct pseudo_buf *buf)
{
	return 0;
}

/* What open() reaches: no text, only the namespace it holds. */
static const struct pseudo_file_ops ns_cgroup_file_ops = {
	.show = ns_file_show,
	.put_data = ns_file_put,
};

static int ns_get_link(struct dentry *link, char *buf, size_t size)
{
	char text[32];
	struct cgroup_ns *ns;
	int r = ns_of_pid(ns_pid(link), &ns);
	size_t n;

	if (r)
		return r;
	n = (size_t)snprintf(text, sizeof(text), "cgroup:[%u]", ns->inum);
	cgroup_ns_put(ns);
	n = MIN(n, size);
	memcpy(buf, text, n);
	return (int)n;
}

static int ns_get_target(struct dentry *link, struct dentry **out)
{
	struct cgroup_ns *ns;
	int r = ns_of_pid(ns_pid(link), &ns);

	if (r)
		return r;
	r = pseudo_new_file(link->parent, link->name, 0444,
			    &ns_cgroup_file_ops, ns, out);
	if (r)
		cgroup_ns_put(ns);
	return r;
}

static const struct inode_operations ns_link_iops = {
	.get_link = ns_get_link,
	.get_target = ns_get_target,
};

static int ns_dir_lookup(struct dentry *dir, const char *name,
			 struct dentry **out)
{
	struct inode *inode;

	if (strcmp(name, "cgroup"))
		return -ENOENT;
	inode = inode_alloc(dir->inode->sb, S_IFLNK | 0777);
	if (!inode)
		return -ENOMEM;
	inode->i_op = &ns_link_iops;
	*out = d_alloc(dir, name, inode);
	return *out ? 0 : -ENOMEM;
}

static void ns_dir_iterate(struct dentry *dir, struct dir_context *ctx)
{
	dir_emit(ctx, "cgroup", (u64)(long)pseudo_data(dir) << 8 | 0xff,
		 DT_LNK);
}

static const struct pseudo_dir_ops ns_dir_ops = {
	.lookup = ns_dir_lookup,
	.iterate = ns_dir_iterate,
};

/**
 * proc_ns_dir - the "ns" directory of /proc/<pid>.
 * @pid_dir: /proc/<pid> (its data is the pid)
 * @out: a new unlinked dentry, one reference
 *
 * Context: the namespace lock held (a lookup).
 * Return: 0; -ENOMEM.
 */
int proc_ns_dir(struct dentry *pid_dir, struct dentry **out)
{
	return pseudo_new_dir(pid_dir, "ns", &ns_dir_ops,
			      pseudo_data(pid_dir), out);
}

/**
 * proc_ns_cgroup_of_fd - the cgroup namespace an open ns file holds.
 * @fd: an fd of the caller
 * @out: the namespace, with a reference (cgroup_ns_put())
 *
 * Context: a process thread.
 * Return: 0; -EBADF for no such fd; -EINVAL for any other file.
 */
int proc_ns_cgroup_of_fd(int fd, struct cgroup_ns **out)
{
	struct file *f = fs_fget(fd);
	int r = -EINVAL;

	if (!f)
		return -EBADF;
	if (pseudo_file_ops_of(f) == &ns_cgroup_file_ops) {
		*out = pseudo_data(f->dentry);
		cgroup_ns_get(*out);
		r = 0;
	}
	fput(f);
	return r;
}
