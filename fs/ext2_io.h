/* SPDX-License-Identifier: MIT */
/*
 * The byte store an ext2 file system lives on: read and write bytes at an
 * offset, flush. ext2 asks nothing else of its device, so the block layer
 * can stand behind it later; for now a memory buffer does (an image
 * loaded from the initramfs, or a host test's file).
 *
 * Locking: the adapter has none; its user serialises calls (fs/ext2.h).
 */
#ifndef FS_EXT2_IO_H
#define FS_EXT2_IO_H

#include "lib/errno.h"
#include "lib/string.h"
#include "lib/types.h"

struct ext2_io {
	/* Return: 0, or -EIO (the range is outside the device). */
	int (*read)(struct ext2_io *io, u64 off, void *buf, size_t len);
	int (*write)(struct ext2_io *io, u64 off, const void *buf,
		     size_t len);
	/* Make every write so far durable. Return: 0 or -EIO. */
	int (*flush)(struct ext2_io *io);
	/* The file system is gone: free the adapter (NULL: its owner
	 * keeps it, as the memory adapter's caller does). */
	void (*release)(struct ext2_io *io);
	u64 size;		/* [I] bytes on the device */
	u8 *mem;		/* [I] the memory adapter's buffer */
	const char *name;	/* [I] the device's name in log lines
				 * ("ram0"; NULL: "mem") */
	/* Added for read-ahead: read @nr whole pages of the device from
	 * byte @off (sector-aligned) straight into @pages (page-aligned
	 * direct-map addresses: page-cache pages), in as few requests as
	 * the device takes. Return: 0, or -EIO (a device error, or the
	 * range outside the device); -ENOMEM. NULL: the adapter has
	 * none, read() serves. */
	int (*read_pages)(struct ext2_io *io, u64 off, void *const *pages,
			  unsigned int nr);
};

static inline bool ext2_io_mem_in_range(struct ext2_io *io, u64 off,
					size_t len)
{
	return off <= io->size && len <= io->size - off;
}

static inline int ext2_io_mem_read(struct ext2_io *io, u64 off, void *buf,
				   size_t len)
{
	if (!ext2_io_mem_in_range(io, off, len))
		return -EIO;
	memcpy(buf, io->mem + off, len);
	return 0;
}

static inline int ext2_io_mem_write(struct ext2_io *io, u64 off,
				    const void *buf, size_t len)
{
	if (!ext2_io_mem_in_range(io, off, len))
		return -EIO;
	memcpy(io->mem + off, buf, len);
	return 0;
}

/* Memory is as durable as it gets. */
static inline int ext2_io_mem_flush(struct ext2_io *io)
{
	(void)io;
	return 0;
}

/* An adapter over @size bytes at @mem, which the caller keeps alive. */
static inline void ext2_io_mem_init(struct ext2_io *io, void *mem, u64 size)
{
	*io = (struct ext2_io){
		.read = ext2_io_mem_read,
		.write = ext2_io_mem_write,
		.flush = ext2_io_mem_flush,
		.size = size,
		.mem = mem,
	};
}

#endif
