// SPDX-License-Identifier: MIT
/*
 * Dirty pages and writeback, on ext2 on ram0 (an empty 1 MiB image with
 * 4 KiB blocks, ext2/wb.sparse, mounted through mount(2)'s path on
 * /tmp/wb; each case loads a fresh copy and unmounts it, so every page is
 * clean and freed at its end):
 *
 *   dirty_then_fsync  a 64 KiB write leaves 16 dirty pages (Dirty in
 *             /proc/meminfo, file_dirty in memory.stat) and ram0 without
 *             the bytes; fsync writes them: no dirty page is left and
 *             ram0 holds the bytes.
 *   flusher_expire  with dirty_expire_centisecs and
 *             dirty_writeback_centisecs at 10, the flusher alone writes
 *             the file back (bounded wait: 10 s) and ram0 holds it.
 *   reclaim_keeps_dirty  reclaim of everything keeps the 16 dirty pages
 *             (the flusher held off by the file's lock), and after fsync
 *             frees them; the file reads back from ram0 unchanged.
 *   memcg_writer  under every charge-path design, a process in a group
 *             of memory.max 256K writes a 768 KiB file (three times its
 *             limit): it finishes, nobody is OOM-killed, the limit was
 *             hit (max events), and ram0 holds its bytes.
 *   sysctls  the four dirty sysctls read Linux's defaults; a ratio of
 *             101 or -1, an expire time of -1 and junk are -EINVAL and
 *             change nothing; dirty_writeback_centisecs takes -1 (Linux
 *             6.1's proc_dointvec()) and reads it back.
 */
#include "block/blkdev.h"
#include "fs/ext2.h"
#include "fs/vfs.h"
#include "kernel/cgroup.h"
#include "kernel/timer.h"
#include "mm/filemap.h"
#include "mm/memcg.h"
#include "mm/memcg_design.h"
#include "mm/oom.h"
#include "mm/page_writeback.h"
#include "mm/vmscan.h"
#include "tests/fs/ext2_ram0.h"
#include "tests/fs/fs_test_util.h"
#include "tests/kernel/user_run.h"

#define WB_DIR		"/tmp/wb"
#define WB_FILE_BYTES	65536U
#define WB_PAGES	(WB_FILE_BYTES / PAGE_SIZE)
#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

struct wb_disk {
	struct block_device *ram0;
	u8 *image;		/* ram0's first bytes, re-read on demand */
	u64 size;
};

static u8 wb_buf[WB_FILE_BYTES];
static struct user_run writer;

/* user/filewrite.c's byte i. */
static u8 wb_byte(u64 i)
{
	return (u8)(i * 7 + i / 4096);
}

static void wb_fill(void)
{
	for (u64 i = 0; i < WB_FILE_BYTES; i++)
		wb_buf[i] = wb_byte(i);
}

/* A fresh image on ram0, mounted on WB_DIR. Return: 0, or fails @t. */
static int wb_mount(struct ktest *t, struct wb_disk *d)
{
	d->ram0 = blk_lookup("ram0");
	if (!KTEST_EXPECT_NOT_NULL(t, d->ram0))
		return -ENODEV;
	d->image = ram0_load_image(t, d->ram0, "ext2/wb.sparse", &d->size);
	if (!d->image)
		return -EIO;
	if (!KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), WB_DIR, 0755), 0) ||
	    !KTEST_EXPECT_EQ(t, mount_ext2("/dev/ram0", WB_DIR), 0)) {
		kfree(d->image);
		return -EIO;
	}
	return 0;
}

static void wb_umount(struct ktest *t, struct wb_disk *d)
{
	KTEST_EXPECT_EQ(t, umount_dir(WB_DIR), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), WB_DIR), 0);
	kfree(d->image);
}

/*
 * FNV-1a of file @name as ram0 holds it now (a copy of the device,
 * mounted from memory), and its size. Return: 0, or a negative errno.
 */
static int device_fnv(struct wb_disk *d, const char *name, u64 *fnv,
		      u64 *size)
{
	struct ext2_io io;
	struct super_block *sb;
	struct file *f;
	loff_t pos = 0;
	long n;
	int r;

	r = blk_rw_sync(d->ram0, BLK_READ, 0, d->image,
			(u32)(d->size / SECTOR_SIZE));
	if (r)
		return r;
	ext2_io_mem_init(&io, d->image, d->size);
	r = ext2_mount(&io, 0, &sb);
	if (r)
		return r;
	r = vfs_open(sb->root, name, O_RDONLY, 0, &f);
	*fnv = FNV_OFFSET;
	*size = 0;
	while (!r) {
		struct io_buf ib = { .base = (char *)wb_buf,
				      .len = sizeof(wb_buf) };

		n = vfs_read(f, &ib, &pos);
		if (n <= 0) {
			r = (int)n;
			break;
		}
		for (long i = 0; i < n; i++)
			*fnv = (*fnv ^ wb_buf[i]) * FNV_PRIME;
		*size += (u64)n;
	}
	if (f && !r)
		fput(f);
	ext2_kill_sb(sb);
	return r;
}

static u64 pattern_fnv(u64 bytes)
{
	u64 fnv = FNV_OFFSET;

	for (u64 i = 0; i < bytes; i++)
		fnv = (fnv ^ wb_byte(i)) * FNV_PRIME;
	return fnv;
}

/* Does ram0 hold @name as WB_FILE_BYTES of the pattern? */
static bool device_holds(struct wb_disk *d, const char *name)
{
	u64 fnv, size;

	return !device_fnv(d, name, &fnv, &size) && size == WB_FILE_BYTES &&
	       fnv == pattern_fnv(WB_FILE_BYTES);
}

/* Create @path holding the pattern; Return: the open file, or NULL. */
static struct file *wb_write(struct ktest *t, const char *path)
{
	struct file *f;
	int err;

	wb_fill();
	f = ft_open(path, O_CREAT | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f))
		return NULL;
	if (!KTEST_EXPECT_EQ(t, ft_pwrite(f, wb_buf, WB_FILE_BYTES, 0),
			     (long)WB_FILE_BYTES)) {
		fput(f);
		return NULL;
	}
	return f;
}

static int wb_fsync(struct file *f)
{
	return f->inode->i_op->fsync(f->inode, false);
}

/* fsync of the mount's root: ext2's metadata, none of the files'
 * pages. Return: its result, or the lookup's errno. */
static int wb_sync_metadata(void)
{
	struct dentry *root;
	int r = vfs_lookup(vfs_root(), WB_DIR, &root);

	if (r)
		return r;
	r = root->inode->i_op->fsync(root->inode, false);
	dput(root);
	return r;
}

/* /proc/meminfo's @key in kB, or -1. */
static long meminfo_kb(const char *key)
{
	static char text[2048];
	const char *line;
	long kb = -1;

	if (ft_slurp("/proc/meminfo", text, sizeof(text)) <= 0)
		return -1;
	line = strstr(text, key);
	if (!line)
		return -1;
	for (line += strlen(key); *line == ' '; line++)
		;
	for (kb = 0; *line >= '0' && *line <= '9'; line++)
		kb = kb * 10 + (*line - '0');
	return kb;
}

static void page_writeback_dirty_then_fsync(struct ktest *t)
{
	struct wb_disk d;
	struct file *f;
	u64 fnv, size;

	if (wb_mount(t, &d))
		return;
	f = wb_write(t, WB_DIR "/d1");
	if (f) {
		KTEST_EXPECT_GE_U(t, writeback_nr_dirty(), WB_PAGES);
		KTEST_EXPECT_GE(t, memcg_stat_read(&root_memcg,
						   MEMCG_FILE_DIRTY),
				(long)WB_PAGES);
		KTEST_EXPECT_GE(t, meminfo_kb("Dirty:"), 64);
		/* Created on the device, its bytes still in the cache:
		 * the directory's fsync writes ext2's metadata back (its
		 * metadata cache keeps it until then), not the file. */
		KTEST_EXPECT_EQ(t, wb_sync_metadata(), 0);
		KTEST_EXPECT_EQ(t, device_fnv(&d, "d1", &fnv, &size), 0);
		KTEST_EXPECT_EQ_U(t, size, 0);
		KTEST_EXPECT_EQ(t, wb_fsync(f), 0);
		KTEST_EXPECT_EQ_U(t, writeback_nr_dirty(), 0);
		KTEST_EXPECT_EQ_U(t, writeback_nr_writeback(), 0);
		KTEST_EXPECT_EQ(t, memcg_stat_read(&root_memcg,
						   MEMCG_FILE_DIRTY), 0);
		KTEST_EXPECT_EQ(t, meminfo_kb("Dirty:"), 0);
		KTEST_EXPECT(t, device_holds(&d, "d1"));
		fput(f);
	}
	wb_umount(t, &d);
}

static void set_sysctl(struct ktest *t, const char *name, const char *v)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	KTEST_EXPECT_EQ(t, ft_put(path, v), (long)strlen(v));
}

static void page_writeback_flusher_expire(struct ktest *t)
{
	struct wb_disk d;
	struct file *f;

	if (wb_mount(t, &d))
		return;
	set_sysctl(t, "dirty_expire_centisecs", "10");
	set_sysctl(t, "dirty_writeback_centisecs", "10");
	f = wb_write(t, WB_DIR "/d2");
	if (f) {
		KTEST_EXPECT(t, wait_event_timeout(writeback_wq,
						   !writeback_nr_dirty() &&
						   !writeback_nr_writeback(),
						   msecs_to_jiffies(10000)));
		KTEST_EXPECT(t, device_holds(&d, "d2"));
		fput(f);
	}
	set_sysctl(t, "dirty_expire_centisecs", "3000");
	set_sysctl(t, "dirty_writeback_centisecs", "500");
	wb_umount(t, &d);
}

static void page_writeback_reclaim_keeps_dirty(struct ktest *t)
{
	struct wb_disk d;
	struct file *f;
	u64 fnv, size;

	if (wb_mount(t, &d))
		return;
	f = wb_write(t, WB_DIR "/d3");
	if (f) {
		/* The flusher waits for the file's lock meanwhile. */
		mutex_lock(&f->inode->lock);
		try_to_free_mem_cgroup_pages(&root_memcg, PAGE_COUNTER_MAX,
					     GFP_NOFS);
		KTEST_EXPECT_EQ_U(t, writeback_nr_dirty(), WB_PAGES);
		KTEST_EXPECT_GE_U(t, filemap_nr_pages(), WB_PAGES);
		mutex_unlock(&f->inode->lock);
		KTEST_EXPECT_EQ(t, wb_fsync(f), 0);
		KTEST_EXPECT_GE_U(t, try_to_free_mem_cgroup_pages(
					     &root_memcg, PAGE_COUNTER_MAX,
					     GFP_KERNEL),
				  WB_PAGES);
		/* Read again from ram0 through the cache. */
		memset(wb_buf, 0, sizeof(wb_buf));
		KTEST_EXPECT_EQ(t, ft_pread(f, wb_buf, WB_FILE_BYTES, 0),
				(long)WB_FILE_BYTES);
		fnv = FNV_OFFSET;
		for (size = 0; size < WB_FILE_BYTES; size++)
			fnv = (fnv ^ wb_buf[size]) * FNV_PRIME;
		KTEST_EXPECT_EQ_U(t, fnv, pattern_fnv(WB_FILE_BYTES));
		fput(f);
	}
	wb_umount(t, &d);
}

/* filewrite's fingerprint line says @bytes of the pattern. */
static bool writer_wrote(const struct user_run *u, u64 bytes)
{
	char want[80];

	snprintf(want, sizeof(want),
		 "filewrite: bytes=%llu write=0 fsync=0 fnv=%016llx",
		 (unsigned long long)bytes,
		 (unsigned long long)pattern_fnv(bytes));
	return strstr(u->out, want) != NULL;
}

#define WRITER_BYTES	(768UL * 1024)
/* About a second on an idle host; every block goes through ram0's queue
 * several times, which a loaded 2-core host stretches a hundredfold. The
 * writer prints a line every 64 KiB meanwhile. */
#define WRITER_WAIT_MS	120000

static void memcg_writer(struct ktest *t, struct wb_disk *d,
			 enum memcg_design design)
{
	unsigned long kills0 = oom_kill_count();
	struct cgroup *cg;
	u64 fnv, size;
	int r;

	memcg_set_design(design);
	KTEST_ASSERT_EQ(t, cgroup_create(&cgroup_root, "wbw", &cg), 0);
	KTEST_EXPECT_EQ(t, memcg_write_max(cg->memcg, "256K"), 0);
	cgroup_attach_kthread(current, cg);
	r = user_run(t, &writer, WRITER_WAIT_MS, "/bin/filewrite", "--path",
		     WB_DIR "/big", "--bytes", "786432", "--fsync",
		     "--progress", "65536", NULL);
	cgroup_attach_kthread(current, &cgroup_root);
	if (!r) {
		KTEST_EXPECT(t, user_exited(&writer, 0));
		KTEST_EXPECT(t, writer_wrote(&writer, WRITER_BYTES));
	}
	KTEST_EXPECT_EQ_U(t, oom_kill_count() - kills0, 0);
	KTEST_EXPECT_EQ(t, memcg_event_read(cg->memcg, MEMCG_OOM_KILL, false),
			0);
	KTEST_EXPECT_GT(t, memcg_event_read(cg->memcg, MEMCG_MAX, false), 0);
	KTEST_EXPECT_EQ(t, device_fnv(d, "big", &fnv, &size), 0);
	KTEST_EXPECT_EQ_U(t, size, WRITER_BYTES);
	KTEST_EXPECT_EQ_U(t, fnv, pattern_fnv(WRITER_BYTES));
	printk("# writeback design=%s max_events=%ld file=%ld\n",
	       memcg_design_name(design),
	       memcg_event_read(cg->memcg, MEMCG_MAX, false),
	       memcg_stat_read(cg->memcg, MEMCG_FILE));
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), WB_DIR "/big"), 0);
	KTEST_EXPECT_EQ(t, cgroup_remove(cg), 0);
	cgroup_put(cg);
}

static void page_writeback_memcg_writer(struct ktest *t)
{
	enum memcg_design saved = memcg_get_design();
	struct wb_disk d;

	if (wb_mount(t, &d))
		return;
	for (int i = 0; i < MEMCG_NR_DESIGNS && !ktest_failed(t); i++)
		memcg_writer(t, &d, i);
	memcg_set_design(saved);
	wb_umount(t, &d);
}

static void page_writeback_sysctls(struct ktest *t)
{
	static const char *const names[] = {
		"dirty_expire_centisecs", "dirty_writeback_centisecs",
		"dirty_ratio", "dirty_background_ratio" };
	static const char *const defaults[] = { "3000\n", "500\n", "20\n",
						"10\n" };
	char path[64], text[32];

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "/proc/sys/vm/%s", names[i]);
		KTEST_EXPECT_GT(t, ft_slurp(path, text, sizeof(text)), 0);
		KTEST_EXPECT_STREQ(t, text, defaults[i]);
	}
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_ratio", "101"),
			-EINVAL);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_ratio", "-1"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_expire_centisecs",
				  "x"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_expire_centisecs",
				  "-1"), -EINVAL);
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_writeback_centisecs",
				  "-1"), 2);
	KTEST_EXPECT_GT(t, ft_slurp("/proc/sys/vm/dirty_writeback_centisecs",
				    text, sizeof(text)), 0);
	KTEST_EXPECT_STREQ(t, text, "-1\n");
	KTEST_EXPECT_EQ(t, ft_put("/proc/sys/vm/dirty_writeback_centisecs",
				  "500"), 3);
	KTEST_EXPECT_GT(t, ft_slurp("/proc/sys/vm/dirty_ratio", text,
				    sizeof(text)), 0);
	KTEST_EXPECT_STREQ(t, text, "20\n");
	KTEST_EXPECT_EQ(t, ft_slurp("/proc/sys/vm/dirty_expire_centisecs",
				    text, sizeof(text)), 5);
}

KTEST_SUITE(page_writeback,
	    KTEST_CASE(page_writeback_dirty_then_fsync),
	    KTEST_CASE(page_writeback_flusher_expire),
	    KTEST_CASE(page_writeback_reclaim_keeps_dirty),
	    KTEST_CASE(page_writeback_memcg_writer),
	    KTEST_CASE(page_writeback_sysctls));
