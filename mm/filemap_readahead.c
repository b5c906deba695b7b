// SPDX-License-Identifier: MIT
/*
 * Read-ahead into the page cache (see mm/filemap_readahead.h and, for
 * the window, mm/readahead.h). A window's missing pages are claimed in
 * the index (others wait for them rather than read them again),
 * allocated and charged to current's memcg like any cache page but with
 * readahead_gfp(), filled in batches by the file system's readahead op
 * and inserted unreferenced on the inactive file list, the page at the
 * window's mark carrying the read-ahead mark. Invariant: a page read
 * ahead is charged, counted and listed exactly as a page read() brings
 * in; read-ahead never fails a read nor OOM-kills: a page it cannot
 * have ends the window, and the reader then reads its own page the
 * usual way.
 */
#include "kernel/cmdline.h"
#include "kernel/task.h"
#include "mm/charge.h"
#include "mm/filemap_readahead.h"
#include "mm/page_alloc.h"

static unsigned int read_ahead_kb = READAHEAD_DEFAULT_KB;
KPARAM_UINT(read_ahead_kb, "read_ahead_kb", &read_ahead_kb, 0, 16384,
	    "the largest read-ahead window in KiB (Linux's read_ahead_kb), "
	    "0 for none");

/**
 * readahead_max_pages - the largest window, in pages.
 *
 * Context: any.
 * Return: read_ahead_kb / 4; 0 when read-ahead is off.
 */
unsigned int readahead_max_pages(void)
{
	return __atomic_load_n(&read_ahead_kb, __ATOMIC_RELAXED) /
	       (PAGE_SIZE / 1024);
}

/*
 * A read-ahead page's flags (Linux 6.1's readahead_gfp_mask()): the
 * mapping's, one light attempt, no OOM kill, no warning.
 */
static gfp_t readahead_gfp(const struct address_space *mapping)
{
	return mapping->gfp | __GFP_NORETRY | __GFP_NOWARN;
}

/* A page for read-ahead, charged to current's memcg; NULL: stop. */
static struct page *readahead_alloc(const struct address_space *mapping)
{
	gfp_t gfp = readahead_gfp(mapping);
	struct page *page = alloc_page(gfp);

	if (page && mm_charge_page(page, current->mm, gfp, CHARGE_FILE)) {
		free_page(page);
		page = NULL;
	}
	return page;
}

/*
 * Fill the @n claimed pages from @index and insert them; the one at
 * @mark (if within) gets the mark. A failed fill drops them all: the
 * reader's own read_folio then meets the error (Linux leaves such
 * folios !uptodate, and filemap_read() reads them again, synchronously,
 * to report it).
 */
static void readahead_batch(struct address_space *mapping, pgoff_t index,
			    struct page **pages, unsigned int n, pgoff_t mark)
{
	int err = mapping->a_ops->readahead(mapping, pages, index, n);

	for (unsigned int i = 0; i < n; i++) {
		if (err) {
			filemap_unclaim(mapping, index + i);
			filemap_free_page(pages[i]);
			continue;
		}
		filemap_insert_read_ahead(mapping, index + i, pages[i],
					  index + i == mark);
	}
}

/*
 * Read window @w into the cache: runs of missing pages, at most
 * READAHEAD_BATCH a call; cached pages and pages another reader is
 * filling are skipped. A page that cannot be had ends the window.
 */
static void readahead_window_read(struct address_space *mapping,
				  struct readahead_window w)
{
	struct page *pages[READAHEAD_BATCH];
	pgoff_t mark = w.index + w.mark;
	unsigned int i = 0;

	while (i < w.nr) {
		pgoff_t first = w.index + i;
		unsigned int n = 0;

		while (i < w.nr && n < READAHEAD_BATCH &&
		       filemap_claim(mapping, w.index + i)) {
			pages[n] = readahead_alloc(mapping);
			if (!pages[n]) {
				filemap_unclaim(mapping, w.index + i);
				readahead_batch(mapping, first, pages, n, mark);
				return;
			}
			n++;
			i++;
		}
		if (n)
			readahead_batch(mapping, first, pages, n, mark);
		else
			i++;	/* cached, or being filled */
	}
}

/* Read @w, clamped to the file, if the file system can read ahead. */
static void readahead_read(struct address_space *mapping,
			   struct readahead_window w)
{
	w = readahead_clamp(w, filemap_nr_file_pages(mapping));
	if (w.nr)
		readahead_window_read(mapping, w);
}

static bool readahead_enabled(const struct address_space *mapping)
{
	return mapping->a_ops->readahead && readahead_max_pages();
}

/**
 * filemap_readahead_sync - a read() missed page @index: read the window
 * its state gives (Linux 6.1's page_cache_sync_ra()).
 * @mapping: the file's pages
 * @ra: the reader's state
 * @index: the missing page
 * @req: pages the read wants from @index
 *
 * Context: task context, may sleep; no spinlock held ([f] maybe).
 */
void filemap_readahead_sync(struct address_space *mapping,
			    struct file_ra_state *ra, pgoff_t index,
			    unsigned int req)
{
	if (readahead_enabled(mapping))
		readahead_read(mapping, readahead_ondemand(
			ra, index, req, false, readahead_max_pages()));
}

/**
 * filemap_readahead_async - a read() reached the read-ahead mark at
 * @index: read the next window now, before the reader needs it (Linux
 * 6.1's page_cache_async_ra()).
 * @mapping: the file's pages
 * @ra: the reader's state
 * @index: the marked page
 * @req: pages the read wants from @index
 *
 * Context: as filemap_readahead_sync().
 */
void filemap_readahead_async(struct address_space *mapping,
			     struct file_ra_state *ra, pgoff_t index,
			     unsigned int req)
{
	if (readahead_enabled(mapping))
		readahead_read(mapping, readahead_ondemand(
			ra, index, req, true, readahead_max_pages()));
}

/**
 * filemap_readahead_fault_miss - a fault missed page @index: read around
 * it (Linux 6.1's do_sync_mmap_readahead()).
 * @mapping: the file's pages; its fault_ra is the state
 * @index: the faulting page, within the file
 *
 * Context: task context, may sleep; the mmap_lock held for reading.
 */
void filemap_readahead_fault_miss(struct address_space *mapping,
				  pgoff_t index)
{
	if (readahead_enabled(mapping))
		readahead_read(mapping, readahead_around(
			&mapping->fault_ra, index, readahead_max_pages()));
}

/**
 * filemap_readahead_fault_hit - a fault found page @index cached: count
 * the hit against the misses and, on the mark, read the next window
 * (Linux 6.1's do_async_mmap_readahead(), a window of the maximum).
 * @mapping: the file's pages
 * @index: the page
 * @marked: it carried the read-ahead mark
 *
 * Context: as filemap_readahead_fault_miss().
 */
void filemap_readahead_fault_hit(struct address_space *mapping,
				 pgoff_t index, bool marked)
{
	struct file_ra_state *ra = &mapping->fault_ra;

	if (!readahead_enabled(mapping))
		return;
	if (ra->mmap_miss)
		ra->mmap_miss--;
	if (marked)
		readahead_read(mapping, readahead_ondemand(
			ra, index, readahead_max_pages(), true,
			readahead_max_pages()));
}
