// SPDX-License-Identifier: MIT
/*
 * Shared writable mappings of ext2 files (mm/filemap_rmap.c, the shared
 * write fault of mm/fault.c, mm/msync.c), on ext2 on ram0 (the empty
 * 1 MiB image ext2/wb.sparse, mounted on /tmp/shm; each case loads a
 * fresh copy and unmounts it):
 *
 *   write_fault_dirties  a 4-page file, clean, mapped MAP_SHARED by a
 *             test mm: a read fault maps page 0 read-only and clean
 *             (file_mapped 1); a write fault on page 1 makes its entry
 *             writable and the page dirty; msync(MS_SYNC) writes it to
 *             ram0 and write-protects the entry again; the next write
 *             faults and dirties it again; munmap leaves it dirty
 *             (nothing lost) and file_mapped 0; fsync puts the second
 *             write on ram0.
 *   pin_outlives_unlink  the file's last fd closed and its name
 *             unlinked while mapped: the inode stays (the mapping reads
 *             the bytes), its blocks stay allocated; munmap drops the
 *             last pin and ext2 frees them (statfs's free blocks back).
 *   fork_pins  a forked mm maps the same page cache, pins the file too
 *             and its first write faults (the copied entry is
 *             read-only).
 *   fault_throttled  with dirty_ratio 0, a write fault on a shared
 *             mapping returns once the flusher cleaned the page.
 *   gmmapsync  user/glibc/gmmapsync.c (which passes unchanged on Linux)
 *             in a directory of the ext2: all its checks pass; no page
 *             is left dirty.
 *   memcg_writer  under every charge-path design, a process in a group
 *             of memory.max 256K writes a 768 KiB file through 64 KiB
 *             shared mappings (user/mmapwrite.c): it finishes, nobody is
 *             OOM-killed, the limit was hit, and read() gives its bytes
 *             after fsync.
 */
#include "block/blkdev.h"
#include "fs/ext2.h"
#include "fs/vfs.h"
#include "kernel/cgroup.h"
#include "mm/fault.h"
#include "mm/filemap.h"
#include "mm/fork.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/mmap.h"
#include "mm/oom.h"
#include "mm/page_writeback.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"
#include "tests/mm/mm_test_util.h"

#define SHM_DIR		"/tmp/shm"
#define SHM_FILE	SHM_DIR "/f"
#define SHM_PAGES	4UL
#define SHM_BYTES	(SHM_PAGES * PAGE_SIZE)
#define READ_FAULT	FAULT_FLAG_USER
#define WRITE_FAULT	(FAULT_FLAG_USER | FAULT_FLAG_WRITE)
#define PG(n)		(TEST_VA + (n) * PAGE_SIZE)
#define MAGIC1		0x1111222233334444ULL
#define MAGIC2		0x5555666677778888ULL

static struct block_device *ram0;
static u8 *image;
static u64 image_size;
static u8 shm_buf[SHM_BYTES];
static struct user_run run;

/* A fresh empty ext2 on ram0, mounted on SHM_DIR. Return: 0 or fails @t. */
static int shm_mount(struct ktest *t)
{
	ram0 = blk_lookup("ram0");
	if (!KTEST_EXPECT_NOT_NULL(t, ram0))
		return -ENODEV;
	image = ram0_load_image(t, ram0, "ext2/wb.sparse", &image_size);
	if (!image)
		return -EIO;
	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), SHM_DIR, 0755), 0) ||
	    !KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", SHM_DIR), 0)) {
		kfree(image);
		return -EIO;
	}
	return 0;
}

static void shm_umount(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, umount_dir(SHM_DIR), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), SHM_DIR), 0);
	kfree(image);
}

/* The u64 at byte @off of SHM_FILE as ram0 holds it now (a copy of the
 * device mounted from memory); ~0 if it cannot be read. */
static u64 device_word(u64 off)
{
	struct ext2_io io;
	struct super_block *sb;
	struct file *f;
	loff_t pos = (loff_t)off;
	u64 w = ~0ULL;

	if (blk_rw_sync(ram0, BLK_READ, 0, image,
			(u32)(image_size / SECTOR_SIZE)))
		return w;
	ext2_io_mem_init(&io, image, image_size);
	if (ext2_mount(&io, 0, &sb))
		return w;
	if (!vfs_open(sb->root, "f", O_RDONLY, 0, &f)) {
		struct io_buf ib = { .base = (char *)&w, .len = sizeof(w) };

		if (vfs_read(f, &ib, &pos) != sizeof(w))
			w = ~0ULL;
		fput(f);
	}
	ext2_kill_sb(sb);
	return w;
}

/* SHM_FILE: SHM_BYTES of zeros, on ram0 and clean. NULL fails @t. */
static struct file *shm_create(struct ktest *t)
{
	struct file *f;
	int err;

	memset(shm_buf, 0, sizeof(shm_buf));
	f = ft_open(SHM_FILE, O_CREAT | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, ft_pwrite(f, shm_buf, SHM_BYTES, 0),
			     (long)SHM_BYTES) ||
	    !KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0)) {
		fput(f);
		return NULL;
	}
	return f;
}

/* A test mm with @f mapped shared read-write at PG(0); NULL fails @t. */
static struct mm *shm_map(struct ktest *t, struct file *f)
{
	struct mm *mm = mm_alloc();

	if (!KTEST_EXPECT_NOT_NULL(t, mm))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, do_mmap_file(mm, PG(0), SHM_BYTES,
					     PROT_READ | PROT_WRITE,
					     MAP_SHARED | MAP_FIXED, f, 0),
			     (long)PG(0))) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

static struct address_space *mapping_of(struct file *f)
{
	return f->f_op->mapping(f);
}

static bool writable_at(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	return arch_pt_populated(&mm->pt, va, &leaf) &&
	       arch_pte_writable(leaf);
}

static long file_mapped(void)
{
	return memcg_stat_read(&root_memcg, MEMCG_FILE_MAPPED);
}

/*
 * A read fault maps clean and read-only; a write fault dirties; msync
 * writes and write-protects; the next write dirties again; munmap keeps
 * the dirty page; fsync writes it.
 * Bugs caught: writeback that does not write-protect the mapping's entry
 * (the second write is never seen: nrdirty stays 0, ram0 keeps MAGIC1);
 * a shared write fault that does not dirty the page; msync that syncs
 * nothing; file_mapped not counted or not uncounted.
 */
static void filemap_shared_write_fault_dirties(struct ktest *t)
{
	long mapped0 = file_mapped();
	struct address_space *a;
	struct file *f;
	struct mm *mm;

	if (shm_mount(t))
		return;
	f = shm_create(t);
	if (!f)
		goto out;
	a = mapping_of(f);
	mm = shm_map(t, f);
	if (!mm)
		goto out_put;
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(0), READ_FAULT), 0);
	KTEST_EXPECT(t, !writable_at(mm, PG(0)));
	KTEST_EXPECT_EQ_U(t, a->nrdirty, 0);
	KTEST_EXPECT_EQ(t, file_mapped() - mapped0, 1);
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(1), WRITE_FAULT), 0);
	KTEST_EXPECT(t, writable_at(mm, PG(1)));
	KTEST_EXPECT_EQ_U(t, a->nrdirty, 1);
	KTEST_EXPECT_EQ(t, file_mapped() - mapped0, 2);
	*user_word(mm, PG(1)) = MAGIC1;
	KTEST_EXPECT_EQ(t, do_msync(mm, PG(0), SHM_BYTES, MS_SYNC), 0);
	KTEST_EXPECT_EQ_U(t, a->nrdirty, 0);
	KTEST_EXPECT(t, !writable_at(mm, PG(1)));
	KTEST_EXPECT_EQ_U(t, device_word(PAGE_SIZE), MAGIC1);
	/* The next write must fault: the CPU would not, if writable. */
	if (!writable_at(mm, PG(1)))
		KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(1), WRITE_FAULT), 0);
	*user_word(mm, PG(1)) = MAGIC2;
	KTEST_EXPECT_EQ_U(t, a->nrdirty, 1);
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(0), SHM_BYTES), 0);
	KTEST_EXPECT_EQ(t, file_mapped(), mapped0);
	KTEST_EXPECT_EQ_U(t, a->nrdirty, 1);
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	KTEST_EXPECT_EQ_U(t, device_word(PAGE_SIZE), MAGIC2);
	mmput(mm);
out_put:
	fput(f);
out:
	shm_umount(t);
}

static u64 free_blocks(void)
{
	struct dentry *d;
	struct kstatfs st = { 0 };

	if (vfs_lookup(vfs_root(), SHM_DIR, &d))
		return 0;
	d->inode->sb->s_op->statfs(d->inode->sb, &st);
	dput(d);
	return st.f_bfree;
}

/*
 * The mapping pins the file: closed and unlinked, it is still there
 * until munmap; then its blocks are freed.
 * Bugs caught: a VMA without a reference on its file (the inode evicted
 * at the unlink: its page cache freed under the mapping); a pin never
 * dropped (the blocks stay allocated, the image leaks an inode).
 */
static void filemap_shared_pin_outlives_unlink(struct ktest *t)
{
	u64 before;
	struct file *f;
	struct mm *mm;

	if (shm_mount(t))
		return;
	before = free_blocks();
	f = shm_create(t);
	if (!f)
		goto out;
	mm = shm_map(t, f);
	fput(f);
	if (!mm)
		goto out;
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), SHM_FILE), 0);
	KTEST_EXPECT_LT_U(t, free_blocks(), before);
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(2), WRITE_FAULT), 0);
	*user_word(mm, PG(2)) = MAGIC1;
	KTEST_EXPECT_EQ(t, do_msync(mm, PG(0), SHM_BYTES, MS_SYNC), 0);
	KTEST_EXPECT_EQ_U(t, *user_word(mm, PG(2)), MAGIC1);
	KTEST_EXPECT_EQ(t, do_munmap(mm, PG(0), SHM_BYTES), 0);
	KTEST_EXPECT_EQ_U(t, free_blocks(), before);
	KTEST_EXPECT_EQ(t, mm->nr_file_maps, 0);
	mmput(mm);
out:
	shm_umount(t);
}

/*
 * A forked mm maps the file's page cache, pins the file and write-faults
 * on its first write. Bugs caught: the child's VMA made anonymous (it
 * would map a zero page, not the file's); no link for the child (its
 * writes escape writeback's write-protection); the parent's writable
 * entry copied writable.
 */
static void filemap_shared_fork_pins(struct ktest *t)
{
	struct mm *mm, *child = NULL;
	struct address_space *a;
	struct file *f;

	if (shm_mount(t))
		return;
	f = shm_create(t);
	if (!f)
		goto out;
	a = mapping_of(f);
	mm = shm_map(t, f);
	if (!mm)
		goto out_put;
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(0), WRITE_FAULT), 0);
	*user_word(mm, PG(0)) = MAGIC1;
	if (KTEST_EXPECT_EQ(t, fork_mm(mm, &child), 0)) {
		KTEST_EXPECT(t, vma_find(&child->vmas, PG(0))->mapping == a);
		KTEST_EXPECT_EQ(t, child->nr_file_maps, 1);
		KTEST_EXPECT_EQ(t, a->nr_mms, 2);
		KTEST_EXPECT(t, !writable_at(child, PG(0)));
		KTEST_EXPECT_EQ_U(t, *user_word(child, PG(0)), MAGIC1);
		KTEST_EXPECT_EQ_U(t, fault_handle(child, PG(1), READ_FAULT),
				  0);
		KTEST_EXPECT_EQ_U(t, fault_handle(child, PG(0), WRITE_FAULT),
				  0);
		KTEST_EXPECT(t, writable_at(child, PG(0)));
		mmput(child);
		KTEST_EXPECT_EQ(t, a->nr_mms, 1);
	}
	KTEST_EXPECT_EQ(t, f->inode->i_op->fsync(f->inode, false), 0);
	KTEST_EXPECT_EQ_U(t, device_word(0), MAGIC1);
	mmput(mm);
out_put:
	fput(f);
out:
	shm_umount(t);
}

/*
 * With dirty_ratio 0 every dirty page is over the limit: a write fault
 * on a shared mapping returns only once the flusher wrote the page back
 * (bounded: WRITEBACK_MAPPED_ROUNDS pauses, five seconds).
 * Bug caught: a task dirtying through a mapping never throttled (the
 * fault returns with the page still dirty; in a memcg at its limit the
 * charge path then meets only dirty pages).
 */
static void filemap_shared_fault_throttled(struct ktest *t)
{
	struct address_space *a;
	struct file *f;
	struct mm *mm;

	if (shm_mount(t))
		return;
	f = shm_create(t);
	if (!f)
		goto out;
	a = mapping_of(f);
	mm = shm_map(t, f);
	if (!mm)
		goto out_put;
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_ratio", "0"), 1);
	KTEST_EXPECT_EQ_U(t, fault_handle(mm, PG(3), WRITE_FAULT), 0);
	KTEST_EXPECT_EQ_U(t, a->nrdirty, 0);
	KTEST_EXPECT_EQ_U(t, writeback_nr_writeback(), 0);
	KTEST_EXPECT(t, !writable_at(mm, PG(3)));	/* cleaned, protected */
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_ratio", "20"), 2);
	mmput(mm);
out_put:
	fput(f);
out:
	shm_umount(t);
}

static void filemap_shared_gmmapsync(struct ktest *t)
{
	u64 checks = 0, failed = ~0ULL;
	long mapped0 = file_mapped();

	if (shm_mount(t))
		return;
	if (!user_run(t, &run, KTEST_WAIT_MS, "/bin/gmmapsync-glibc",
		      "--dir", SHM_DIR, NULL)) {
		KTEST_EXPECT(t, user_exited(&run, 0));
		KTEST_EXPECT(t, user_field(run.out, "gmmapsync: result",
					   "checks=", &checks));
		KTEST_EXPECT(t, user_field(run.out, "gmmapsync: result",
					   "failed=", &failed));
		KTEST_EXPECT_GE(t, checks, 27);
		KTEST_EXPECT_EQ(t, failed, 0);
		if (ktest_failed(t))
			ktest_log(t, "output:\n%s", run.out);
	}
	KTEST_EXPECT_EQ(t, file_mapped(), mapped0);
	KTEST_EXPECT_EQ(t, writeback_sync(NULL), 0);
	shm_umount(t);
}

#define WRITER_BYTES	(768UL * 1024)
/* As page_writeback's writer: seconds idle, a loaded host stretches it. */
#define WRITER_WAIT_MS	120000

/* FNV-1a of WRITER_BYTES of user/mmapwrite.c's pattern (byte i =
 * i * 13 + i / 4096), as it prints it. */
static u64 writer_fnv(void)
{
	u64 fnv = 0xcbf29ce484222325ULL;

	for (u64 i = 0; i < WRITER_BYTES; i++)
		fnv = (fnv ^ (u8)(i * 13 + i / PAGE_SIZE)) *
		      0x100000001b3ULL;
	return fnv;
}

static void mapped_writer(struct ktest *t, enum memcg_design design)
{
	unsigned long kills0 = oom_kill_count();
	struct cgroup *cg;
	char want[80];

	memcg_set_design(design);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "shmw", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "256K"), 0);
	cgroup_attach_kthread(current, cg);
	if (!user_run(t, &run, WRITER_WAIT_MS, "/bin/mmapwrite", "--path",
		      SHM_DIR "/big", "--bytes", "786432", "--window",
		      "65536", NULL)) {
		KTEST_EXPECT(t, user_exited(&run, 0));
		snprintf(want, sizeof(want),
			 "mmapwrite: bytes=%lu error=0 fnv=%016llx",
			 WRITER_BYTES, (unsigned long long)writer_fnv());
		KTEST_EXPECT(t, strstr(run.out, want) != NULL);
	}
	cgroup_attach_kthread(current, &cgroup_root);
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false),
			0);
	KTEST_EXPECT_GT(t, memcg_event_read(cg->memcg, MEMCG_MAX, false), 0);
	printk("# shared_writer design=%s max_events=%ld\n",
	       memcg_design_name(design),
	       memcg_event_read(cg->memcg, MEMCG_MAX, false));
	if (ktest_failed(t))
		ktest_log(t, "output:\n%s", run.out);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), SHM_DIR "/big"), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void filemap_shared_memcg_writer(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();

	if (shm_mount(t))
		return;
	for (int i = 0; i < MEMCG_NR_DESIGNS && !ktest_failed(t); i++)
		mapped_writer(t, i);
	memcg_set_design(saved);
	shm_umount(t);
}

KTEST_SUITE(filemap_shared,
	    KTEST_CASE(filemap_shared_write_fault_dirties),
	    KTEST_CASE(filemap_shared_pin_outlives_unlink),
	    KTEST_CASE(filemap_shared_fork_pins),
	    KTEST_CASE(filemap_shared_fault_throttled),
	    KTEST_CASE(filemap_shared_gmmapsync),
	    KTEST_CASE(filemap_shared_memcg_writer));
