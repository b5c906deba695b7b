// SPDX-License-Identifier: MIT
/*
 * The page cache (see mm/filemap.h). Invariant: a slot's page is charged
 * once (PG_file), counted once in nr_cached and in its mapping's
 * nrpages, and on the file LRU of the memcg it is charged to; all four
 * change together under filemap_lock, and the page is uncharged and
 * freed exactly once, by whoever took it out (reclaim, mm/vmscan.c).
 * A PG_dirty page is counted in its mapping's nrdirty, its memcg's
 * file_dirty and the machine's Dirty, a PG_writeback one in file_writeback
 * and Writeback: flag and counts change together under filemap_lock.
 */
#include "fs/vfs.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/task.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/charge.h"
#include "mm/filemap.h"
#include "mm/filemap_readahead.h"
#include "mm/filemap_rmap.h"
#include "mm/memcg.h"
#include "mm/page_alloc.h"
#include "mm/page_writeback.h"
#include "mm/slab.h"
#include "mm/vmscan.h"

struct spinlock filemap_lock = SPINLOCK_INIT("page_cache");
static unsigned long nr_cached;		/* [a] pages in every mapping */
/* Readers waiting for a page another reader is filling (slot->filling). */
static struct wait_queue_head filemap_fill_wq =
	WAIT_QUEUE_HEAD_INIT(filemap_fill_wq);

/*
 * How long a reader waits for another's fill: longer than the block
 * layer's own bound on one request (30 s), so a fill that ends in an
 * I/O error is seen as that error, not as a timeout.
 */
#define FILEMAP_FILL_WAIT_MS	60000

/**
 * address_space_init - give @mapping a slot for every page of a file of
 * @size bytes; no page is cached yet.
 * @mapping: the mapping, embedded in the file system's inode data
 * @host: that inode data (read_folio finds the file through it)
 * @a_ops: the file system's operations
 * @size: the file's size (it never grows: read-only file systems)
 *
 * Context: task context, may sleep.
 * Return: 0; -ENOMEM.
 */
int address_space_init(struct address_space *mapping, void *host,
		       const struct address_space_operations *a_ops,
		       u64 size)
{
	pgoff_t n = (pgoff_t)(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);

	*mapping = (struct address_space){ .host = host, .a_ops = a_ops,
					   .gfp = GFP_KERNEL };
	INIT_LIST_HEAD(&mapping->dirty_link);
	INIT_LIST_HEAD(&mapping->i_mmap);
	if (!n)
		return 0;
	mapping->slots = kzalloc(n * sizeof(*mapping->slots), GFP_KERNEL);
	if (!mapping->slots)
		return -ENOMEM;
	for (pgoff_t i = 0; i < n; i++) {
		mapping->slots[i].mapping = mapping;
		mapping->slots[i].index = i;
		INIT_LIST_HEAD(&mapping->slots[i].lru);
	}
	mapping->nr_slots = n;
	return 0;
}

/* Pages in the page cache (Cached in /proc/meminfo). Context: any. */
unsigned long filemap_nr_pages(void)
{
	return __atomic_load_n(&nr_cached, __ATOMIC_RELAXED);
}

/* @nr more (or fewer) cached pages. Context: any. */
void filemap_count_pages(long nr)
{
	__atomic_add_fetch(&nr_cached, nr, __ATOMIC_RELAXED);
}

/**
 * filemap_free_page - uncharge and free a page that has left the cache.
 * @page: no longer in any slot, its last reference dropped
 *
 * Context: any that may free pages; no spinlock held (the uncharge
 * wakes OOM waiters).
 */
void filemap_free_page(struct page *page)
{
	WARN_ON(page->flags & (PG_dirty | PG_writeback));
	page->refcount = 1;	/* the buddy's "allocated" count */
	mm_uncharge_page(page);
	free_page(page);
}

/*
 * The slot of page @index. The slot array is replaced when the file grows
 * (filemap_resize(), under [p]), and a fault holds no [f]: a slot pointer
 * is good only until filemap_lock is dropped. Context: [p].
 */
static struct filemap_slot *slot_at(struct address_space *mapping,
				    pgoff_t index)
{
	spin_assert_held(&filemap_lock);
	return &mapping->slots[index];
}

/*
 * The cached page @index with a reference, LRU-touched; or NULL. *@marked
 * (when not NULL) tells whether it carried the read-ahead mark, which
 * this clears: one reader starts the next window (Linux's
 * folio_test_clear_readahead()).
 */
static struct page *filemap_lookup(struct address_space *mapping,
				   pgoff_t index, bool *marked)
{
	struct filemap_slot *slot;
	struct page *page;

	spin_lock(&filemap_lock);
	slot = slot_at(mapping, index);
	page = slot->page;
	if (page) {
		page_get(page);
		vmscan_lru_touch(slot);
		if (marked)
			*marked = slot->ra_mark;
		slot->ra_mark = false;
	}
	spin_unlock(&filemap_lock);
	return page;
}

/**
 * filemap_claim - take the right to fill page @index of @mapping: true
 * when it is neither cached nor being filled; others then wait for it
 * (filemap_wait_fill()) until filemap_insert_read_ahead() or
 * filemap_unclaim().
 * @mapping: the file's pages
 * @index: below filemap_nr_file_pages()
 *
 * Context: no spinlock held.
 * Return: true when claimed.
 */
bool filemap_claim(struct address_space *mapping, pgoff_t index)
{
	struct filemap_slot *slot;
	bool claimed;

	spin_lock(&filemap_lock);
	slot = slot_at(mapping, index);
	claimed = !slot->page && !slot->filling;
	if (claimed)
		slot->filling = true;
	spin_unlock(&filemap_lock);
	return claimed;
}

/**
 * filemap_unclaim - give up a claim without a page (the fill failed):
 * a waiter then fills the page itself.
 * @mapping: the file's pages
 * @index: a page filemap_claim() claimed
 *
 * Context: no spinlock held.
 */
void filemap_unclaim(struct address_space *mapping, pgoff_t index)
{
	spin_lock(&filemap_lock);
	slot_at(mapping, index)->filling = false;
	spin_unlock(&filemap_lock);
	wake_up_all(&filemap_fill_wq);
}

/*
 * Put the filled @page, claimed at @index, in the cache with @refs
 * references (the cache's, and the caller's if it keeps one). A page
 * read @ahead joins the list unreferenced, with the mark if @mark.
 */
static void filemap_insert(struct address_space *mapping, pgoff_t index,
			   struct page *page, s32 refs, bool ahead, bool mark)
{
	struct filemap_slot *slot;

	page->refcount = refs;
	spin_lock(&filemap_lock);
	slot = slot_at(mapping, index);
	WARN_ON(slot->page || !slot->filling);
	slot->page = page;
	slot->filling = false;
	slot->ra_mark = mark;
	mapping->nrpages++;
	filemap_count_pages(1);
	vmscan_lru_add(slot);
	if (ahead)
		page->flags &= ~PG_referenced;
	spin_unlock(&filemap_lock);
	wake_up_all(&filemap_fill_wq);
}

/**
 * filemap_insert_read_ahead - put a page read ahead in the cache: on the
 * inactive file list, not yet referenced (no one has read it: Linux adds
 * read-ahead folios to the LRU unaccessed), held only by the cache.
 * @mapping: the file's pages
 * @index: claimed with filemap_claim()
 * @page: filled, charged (CHARGE_FILE)
 * @mark: give it the read-ahead mark
 *
 * Context: no spinlock held.
 */
void filemap_insert_read_ahead(struct address_space *mapping,
			       pgoff_t index, struct page *page, bool mark)
{
	filemap_insert(mapping, index, page, 1, true, mark);
}

static bool filemap_filling(struct address_space *mapping, pgoff_t index)
{
	bool filling;

	spin_lock(&filemap_lock);
	filling = slot_at(mapping, index)->filling;
	spin_unlock(&filemap_lock);
	return filling;
}

/* Wait, bounded, while another reader fills page @index.
 * Return: 0, or -EIO when it took longer than any device may. */
static int filemap_wait_fill(struct address_space *mapping, pgoff_t index)
{
	if (wait_event_timeout(filemap_fill_wq,
			       !filemap_filling(mapping, index),
			       msecs_to_jiffies(FILEMAP_FILL_WAIT_MS)))
		return 0;
	pr_warn("filemap: page %lu still being read after %u ms\n", index,
		FILEMAP_FILL_WAIT_MS);
	return -EIO;
}

/*
 * A fresh page charged to current's memcg (with @gfp: GFP_NOFS from a
 * file system's write path, so the charge's reclaim never waits on the
 * file system). Taken before the slot is claimed: a charge may reclaim
 * or wait for an OOM victim, which may itself be waiting for our claim.
 */
static int filemap_alloc_charged(gfp_t gfp, struct page **out)
{
	struct page *page = alloc_page(gfp);
	int err;

	if (!page)
		return -ENOMEM;
	err = mm_charge_page(page, current->mm, gfp, CHARGE_FILE);
	if (err) {
		free_page(page);
		return err;
	}
	*out = page;
	return 0;
}

/* Fill @page from the file, or zero it when @zero (a write covers all
 * of it). */
static int filemap_fill(struct address_space *mapping, pgoff_t index,
			bool zero, struct page *page)
{
	if (zero) {
		memset(page_address(page), 0, PAGE_SIZE);
		return 0;
	}
	return mapping->a_ops->read_folio(mapping, page, index);
}

/*
 * The page @index of @mapping with a reference for the caller: the
 * cached one, or one read in now and inserted. A page another reader is
 * filling is waited for, so concurrent readers of a missing page do one
 * read between them (Linux's folio lock); -EAGAIN when it was reclaimed
 * before we got it, or its fill failed.
 */
static int filemap_get_page(struct address_space *mapping, pgoff_t index,
			    gfp_t gfp, bool zero, struct page **out)
{
	struct page *page = filemap_lookup(mapping, index, NULL);
	int err;

	if (page) {
		*out = page;
		return 0;
	}
	err = filemap_alloc_charged(gfp, &page);
	if (err)
		return err;
	if (!filemap_claim(mapping, index)) {
		filemap_free_page(page);
		err = filemap_wait_fill(mapping, index);
		return err ? err : -EAGAIN;
	}
	err = filemap_fill(mapping, index, zero, page);
	if (err) {
		filemap_unclaim(mapping, index);
		filemap_free_page(page);
		return err;
	}
	filemap_insert(mapping, index, page, 2, false, false);
	*out = page;
	return 0;
}

/**
 * filemap_put_page - drop a reference filemap_get_page() or
 * filemap_fault() gave.
 * @page: a page-cache page
 *
 * Context: any that may free pages; no spinlock held.
 */
void filemap_put_page(struct page *page)
{
	if (page_put_testzero(page))
		filemap_free_page(page);
}

/**
 * filemap_nr_file_pages - pages of the file now: a file system that can
 * grow or truncate its files has an inode (ext2); the others never
 * change size.
 * @mapping: the file's pages
 *
 * Context: any.
 * Return: the pages, at most @mapping's slots.
 */
pgoff_t filemap_nr_file_pages(struct address_space *mapping)
{
	u64 size;

	if (!mapping->inode)
		return mapping->nr_slots;
	size = (u64)__atomic_load_n(&mapping->inode->size, __ATOMIC_RELAXED);
	return (pgoff_t)MIN(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE,
			    (u64)mapping->nr_slots);
}

/**
 * filemap_fault - the page a fault on a file mapping maps: the cached
 * one, or one read in now (Linux's filemap_fault()).
 * @mapping: the file's page cache
 * @index: the page of the file
 * @out: the page, with a reference for the caller
 *
 * The read runs in the caller's context with whatever it holds: a
 * fault holds its mmap_lock for reading across read_folio, as Linux
 * 4.19's filemap_fault() does for a synchronous page_cache_read(). Later
 * kernels, 6.1 among them, drop the mmap_lock before blocking I/O when
 * the fault may be retried (maybe_unlock_mmap_for_io() in
 * do_sync_mmap_readahead()); no design here models that, and the
 * reaper scenarios need 4.19's long read hold. A miss reads around the
 * page first, and a hit on the read-ahead mark reads the next window
 * (Linux 6.1's do_sync_mmap_readahead() and do_async_mmap_readahead(),
 * mm/filemap_readahead.c), for a file system with a readahead op. A
 * page not cached is
 * charged to current's memory cgroup as filemap_read() charges it, with
 * GFP_KERNEL whatever the mapping's flags: a fault holds no file
 * system lock, so its reclaim may wait for writeback (Linux's
 * filemap_fault() allocates with the mapping's mask, which has
 * __GFP_FS for ext2).
 *
 * Context: task context, may sleep; no spinlock held.
 * Return: 0; -EFAULT for @index at or past the end of the file (Linux:
 * SIGBUS); -ENOMEM or the file system's error.
 */
int filemap_fault(struct address_space *mapping, pgoff_t index,
		  struct page **out)
{
	bool marked = false;
	struct page *page;
	int err;

	if (index >= filemap_nr_file_pages(mapping))
		return -EFAULT;
	page = filemap_lookup(mapping, index, &marked);
	if (page) {
		filemap_readahead_fault_hit(mapping, index, marked);
		*out = page;
		return 0;
	}
	filemap_readahead_fault_miss(mapping, index);
	do
		err = filemap_get_page(mapping, index, GFP_KERNEL, false, out);
	while (err == -EAGAIN);	/* reclaimed between insert and use */
	return err;
}

/**
 * filemap_read - read() through the page cache (Linux's filemap_read()).
 * @mapping: the file's pages
 * @size: the file's size
 * @io: where the bytes go
 * @pos: the file position, advanced by what was read
 *
 * A page not cached is read in with read_folio and charged to current's
 * memory cgroup (which may reclaim, or OOM-kill as a kernel charge does
 * in the design of the moment).
 * Context: task context, may sleep; no spinlock held.
 * Return: bytes read (0 at the end of the file); -EFAULT, -ENOMEM or the
 * file system's error when nothing was read.
 */
long filemap_read(struct address_space *mapping, u64 size, struct io_buf *io,
		  s64 *pos)
{
	return filemap_read_ra(mapping, NULL, size, io, pos);
}

/*
 * The page a read at page @index wants, @req pages of it left to read:
 * a hit on the read-ahead mark reads the next window first, a miss reads
 * a window from @index (Linux 6.1's filemap_get_pages()).
 */
static int filemap_read_page(struct address_space *mapping,
			     struct file_ra_state *ra, pgoff_t index,
			     unsigned int req, struct page **out)
{
	bool marked = false;
	struct page *page = filemap_lookup(mapping, index, &marked);

	if (page) {
		if (marked && ra)
			filemap_readahead_async(mapping, ra, index, req);
		*out = page;
		return 0;
	}
	if (ra)
		filemap_readahead_sync(mapping, ra, index, req);
	return filemap_get_page(mapping, index, mapping->gfp, false, out);
}

/**
 * filemap_read_ra - filemap_read() for a reader with read-ahead state
 * (a struct file's f_ra).
 * @mapping: the file's pages
 * @ra: the reader's read-ahead state; NULL: none, one page per miss
 * @size: the file's size
 * @io: where the bytes go
 * @pos: the file position, advanced by what was read
 *
 * Context: task context, may sleep; no spinlock held.
 * Return: as filemap_read().
 */
long filemap_read_ra(struct address_space *mapping, struct file_ra_state *ra,
		     u64 size, struct io_buf *io, s64 *pos)
{
	u64 end = MIN(size, (u64)*pos + io->len);
	size_t done = 0;
	int err = 0;

	while (done < io->len && (u64)*pos < size) {
		pgoff_t index = (pgoff_t)((u64)*pos / PAGE_SIZE);
		size_t off = (size_t)((u64)*pos % PAGE_SIZE);
		size_t n = MIN(PAGE_SIZE - off, io->len - done);
		unsigned int req = (unsigned int)MIN(
			ALIGN_UP(end, PAGE_SIZE) / PAGE_SIZE - index, 1U << 20);
		struct page *page;
		size_t got;

		n = MIN(n, (size_t)(size - (u64)*pos));
		err = filemap_read_page(mapping, ra, index, req, &page);
		if (err == -EAGAIN)
			continue;	/* reclaimed between insert and use */
		if (err)
			break;
		got = io_copy_to(io, done, (u8 *)page_address(page) + off, n);
		filemap_put_page(page);
		done += got;
		*pos += (s64)got;
		if (got < n) {
			err = -EFAULT;
			break;
		}
	}
	if (ra)
		ra->prev_index = (unsigned long)((u64)*pos / PAGE_SIZE);
	return done ? (long)done : err;
}

/*
 * Set or clear @flag (PG_dirty or PG_writeback) of the cached @page of
 * @mapping, with every count of it. Context: [p].
 */
static void page_set_state(struct address_space *mapping, struct page *page,
			   u32 flag, bool on)
{
	enum memcg_stat_item item = flag == PG_dirty ? MEMCG_FILE_DIRTY :
						       MEMCG_FILE_WRITEBACK;
	long nr = on ? 1 : -1;

	spin_assert_held(&filemap_lock);
	if (on)
		page->flags |= flag;
	else
		page->flags &= ~flag;
	memcg_stat_add((struct memcg *)page->memcg_data, item, nr);
	writeback_count(item, nr);
	if (flag != PG_dirty)
		return;
	mapping->nrdirty += (unsigned long)nr;
	if (on && mapping->nrdirty == 1) {
		mapping->dirtied_when = time_jiffies();
		mapping->wb_memcg = (const struct memcg *)page->memcg_data;
		list_add_tail(&mapping->dirty_link, &writeback_dirty_mappings);
	} else if (!mapping->nrdirty) {
		list_del_init(&mapping->dirty_link);
	}
}

/**
 * filemap_write_begin - the page a write() copies into (Linux's
 * write_begin with grab_cache_page_write_begin()): the cached one, or a
 * new one charged to current's memcg with GFP_NOFS.
 * @mapping: the file's pages; @index below its nr_slots (filemap_resize())
 * @index: the page of the file
 * @overwrite: the write covers the whole page or all of it that holds
 *	       data, so a new page is zeroed rather than read in
 * @out: the page, with a reference that filemap_write_end() drops
 *
 * Context: task context, may sleep; [f] held, so the page is not under
 * writeback (writeback holds [f] too).
 * Return: 0; -ENOMEM or the file system's read error.
 */
int filemap_write_begin(struct address_space *mapping, pgoff_t index,
			bool overwrite, struct page **out)
{
	int err;

	if (WARN_ON(index >= mapping->nr_slots))
		return -EFBIG;
	do
		err = filemap_get_page(mapping, index, GFP_NOFS, overwrite,
				       out);
	while (err == -EAGAIN);	/* reclaimed between insert and use */
	WARN_ON(!err && ((*out)->flags & PG_writeback));
	return err;
}

/**
 * filemap_write_end - the write copied into @page: mark it dirty (Linux's
 * folio_mark_dirty()) and drop filemap_write_begin()'s reference.
 * @mapping: the file's pages
 * @page: from filemap_write_begin()
 *
 * The first dirty page puts @mapping on the flusher's list, stamped with
 * the time (Linux's inode dirtied_when): dirty_expire_centisecs counts
 * from it.
 * Context: [f] held; no spinlock.
 */
void filemap_write_end(struct address_space *mapping, struct page *page)
{
	spin_lock(&filemap_lock);
	if (!(page->flags & PG_dirty))
		page_set_state(mapping, page, PG_dirty, true);
	spin_unlock(&filemap_lock);
	filemap_put_page(page);
}

/**
 * filemap_page_mkwrite - a write fault on a shared mapping is about to
 * let writes into @page: mark it dirty (Linux's do_shared_fault() and
 * wp_page_shared(), then fault_dirty_shared_page()).
 * @mapping: the file's page cache
 * @index: the page's index
 * @page: the page the faulting entry maps, with the caller's reference
 *
 * The caller makes the entry writable first and calls this after, so a
 * writeback that cleans the page in between also write-protects the
 * entry again (filemap_rmap_mkclean()) and the write faults once more;
 * the other order could leave a writable entry on a clean page. A page
 * under writeback may be dirtied again here: it is written once more
 * later (a store that needs stable pages would wait, as Linux's
 * folio_wait_stable()).
 * A page that left the cache meanwhile is left alone; a mapped page
 * cannot (truncation drops only pages no one holds).
 * Context: task context; the mmap_lock held for reading; no spinlock.
 */
void filemap_page_mkwrite(struct address_space *mapping, pgoff_t index,
			  struct page *page)
{
	spin_lock(&filemap_lock);
	if (slot_at(mapping, index)->page == page &&
	    !(page->flags & PG_dirty))
		page_set_state(mapping, page, PG_dirty, true);
	spin_unlock(&filemap_lock);
}

/*
 * The run of contiguous dirty pages starting at the first one at or
 * after *@index, at most WRITEBACK_RUN_MAX, now clean and under
 * writeback, each with a reference, into @run; *@index is the first
 * page's. Return: the run's length, 0 when no page is dirty. Context:
 * [f] held.
 */
static unsigned int writeback_next_run(struct address_space *mapping,
				       pgoff_t *index, struct page **run)
{
	unsigned int n = 0;

	spin_lock(&filemap_lock);
	for (; *index < mapping->nr_slots; (*index)++) {
		struct page *page = slot_at(mapping, *index)->page;

		if (page && (page->flags & PG_dirty))
			break;
	}
	while (n < WRITEBACK_RUN_MAX && *index + n < mapping->nr_slots) {
		struct page *page = slot_at(mapping, *index + n)->page;

		if (!page || !(page->flags & PG_dirty))
			break;
		page_set_state(mapping, page, PG_dirty, false);
		page_set_state(mapping, page, PG_writeback, true);
		page_get(page);
		run[n++] = page;
	}
	spin_unlock(&filemap_lock);
	return n;
}

/* Hand a run to the store: as one request when the file system can. */
static int writeback_write_run(struct address_space *mapping, pgoff_t index,
			       struct page **run, unsigned int n)
{
	int first = 0;

	if (mapping->a_ops->writepage_run)
		return mapping->a_ops->writepage_run(mapping, run, index, n);
	for (unsigned int i = 0; i < n; i++) {
		int err = mapping->a_ops->writepage(mapping, run[i],
						    index + i);

		if (err && !first)
			first = err;
	}
	return first;
}

/* The run's writeback is over: clean (or dirty again), and unheld. */
static void writeback_end_run(struct address_space *mapping,
			      struct page **run, unsigned int n, int err)
{
	spin_lock(&filemap_lock);
	for (unsigned int i = 0; i < n; i++)
		page_set_state(mapping, run[i], PG_writeback, false);
	if (err)
		mapping->wb_err = err;
	spin_unlock(&filemap_lock);
	for (unsigned int i = 0; i < n; i++) {
		filemap_put_page(run[i]);
		writeback_page_done();
	}
}

/**
 * filemap_writeback - write every dirty page of @mapping to its store and
 * wait (Linux's filemap_write_and_wait() on the whole file).
 * @mapping: a mapping whose a_ops have writepage
 *
 * Contiguous dirty pages go as a run: dirty -> writeback, the entries
 * of shared mappings write-protected (filemap_rmap_mkclean()), one call
 * to the store, then clean - or dirty again, when a write through a
 * mapping came after the protection. A run whose write fails is clean
 * too and the error is kept for the next fsync (Linux's
 * mapping_set_error(): the data is lost, the error reported once).
 * Context: task context, may sleep; [f] held (no write() redirties a
 * page meanwhile); no mmap_lock held.
 * Return: 0, or the first write error of this call.
 */
int filemap_writeback(struct address_space *mapping)
{
	struct page *run[WRITEBACK_RUN_MAX];
	pgoff_t index = 0;
	unsigned int n;
	int first = 0;

	while ((n = writeback_next_run(mapping, &index, run))) {
		int err;

		filemap_rmap_mkclean(mapping, index, index + n - 1);
		err = writeback_write_run(mapping, index, run, n);
		writeback_end_run(mapping, run, n, err);
		if (err && !first)
			first = err;
		index += n;
	}
	return first;
}

/**
 * filemap_take_error - the writeback error kept since the last call, and
 * forget it (fsync reports it once, as Linux's errseq does per file).
 * @mapping: the file's pages
 *
 * Context: any; no spinlock held.
 * Return: 0, or the negative errno.
 */
int filemap_take_error(struct address_space *mapping)
{
	int err;

	spin_lock(&filemap_lock);
	err = mapping->wb_err;
	mapping->wb_err = 0;
	spin_unlock(&filemap_lock);
	return err;
}

/**
 * filemap_invalidate - drop the cached pages from @first to the end, dirty
 * ones included (truncation and eviction: their bytes are gone).
 * @mapping: the file's pages
 * @first: the first page to drop
 *
 * Context: task context; [f] held, so no reader or writeback holds one.
 */
void filemap_invalidate(struct address_space *mapping, pgoff_t first)
{
	for (pgoff_t i = first; i < mapping->nr_slots; i++) {
		struct filemap_slot *slot = &mapping->slots[i];
		struct page *page = NULL;
		s32 idle = 1;

		spin_lock(&filemap_lock);
		if (slot->page &&
		    __atomic_compare_exchange_n(&slot->page->refcount, &idle,
						0, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			page = slot->page;
			if (page->flags & PG_dirty)
				page_set_state(mapping, page, PG_dirty, false);
			vmscan_lru_del(slot);
			slot->page = NULL;
			mapping->nrpages--;
		}
		spin_unlock(&filemap_lock);
		if (page) {
			filemap_count_pages(-1);
			filemap_free_page(page);
		}
	}
}

/**
 * filemap_zero_tail - the file now ends at @size: zero the cached bytes
 * of its last page past it, so a later extension reads zeros there
 * (Linux's truncate_inode_pages_range() on a partial page).
 * @mapping: the file's pages
 * @size: the new size
 *
 * Context: [f] held.
 */
void filemap_zero_tail(struct address_space *mapping, u64 size)
{
	pgoff_t index = (pgoff_t)(size / PAGE_SIZE);
	size_t off = (size_t)(size % PAGE_SIZE);
	struct page *page = NULL;

	if (!off || index >= mapping->nr_slots)
		return;
	spin_lock(&filemap_lock);
	page = mapping->slots[index].page;
	if (page)
		page_get(page);
	spin_unlock(&filemap_lock);
	if (!page)
		return;
	memset((u8 *)page_address(page) + off, 0, PAGE_SIZE - off);
	filemap_put_page(page);
}

/**
 * filemap_resize - give @mapping slots for a file of @size bytes, keeping
 * its cached pages (dirty ones included) where they are in the file.
 * @mapping: the file's pages
 * @size: the file's new size; a smaller one changes nothing
 *
 * Context: task context, may sleep; [f] held, and no fault maps the file
 * (no slot pointer lives outside [f] and [p]).
 * Return: 0; -ENOMEM (nothing changed).
 */
int filemap_resize(struct address_space *mapping, u64 size)
{
	pgoff_t n = (pgoff_t)(ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE);
	struct filemap_slot *slots, *old;

	if (n <= mapping->nr_slots)
		return 0;
	slots = kzalloc(n * sizeof(*slots), GFP_NOFS);
	if (!slots)
		return -ENOMEM;
	for (pgoff_t i = 0; i < n; i++) {
		slots[i].mapping = mapping;
		slots[i].index = i;
		INIT_LIST_HEAD(&slots[i].lru);
	}
	spin_lock(&filemap_lock);
	old = mapping->slots;
	for (pgoff_t i = 0; i < mapping->nr_slots; i++) {
		slots[i].page = old[i].page;
		slots[i].filling = old[i].filling;
		slots[i].ra_mark = old[i].ra_mark;
		if (!old[i].page)
			continue;
		list_add(&slots[i].lru, &old[i].lru);	/* its LRU place */
		list_del_init(&old[i].lru);
	}
	mapping->slots = slots;
	mapping->nr_slots = n;
	spin_unlock(&filemap_lock);
	kfree(old);
	return 0;
}

/**
 * filemap_page_reclaimable - may reclaim drop this cached page now? Not
 * while it is dirty or under writeback (Linux's shrink_folio_list()
 * keeps those); the caller still checks that no one holds it.
 * @page: a page-cache page
 *
 * Context: [p] held.
 */
bool filemap_page_reclaimable(const struct page *page)
{
	spin_assert_held(&filemap_lock);
	return !(page->flags & (PG_dirty | PG_writeback));
}
