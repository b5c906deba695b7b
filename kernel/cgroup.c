// SPDX-License-Identifier: MIT
/*
 * Control groups: the tree, membership and lifetime (kernel/cgroup.h).
 * Invariants: a group with children or tasks is never removed; every
 * task->cgroup and process->cgroup pointer holds a reference, and so
 * does every child on its parent, so a group is freed only when nothing
 * points at it any more.
 */
#include "kernel/cgroup.h"
#include "kernel/cgroup_internal.h"
#include "kernel/cgroup_pids.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/slab.h"

DEFINE_MUTEX(cgroup_mutex);
struct spinlock cgroup_link_lock = SPINLOCK_INIT("cgroup_link");

struct cgroup cgroup_root = {
	.children = LIST_HEAD_INIT(cgroup_root.children),
	.sibling = LIST_HEAD_INIT(cgroup_root.sibling),
	.refs = 1,
	.memcg = &root_memcg,
};

/**
 * cgroup_get - take a reference on @cg.
 * @cg: a group the caller knows is alive
 *
 * Context: any.
 */
void cgroup_get(struct cgroup *cg)
{
	__atomic_fetch_add(&cg->refs, 1, __ATOMIC_RELAXED);
}

/**
 * cgroup_put - drop a reference; the last one frees the group, its
 * memcg, and drops its reference on the parent.
 * @cg: the group
 *
 * Context: any that may call kfree().
 */
void cgroup_put(struct cgroup *cg)
{
	while (cg && !__atomic_sub_fetch(&cg->refs, 1, __ATOMIC_ACQ_REL)) {
		struct cgroup *parent = cg->parent;

		BUG_ON(!parent || !cg->removed);
		memcg_free(cg->memcg);
		kfree(cg);
		cg = parent;
	}
}

static int cgroup_check_name(const char *name)
{
	size_t len = strlen(name);

	if (!len || strchr(name, '/') || strchr(name, '\n') ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	return len < CGROUP_NAME_LEN ? 0 : -ENAMETOOLONG;
}

static struct cgroup *cgroup_child(struct cgroup *parent, const char *name,
				   size_t len)
{
	struct cgroup *c;

	list_for_each_entry(c, &parent->children, sibling)
		if (strlen(c->name) == len && !strncmp(c->name, name, len))
			return c;
	return NULL;
}

/**
 * cgroup_create - a new, empty group @name under @parent (mkdir).
 * @parent: an online group
 * @name: its name: no '/', not "." or "..", under CGROUP_NAME_LEN
 * @out: set to the group, with a reference for the caller (cgroup_put())
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 0; -EINVAL or -ENAMETOOLONG for a bad name; -EEXIST; -ENOENT
 * when @parent was removed; -ENOMEM.
 */
int cgroup_create(struct cgroup *parent, const char *name,
		  struct cgroup **out)
{
	struct cgroup *cg;
	int err = cgroup_check_name(name);

	if (err)
		return err;
	cg = kzalloc(sizeof(*cg), GFP_KERNEL);
	if (!cg)
		return -ENOMEM;
	strlcpy(cg->name, name, sizeof(cg->name));
	INIT_LIST_HEAD(&cg->children);
	cg->parent = parent;
	cg->refs = 2;		/* the tree's and the caller's */
	mutex_lock(&cgroup_mutex);
	err = parent->removed ? -ENOENT :
	      cgroup_child(parent, name, strlen(name)) ? -EEXIST : 0;
	if (!err) {
		cg->memcg = memcg_alloc(parent->memcg, cg);
		err = cg->memcg ? 0 : -ENOMEM;
	}
	if (!err) {
		cgroup_get(parent);
		list_add_tail(&cg->sibling, &parent->children);
	}
	mutex_unlock(&cgroup_mutex);
	if (err) {
		kfree(cg);
		return err;
	}
	*out = cg;
	return 0;
}

/**
 * cgroup_remove - take @cg out of the tree (rmdir).
 * @cg: the group
 *
 * Its memcg goes offline (its stock is drained); the group itself lives
 * on while references remain (pages still charged to it).
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 0; -EBUSY for the root, a group with children or tasks;
 * -ENOENT when it was removed already.
 */
int cgroup_remove(struct cgroup *cg)
{
	int err = 0;

	mutex_lock(&cgroup_mutex);
	if (!cg->parent || !list_empty(&cg->children))
		err = -EBUSY;
	else if (cg->removed)
		err = -ENOENT;
	if (!err) {
		spin_lock(&cgroup_link_lock);
		if (cg->nr_tasks)
			err = -EBUSY;
		else
			cg->removed = true;
		spin_unlock(&cgroup_link_lock);
	}
	if (!err)
		list_del_init(&cg->sibling);
	mutex_unlock(&cgroup_mutex);
	if (err)
		return err;
	memcg_offline(cg->memcg);
	cgroup_put(cg);		/* the tree's */
	return 0;
}

/**
 * cgroup_lookup - the online group at @path.
 * @path: "/" for the root, "/a/b" below it (empty components ignored)
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: the group with a reference (cgroup_put()), or NULL.
 */
struct cgroup *cgroup_lookup(const char *path)
{
	struct cgroup *cg = &cgroup_root;
	const char *s = path;

	mutex_lock(&cgroup_mutex);
	while (cg && *s) {
		const char *slash = strchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);

		if (len)
			cg = cgroup_child(cg, s, len);
		s += len;
		if (*s == '/')
			s++;
	}
	if (cg)
		cgroup_get(cg);
	mutex_unlock(&cgroup_mutex);
	return cg;
}

/**
 * cgroup_path - write @cg's path ("/" or "/a/b") into @buf.
 * @cg: the group (a removed one keeps its last path)
 * @buf: the output
 * @size: its size
 *
 * Context: any; the names are immutable.
 * Return: the length; -ENAMETOOLONG when it does not fit.
 */
int cgroup_path(const struct cgroup *cg, char *buf, size_t size)
{
	size_t len = 0;

	if (!cg->parent)
		return snprintf(buf, size, "/") < (int)size ? 1 :
							      -ENAMETOOLONG;
	for (const struct cgroup *c = cg; c->parent; c = c->parent)
		len += 1 + strlen(c->name);
	if (len >= size)
		return -ENAMETOOLONG;
	buf[len] = '\0';
	for (size_t end = len; cg->parent; cg = cg->parent) {
		size_t n = strlen(cg->name);

		end -= n;
		memcpy(buf + end, cg->name, n);
		buf[--end] = '/';
	}
	return len;
}

/* Point @t at @cg (a reference given); return the old group to put. */
static struct cgroup *cgroup_link_task(struct task *t, struct cgroup *cg)
{
	struct cgroup *old = t->cgroup;

	t->cgroup = cg;
	return old;
}

/**
 * cgroup_attach_process - move process @tgid and all its threads to @cg
 * (writing the pid to cgroup.procs).
 * @tgid: the process
 * @cg: an online group
 *
 * Context: task context, may sleep; takes cgroup_mutex, the process's
 * lock and cgroup_link_lock.
 * Return: 0; -ESRCH (no such live process); -ENOENT (@cg removed).
 */
int cgroup_attach_process(int tgid, struct cgroup *cg)
{
	struct process *p = process_get_by_pid(tgid, PROCESS_ALIVE);
	struct cgroup *old = NULL;
	struct uthread *ut;
	int nr_puts = 0, err = 0;

	if (!p)
		return -ESRCH;
	mutex_lock(&cgroup_mutex);
	spin_lock(&p->lock);
	if (cg->removed)
		err = -ENOENT;
	else if (!p->nr_threads)
		err = -ESRCH;
	if (!err && p->cgroup != cg) {
		spin_lock(&cgroup_link_lock);
		old = p->cgroup;
		old->nr_tasks--;
		cg->nr_tasks++;
		p->cgroup = cg;
		cgroup_get(cg);
		list_for_each_entry(ut, &p->threads, node) {
			cgroup_get(cg);
			cgroup_link_task(ut->task, cg);
			nr_puts++;
		}
		spin_unlock(&cgroup_link_lock);
		cgroup_pids_move(p, cg);	/* its threads' pids charge */
	}
	spin_unlock(&p->lock);
	if (old)
		cgroup_freezer_moved(p);	/* the new group's state */
	mutex_unlock(&cgroup_mutex);
	/* The process's own reference and one per thread. */
	while (old && nr_puts-- >= 0)
		cgroup_put(old);
	process_put(p);
	return err;
}

/**
 * cgroup_attach_kthread - move kernel thread @t to @cg: the processes it
 * spawns start there (a test's "shell"), an mm it owns is charged there.
 * @t: a kernel thread the caller holds (or current)
 * @cg: an online group (&cgroup_root to leave)
 *
 * The thread counts as a task of @cg (rmdir is -EBUSY) until it moves
 * again or is freed.
 * Context: task context, may sleep; takes cgroup_mutex.
 * Return: 0; -EINVAL for a process thread; -ENOENT (@cg removed).
 */
int cgroup_attach_kthread(struct task *t, struct cgroup *cg)
{
	struct cgroup *old;

	if (uthread_of(t))
		return -EINVAL;
	mutex_lock(&cgroup_mutex);
	if (cg->removed) {
		mutex_unlock(&cgroup_mutex);
		return -ENOENT;
	}
	cgroup_get(cg);
	spin_lock(&cgroup_link_lock);
	old = cgroup_link_task(t, cg);
	if (old)
		old->nr_tasks--;
	cg->nr_tasks++;
	spin_unlock(&cgroup_link_lock);
	mutex_unlock(&cgroup_mutex);
	if (old)
		cgroup_put(old);
	return 0;
}

/**
 * cgroup_get_task - the group @t is in.
 * @t: a task the caller holds (or current)
 *
 * Context: any; takes cgroup_link_lock.
 * Return: the group with a reference (cgroup_put()); the root for a
 * task that never joined one.
 */
struct cgroup *cgroup_get_task(struct task *t)
{
	struct cgroup *cg;

	spin_lock(&cgroup_link_lock);
	cg = t->cgroup ? t->cgroup : &cgroup_root;
	cgroup_get(cg);
	spin_unlock(&cgroup_link_lock);
	return cg;
}

/* Return: whether @cg has tasks (cgroup.events "populated", not below). */
bool cgroup_populated(const struct cgroup *cg)
{
	return __atomic_load_n(&cg->nr_tasks, __ATOMIC_RELAXED);
}

/**
 * cgroup_is_descendant - is @cg @ancestor or below it?
 * @cg: a group
 * @ancestor: another group
 *
 * Context: any; parent links are immutable.
 * Return: true when @ancestor is on @cg's path to the root.
 */
bool cgroup_is_descendant(const struct cgroup *cg,
			  const struct cgroup *ancestor)
{
	for (; cg; cg = cg->parent)
		if (cg == ancestor)
			return true;
	return false;
}

/**
 * cgroup_process_init - a new process starts in its spawner's group, or
 * in the one clone3's CLONE_INTO_CGROUP named (current->clone_into).
 * @p: from process_create(), not yet visible
 *
 * Context: the spawner, task context.
 */
void cgroup_process_init(struct process *p)
{
	struct cgroup *into = current->clone_into;

	if (into) {
		cgroup_get(into);
		p->cgroup = into;
		return;
	}
	p->cgroup = cgroup_get_task(current);
}

/**
 * cgroup_thread_init - a new thread of @p joins @p's group.
 * @p: the process
 * @t: the thread, not yet running
 *
 * The first thread makes the process a task of the group; a thread of
 * a freezing group parks before its first user instruction.
 * Context: @p->lock held.
 */
void cgroup_thread_init(struct process *p, struct task *t)
{
	spin_lock(&cgroup_link_lock);
	cgroup_get(p->cgroup);
	cgroup_link_task(t, p->cgroup);
	t->freezing = cgroup_freezing(p->cgroup);	/* parks at once */
	if (!p->nr_threads)
		p->cgroup->nr_tasks++;
	spin_unlock(&cgroup_link_lock);
}

/**
 * cgroup_process_exit - the last thread of @p is gone: it leaves its
 * group's task count (the group may be removed now).
 * @p: the process
 *
 * Context: task context, no spinlocks held.
 */
void cgroup_process_exit(struct process *p)
{
	spin_lock(&cgroup_link_lock);
	p->cgroup->nr_tasks--;
	spin_unlock(&cgroup_link_lock);
}

/**
 * cgroup_process_free - drop @p's reference on its group.
 * @p: a process being freed
 *
 * Context: task context.
 */
void cgroup_process_free(struct process *p)
{
	cgroup_put(p->cgroup);
	p->cgroup = NULL;
}

/**
 * cgroup_task_free - drop @t's reference on its group; an attached
 * kernel thread also leaves its task count.
 * @t: a task being freed
 *
 * Context: task context.
 */
void cgroup_task_free(struct task *t)
{
	struct cgroup *cg;

	spin_lock(&cgroup_link_lock);
	cg = cgroup_link_task(t, NULL);
	if (cg && !uthread_of(t))
		cg->nr_tasks--;
	spin_unlock(&cgroup_link_lock);
	if (cg)
		cgroup_put(cg);
}
