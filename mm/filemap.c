// SPDX-License-Identifier: MIT
/*
 * The page cache (see mm/filemap.h). Invariant: a slot's page is charged
 * once (PG_file), counted once in nr_cached and in its mapping's
 * nrpages, and on the file LRU of the memcg it is charged to; all four
 * change together under filemap_lock, and the page is uncharged and
 * freed exactly once, by whoever took it out (reclaim, mm/vmscan.c).
 */
#include "fs/vfs.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/charge.h"
#include "mm/filemap.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/vmscan.h"

struct spinlock filemap_lock = SPINLOCK_INIT("page_cache");
static unsigned long nr_cached;		/* [a] pages in every mapping */

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

	*mapping = (struct address_space){ .host = host, .a_ops = a_ops };
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
	page->refcount = 1;	/* the buddy's "allocated" count */
	mm_uncharge_page(page);
	free_page(page);
}

/* The cached page of @slot with a reference, LRU-touched; or NULL. */
static struct page *filemap_lookup(struct filemap_slot *slot)
{
	struct page *page;

	spin_lock(&filemap_lock);
	page = slot->page;
	if (page) {
		page_get(page);
		vmscan_lru_touch(slot);
	}
	spin_unlock(&filemap_lock);
	return page;
}

/* A fresh page charged to current's memcg and filled from the file. */
static int filemap_fill(struct filemap_slot *slot, struct page **out)
{
	struct address_space *mapping = slot->mapping;
	struct page *page = alloc_page(GFP_KERNEL);
	int err;

	if (!page)
		return -ENOMEM;
	err = mm_charge_page(page, current->mm, GFP_KERNEL, CHARGE_FILE);
	if (err) {
		free_page(page);
		return err;
	}
	err = mapping->a_ops->read_folio(mapping, page, slot->index);
	if (err) {
		filemap_free_page(page);
		return err;
	}
	*out = page;
	return 0;
}

/*
 * The page of @slot with a reference for the caller: the cached one, or
 * one read in now and inserted (a racing reader's insert wins; ours is
 * freed).
 */
static int filemap_get_page(struct filemap_slot *slot, struct page **out)
{
	struct page *page = filemap_lookup(slot);
	int err;

	if (page) {
		*out = page;
		return 0;
	}
	err = filemap_fill(slot, &page);
	if (err)
		return err;
	spin_lock(&filemap_lock);
	if (slot->page) {
		spin_unlock(&filemap_lock);
		filemap_free_page(page);
		page = filemap_lookup(slot);
		if (!page)
			return -EAGAIN;
		*out = page;
		return 0;
	}
	page->refcount = 2;	/* the cache's and the caller's */
	slot->page = page;
	slot->mapping->nrpages++;
	filemap_count_pages(1);
	vmscan_lru_add(slot);
	spin_unlock(&filemap_lock);
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
 * reaper scenarios need 4.19's long read hold. A page not cached is
 * charged to current's memory cgroup as filemap_read() charges it.
 *
 * Context: task context, may sleep; no spinlock held.
 * Return: 0; -EFAULT for @index past the file's last page; -ENOMEM or
 * the file system's error.
 */
int filemap_fault(struct address_space *mapping, pgoff_t index,
		  struct page **out)
{
	int err;

	if (index >= mapping->nr_slots)
		return -EFAULT;
	do
		err = filemap_get_page(&mapping->slots[index], out);
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
	size_t done = 0;
	int err = 0;

	while (done < io->len && (u64)*pos < size) {
		pgoff_t index = (pgoff_t)((u64)*pos / PAGE_SIZE);
		size_t off = (size_t)((u64)*pos % PAGE_SIZE);
		size_t n = MIN(PAGE_SIZE - off, io->len - done);
		struct page *page;
		size_t got;

		n = MIN(n, (size_t)(size - (u64)*pos));
		err = filemap_get_page(&mapping->slots[index], &page);
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
	return done ? (long)done : err;
}
