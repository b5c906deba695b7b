// SPDX-License-Identifier: MIT
/*
 * Reclaim of mapped page-cache pages through the reverse map
 * (mm/filemap_rmap.c's walks, mm/vmscan.c's use of them), on ext2 on
 * ram0 (an empty image loaded by each case, mounted on /tmp/rmap):
 *
 *   unmap_shoots_down_tlb  CPU 1 has a test mm loaded and has read a
 *             mapped file page (its TLB caches the entry); this CPU
 *             unmaps the page through the reverse map: CPU 1's next read
 *             faults (its TLB was shot down), the page's counts go (RSS,
 *             mapcount, file_mapped), and a refault maps the same bytes.
 *   referenced_and_locked  the accessed bit of an entry is seen once and
 *             cleared; an mlocked mapping reports VM_LOCKED and keeps
 *             its entry through an unmap.
 *   dirty_entry_dirties_page  writeback cleaned a page a shared mapping
 *             can still write: a write through the entry then an unmap
 *             leave the page dirty (the entry's dirty bit moved to it).
 *   cold_unmapped_hot_kept  four mapped pages, one of them read by the
 *             CPU, then cold unmapped pages behind them on the inactive
 *             list: a reclaim of 32 pages unmaps and frees the three
 *             untouched mapped pages and activates the touched one,
 *             which stays mapped.
 *   group_reader  under every charge-path design, a process in a group
 *             with memory.max 4M maps a 16 MiB file whole and reads it
 *             twice (user/mapread.c): no OOM kill, its bytes right,
 *             pgscan and pgsteal past the file's excess over the limit.
 *   group_writer  the same, writing the file through the mapping and
 *             reading it back: dirty pages written back, then freed; the
 *             file read from ram0 afterwards has the bytes.
 *   group_mlocked  the same mapping mlocked: nothing is reclaimable, the
 *             group OOMs (its process killed, or its mlock() failing
 *             with EAGAIN where the design kills only from user faults).
 *
 * The group cases need ram0 of 24 MiB (ramdisk.size=24576, the plan's
 * reclaim-mapped row); on the default 1 MiB ram0 they run scaled down to
 * memory.max 256K and a 768 KiB file, under the boot's design only (a
 * default boot has many suites to run within its time bound).
 */
#include <arch/smp.h>
#include <arch/uaccess.h>
#include "block/blkdev.h"
#include "fs/vfs.h"
#include "kernel/cgroup.h"
#include "kernel/completion.h"
#include "kernel/kthread.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "mm/fault.h"
#include "mm/filemap.h"
#include "mm/filemap_rmap.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/mmap.h"
#include "mm/oom.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/mm_test_util.h"

#define RM_DIR		"/tmp/rmap"
#define RM_FILE		RM_DIR "/f"
#define RM_COLD		RM_DIR "/cold"
#define RM_PAGES	4UL
#define COLD_PAGES	64UL
#define READ_FAULT	FAULT_FLAG_USER
#define PG(n)		(TEST_VA + (n) * PAGE_SIZE)
#define GROUP_WAIT_MS	300000	/* 16 MiB, a debug build, a loaded host */

/* The group cases' sizes, from ram0's. */
struct rm_scale {
	const char *image;	/* the empty ext2 loaded on ram0 */
	const char *max;	/* the group's memory.max */
	unsigned long max_bytes;
	unsigned long bytes;	/* the file */
	bool every_design;	/* else the boot's design only */
};

static const struct rm_scale full = { "ext2/bench.sparse", "4M", 4UL << 20,
				      16UL << 20, true };
static const struct rm_scale scaled = { "ext2/wb.sparse", "256K",
					256UL << 10, 768UL << 10, false };
static struct user_run run;
static u8 file_buf[PAGE_SIZE];

static u8 pattern_byte(u64 i)
{
	return (u8)(i * 7 + i / PAGE_SIZE);	/* as user/mapread.c */
}

static const struct rm_scale *rm_scale(struct block_device *ram0)
{
	return ram0->nr_sectors * SECTOR_SIZE >= (24UL << 20) ? &full :
							       &scaled;
}

/* An empty ext2 on ram0, mounted on RM_DIR; NULL fails @t. */
static const struct rm_scale *rm_mount(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	const struct rm_scale *sc;

	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return NULL;
	sc = rm_scale(ram0);
	if (!KTEST_EXPECT_EQ(t, ext2t_stream_sparse(ram0, sc->image), 0) ||
	    !KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), RM_DIR, 0755), 0))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", RM_DIR), 0)) {
		vfs_rmdir(vfs_root(), RM_DIR);
		return NULL;
	}
	return sc;
}

static void rm_umount(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, umount_dir(RM_DIR), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), RM_DIR), 0);
}

/* @path: @pages pages of the pattern, on ram0 and clean; NULL fails @t. */
static struct file *rm_create(struct ktest *t, const char *path,
			      unsigned long pages)
{
	struct file *f;
	int err;

	f = ft_open(path, O_CREAT | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		return NULL;
	for (unsigned long n = 0; n < pages; n++) {
		for (u64 i = 0; i < PAGE_SIZE; i++)
			file_buf[i] = pattern_byte(n * PAGE_SIZE + i);
		if (!KTEST_EXPECT_EQ(t, ft_pwrite(f, file_buf, PAGE_SIZE,
						  (loff_t)(n * PAGE_SIZE)),
				     (long)PAGE_SIZE))
			goto fail;
	}
	if (KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0))
		return f;
fail:
	fput(f);
	return NULL;
}

/* The pattern's first u64 of file page @n. */
static u64 pattern_word(unsigned long n)
{
	u64 w = 0;

	for (int i = 7; i >= 0; i--)
		w = w << 8 | pattern_byte(n * PAGE_SIZE + (u64)i);
	return w;
}

/* A test mm with @f mapped shared with @prot (and @flags) at PG(0),
 * pages @n faulted in for reading; NULL fails @t. */
static struct mm *rm_map_prot(struct ktest *t, struct file *f,
			      unsigned long n, int prot, unsigned long flags)
{
	struct mm *mm = mm_alloc();

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(0), RM_PAGES * PAGE_SIZE,
					     prot,
					     MAP_SHARED | MAP_FIXED | flags, f,
					     0),
			     (long)PG(0)))
		goto fail;
	for (unsigned long i = 0; i < n; i++)
		if (!KTEST_EXPECT_EQ(t, fault_handle(mm, PG(i), READ_FAULT), 0))
			goto fail;
	return mm;
fail:
	mmput(mm);
	return NULL;
}

/* A test mm with @f mapped shared (read-only, or @flags' MAP_LOCKED) at
 * PG(0), pages @n faulted in for reading; NULL fails @t. */
static struct mm *rm_map(struct ktest *t, struct file *f, unsigned long n,
			 unsigned long flags)
{
	return rm_map_prot(t, f, n, PROT_READ, flags);
}

static struct address_space *mapping_of(struct file *f)
{
	return f->f_op->mapping(f);
}

static struct page *page_at(struct mm *mm, unsigned long n)
{
	volatile u64 *w = user_word(mm, PG(n));

	return w ? virt_to_page((const void *)w) : NULL;
}

static long file_mapped(void)
{
	return memcg_stat_read(&root_memcg, MEMCG_FILE_MAPPED);
}

/* This CPU reads PG(@n) through @mm's tables, setting the accessed bit. */
static int cpu_read(struct mm *mm, unsigned long n, u64 *val)
{
	int r;

	preempt_disable();
	mm_use(mm);
	r = get_user_u64(val, (const u64 __user *)PG(n));
	mm_unuse(mm);
	preempt_enable();
	return r;
}

struct tlb_probe {
	struct mm *mm;
	int stage;			/* [a] 1: first read done; 2: go */
	int first_err, second_err;
	u64 first;
	struct completion done;
};

static int tlb_reader(void *arg)
{
	struct tlb_probe *p = arg;
	u64 v;

	preempt_disable();
	mm_use(p->mm);
	p->first_err = get_user_u64(&p->first, (const u64 __user *)PG(0));
	__atomic_store_n(&p->stage, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&p->stage, __ATOMIC_ACQUIRE) != 2)
		arch_cpu_relax();
	/* Preemption off: a fault here is not handled, the read fails. */
	p->second_err = get_user_u64(&v, (const u64 __user *)PG(0));
	mm_unuse(p->mm);
	preempt_enable();
	complete(&p->done);
	return 0;
}

/* Unmap @page (page @n of @f) through the reverse map. */
static bool rm_unmap(struct ktest *t, struct file *f, unsigned long n,
		     struct page *page)
{
	bool unmapped;

	if (!KTEST_EXPECT(t, filemap_rmap_trylock()))
		return false;
	unmapped = filemap_rmap_try_to_unmap(mapping_of(f), n, page);
	filemap_rmap_unlock();
	return unmapped;
}

/*
 * Bugs caught: an unmap that flushes only this CPU's TLB (CPU 1 still
 * reads through its cached entry: second_err 0); mapcount, file_mapped
 * or RSS not dropped at unmap.
 */
static void vmscan_rmap_unmap_shoots_down_tlb(struct ktest *t)
{
	unsigned long base = task_count();
	struct tlb_probe p = { 0 };
	long mapped0 = file_mapped();
	struct page *page;
	struct file *f;
	struct task *k;

	if (sched_nr_cpus() < 2)
		KTEST_SKIP(t, "needs two CPUs");
	if (!rm_mount(t))
		return;
	f = rm_create(t, RM_FILE, RM_PAGES);
	p.mm = f ? rm_map(t, f, 1, 0) : NULL;
	if (!p.mm)
		goto out;
	init_completion(&p.done);
	page = page_at(p.mm, 0);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_EXPECT_EQ(t, file_mapped(), mapped0 + 1);
	page_get(page);
	k = kthread_create(tlb_reader, &p, "rmap-tlb");
	KTEST_ASSERT_NOT_NULL(t, k);
	kthread_bind(k, smp_processor_id() == 1 ? 2 % sched_nr_cpus() : 1);
	wake_up_process(k);
	ktest_wait_until(t, __atomic_load_n(&p.stage, __ATOMIC_ACQUIRE) == 1,
			 KTEST_WAIT_MS);
	KTEST_EXPECT(t, rm_unmap(t, f, 0, page));
	__atomic_store_n(&p.stage, 2, __ATOMIC_RELEASE);
	ktest_wait_completion(t, &p.done, KTEST_WAIT_MS);
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, p.first_err, 0);
	KTEST_EXPECT_EQ(t, p.first, pattern_word(0));
	KTEST_EXPECT_EQ(t, p.second_err, -EFAULT);
	KTEST_EXPECT(t, !arch_pt_populated(&p.mm->pt, PG(0), NULL));
	KTEST_EXPECT_EQ(t, page_mapcount(page), 0);
	KTEST_EXPECT_EQ(t, mm_rss(p.mm, MM_FILEPAGES), 0);
	KTEST_EXPECT_EQ(t, file_mapped(), mapped0);
	/* Still cached: the refault maps the very page, same bytes. */
	KTEST_EXPECT_EQ(t, fault_handle(p.mm, PG(0), READ_FAULT), 0);
	KTEST_EXPECT(t, page_at(p.mm, 0) == page);
	KTEST_EXPECT_EQ(t, *user_word(p.mm, PG(0)), pattern_word(0));
	filemap_put_page(page);
	mmput(p.mm);
out:
	if (f)
		fput(f);
	rm_umount(t);
}

/*
 * Bugs caught: accessed bits not read (young 0 after a CPU read) or not
 * cleared (young again without an access); a VM_LOCKED mapping's entry
 * unmapped, or its lock not reported.
 */
static void vmscan_rmap_referenced_and_locked(struct ktest *t)
{
	struct filemap_rmap_refs refs;
	struct mm *mm = NULL;
	struct page *page;
	struct file *f;
	u64 v = 0;

	if (!rm_mount(t))
		return;
	f = rm_create(t, RM_FILE, RM_PAGES);
	mm = f ? rm_map(t, f, 1, 0) : NULL;
	if (!mm)
		goto out;
	page = page_at(mm, 0);
	KTEST_ASSERT(t, filemap_rmap_trylock());
	filemap_rmap_referenced(mapping_of(f), 0, page, &refs);
	KTEST_EXPECT_EQ(t, refs.young, 0);	/* the fault did not read */
	KTEST_EXPECT_EQ(t, cpu_read(mm, 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, pattern_word(0));
	filemap_rmap_referenced(mapping_of(f), 0, page, &refs);
	KTEST_EXPECT_EQ(t, refs.young, 1);
	KTEST_EXPECT(t, !refs.contended && !(refs.vm_flags & VM_LOCKED));
	filemap_rmap_referenced(mapping_of(f), 0, page, &refs);
	KTEST_EXPECT_EQ(t, refs.young, 0);	/* cleared by the last walk */
	filemap_rmap_unlock();
	mmput(mm);

	mm = rm_map(t, f, 1, MAP_LOCKED);
	if (!mm)
		goto out;
	page = page_at(mm, 0);
	page_get(page);
	KTEST_ASSERT(t, filemap_rmap_trylock());
	filemap_rmap_referenced(mapping_of(f), 0, page, &refs);
	KTEST_EXPECT(t, refs.vm_flags & VM_LOCKED);
	KTEST_EXPECT(t, !filemap_rmap_try_to_unmap(mapping_of(f), 0, page));
	filemap_rmap_unlock();
	KTEST_EXPECT(t, arch_pt_populated(&mm->pt, PG(0), NULL));
	KTEST_EXPECT_EQ(t, page_mapcount(page), 1);
	filemap_put_page(page);
	mmput(mm);
out:
	if (f)
		fput(f);
	rm_umount(t);
}

/*
 *   inactive list, old end first:  P0 P1 P2 P3  cold x 64
 *                                   (P1 read by the CPU)
 * A reclaim of 32 pages scans from the old end: P0, P2 and P3 have no
 * accessed entry and go (unmapped, freed); P1 was read, so it is kept
 * (activated: it was also marked referenced when it came in) and stays
 * mapped; the cold pages make up the rest, so the call ends before the
 * active list is aged. Bugs caught: accessed bits ignored (P1 reclaimed
 * too); mapped pages never unmapped (P0 still mapped); mapcount not
 * dropped (file_mapped stays, the unmapped pages cannot be freed).
 */
static void vmscan_rmap_cold_unmapped_hot_kept(struct ktest *t)
{
	long mapped0 = file_mapped();
	struct file *f, *cold = NULL;
	struct mm *mm = NULL;
	struct page *hot;
	u64 v = 0;

	if (!rm_mount(t))
		return;
	f = rm_create(t, RM_FILE, RM_PAGES);
	cold = f ? rm_create(t, RM_COLD, COLD_PAGES) : NULL;
	if (!cold)
		goto out;
	vmscan_drop_caches();
	mm = rm_map(t, f, RM_PAGES, 0);
	if (!mm)
		goto out;
	for (unsigned long n = 0; n < COLD_PAGES; n++)
		KTEST_EXPECT_EQ(t, ft_pread(cold, file_buf, PAGE_SIZE,
					    (loff_t)(n * PAGE_SIZE)),
				(long)PAGE_SIZE);
	KTEST_EXPECT_EQ(t, cpu_read(mm, 1, &v), 0);
	hot = page_at(mm, 1);
	KTEST_EXPECT_EQ(t, file_mapped(), mapped0 + (long)RM_PAGES);
	try_to_free_mem_cgroup_pages(&root_memcg, VMSCAN_BATCH, GFP_KERNEL);
	for (unsigned long n = 0; n < RM_PAGES; n++)
		KTEST_EXPECT_EQ(t, arch_pt_populated(&mm->pt, PG(n), NULL),
				n == 1);
	KTEST_EXPECT(t, page_at(mm, 1) == hot);
	KTEST_EXPECT_EQ(t, file_mapped(), mapped0 + 1);
	KTEST_EXPECT_EQ(t, mm_rss(mm, MM_FILEPAGES), 1);
	/* An unmapped page faults back in from the disk, same bytes. */
	KTEST_EXPECT_EQ(t, fault_handle(mm, PG(2), READ_FAULT), 0);
	KTEST_EXPECT_EQ(t, *user_word(mm, PG(2)), pattern_word(2));
out:
	if (mm)
		mmput(mm);
	if (cold)
		fput(cold);
	if (f)
		fput(f);
	rm_umount(t);
}

static int fsync_thread(void *arg)
{
	struct file *f = arg;

	f->inode->i_op->fsync(f->inode, false);
	return 0;
}

/*
 * The window where a dirty bit is all that says a page was written:
 * writeback has cleaned the page (PG_dirty -> PG_writeback) and not yet
 * write-protected its entries - held there by this case holding
 * filemap_rmap, which its mkclean waits for - when the CPU writes
 * through the still writable entry. Unmapping the page then must leave
 * it dirty, so the write is not dropped with the page.
 * Bug caught: the unmap ignoring the entry's dirty bit (the page stays
 * clean).
 */
static void vmscan_rmap_dirty_entry_dirties_page(struct ktest *t)
{
	unsigned long base = task_count();
	struct mm *mm = NULL;
	struct page *page;
	struct file *f;

	if (!rm_mount(t))
		return;
	f = rm_create(t, RM_FILE, RM_PAGES);
	mm = f ? rm_map_prot(t, f, 0, PROT_READ | PROT_WRITE, 0) : NULL;
	if (!mm)
		goto out;
	KTEST_EXPECT_EQ(t, fault_handle(mm, PG(0), READ_FAULT |
					FAULT_FLAG_WRITE), 0);
	page = page_at(mm, 0);
	KTEST_ASSERT_NOT_NULL(t, page);
	page_get(page);
	KTEST_ASSERT(t, filemap_rmap_trylock());
	if (KTEST_EXPECT_NOT_NULL(t, kthread_run(fsync_thread, f,
						 "rmap-fsync")))
		ktest_wait_until(t, __atomic_load_n(&page->flags,
						    __ATOMIC_ACQUIRE) &
					    PG_writeback, KTEST_WAIT_MS);
	KTEST_EXPECT(t, !(page->flags & PG_dirty));
	preempt_disable();
	mm_use(mm);
	KTEST_EXPECT_EQ(t, put_user_u64(0x4444, (u64 __user *)PG(0)), 0);
	mm_unuse(mm);
	preempt_enable();
	KTEST_EXPECT(t, filemap_rmap_try_to_unmap(mapping_of(f), 0, page));
	KTEST_EXPECT(t, page->flags & PG_dirty);
	filemap_rmap_unlock();
	ktest_wait_tasks(t, base, KTEST_WAIT_MS);
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	filemap_put_page(page);
	mmput(mm);
out:
	if (f)
		fput(f);
	rm_umount(t);
}

enum group_mode { GROUP_READ, GROUP_WRITE, GROUP_MLOCK };

/* The file's bytes as ram0 holds them: the cache dropped first. Return:
 * the bytes that differ from the pattern, or ~0 if it cannot be read. */
static u64 device_bad_bytes(const char *path, unsigned long bytes)
{
	u64 bad = 0;
	struct file *f;
	int err;

	vmscan_drop_caches();
	f = ft_open(path, O_RDONLY, &err);
	if (!f)
		return ~0ULL;
	for (unsigned long off = 0; off < bytes && bad != ~0ULL;
	     off += PAGE_SIZE) {
		if (ft_pread(f, file_buf, PAGE_SIZE, (loff_t)off) !=
		    (long)PAGE_SIZE)
			bad = ~0ULL;
		for (u64 i = 0; bad != ~0ULL && i < PAGE_SIZE; i++)
			bad += file_buf[i] != pattern_byte(off + i);
	}
	fput(f);
	return bad;
}

static void group_run(struct ktest *t, const struct rm_scale *sc,
		      enum memcg_design design, enum group_mode mode)
{
	static const char *const flag[] = { NULL, "--write", "--mlock" };
	unsigned long kills0 = oom_kill_count();
	unsigned long excess = (sc->bytes - sc->max_bytes) / PAGE_SIZE;
	char bytes[24], want[80];
	struct cgroup *cg;
	long steal;

	memcg_set_design(design);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "rmap", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, sc->max), 0);
	cgroup_attach_kthread(current, cg);
	snprintf(bytes, sizeof(bytes), "%lu", sc->bytes);
	user_run(t, &run, GROUP_WAIT_MS, "/bin/mapread", "--path",
		 RM_DIR "/big", "--bytes", bytes, flag[mode], NULL);
	cgroup_attach_kthread(current, &cgroup_root);
	steal = vmscan_event_read(cg->memcg, VMSCAN_PGSTEAL);
	printk("# mapped_group design=%s mode=%d pgscan=%ld pgsteal=%ld "
	       "max_events=%ld ooms=%ld oom_kills=%ld\n",
	       memcg_design_name(design), mode,
	       vmscan_event_read(cg->memcg, VMSCAN_PGSCAN), steal,
	       memcg_event_read(cg->memcg, MEMCG_MAX, false),
	       memcg_event_read(cg->memcg, MEMCG_OOM, false),
	       memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false));
	if (mode == GROUP_MLOCK) {
		/*
		 * The group OOMs. Whether it kills depends on the design: a
		 * 4.x kernel OOM-kills only from a user fault, so mlock's
		 * populate fails (Linux's mlock() error for that is EAGAIN);
		 * 6.1 kills from any charge.
		 */
		KTEST_EXPECT_GT(t, memcg_event_read(cg->memcg, MEMCG_OOM,
						    false), 0);
		KTEST_EXPECT(t, wait_status_sig(run.status) == SIGKILL ||
				strstr(run.out, "error=mlock:EAGAIN"));
	} else {
		snprintf(want, sizeof(want), "mapread: bytes=%lu bad=0 error=0",
			 sc->bytes);
		KTEST_EXPECT(t, user_exited(&run, 0));
		KTEST_EXPECT(t, strstr(run.out, want) != NULL);
		KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 0);
		KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg, MEMCG_OOM_KILL,
						    false), 0);
		/* Each pass went through the whole file at the limit. */
		KTEST_EXPECT_GE(t, steal, (long)(2 * excess));
		KTEST_EXPECT_GE(t, vmscan_event_read(cg->memcg, VMSCAN_PGSCAN),
				steal);
	}
	if (mode == GROUP_WRITE)
		KTEST_EXPECT_EQ_U(t, device_bad_bytes(RM_DIR "/big", sc->bytes),
				  0);
	KTEST_EXPECT_EQ(t, memcg_stat_read(cg->memcg, MEMCG_FILE_MAPPED), 0);
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), RM_DIR "/big"), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void group_all_designs(struct ktest *t, enum group_mode mode)
{
	enum memcg_design saved = memcg_get_design();
	const struct rm_scale *sc = rm_mount(t);

	if (!sc)
		return;
	for (int i = 0; i < MEMCG_NR_DESIGNS && !ktest_failed(t); i++)
		if (sc->every_design || i == (int)saved)
			group_run(t, sc, i, mode);
	memcg_set_design(saved);
	rm_umount(t);
}

/*
 * Bugs caught: mapped pages never reclaimed (the group OOMs: a kill, or
 * mapread killed before its line); an unmapped page refaulted with the
 * wrong bytes (bad > 0).
 */
static void vmscan_rmap_group_reader(struct ktest *t)
{
	group_all_designs(t, GROUP_READ);
}

/*
 * Bugs caught: a dirty mapped page freed without writeback (the bytes
 * on ram0, or mapread's read-back, differ); a dirty entry's page left
 * clean.
 */
static void vmscan_rmap_group_writer(struct ktest *t)
{
	group_all_designs(t, GROUP_WRITE);
}

/* Bug caught: mlocked pages unmapped and reclaimed (mapread finishes). */
static void vmscan_rmap_group_mlocked(struct ktest *t)
{
	group_all_designs(t, GROUP_MLOCK);
}

KTEST_SUITE(vmscan_rmap,
	    KTEST_CASE(vmscan_rmap_unmap_shoots_down_tlb),
	    KTEST_CASE(vmscan_rmap_referenced_and_locked),
	    KTEST_CASE(vmscan_rmap_dirty_entry_dirties_page),
	    KTEST_CASE(vmscan_rmap_cold_unmapped_hot_kept),
	    KTEST_CASE(vmscan_rmap_group_reader),
	    KTEST_CASE(vmscan_rmap_group_writer),
	    KTEST_CASE(vmscan_rmap_group_mlocked));
