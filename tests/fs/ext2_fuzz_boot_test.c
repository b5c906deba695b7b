// SPDX-License-Identifier: MIT
/*
 * Corrupted ext2 images never crash the kernel. A few hundred copies of
 * the test image (tools/oomlab/ext2_image.py's tree), each corrupted as
 * its seed says (tests/fs/ext2_fuzz.h: superblock, descriptors, inodes,
 * directory entries, block pointers past the end, at metadata or in a
 * loop, bitmaps, random bytes), are copied to ram0 in turn and mounted
 * through mount(2)'s path; each that mounts is walked as a user would
 * (getdents64, stat, read every file, readlink), written (a create, a
 * write, an fsync, an unlink, a mkdir and rmdir) and unmounted.
 *
 * Expected: a refused mount is -EINVAL (Linux 6.1's ext2_fill_super()),
 * -EIO or -EUCLEAN, with a log line; every failed access is -EIO or
 * -EUCLEAN (with a log line for the image), or an errno a corrupt tree
 * can honestly give (a name gone: -ENOENT, a type changed: -ENOTDIR...);
 * never another errno, a crash or a hang; the page, charge, writeback
 * and block-layer counters are back to where they were after every
 * image; the rate limit keeps the log to a burst per window. A failing
 * image logs its number and seed: the seed alone rebuilds it.
 */
#include <arch/layout.h>
#include "block/blkdev.h"
#include "fs/ext2.h"
#include "fs/file.h"
#include "fs/mount_cmdline.h"
#include "fs/namei.h"
#include "fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/slab.h"
#include "tests/fs/ext2_fuzz.h"
#include "tests/fs/ext2_ram0.h"

#define FUZZ_IMAGES	200
#define FUZZ_DIR	"/tmp/ext2fuzz"
#define FUZZ_DEPTH	3		/* directory levels walked */
#define FUZZ_ENTRIES	48		/* names looked at per image */
#define FUZZ_READ	PAGE_SIZE	/* bytes per read of a file */
#define FUZZ_READS	4		/* reads per file */
#define FUZZ_SPAN	(1 << 20)	/* how far into a file they go */
#define FUZZ_WRITE	2100		/* the new file: 3 blocks */
#define FUZZ_BIG_CUT	90000		/* dir/big's 100000 bytes cut to */
#define FUZZ_SEED	0x6578743266757a7aULL	/* "ext2fuzz" */

/* The ktest invariants, read per image (the runner checks per case). */
extern struct ktest_invariant *const __start_ktest_invariants[]
	__attribute__((weak));
extern struct ktest_invariant *const __stop_ktest_invariants[]
	__attribute__((weak));

#define FUZZ_MAX_INVARIANTS	32

struct fuzz_run {
	struct ktest *t;
	struct ktest scratch;		/* per-image invariant checks */
	struct ktest_invariant inv[FUZZ_MAX_INVARIANTS];
	struct ktest_invariant *invp[FUZZ_MAX_INVARIANTS];
	size_t ninv;
	u8 *buf;			/* reads and the write */
	int image;
	u64 seed;
	unsigned int kind;
	/* this image */
	int entries;
	bool corrupt_errno;		/* an access failed -EIO/-EUCLEAN */
	/* the run */
	int mounted, refused, found, bad;
	int by_kind[EXT2F_KINDS];
	int refused_by_kind[EXT2F_KINDS], found_by_kind[EXT2F_KINDS];
};

static u64 fuzz_errors(void)
{
	u64 logged, suppressed;

	ext2_error_counts(&logged, &suppressed);
	return logged + suppressed;
}

/* Fail the run for image @fr->image, naming its seed. */
static void fuzz_fail(struct fuzz_run *fr, const char *what, const char *path,
		      long r)
{
	fr->bad++;
	KTEST_FAIL(fr->t, "image %d seed %#llx (%s): %s %s: %ld", fr->image,
		   (unsigned long long)fr->seed, ext2f_kind_names[fr->kind],
		   what, path, r);
}

/*
 * Is @r what @what may give on a corrupt image? -EIO and -EUCLEAN are
 * corruption found (noted, and a log line must show for the image);
 * the rest are what a damaged but consistent-looking tree gives.
 */
static void fuzz_check(struct fuzz_run *fr, const char *what,
		       const char *path, long r)
{
	switch (r) {
	case -EIO:
	case -EUCLEAN:
		fr->corrupt_errno = true;
		return;
	case -ENOENT:		/* a name or its inode gone */
	case -ENOTDIR:		/* a directory's type changed */
	case -EISDIR:
	case -EEXIST:		/* a name the walk creates is there */
	case -ENOSPC:		/* free counts at zero */
	case -EFBIG:		/* a size past what the map can hold */
	case -ELOOP:		/* a symlink that points at itself */
	case -ENAMETOOLONG:	/* a long symlink target */
	case -ENOTEMPTY:
	case -EMLINK:
		return;
	default:
		if (r < 0)
			fuzz_fail(fr, what, path, r);
	}
}

/* Linux's struct linux_dirent64, the record getdents64 writes. */
struct fuzz_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __attribute__((packed));

static void fuzz_walk_dir(struct fuzz_run *fr, const char *path, int depth);

/* Read the regular file @path of @size bytes: its first page, then a
 * page at each of FUZZ_READS - 1 places spread over its first MiB
 * (past the direct blocks, through the indirect ones). */
static void fuzz_read_file(struct fuzz_run *fr, const char *path, u64 size)
{
	u64 span = MIN(size, (u64)FUZZ_SPAN);
	struct file *f;
	long n = 0;
	int r = vfs_open(vfs_root(), path, O_RDONLY, 0, &f);

	fuzz_check(fr, "open", path, r);
	if (r)
		return;
	for (int i = 0; i < FUZZ_READS && n >= 0; i++) {
		struct io_buf io = { .base = (char *)fr->buf,
				     .len = FUZZ_READ };
		loff_t pos = (loff_t)ALIGN_DOWN(span * i / FUZZ_READS,
						PAGE_SIZE);

		n = vfs_read(f, &io, &pos);
	}
	fuzz_check(fr, "read", path, n);
	fput(f);
}

/* stat @path and go into it by its type. */
static void fuzz_visit(struct fuzz_run *fr, const char *path, int depth)
{
	struct linux_stat st;
	struct dentry *d;
	char target[64];
	int r = vfs_lookup_at(vfs_root(), path, false, &d);

	fuzz_check(fr, "lookup", path, r);
	if (r)
		return;
	vfs_stat(d->inode, &st);
	dput(d);
	if (S_ISDIR(st.st_mode) && depth < FUZZ_DEPTH)
		fuzz_walk_dir(fr, path, depth + 1);
	else if (S_ISREG(st.st_mode))
		fuzz_read_file(fr, path, (u64)st.st_size);
	else if (S_ISLNK(st.st_mode))
		fuzz_check(fr, "readlink", path,
			   vfs_readlink(vfs_root(), path, target,
					sizeof(target)));
}

/* The names of one getdents64 buffer of @len bytes, each visited. */
static void fuzz_visit_names(struct fuzz_run *fr, const char *dir,
			     const char *buf, long len, int depth)
{
	char path[160];

	for (long off = 0; off < len && fr->entries < FUZZ_ENTRIES;) {
		const struct fuzz_dirent64 *de = (const void *)(buf + off);

		off += de->d_reclen;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		fr->entries++;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fuzz_visit(fr, path, depth);
	}
}

/* getdents64 of @path, every name visited (FUZZ_ENTRIES in all). */
static void fuzz_walk_dir(struct fuzz_run *fr, const char *path, int depth)
{
	char buf[512];
	struct file *f;
	long n = 0;
	int r = vfs_open(vfs_root(), path, O_RDONLY | O_DIRECTORY, 0, &f);

	fuzz_check(fr, "opendir", path, r);
	if (r)
		return;
	for (int calls = 0; calls < 16 && fr->entries < FUZZ_ENTRIES;
	     calls++) {
		struct io_buf io = { .base = buf, .len = sizeof(buf) };

		n = vfs_getdents(f, &io);
		if (n <= 0)
			break;
		fuzz_visit_names(fr, path, buf, n, depth);
	}
	fuzz_check(fr, "getdents64", path, n);
	fput(f);
}

/* dir/big (past its direct blocks) rewritten inside, synced, and cut
 * short: the block map walked to allocate and to free, its pointers and
 * the bitmaps they lead to checked on the way. */
static void fuzz_rewrite_big(struct fuzz_run *fr)
{
	const char *path = FUZZ_DIR "/dir/big";
	struct io_buf io = { .base = (char *)fr->buf, .len = 100 };
	struct file *f;
	loff_t pos = 50000;
	int r = vfs_open(vfs_root(), path, O_RDWR, 0, &f);

	fuzz_check(fr, "open", path, r);
	if (r)
		return;
	if (!S_ISREG(f->inode->mode)) {
		fput(f);
		return;
	}
	fuzz_check(fr, "write", path, vfs_write(f, &io, &pos));
	fuzz_check(fr, "fsync", path, f->inode->i_op->fsync(f->inode, false));
	fuzz_check(fr, "truncate", path, vfs_truncate(f, FUZZ_BIG_CUT));
	fput(f);
}

/* What a user would change: a file written and synced, then removed; a
 * directory made and removed; an old file rewritten and truncated. */
static void fuzz_write(struct fuzz_run *fr)
{
	const char *path = FUZZ_DIR "/fuzz.new";
	struct file *f;
	loff_t pos = 0;
	int r = vfs_open(vfs_root(), path, O_CREAT | O_RDWR, 0644, &f);

	fuzz_check(fr, "create", path, r);
	if (!r) {
		struct io_buf io = { .base = (char *)fr->buf,
				     .len = FUZZ_WRITE };

		memset(fr->buf, 'z', FUZZ_WRITE);
		fuzz_check(fr, "write", path, vfs_write(f, &io, &pos));
		fuzz_check(fr, "fsync", path,
			   f->inode->i_op->fsync(f->inode, false));
		fput(f);
		fuzz_check(fr, "unlink", path, vfs_unlink(vfs_root(), path));
	}
	path = FUZZ_DIR "/fuzz.dir";
	r = vfs_mkdir(vfs_root(), path, 0755);
	fuzz_check(fr, "mkdir", path, r);
	if (!r)
		fuzz_check(fr, "rmdir", path, vfs_rmdir(vfs_root(), path));
	/* the block map's walk, where the corruption can reach it (the
	 * dearest step: the run's time is bounded by skipping it else) */
	if (fr->kind == EXT2F_POINTER || fr->kind == EXT2F_BITMAP ||
	    fr->kind == EXT2F_INODE || fr->kind == EXT2F_BYTES ||
	    fr->image < 0)
		fuzz_rewrite_big(fr);
}

/* Copy @img to ram0, mount it, walk it, write it, unmount it. */
static void fuzz_one(struct fuzz_run *fr, struct block_device *ram0,
		     u8 *img, u64 size)
{
	u64 errors = fuzz_errors();
	int r = blk_rw_sync(ram0, BLK_WRITE, 0, img, (u32)(size / SECTOR_SIZE));

	fr->entries = 0;
	fr->corrupt_errno = false;
	if (r) {
		fuzz_fail(fr, "copy to", "ram0", r);
		return;
	}
	r = mount_ext2("/dev/ram0", FUZZ_DIR);
	if (r) {
		fr->refused++;
		fr->refused_by_kind[fr->kind]++;
		if (r != -EINVAL && r != -EIO && r != -EUCLEAN)
			fuzz_fail(fr, "mount", "/dev/ram0", r);
		else if (fuzz_errors() == errors)
			fuzz_fail(fr, "mount refused without a log line",
				  "/dev/ram0", r);
		return;
	}
	fr->mounted++;
	fuzz_walk_dir(fr, FUZZ_DIR, 0);
	fuzz_write(fr);
	r = umount_dir(FUZZ_DIR);
	if (r)
		fuzz_fail(fr, "umount", FUZZ_DIR, r);
	if (fr->corrupt_errno && fuzz_errors() == errors)
		fuzz_fail(fr, "-EIO/-EUCLEAN without a log line", FUZZ_DIR, 0);
	if (fuzz_errors() != errors) {
		fr->found++;
		fr->found_by_kind[fr->kind]++;
	}
}

/* Note every invariant's value: the baseline each image must return to. */
static void fuzz_invariants_read(struct fuzz_run *fr)
{
	fr->ninv = 0;
	for (struct ktest_invariant *const *p = __start_ktest_invariants;
	     p && p < __stop_ktest_invariants &&
	     fr->ninv < FUZZ_MAX_INVARIANTS; p++) {
		fr->inv[fr->ninv] = (struct ktest_invariant){
			.name = (*p)->name, .read = (*p)->read };
		fr->invp[fr->ninv] = &fr->inv[fr->ninv];
		fr->ninv++;
	}
	ktest_invariants_read(fr->invp, fr->ninv);
}

/* After an image: every invariant back at the baseline, or the image
 * leaked (its seed is logged; the baseline is read again). */
static void fuzz_invariants_check(struct fuzz_run *fr)
{
	fr->scratch = (struct ktest){ .suite = "ext2_fuzz", .name = "image" };
	ktest_invariants_check(&fr->scratch, fr->invp, fr->ninv);
	if (!fr->scratch.failed)
		return;
	fuzz_fail(fr, "leak after", "umount", 0);
	ktest_invariants_read(fr->invp, fr->ninv);
}

/* The clean image from the initramfs and where to corrupt it, or fail. */
static u8 *fuzz_clean_image(struct ktest *t, struct block_device *ram0,
			    struct ext2f_targets *tg, u64 *size)
{
	u8 *img = ram0_load(t, ram0, size);

	if (!img)
		return NULL;
	if (!KTEST_EXPECT(t, ext2f_find_targets(img, *size, tg)) ||
	    !KTEST_EXPECT_LE_U(t, ((u64)tg->inode_table + 8) * tg->bs,
			       *size)) {
		kfree(img);
		return NULL;
	}
	return img;
}

/* The run's summary line, and what the whole run must show. */
static void fuzz_summary(struct fuzz_run *fr, u64 logged, u64 suppressed,
			 u64 ms)
{
	struct ktest *t = fr->t;

	ktest_log(t, "ext2 fuzz: %d images (seed %#llx + index): %d mounted, "
		  "%d refused, %d with corruption found, %d bad; errors "
		  "%llu logged, %llu suppressed; %llu ms", FUZZ_IMAGES,
		  (unsigned long long)(FUZZ_SEED ^ ktest_options.seed),
		  fr->mounted, fr->refused, fr->found, fr->bad,
		  (unsigned long long)logged,
		  (unsigned long long)suppressed, (unsigned long long)ms);
	for (int k = 0; k < EXT2F_KINDS; k++) {
		ktest_log(t, "  %s: %d images, %d refused, %d mounted with "
			  "corruption found", ext2f_kind_names[k],
			  fr->by_kind[k], fr->refused_by_kind[k],
			  fr->found_by_kind[k]);
		KTEST_EXPECT_GT(t, fr->by_kind[k], 0);
	}
	/* both paths taken often, or the walk tests nothing */
	KTEST_EXPECT_GT(t, fr->mounted, FUZZ_IMAGES / 3);
	KTEST_EXPECT_GT(t, fr->refused, FUZZ_IMAGES / 10);
	KTEST_EXPECT_GT(t, fr->found, FUZZ_IMAGES / 8);
	/* the rate limit: a burst per 5 s window, the rest counted */
	KTEST_EXPECT_LE_U(t, logged,
			  RATELIMIT_BURST * (ms / RATELIMIT_INTERVAL_MS + 2));
	KTEST_EXPECT_GT(t, suppressed, 0);
}

/*
 * FUZZ_IMAGES corrupted images, mounted, walked, written and unmounted
 * on ram0: no crash, errnos only as the header says, no leak.
 */
static void ext2_fuzz_images(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	struct fuzz_run fr = { .t = t };
	struct ext2f_targets tg;
	u64 size, logged0, supp0, logged, supp, start;
	u8 *clean, *img;

	KTEST_ASSERT_NOT_NULL(t, ram0);
	clean = fuzz_clean_image(t, ram0, &tg, &size);
	KTEST_ASSERT_NOT_NULL(t, clean);
	img = kmalloc(size, GFP_KERNEL);
	fr.buf = kmalloc(MAX(FUZZ_READ, FUZZ_WRITE), GFP_KERNEL);
	if (!KTEST_EXPECT_NOT_NULL(t, img) ||
	    !KTEST_EXPECT_NOT_NULL(t, fr.buf) ||
	    !KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), FUZZ_DIR, 0755), 0))
		goto out_free;
	/* the clean image first: what is cached at the first use of the
	 * path (slab pages, lock classes) is in the baseline */
	fr.image = -1;
	logged0 = fuzz_errors();
	fuzz_one(&fr, ram0, clean, size);
	KTEST_EXPECT_EQ(t, fr.mounted, 1);
	/* the clean image, walked and written, is never called corrupt */
	KTEST_EXPECT_EQ(t, fuzz_errors() - logged0, 0);
	fr.mounted = 0;
	fuzz_invariants_read(&fr);
	ext2_error_counts(&logged0, &supp0);
	start = ktime_get_ns();
	for (fr.image = 0; fr.image < FUZZ_IMAGES; fr.image++) {
		fr.seed = (FUZZ_SEED ^ ktest_options.seed) + (u64)fr.image;
		memcpy(img, clean, size);
		fr.kind = ext2f_mutate(img, &tg, fr.seed);
		fr.by_kind[fr.kind]++;
		fuzz_one(&fr, ram0, img, size);
		fuzz_invariants_check(&fr);
		/* a line now and then: a loaded host is not a hung boot */
		if (fr.image % 64 == 63)
			ktest_log(t, "ext2 fuzz: %d of %d images", fr.image + 1,
				  FUZZ_IMAGES);
	}
	ext2_error_counts(&logged, &supp);
	fuzz_summary(&fr, logged - logged0, supp - supp0,
		     (ktime_get_ns() - start) / 1000000);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), FUZZ_DIR), 0);
out_free:
	kfree(fr.buf);
	kfree(img);
	kfree(clean);
}

/* getdents64 of @dir to its end (16 calls at most: "." and ".." come
 * from the dentry cache, then the disk's). Return: the last result. */
static long fuzz_getdents(const char *dir)
{
	char buf[256];
	struct file *f;
	long n = vfs_open(vfs_root(), dir, O_RDONLY | O_DIRECTORY, 0, &f);

	if (n)
		return n;
	for (int calls = 0; calls < 16; calls++) {
		struct io_buf io = { .base = buf, .len = sizeof(buf) };

		n = vfs_getdents(f, &io);
		if (n <= 0)
			break;
	}
	fput(f);
	return n;
}

/*
 * root= of a corrupt image, through the function the boot calls: the
 * boot goes on either way. An image whose root directory block is
 * garbage mounts on /mnt (Linux mounts it too) and its listing fails
 * -EIO with a log line; one whose superblock is bad is refused -EINVAL
 * with a log line, nothing is mounted and not a byte of the device
 * changes.
 */
static void ext2_fuzz_root_cmdline(struct ktest *t)
{
	struct block_device *ram0 = blk_lookup("ram0");
	struct ext2f_targets tg;
	u64 size, errors;
	u8 *img, *back;
	u32 sectors;

	KTEST_ASSERT_NOT_NULL(t, ram0);
	if (fuzz_getdents(MOUNT_CMDLINE_DIR "/.") < 0)
		KTEST_SKIP(t, MOUNT_CMDLINE_DIR " is not there");
	img = fuzz_clean_image(t, ram0, &tg, &size);
	KTEST_ASSERT_NOT_NULL(t, img);
	sectors = (u32)(size / SECTOR_SIZE);
	back = kmalloc(size, GFP_KERNEL);
	if (!KTEST_EXPECT_NOT_NULL(t, back))
		goto out;

	memset(img + (u64)tg.dir_block[0] * tg.bs, 0, 16);	/* rec_len 0 */
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 0, img, sectors), 0);
	errors = fuzz_errors();
	if (KTEST_EXPECT_EQ(t, mount_cmdline("/dev/ram0", "ext2", true), 0)) {
		KTEST_EXPECT_EQ(t, fuzz_getdents(MOUNT_CMDLINE_DIR), -EIO);
		KTEST_EXPECT_GT(t, fuzz_errors(), errors);
		KTEST_EXPECT_EQ(t, umount_dir(MOUNT_CMDLINE_DIR), 0);
	}

	img[EXT2_SUPER_OFFSET + 24] = 7;		/* 128 KiB blocks */
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_WRITE, 0, img, sectors), 0);
	errors = fuzz_errors();
	KTEST_EXPECT_EQ(t, mount_cmdline("/dev/ram0", "ext2", true), -EINVAL);
	KTEST_EXPECT_GT(t, fuzz_errors(), errors);
	KTEST_EXPECT_EQ(t, umount_dir(MOUNT_CMDLINE_DIR), -EINVAL);
	KTEST_EXPECT_EQ(t, blk_rw_sync(ram0, BLK_READ, 0, back, sectors), 0);
	KTEST_EXPECT(t, !memcmp(back, img, size));
out:
	kfree(back);
	kfree(img);
}

KTEST_SUITE(ext2_fuzz,
	    KTEST_CASE(ext2_fuzz_images),
	    KTEST_CASE(ext2_fuzz_root_cmdline));
