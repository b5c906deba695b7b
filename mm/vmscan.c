// SPDX-License-Identifier: MIT
/*
 * Reclaim of clean page-cache pages (see mm/vmscan.h). A pass isolates
 * pages under filemap_lock, taking each out of its slot and its LRU in
 * one step (its refcount goes from the cache's 1 to 0, so no reader can
 * hold it), then uncharges and frees them with no lock held.
 */
#include "lib/list.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/page_writeback.h"
#include "mm/vmscan.h"

/* The memcg paying for a cached page (charged by mm_charge_page()). */
static struct memcg *slot_memcg(const struct filemap_slot *slot)
{
	return (struct memcg *)slot->page->memcg_data;
}

/**
 * vmscan_lru_add - put a newly cached page at the young end of its
 * memcg's file LRU.
 * @slot: the slot that just got its page
 *
 * Context: filemap_lock held.
 */
void vmscan_lru_add(struct filemap_slot *slot)
{
	spin_assert_held(&filemap_lock);
	list_add_tail(&slot->lru, &slot_memcg(slot)->lru_file);
}

/**
 * vmscan_lru_touch - a read hit the page of @slot: make it the youngest.
 * @slot: a slot with a page
 *
 * Context: filemap_lock held.
 */
void vmscan_lru_touch(struct filemap_slot *slot)
{
	spin_assert_held(&filemap_lock);
	list_del_init(&slot->lru);
	list_add_tail(&slot->lru, &slot_memcg(slot)->lru_file);
}

/* Take the idle page of @slot out of the cache; false if it is in use. */
static bool isolate_page(struct filemap_slot *slot, struct page **out)
{
	struct page *page = slot->page;
	s32 idle = 1;

	if (page_mapcount(page) || !filemap_page_reclaimable(page) ||
	    !__atomic_compare_exchange_n(&page->refcount, &idle, 0, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	list_del_init(&slot->lru);
	slot->page = NULL;
	slot->mapping->nrpages--;
	*out = page;
	return true;
}

/* Isolate up to @nr idle pages from @m's LRU, oldest first, into @pages. */
static unsigned long isolate_from(struct memcg *m, unsigned long nr,
				  struct page **pages)
{
	struct filemap_slot *slot, *next;
	unsigned long got = 0;

	list_for_each_entry_safe(slot, next, &m->lru_file, lru) {
		if (got == nr)
			break;
		if (isolate_page(slot, &pages[got]))
			got++;
	}
	return got;
}

/* One pass over @root's subtree: at most @nr pages into @pages. */
static unsigned long isolate_subtree(struct memcg *root, unsigned long nr,
				     struct page **pages)
{
	unsigned long got;
	struct memcg *m;

	spin_lock(&filemap_lock);
	got = isolate_from(root, nr, pages);
	spin_lock(&memcg_tree_lock);
	list_for_each_entry(m, &memcg_list, node)
		if (m != root && memcg_is_descendant(m, root) && got < nr)
			got += isolate_from(m, nr - got, pages + got);
	spin_unlock(&memcg_tree_lock);
	spin_unlock(&filemap_lock);
	filemap_count_pages(-(long)got);
	return got;
}

/**
 * try_to_free_mem_cgroup_pages - free clean page-cache pages charged to
 * @m or below it, as Linux's function of that name does for file pages:
 * at least VMSCAN_BATCH when there are that many, as Linux's
 * SWAP_CLUSTER_MAX.
 * @m: the memcg over a limit (the root: every memcg)
 * @nr: pages wanted
 * @gfp: the charge's flags: reclaim never does I/O; when it falls short
 *	 while dirty pages remain, it kicks the flusher and, if @gfp
 *	 allows, waits once for writeback (writeback_throttle_reclaim())
 *
 * Context: any that may free pages; no spinlock held.
 * Return: the pages freed, each uncharged from the memcg that paid.
 */
unsigned long try_to_free_mem_cgroup_pages(struct memcg *m,
					   unsigned long nr, gfp_t gfp)
{
	struct page *pages[VMSCAN_BATCH];
	unsigned long want = nr > VMSCAN_BATCH ? nr : VMSCAN_BATCH;
	unsigned long freed = 0, got;
	bool throttled = false;

again:
	do {
		got = isolate_subtree(m, MIN(want - freed, VMSCAN_BATCH),
				      pages);
		for (unsigned long i = 0; i < got; i++)
			filemap_free_page(pages[i]);
		freed += got;
	} while (got && freed < want);
	if (freed < want && !throttled) {
		throttled = true;
		if (writeback_throttle_reclaim(m, gfp))
			goto again;
	}
	return freed;
}

/**
 * vmscan_drop_caches - drop every idle page of the page cache (echo 1 >
 * /proc/sys/vm/drop_caches).
 *
 * Context: task context, no spinlock held.
 * Return: the pages freed.
 */
unsigned long vmscan_drop_caches(void)
{
	return try_to_free_mem_cgroup_pages(&root_memcg, PAGE_COUNTER_MAX,
					    GFP_KERNEL);
}
