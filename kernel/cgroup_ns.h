/* SPDX-License-Identifier: MIT */
/*
 * Cgroup namespaces (kernel/cgroup_ns.c): a process sees the group tree
 * from a root of its own, the group it was in when the namespace was
 * made (Linux's struct cgroup_namespace and its root_cset). Paths in
 * /proc/<pid>/cgroup are printed relative to the reader's root, and
 * with cgroup2's nsdelegate a cgroup.procs write may not move a process
 * from or to a group outside the root of the namespace its file was
 * opened in.
 *
 * A process's namespace is process->cgroup_ns: NULL means the initial
 * one (every process the kernel starts is in it), so a process made
 * without process_inherit() needs no setting up. Children inherit it;
 * unshare(CLONE_NEWCGROUP), clone(CLONE_NEWCGROUP) and setns() on
 * /proc/<pid>/ns/cgroup change it.
 *
 * Locking: [I] immutable; [a] atomic; process->cgroup_ns under
 * process->lock.
 */
#ifndef KERNEL_CGROUP_NS_H
#define KERNEL_CGROUP_NS_H

#include "lib/types.h"

/* Linux's CLONE_NEWCGROUP (include/uapi/linux/sched.h). */
#define CLONE_NEWCGROUP		0x02000000

/* The initial namespace's inode number (Linux's PROC_CGROUP_INIT_INO). */
#define CGROUP_NS_INIT_INO	0xEFFFFFFBU

struct cgroup;
struct process;

struct cgroup_ns {
	int refs;		/* [a] processes, open files, ns files */
	struct cgroup *root;	/* [I] with a reference */
	u32 inum;		/* [I] readlink's "cgroup:[inum]" */
};

extern struct cgroup_ns init_cgroup_ns;

struct cgroup_ns *cgroup_ns_get_of(struct process *p);
struct cgroup_ns *cgroup_ns_get_current(void);
void cgroup_ns_get(struct cgroup_ns *ns);
void cgroup_ns_put(struct cgroup_ns *ns);
int cgroup_ns_new(struct cgroup_ns **out);
void cgroup_ns_install(struct process *p, struct cgroup_ns *ns);
void cgroup_ns_inherit(struct process *child, struct process *parent);
bool cgroup_ns_sees(const struct cgroup_ns *ns, const struct cgroup *cg);
int cgroup_ns_path(const struct cgroup_ns *ns, const struct cgroup *cg,
		   char *buf, size_t size);

#endif /* KERNEL_CGROUP_NS_H */
