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
 * mapcount, reclaim skips a mapped page, and a write to a private
 * mapping copies the page into an anonymous one. Not yet here: dirty
 * pages and writeback (tmpfs keeps its own pages until they move here).
 *
 * References: the cache holds one (page->refcount 1 = cached, idle); a
 * reader holds another while copying. Reclaim takes a page only when it
 * can turn 1 into 0 under filemap_lock, so a page being read is skipped.
 *
 * Locking: [I] immutable after address_space_init(); [p] filemap_lock
 * (every mapping's index and every memcg's file LRU: one lock, where
 * Linux has the i_pages lock and the lru_lock); [a] atomic.
 */
#ifndef MM_FILEMAP_H
#define MM_FILEMAP_H

#include "kernel/spinlock.h"
#include "lib/list.h"
#include "mm/page.h"

struct address_space;
struct io_buf;
struct memcg;

typedef unsigned long pgoff_t;

struct address_space_operations {
	/* Fill @page, a fresh page, with the file's page @index (bytes past
	 * the end of the file zero). Return: 0, or a negative errno. May
	 * sleep; no lock held. */
	int (*read_folio)(struct address_space *mapping, struct page *page,
			  pgoff_t index);
};

/* One page of a file: its cache entry and its place on a file LRU. */
struct filemap_slot {
	struct page *page;		/* [p] NULL: not cached */
	struct address_space *mapping;	/* [I] */
	pgoff_t index;			/* [I] */
	struct list_head lru;		/* [p] on the paying memcg's inactive
					 * or active list while cached */
};

struct address_space {
	void *host;			/* [I] the file system's inode data */
	const struct address_space_operations *a_ops;	/* [I] */
	struct filemap_slot *slots;	/* [I] one per page of the file */
	pgoff_t nr_slots;		/* [I] */
	unsigned long nrpages;		/* [p] slots with a page */
};

extern struct spinlock filemap_lock;

int address_space_init(struct address_space *mapping, void *host,
		       const struct address_space_operations *a_ops,
		       u64 size);
long filemap_read(struct address_space *mapping, u64 size, struct io_buf *io,
		  s64 *pos);
int filemap_fault(struct address_space *mapping, pgoff_t index,
		  struct page **out);
void filemap_put_page(struct page *page);
void filemap_free_page(struct page *page);
unsigned long filemap_nr_pages(void);
void filemap_count_pages(long nr);

#endif
