/* SPDX-License-Identifier: MIT */
/*
 * Boot-test helpers for the VFS: read and write whole files by path
 * from kernel code (kernel buffers through struct io_buf), and a
 * scratch directory under /tmp that each case makes and removes.
 */
#ifndef TESTS_FS_FS_TEST_UTIL_H
#define TESTS_FS_FS_TEST_UTIL_H

#include "fs/file.h"
#include "fs/namei.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* Open @path from the root. Return: the file or NULL (*err the errno). */
static inline struct file *ft_open(const char *path, int flags, int *err)
{
	struct file *f = NULL;

	*err = vfs_open(vfs_root(), path, flags, 0644, &f);
	return *err ? NULL : f;
}

static inline long ft_pread(struct file *f, void *buf, size_t n, loff_t pos)
{
	struct io_buf io = { .base = buf, .len = n };

	return vfs_read(f, &io, &pos);
}

static inline long ft_pwrite(struct file *f, const void *buf, size_t n,
			     loff_t pos)
{
	struct io_buf io = { .base = (char *)buf, .len = n };

	return vfs_write(f, &io, &pos);
}

static inline long ft_write(struct file *f, const void *buf, size_t n)
{
	struct io_buf io = { .base = (char *)buf, .len = n };

	return vfs_write(f, &io, NULL);
}

/* The whole text of @path into @buf, NUL-terminated; Return: length or
 * a negative errno. */
static inline long ft_slurp(const char *path, char *buf, size_t size)
{
	int err;
	struct file *f = ft_open(path, O_RDONLY, &err);
	struct io_buf io = { .base = buf, .len = size - 1 };
	long n;

	if (!f)
		return err;
	n = vfs_read(f, &io, NULL);
	fput(f);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/* Write @text to @path in one write(); Return: its result or the open
 * error. */
static inline long ft_put(const char *path, const char *text)
{
	int err;
	struct file *f = ft_open(path, O_WRONLY, &err);
	long r;

	if (!f)
		return err;
	r = ft_write(f, text, strlen(text));
	fput(f);
	return r;
}

/* Make @path (it must not exist) holding @text. Return: as ft_put(). */
static inline long ft_put_new(const char *path, const char *text)
{
	int err;
	struct file *f = ft_open(path, O_CREAT | O_EXCL | O_WRONLY, &err);
	long r;

	if (!f)
		return err;
	r = ft_write(f, text, strlen(text));
	fput(f);
	return r;
}

#endif
