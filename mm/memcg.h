/* SPDX-License-Identifier: MIT */
/*
 * Memory cgroups (Linux's mem_cgroup): the memory controller of a cgroup
 * (kernel/cgroup.h). Each has a hierarchical page counter (memory.current,
 * memory.max, memory.peak, failcnt), memory.high, the event counters of
 * memory.events and memory.events.local, the memory.stat counters, the
 * cgroup v1 OOM control (oom_kill_disable, under_oom) and memory.oom.group.
 * The root is never limited and never charged (its counter stays 0; its
 * statistics count).
 *
 * A charge goes through the design chosen with memcg.design= or
 * memcg_set_design() (mm/memcg_design.c: PRE, V419RFC, V419, V419PLUS,
 * MOD, side by side in docs/memcg.md); a charged page points at its
 * memcg (page->memcg_data, mm/charge.c) and holds a reference on it, so
 * a removed cgroup with pages left lives on (Linux's offline memcg)
 * until the last one is uncharged.
 *
 * Locking: [I] immutable after creation; [a] atomic; [t] and [o]
 * memcg_tree_lock (a leaf spinlock: the list of memcgs, and the
 * hierarchy OOM lock and under_oom of mm/memcg_oom.c); [p] filemap_lock
 * (mm/filemap.h; memcg_tree_lock nests inside it).
 */
#ifndef MM_MEMCG_H
#define MM_MEMCG_H

#include "kernel/spinlock.h"
#include "lib/list.h"
#include "mm/gfp.h"
#include "mm/page_counter.h"
#include "mm/vmscan.h"

struct cgroup;
struct mm;

/* memory.events fields, in the file's order. */
enum memcg_event {
	MEMCG_LOW,
	MEMCG_HIGH,
	MEMCG_MAX,
	MEMCG_OOM,
	MEMCG_OOM_KILL,
	MEMCG_OOM_GROUP_KILL,
	MEMCG_NR_EVENTS,
};

/* memory.stat counters (pages), in the file's order. */
enum memcg_stat_item {
	MEMCG_ANON,
	MEMCG_FILE,
	MEMCG_KERNEL,
	MEMCG_PAGETABLES,
	MEMCG_SOCK,
	/* Page-cache pages in a state, already counted in "file": not
	 * charges of their own (mm/page_writeback.h). */
	MEMCG_FILE_MAPPED,	/* mapped by at least one entry (mm/mm.c) */
	MEMCG_FILE_DIRTY,
	MEMCG_FILE_WRITEBACK,
	MEMCG_NR_STAT,
};

/* The items above MEMCG_FILE_MAPPED: each page charged counts in one. */
#define MEMCG_NR_CHARGE_STAT	MEMCG_FILE_MAPPED

/* The charge-path designs (docs/memcg.md). */
enum memcg_design {
	MEMCG_DESIGN_PRE,	/* 3.12 - 4.18: OOM deferred to the fault end */
	MEMCG_DESIGN_V419RFC,	/* 4.19 as reviewed: WARN when no victim */
	MEMCG_DESIGN_V419,	/* 4.19.0: OOM in the charge, force if none */
	MEMCG_DESIGN_V419PLUS,	/* 4.20 - 5.15 */
	MEMCG_DESIGN_MOD,	/* >= 5.16 (6.1): no bypass, ENOMEM if none */
	MEMCG_NR_DESIGNS,
};

struct memcg {
	struct page_counter memory;	/* usage, max, watermark, failcnt */
	struct memcg *parent;		/* [I] NULL: the root */
	struct cgroup *cgroup;		/* [I] whose controller this is */
	long high;			/* [a] memory.high, pages */
	long swap_max;			/* [a] memory.swap.max (no swap) */
	long events[MEMCG_NR_EVENTS];	/* [a] memory.events */
	long events_local[MEMCG_NR_EVENTS]; /* [a] memory.events.local */
	long stat[MEMCG_NR_STAT];	/* [a] pages charged here, not below */
	bool oom_kill_disable;		/* [a] cgroup v1 oom_control */
	bool oom_group;			/* [a] memory.oom.group */
	int under_oom;			/* [o] OOM waits in this subtree */
	bool oom_locked;		/* [o] the hierarchy OOM lock */
	struct lruvec lruvec;		/* [p] filemap_lock: its clean
					 * page-cache pages (mm/vmscan.h) */
	long min;			/* [a] memory.min, pages */
	long low;			/* [a] memory.low, pages */
	long emin;			/* [a] effective min and low of the */
	long elow;			/* last reclaim walk (memcg_protection.c) */
	bool offline;			/* [a] its cgroup was removed: kmem
					 * stocks keep nothing for it */
	unsigned long kmem_bytes;	/* [a] kmem bytes charged in pages
					 * that no object or stock uses
					 * (mm/memcg_kmem.c) */
	u64 socket_pressure;		/* [a] ktime_get_ns() until which
					 * its sockets are under memory
					 * pressure (mm/memcg_sock.c) */
	struct list_head node;		/* [t] on memcg_list */
};

extern struct memcg root_memcg;
/* For the memcg files only: every non-root memcg, removed ones too. */
extern struct spinlock memcg_tree_lock;
extern struct list_head memcg_list;

static inline bool memcg_is_root(const struct memcg *m)
{
	return !m->parent;
}

static inline struct memcg *memcg_of_counter(struct page_counter *c)
{
	return (struct memcg *)((char *)c - __builtin_offsetof(struct memcg,
							       memory));
}

bool memcg_is_descendant(const struct memcg *m, const struct memcg *root);

/* Lifetime: a memcg lives as long as its cgroup (kernel/cgroup.c). */
struct memcg *memcg_alloc(struct memcg *parent, struct cgroup *cg);
void memcg_offline(struct memcg *m);
void memcg_free(struct memcg *m);
void memcg_get(struct memcg *m);
void memcg_put(struct memcg *m);
struct memcg *memcg_get_from_mm(struct mm *mm);

/* The design. */
enum memcg_design memcg_get_design(void);
void memcg_set_design(enum memcg_design d);

/* Charging (mm/charge.c is the door for pages). */
int memcg_charge(struct memcg *m, gfp_t gfp, unsigned int nr);
void memcg_uncharge(struct memcg *m, unsigned int nr);
int memcg_charge_kernel(struct memcg *m, gfp_t gfp, unsigned int nr);
void memcg_uncharge_kernel(struct memcg *m, unsigned int nr);
void memcg_stat_add(struct memcg *m, enum memcg_stat_item item, long nr);
void memcg_memory_event(struct memcg *m, enum memcg_event ev);
unsigned long memcg_reclaim(struct memcg *m, unsigned long nr, gfp_t gfp);

/* memory.min and memory.low in reclaim (mm/memcg_protection.c). */
unsigned long memcg_effective_protection(unsigned long usage,
					 unsigned long parent_usage,
					 unsigned long setting,
					 unsigned long parent_effective,
					 unsigned long siblings_protected,
					 bool recursive);
void memcg_calculate_protection(const struct memcg *root, struct memcg *m);
void memcg_protection(const struct memcg *root, const struct memcg *m,
		      unsigned long *min, unsigned long *low);
bool memcg_below_min(const struct memcg *m);
bool memcg_below_low(const struct memcg *m);

/* memory.high: reclaim and throttling on return to user space
 * (mm/memcg_high.c). */
void memcg_high_mark(struct memcg *m, unsigned int charged);
void memcg_handle_over_high(void);
void memcg_high_sync(gfp_t gfp);
u64 memcg_high_throttled_jiffies(void);

/* Kernel objects charged in bytes (mm/memcg_kmem.c). */
struct memcg *memcg_get_from_current(void);
int memcg_kmem_charge_obj(struct memcg *m, gfp_t gfp, unsigned int size);
void memcg_kmem_uncharge_obj(struct memcg *m, unsigned int size);
void memcg_kmem_drain_all(struct memcg *root);

/* Deferred OOM handling at the end of a user fault (mm/memcg_oom.c). */
bool memcg_oom_synchronize(bool handle);
void memcg_oom_recover(struct memcg *m);
bool memcg_oom_charge_kill(struct memcg *m, gfp_t gfp, int order);

/*
 * cgroup v1's OOM notification (mm/memcg_oom.c): a listener of @memcg
 * is told of each OOM of @memcg or an ancestor (Linux's
 * mem_cgroup_oom_notify()); fs/ turns that into an eventfd signal.
 * Locking: [e] memcg_oom_events (a spinlock above the wait queues).
 */
struct memcg_oom_listener {
	struct list_head node;		/* [e] on the listener list */
	struct memcg *memcg;		/* [e] NULL once detached */
	/* An OOM: [e] held, no sleeping. */
	void (*notify)(struct memcg_oom_listener *l);
	/* The memcg went offline: no lock held; the last call made. */
	void (*detached)(struct memcg_oom_listener *l);
};

bool memcg_oom_listen(struct memcg *m, struct memcg_oom_listener *l);
bool memcg_oom_unlisten(struct memcg_oom_listener *l);
void memcg_oom_detach_listeners(struct memcg *m);

/* Per-CPU charge stock (mm/memcg_stock.c). */
bool memcg_stock_consume(struct memcg *m, unsigned int nr);
void memcg_stock_refill(struct memcg *m, unsigned int nr);
void memcg_drain_all_stock(struct memcg *root);
unsigned long memcg_stock_pages(const struct memcg *m);

/* Values, as the files show them (mm/memcg_files.c). */
static inline long memcg_current(const struct memcg *m)
{
	return page_counter_read(&m->memory);
}

long memcg_event_read(const struct memcg *m, enum memcg_event ev,
		      bool local);
long memcg_stat_read(const struct memcg *m, enum memcg_stat_item item);

/* The files' writes and texts, in-kernel (mm/memcg_files.c). */
int memcg_write_max(struct memcg *m, const char *buf);
int memcg_write_high(struct memcg *m, const char *buf);
int memcg_write_swap_max(struct memcg *m, const char *buf);
int memcg_write_min(struct memcg *m, const char *buf);
int memcg_write_low(struct memcg *m, const char *buf);
int memcg_write_reclaim(struct memcg *m, const char *buf);
int memcg_write_oom_group(struct memcg *m, const char *buf);
int memcg_write_oom_control(struct memcg *m, const char *buf);
int memcg_show_events(const struct memcg *m, bool local, char *buf,
		      size_t size);
int memcg_show_stat(const struct memcg *m, char *buf, size_t size);
int memcg_show_oom_control(const struct memcg *m, char *buf, size_t size);
int memcg_set_max_path(const char *path, const char *value);
int memcg_set_max_list(char *list);
void memcg_init(void);

#endif
