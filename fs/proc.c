// SPDX-License-Identifier: MIT
/*
 * /proc (fs/proc.h), built of pseudo files. The root holds meminfo,
 * mounts and swaps; "self" and every number name a process directory made on
 * lookup and gone with its last reference, so a process that exits
 * takes nothing with it: a file opened before then reads -ESRCH (as in
 * Linux), and the directory is simply not found afterwards. A thread's
 * tid names a directory too (not listed, as in Linux), and so does
 * /proc/<pid>/task/<tid>, /proc/thread-self's target: the same files,
 * where cgroup is the thread's own group and the rest the process's.
 *
 * Locking: [a] the hooks, written once at init.
 */
#include "fs/fs_type.h"
#include "fs/mount.h"
#include "fs/proc.h"
#include "fs/proc_ns.h"
#include "fs/tmpfs.h"
#include "kernel/exec.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/kstrtox.h"
#include "lib/string.h"
#include "mm/filemap.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/page_writeback.h"
#include "mm/shrinker.h"
#include "mm/slab.h"
#include "mm/vmscan.h"

/* Linux's PROC_NUMBUF - 1: the bytes of an oom_score_adj write read. */
#define OOM_ADJ_WRITE_MAX	12

static proc_oom_score_fn oom_score_hook;	/* [a] */
static proc_cgroup_fn cgroup_hook;		/* [a] */

/**
 * proc_set_oom_score_hook - where /proc/<pid>/oom_score comes from.
 * @fn: the OOM killer's score of a process
 *
 * Context: init, before user processes read the file.
 */
void proc_set_oom_score_hook(proc_oom_score_fn fn)
{
	__atomic_store_n(&oom_score_hook, fn, __ATOMIC_RELEASE);
}

/**
 * proc_set_cgroup_hook - where /proc/<pid>/cgroup comes from.
 * @fn: prints the process's cgroup lines
 *
 * Context: init, before user processes read the file.
 */
void proc_set_cgroup_hook(proc_cgroup_fn fn)
{
	__atomic_store_n(&cgroup_hook, fn, __ATOMIC_RELEASE);
}

static int pid_of(void *data)
{
	return (int)(long)data;
}

/* The process of a /proc/<pid> file (or of a thread's directory):
 * a reference, or -ESRCH. */
static int proc_get(void *data, enum process_lookup which,
		    struct process **out)
{
	*out = process_get_by_pid(pid_of(data), which);
	if (!*out)
		*out = process_get_by_tid(pid_of(data));
	return *out ? 0 : -ESRCH;
}

static const char *proc_state(struct process *p)
{
	struct uthread *ut;

	if (__atomic_load_n(&p->exited, __ATOMIC_ACQUIRE) ||
	    list_empty(&p->threads))
		return "Z (zombie)";
	if (__atomic_load_n(&p->sig.stop_sig, __ATOMIC_ACQUIRE))
		return "T (stopped)";	/* job control: signal_stop.c */
	ut = list_first_entry(&p->threads, struct uthread, node);
	switch (__atomic_load_n(&ut->task->state, __ATOMIC_RELAXED) &
		TASK_NORMAL) {
	case TASK_INTERRUPTIBLE:
		return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:
		return "D (disk sleep)";
	default:
		return "R (running)";
	}
}

/* The one-letter state of /proc/<pid>/stat: the first word of status's. */
static char proc_state_letter(struct process *p)
{
	return proc_state(p)[0];
}

/* Linux's USER_HZ: the clock ticks stat's times count. */
#define PROC_USER_HZ		100
#define PROC_RLIM_INFINITY	(~0UL)
#define PROC_NICE_0_PRIO	20	/* stat's priority of a nice-0 task */

/*
 * /proc/<pid>/stat: Linux's do_task_stat() fields, in its order, one
 * line. What oomlab does not keep is 0: fault counts, CPU times (utime,
 * stime and the children's), the signal masks, wchan, the code and
 * argument addresses; tpgid is -1 (no controlling terminal), the stack
 * limit unlimited. The comm is in parentheses and may hold spaces, so a
 * reader splits at the last ')'.
 */
static int stat_show(void *data, struct pseudo_buf *buf)
{
	unsigned long vsize = 0, rss = 0, start_brk = 0;
	struct process *p;
	char state, name[TASK_COMM_LEN];
	int r = proc_get(data, PROCESS_UNREAPED, &p), pgid, sid, ppid;

	if (r)
		return r;
	ppid = process_ppid(p);
	spin_lock(&p->lock);
	state = proc_state_letter(p);
	strlcpy(name, p->name, sizeof(name));
	pgid = p->pgid;
	sid = p->sid;
	if (p->mm) {
		rss = (unsigned long)mm_rss_total(p->mm);
		vsize = __atomic_load_n(&p->mm->total_vm, __ATOMIC_RELAXED) *
			PAGE_SIZE;
		start_brk = __atomic_load_n(&p->mm->start_brk,
					    __ATOMIC_RELAXED);
	}
	spin_unlock(&p->lock);
	/* 1 pid .. 13 cmajflt */
	pseudo_printf(buf, "%d (%s) %c %d %d %d 0 -1 0 0 0 0 0 ", p->tgid,
		      name, state, ppid, pgid, sid);
	/* 14 utime .. 25 rsslim */
	pseudo_printf(buf, "0 0 0 0 %d 0 %d 0 %llu %lu %lu %lu ",
		      PROC_NICE_0_PRIO,
		      __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED),
		      (unsigned long long)(p->start_ns /
					   (1000000000ULL / PROC_USER_HZ)),
		      vsize, rss, PROC_RLIM_INFINITY);
	/* 26 startcode .. 46 end_data: 38 exit_signal is SIGCHLD (17) */
	pseudo_printf(buf, "0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 ");
	/* 47 start_brk .. 52 exit_code */
	pseudo_printf(buf, "%lu 0 0 0 0 0\n", start_brk);
	process_put(p);
	return 0;
}

/* /proc/<pid>/cmdline: the arguments, each NUL-terminated (cut to the
 * show buffer, which keeps one byte for a NUL of its own). */
static int cmdline_show(void *data, struct pseudo_buf *buf)
{
	struct process *p;
	int r = proc_get(data, PROCESS_UNREAPED, &p);

	if (r)
		return r;
	buf->len += (size_t)exec_cmdline(p, buf->s + buf->len,
					 buf->size - buf->len - 1);
	process_put(p);
	return 0;
}

static int status_show(void *data, struct pseudo_buf *buf)
{
	unsigned long rss = 0, lck = 0;
	const char *state;
	struct process *p;
	int r = proc_get(data, PROCESS_UNREAPED, &p), ppid;

	if (r)
		return r;
	ppid = process_ppid(p);
	spin_lock(&p->lock);
	state = proc_state(p);
	if (p->mm) {
		rss = (unsigned long)mm_rss_total(p->mm);
		lck = __atomic_load_n(&p->mm->locked_vm, __ATOMIC_RELAXED);
	}
	spin_unlock(&p->lock);
	pseudo_printf(buf, "Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\n"
		      "PPid:\t%d\nVmLck:\t%8lu kB\nVmRSS:\t%8lu kB\n"
		      "Threads:\t%d\n", p->name, state, p->tgid, p->tgid,
		      ppid, lck * 4, rss * 4,
		      __atomic_load_n(&p->nr_threads, __ATOMIC_RELAXED));
	process_put(p);
	return 0;
}

static int oom_score_adj_show(void *data, struct pseudo_buf *buf)
{
	struct process *p;
	int r = proc_get(data, PROCESS_UNREAPED, &p);

	if (r)
		return r;
	pseudo_printf(buf, "%d\n",
		      __atomic_load_n(&p->oom_score_adj, __ATOMIC_RELAXED));
	process_put(p);
	return 0;
}

/* Linux's oom_score_adj_write(): what it consumed, or the parse error. */
static long oom_score_adj_write(void *data, const char *s, size_t len)
{
	char text[OOM_ADJ_WRITE_MAX + 1];
	struct process *p;
	int adj, r;

	strlcpy(text, s, sizeof(text));
	r = kstrtoint(strstrip(text), 0, &adj);
	if (r)
		return r;
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	r = proc_get(data, PROCESS_ALIVE, &p);
	if (r)
		return r;
	spin_lock(&p->lock);
	__atomic_store_n(&p->oom_score_adj, adj, __ATOMIC_RELAXED);
	spin_unlock(&p->lock);
	process_put(p);
	return (long)len;
}

static int oom_score_show(void *data, struct pseudo_buf *buf)
{
	proc_oom_score_fn fn = __atomic_load_n(&oom_score_hook,
					       __ATOMIC_ACQUIRE);
	struct process *p;
	int r = proc_get(data, PROCESS_UNREAPED, &p);

	if (r)
		return r;
	pseudo_printf(buf, "%lu\n", fn ? fn(p) : 0UL);
	process_put(p);
	return 0;
}

static int cgroup_show(void *data, struct pseudo_buf *buf)
{
	proc_cgroup_fn fn = __atomic_load_n(&cgroup_hook, __ATOMIC_ACQUIRE);
	struct process *p;
	int r = proc_get(data, PROCESS_UNREAPED, &p);

	if (r)
		return r;
	if (fn)
		fn(p, pid_of(data), buf);
	else
		pseudo_printf(buf, "0::/\n");
	process_put(p);
	return 0;
}

static int mounts_show(void *data, struct pseudo_buf *buf);

/* mounts: one namespace, so every process sees /proc/mounts' table (the
 * cgroup selftests find cgroup2 in /proc/self/mounts). */
static const struct {
	const char *name;
	u32 mode;
	struct pseudo_file_ops ops;
} pid_files[] = {
	{ "cgroup", 0444, { .show = cgroup_show } },
	{ "cmdline", 0444, { .show = cmdline_show } },
	{ "mounts", 0444, { .show = mounts_show } },
	{ "oom_score", 0444, { .show = oom_score_show } },
	{ "oom_score_adj", 0644, { .show = oom_score_adj_show,
				   .write = oom_score_adj_write,
				   .max_write = OOM_ADJ_WRITE_MAX } },
	{ "stat", 0444, { .show = stat_show } },
	{ "status", 0444, { .show = status_show } },
};

/*
 * /proc/<pid>/exe's target: the path of the program the process runs
 * (-ENOENT, as Linux's, for one with no executable: kernel threads).
 * readlink() takes no NUL: the path is copied out of a buffer of its own.
 */
static int proc_exe_path(int pid, char *buf, size_t size)
{
	struct process *p = process_get_by_pid(pid, PROCESS_UNREAPED);
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	int n = -ENOENT;

	if (p && path)
		n = process_exe_path(p, path, PATH_MAX);
	else if (p)
		n = -ENOMEM;
	if (n > 0) {
		n = (int)MIN((size_t)n, size);
		memcpy(buf, path, (size_t)n);
	}
	kfree(path);
	if (p)
		process_put(p);
	return n;
}

static int exe_get_link(struct dentry *link, char *buf, size_t size)
{
	return proc_exe_path(pid_of(pseudo_data(link->parent)), buf, size);
}

/* /proc/self's target: the caller's pid, in decimal. */
static int self_get_link(struct dentry *link, char *buf, size_t size)
{
	struct process *p = process_current();
	char text[16];
	int n;

	if (!p)
		return -ENOENT;
	n = snprintf(text, sizeof(text), "%d", p->tgid);
	n = (int)MIN((size_t)n, size);
	memcpy(buf, text, (size_t)n);
	return n;
}

/* /proc/thread-self's target: "<pid>/task/<tid>" of the caller. */
static int thread_self_get_link(struct dentry *link, char *buf, size_t size)
{
	struct process *p = process_current();
	char text[32];
	int n;

	if (!p)
		return -ENOENT;
	n = snprintf(text, sizeof(text), "%d/task/%d", p->tgid, current->tid);
	n = (int)MIN((size_t)n, size);
	memcpy(buf, text, (size_t)n);
	return n;
}

static const struct inode_operations thread_self_link_iops = {
	.get_link = thread_self_get_link,
};

static const struct inode_operations exe_link_iops = {
	.get_link = exe_get_link,
};

static const struct inode_operations self_link_iops = {
	.get_link = self_get_link,
};

/* A symlink dentry @name in @dir whose target @iops computes on read. */
static int proc_new_link(struct dentry *dir, const char *name,
			 const struct inode_operations *iops,
			 struct dentry **out)
{
	struct inode *inode = inode_alloc(dir->inode->sb, S_IFLNK | 0777);

	if (!inode)
		return -ENOMEM;
	inode->i_op = iops;
	*out = d_alloc(dir, name, inode);
	return *out ? 0 : -ENOMEM;
}

static const struct pseudo_dir_ops task_dir_ops;

static int pid_dir_lookup(struct dentry *dir, const char *name,
			  struct dentry **out)
{
	if (!strcmp(name, "exe"))
		return proc_new_link(dir, name, &exe_link_iops, out);
	if (!strcmp(name, "task"))
		return pseudo_new_dir(dir, name, &task_dir_ops,
				      pseudo_data(dir), out);
	if (!strcmp(name, "ns"))
		return proc_ns_dir(dir, out);
	for (size_t i = 0; i < ARRAY_SIZE(pid_files); i++)
		if (!strcmp(name, pid_files[i].name))
			return pseudo_new_file(dir, name, pid_files[i].mode,
					       &pid_files[i].ops,
					       pseudo_data(dir), out);
	return -ENOENT;
}

static void pid_dir_iterate(struct dentry *dir, struct dir_context *ctx)
{
	u64 ino = (u64)pid_of(pseudo_data(dir)) << 8;

	if (!dir_emit(ctx, "exe", ino + ARRAY_SIZE(pid_files) + 1, DT_LNK) ||
	    !dir_emit(ctx, "task", ino + ARRAY_SIZE(pid_files) + 2, DT_DIR) ||
	    !dir_emit(ctx, "ns", ino + ARRAY_SIZE(pid_files) + 3, DT_DIR))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(pid_files); i++)
		if (!dir_emit(ctx, pid_files[i].name,
			      ((u64)pid_of(pseudo_data(dir)) << 8) + i + 1,
			      DT_REG))
			return;
}

static const struct pseudo_dir_ops pid_dir_ops = {
	.lookup = pid_dir_lookup,
	.iterate = pid_dir_iterate,
};

/* A decimal tid, else 0. */
static int parse_id(const char *name)
{
	int id;

	if (name[0] < '1' || name[0] > '9' || kstrtoint(name, 10, &id) ||
	    name[strlen(name) - 1] == '\n')
		return 0;
	return id;
}

/* /proc/<pid>/task/<tid>: a live thread of the directory's process. */
static int task_dir_lookup(struct dentry *dir, const char *name,
			   struct dentry **out)
{
	struct process *p, *owner;
	int tid = parse_id(name);

	if (!tid || proc_get(pseudo_data(dir), PROCESS_UNREAPED, &p))
		return -ENOENT;
	owner = process_get_by_tid(tid);
	if (owner)
		process_put(owner);
	process_put(p);
	if (owner != p)
		return -ENOENT;
	return pseudo_new_dir(dir, name, &pid_dir_ops, (void *)(long)tid, out);
}

static void task_dir_iterate(struct dentry *dir, struct dir_context *ctx)
{
	struct uthread *ut;
	struct process *p;
	char name[16];

	if (proc_get(pseudo_data(dir), PROCESS_UNREAPED, &p))
		return;
	spin_lock(&p->lock);
	list_for_each_entry(ut, &p->threads, node) {
		snprintf(name, sizeof(name), "%d", ut->task->tid);
		if (!dir_emit(ctx, name, (u64)ut->task->tid << 8, DT_DIR))
			break;
	}
	spin_unlock(&p->lock);
	process_put(p);
}

static const struct pseudo_dir_ops task_dir_ops = {
	.lookup = task_dir_lookup,
	.iterate = task_dir_iterate,
};

/* "self", or a decimal pid of a process not yet reaped. */
static int root_lookup(struct dentry *dir, const char *name,
		       struct dentry **out)
{
	struct process *p;
	int pid;

	if (!strcmp(name, "self"))
		return proc_new_link(dir, name, &self_link_iops, out);
	if (!strcmp(name, "thread-self"))
		return proc_new_link(dir, name, &thread_self_link_iops, out);
	pid = parse_id(name);
	if (!pid)
		return -ENOENT;
	p = process_get_by_pid(pid, PROCESS_UNREAPED);
	if (!p)
		p = process_get_by_tid(pid);	/* a thread's own directory */
	if (!p)
		return -ENOENT;
	process_put(p);
	return pseudo_new_dir(dir, name, &pid_dir_ops, (void *)(long)pid,
			      out);
}

static void root_iterate(struct dentry *dir, struct dir_context *ctx)
{
	struct process *p;
	char name[16];

	if (!dir_emit(ctx, "self", 1, DT_LNK) ||
	    !dir_emit(ctx, "thread-self", 2, DT_LNK))
		return;
	process_list_lock();
	for_each_process(p) {
		snprintf(name, sizeof(name), "%d", p->tgid);
		if (!dir_emit(ctx, name, (u64)p->tgid << 8, DT_DIR))
			break;
	}
	process_list_unlock();
}

static const struct pseudo_dir_ops root_ops = {
	.lookup = root_lookup,
	.iterate = root_iterate,
};

/* Linux's show_val_kb(): the name padded to 16 columns, 8-wide kB. */
static void meminfo_line(struct pseudo_buf *buf, const char *name,
			 unsigned long pages)
{
	char label[20];

	snprintf(label, sizeof(label), "%s:", name);
	pseudo_printf(buf, "%-16s%8lu kB\n", label, pages * 4);
}

static int meminfo_show(void *data, struct pseudo_buf *buf)
{
	unsigned long free = nr_free_pages();
	unsigned long shmem = (unsigned long)tmpfs_nr_pages();
	unsigned long cache = filemap_nr_pages();

	meminfo_line(buf, "MemTotal", nr_managed_pages());
	meminfo_line(buf, "MemFree", free);
	/* No swap: tmpfs pages stay; the clean page cache can be dropped. */
	meminfo_line(buf, "MemAvailable", free + cache);
	meminfo_line(buf, "Buffers", shrinker_nr_pages());
	meminfo_line(buf, "Cached", shmem + cache);
	meminfo_line(buf, "SwapCached", 0);
	meminfo_line(buf, "SwapTotal", 0);
	meminfo_line(buf, "SwapFree", 0);
	meminfo_line(buf, "Dirty", writeback_nr_dirty());
	meminfo_line(buf, "Writeback", writeback_nr_writeback());
	meminfo_line(buf, "Shmem", shmem);
	return 0;
}

/* A name as /proc/mounts prints it: space, tab, newline and backslash
 * as octal escapes (Linux's mangle() in fs/proc_namespace.c). */
static void mounts_escaped(struct pseudo_buf *buf, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			pseudo_printf(buf, "\\%03o", (unsigned char)*s);
		else
			pseudo_printf(buf, "%c", *s);
	}
}

/* One line: "source path type rw,nosuid,...,options 0 0", the flags in
 * the order of Linux's show_mnt_opts(). */
static void mounts_line(const struct mount *m, void *arg)
{
	static const struct {
		unsigned long flag;
		const char *name;
	} flags[] = {
		{ MS_NOSUID, ",nosuid" },
		{ MS_NODEV, ",nodev" },
		{ MS_NOEXEC, ",noexec" },
		{ MS_NOATIME, ",noatime" },
	};
	struct pseudo_buf *buf = arg;
	char opts[64] = "";

	mounts_escaped(buf, m->source);
	pseudo_printf(buf, " ");
	mounts_escaped(buf, m->path);
	pseudo_printf(buf, " %s %s", m->sb->fstype,
		      __atomic_load_n(&m->sb->readonly, __ATOMIC_RELAXED) ?
		      "ro" : "rw");
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (m->flags & flags[i].flag)
			pseudo_printf(buf, "%s", flags[i].name);
	if (!(m->flags & (MS_NOATIME | MS_STRICTATIME)))
		pseudo_printf(buf, ",relatime");
	if (m->type && m->type->show_options)
		m->type->show_options(m->sb, opts, sizeof(opts));
	pseudo_printf(buf, "%s 0 0\n", opts);
}

static int mounts_show(void *data, struct pseudo_buf *buf)
{
	mount_table_show(mounts_line, buf);
	return 0;
}

/*
 * /proc/sys/vm/drop_caches (write-only, Linux's sysctl): 1..4; bit 1
 * drops the clean page cache and the clean metadata caches (Linux's
 * buffers are block-device page cache), 2 (slab) the metadata caches;
 * each write is logged, as Linux logs it, until one has bit 4.
 */
static long drop_caches_write(void *data, const char *s, size_t len)
{
	static bool quiet;
	char text[16];
	int v, r;

	strlcpy(text, s, sizeof(text));
	r = kstrtoint(strstrip(text), 0, &v);
	if (r)
		return r;
	if (v < 1 || v > 4)
		return -EINVAL;
	if (v & 1)
		vmscan_drop_caches();
	if (v & 2)
		shrinker_drop_clean();
	if (!quiet)
		pr_info("%s (%d): drop_caches: %d\n", current->name,
			current->pid, v);
	quiet |= v & 4;
	return (long)len;
}

static const struct pseudo_file_ops drop_caches_ops = {
	.write = drop_caches_write,
	.max_write = 15,
};

/* /proc/sys/vm/dirty_*: one writeback tunable each (@data: which). */
static int dirty_show(void *data, struct pseudo_buf *buf)
{
	enum writeback_tunable t = (enum writeback_tunable)(long)data;

	/* an int, as Linux's proc_dointvec() shows it */
	pseudo_printf(buf, "%d\n", (int)writeback_tunable(t));
	return 0;
}

/* A value Linux's proc_dointvec_minmax() takes; out of range -EINVAL. */
static long dirty_write(void *data, const char *s, size_t len)
{
	char text[16];
	int v, r;

	strlcpy(text, s, sizeof(text));
	r = kstrtoint(strstrip(text), 0, &v);
	if (!r)
		r = writeback_set_tunable((enum writeback_tunable)(long)data,
					  v);
	return r ? r : (long)len;
}

static const struct pseudo_file_ops dirty_ops = {
	.show = dirty_show,
	.write = dirty_write,
	.max_write = 15,
};

static const char *const dirty_names[NR_WRITEBACK_TUNABLES] = {
	[DIRTY_EXPIRE_CENTISECS] = "dirty_expire_centisecs",
	[DIRTY_WRITEBACK_CENTISECS] = "dirty_writeback_centisecs",
	[DIRTY_RATIO] = "dirty_ratio",
	[DIRTY_BACKGROUND_RATIO] = "dirty_background_ratio",
};

/* /proc/sys/vm and its files. Context: the namespace lock held. */
static int proc_sys_create(struct dentry *root)
{
	struct dentry *sys = pseudo_mkdir(root, "sys", NULL, NULL);
	struct dentry *vm = sys ? pseudo_mkdir(sys, "vm", NULL, NULL) : NULL;
	int r;

	if (!vm)
		return -ENOMEM;
	r = pseudo_add_file(vm, "drop_caches", 0200, &drop_caches_ops, NULL);
	for (long t = 0; !r && t < NR_WRITEBACK_TUNABLES; t++)
		r = pseudo_add_file(vm, dirty_names[t], 0644, &dirty_ops,
				    (void *)t);
	return r;
}

/*
 * /proc/swaps: there is no swap, so only Linux's header line (its
 * swap_show()); programs count the lines after it to learn whether swap
 * is on (the cgroup selftests' is_swap_enabled()).
 */
static int swaps_show(void *data, struct pseudo_buf *buf)
{
	pseudo_printf(buf, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\t"
		      "Priority\n");
	return 0;
}

static const struct pseudo_file_ops meminfo_ops = { .show = meminfo_show };
static const struct pseudo_file_ops mounts_ops = { .show = mounts_show };
static const struct pseudo_file_ops swaps_ops = { .show = swaps_show };

/**
 * proc_create - the proc file system, to mount on /proc.
 *
 * Context: task context, may sleep; takes the namespace lock.
 * Return: its super block, or NULL without memory.
 */
struct super_block *proc_create(void)
{
	struct super_block *sb = pseudo_fs_create("proc", &root_ops, NULL);
	int r;

	if (!sb)
		return NULL;
	vfs_namespace_lock();
	r = pseudo_add_file(sb->root, "meminfo", 0444, &meminfo_ops, NULL);
	if (!r)
		r = pseudo_add_file(sb->root, "mounts", 0444, &mounts_ops,
				    NULL);
	if (!r)
		r = pseudo_add_file(sb->root, "swaps", 0444, &swaps_ops, NULL);
	if (!r)
		r = proc_sys_create(sb->root);
	vfs_namespace_unlock();
	return r ? NULL : sb;
}
