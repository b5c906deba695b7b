/* SPDX-License-Identifier: MIT */
/*
 * Reclaim (Linux's mm/vmscan.c, file pages only): every memory cgroup
 * keeps its clean page-cache pages on one file LRU, oldest first; a read
 * that hits a page moves it to the young end. Reclaiming for a memcg
 * scans its own LRU and those of every memcg below it (removed ones
 * too), drops the idle pages from the cache and frees them, each
 * uncharged once; a page someone is reading (or, later, has mapped) is
 * skipped. The next read of a dropped page reads it in again.
 *
 * One list, not Linux's active and inactive pair: memory.stat shows
 * "file" only. There is no swap, so anonymous pages are never reclaimed,
 * and no kswapd: reclaim runs in the charge path, on return to user
 * space over memory.high and on a memory.max write.
 *
 * Locking: the LRUs are [p] filemap_lock (mm/filemap.h); the subtree
 * walk takes memcg_tree_lock inside it.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "mm/gfp.h"

struct filemap_slot;
struct memcg;

/* Pages a reclaim call frees at least when it can (SWAP_CLUSTER_MAX). */
#define VMSCAN_BATCH	32UL

void vmscan_lru_add(struct filemap_slot *slot);
void vmscan_lru_touch(struct filemap_slot *slot);
unsigned long try_to_free_mem_cgroup_pages(struct memcg *m,
					   unsigned long nr, gfp_t gfp);
unsigned long vmscan_drop_caches(void);

#endif
