// SPDX-License-Identifier: MIT
/*
 * ext2 on a real disk, mounted from the command line (root=/dev/NAME rw,
 * fs/mount_cmdline.c) on /mnt. The runner made the image at build time
 * with mke2fs -d (tools/oomlab/ext2_disk.py) and checks it after the
 * boot with e2fsck -fn and debugfs, so what is written here and what
 * the host expects change together:
 *
 *   host made       MANIFEST ("crc32 size path" per file), hello.txt,
 *                   data/{small,big,sparse}.bin, deep/a/b/c/leaf.txt,
 *                   link -> hello.txt, doomed/{one,two}.txt
 *   boot checks     every MANIFEST file's size and CRC-32, the link
 *   boot writes     new/file.txt, new/hard (a hard link to it), new/sym
 *                   -> file.txt, new/seq.bin (256 KiB), new/holes.bin
 *                   (3 MiB: 4 KiB of 'A' at 0, 'B' at 1 MiB, 'C' at the
 *                   end, holes between), new/moved/inner.txt (made as
 *                   new/sub, renamed), new/mapped.bin (64 KiB written
 *                   through a shared mapping, then msync and munmap);
 *                   doomed/ and its files removed
 *   then            umount /mnt (everything on the disk) and mount it
 *                   again
 *
 * stress_ext2_powercut writes files until the host kills QEMU (the
 * power-cut test, tools/oomlab/powercut.py).
 */
#include "fs/fs_type.h"
#include "fs/mount.h"
#include "fs/mount_cmdline.h"
#include "kernel/ktest.h"
#include "kernel/time.h"
#include "lib/kstrtox.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "tests/fs/ext2_disk.h"
#include "tests/fs/fs_test_util.h"

#define SEQ_BYTES	(256 * 1024)
#define HOLES_BYTES	(3 * 1024 * 1024)
#define HOLE_CHUNK	4096
#define READ_CHUNK	4096
#define MANIFEST_MAX	4096
#define POWERCUT_FILE	(32 * 1024)
#define POWERCUT_MS	60000		/* the host kills QEMU well before */
#define MAPPED_BYTES	(64 * 1024)
#define MAPPED_VA	0x10000000UL	/* a free user address of a test mm */

static u32 crc32_update(u32 crc, const u8 *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* Size and CRC-32 (zlib's) of the file at @path. Return: 0 or errno. */
static int file_crc(const char *path, u64 *size, u32 *crc)
{
	u8 *buf = kmalloc(READ_CHUNK, GFP_KERNEL);
	struct file *f;
	long n = 0;
	int err;

	if (!buf)
		return -ENOMEM;
	f = ft_open(path, O_RDONLY, &err);
	*size = 0;
	*crc = 0;
	while (f && (n = ft_pread(f, buf, READ_CHUNK, *size)) > 0) {
		*crc = crc32_update(*crc, buf, n);
		*size += n;
	}
	if (f)
		fput(f);
	kfree(buf);
	return f ? (int)(n < 0 ? n : 0) : err;
}

/* Every "crc size path" line of /mnt/MANIFEST matches its file.
 * Return: the lines checked. */
static unsigned int check_manifest(struct ktest *t)
{
	char *text = kmalloc(MANIFEST_MAX, GFP_KERNEL);
	char path[128], *line, *next;
	unsigned int checked = 0;

	if (!KTEST_EXPECT_NOT_NULL(t, text))
		return 0;
	if (!KTEST_EXPECT_GT(t, ft_slurp(MOUNT_CMDLINE_DIR "/MANIFEST", text,
					 MANIFEST_MAX), 0))
		goto out;
	for (line = text; *line; line = next) {
		char *size_field, *name;
		u64 want_crc, want_size, size;
		u32 crc;

		next = strchr(line, '\n');
		size_field = strchr(line, ' ');
		name = size_field ? strchr(size_field + 1, ' ') : NULL;
		if (!KTEST_EXPECT_NOT_NULL(t, next) ||
		    !KTEST_EXPECT_NOT_NULL(t, name))
			break;
		*next++ = 0;
		*size_field++ = 0;
		*name++ = 0;
		if (!KTEST_EXPECT_EQ(t, kstrtoull(line, 16, &want_crc), 0) ||
		    !KTEST_EXPECT_EQ(t, kstrtoull(size_field, 10, &want_size),
				     0))
			break;
		snprintf(path, sizeof(path), MOUNT_CMDLINE_DIR "/%s", name);
		if (!KTEST_EXPECT_EQ(t, file_crc(path, &size, &crc), 0))
			continue;
		if (!KTEST_EXPECT_EQ_U(t, size, want_size) ||
		    !KTEST_EXPECT_EQ_U(t, crc, want_crc))
			ktest_log(t, "%s differs", path);
		checked++;
	}
out:
	kfree(text);
	return checked;
}

static u8 seq_byte(u32 i)
{
	return (u8)(i * 31 + (i >> 12));
}

/* new/seq.bin, 256 KiB in 4 KiB writes. */
static void write_seq(struct ktest *t)
{
	u8 *buf = kmalloc(READ_CHUNK, GFP_KERNEL);
	struct file *f;
	int err;

	if (!KTEST_EXPECT_NOT_NULL(t, buf))
		return;
	f = ft_open(MOUNT_CMDLINE_DIR "/new/seq.bin",
		    O_CREAT | O_EXCL | O_WRONLY, &err);
	if (KTEST_EXPECT_NOT_NULL(t, f)) {
		for (u32 off = 0; off < SEQ_BYTES; off += READ_CHUNK) {
			for (u32 i = 0; i < READ_CHUNK; i++)
				buf[i] = seq_byte(off + i);
			if (!KTEST_EXPECT_EQ(t, ft_pwrite(f, buf, READ_CHUNK,
							  off), READ_CHUNK))
				break;
		}
		fput(f);
	}
	kfree(buf);
}

static u8 mapped_byte(u32 i)
{
	return (u8)(i * 7 + 3 + (i >> 12));
}

/* The kernel alias of the page @mm maps at @va, or NULL. */
static u8 *mapped_page(struct mm *mm, vaddr_t va)
{
	pte_t leaf;

	if (!arch_pt_populated(&mm->pt, va, &leaf))
		return NULL;
	return phys_to_virt(arch_pte_paddr(leaf));
}

/*
 * new/mapped.bin: MAPPED_BYTES of zeros by write(), then the pattern
 * through a MAP_SHARED mapping of a test mm (each page's write fault
 * dirties it), msync(MS_SYNC), munmap: the host reads the pattern.
 */
static void write_mapped(struct ktest *t)
{
	u8 *zeros = kzalloc(MAPPED_BYTES, GFP_KERNEL);
	struct mm *mm = mm_alloc();
	struct file *f = NULL;
	int err;

	if (!KTEST_EXPECT_NOT_NULL(t, zeros) || !KTEST_EXPECT_NOT_NULL(t, mm))
		goto out;
	f = ft_open(MOUNT_CMDLINE_DIR "/new/mapped.bin",
		    O_CREAT | O_EXCL | O_RDWR, &err);
	if (!KTEST_EXPECT_NOT_NULL(t, f) ||
	    !KTEST_EXPECT_EQ(t, ft_pwrite(f, zeros, MAPPED_BYTES, 0),
			     MAPPED_BYTES) ||
	    !KTEST_EXPECT_EQ(t, do_mmap_file(mm, MAPPED_VA, MAPPED_BYTES,
					     PROT_READ | PROT_WRITE,
					     MAP_SHARED | MAP_FIXED, f, 0),
			     (long)MAPPED_VA))
		goto out;
	for (u32 off = 0; off < MAPPED_BYTES; off += PAGE_SIZE) {
		u8 *p;

		KTEST_EXPECT_EQ_U(t, fault_handle(mm, MAPPED_VA + off,
						  FAULT_FLAG_WRITE), 0);
		p = mapped_page(mm, MAPPED_VA + off);
		if (!KTEST_EXPECT_NOT_NULL(t, p))
			break;
		for (u32 i = 0; i < PAGE_SIZE; i++)
			p[i] = mapped_byte(off + i);
	}
	KTEST_EXPECT_EQ(t, do_msync(mm, MAPPED_VA, MAPPED_BYTES, MS_SYNC), 0);
	KTEST_EXPECT_EQ(t, do_munmap(mm, MAPPED_VA, MAPPED_BYTES), 0);
out:
	if (f)
		fput(f);
	if (mm)
		mmput(mm);
	kfree(zeros);
}

/* new/holes.bin: three 4 KiB islands in 3 MiB. */
static void write_holes(struct ktest *t)
{
	static const struct { loff_t off; char c; } islands[] = {
		{ 0, 'A' }, { 1024 * 1024, 'B' },
		{ HOLES_BYTES - HOLE_CHUNK, 'C' },
	};
	char *buf = kmalloc(HOLE_CHUNK, GFP_KERNEL);
	struct file *f;
	int err;

	if (!KTEST_EXPECT_NOT_NULL(t, buf))
		return;
	f = ft_open(MOUNT_CMDLINE_DIR "/new/holes.bin",
		    O_CREAT | O_EXCL | O_WRONLY, &err);
	if (KTEST_EXPECT_NOT_NULL(t, f)) {
		for (size_t i = 0; i < ARRAY_SIZE(islands); i++) {
			memset(buf, islands[i].c, HOLE_CHUNK);
			KTEST_EXPECT_EQ(t, ft_pwrite(f, buf, HOLE_CHUNK,
						     islands[i].off),
					HOLE_CHUNK);
		}
		fput(f);
	}
	kfree(buf);
}

/* The names, links and the rename of the boot's part. */
static void write_tree(struct ktest *t)
{
	struct dentry *d;

	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/mnt/new", 0755), 0);
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/mnt/new/sub", 0755), 0);
	KTEST_EXPECT_EQ(t, ft_put_new("/mnt/new/file.txt",
				      "written by oomlab\n"), 18);
	KTEST_EXPECT_EQ(t, ft_put_new("/mnt/new/sub/inner.txt", "inner\n"),
			6);
	if (KTEST_EXPECT_EQ(t, vfs_lookup(vfs_root(), "/mnt/new/file.txt",
					  &d), 0)) {
		KTEST_EXPECT_EQ(t, vfs_link(d, vfs_root(), "/mnt/new/hard"), 0);
		dput(d);
	}
	KTEST_EXPECT_EQ(t, vfs_symlink(vfs_root(), "file.txt",
				       "/mnt/new/sym"), 0);
	KTEST_EXPECT_EQ(t, vfs_rename(vfs_root(), "/mnt/new/sub", vfs_root(),
				      "/mnt/new/moved", 0), 0);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/mnt/doomed/one.txt"), 0);
	KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), "/mnt/doomed/two.txt"), 0);
	KTEST_EXPECT_EQ(t, vfs_rmdir(vfs_root(), "/mnt/doomed"), 0);
}

static int umount_mnt(void)
{
	struct dentry *root;
	int r = vfs_lookup(vfs_root(), MOUNT_CMDLINE_DIR, &root);

	if (!r) {
		r = mount_umount(root, 0);
		dput(root);
	}
	return r;
}

/* umount /mnt, which puts everything written on the disk, then mount
 * @dev there again as root= did: the memory the boot's mount holds is
 * held again when the case ends (the free-page invariant). */
static int cycle_mnt(const char *dev)
{
	char source[24];
	struct fs_mount_args args = { .source = source };
	struct dentry *mp;
	int r = umount_mnt();

	snprintf(source, sizeof(source), "/dev/%s", dev);
	if (!r)
		r = vfs_lookup(vfs_root(), MOUNT_CMDLINE_DIR, &mp);
	if (!r) {
		r = mount_new(mp, "ext2", &args);
		dput(mp);
	}
	return r;
}

/* /proc/mounts shows root=@dev on /mnt, read-write. */
static bool mounted_rw(struct ktest *t, const char *dev)
{
	static char mounts[2048];
	char want[48];

	snprintf(want, sizeof(want), "/dev/%s " MOUNT_CMDLINE_DIR " ext2 rw",
		 dev);
	if (!KTEST_EXPECT_GT(t, ft_slurp("/proc/mounts", mounts,
					 sizeof(mounts)), 0))
		return false;
	if (strstr(mounts, want))
		return true;
	ktest_log(t, "no '%s' in /proc/mounts:\n%s", want, mounts);
	return KTEST_EXPECT(t, false);
}

/**
 * ext2_disk_exercise - check and write the runner's ext2 disk on /mnt.
 * @t: the calling case
 * @dev: the block device root= named ("sda", "vdb")
 *
 * The tree in the header's table; umounts /mnt at the end, so the image
 * is complete when QEMU exits, and mounts it again as it was.
 * Context: a boot test case.
 */
void ext2_disk_exercise(struct ktest *t, const char *dev)
{
	char target[16];

	if (!mounted_rw(t, dev))
		return;
	KTEST_EXPECT_EQ_U(t, check_manifest(t), 5);
	KTEST_EXPECT_EQ(t, vfs_readlink(vfs_root(), "/mnt/link", target,
					sizeof(target)), 9);
	KTEST_EXPECT(t, !memcmp(target, "hello.txt", 9));
	write_tree(t);
	write_seq(t);
	write_holes(t);
	write_mapped(t);
	KTEST_EXPECT_EQ(t, cycle_mnt(dev), 0);
}

/*
 * The power-cut run: on the disk root= mounted, files of 32 KiB are
 * written, every fifth renamed, each removed eight files later (so the
 * disk never fills), until the host kills QEMU at a random point after
 * the "# powercut: writing" line. Only pc/ changes; the host checks that
 * e2fsck -fy repairs the image and that the MANIFEST files are
 * untouched. Left alone, the case stops after POWERCUT_MS and umounts.
 */
static void stress_ext2_powercut_write(struct ktest *t)
{
	u8 *buf = kmalloc(POWERCUT_FILE, GFP_KERNEL);
	u64 end = ktime_get_ns() + POWERCUT_MS * NSEC_PER_MSEC;
	char path[64], to[64];

	if (!buf)
		KTEST_SKIP(t, "no memory");
	if (!mounted_rw(t, "sda")) {
		kfree(buf);
		return;
	}
	KTEST_EXPECT_EQ(t, vfs_mkdir(vfs_root(), "/mnt/pc", 0755), 0);
	ktest_log(t, "powercut: writing");
	for (unsigned int i = 0; ktime_get_ns() < end; i++) {
		struct file *f;
		int err;

		memset(buf, (int)i, POWERCUT_FILE);
		snprintf(path, sizeof(path), "/mnt/pc/f%u", i);
		f = ft_open(path, O_CREAT | O_WRONLY, &err);
		if (!KTEST_EXPECT_NOT_NULL(t, f))
			break;
		KTEST_EXPECT_EQ(t, ft_pwrite(f, buf, POWERCUT_FILE, 0),
				POWERCUT_FILE);
		fput(f);
		if (i % 5 == 4) {
			snprintf(to, sizeof(to), "/mnt/pc/r%u", i);
			KTEST_EXPECT_EQ(t, vfs_rename(vfs_root(), path,
						      vfs_root(), to, 0), 0);
		}
		/* A window of 8 files: the disk never fills. */
		if (i >= 8) {
			snprintf(path, sizeof(path), "/mnt/pc/%c%u",
				 (i - 8) % 5 == 4 ? 'r' : 'f', i - 8);
			KTEST_EXPECT_EQ(t, vfs_unlink(vfs_root(), path), 0);
		}
		if (ktest_failed(t))
			break;
	}
	kfree(buf);
	KTEST_EXPECT_EQ(t, cycle_mnt("sda"), 0);
}

KTEST_SUITE(stress_ext2_powercut, KTEST_CASE(stress_ext2_powercut_write));
