/* SPDX-License-Identifier: MIT */
/*
 * Reclaim (Linux 6.1's mm/vmscan.c, file pages only). Every memory
 * cgroup keeps its clean page-cache pages on two lists, inactive and
 * active, oldest first. A page comes in inactive and referenced (the
 * read that brought it in); the next access promotes it to the active
 * list (Linux's folio_mark_accessed()). Reclaim frees from the old end
 * of the inactive list and refills it from the old end of the active
 * list whenever the inactive list is smaller than the active one divided
 * by Linux's inactive ratio (shrink_active_list()).
 *
 * A reclaim walks the target memcg's subtree top-down once per priority,
 * 12 down to 0, scanning 1/2^priority of each list, until it has freed
 * what was asked (at least VMSCAN_BATCH). Each memcg's effective
 * memory.min and memory.low (mm/memcg_protection.c) are worked out on
 * the way: a memcg under its min is never touched, one under its low
 * only in a second walk made because the first freed nothing (and then
 * memory.events "low" counts), and one above its protection is scanned
 * in proportion to its unprotected share, as Linux's get_scan_count().
 *
 * Anonymous pages have no lists here: with no swap nothing ever scans
 * them, so memory.stat's inactive_anon and active_anon are counts
 * (Linux 6.1 puts a new anonymous page on the inactive list, and only a
 * scan of the anon lists, which it skips without swap, moves it).
 *
 * A mapped page is looked at through the reverse map (mm/filemap_rmap.h):
 * an entry accessed since the last scan keeps it, or activates it (the
 * second time, a second entry, a VM_EXEC mapping), an mlocked mapping
 * activates it and keeps it mapped, and one nobody touched is unmapped -
 * every CPU's TLB shot down, a dirty entry's bit moved to the page - and
 * freed when clean. Deactivation clears the accessed bits too, and keeps
 * a referenced VM_EXEC page active (shrink_active_list()).
 *
 * There is no kswapd: reclaim runs in the charge path, on return to
 * user space over memory.high, on memory.max/high/reclaim writes, and
 * in the page allocator before it fails (vmscan_alloc_reclaim()).
 *
 * Locking: [p] filemap_lock (mm/filemap.h): the lists and their sizes
 * (read without it as [a]); [a] atomic: the event counters. The walk
 * takes memcg_tree_lock inside filemap_lock.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "lib/list.h"
#include "mm/gfp.h"

struct filemap_slot;
struct memcg;

/* Pages a reclaim call frees at least when it can (SWAP_CLUSTER_MAX). */
#define VMSCAN_BATCH	32UL

enum lru_list {
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	NR_LRU_LISTS,
};

/* memory.stat's reclaim counters (Linux's vm events of one memcg). */
enum vmscan_event {
	VMSCAN_PGSCAN,		/* inactive pages scanned */
	VMSCAN_PGSTEAL,		/* ... and freed */
	VMSCAN_PGREFILL,	/* active pages scanned */
	VMSCAN_PGACTIVATE,	/* moved to the active list */
	VMSCAN_PGDEACTIVATE,	/* moved to the inactive list */
	VMSCAN_NR_EVENTS,
};

/* One memcg's page-cache LRUs (Linux's lruvec, one node). */
struct lruvec {
	struct list_head lists[NR_LRU_LISTS];	/* [p] of filemap_slot, old
						 * end first */
	long nr[NR_LRU_LISTS];			/* [p] to modify; [a] */
	long events[VMSCAN_NR_EVENTS];		/* [a] */
};

void lruvec_init(struct lruvec *lruvec);
void vmscan_lru_add(struct filemap_slot *slot);
void vmscan_lru_touch(struct filemap_slot *slot);
void vmscan_lru_del(struct filemap_slot *slot);
unsigned long try_to_free_mem_cgroup_pages(struct memcg *m,
					   unsigned long nr, gfp_t gfp);
bool vmscan_alloc_reclaim(gfp_t gfp, unsigned int order);
unsigned long vmscan_drop_caches(void);
long vmscan_lru_pages(const struct memcg *m, enum lru_list lru);
long vmscan_event_read(const struct memcg *m, enum vmscan_event ev);

#endif
