// SPDX-License-Identifier: MIT
/*
 * cgroup2 (fs/cgroupfs.h): the cgroup tree as directories, the core
 * cgroup.* files, and /proc/<pid>/cgroup. The memory controller's files
 * are in fs/cgroupfs_memory.c.
 *
 * Each group directory has an entry (struct cgfs_group) that holds a
 * reference on its cgroup and its cgroup.subtree_control; the files name
 * the entry by id (fs/cgroupfs_internal.h). Files are not linked into
 * the tree: a directory's lookup() makes them on demand, so which files
 * a group has follows its parent's cgroup.subtree_control at once, as
 * Linux adds and removes them. The entry records a file's owner and
 * mode once a chown or chmod changes them (delegation), and each new
 * file of that name gets them, until rmdir. Group directories are linked (rmdir needs
 * a name in the tree). A group made in the kernel rather than by mkdir
 * (memcg.max=, scenario code) gets its directory at boot or at the first
 * lookup of its name; one removed in the kernel keeps its directory,
 * whose files then answer -ENODEV, until rmdir.
 *
 *   file                    root  child  read / write
 *   cgroup.procs            yes   yes    pids of the domain's processes /
 *                                        a pid: move it
 *   cgroup.controllers      yes   yes    "cpu memory pids", those
 *                                        available
 *   cgroup.subtree_control  yes   yes    "+memory" / "-pids" ...
 *   cgroup.events            -    yes    "populated N\nfrozen N\n"
 *   cgroup.kill              -    yes    - / "1": SIGKILL the subtree
 *   cgroup.freeze            -    yes    "0" or "1" / the same: park the
 *                                        subtree's threads, or thaw
 *   cgroup.threads          yes   yes    tids, one a line / a tid: move
 *                                        it (fs/cgroupfs_type.c)
 *   cgroup.type              -    yes    "domain", ... / "threaded"
 *                                        (fs/cgroupfs_type.c)
 *   cpu.stat                yes   yes    "usage_usec N\n..."
 *                                        (fs/cgroupfs_cpu.c)
 *
 * The controllers are cpu (fs/cgroupfs_cpu.c), memory and pids
 * (fs/cgroupfs_pids.c). Memory and pids are enabled in the root's
 * cgroup.subtree_control from boot (as systemd leaves them on Linux; the
 * Linux kernel itself starts with none), so a group's memory and pids
 * files exist unless a program writes "-memory" or "-pids"; cpu is off
 * until "+cpu". Accounting does not depend on it: a group's pages are
 * charged to its own memcg either way (Linux would charge the nearest
 * ancestor with the controller), and its CPU time is counted.
 *
 * Locking: [I] immutable; [F] cgroupfs_mutex: the entry list, ids and
 * subtree_control, and the checks a move or a controller change makes
 * (the "no internal process" rule). An entry is freed only by rmdir,
 * under the namespace lock: the directory callbacks, which run under
 * it, use their entry without cgroupfs_mutex. Order: namespace_lock ->
 * inode -> cgroupfs_mutex -> cgroup_mutex (kernel/lock_order.h).
 */
#include "fs/cgroupfs.h"
#include "fs/cgroupfs_internal.h"
#include "fs/file.h"
#include "fs/namei.h"
#include "fs/proc.h"
#include "kernel/cgroup.h"
#include "kernel/cgroup_ns.h"
#include "kernel/mutex.h"
#include "kernel/process.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/memcg.h"
#include "mm/memcg_parse.h"
#include "mm/slab.h"

/* A group directory's mode: Linux's cgroup directories are 0755, so the
 * owner of a delegated one may make groups in it. */
#define CGFS_DIR_MODE	0755

static DEFINE_MUTEX(cgroupfs_mutex);
static struct cgfs_group cgfs_root = {
	.id = 1, .cg = &cgroup_root, .memory = true, .pids = true,
};
struct list_head cgfs_groups = LIST_HEAD_INIT(cgfs_groups);	/* [F] */
static unsigned long cgfs_next_id = 2;				     /* [F] */

static const struct pseudo_dir_ops cgfs_dir_ops;

/* The entry @data names, or NULL once its directory is gone. [F] held. */
static struct cgfs_group *cgfs_find(void *data)
{
	unsigned long id = (unsigned long)data;
	struct cgfs_group *g;

	if (id == cgfs_root.id)
		return &cgfs_root;
	list_for_each_entry(g, &cgfs_groups, node)
		if (g->id == id)
			return g;
	return NULL;
}

/*
 * As cgfs_find(), NULL also for a group removed in the kernel. Reading
 * removed without the cgroup's locks is a hint: cgroup_attach_process()
 * and cgroup_create() check it again under cgroup_mutex.
 */
static struct cgfs_group *cgfs_find_live(void *data)
{
	struct cgfs_group *g = cgfs_find(data);

	return g && !__atomic_load_n(&g->cg->removed, __ATOMIC_RELAXED) ?
		       g : NULL;
}

/**
 * cgfs_lock_live - take cgroupfs_mutex and find the live group @data
 * names.
 * @data: a cgroup file's data
 *
 * Context: task context, may sleep; returns with cgroupfs_mutex held
 * (cgfs_unlock()) either way.
 * Return: the entry, NULL once its group is removed.
 */
struct cgfs_group *cgfs_lock_live(void *data)
{
	mutex_lock(&cgroupfs_mutex);
	return cgfs_find_live(data);
}

/* Drop what cgfs_lock_live() took. */
void cgfs_unlock(void)
{
	mutex_unlock(&cgroupfs_mutex);
}

/**
 * cgfs_get - the group a cgroup file belongs to.
 * @data: the file's data
 * @cg: set to the group, with a reference (cgroup_put())
 *
 * Context: task context, may sleep; takes cgroupfs_mutex.
 * Return: 0; -ENODEV once the group is removed (Linux's answer for a
 * file of a removed cgroup).
 */
int cgfs_get(void *data, struct cgroup **cg)
{
	struct cgfs_group *g;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(data);
	if (g) {
		*cg = g->cg;
		cgroup_get(*cg);
	}
	mutex_unlock(&cgroupfs_mutex);
	return g ? 0 : -ENODEV;
}

/**
 * cgfs_get_cpu - as cgfs_get(), and whether the cpu controller is on for
 * the group (in its parent's cgroup.subtree_control; always on the
 * root, as Linux's root has every controller's state).
 * @data: the file's data
 * @cg: set to the group, with a reference (cgroup_put())
 * @cpu_on: set to whether the controller is on
 *
 * Context: task context, may sleep; takes cgroupfs_mutex.
 * Return: 0; -ENODEV once the group is removed.
 */
int cgfs_get_cpu(void *data, struct cgroup **cg, bool *cpu_on)
{
	struct cgfs_group *g;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(data);
	if (g) {
		*cg = g->cg;
		*cpu_on = !g->parent || g->parent->cpu;
		cgroup_get(*cg);
	}
	mutex_unlock(&cgroupfs_mutex);
	return g ? 0 : -ENODEV;
}

/* cgroup.controllers and cgroup.subtree_control: names, in Linux's
 * order, and a newline. */
static void show_mask(struct pseudo_buf *buf, bool cpu, bool memory,
		      bool pids)
{
	const char *sep = "";

	if (cpu) {
		pseudo_printf(buf, "cpu");
		sep = " ";
	}
	if (memory) {
		pseudo_printf(buf, "%smemory", sep);
		sep = " ";
	}
	pseudo_printf(buf, "%s%s\n", pids ? sep : "", pids ? "pids" : "");
}

static int controllers_show(void *data, struct pseudo_buf *buf)
{
	struct cgfs_group *g;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(data);
	if (g)
		show_mask(buf, !g->parent || g->parent->cpu,
			  (!g->parent || g->parent->memory) && !g->threaded,
			  !g->parent || g->parent->pids);
	mutex_unlock(&cgroupfs_mutex);
	return g ? 0 : -ENODEV;
}

static int subtree_control_show(void *data, struct pseudo_buf *buf)
{
	struct cgfs_group *g;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(data);
	if (g)
		show_mask(buf, g->cpu, g->memory, g->pids);
	mutex_unlock(&cgroupfs_mutex);
	return g ? 0 : -ENODEV;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A subtree_control change per controller: +1 enable, -1 disable. */
struct subtree_change {
	int cpu, memory, pids;
};

/*
 * Parse a cgroup.subtree_control write as cgroup_subtree_control_write()
 * does: white space stripped around, tokens split at single spaces, each
 * "+name" or "-name" of a known controller; a later token wins.
 * Return: 0 with each controller's change (0: none); -EINVAL.
 */
static int parse_subtree_control(const char *s, struct subtree_change *c)
{
	size_t start = 0, end = strlen(s);

	while (start < end && is_space(s[start]))
		start++;
	while (end > start && is_space(s[end - 1]))
		end--;
	*c = (struct subtree_change){ 0 };
	while (start < end) {
		size_t len = 0;
		int *change = NULL;

		while (start + len < end && s[start + len] != ' ')
			len++;
		if (len == 7 && !strncmp(s + start + 1, "memory", 6))
			change = &c->memory;
		else if (len == 4 && !strncmp(s + start + 1, "cpu", 3))
			change = &c->cpu;
		else if (len == 5 && !strncmp(s + start + 1, "pids", 4))
			change = &c->pids;
		if (len && (!change || (s[start] != '+' && s[start] != '-')))
			return -EINVAL;
		if (len)
			*change = s[start] == '+' ? 1 : -1;
		start += len + 1;
	}
	return 0;
}

enum cgfs_ctrl { CTRL_CPU, CTRL_MEMORY, CTRL_PIDS };

/* Is controller @c in @g's cgroup.subtree_control? [F]. */
static bool ctrl_on(const struct cgfs_group *g, enum cgfs_ctrl c)
{
	return c == CTRL_CPU ? g->cpu : c == CTRL_MEMORY ? g->memory : g->pids;
}

/* Does a child of @g have controller @c on? [F]. */
static bool child_has(const struct cgfs_group *g, enum cgfs_ctrl c)
{
	struct cgfs_group *child;

	list_for_each_entry(child, &cgfs_groups, node)
		if (child->parent == g && ctrl_on(child, c) &&
		    !__atomic_load_n(&child->cg->removed, __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * May @g's controller @c take @change (Linux's checks)?
 * Return: 0; -ENOENT, -EBUSY, -EOPNOTSUPP. [F] held.
 */
static int check_subtree_change(const struct cgfs_group *g,
				enum cgfs_ctrl c, int change)
{
	bool on = ctrl_on(g, c);

	if (change > 0 && !on) {
		/* Only what the parent passes down (cgroup.controllers). */
		if (g->parent && !ctrl_on(g->parent, c))
			return -ENOENT;
		/* cpu and pids are threaded controllers, memory a domain
		 * one (Linux's cgroup_vet_subtree_control_enable()). */
		return c == CTRL_MEMORY ? cgfs_vet_enable_memory(g) :
					  cgfs_vet_enable_threaded(g);
	} else if (change < 0 && on && child_has(g, c)) {
		return -EBUSY;
	}
	return 0;
}

/* Apply a parsed write, all or nothing, as Linux does. [F] held. */
static int change_subtree_control(struct cgfs_group *g,
				  const struct subtree_change *c)
{
	int r = check_subtree_change(g, CTRL_MEMORY, c->memory);

	if (!r)
		r = check_subtree_change(g, CTRL_PIDS, c->pids);
	if (!r)
		r = check_subtree_change(g, CTRL_CPU, c->cpu);
	if (r)
		return r;
	if (c->memory)
		g->memory = c->memory > 0;
	if (c->pids)
		g->pids = c->pids > 0;
	if (c->cpu)
		g->cpu = c->cpu > 0;
	return 0;
}

static long subtree_control_write(void *data, const char *s, size_t len)
{
	struct subtree_change change;
	struct cgfs_group *g;
	int r = parse_subtree_control(s, &change);

	if (r)
		return r;
	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(data);
	r = g ? change_subtree_control(g, &change) : -ENODEV;
	mutex_unlock(&cgroupfs_mutex);
	return r ? r : (long)len;
}

/*
 * cgroup.procs: the processes of the group's domain, wherever their
 * threads are in its threaded subtree; a threaded group's is
 * -EOPNOTSUPP, as Linux 6.1's cgroup_procs_start() (a process belongs to
 * its domain, only its threads spread).
 */
static int procs_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	struct process *p;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	if (__atomic_load_n(&cg->threaded, __ATOMIC_ACQUIRE)) {
		cgroup_put(cg);
		return -EOPNOTSUPP;
	}
	process_list_lock();
	for (p = process_walk_first(); p; p = process_walk_next(p)) {
		bool member;

		spin_lock(&p->lock);
		member = p->nr_threads && cgroup_domain(p->cgroup) == cg;
		spin_unlock(&p->lock);
		if (member)
			pseudo_printf(buf, "%d\n", p->tgid);
	}
	process_list_unlock();
	cgroup_put(cg);
	return 0;
}

/* May @file's opener move @p into @g (fs/cgroupfs_perm.c)? [F] held. */
static int procs_may_move(struct file *file, struct process *p,
			  const struct cgfs_group *g)
{
	struct cgroup *src;
	int r;

	spin_lock(&p->lock);
	src = p->cgroup;
	cgroup_get(src);
	spin_unlock(&p->lock);
	r = cgfs_may_migrate(file, src, g);
	cgroup_put(src);
	return r;
}

/*
 * Move process @pid (0: the writer's own) into @g, with the checks of
 * Linux's __cgroup_procs_write() in its order: -ESRCH for no such
 * process, then the opener's permission (-EACCES, -ENOENT), then -EBUSY
 * for a non-root group that passes a controller to its children. [F]
 * held.
 */
static int procs_attach(struct file *file, struct cgfs_group *g, int pid)
{
	struct uthread *self = uthread_of(current);
	struct process *p;
	int r;

	if (!pid) {
		if (!self)
			return -EINVAL;	/* a kernel thread is not movable */
		pid = self->proc->tgid;
	}
	p = process_get_by_pid(pid, PROCESS_ALIVE);
	if (!p)
		return -ESRCH;
	r = procs_may_move(file, p, g);
	process_put(p);
	if (!r)
		r = cgfs_vet_dst(g);
	if (r)
		return r;
	r = cgroup_attach_process(pid, g->cg);
	return r == -ENOENT ? -ENODEV : r;
}

static long procs_write(struct file *file, void *data, const char *s,
			size_t len)
{
	struct cgfs_group *g;
	int pid, r;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(data);
	if (!g)
		r = -ENODEV;
	else if (memcg_parse_int(s, &pid) || pid < 0)
		r = -EINVAL;	/* every kstrtoint() failure, as Linux */
	else
		r = procs_attach(file, g, pid);
	mutex_unlock(&cgroupfs_mutex);
	return r ? r : (long)len;
}

/**
 * cgfs_subtree_populated - has @cg or a group below it tasks (Linux's
 * cgroup_is_populated())?
 * @cg: a group
 *
 * Context: any that may take memcg_tree_lock.
 * Return: true when it has.
 */
bool cgfs_subtree_populated(struct cgroup *cg)
{
	bool populated = cgroup_populated(cg);
	struct memcg *m;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node)
		if (memcg_is_descendant(m, cg->memcg) &&
		    cgroup_populated(m->cgroup))
			populated = true;
	spin_unlock(&memcg_tree_lock);
	return populated;
}

static int events_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	pseudo_printf(buf, "populated %d\nfrozen %d\n", cgfs_subtree_populated(cg),
		      cgroup_frozen(cg));
	cgroup_put(cg);
	return 0;
}

/* cgroup.events' notifications that change no text (cgroup.freeze). */
static unsigned long events_seq(void *data)
{
	struct cgroup *cg;
	unsigned long seq;

	if (cgfs_get(data, &cg))
		return 0;
	seq = __atomic_load_n(&cg->events_seq, __ATOMIC_ACQUIRE);
	cgroup_put(cg);
	return seq;
}

/* Is the live group @data names threaded? */
static bool is_threaded(void *data)
{
	struct cgfs_group *g = cgfs_lock_live(data);
	bool threaded = g && g->threaded;

	cgfs_unlock();
	return threaded;
}

/*
 * cgroup.kill: "1" kills every process of the group and below (Linux
 * 6.1's cgroup_kill_write(): kstrtoint() of the stripped text, -EINVAL
 * for no number, -ERANGE for any other number, -EOPNOTSUPP in a
 * threaded group).
 */
static long kill_write(void *data, const char *s, size_t len)
{
	struct cgroup *cg;
	int kill, r = memcg_parse_int(s, &kill);

	if (r)
		return r;
	if (kill != 1)
		return -ERANGE;
	if (is_threaded(data))
		return -EOPNOTSUPP;	/* kills whole processes: domains */
	r = cgfs_get(data, &cg);
	if (r)
		return r;
	cgroup_kill(cg);
	cgroup_put(cg);
	return len;
}

static int freeze_show(void *data, struct pseudo_buf *buf)
{
	struct cgroup *cg;
	int r = cgfs_get(data, &cg);

	if (r)
		return r;
	pseudo_printf(buf, "%d\n", __atomic_load_n(&cg->freeze,
						   __ATOMIC_RELAXED));
	cgroup_put(cg);
	return 0;
}

/* cgroup.freeze: "0" or "1" (Linux 6.1's cgroup_freeze_write(): -EINVAL
 * for no number, -ERANGE for another one). */
static long freeze_write(void *data, const char *s, size_t len)
{
	struct cgroup *cg;
	int freeze, r = memcg_parse_int(s, &freeze);

	if (r)
		return r;
	if (freeze < 0 || freeze > 1)
		return -ERANGE;
	r = cgfs_get(data, &cg);
	if (r)
		return r;
	cgroup_freeze(cg, freeze);
	cgroup_put(cg);
	return len;
}

/* cgroup.procs comes first: its mode and owner decide moves. */
#define CGFS_PROCS	0

static const struct cgfs_file cgfs_core_files[] = {
	{ "cgroup.procs", 0644, CGFS_ON_ROOT | CGFS_ON_CHILD,
	  { .show = procs_show, .write_file = procs_write } },
	{ "cgroup.controllers", 0444, CGFS_ON_ROOT | CGFS_ON_CHILD,
	  { .show = controllers_show } },
	{ "cgroup.subtree_control", 0644, CGFS_ON_ROOT | CGFS_ON_CHILD,
	  { .show = subtree_control_show, .write = subtree_control_write } },
	{ "cgroup.events", 0444, CGFS_ON_CHILD,
	  { .show = events_show, .notify = true, .notify_seq = events_seq } },
	/* The pids controller (fs/cgroupfs_pids.c). */
	{ "pids.max", 0644, CGFS_ON_CHILD | CGFS_PIDS,
	  { .show = cgfs_pids_max_show, .write = cgfs_pids_max_write } },
	{ "pids.current", 0444, CGFS_ON_CHILD | CGFS_PIDS,
	  { .show = cgfs_pids_current_show } },
	{ "pids.events", 0444, CGFS_ON_CHILD | CGFS_PIDS,
	  { .show = cgfs_pids_events_show } },
	{ "cgroup.kill", 0200, CGFS_ON_CHILD, { .write = kill_write } },
	{ "cgroup.threads", 0644, CGFS_ON_ROOT | CGFS_ON_CHILD,
	  { .show = cgfs_threads_show, .write_file = cgfs_threads_write } },
	{ "cgroup.type", 0644, CGFS_ON_CHILD,
	  { .show = cgfs_type_show, .write = cgfs_type_write } },
	{ "cgroup.freeze", 0644, CGFS_ON_CHILD,
	  { .show = freeze_show, .write = freeze_write } },
	/* The cpu controller (fs/cgroupfs_cpu.c); cpu.stat is a core file. */
	{ "cpu.stat", 0444, CGFS_ON_ROOT | CGFS_ON_CHILD,
	  { .show = cgfs_cpu_stat_show } },
	{ "cpu.weight", 0644, CGFS_ON_CHILD | CGFS_CPU,
	  { .show = cgfs_cpu_weight_show, .write = cgfs_cpu_weight_write } },
	{ "cpu.weight.nice", 0644, CGFS_ON_CHILD | CGFS_CPU,
	  { .show = cgfs_cpu_nice_show, .write = cgfs_cpu_nice_write } },
	{ "cpu.max", 0644, CGFS_ON_CHILD | CGFS_CPU,
	  { .show = cgfs_cpu_max_show, .write = cgfs_cpu_max_write } },
};

#define CGFS_NR_FILES	(ARRAY_SIZE(cgfs_core_files) + cgfs_nr_memory_files)

static const struct cgfs_file *cgfs_file_at(size_t i)
{
	if (i < ARRAY_SIZE(cgfs_core_files))
		return &cgfs_core_files[i];
	return &cgfs_memory_files[i - ARRAY_SIZE(cgfs_core_files)];
}

/* Does @g have file @f now? [F] held. */
static bool cgfs_has_file(const struct cgfs_group *g,
			  const struct cgfs_file *f)
{
	if (!(f->where & (g->parent ? CGFS_ON_CHILD : CGFS_ON_ROOT)))
		return false;
	if (!g->parent)
		return true;
	if (f->where & CGFS_PIDS)
		return g->parent->pids;
	if (f->where & CGFS_CPU)
		return g->parent->cpu;
	return !(f->where & CGFS_MEMORY) ||
	       (g->parent->memory && !g->threaded);
}

/* A directory for @cg (a reference given) named @name in @dir. */
static int cgfs_add(struct dentry *dir, struct cgfs_group *parent,
		    struct cgroup *cg, const char *name, struct dentry **out)
{
	struct cgfs_group *g = kzalloc(sizeof(*g), GFP_KERNEL);
	struct dentry *d;

	if (!g)
		return -ENOMEM;
	g->cg = cg;
	g->parent = parent;
	mutex_lock(&cgroupfs_mutex);
	g->id = cgfs_next_id++;
	mutex_unlock(&cgroupfs_mutex);
	d = pseudo_mkdir(dir, name, &cgfs_dir_ops, (void *)g->id);
	if (!d) {
		kfree(g);
		return -ENOMEM;
	}
	d->inode->mode = S_IFDIR | CGFS_DIR_MODE;	/* not yet seen */
	mutex_lock(&cgroupfs_mutex);
	list_add_tail(&g->node, &cgfs_groups);
	mutex_unlock(&cgroupfs_mutex);
	if (out)
		*out = dget(d);
	return 0;
}

/* The directory of @parent's child @name that the kernel made. */
static int cgfs_add_kernel_group(struct dentry *dir,
				 struct cgfs_group *parent, const char *name,
				 struct dentry **out)
{
	char path[CGROUP_PATH_MAX];
	struct cgroup *cg;
	int len = cgroup_path(parent->cg, path, sizeof(path));
	int r;

	if (len < 0 || snprintf(path + len, sizeof(path) - len, "/%s",
				name) >= (int)sizeof(path) - len)
		return -ENOENT;
	cg = cgroup_lookup(path);
	if (!cg)
		return -ENOENT;
	r = cgfs_add(dir, parent, cg, name, out);
	if (r)
		cgroup_put(cg);
	return r;
}

/* The index of the file @name that @g has now, or -1. [F] held. */
static int cgfs_file_index(const struct cgfs_group *g, const char *name)
{
	for (size_t i = 0; g && i < CGFS_NR_FILES; i++)
		if (!strcmp(cgfs_file_at(i)->name, name) &&
		    cgfs_has_file(g, cgfs_file_at(i)))
			return (int)i;
	return -1;
}

/* @g's record of its file @i's owner and mode. [F] held. Return: the
 * record; NULL while the group has none (and none could be made). */
static struct cgfs_file_attr *cgfs_attr(struct cgfs_group *g, size_t i,
					bool make)
{
	if (!g->attrs && make)
		g->attrs = kzalloc(CGFS_NR_FILES * sizeof(*g->attrs),
				   GFP_KERNEL);
	return g->attrs ? &g->attrs[i] : NULL;
}

/*
 * A chown or chmod of a file: the group records it, so the file made at
 * the next lookup has it too (Linux's kernfs node keeps it). Nothing is
 * recorded without memory: the next lookup shows the default.
 */
static void cgfs_file_attr_changed(struct inode *inode, void *data)
{
	const struct pseudo_file_ops *ops = pseudo_inode_ops(inode);
	struct cgfs_file_attr *a;
	struct cgfs_group *g;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find(data);
	for (size_t i = 0; g && i < CGFS_NR_FILES; i++) {
		if (&cgfs_file_at(i)->ops != ops)
			continue;
		a = cgfs_attr(g, i, true);
		if (a)
			*a = (struct cgfs_file_attr){
				.set = true, .uid = inode->uid,
				.gid = inode->gid,
				.mode = __atomic_load_n(&inode->mode,
							__ATOMIC_RELAXED) };
	}
	mutex_unlock(&cgroupfs_mutex);
}

/* File @i of @g's directory @dir, with the owner and mode recorded. */
static int cgfs_file_dentry(struct dentry *dir, struct cgfs_group *g,
			    size_t i, struct dentry **out)
{
	const struct cgfs_file *f = cgfs_file_at(i);
	struct cgfs_file_attr *a;
	int r = pseudo_new_file(dir, f->name, f->mode, &f->ops,
				pseudo_data(dir), out);

	if (r)
		return r;
	mutex_lock(&cgroupfs_mutex);
	a = cgfs_attr(g, i, false);
	if (a && a->set) {
		(*out)->inode->uid = a->uid;	/* not yet seen */
		(*out)->inode->gid = a->gid;
		(*out)->inode->mode = a->mode;
	}
	mutex_unlock(&cgroupfs_mutex);
	return 0;
}

/**
 * cgfs_procs_attr - the mode, owner and group of @g's cgroup.procs:
 * root's 0644 until a chown or chmod changed them.
 * @g: a group entry
 * @mode: its mode
 * @uid: its owner
 * @gid: its group
 *
 * Context: cgroupfs_mutex held.
 */
void cgfs_procs_attr(const struct cgfs_group *g, u32 *mode, u32 *uid,
		     u32 *gid)
{
	const struct cgfs_file_attr *a = g->attrs ? &g->attrs[CGFS_PROCS] :
						    NULL;

	*mode = S_IFREG | cgfs_core_files[CGFS_PROCS].mode;
	*uid = *gid = 0;
	if (a && a->set) {
		*mode = a->mode;
		*uid = a->uid;
		*gid = a->gid;
	}
}

/* lookup(): a file of the group, or a group the kernel made. */
static int cgfs_lookup(struct dentry *dir, const char *name,
		       struct dentry **out)
{
	struct cgfs_group *g;
	int i;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find(pseudo_data(dir));
	i = cgfs_file_index(g, name);
	mutex_unlock(&cgroupfs_mutex);
	if (i >= 0)
		return cgfs_file_dentry(dir, g, (size_t)i, out);
	return g ? cgfs_add_kernel_group(dir, g, name, out) : -ENOENT;
}

static void cgfs_iterate(struct dentry *dir, struct dir_context *ctx)
{
	unsigned long id = (unsigned long)pseudo_data(dir);
	struct cgfs_group *g;

	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find(pseudo_data(dir));
	for (size_t i = 0; g && i < CGFS_NR_FILES; i++)
		if (cgfs_has_file(g, cgfs_file_at(i)) &&
		    !dir_emit(ctx, cgfs_file_at(i)->name,
			      ((u64)id << 8) + i + 1, DT_REG))
			break;
	mutex_unlock(&cgroupfs_mutex);
}

static int cgfs_mkdir(struct dentry *dir, const char *name)
{
	struct cgfs_group *parent;
	struct cgroup *cg;
	int r;

	mutex_lock(&cgroupfs_mutex);
	parent = cgfs_find(pseudo_data(dir));
	mutex_unlock(&cgroupfs_mutex);
	if (!parent)
		return -ENODEV;
	r = cgroup_create(parent->cg, name, &cg);
	if (r)
		return r;
	r = cgfs_add(dir, parent, cg, name, NULL);
	if (r) {
		cgroup_remove(cg);
		cgroup_put(cg);
	}
	return r;
}

/* rmdir: -EBUSY while the group has tasks or children (Linux's
 * cgroup_destroy_locked()); a group already removed in the kernel just
 * loses its directory. */
static int cgfs_rmdir(struct dentry *dir)
{
	struct cgfs_group *g;
	int r;

	if (d_has_children(dir))
		return -EBUSY;	/* a stale child directory: rmdir it first */
	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find(pseudo_data(dir));
	mutex_unlock(&cgroupfs_mutex);
	if (!g || !g->parent)
		return -EBUSY;
	r = cgroup_remove(g->cg);
	if (r && r != -ENOENT)
		return r;
	mutex_lock(&cgroupfs_mutex);
	list_del_init(&g->node);
	mutex_unlock(&cgroupfs_mutex);
	cgroup_put(g->cg);
	kfree(g->attrs);
	kfree(g);
	return 0;
}

static const struct pseudo_dir_ops cgfs_dir_ops = {
	.mkdir = cgfs_mkdir,
	.rmdir = cgfs_rmdir,
	.lookup = cgfs_lookup,
	.iterate = cgfs_iterate,
	.file_attr_changed = cgfs_file_attr_changed,
	.rmdir_judges_children = true,	/* cgroup_remove(): -EBUSY */
};

/**
 * cgfs_thread_group - the group of @p's thread @tid, or @p's own when it
 * has no such live thread (a zombie, or a leader that exited before its
 * threads), with a reference.
 * @p: a process the caller holds
 * @tid: one of its thread ids
 *
 * Context: any that may spin.
 * Return: the group; cgroup_put() it.
 */
struct cgroup *cgfs_thread_group(struct process *p, int tid)
{
	struct cgroup *cg = p->cgroup;
	struct uthread *ut;

	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node)
		if (ut->task->tid == tid)
			cg = ut->task->cgroup;
	cgroup_get(cg);
	spin_unlock(&p->lock);
	return cg;
}

/* /proc/<pid>/cgroup (the leader's group, @tid is the tgid) and
 * /proc/<pid>/task/<tid>/cgroup: "0::PATH\n", the path as the READER's
 * cgroup namespace sees it (Linux's proc_cgroup_show() with
 * cgroup_path_ns()), " (deleted)" after a removed group's path. */
static void cgfs_proc_cgroup(struct process *p, int tid,
			     struct pseudo_buf *buf)
{
	struct cgroup_ns *ns = cgroup_ns_get_current();
	char path[CGROUP_PATH_MAX];
	struct cgroup *cg = cgfs_thread_group(p, tid);

	if (cgroup_ns_path(ns, cg, path, sizeof(path)) < 0)
		strlcpy(path, "/", sizeof(path));
	cgroup_ns_put(ns);
	pseudo_printf(buf, "0::%s%s\n", path,
		      __atomic_load_n(&cg->removed, __ATOMIC_RELAXED) ?
			      " (deleted)" : "");
	cgroup_put(cg);
}

/**
 * cgroupfs_dir_cgroup - the group of an open cgroup2 directory, for
 * clone3's CLONE_INTO_CGROUP, with the checks a write of a pid to its
 * cgroup.procs makes (Linux 6.1's cgroup_css_set_fork()).
 * @f: an open file
 * @cg: set to its group, with a reference (cgroup_put())
 *
 * Context: task context, may sleep; takes cgroupfs_mutex.
 * Return: 0; -EBADF when @f is not a cgroup2 directory; -ENOENT once the
 * group is removed; -EBUSY for a non-root group that gives the memory
 * controller to its children (no internal process); -EOPNOTSUPP for a
 * group whose domain is invalid (fs/cgroupfs_type.c).
 */
int cgroupfs_dir_cgroup(struct file *f, struct cgroup **cg)
{
	struct dentry *d = f->dentry;
	struct cgfs_group *g;
	int r = 0;

	if (strcmp(d->inode->sb->fstype, "cgroup2") ||
	    !S_ISDIR(d->inode->mode))
		return -EBADF;
	mutex_lock(&cgroupfs_mutex);
	g = cgfs_find_live(pseudo_data(d));
	if (!g)
		r = -ENOENT;	/* Linux's css_tryget_online() failing */
	else
		r = cgfs_vet_dst(g);
	if (!r) {
		*cg = g->cg;
		cgroup_get(*cg);
	}
	mutex_unlock(&cgroupfs_mutex);
	return r;
}

/**
 * cgroupfs_create - the cgroup2 file system, whose root is the root
 * group; /proc/<pid>/cgroup prints from it from now on.
 *
 * Context: boot, task context.
 * Return: its super block, or NULL without memory.
 */
struct super_block *cgroupfs_create(void)
{
	struct super_block *sb = pseudo_fs_create("cgroup2", &cgfs_dir_ops,
						  (void *)cgfs_root.id);

	if (sb) {
		sb->root->inode->mode = S_IFDIR | CGFS_DIR_MODE;
		proc_set_cgroup_hook(cgfs_proc_cgroup);
	}
	return sb;
}

/* The path of the @n-th online non-root group into @path. */
static bool nth_group_path(size_t n, char *path, size_t size)
{
	struct memcg *m;
	bool found = false;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node) {
		if (__atomic_load_n(&m->cgroup->removed, __ATOMIC_RELAXED) ||
		    n--)
			continue;
		found = cgroup_path(m->cgroup, path, size) > 0;
		break;
	}
	spin_unlock(&memcg_tree_lock);
	return found;
}

/**
 * cgroupfs_init - give the groups made before the mount (memcg.max=)
 * their directories, so a listing of /sys/fs/cgroup shows them.
 *
 * Context: boot, task context, after cgroupfs is mounted on
 * CGROUPFS_MOUNT.
 */
void cgroupfs_init(void)
{
	char path[sizeof(CGROUPFS_MOUNT) + CGROUP_PATH_MAX];
	const size_t at = sizeof(CGROUPFS_MOUNT) - 1;
	struct dentry *d;

	strlcpy(path, CGROUPFS_MOUNT, sizeof(path));
	for (size_t n = 0; nth_group_path(n, path + at, sizeof(path) - at);
	     n++)
		if (!vfs_lookup(vfs_root(), path, &d))
			dput(d);
}
