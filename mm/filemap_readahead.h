/* SPDX-License-Identifier: MIT */
/*
 * Reading a read-ahead window into the page cache (mm/filemap_readahead.c):
 * the hooks mm/filemap.c calls on a read's miss or mark, and on a
 * fault's. A mapping whose file system has no readahead op is left
 * alone (one read_folio per miss, as before read-ahead).
 */
#ifndef MM_FILEMAP_READAHEAD_H
#define MM_FILEMAP_READAHEAD_H

#include "mm/filemap.h"

unsigned int readahead_max_pages(void);
void filemap_readahead_sync(struct address_space *mapping,
			    struct file_ra_state *ra, pgoff_t index,
			    unsigned int req);
void filemap_readahead_async(struct address_space *mapping,
			     struct file_ra_state *ra, pgoff_t index,
			     unsigned int req);
void filemap_readahead_fault_miss(struct address_space *mapping,
				  pgoff_t index);
void filemap_readahead_fault_hit(struct address_space *mapping,
				 pgoff_t index, bool marked);

#endif
