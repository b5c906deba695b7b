/* SPDX-License-Identifier: MIT */
/*
 * The page cache (Linux's address_space and filemap_read()): a file's
 * bytes kept in pages indexed by page offset, so a read copies from
 * memory and only the first one asks the file system. Every cached page
 * is clean, charged to the memory cgroup of the task that read it in
 * (CHARGE_FILE: memory.stat "file"; Linux charges page cache to the
 * faulting task's memcg, and a kernel thread's to the root) and sits on
 * that memcg's file LRU, where reclaim (mm/vmscan.h) may drop it: the
 * next read fills it again.
 *
 * A file system plugs in with one operation, read_folio (fill one page
 * from the backing store: the initramfs now, ext2 next), and gives each
 * file a slot per page at inode creation, so a read allocates nothing
 * but the page itself. A page in the index is always uptodate: it is
 * filled before it is inserted. A file mapping (mm/mmap.c, mm/fault.c)
 * maps cached pages read-only: each mapping holds a reference and a
 * mapcount, reclaim unmaps a cold mapped page first (mm/filemap_rmap.h),
 * and a write to a private
 * mapping copies the page into an anonymous one. A write to a shared
 * one dirties the cached page (filemap_page_mkwrite()) and makes the
 * entry writable until writeback protects it again.
 *
 * Dirty pages (a file system that writes through the cache: ext2): a
 * write copies into the cached page and marks it PG_dirty; writeback
 * (filemap_writeback(): the flusher, fsync, the writer's own dirty
 * throttling, mm/page_writeback.h) turns it PG_writeback, hands it to
 * the file system's writepage and makes it clean. Reclaim never takes a
 * dirty or under-writeback page (filemap_page_reclaimable()). Writes,
 * writeback and truncation of one file run under the file system's lock
 * of that file, so a page under writeback is never redirtied: its bytes
 * are stable while the store copies them (Linux waits in
 * folio_wait_stable() instead). A mapping with a dirty page is on the
 * flusher's list (writeback_dirty_mappings) with the time it was first
 * dirtied.
 *
 * References: the cache holds one (page->refcount 1 = cached, idle); a
 * reader holds another while copying. Reclaim takes a page only when it
 * can turn 1 into 0 under filemap_lock, so a page being read is skipped.
 *
 * Locking: [I] immutable after address_space_init(); [p] filemap_lock
 * (every mapping's index, every memcg's file LRU, the page flags
 * PG_dirty and PG_writeback and the flusher's list: one lock, where
 * Linux has the i_pages lock, the lru_lock and the wb list_lock); [f]
 * the file system's lock of the file (ext2: inode->lock), held across
 * writes, writeback, truncation and a change of the index; [a] atomic;
 * [r] filemap_rmap (mm/filemap_rmap.h); [h] a hint, no lock
 * (mm/readahead.h).
 */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H

#include "kernel/spinlock.h"
#include "lib/list.h"
#include "mm/gfp.h"
#include "mm/page.h"
#include "mm/readahead.h"

struct address_space;
struct inode;
struct io_buf;
struct memcg;

typedef unsigned long pgoff_t;

/* Pages one writeback step hands to writepage_run at most. */
#define WRITEBACK_RUN_MAX	32
/* Pages one call of the readahead op fills at most. */
#define READAHEAD_BATCH		32

struct address_space_operations {
	/* Fill @page, a fresh page, with the file's page @index (bytes past
	 * the end of the file zero). Return: 0, or a negative errno. May
	 * sleep; no lock held. */
	int (*read_folio)(struct address_space *mapping, struct page *page,
			  pgoff_t index);
	/* Write @page, file page @index, to the store (the part below the
	 * file's size). Return: 0, or a negative errno. Called by
	 * filemap_writeback() with [f] held and the page PG_writeback;
	 * allocations inside use GFP_NOFS. NULL: never dirty. */
	int (*writepage)(struct address_space *mapping, struct page *page,
			 pgoff_t index);
	/* Write pages @index .. @index + @n - 1 (@n <= WRITEBACK_RUN_MAX),
	 * all PG_writeback, to the store in as few requests as it can
	 * (contiguous blocks: one).
	 * Return: 0, or a negative errno. As writepage otherwise; NULL:
	 * one writepage per page. */
	int (*writepage_run)(struct address_space *mapping,
			     struct page **pages, pgoff_t index,
			     unsigned int n);
	/* Take [f] and write every dirty page of the file (the flusher,
	 * sync). Return: 0, or the first error. May sleep. */
	int (*writepages)(struct address_space *mapping);
	/* Added for read-ahead (mm/filemap_readahead.c): fill the @n fresh
	 * pages @pages, file pages @index .. @index + @n - 1 (n <=
	 * READAHEAD_BATCH), in as few requests as the blocks allow; holes
	 * and bytes past the end read as zeros. Return: 0, or a negative
	 * errno (the pages are then dropped). May sleep; no spinlock held,
	 * [f] maybe. NULL: no read-ahead, one read_folio per miss. */
	int (*readahead)(struct address_space *mapping, struct page **pages,
			 pgoff_t index, unsigned int n);
};

/* One page of a file: its cache entry and its place on a file LRU. */
struct filemap_slot {
	struct page *page;		/* [p] NULL: not cached */
	struct address_space *mapping;	/* [I] */
	pgoff_t index;			/* [I] */
	struct list_head lru;		/* [p] on the paying memcg's inactive
					 * or active list while cached */
	/* Added for read-ahead: */
	bool filling;			/* [p] a reader is filling the page
					 * (page NULL till it inserts it):
					 * others wait instead of reading it
					 * again (filemap_wait_fill()) */
	bool ra_mark;			/* [p] the page carries the
					 * read-ahead mark (Linux's
					 * PG_readahead): a read that hits
					 * it reads the next window */
};

struct address_space {
	void *host;			/* [I] the file system's inode data */
	const struct address_space_operations *a_ops;	/* [I] */
	struct filemap_slot *slots;	/* [I] one per page of the file */
	pgoff_t nr_slots;		/* [I]; changes under [f] and [p]:
					 * filemap_resize() */
	unsigned long nrpages;		/* [p] slots with a page */
	/* Added for dirty pages and writeback: */
	struct inode *inode;		/* [I] the file (set by a file
					 * system with writepage): the
					 * flusher pins it */
	unsigned long nrdirty;		/* [p] PG_dirty pages */
	struct list_head dirty_link;	/* [p] on writeback_dirty_mappings
					 * while nrdirty > 0 */
	u64 dirtied_when;		/* [p] jiffies: first dirtied since
					 * it was last clean */
	u64 wb_pass;			/* [p] the flusher pass that last
					 * took it */
	int wb_err;			/* [p] the last writeback error, for
					 * the next fsync (then 0) */
	gfp_t gfp;			/* [I] a new page's flags (Linux's
					 * mapping_gfp_mask()): GFP_NOFS
					 * where reads hold [f] */
	/* Added for shared writable mappings (mm/filemap_rmap.h): */
	struct list_head i_mmap;	/* [r] the mms that map the file */
	int nr_mms;			/* [a] links on i_mmap */
	/* Added for per-memcg writeback (mm/page_writeback.h): */
	const struct memcg *wb_memcg;	/* [p] the memcg charged for the
					 * page that made it dirty; only
					 * compared, never dereferenced */
	/* Added for read-ahead: */
	struct file_ra_state fault_ra;	/* [h] faults' read-around (Linux
					 * keeps it in the mapping VMA's
					 * struct file, shared with read();
					 * here read() has its file's) */
};

extern struct spinlock filemap_lock;

int address_space_init(struct address_space *mapping, void *host,
		       const struct address_space_operations *a_ops,
		       u64 size);
long filemap_read(struct address_space *mapping, u64 size, struct io_buf *io,
		  s64 *pos);
long filemap_read_ra(struct address_space *mapping, struct file_ra_state *ra,
		     u64 size, struct io_buf *io, s64 *pos);
int filemap_fault(struct address_space *mapping, pgoff_t index,
		  struct page **out);
void filemap_put_page(struct page *page);
void filemap_free_page(struct page *page);
unsigned long filemap_nr_pages(void);
void filemap_count_pages(long nr);

/* Dirty pages and writeback (Context: [f] held unless said). */
int filemap_write_begin(struct address_space *mapping, pgoff_t index,
			bool overwrite, struct page **out);
void filemap_write_end(struct address_space *mapping, struct page *page);
int filemap_writeback(struct address_space *mapping);
void filemap_invalidate(struct address_space *mapping, pgoff_t first);
void filemap_zero_tail(struct address_space *mapping, u64 size);
int filemap_resize(struct address_space *mapping, u64 size);
int filemap_take_error(struct address_space *mapping);
void filemap_page_mkwrite(struct address_space *mapping, pgoff_t index,
			  struct page *page);
bool filemap_page_reclaimable(const struct page *page);

/* For read-ahead (mm/filemap_readahead.c). Context: no spinlock held. */
pgoff_t filemap_nr_file_pages(struct address_space *mapping);
bool filemap_claim(struct address_space *mapping, pgoff_t index);
void filemap_unclaim(struct address_space *mapping, pgoff_t index);
void filemap_insert_read_ahead(struct address_space *mapping,
			       pgoff_t index, struct page *page, bool mark);

#endif
