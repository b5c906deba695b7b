// SPDX-License-Identifier: MIT
/*
 * slowfs: one file read through the page cache from a slow "disk" (see
 * fs/slowfs.h). The page cache (mm/filemap.c) calls read_folio with no
 * lock of its own held; the caller's locks (a fault's mmap_lock) stay
 * held across the sleep, which is the point.
 *
 * Locking: [I] set at slowfs_create(); [a] atomic.
 */
#include "fs/slowfs.h"
#include "kernel/cmdline.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "lib/errno.h"
#include "mm/filemap.h"
#include "mm/page_alloc.h"

static unsigned int delay_ms;		/* [a] */
static unsigned long nr_reads;		/* [a] read_folio calls done */
static unsigned long nr_reading;	/* [a] read_folio calls asleep */
static struct address_space data_mapping;	/* [I] /slow/data's cache */

KPARAM_UINT(slowfs_delay, "slowfs.delay_ms", &delay_ms, 0,
	    SLOWFS_MAX_DELAY_MS,
	    "ms each page-in of /slow/data sleeps uninterruptibly");

/**
 * slowfs_set_delay_ms - how long each later page-in of /slow/data takes.
 * @ms: milliseconds, clamped to SLOWFS_MAX_DELAY_MS
 *
 * Context: any.
 */
void slowfs_set_delay_ms(unsigned int ms)
{
	__atomic_store_n(&delay_ms, MIN(ms, SLOWFS_MAX_DELAY_MS),
			 __ATOMIC_RELAXED);
}

/* The page-in delay now. Context: any. Return: milliseconds. */
unsigned int slowfs_delay_ms(void)
{
	return __atomic_load_n(&delay_ms, __ATOMIC_RELAXED);
}

/* Page-ins since boot (the cache misses of /slow/data). Context: any. */
unsigned long slowfs_nr_reads(void)
{
	return __atomic_load_n(&nr_reads, __ATOMIC_RELAXED);
}

/* Page-ins under way now (a test waits for one to hold its locks). */
unsigned long slowfs_nr_reading(void)
{
	return __atomic_load_n(&nr_reading, __ATOMIC_RELAXED);
}

/* /slow/data's page cache, for tests that look at its pages. */
struct address_space *slowfs_data_mapping(void)
{
	return &data_mapping;
}

/* The disk's answer: after the delay, in D state (no signal ends it). */
static int slowfs_read_folio(struct address_space *mapping,
			     struct page *page, pgoff_t index)
{
	unsigned int ms = slowfs_delay_ms();
	u8 *p = page_address(page);

	__atomic_add_fetch(&nr_reading, 1, __ATOMIC_RELAXED);
	if (ms)
		schedule_timeout_uninterruptible((long)msecs_to_jiffies(ms));
	__atomic_sub_fetch(&nr_reading, 1, __ATOMIC_RELAXED);
	for (unsigned long k = 0; k < PAGE_SIZE; k++)
		p[k] = slowfs_byte(index, k);
	__atomic_add_fetch(&nr_reads, 1, __ATOMIC_RELAXED);
	return 0;
}

static const struct address_space_operations slowfs_aops = {
	.read_folio = slowfs_read_folio,
};

static long slowfs_read(struct file *file, struct io_buf *io, loff_t *pos)
{
	return filemap_read(&data_mapping, SLOWFS_DATA_PAGES * PAGE_SIZE, io,
			    pos);
}

static struct address_space *slowfs_mapping(struct file *file)
{
	return &data_mapping;
}

static const struct file_operations slowfs_fops = {
	.read = slowfs_read,
	.mapping = slowfs_mapping,
};

/* Make /slow/data in @sb's root. */
static int slowfs_add_data(struct super_block *sb)
{
	struct inode *inode = inode_alloc(sb, S_IFREG | 0444);
	struct dentry *d;

	if (!inode)
		return -ENOMEM;
	inode->f_op = &slowfs_fops;
	inode->size = (loff_t)(SLOWFS_DATA_PAGES * PAGE_SIZE);
	d = d_alloc(sb->root, "data", inode);
	if (!d)
		return -ENOMEM;
	d_link(d);
	return 0;
}

/**
 * slowfs_create - the slow file system, its one file's cache ready.
 *
 * Context: boot, task context.
 * Return: its super block, or NULL without memory.
 */
struct super_block *slowfs_create(void)
{
	struct super_block *sb = sb_alloc("slowfs", true, NULL);
	struct inode *root;
	int err;

	if (!sb || address_space_init(&data_mapping, NULL, &slowfs_aops,
				      SLOWFS_DATA_PAGES * PAGE_SIZE))
		return NULL;
	root = inode_alloc(sb, S_IFDIR | 0555);
	if (!root)
		return NULL;
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root)
		return NULL;
	vfs_namespace_lock();
	err = slowfs_add_data(sb);
	vfs_namespace_unlock();
	return err ? NULL : sb;
}
