// SPDX-License-Identifier: MIT
/*
 * The read-ahead window (see mm/readahead.h): where the next read-ahead
 * starts, how large it is and where its mark goes, from what a reader
 * asked and what its state remembers. No I/O and no page here; the
 * invariant is that a window never exceeds the maximum nor, once
 * clamped, the file.
 */
#include "mm/readahead.h"

static unsigned int pow2_at_least(unsigned int n)
{
	unsigned int p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/**
 * readahead_init_size - the first window of a sequential read of @req
 * pages (Linux 6.1's get_init_ra_size()): small requests get four times
 * their size rounded up to a power of two, middling ones twice, large
 * ones the maximum.
 * @req: pages the read asked for
 * @max: the window's maximum
 *
 * Context: any.
 * Return: the window's pages, at most @max.
 */
unsigned int readahead_init_size(unsigned int req, unsigned int max)
{
	unsigned int size = pow2_at_least(req);

	if (size <= max / 32)
		return size * 4;
	if (size <= max / 4)
		return size * 2;
	return max;
}

/**
 * readahead_next_size - the window after one of @cur pages (Linux 6.1's
 * get_next_ra_size()): x4 below a sixteenth of the maximum, x2 up to
 * half of it, then the maximum.
 * @cur: the last window's pages
 * @max: the window's maximum
 *
 * Context: any.
 * Return: the next window's pages.
 */
unsigned int readahead_next_size(unsigned int cur, unsigned int max)
{
	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

static struct readahead_window ra_window(const struct file_ra_state *ra)
{
	return (struct readahead_window){ .index = ra->start, .nr = ra->size,
					  .mark = ra->size - ra->async_size };
}

/*
 * A window that starts where the reader is and is all async (a sync
 * read past the last window, or a request at least as large as its
 * first window) would leave nothing to read ahead of the reader: add
 * the next window to it now, as Linux's ondemand_readahead() does.
 */
static void ra_add_next(struct file_ra_state *ra, unsigned long index,
			unsigned int max)
{
	unsigned int add;

	if (index != ra->start || ra->size != ra->async_size)
		return;
	add = readahead_next_size(ra->size, max);
	if (ra->size + add <= max) {
		ra->async_size = add;
		ra->size += add;
	} else {
		ra->size = max;
		ra->async_size = max / 2;
	}
}

static void ra_initial(struct file_ra_state *ra, unsigned long index,
		       unsigned int req, unsigned int max)
{
	ra->start = index;
	ra->size = readahead_init_size(req, max);
	ra->async_size = ra->size > req ? ra->size - req : ra->size;
}

/* Did the reader reach the last window's mark, or its end? */
static bool ra_sequential(const struct file_ra_state *ra,
			  unsigned long index)
{
	return ra->size && (index == ra->start + ra->size - ra->async_size ||
			    index == ra->start + ra->size);
}

/**
 * readahead_ondemand - the pages to read for a read of @req pages at
 * @index that missed the cache (@marked false: Linux 6.1's
 * page_cache_sync_ra()) or hit a page carrying the read-ahead mark
 * (@marked true: page_cache_async_ra()), and @ra moved on.
 * @ra: the reader's state
 * @index: the first page the read wants (for @marked, the marked page)
 * @req: pages the read wants from @index, at least 1
 * @marked: the read hit the mark rather than a miss
 * @max: the window's maximum (read_ahead_kb in pages); 0: no read-ahead
 *
 * A read that continues the last window moves it forward and grows it;
 * one at page 0, one right after the previous read (@ra->prev_index) or
 * one larger than the maximum opens an initial window. A marked page
 * outside the state's window (another reader's) opens a grown window
 * after it. Any other miss is random: only the pages asked for, the
 * state untouched, so random reads never ramp. Linux 6.1 also tries
 * "context read-ahead" from the pages already cached around a random
 * miss; not here. The caller clamps the window to the file
 * (readahead_clamp()) and skips the pages already cached.
 *
 * Context: any.
 * Return: the window: pages to read from its index, and where its mark
 * goes; for @marked with nothing to do, nr 0.
 */
struct readahead_window readahead_ondemand(struct file_ra_state *ra,
					   unsigned long index,
					   unsigned int req, bool marked,
					   unsigned int max)
{
	if (!max)
		return (struct readahead_window){ .index = index,
						  .nr = marked ? 0 : 1,
						  .mark = 1 };
	if (!index) {
		ra_initial(ra, index, req, max);
	} else if (ra_sequential(ra, index)) {
		ra->start += ra->size;
		ra->size = readahead_next_size(ra->size, max);
		ra->async_size = ra->size;
	} else if (marked) {
		ra->start = index + 1;
		ra->size = readahead_next_size(
			readahead_init_size(req, max), max);
		ra->async_size = ra->size;
	} else if (req > max || index - ra->prev_index <= 1) {
		ra_initial(ra, index, req, max);
	} else {
		return (struct readahead_window){ .index = index, .nr = req,
						  .mark = req };
	}
	ra_add_next(ra, index, max);
	return ra_window(ra);
}

/**
 * readahead_around - the pages a fault that missed the cache reads
 * (Linux 6.1's do_sync_mmap_readahead() without a hint): a window of
 * @max pages centred on the fault, its last quarter async, so a fault
 * that walks on into it reads the next window ahead of time.
 * @ra: the mapping's state; mmap_miss counts the misses
 * @index: the faulting page
 * @max: the window's maximum; 0: none
 *
 * A mapping that keeps missing (more than READAHEAD_MMAP_LOTSAMISS
 * misses beyond its hits: random access) reads only the faulting page,
 * as Linux does.
 *
 * Context: any.
 * Return: the window (clamp it to the file).
 */
struct readahead_window readahead_around(struct file_ra_state *ra,
					 unsigned long index,
					 unsigned int max)
{
	if (ra->mmap_miss < READAHEAD_MMAP_LOTSAMISS * 10)
		ra->mmap_miss++;
	if (!max || ra->mmap_miss > READAHEAD_MMAP_LOTSAMISS)
		return (struct readahead_window){ .index = index, .nr = 1,
						  .mark = 1 };
	ra->start = index > max / 2 ? index - max / 2 : 0;
	ra->size = max;
	ra->async_size = max / 4;
	return ra_window(ra);
}

/**
 * readahead_clamp - @w cut at the end of a file of @nr_file_pages pages,
 * so read-ahead never allocates a page past it (Linux 6.1's
 * do_page_cache_ra() check of i_size).
 * @w: the window
 * @nr_file_pages: the file's pages now
 *
 * Context: any.
 * Return: the window, nr 0 when it starts at or past the end.
 */
struct readahead_window readahead_clamp(struct readahead_window w,
					unsigned long nr_file_pages)
{
	if (w.index >= nr_file_pages)
		w.nr = 0;
	else if (w.nr > nr_file_pages - w.index)
		w.nr = (unsigned int)(nr_file_pages - w.index);
	return w;
}
