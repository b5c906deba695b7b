/* SPDX-License-Identifier: MIT */
/*
 * What fs/cgroupfs.c (the directories and the cgroup.* files) and
 * fs/cgroupfs_memory.c (the memory controller's files) share. A file's
 * data is the id of its group's entry (struct cgfs_group), never a
 * pointer to the group: an open file may outlive the group, and its
 * next read or write must find out (-ENODEV) rather than touch freed
 * memory.
 */
#ifndef FS_CGROUPFS_INTERNAL_H
#define FS_CGROUPFS_INTERNAL_H

#include "fs/pseudo.h"

#include "lib/list.h"

struct cgroup;

/* A file's owner and mode, recorded when a chown or chmod changes them:
 * the file's inode is made anew at every lookup. */
struct cgfs_file_attr {
	bool set;			/* false: root's, the default mode */
	u32 mode, uid, gid;
};

/*
 * A group directory's entry (fs/cgroupfs.c). Locking: [I] immutable;
 * [F] cgroupfs_mutex (fs/cgroupfs.c's legend).
 */
struct cgfs_group {
	struct list_head node;		/* [F] on cgfs_groups */
	unsigned long id;		/* [I] what its files name it by */
	struct cgroup *cg;		/* [I] with a reference */
	struct cgfs_group *parent;	/* [I] NULL: the root */
	bool memory;			/* [F] in its cgroup.subtree_control */
	bool pids;			/* [F] in its cgroup.subtree_control */
	bool cpu;			/* [F] in its cgroup.subtree_control */
	bool threaded;			/* [F] cgroup.type "threaded"
					 * (fs/cgroupfs_type.c) */
	struct cgfs_file_attr *attrs;	/* [F] an owner and mode per file
					 * of its cgroup.* and controller
					 * files, once one changed (chown,
					 * chmod); NULL: none has */
};

extern struct list_head cgfs_groups;	/* every entry but the root's */

/* Where a file appears (Linux's CFTYPE_ONLY_ON_ROOT/NOT_ON_ROOT). */
#define CGFS_ON_ROOT	0x1
#define CGFS_ON_CHILD	0x2
/* Only while the memory controller is enabled for the group (in its
 * parent's cgroup.subtree_control; always on the root). */
#define CGFS_MEMORY	0x4
/* Likewise for the pids controller (fs/cgroupfs_pids.c). */
#define CGFS_PIDS	0x8
/* Likewise for the cpu controller (fs/cgroupfs_cpu.c). */
#define CGFS_CPU	0x10

struct cgfs_file {
	const char *name;
	u32 mode;
	u32 where;			/* CGFS_* */
	struct pseudo_file_ops ops;
};

extern const struct cgfs_file cgfs_memory_files[];
extern const size_t cgfs_nr_memory_files;

/* The pids controller's files (fs/cgroupfs_pids.c). */
int cgfs_pids_max_show(void *data, struct pseudo_buf *buf);
long cgfs_pids_max_write(void *data, const char *s, size_t len);
int cgfs_pids_current_show(void *data, struct pseudo_buf *buf);
int cgfs_pids_events_show(void *data, struct pseudo_buf *buf);

/* The cpu controller's files (fs/cgroupfs_cpu.c). */
int cgfs_cpu_stat_show(void *data, struct pseudo_buf *buf);
int cgfs_cpu_weight_show(void *data, struct pseudo_buf *buf);
long cgfs_cpu_weight_write(void *data, const char *s, size_t len);
int cgfs_cpu_nice_show(void *data, struct pseudo_buf *buf);
long cgfs_cpu_nice_write(void *data, const char *s, size_t len);
int cgfs_cpu_max_show(void *data, struct pseudo_buf *buf);
long cgfs_cpu_max_write(void *data, const char *s, size_t len);

int cgfs_get(void *data, struct cgroup **cg);
int cgfs_get_cpu(void *data, struct cgroup **cg, bool *cpu_on);
void cgfs_procs_attr(const struct cgfs_group *g, u32 *mode, u32 *uid,
		     u32 *gid);

/* Who may move a process (fs/cgroupfs_perm.c). */
struct file;
int cgfs_may_migrate(struct file *file, struct cgroup *src,
		     const struct cgfs_group *dst);
struct cgfs_group *cgfs_lock_live(void *data);
void cgfs_unlock(void);

/* cgroup.type, cgroup.threads and the threaded model's rules
 * (fs/cgroupfs_type.c). */
int cgfs_type_show(void *data, struct pseudo_buf *buf);
long cgfs_type_write(void *data, const char *s, size_t len);
int cgfs_threads_show(void *data, struct pseudo_buf *buf);
long cgfs_threads_write(struct file *file, void *data, const char *s,
			size_t len);
struct process;
struct cgroup *cgfs_thread_group(struct process *p, int tid);
int cgfs_vet_dst(const struct cgfs_group *g);
int cgfs_vet_enable_memory(const struct cgfs_group *g);
int cgfs_vet_enable_threaded(const struct cgfs_group *g);
bool cgfs_subtree_populated(struct cgroup *cg);

/* cgroup.event_control (fs/cgroupfs_event.c). */
long cgfs_event_control_write(void *data, const char *s, size_t len);

#endif
