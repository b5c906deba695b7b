// SPDX-License-Identifier: MIT
/*
 * Read-ahead into the page cache (mm/filemap_readahead.c), on an empty
 * ext2 (ext2/wb.sparse: 1 MiB, 4 KiB blocks) in ram0 mounted at
 * /tmp/fra, each file written by the test, fsynced and dropped from the
 * cache before it is read cold, the default window of 32 pages:
 *
 *   sequential  a 128-page file read 4 KiB at a time: page 0 brings in
 *               [0, 4), reading page 1 (the mark) brings in [4, 12)
 *               before the reader needs it; the whole file takes at most
 *               a quarter as many ram0 read requests as pages.
 *   eof         a 16-page file truncated to 10 pages + 100 bytes keeps
 *               its 16 slots or more; a cold read caches exactly 11 pages,
 *               the last one zero past the end.
 *   random      16 reads of one page far apart cache 16 pages: random
 *               reads never ramp.
 *   fault       a fault on page 64 reads around it, [48, 80); a fault
 *               on the mark (page 72) reads the next window.
 *   tight_max   under every charge-path design, catfile in a group of
 *               memory.max 128K (32 pages: less than a window and the
 *               reader's own pages) reads the 128-page file: exit 0, the
 *               file's bytes, no OOM kill, the group at or under its
 *               limit: a read-ahead charge that fails ends the window.
 */
#include <arch/layout.h>
#include "kernel/cgroup.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/oom.h"
#include "mm/page_alloc.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define FRA_DIR		"/tmp/fra"
#define FRA_PAGES	128UL
#define FRA_BYTES	(FRA_PAGES * PAGE_SIZE)
#define CATFILE_MS	120000	/* a debug build on a loaded host */

static u8 fra_buf[FRA_BYTES];
static struct user_run cat;

static u8 fra_byte(u64 i)
{
	return (u8)(i * 13 + i / PAGE_SIZE);
}

static u64 fra_reads(void)
{
	struct blk_stats st;

	blk_stats_read(blk_lookup("ram0"), &st);
	return st.ios[BLK_STAT_READ];
}

static bool fra_mount(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	u64 size;
	u8 *image;

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return false;
	image = ram0_load_image(t, ram0, "ext2/wb.sparse", &size);
	if (!image)
		return false;
	kfree(image);
	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), FRA_DIR, 0755), 0))
		return false;
	if (KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", FRA_DIR), 0))
		return true;
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), FRA_DIR), 0);
	return false;
}

/*
 * A file of @bytes of the pattern, cut to @size, on the disk and out of
 * the cache. Return: it open, or NULL (@t failed).
 */
static struct file *fra_file(struct ktest *t, const char *path, u64 bytes,
			     u64 size)
{
	struct file *f;
	int err;

	for (u64 i = 0; i < bytes; i++)
		fra_buf[i] = fra_byte(i);
	f = ft_open(path, O_CREAT | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, ft_pwrite(f, fra_buf, bytes, 0),
			     (long)bytes) ||
	    !KTEST_EXPECT_EQ(t, vfs_truncate(f, (loff_t)size), 0) ||
	    !KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0)) {
		fput(f);
		return NULL;
	}
	vmscan_drop_caches();
	if (!KTEST_EXPECT_EQ_U(t, f->f_op->mapping(f)->nrpages, 0)) {
		fput(f);
		return NULL;
	}
	return f;
}

static void fra_done(struct ktest *t, struct file *f, const char *path)
{
	fput(f);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), path), 0);
	vmscan_drop_caches();
}

static void fra_umount(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, umount_dir(FRA_DIR), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), FRA_DIR), 0);
}

/* Read page @index of @f and check its bytes (zeros past @size). */
static bool fra_read_page(struct ktest *t, struct file *f, u64 index,
			  u64 size)
{
	static u8 page[PAGE_SIZE];
	u64 pos = index * PAGE_SIZE;
	long want = (long)MIN((u64)PAGE_SIZE, size - pos);

	if (!KTEST_EXPECT_EQ(t, ft_pread(f, page, PAGE_SIZE, (loff_t)pos),
			     want))
		return false;
	for (long i = 0; i < want; i++)
		if (page[i] != fra_byte(pos + (u64)i)) {
			KTEST_FAIL(t, "byte %llu is %u",
				   (unsigned long long)pos + (u64)i, page[i]);
			return false;
		}
	return true;
}

static void filemap_readahead_sequential(struct ktest *t)
{
	const char *path = FRA_DIR "/seq";
	struct address_space *m;
	struct file *f;
	u64 reads;

	if (!fra_mount(t))
		return;
	f = fra_file(t, path, FRA_BYTES, FRA_BYTES);
	if (!f)
		goto out;
	m = f->f_op->mapping(f);
	reads = fra_reads();
	fra_read_page(t, f, 0, FRA_BYTES);
	KTEST_EXPECT_EQ_U(t, m->nrpages, 4);
	fra_read_page(t, f, 1, FRA_BYTES);
	KTEST_EXPECT_EQ_U(t, m->nrpages, 12);
	for (u64 i = 2; i < FRA_PAGES && !ktest_failed(t); i++)
		fra_read_page(t, f, i, FRA_BYTES);
	reads = fra_reads() - reads;
	ktest_log(t, "%lu pages read in %llu ram0 read requests", FRA_PAGES,
		  (unsigned long long)reads);
	KTEST_EXPECT_EQ_U(t, m->nrpages, FRA_PAGES);
	KTEST_EXPECT_LE_U(t, reads, FRA_PAGES / 4);
	fra_done(t, f, path);
out:
	fra_umount(t);
}

static void filemap_readahead_eof(struct ktest *t)
{
	const char *path = FRA_DIR "/eof";
	const u64 size = 10 * PAGE_SIZE + 100;
	struct address_space *m;
	struct file *f;

	if (!fra_mount(t))
		return;
	f = fra_file(t, path, 16 * PAGE_SIZE, size);
	if (!f)
		goto out;
	m = f->f_op->mapping(f);
	KTEST_EXPECT_GE_U(t, m->nr_slots, 16);	/* slots past the end */
	for (u64 i = 0; i <= size / PAGE_SIZE && !ktest_failed(t); i++)
		fra_read_page(t, f, i, size);
	KTEST_EXPECT_EQ_U(t, m->nrpages, 11);
	fra_done(t, f, path);
out:
	fra_umount(t);
}

static void filemap_readahead_random(struct ktest *t)
{
	/* never 0, never the page after the last read */
	static const u64 order[] = { 37, 5, 90, 61, 120, 17, 75, 100,
				     9, 52, 111, 29, 83, 44, 126, 68 };
	const char *path = FRA_DIR "/rnd";
	struct file *f;

	if (!fra_mount(t))
		return;
	f = fra_file(t, path, FRA_BYTES, FRA_BYTES);
	if (!f)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(order) && !ktest_failed(t); i++)
		fra_read_page(t, f, order[i], FRA_BYTES);
	KTEST_EXPECT_EQ_U(t, f->f_op->mapping(f)->nrpages, ARRAY_SIZE(order));
	fra_done(t, f, path);
out:
	fra_umount(t);
}

/* Fault page @index of @m in (filemap_fault(), as a file VMA's fault). */
static void fra_fault(struct ktest *t, struct address_space *m, u64 index)
{
	struct page *page;

	if (!KTEST_EXPECT_EQ(t, filemap_fault(m, index, &page), 0))
		return;
	KTEST_EXPECT_EQ(t, *(u8 *)page_address(page),
			fra_byte(index * PAGE_SIZE));
	filemap_put_page(page);
}

static void filemap_readahead_fault(struct ktest *t)
{
	const char *path = FRA_DIR "/map";
	struct address_space *m;
	struct file *f;

	if (!fra_mount(t))
		return;
	f = fra_file(t, path, FRA_BYTES, FRA_BYTES);
	if (!f)
		goto out;
	m = f->f_op->mapping(f);
	m->fault_ra = (struct file_ra_state){ 0 };
	fra_fault(t, m, 64);
	KTEST_EXPECT_EQ_U(t, m->nrpages, 32);
	KTEST_EXPECT_NOT_NULL(t, m->slots[48].page);
	KTEST_EXPECT_NOT_NULL(t, m->slots[79].page);
	fra_fault(t, m, 72);
	KTEST_EXPECT_EQ_U(t, m->nrpages, 64);
	KTEST_EXPECT_NOT_NULL(t, m->slots[111].page);
	fra_done(t, f, path);
out:
	fra_umount(t);
}

/* catfile's line for the pattern file of FRA_BYTES at @path. */
static bool cat_read_pattern(const struct user_run *u, const char *path)
{
	u64 fnv = 0xcbf29ce484222325ULL;
	char want[96];

	for (u64 i = 0; i < FRA_BYTES; i++)
		fnv = (fnv ^ fra_byte(i)) * 0x100000001b3ULL;
	snprintf(want, sizeof(want), "catfile: file=%s bytes=%lu fnv=%016llx",
		 path, FRA_BYTES, (unsigned long long)fnv);
	return strstr(u->out, want) != NULL;
}

static void fra_tight_reader(struct ktest *t, const char *path,
			     enum memcg_design design)
{
	unsigned long kills = oom_kill_count();
	struct cgroup *cg;
	int r;

	memcg_set_design(design);
	vmscan_drop_caches();
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "fra", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "128K"), 0);
	cgroup_attach_kthread(current, cg);
	r = user_run(t, &cat, CATFILE_MS, "/bin/catfile", path, NULL);
	cgroup_attach_kthread(current, &cgroup_root);
	if (!r) {
		KTEST_EXPECT(t, user_exited(&cat, 0));
		KTEST_EXPECT(t, cat_read_pattern(&cat, path));
	}
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills, 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false),
			0);
	KTEST_EXPECT_LE(t, memcg_current(cg->memcg), 128 * 1024 / PAGE_SIZE);
	ktest_log(t, "%s: max events %ld", memcg_design_name(design),
		  memcg_event_read(cg->memcg, MEMCG_MAX, false));
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void filemap_readahead_tight_max(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();
	const char *path = FRA_DIR "/tight";
	struct file *f;

	if (!fra_mount(t))
		return;
	f = fra_file(t, path, FRA_BYTES, FRA_BYTES);
	if (!f)
		goto out;
	for (int i = 0; i < MEMCG_NR_DESIGNS && !ktest_failed(t); i++)
		fra_tight_reader(t, path, i);
	memcg_set_design(saved);
	fra_done(t, f, path);
out:
	fra_umount(t);
}

KTEST_SUITE(filemap_readahead, KTEST_CASE(filemap_readahead_sequential),
	    KTEST_CASE(filemap_readahead_eof),
	    KTEST_CASE(filemap_readahead_random),
	    KTEST_CASE(filemap_readahead_fault),
	    KTEST_CASE(filemap_readahead_tight_max));
