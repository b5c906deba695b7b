// SPDX-License-Identifier: MIT
/*
 * Reclaim of clean page-cache pages (see mm/vmscan.h). A scan works in
 * chunks of at most VMSCAN_BATCH pages: a chunk runs under filemap_lock
 * and memcg_tree_lock, finds its memcg, moves pages between that memcg's
 * lists and isolates the ones it frees, taking each out of its slot in
 * one step (the cache's refcount 1 goes to 0, so no reader holds it);
 * the isolated pages are uncharged and freed once both locks are
 * dropped. A mapped page whose file has reverse-map links is held and
 * left for after the spinlocks: with filemap_rmap tried before the chunk
 * and held to its end, its entries' accessed bits decide (Linux 6.1's
 * folio_check_references()), and one no entry accessed is unmapped
 * everywhere, then isolated like the others (the cache's reference and
 * the chunk's, 2 -> 0) if it is clean; a dirty entry made it dirty, and
 * writeback comes first. The walk holds no memcg between chunks: it
 * finds the n-th memcg of the subtree again, so a memcg created or
 * removed meanwhile shifts the walk by one (one memcg visited twice or
 * skipped in a round, which Linux's mem_cgroup_iter() allows too).
 */
#include "kernel/ktest.h"
#include "kernel/sched.h"
#include "lib/list.h"
#include "mm/filemap.h"
#include "mm/filemap_rmap.h"
#include "mm/memcg.h"
#include "mm/page_writeback.h"
#include "mm/shrinker.h"
#include "mm/vma.h"
#include "mm/vmscan.h"

/* The first pass scans 1/2^DEF_PRIORITY of each list, the last all. */
#define DEF_PRIORITY	12

/* One reclaim call (Linux's struct scan_control). */
struct scan_control {
	struct memcg *target;		/* whose subtree is reclaimed */
	unsigned long nr_to_reclaim;	/* per memcg visited, as Linux */
	unsigned long nr_reclaimed;
	int priority;
	bool low_reclaim;		/* reclaim under memory.low too */
	bool low_skipped;		/* some memcg was spared for its low */
	bool force_deactivate;		/* refill inactive lists regardless */
	bool skipped_deactivate;	/* an active list was left alone */
	bool ignore_protection;		/* drop_caches */
	bool may_unmap;			/* unmap mapped pages (not for
					 * drop_caches, as Linux's) */
};

/*
 * A mapped page a chunk met, held by a reference of the chunk's, whose
 * entries are looked at through the reverse map once the chunk's
 * spinlocks are dropped (the walk sleeps). The file stays: filemap_rmap
 * is held from the chunk to the walk, so its link pins it.
 */
struct mapped_page {
	struct page *page;
	struct address_space *mapping;
	pgoff_t index;
	enum lru_list lru;		/* the list it was met on */
};

/* One memcg's visit: what is left to scan and what the chunk took. */
struct lru_scan {
	unsigned long nr[NR_LRU_LISTS];
	unsigned long reclaimed;
	unsigned long nr_pages;
	struct page *pages[VMSCAN_BATCH];
	bool rmap_locked;		/* this chunk holds filemap_rmap */
	unsigned long nr_mapped;
	struct mapped_page mapped[VMSCAN_BATCH];
};

/* The memcg paying for a cached page (charged by mm_charge_page()). */
static struct lruvec *slot_lruvec(const struct filemap_slot *slot)
{
	return &((struct memcg *)slot->page->memcg_data)->lruvec;
}

/**
 * lruvec_init - empty page-cache LRUs for a new memcg.
 * @lruvec: the memcg's
 *
 * Context: any; @lruvec not yet visible.
 */
void lruvec_init(struct lruvec *lruvec)
{
	*lruvec = (struct lruvec){ 0 };
	for (int lru = 0; lru < NR_LRU_LISTS; lru++)
		INIT_LIST_HEAD(&lruvec->lists[lru]);
}

static void count_event(struct lruvec *lruvec, enum vmscan_event ev,
			unsigned long nr)
{
	if (nr)
		__atomic_add_fetch(&lruvec->events[ev], nr, __ATOMIC_RELAXED);
}

/* @slot at the young end of @lru. Context: filemap_lock held. */
static void lru_add(struct lruvec *lruvec, struct filemap_slot *slot,
		    enum lru_list lru)
{
	list_add_tail(&slot->lru, &lruvec->lists[lru]);
	__atomic_add_fetch(&lruvec->nr[lru], 1, __ATOMIC_RELAXED);
}

static void lru_del(struct lruvec *lruvec, struct filemap_slot *slot,
		    enum lru_list lru)
{
	list_del_init(&slot->lru);
	__atomic_sub_fetch(&lruvec->nr[lru], 1, __ATOMIC_RELAXED);
}

static enum lru_list page_lru(const struct page *page)
{
	return page->flags & PG_active ? LRU_ACTIVE_FILE : LRU_INACTIVE_FILE;
}

/* Move @slot to the young end of @to, its page flagged to match. */
static void lru_move(struct lruvec *lruvec, struct filemap_slot *slot,
		     enum lru_list to)
{
	lru_del(lruvec, slot, page_lru(slot->page));
	if (to == LRU_ACTIVE_FILE)
		slot->page->flags |= PG_active;
	else
		slot->page->flags &= ~PG_active;
	lru_add(lruvec, slot, to);
}

/**
 * vmscan_lru_add - put a newly cached page on its memcg's inactive
 * list, marked referenced by the read that brought it in (Linux 6.1's
 * filemap_read() marks each page it copies from accessed), so that the
 * next access promotes it.
 * @slot: the slot that just got its page
 *
 * Context: filemap_lock held.
 */
void vmscan_lru_add(struct filemap_slot *slot)
{
	spin_assert_held(&filemap_lock);
	slot->page->flags &= ~PG_active;
	slot->page->flags |= PG_referenced;
	lru_add(slot_lruvec(slot), slot, LRU_INACTIVE_FILE);
}

/**
 * vmscan_lru_touch - an access hit the page of @slot (Linux's
 * folio_mark_accessed()): an inactive page already referenced moves to
 * the active list; any other page is marked referenced. A list keeps
 * its order: only promotion moves a page.
 * @slot: a slot with a page
 *
 * Context: filemap_lock held.
 */
void vmscan_lru_touch(struct filemap_slot *slot)
{
	struct page *page = slot->page;

	spin_assert_held(&filemap_lock);
	if (!(page->flags & PG_active) && (page->flags & PG_referenced)) {
		page->flags &= ~PG_referenced;
		lru_move(slot_lruvec(slot), slot, LRU_ACTIVE_FILE);
		count_event(slot_lruvec(slot), VMSCAN_PGACTIVATE, 1);
	} else {
		page->flags |= PG_referenced;
	}
}

/**
 * vmscan_lru_del - take the page of @slot, leaving the cache other than
 * by reclaim (a file system dropping pages the device changed under),
 * off its list.
 * @slot: a slot whose page the caller is taking out
 *
 * Context: filemap_lock held.
 */
void vmscan_lru_del(struct filemap_slot *slot)
{
	struct page *page = slot->page;

	spin_assert_held(&filemap_lock);
	lru_del(slot_lruvec(slot), slot, page_lru(page));
	page->flags &= ~(PG_active | PG_referenced);
}

enum page_references {
	PAGEREF_RECLAIM,
	PAGEREF_KEEP,
	PAGEREF_ACTIVATE,
};

/*
 * What a scan of the inactive list does with @page when no reverse-map
 * walk looks at its entries (Linux 6.1's folio_check_references()). An
 * unmapped page is reclaimed whether it is marked referenced or not
 * (Linux: FOLIOREF_RECLAIM_CLEAN): only an access before the scan, which
 * promotes it, saves it. A mapped page whose entries cannot be walked
 * (a file without links: the initramfs; filemap_rmap busy; drop_caches,
 * which never unmaps) counts as referenced through its entries: kept on
 * a first scan, activated on the next, or at once when more than one
 * entry maps it.
 */
static enum page_references page_check_references(struct page *page)
{
	bool referenced = page->flags & PG_referenced;
	int mapped = page_mapcount(page);

	page->flags &= ~PG_referenced;
	if (!mapped)
		return PAGEREF_RECLAIM;
	page->flags |= PG_referenced;
	return referenced || mapped > 1 ? PAGEREF_ACTIVATE : PAGEREF_KEEP;
}

/*
 * Linux 6.1's folio_check_references() for a page whose entries the
 * reverse map walked: an entry in a VM_LOCKED VMA activates it (Linux
 * moves it to the unevictable list); a busy lock keeps it for the next
 * round; accessed entries keep it marked referenced, and activate it if
 * it was marked already, if more than one was accessed, or if one is in
 * a VM_EXEC VMA; no accessed entry: reclaim. Context: filemap_lock.
 */
static enum page_references
mapped_page_references(struct page *page, const struct filemap_rmap_refs *refs)
{
	bool referenced = page->flags & PG_referenced;

	page->flags &= ~PG_referenced;
	if (refs->vm_flags & VM_LOCKED)
		return PAGEREF_ACTIVATE;
	if (refs->contended)
		return PAGEREF_KEEP;
	if (!refs->young)
		return PAGEREF_RECLAIM;
	page->flags |= PG_referenced;
	if (referenced || refs->young > 1 || (refs->vm_flags & VM_EXEC))
		return PAGEREF_ACTIVATE;
	return PAGEREF_KEEP;
}

/*
 * Take @slot's page out of the cache unless someone holds it: @idle
 * references are the cache's and the caller's own.
 */
static bool isolate_page(struct lruvec *lruvec, struct filemap_slot *slot,
			 struct lru_scan *ls, s32 idle)
{
	struct page *page = slot->page;

	if (!filemap_page_reclaimable(page) ||	/* dirty, or written */
	    !__atomic_compare_exchange_n(&page->refcount, &idle, 0, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	lru_del(lruvec, slot, page_lru(page));
	page->flags &= ~(PG_active | PG_referenced);
	slot->page = NULL;
	slot->mapping->nrpages--;
	ls->pages[ls->nr_pages++] = page;
	count_event(lruvec, VMSCAN_PGSTEAL, 1);
	return true;
}

/*
 * Leave @slot's page, met on @lru, to the reverse-map walk after the
 * chunk (shrink_mapped()) if it is mapped and its entries can be found:
 * held, and moved to the young end of @lru meanwhile. Context:
 * filemap_lock.
 */
static bool defer_mapped(struct lruvec *lruvec, struct filemap_slot *slot,
			 struct lru_scan *ls, enum lru_list lru)
{
	struct page *page = slot->page;
	struct mapped_page *mp;

	if (!ls->rmap_locked || !page_mapcount(page) ||
	    !filemap_rmap_wanted(slot->mapping) ||
	    !__atomic_load_n(&slot->mapping->nr_mms, __ATOMIC_RELAXED))
		return false;
	mp = &ls->mapped[ls->nr_mapped++];
	*mp = (struct mapped_page){ .page = page, .mapping = slot->mapping,
				    .index = slot->index, .lru = lru };
	page_get(page);
	lru_move(lruvec, slot, lru);
	return true;
}

/* Room in the chunk's arrays for one more page of either kind? */
static bool chunk_has_room(const struct lru_scan *ls)
{
	return ls->nr_pages < VMSCAN_BATCH && ls->nr_mapped < VMSCAN_BATCH;
}

/*
 * Scan up to @nr pages from the old end of @lruvec's inactive list. No
 * more than the list holds: a page moved to the young end is not met
 * twice in one scan.
 */
static void shrink_inactive_list(struct lruvec *lruvec, unsigned long nr,
				 struct lru_scan *ls)
{
	struct list_head *list = &lruvec->lists[LRU_INACTIVE_FILE];
	unsigned long scanned = 0;

	nr = MIN(nr, (unsigned long)lruvec->nr[LRU_INACTIVE_FILE]);
	while (scanned < nr && chunk_has_room(ls)) {
		struct filemap_slot *slot =
			list_first_entry(list, struct filemap_slot, lru);
		enum page_references ref;

		scanned++;
		if (defer_mapped(lruvec, slot, ls, LRU_INACTIVE_FILE))
			continue;
		ref = page_check_references(slot->page);
		if (ref == PAGEREF_ACTIVATE) {
			lru_move(lruvec, slot, LRU_ACTIVE_FILE);
			count_event(lruvec, VMSCAN_PGACTIVATE, 1);
		} else if (ref == PAGEREF_KEEP ||
			   !isolate_page(lruvec, slot, ls, 1)) {
			/* Mapped, or someone is reading it: keep it. */
			lru_move(lruvec, slot, LRU_INACTIVE_FILE);
		}
	}
	count_event(lruvec, VMSCAN_PGSCAN, scanned);
}

/*
 * Move up to @nr pages from the old end of the active list to the young
 * end of the inactive one (Linux's shrink_active_list()). A mapped page
 * goes through the reverse map first (shrink_mapped()): its accessed
 * bits are cleared, and a referenced one in a VM_EXEC VMA stays active.
 */
static void shrink_active_list(struct lruvec *lruvec, unsigned long nr,
			       struct lru_scan *ls)
{
	struct list_head *list = &lruvec->lists[LRU_ACTIVE_FILE];
	unsigned long scanned = 0, moved = 0;

	nr = MIN(nr, (unsigned long)lruvec->nr[LRU_ACTIVE_FILE]);
	while (scanned < nr && chunk_has_room(ls)) {
		struct filemap_slot *slot =
			list_first_entry(list, struct filemap_slot, lru);

		scanned++;
		if (defer_mapped(lruvec, slot, ls, LRU_ACTIVE_FILE))
			continue;
		lru_move(lruvec, slot, LRU_INACTIVE_FILE);
		moved++;
	}
	count_event(lruvec, VMSCAN_PGREFILL, scanned);
	count_event(lruvec, VMSCAN_PGDEACTIVATE, moved);
}

/*
 * Is the inactive list too small for the active one (Linux's
 * inactive_is_low())? Their ratio is sqrt(10 * GiB of both), at least 1.
 */
static bool inactive_is_low(const struct lruvec *lruvec)
{
	unsigned long inactive = lruvec->nr[LRU_INACTIVE_FILE];
	unsigned long active = lruvec->nr[LRU_ACTIVE_FILE];
	unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
	unsigned long ratio = 1;

	while ((ratio + 1) * (ratio + 1) <= 10 * gb)
		ratio++;
	return inactive * ratio < active;
}

/* One round of Linux's shrink_lruvec() loop: a chunk of each list. */
static void shrink_chunk(struct scan_control *sc, struct lruvec *lruvec,
			 struct lru_scan *ls)
{
	for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
		unsigned long n = MIN(ls->nr[lru], VMSCAN_BATCH);

		ls->nr[lru] -= n;
		if (!n)
			continue;
		if (lru == LRU_INACTIVE_FILE)
			shrink_inactive_list(lruvec, n, ls);
		else if (sc->force_deactivate || inactive_is_low(lruvec))
			shrink_active_list(lruvec, n, ls);
		else
			sc->skipped_deactivate = true;
	}
}

/*
 * How much of each of @m's lists this pass scans (Linux 6.1's
 * get_scan_count() for file pages): the list's size less the share of
 * @m's usage its protection covers, at least VMSCAN_BATCH when it is
 * protected at all, over 2^priority.
 */
static void get_scan_count(struct scan_control *sc, struct memcg *m,
			   struct lru_scan *ls)
{
	unsigned long min = 0, low = 0, protection;
	unsigned long usage = (unsigned long)memcg_current(m);

	if (!sc->ignore_protection)
		memcg_protection(sc->target, m, &min, &low);
	if (!sc->low_reclaim && low > min) {
		protection = low;
		sc->low_skipped = true;
	} else {
		protection = min;
	}
	for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
		unsigned long size = (unsigned long)m->lruvec.nr[lru];
		unsigned long scan = size;

		if (min || low) {
			scan = size - size * protection /
				      (MAX(usage, protection) + 1);
			scan = MAX(scan, VMSCAN_BATCH);
		}
		scan >>= sc->priority;
		if (!scan && __atomic_load_n(&m->offline, __ATOMIC_RELAXED))
			scan = MIN(size, VMSCAN_BATCH);
		ls->nr[lru] = scan;
	}
}

/*
 * Does this pass reclaim from @m at all (Linux's shrink_node_memcgs())?
 * Not under its effective min; under its effective low only in a pass
 * that overrides low, which memory.events counts.
 */
static bool may_reclaim(struct scan_control *sc, struct memcg *m)
{
	if (sc->ignore_protection)
		return true;
	memcg_calculate_protection(sc->target, m);
	if (memcg_below_min(m))
		return false;
	if (memcg_below_low(m)) {
		if (!sc->low_reclaim) {
			sc->low_skipped = true;
			return false;
		}
		memcg_memory_event(m, MEMCG_LOW);
	}
	return true;
}

/*
 * The @idx-th memcg of @target's walk: @target, then its descendants in
 * creation order, so each parent comes before its children (the order
 * the effective protection is worked out in). NULL past the end.
 */
static struct memcg *walk_nth(struct memcg *target, unsigned long idx)
{
	struct memcg *m;

	spin_assert_held(&memcg_tree_lock);
	if (!idx)
		return target;
	list_for_each_entry(m, &memcg_list, node)
		if (m != target && memcg_is_descendant(m, target) && !--idx)
			return m;
	return NULL;
}

static bool scan_left(const struct lru_scan *ls)
{
	return ls->nr[LRU_INACTIVE_FILE] || ls->nr[LRU_ACTIVE_FILE];
}

/*
 * The verdict on a mapped page met on the active list (Linux 6.1's
 * shrink_active_list()): deactivated, unless an accessed entry is in a
 * VM_EXEC VMA. Context: filemap_lock; the page still on that list.
 */
static void mapped_active_verdict(struct filemap_slot *slot,
				  const struct filemap_rmap_refs *refs)
{
	struct lruvec *lruvec = slot_lruvec(slot);

	if ((refs->young || refs->contended) && (refs->vm_flags & VM_EXEC))
		return;
	lru_move(lruvec, slot, LRU_INACTIVE_FILE);
	count_event(lruvec, VMSCAN_PGDEACTIVATE, 1);
}

/*
 * The cache's slot of @mp's page while it is still there and on the list
 * it was met on (no one freed, moved or promoted it meanwhile), else
 * NULL. Context: filemap_lock.
 */
static struct filemap_slot *mapped_slot(const struct mapped_page *mp)
{
	struct filemap_slot *slot = &mp->mapping->slots[mp->index];

	spin_assert_held(&filemap_lock);
	if (slot->page != mp->page || page_lru(mp->page) != mp->lru)
		return NULL;
	return slot;
}

/*
 * Decide on one mapped page from its entries' accessed bits, and for a
 * page none was accessed through: unmap it everywhere, then take it out
 * of the cache if it is clean and no one else holds it (a dirty entry
 * made it dirty: it waits for writeback on the inactive list). Return:
 * whether it was isolated (its reference, like the cache's, is gone).
 */
static bool shrink_mapped_page(struct lru_scan *ls, struct mapped_page *mp)
{
	struct filemap_rmap_refs refs;
	enum page_references ref = PAGEREF_KEEP;
	struct filemap_slot *slot;
	bool isolated = false;

	filemap_rmap_referenced(mp->mapping, mp->index, mp->page, &refs);
	spin_lock(&filemap_lock);
	slot = mapped_slot(mp);
	if (slot && mp->lru == LRU_ACTIVE_FILE) {
		mapped_active_verdict(slot, &refs);
	} else if (slot) {
		ref = mapped_page_references(mp->page, &refs);
		if (ref == PAGEREF_ACTIVATE) {
			lru_move(slot_lruvec(slot), slot, LRU_ACTIVE_FILE);
			count_event(slot_lruvec(slot), VMSCAN_PGACTIVATE, 1);
		}
	}
	spin_unlock(&filemap_lock);
	if (ref != PAGEREF_RECLAIM ||
	    !filemap_rmap_try_to_unmap(mp->mapping, mp->index, mp->page))
		return false;
	spin_lock(&filemap_lock);
	slot = mapped_slot(mp);
	if (slot && !page_mapcount(mp->page))
		isolated = isolate_page(slot_lruvec(slot), slot, ls, 2);
	spin_unlock(&filemap_lock);
	return isolated;
}

/* The reverse-map half of a chunk. Context: filemap_rmap held (trylock). */
static void shrink_mapped(struct lru_scan *ls)
{
	for (unsigned long i = 0; i < ls->nr_mapped; i++) {
		struct page *page = ls->mapped[i].page;

		if (!shrink_mapped_page(ls, &ls->mapped[i]))
			filemap_put_page(page);
	}
	ls->nr_mapped = 0;
}

/* Free the pages a chunk isolated. Context: no spinlock held. */
static void free_isolated(struct scan_control *sc, struct lru_scan *ls)
{
	for (unsigned long i = 0; i < ls->nr_pages; i++)
		filemap_free_page(ls->pages[i]);
	filemap_count_pages(-(long)ls->nr_pages);
	ls->reclaimed += ls->nr_pages;
	sc->nr_reclaimed += ls->nr_pages;
	ls->nr_pages = 0;
}

/*
 * Reclaim from the @idx-th memcg of the walk, chunk by chunk, until its
 * scan is done or it gave nr_to_reclaim (Linux's shrink_lruvec() stops a
 * memcg reclaim there). Return: false past the end of the walk.
 */
static bool shrink_nth(struct scan_control *sc, unsigned long idx)
{
	struct lru_scan ls = { 0 };
	bool first = true;
	struct memcg *m;

	do {
		ls.rmap_locked = sc->may_unmap && filemap_rmap_trylock();
		spin_lock(&filemap_lock);
		spin_lock(&memcg_tree_lock);
		m = walk_nth(sc->target, idx);
		if (m && first && may_reclaim(sc, m))
			get_scan_count(sc, m, &ls);
		if (m)
			shrink_chunk(sc, &m->lruvec, &ls);
		spin_unlock(&memcg_tree_lock);
		spin_unlock(&filemap_lock);
		if (ls.rmap_locked) {
			shrink_mapped(&ls);
			filemap_rmap_unlock();
		}
		free_isolated(sc, &ls);
		first = false;
	} while (m && scan_left(&ls) && ls.reclaimed < sc->nr_to_reclaim);
	return m != NULL;
}

/*
 * Walk the subtree once per priority until nr_to_reclaim is freed
 * (Linux's do_try_to_free_pages()). A call that freed nothing walks
 * again deactivating regardless of the list ratio, and then again
 * reclaiming under memory.low, before it gives up.
 */
static void do_try_to_free_pages(struct scan_control *sc)
{
	/*
	 * A group holding only anonymous memory charges, fails and asks
	 * again and again: with nothing on its lists, spare it the walks.
	 */
	if (!vmscan_lru_pages(sc->target, LRU_INACTIVE_FILE) &&
	    !vmscan_lru_pages(sc->target, LRU_ACTIVE_FILE))
		return;
	for (;;) {
		for (sc->priority = DEF_PRIORITY; sc->priority >= 0;
		     sc->priority--) {
			for (unsigned long idx = 0; shrink_nth(sc, idx); idx++)
				;
			if (sc->nr_reclaimed >= sc->nr_to_reclaim)
				return;
		}
		if (sc->nr_reclaimed)
			return;
		if (sc->skipped_deactivate) {
			sc->force_deactivate = true;
			sc->skipped_deactivate = false;
		} else if (sc->low_skipped && !sc->low_reclaim) {
			sc->force_deactivate = false;
			sc->low_reclaim = true;
			sc->low_skipped = false;
		} else {
			return;
		}
	}
}

/*
 * Reclaim calls until @nr pages are freed or one call frees nothing;
 * @drop_caches: protection ignored and nothing unmapped, as Linux's
 * drop_caches, which invalidates only pages no process maps.
 */
static unsigned long reclaim(struct memcg *target, unsigned long nr,
			     bool drop_caches)
{
	unsigned long want = MAX(nr, VMSCAN_BATCH), freed = 0, got;

	do {
		struct scan_control sc = {
			.target = target,
			.nr_to_reclaim = want - freed,
			.ignore_protection = drop_caches,
			.may_unmap = !drop_caches,
		};

		do_try_to_free_pages(&sc);
		got = sc.nr_reclaimed;
		freed += got;
	} while (got && freed < want);
	return freed;
}

/**
 * try_to_free_mem_cgroup_pages - free clean page-cache pages charged to
 * @m or below it, as Linux's function of that name does for file pages,
 * honouring memory.min and memory.low below @m (not @m's own: it is the
 * target); at least VMSCAN_BATCH when there are that many, as Linux's
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
	unsigned long freed = reclaim(m, nr, false);

	/* Short because of dirty pages: wait for some writeback (bounded)
	 * and go round once more, as Linux 6.1's reclaim_throttle(). */
	if (freed < nr && writeback_throttle_reclaim(m, gfp))
		freed += reclaim(m, nr - freed, false);
	return freed;
}

/**
 * vmscan_alloc_reclaim - the page allocator's direct reclaim (Linux's
 * try_to_free_pages()): free page cache from the whole tree, honouring
 * every memcg's memory.min and memory.low, before an allocation fails.
 * @gfp: the allocation's flags: only one that may block reclaims
 * @order: its order (the pages wanted: 2^order, at least VMSCAN_BATCH)
 *
 * Context: any; reclaims only where sleeping is allowed.
 * Return: whether anything was freed (worth another try).
 */
bool vmscan_alloc_reclaim(gfp_t gfp, unsigned int order)
{
	if (!gfpflags_allow_blocking(gfp) || !sched_may_sleep())
		return false;
	return reclaim(&root_memcg, 1UL << order, false) > 0;
}

/* Every active page to its memcg's inactive list, uncounted. */
static void deactivate_all(struct lruvec *lruvec)
{
	struct list_head *list = &lruvec->lists[LRU_ACTIVE_FILE];

	while (!list_empty(list))
		lru_move(lruvec, list_first_entry(list, struct filemap_slot,
						  lru), LRU_INACTIVE_FILE);
}

/**
 * vmscan_drop_caches - drop every idle page of the page cache (echo 1 >
 * /proc/sys/vm/drop_caches): memory.min and memory.low do not apply, as
 * Linux's drop_caches invalidates mappings without asking reclaim, and
 * an active page goes too: the pages are made inactive first (a walk
 * deactivates only after its last inactive scan, so a lone active page,
 * one read again and again, stayed).
 *
 * Context: task context, no spinlock held.
 * Return: the pages freed.
 */
unsigned long vmscan_drop_caches(void)
{
	struct memcg *m;

	spin_lock(&filemap_lock);
	spin_lock(&memcg_tree_lock);
	deactivate_all(&root_memcg.lruvec);
	list_for_each_entry(m, &memcg_list, node)
		deactivate_all(&m->lruvec);
	spin_unlock(&memcg_tree_lock);
	spin_unlock(&filemap_lock);
	/* and the clean metadata caches: Linux's echo 1 drops the block
	 * devices' clean page cache, where its buffers live */
	return reclaim(&root_memcg, PAGE_COUNTER_MAX, true) +
	       shrinker_drop_clean();
}

/* @m's and its descendants' sum of what @field gives for each memcg. */
static long subtree_sum(const struct memcg *m,
			long (*field)(const struct memcg *m, int i), int i)
{
	long n = field(m, i);
	struct memcg *d;

	spin_lock(&memcg_tree_lock);
	list_for_each_entry(d, &memcg_list, node)
		if (d != m && memcg_is_descendant(d, m))
			n += field(d, i);
	spin_unlock(&memcg_tree_lock);
	return n;
}

static long lru_size(const struct memcg *m, int lru)
{
	return __atomic_load_n(&m->lruvec.nr[lru], __ATOMIC_RELAXED);
}

static long lru_event(const struct memcg *m, int ev)
{
	return __atomic_load_n(&m->lruvec.events[ev], __ATOMIC_RELAXED);
}

/**
 * vmscan_lru_pages - pages on @lru of @m and every memcg below it
 * (memory.stat's inactive_file, active_file).
 * @m: the memcg
 * @lru: the list
 *
 * Context: any that may take memcg_tree_lock.
 * Return: pages.
 */
long vmscan_lru_pages(const struct memcg *m, enum lru_list lru)
{
	return subtree_sum(m, lru_size, lru);
}

/**
 * vmscan_event_read - a reclaim counter of @m's subtree (memory.stat's
 * pgscan, pgsteal, pgrefill, pgactivate, pgdeactivate).
 * @m: the memcg
 * @ev: the counter
 *
 * Context: any that may take memcg_tree_lock.
 * Return: the count.
 */
long vmscan_event_read(const struct memcg *m, enum vmscan_event ev)
{
	return subtree_sum(m, lru_event, ev);
}

/* Slots on @lruvec's lists that are not what the list and its size say. */
static u64 lruvec_mismatches(const struct lruvec *lruvec, long *cached)
{
	u64 bad = 0;

	for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
		const struct filemap_slot *slot;
		long n = 0;

		list_for_each_entry(slot, &lruvec->lists[lru], lru) {
			n++;
			bad += !slot->page || (int)page_lru(slot->page) != lru;
		}
		bad += n != lruvec->nr[lru];
		*cached += n;
	}
	return bad;
}

/*
 * Every cached page is on exactly one list, the one its PG_active names,
 * and each list's size is its length: the lists of all memcgs together
 * hold the page cache's pages.
 */
static u64 vmscan_lru_mismatches(void)
{
	long cached = 0;
	struct memcg *m;
	u64 bad;

	spin_lock(&filemap_lock);
	spin_lock(&memcg_tree_lock);
	bad = lruvec_mismatches(&root_memcg.lruvec, &cached);
	list_for_each_entry(m, &memcg_list, node)
		bad += lruvec_mismatches(&m->lruvec, &cached);
	spin_unlock(&memcg_tree_lock);
	spin_unlock(&filemap_lock);
	return bad + (cached != (long)filemap_nr_pages());
}

KTEST_INVARIANT(vmscan_lru_balance, vmscan_lru_mismatches);
