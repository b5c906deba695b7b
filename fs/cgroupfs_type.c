// SPDX-License-Identifier: MIT
/*
 * cgroup.type: cgroup v2's threaded model, with Linux 6.1's rules
 * (cgroup_type_show(), cgroup_enable_threaded(), cgroup_is_valid_domain(),
 * cgroup_migrate_vet_dst()). A group is a domain until "threaded" is
 * written to its cgroup.type, which cannot be undone. Its type reads:
 *
 *   threaded          it was made threaded
 *   domain invalid    a domain below a threaded group, or below a thread
 *                     root other than the root: it cannot take processes
 *   domain threaded   a thread root: a domain with threaded children
 *   domain            otherwise
 *
 * A threaded group's domain is its nearest ancestor that is not
 * threaded. The memory controller is a domain controller: a threaded
 * group cannot enable it, and a group that gives it to its children
 * cannot become a thread root. Where processes may go
 * (cgfs_vet_dst()) follows from these rules; cgroup.procs and clone3's
 * CLONE_INTO_CGROUP ask it.
 *
 * cgroup.threads lists the threads in the group (not below); a tid
 * written there moves that thread alone (kernel/cgroup.c's
 * cgroup_attach_thread()), within its domain only: a thread cannot leave
 * its process's domain (-EOPNOTSUPP), only a whole process can
 * (cgroup.procs). The kernel's cgroup knows which groups are threaded
 * too (cgroup_set_threaded()): it charges a thread's memory to its
 * domain.
 * Locking: [F] cgroupfs_mutex for every rule here (fs/cgroupfs.c).
 */
#include "fs/cgroupfs_internal.h"
#include "kernel/cgroup.h"
#include "kernel/process.h"
#include "mm/memcg_parse.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

static bool live(const struct cgfs_group *g)
{
	return !__atomic_load_n(&g->cg->removed, __ATOMIC_RELAXED);
}

/* The root is under no domain's resource control: it may hold processes
 * and be a thread root at once (Linux's cgroup_is_mixable()). */
static bool mixable(const struct cgfs_group *g)
{
	return !g->parent;
}

static bool has_threaded_child(const struct cgfs_group *g)
{
	struct cgfs_group *c;

	list_for_each_entry(c, &cgfs_groups, node)
		if (c->parent == g && c->threaded && live(c))
			return true;
	return false;
}

static bool has_populated_domain_child(const struct cgfs_group *g)
{
	struct cgfs_group *c;

	list_for_each_entry(c, &cgfs_groups, node)
		if (c->parent == g && !c->threaded && live(c) &&
		    cgfs_subtree_populated(c->cg))
			return true;
	return false;
}

/* A domain with threaded children (no controller here is threaded, so
 * Linux's second way to be one never applies). */
static bool thread_root(const struct cgfs_group *g)
{
	return !g->threaded && has_threaded_child(g);
}

static bool valid_domain(const struct cgfs_group *g)
{
	if (g->threaded)
		return false;
	for (g = g->parent; g; g = g->parent)
		if ((!mixable(g) && thread_root(g)) || g->threaded)
			return false;
	return true;
}

static bool can_be_thread_root(const struct cgfs_group *g)
{
	if (mixable(g))
		return true;
	return !g->threaded && !has_populated_domain_child(g) && !g->memory;
}

/* The domain a group's processes count in (Linux's dom_cgrp). */
static const struct cgfs_group *domain_of(const struct cgfs_group *g)
{
	while (g->threaded)
		g = g->parent;
	return g;
}

/**
 * cgfs_vet_dst - may processes move into @g (Linux's
 * cgroup_migrate_vet_dst())?
 * @g: a live group
 *
 * Context: cgroupfs_mutex held.
 * Return: 0; -EOPNOTSUPP when @g's domain is invalid; -EBUSY for the
 * no-internal-process rule (a non-root domain that gives the memory
 * controller to its children).
 */
int cgfs_vet_dst(const struct cgfs_group *g)
{
	if (!valid_domain(domain_of(g)))
		return -EOPNOTSUPP;
	if (can_be_thread_root(g) || g->threaded)
		return 0;
	return g->memory || g->pids || g->cpu ? -EBUSY : 0;
}

/**
 * cgfs_vet_enable_memory - may @g give the memory controller to its
 * children (Linux's cgroup_vet_subtree_control_enable() for a domain
 * controller)?
 * @g: a live group
 *
 * Context: cgroupfs_mutex held.
 * Return: 0; -EOPNOTSUPP in a threaded subtree (an invalid domain, a
 * thread root other than the root, a threaded group); -EBUSY for a
 * non-root group with processes (no internal process).
 */
int cgfs_vet_enable_memory(const struct cgfs_group *g)
{
	if (!valid_domain(domain_of(g)))
		return -EOPNOTSUPP;
	if (mixable(g))
		return 0;
	if (thread_root(g) || g->threaded)
		return -EOPNOTSUPP;
	return cgroup_populated(g->cg) ? -EBUSY : 0;
}

/**
 * cgfs_vet_enable_threaded - may @g give a threaded controller (cpu,
 * pids) to its children?
 * @g: a live group
 *
 * For a threaded controller Linux's
 * cgroup_vet_subtree_control_enable() only asks for a valid domain, and
 * the no-internal-process rule does not apply.
 *
 * Context: cgroupfs_mutex held.
 * Return: 0; -EOPNOTSUPP when @g's domain is invalid.
 */
int cgfs_vet_enable_threaded(const struct cgfs_group *g)
{
	return valid_domain(domain_of(g)) ? 0 : -EOPNOTSUPP;
}

/**
 * cgfs_type_show - cgroup.type's text.
 * @data: the group's id
 * @buf: the output
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENODEV once the group is removed.
 */
int cgfs_type_show(void *data, struct pseudo_buf *buf)
{
	struct cgfs_group *g = cgfs_lock_live(data);

	if (g)
		pseudo_printf(buf, "%s\n",
			      g->threaded	    ? "threaded" :
			      !valid_domain(g)	    ? "domain invalid" :
			      thread_root(g)	    ? "domain threaded" :
						      "domain");
	cgfs_unlock();
	return g ? 0 : -ENODEV;
}

/* Linux's cgroup_enable_threaded(). [F] held. */
static int enable_threaded(struct cgfs_group *g)
{
	const struct cgfs_group *dom = domain_of(g->parent);

	if (g->threaded)
		return 0;
	if (cgfs_subtree_populated(g->cg) || g->memory)
		return -EOPNOTSUPP;
	if (!valid_domain(dom) || !can_be_thread_root(dom))
		return -EOPNOTSUPP;
	g->threaded = true;
	cgroup_set_threaded(g->cg);
	return 0;
}

/**
 * cgfs_type_write - a write to cgroup.type: only "threaded" (white space
 * around it stripped) is accepted, as Linux's cgroup_type_write().
 * @data: the group's id
 * @s: the text, NUL-terminated (the pseudo file's copy: may be changed)
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len; -EINVAL for other text; -EOPNOTSUPP when the group has
 * processes, gives the memory controller to its children, or its
 * parent's domain cannot be a thread root; -ENODEV (removed).
 */
long cgfs_type_write(void *data, const char *s, size_t len)
{
	struct cgfs_group *g;
	int r;

	if (strcmp(strstrip((char *)s), "threaded"))
		return -EINVAL;
	g = cgfs_lock_live(data);
	r = g ? enable_threaded(g) : -ENODEV;
	cgfs_unlock();
	return r ? r : (long)len;
}

/**
 * cgfs_threads_show - cgroup.threads: the tid of every live thread in
 * the group (not below), one a line.
 * @data: the group's id
 * @buf: the output
 *
 * Context: task context, may sleep.
 * Return: 0, or -ENODEV once the group is removed.
 */
int cgfs_threads_show(void *data, struct pseudo_buf *buf)
{
	struct uthread *ut;
	struct process *p;
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	process_list_lock();
	for_each_process(p) {
		spin_lock(&p->lock);
		list_for_each_entry(ut, &p->threads, node)
			if (ut->task->cgroup == cg)
				pseudo_printf(buf, "%d\n", ut->task->tid);
		spin_unlock(&p->lock);
	}
	process_list_unlock();
	cgroup_put(cg);
	return 0;
}

/* Move thread @tid alone into @g, with the checks of Linux's
 * __cgroup_procs_write() without threadgroup, in its order: -ESRCH, then
 * the opener's permission (cgfs_may_migrate(): -EACCES, -ENOENT), then
 * cgroup_migrate_vet_dst()'s, then -EOPNOTSUPP for another domain.
 * [F] held. */
static int move_thread(struct file *file, const struct cgfs_group *g,
		       int tid)
{
	struct process *p;
	struct cgroup *src;
	int r;

	if (!tid)
		tid = current->tid;
	p = process_get_by_tid(tid);
	if (!p)
		return -ESRCH;
	src = cgfs_thread_group(p, tid);
	process_put(p);
	r = cgfs_may_migrate(file, src, g);
	cgroup_put(src);
	if (!r)
		r = cgfs_vet_dst(g);
	if (!r)
		r = cgroup_attach_thread(tid, g->cg);
	return r == -ENOENT ? -ENODEV : r;
}

/**
 * cgfs_threads_write - a tid written to cgroup.threads (0: the writer).
 * @file: the open cgroup.threads: its opener's credentials and cgroup
 *	namespace decide (Linux's cgroup_file_open() saves them)
 * @data: the group's id
 * @s: the text
 * @len: its length
 *
 * Context: task context, may sleep.
 * Return: @len; -EINVAL (not a tid); -ESRCH (no such live thread);
 * -EACCES or -ENOENT (the opener may not move it there); -EOPNOTSUPP
 * (another domain, or an invalid one); -EBUSY (no internal process);
 * -ENODEV (removed).
 */
long cgfs_threads_write(struct file *file, void *data, const char *s,
			size_t len)
{
	struct cgfs_group *g;
	int tid, r = memcg_parse_int(s, &tid);

	if (r || tid < 0)
		return -EINVAL;
	g = cgfs_lock_live(data);
	r = g ? move_thread(file, g, tid) : -ENODEV;
	cgfs_unlock();
	return r ? r : (long)len;
}
