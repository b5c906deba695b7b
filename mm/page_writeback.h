/* SPDX-License-Identifier: MIT */
/*
 * Dirty page accounting and writeback (Linux's mm/page-writeback.c and
 * fs/fs-writeback.c): the machine's Dirty and Writeback counts, the
 * dirty limits and the writer's throttling, the flusher thread, and
 * reclaim's wait for writeback.
 *
 * A mapping with dirty pages sits on writeback_dirty_mappings, stamped
 * with the time it was first dirtied (mm/filemap.h). The flusher thread
 * ("flush", Linux's per-bdi "kworker/u:N-flush") wakes every
 * dirty_writeback_centisecs and writes back each file dirty for longer
 * than dirty_expire_centisecs; kicked (background threshold crossed,
 * reclaim found dirty pages, sync) it writes back every dirty file. It
 * pins each file (a reference on its inode, taken only while the inode
 * is live) and calls the file system's writepages, which takes the
 * file's lock.
 *
 * Limits, as Linux 6.1's domain_dirty_limits(): dirtyable memory is the
 * free pages plus the page cache; the background threshold is
 * dirty_background_ratio percent of it and the hard one dirty_ratio
 * percent. A memory cgroup is a domain of its own, as cgroup v2
 * writeback makes it: its dirtyable memory is its file pages plus its
 * headroom below memory.max (at most the machine's).
 *
 * Locking: the list and the mappings' dirty fields are [p] filemap_lock;
 * the tunables are [a].
 */
#ifndef MM_PAGE_WRITEBACK_H
#define MM_PAGE_WRITEBACK_H

#include "kernel/wait.h"
#include "lib/list.h"
#include "mm/gfp.h"
#include "mm/memcg.h"

struct address_space;
struct mm;
struct super_block;

/* The sysctls of /proc/sys/vm, Linux 6.1's defaults. */
enum writeback_tunable {
	DIRTY_EXPIRE_CENTISECS,		/* 3000: age that the flusher writes */
	DIRTY_WRITEBACK_CENTISECS,	/* 500: its period; 0 stops it */
	DIRTY_RATIO,			/* 20: percent, the writer writes */
	DIRTY_BACKGROUND_RATIO,		/* 10: percent, the flusher starts */
	NR_WRITEBACK_TUNABLES,
};

extern struct list_head writeback_dirty_mappings;	/* [p] */
/* Woken whenever a page's writeback ends. */
extern struct wait_queue_head writeback_wq;

unsigned int writeback_tunable(enum writeback_tunable t);
int writeback_set_tunable(enum writeback_tunable t, int value);
void writeback_count(enum memcg_stat_item item, long nr);
unsigned long writeback_nr_dirty(void);
unsigned long writeback_nr_writeback(void);
void writeback_page_done(void);
void balance_dirty_pages(struct address_space *mapping);
void balance_dirty_pages_mapped(struct mm *mm);
void writeback_kick_memcg(struct memcg *m);
bool writeback_throttle_reclaim(struct memcg *m, gfp_t gfp);
int writeback_sync(struct super_block *sb);
void writeback_init(void);

#endif
