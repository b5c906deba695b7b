/* SPDX-License-Identifier: MIT */
/*
 * On-demand read-ahead (Linux 6.1's mm/readahead.c, in our words): how
 * many pages past a page-cache miss to read in the same request, and
 * when to start reading the next window before the reader gets there.
 *
 * mm/readahead.c is the window arithmetic alone (pure, host-tested):
 * a reader's struct file_ra_state records its last window [start,
 * start + size); the page at start + size - async_size carries the
 * read-ahead mark, and reaching it (or the window's end) moves the
 * window forward, each new one larger (x4 while small, then x2) up to
 * the maximum. A first read, a read at the start of the file or one
 * right after the previous read opens an initial window sized from the
 * request; any other read is random: exactly the pages asked for, and
 * the state is left as it was, so random reads never ramp.
 *
 * mm/filemap_readahead.c reads a window into the page cache: pages
 * charged like any cache page but with readahead_gfp() (no retry, no
 * OOM kill: a failed charge ends the window), filled by the file
 * system's readahead op in as few requests as the blocks allow.
 *
 * Locking: a file_ra_state is a hint, read and written without a lock
 * as Linux's f_ra is; a torn update only misplaces one window.
 */
#ifndef MM_READAHEAD_H
#define MM_READAHEAD_H

#include "lib/types.h"

/* Linux's VM_READAHEAD_PAGES: 128 KiB, the default read_ahead_kb. */
#define READAHEAD_DEFAULT_KB	128
/* A fault that misses this many times more than it hits stops the
 * read-around (Linux's MMAP_LOTSAMISS). */
#define READAHEAD_MMAP_LOTSAMISS	100

/* One reader's read-ahead state (Linux's struct file_ra_state). */
struct file_ra_state {
	unsigned long start;		/* first page of the last window */
	unsigned int size;		/* its pages; 0: no window yet */
	unsigned int async_size;	/* its last pages: reaching the
					 * first of them reads the next */
	unsigned int mmap_miss;		/* faults' misses less hits */
	unsigned long prev_index;	/* page of the byte after the
					 * last read (Linux: prev_pos) */
};

/* The pages one read asks the cache to bring in. */
struct readahead_window {
	unsigned long index;		/* first page to read */
	unsigned int nr;		/* pages from there; 0: none */
	unsigned int mark;		/* pages from @index to the one
					 * to mark; >= @nr: none */
};

unsigned int readahead_init_size(unsigned int req, unsigned int max);
unsigned int readahead_next_size(unsigned int cur, unsigned int max);
struct readahead_window readahead_ondemand(struct file_ra_state *ra,
					   unsigned long index,
					   unsigned int req, bool marked,
					   unsigned int max);
struct readahead_window readahead_around(struct file_ra_state *ra,
					 unsigned long index,
					 unsigned int max);
struct readahead_window readahead_clamp(struct readahead_window w,
					unsigned long nr_file_pages);

#endif
