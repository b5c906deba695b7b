// SPDX-License-Identifier: MIT
/*
 * Cgroup namespaces (kernel/cgroup_ns.h) and the system calls that make
 * and join them: unshare(2) and setns(2). Invariant: a namespace holds
 * a reference on its root group, so the root outlives every process and
 * file that sees the tree from it, even once removed (Linux's
 * cgroup_namespace keeps its root_cset the same way).
 *
 * Capabilities: making or joining a namespace needs CAP_SYS_ADMIN, as
 * Linux asks of the caller's user namespace; oomlab has only the initial
 * user namespace.
 *
 * Locking: [a] refs; process->cgroup_ns under process->lock.
 */
#include "fs/proc_ns.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_ns.h"
#include "kernel/cred.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/slab.h"

/* Linux allocates namespace inode numbers from here (PROC_DYNAMIC_FIRST). */
#define CGROUP_NS_FIRST_INO	0xF0000000U

struct cgroup_ns init_cgroup_ns = {
	.refs = 1,		/* never freed */
	.root = &cgroup_root,
	.inum = CGROUP_NS_INIT_INO,
};

static u32 cgroup_ns_next_ino = CGROUP_NS_FIRST_INO;	/* [a] */

/**
 * cgroup_ns_get - take a reference on @ns.
 * @ns: a namespace the caller holds
 *
 * Context: any.
 */
void cgroup_ns_get(struct cgroup_ns *ns)
{
	__atomic_add_fetch(&ns->refs, 1, __ATOMIC_RELAXED);
}

/**
 * cgroup_ns_put - drop a reference; the last one frees @ns and its root.
 * @ns: a namespace, or NULL (nothing)
 *
 * Context: task context, may sleep (the root's last cgroup_put()).
 */
void cgroup_ns_put(struct cgroup_ns *ns)
{
	if (!ns || __atomic_sub_fetch(&ns->refs, 1, __ATOMIC_ACQ_REL))
		return;
	cgroup_put(ns->root);
	kfree(ns);
}

/**
 * cgroup_ns_get_of - the cgroup namespace of @p, with a reference.
 * @p: a process the caller holds, or NULL (a kernel thread)
 *
 * Context: any; takes @p->lock.
 * Return: the namespace (cgroup_ns_put() it); the initial one for a
 * kernel thread and for a process that never left it.
 */
struct cgroup_ns *cgroup_ns_get_of(struct process *p)
{
	struct cgroup_ns *ns = &init_cgroup_ns;

	if (p) {
		spin_lock(&p->lock);
		if (p->cgroup_ns)
			ns = p->cgroup_ns;
		cgroup_ns_get(ns);
		spin_unlock(&p->lock);
	} else {
		cgroup_ns_get(ns);
	}
	return ns;
}

/**
 * cgroup_ns_get_current - the caller's cgroup namespace, with a reference.
 *
 * Context: task context.
 * Return: as cgroup_ns_get_of().
 */
struct cgroup_ns *cgroup_ns_get_current(void)
{
	return cgroup_ns_get_of(process_current());
}

/**
 * cgroup_ns_new - a namespace rooted at the caller's group (Linux's
 * copy_cgroup_ns()).
 * @out: the namespace, one reference
 *
 * Context: task context, may sleep.
 * Return: 0; -EPERM without CAP_SYS_ADMIN; -ENOMEM.
 */
int cgroup_ns_new(struct cgroup_ns **out)
{
	struct cgroup_ns *ns;

	if (!cred_current_capable(CAP_SYS_ADMIN))
		return -EPERM;
	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	ns->refs = 1;
	ns->root = cgroup_get_task(current);
	ns->inum = __atomic_fetch_add(&cgroup_ns_next_ino, 1,
				      __ATOMIC_RELAXED);
	*out = ns;
	return 0;
}

/**
 * cgroup_ns_install - make @ns the cgroup namespace of @p.
 * @p: a process
 * @ns: the namespace; @p takes over the caller's reference
 *
 * Context: task context, may sleep (the old namespace's last put).
 */
void cgroup_ns_install(struct process *p, struct cgroup_ns *ns)
{
	struct cgroup_ns *old;

	if (ns == &init_cgroup_ns) {
		cgroup_ns_put(ns);	/* NULL stands for it */
		ns = NULL;
	}
	spin_lock(&p->lock);
	old = p->cgroup_ns;
	p->cgroup_ns = ns;
	spin_unlock(&p->lock);
	cgroup_ns_put(old);
}

/**
 * cgroup_ns_inherit - a new process starts in its creator's namespace.
 * @child: the new process, not yet running
 * @parent: its creator
 *
 * Context: task context; takes @parent->lock.
 */
void cgroup_ns_inherit(struct process *child, struct process *parent)
{
	spin_lock(&parent->lock);
	child->cgroup_ns = parent->cgroup_ns;
	if (child->cgroup_ns)
		cgroup_ns_get(child->cgroup_ns);
	spin_unlock(&parent->lock);
}

/**
 * cgroup_ns_sees - is @cg at or below the root of @ns?
 * @ns: a namespace the caller holds
 * @cg: a group the caller holds
 *
 * Context: any.
 * Return: true when it is.
 */
bool cgroup_ns_sees(const struct cgroup_ns *ns, const struct cgroup *cg)
{
	return cgroup_is_descendant(cg, ns->root);
}

/*
 * The nearest group that is an ancestor of both @cg and @root (each is
 * its own ancestor); a group's parent is immutable, so no lock.
 */
static const struct cgroup *common_ancestor(const struct cgroup *cg,
					    const struct cgroup *root)
{
	while (!cgroup_is_descendant(root, cg))
		cg = cg->parent;
	return cg;
}

/**
 * cgroup_ns_path - the path of @cg as a process of @ns sees it (Linux's
 * cgroup_path_ns(), through kernfs_path_from_node()): below the root
 * "/a/b", the root "/", and a group outside the root is reached with
 * ".." from it ("/../sibling").
 * @ns: the viewer's namespace
 * @cg: the group
 * @buf: where the path goes, NUL-terminated
 * @size: its size
 *
 * Context: any.
 * Return: the length without the NUL; -ENAMETOOLONG.
 */
int cgroup_ns_path(const struct cgroup_ns *ns, const struct cgroup *cg,
		   char *buf, size_t size)
{
	const struct cgroup *top = common_ancestor(cg, ns->root), *c;
	size_t len = 0, end;

	for (c = ns->root; c != top; c = c->parent)
		len += 3;
	for (c = cg; c != top; c = c->parent)
		len += 1 + strlen(c->name);
	if (!len)
		return snprintf(buf, size, "/") < (int)size ? 1 :
							      -ENAMETOOLONG;
	if (len >= size)
		return -ENAMETOOLONG;
	for (end = 0, c = ns->root; c != top; c = c->parent, end += 3)
		memcpy(buf + end, "/..", 3);
	buf[len] = '\0';
	for (end = len, c = cg; c != top; c = c->parent) {
		size_t n = strlen(c->name);

		end -= n;
		memcpy(buf + end, c->name, n);
		buf[--end] = '/';
	}
	return (int)len;
}

/*
 * unshare(2). Linux takes more flags; oomlab implements only the cgroup
 * namespace and answers any other flag -EINVAL, as Linux answers a flag
 * it does not know.
 */
SYSCALL_DEFINE1(unshare, unsigned long, flags)
{
	struct cgroup_ns *ns;
	int r;

	if (flags & ~(unsigned long)CLONE_NEWCGROUP)
		return -EINVAL;
	if (!flags)
		return 0;
	r = cgroup_ns_new(&ns);
	if (!r)
		cgroup_ns_install(process_current(), ns);
	return r;
}

/*
 * setns(2) with an fd of /proc/<pid>/ns/cgroup, Linux 6.1's setns() and
 * cgroupns_install() in their order: -EBADF, then -EINVAL for any other
 * file (a pidfd included, which Linux also takes) or an @nstype other
 * than 0 and CLONE_NEWCGROUP, then -EPERM.
 */
SYSCALL_DEFINE2(setns, int, fd, int, nstype)
{
	struct cgroup_ns *ns;
	int r;

	r = proc_ns_cgroup_of_fd(fd, &ns);
	if (r)
		return r;
	if (nstype && nstype != CLONE_NEWCGROUP)
		r = -EINVAL;
	else if (!cred_current_capable(CAP_SYS_ADMIN))
		r = -EPERM;
	if (r) {
		cgroup_ns_put(ns);
		return r;
	}
	cgroup_ns_install(process_current(), ns);
	return 0;
}
