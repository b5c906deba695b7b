// SPDX-License-Identifier: MIT
/*
 * The initramfs: a cpio "newc" archive unpacked into a file table.
 *
 * newc record, every field 8 ASCII hex digits (tools/mkinitrd.py writes
 * them):
 *
 *   "070701" ino mode uid gid nlink mtime filesize devmajor devminor
 *   rdevmajor rdevminor namesize check       (110 bytes)
 *   name, NUL-terminated, padded so header + name is a multiple of 4
 *   data, padded to a multiple of 4
 *
 * An archive ends with an entry named "TRAILER!!!". "070702" (the CRC
 * variant) is accepted too; the checksum is not verified. As Linux's
 * unpack_to_rootfs() does, several archives may follow one another, with
 * NUL bytes between them (the 512-byte blocks cpio pads to): a later
 * entry of the same name replaces an earlier one.
 *
 * Hard links (busybox's applets): regular entries with nlink >= 2 and the
 * same inode and device numbers are one file. Linux opens every name of
 * the group with O_TRUNC and writes that entry's data into the shared
 * inode, so all names end up with the data of the group's last entry
 * (GNU cpio puts the data there, the earlier names have size 0); here
 * every name of the group is pointed at that data.
 *
 * The archive must be uncompressed: GRUB's module2 has already inflated
 * a gzip file (it does unless given --nounzip), and this kernel has no
 * decompressor, so a gzip stream here is an error that says so.
 *
 * Invariant: every offset is checked against the bytes left before it is
 * used, in 64-bit arithmetic that cannot wrap (sizes are at most 2^32-1),
 * so a malformed archive is an error, never a read past its end.
 */
#include "kernel/initramfs.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#define NEWC_HDR_LEN	110
#define NEWC_FIELDS	13
#define F_INO		0
#define F_MODE		1
#define F_NLINK		4
#define F_FILESIZE	6
#define F_DEVMAJOR	7
#define F_DEVMINOR	8
#define F_NAMESIZE	11
#define NEWC_NAME_MAX	4096
#define TRAILER		"TRAILER!!!"
#define GZIP_MAGIC0	0x1f
#define GZIP_MAGIC1	0x8b

static int fail(char *err, size_t errlen, int code, const char *fmt, u64 off,
		const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, (unsigned long long)off, what);
	return code;
}

/* Eight hex digits, nothing else; false if any is not a digit. */
static bool parse_hex8(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		u8 c = p[i];
		u32 d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

/* "./bin/x", "/bin/x" and "bin/x" are one file. */
static const char *normalise(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			return name;
	}
}

/**
 * initramfs_read_page - copy page @index of @f's data to @dst, zeros
 * past the end of the file (what a page-cache read_folio fills).
 * @f: a regular file
 * @index: the page offset in the file
 * @dst: INITRAMFS_PAGE_SIZE bytes
 *
 * Context: any.
 */
void initramfs_read_page(const struct initramfs_file *f, u64 index,
			 void *dst)
{
	u64 off = index * INITRAMFS_PAGE_SIZE;
	size_t n = 0;

	if (off < f->size)
		n = (size_t)MIN((u64)INITRAMFS_PAGE_SIZE, f->size - off);
	if (n)
		memcpy(dst, f->data + off, n);
	memset((u8 *)dst + n, 0, INITRAMFS_PAGE_SIZE - n);
}

static const struct initramfs_file *find(const struct initramfs *fs,
					 const char *path)
{
	path = normalise(path);
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->files[i].name, path))
			return &fs->files[i];
	return NULL;
}

/* The hard-link group of a newc header: 0 for a file of one name. The
 * key cannot be 0 for a link: Linux's find_link() matches inode, device
 * and mode, and a link's mode is a regular file's, never 0. */
static u64 link_key(const u32 *v)
{
	if (v[F_NLINK] < 2 || (v[F_MODE] & INITRAMFS_S_IFMT) != INITRAMFS_S_IFREG)
		return 0;
	return (u64)v[F_INO] << 32 ^ (u64)v[F_DEVMAJOR] << 20 ^ v[F_DEVMINOR];
}

/* The entry just written into a link group: every name of the group
 * now has its data. */
static void link_group_write(struct initramfs *fs,
			     const struct initramfs_file *f)
{
	for (size_t i = 0; i < fs->count; i++) {
		if (fs->files[i].link != f->link)
			continue;
		fs->files[i].data = f->data;
		fs->files[i].size = f->size;
	}
}

/* Add or, for a name seen before, replace (later entries win, as in
 * Linux's unpacking). "." and "" name the root: nothing to record. */
static int add_entry(struct initramfs *fs, const char *name, const u8 *data,
		     const u32 *v)
{
	struct initramfs_file *f;

	name = normalise(name);
	if (!name[0] || !strcmp(name, "."))
		return 0;
	f = (struct initramfs_file *)find(fs, name);
	if (!f) {
		if (fs->count == fs->max)
			return -ENOSPC;
		f = &fs->files[fs->count++];
	}
	*f = (struct initramfs_file){ name, data, v[F_FILESIZE], v[F_MODE],
				      link_key(v) };
	if (f->link)
		link_group_write(fs, f);
	return 0;
}

/* Past the NUL padding after a trailer; false at the end of @len. */
static bool next_archive(const u8 *base, size_t len, u64 *off)
{
	while (*off < len && !base[*off])
		(*off)++;
	return *off < len;
}

/**
 * initramfs_parse - unpack a newc archive into @fs's table.
 * @fs: the table (files, max set by the caller); count is reset
 * @buf: the archive, which must outlive @fs (entries point into it)
 * @len: its length in bytes
 * @err: on failure, a message naming the offset and what is wrong
 * @errlen: size of @err
 *
 * Several archives may follow one another (NUL padding between them).
 *
 * Context: any; pure.
 * Return: 0; -EINVAL for a malformed archive (bad magic, bad hex digit,
 * name not NUL-terminated, a record running past the end, no trailer,
 * a compressed archive); -ENOSPC when there are more than @fs->max
 * entries.
 */
int initramfs_parse(struct initramfs *fs, const void *buf, size_t len,
		    char *err, size_t errlen)
{
	const u8 *base = buf;
	u64 off = 0;

	fs->count = 0;
	for (;;) {
		u32 v[NEWC_FIELDS];
		const u8 *h = base + off;
		const char *name;
		u64 name_end, data_off;
		int r;

		if (len - off < NEWC_HDR_LEN)
			return fail(err, errlen, -EINVAL,
				    "cpio: truncated header at offset %llu%s",
				    off, len == off ? " (no trailer)" : "");
		if (h[0] == GZIP_MAGIC0 && h[1] == GZIP_MAGIC1)
			return fail(err, errlen, -EINVAL,
				    "cpio: gzip data at offset %llu%s", off,
				    " (load it with GRUB's module2, which "
				    "inflates it)");
		if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
			return fail(err, errlen, -EINVAL,
				    "cpio: bad magic at offset %llu%s", off, "");
		for (int i = 0; i < NEWC_FIELDS; i++)
			if (!parse_hex8(h + 6 + 8 * i, &v[i]))
				return fail(err, errlen, -EINVAL,
					    "cpio: bad hex field at offset %llu%s",
					    off + 6 + 8 * i, "");
		if (v[F_NAMESIZE] < 2 || v[F_NAMESIZE] > NEWC_NAME_MAX)
			return fail(err, errlen, -EINVAL,
				    "cpio: bad name size at offset %llu%s",
				    off, "");
		name_end = off + NEWC_HDR_LEN + v[F_NAMESIZE];
		if (name_end > len)
			return fail(err, errlen, -EINVAL,
				    "cpio: name runs past the end at offset %llu%s",
				    off, "");
		name = (const char *)h + NEWC_HDR_LEN;
		if (strnlen(name, v[F_NAMESIZE]) != v[F_NAMESIZE] - 1)
			return fail(err, errlen, -EINVAL,
				    "cpio: name not NUL-terminated at offset %llu%s",
				    off, "");
		if (!strcmp(name, TRAILER)) {
			off = ALIGN_UP(name_end, 4);
			if (!next_archive(base, len, &off))
				return 0;
			continue;
		}
		data_off = ALIGN_UP(name_end, 4);
		if (data_off > len || len - data_off < v[F_FILESIZE])
			return fail(err, errlen, -EINVAL,
				    "cpio: data runs past the end at offset %llu: %s",
				    off, name);
		r = add_entry(fs, name, base + data_off, v);
		if (r)
			return fail(err, errlen, r,
				    "cpio: more files than the table holds at offset %llu%s",
				    off, "");
		off = ALIGN_UP(data_off + v[F_FILESIZE], 4);
		if (off > len)
			off = len;	/* padding missing at the end */
	}
}

/**
 * initramfs_find - look a path up in a parsed table.
 * @fs: the table
 * @path: absolute or relative; a leading "/" or "./" is ignored
 *
 * Context: any; pure.
 * Return: the entry, or NULL.
 */
const struct initramfs_file *initramfs_find(const struct initramfs *fs,
					    const char *path)
{
	return find(fs, path);
}

#ifndef HOST_BUILD
#include <arch/layout.h>
#include "kernel/multiboot2.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

static struct initramfs_file boot_files[INITRAMFS_MAX_FILES];
static struct initramfs boot_fs = { .files = boot_files,
				    .max = INITRAMFS_MAX_FILES };
static struct spinlock boot_fs_lock = SPINLOCK_INIT("initramfs");
static int boot_fs_state = 1;	/* [boot_fs_lock] 1: not yet, 0: ok, <0 */

static const struct boot_module *find_module(const struct boot_info *bi)
{
	for (u32 i = 0; i < bi->module_count; i++)
		if (!strcmp(bi->modules[i].cmdline, "initrd"))
			return &bi->modules[i];
	return NULL;
}

static int boot_fs_load(void)
{
	const struct boot_info *bi = multiboot2_boot_info();
	const struct boot_module *m = bi ? find_module(bi) : NULL;
	char err[128];
	int r;

	if (!m) {
		pr_warn("initramfs: no module named 'initrd'\n");
		return -ENOENT;
	}
	r = initramfs_parse(&boot_fs, (const void *)(DIRECT_MAP_BASE + m->start),
			    m->end - m->start, err, sizeof(err));
	if (r) {
		pr_err("initramfs: %s\n", err);
		boot_fs.count = 0;
		return r;
	}
	pr_info("initramfs: %zu entries, %llu bytes\n", boot_fs.count,
		(unsigned long long)(m->end - m->start));
	return 0;
}

/**
 * initramfs_init - unpack the boot module "initrd" (once).
 *
 * Context: any task context after multiboot2_set_boot_info(); later calls
 * return the first call's result.
 * Return: 0; -ENOENT without the module; the initramfs_parse() error.
 */
int initramfs_init(void)
{
	int r;

	spin_lock(&boot_fs_lock);
	if (boot_fs_state == 1)
		boot_fs_state = boot_fs_load();
	r = boot_fs_state;
	spin_unlock(&boot_fs_lock);
	return r;
}

/**
 * initramfs_lookup - find a file of the boot archive.
 * @path: e.g. "/bin/hog"
 *
 * Context: any task context; unpacks the archive on first use.
 * Return: the entry (valid forever), or NULL.
 */
const struct initramfs_file *initramfs_lookup(const char *path)
{
	if (initramfs_init())
		return NULL;
	return initramfs_find(&boot_fs, path);
}

/* Return: the number of entries in the boot archive (0 if unusable). */
size_t initramfs_count(void)
{
	return initramfs_init() ? 0 : boot_fs.count;
}

/* Return: entry @i (below initramfs_count()) of the boot archive, valid
 * forever; the root file system lists them (fs/rootfs.c). */
const struct initramfs_file *initramfs_file_at(size_t i)
{
	return &boot_fs.files[i];
}
#endif
