/* SPDX-License-Identifier: MIT */
/*
 * The initramfs: the cpio "newc" archive GRUB loads as the module named
 * "initrd", unpacked into a read-only in-memory file table. Nothing is
 * copied: names and data point into the archive, which memblock keeps
 * reserved for the life of the kernel.
 *
 * The parser is pure (it only reads the bytes it is given), so host tests
 * feed it forged archives; every malformation is an error with a message,
 * never a read outside the buffer.
 */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

#include "lib/types.h"

/* st_mode file-type bits (Linux's values, as cpio stores them). */
#define INITRAMFS_S_IFMT	0170000
#define INITRAMFS_S_IFDIR	0040000
#define INITRAMFS_S_IFREG	0100000

#define INITRAMFS_MAX_FILES	512
#define INITRAMFS_PAGE_SIZE	4096

struct initramfs_file {
	const char *name;	/* normalised: no leading "/" or "./" */
	const u8 *data;
	size_t size;
	u32 mode;		/* type and permission bits */
	u64 link;		/* hard-link group (inode, device); 0: none */
};

struct initramfs {
	struct initramfs_file *files;	/* caller's table */
	size_t max;			/* its capacity */
	size_t count;			/* entries in use */
};

int initramfs_parse(struct initramfs *fs, const void *buf, size_t len,
		    char *err, size_t errlen);
const struct initramfs_file *initramfs_find(const struct initramfs *fs,
					    const char *path);
void initramfs_read_page(const struct initramfs_file *f, u64 index,
			 void *dst);

static inline bool initramfs_is_reg(const struct initramfs_file *f)
{
	return (f->mode & INITRAMFS_S_IFMT) == INITRAMFS_S_IFREG;
}

/* The boot archive (kernel only). */
int initramfs_init(void);
const struct initramfs_file *initramfs_lookup(const char *path);
size_t initramfs_count(void);
const struct initramfs_file *initramfs_file_at(size_t i);

#endif
