// SPDX-License-Identifier: MIT
/*
 * Control groups: the tree, membership and lifetime (kernel/cgroup.h).
 * Invariants: a group with children or tasks is never removed; every
 * task->cgroup and process->cgroup pointer holds a reference, and so
 * does every child on its parent, so a group is freed only when nothing
 * points at it any more; every live thread of a process is in a group
 * of the process's domain.
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
	.cpu = CGROUP_CPU_INIT,
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
	cg->cpu = (struct cgroup_cpu)CGROUP_CPU_INIT;
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
		if (cg->nr_tasks || cg->nr_threads) {
			err = -EBUSY;
		} else {
			cg->removed = true;
			cgroup_cpu_removed(cg);
		}
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

/*
 * Move live process thread @t from its group to @cg, which the caller
 * holds a reference on. The reference on the old group is dropped here:
 * it is never the last one, for the old group is still in the tree (a
 * group with tasks cannot be removed, and cgroup_mutex is held).
 * [C], the process's lock and [k] held.
 */
static void move_thread(struct task *t, struct cgroup *cg)
{
	struct cgroup *old = t->cgroup;

	if (old == cg)
		return;
	cgroup_cpu_leave(old, t);
	old->nr_threads--;
	cgroup_get(cg);
	cgroup_link_task(t, cg);
	cg->nr_threads++;
	cgroup_cpu_join(cg, t);
	cgroup_put(old);
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
	int err = 0;

	if (!p)
		return -ESRCH;
	mutex_lock(&cgroup_mutex);
	spin_lock(&p->lock);
	if (cg->removed)
		err = -ENOENT;
	else if (!p->nr_threads)
		err = -ESRCH;
	if (!err) {
		spin_lock(&cgroup_link_lock);
		list_for_each_entry(ut, &p->threads, node)
			move_thread(ut->task, cg);
		if (p->cgroup != cg) {
			old = p->cgroup;
			old->nr_tasks--;
			cg->nr_tasks++;
			cgroup_get(cg);
			p->cgroup = cg;
		}
		spin_unlock(&cgroup_link_lock);
		if (old)
			cgroup_pids_move(p, cg); /* its threads' pids charge */
	}
	spin_unlock(&p->lock);
	if (!err)
		cgroup_freezer_moved(p);	/* the new group's state */
	mutex_unlock(&cgroup_mutex);
	if (old)
		cgroup_put(old);	/* the process's own reference */
	process_put(p);
	return err;
}

/* @p's live thread @tid, or NULL. @p->lock held. */
static struct task *live_thread(struct process *p, int tid)
{
	struct uthread *ut;

	list_for_each_entry(ut, &p->threads, node)
		if (ut->task->tid == tid)
			return ut->task;
	return NULL;
}

/**
 * cgroup_attach_thread - move the one thread @tid to @cg, leaving the
 * other threads of its process where they are (writing the tid to
 * cgroup.threads: Linux's cgroup_attach_task() without threadgroup).
 * @tid: the thread
 * @cg: an online group
 *
 * Context: task context, may sleep; takes cgroup_mutex, the process's
 * lock and cgroup_link_lock.
 * Return: 0; -ESRCH (no such live thread); -EOPNOTSUPP when @cg is in
 * another domain than the thread's group (Linux's
 * cgroup_attach_permissions(): only a whole process changes domains);
 * -ENOENT (@cg removed).
 */
int cgroup_attach_thread(int tid, struct cgroup *cg)
{
	struct process *p = process_get_by_tid(tid);
	struct task *t;
	int err = 0;

	if (!p)
		return -ESRCH;
	mutex_lock(&cgroup_mutex);
	spin_lock(&p->lock);
	t = live_thread(p, tid);
	if (!t)
		err = -ESRCH;	/* exited since the lookup */
	else if (cgroup_domain(t->cgroup) != cgroup_domain(cg))
		err = -EOPNOTSUPP;
	else if (cg->removed)
		err = -ENOENT;
	if (!err) {
		spin_lock(&cgroup_link_lock);
		move_thread(t, cg);
		spin_unlock(&cgroup_link_lock);
	}
	spin_unlock(&p->lock);
	if (!err)
		cgroup_freezer_moved(p);	/* the new group's state */
	mutex_unlock(&cgroup_mutex);
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

/**
 * cgroup_get_task_domain - the domain of the group @t is in: where the
 * memory of its process is charged (memory is a domain controller).
 * @t: a task the caller holds (or current)
 *
 * Context: any; takes cgroup_link_lock.
 * Return: the group with a reference (cgroup_put()); the root for a
 * task that never joined one.
 */
struct cgroup *cgroup_get_task_domain(struct task *t)
{
	struct cgroup *cg;

	spin_lock(&cgroup_link_lock);
	cg = cgroup_domain(t->cgroup ? t->cgroup : &cgroup_root);
	cgroup_get(cg);
	spin_unlock(&cgroup_link_lock);
	return cg;
}

/**
 * cgroup_domain - @cg's domain: @cg itself unless it is threaded, else
 * its nearest ancestor that is not (Linux's cgrp->dom_cgrp).
 * @cg: a group
 *
 * Context: any. A group becomes threaded only while nothing is in it or
 * below it, so a task's domain never changes under it.
 * Return: the domain (no reference taken).
 */
struct cgroup *cgroup_domain(struct cgroup *cg)
{
	while (__atomic_load_n(&cg->threaded, __ATOMIC_ACQUIRE))
		cg = cg->parent;
	return cg;
}

/**
 * cgroup_set_threaded - @cg is threaded from now on (cgroup.type); its
 * threads and processes count in its parent's domain.
 * @cg: a group other than the root, with nothing in it or below it
 *
 * Context: task context, may sleep; takes cgroup_mutex.
 */
void cgroup_set_threaded(struct cgroup *cg)
{
	mutex_lock(&cgroup_mutex);
	__atomic_store_n(&cg->threaded, true, __ATOMIC_RELEASE);
	mutex_unlock(&cgroup_mutex);
}

/* Return: whether @cg has tasks (cgroup.events "populated", not below). */
bool cgroup_populated(const struct cgroup *cg)
{
	return __atomic_load_n(&cg->nr_tasks, __ATOMIC_RELAXED) ||
	       __atomic_load_n(&cg->nr_threads, __ATOMIC_RELAXED);
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

/* The group a new thread of @p starts in: its creator's, as Linux's
 * copy_process() gives it the creator's css_set, when the creator is a
 * thread of @p (clone with CLONE_THREAD); else the process's. [k] held. */
static struct cgroup *thread_start_group(struct process *p)
{
	struct uthread *self = uthread_of(current);

	if (p->nr_threads && self && self->proc == p && current->cgroup)
		return current->cgroup;
	return p->cgroup;
}

/**
 * cgroup_thread_init - a new thread of @p joins its group: its creator's
 * (the first thread: the process's).
 * @p: the process
 * @t: the thread, not yet running
 *
 * A thread of a freezing group parks before its first user instruction.
 * Context: @p->lock held.
 */
void cgroup_thread_init(struct process *p, struct task *t)
{
	struct cgroup *cg;

	spin_lock(&cgroup_link_lock);
	cg = thread_start_group(p);
	cgroup_get(cg);
	cgroup_link_task(t, cg);
	t->freezing = cgroup_freezing(cg);	/* parks at once */
	/*
	 * It counts as frozen from its birth: it parks before its first
	 * user instruction. Linux 6.1's cgroup_post_fork() keeps a frozen
	 * group frozen the same way (no cgroup_update_frozen() until the
	 * child parks), so test_freezer's "mkdir" case, which reads the
	 * state as soon as clone3(CLONE_INTO_CGROUP) returned, sees it.
	 */
	__atomic_store_n(&t->frozen, t->freezing, __ATOMIC_RELEASE);
	cg->nr_threads++;
	cgroup_cpu_join(cg, t);
	if (!p->nr_threads)
		p->cgroup->nr_tasks++;
	spin_unlock(&cgroup_link_lock);
}

/**
 * cgroup_thread_exit - process thread @t is exiting: it leaves its
 * group's thread count and leaves its CPU time there.
 * @t: current, off its process's thread list
 *
 * Context: its process's lock held.
 */
void cgroup_thread_exit(struct task *t)
{
	spin_lock(&cgroup_link_lock);
	cgroup_cpu_leave(t->cgroup, t);
	t->cgroup->nr_threads--;
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
