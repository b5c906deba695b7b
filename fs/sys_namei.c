// SPDX-License-Identifier: MIT
/*
 * The system calls on paths, with Linux's numbers and errnos: openat,
 * mkdirat, unlinkat (AT_REMOVEDIR), newfstatat (AT_EMPTY_PATH,
 * AT_SYMLINK_NOFOLLOW), getcwd, chdir, and the old forms open, stat,
 * lstat, mkdir, rmdir, unlink; the links and rename are in
 * fs/sys_link.c. A
 * path is copied in whole first: a bad pointer is -EFAULT, no NUL within
 * PATH_MAX bytes -ENAMETOOLONG, an empty path -ENOENT. A relative path
 * starts at the directory fd (-EBADF, -ENOTDIR) or, for AT_FDCWD, at the
 * working directory.
 */
#include <arch/uaccess.h>
#include "fs/fdtable.h"
#include "fs/file.h"
#include "fs/fs_process.h"
#include "fs/namei.h"
#include "fs/sys_namei.h"
#include "kernel/process.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/slab.h"

/**
 * sys_namei_path_in - a user path in a new kernel buffer (kfree() it).
 * @upath: the user's pointer
 * @out: the copy, NUL-terminated
 *
 * Context: task context, may fault and sleep.
 * Return: 0; -EFAULT, -ENAMETOOLONG (no NUL within PATH_MAX), -ENOMEM.
 */
int sys_namei_path_in(const char __user *upath, char **out)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!path)
		return -ENOMEM;
	n = strncpy_from_user(path, upath, PATH_MAX);
	if (n < 0 || n == PATH_MAX) {
		kfree(path);
		return n < 0 ? -EFAULT : -ENAMETOOLONG;
	}
	*out = path;
	return 0;
}

/**
 * sys_namei_start - where @path starts: the cwd, or @dirfd's directory
 * (the file itself for an empty @path: AT_EMPTY_PATH).
 * @dirfd: AT_FDCWD or an open fd
 * @path: the path, kernel memory
 * @out: a reference on the start
 *
 * Context: task context.
 * Return: 0; -EBADF, -ENOTDIR (@dirfd is no directory and @path is
 * relative and not empty), -ENOENT (no process).
 */
int sys_namei_start(int dirfd, const char *path, struct dentry **out)
{
	struct process *p = process_current();
	struct file *f;

	if (!p)
		return -ENOENT;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*out = fs_process_cwd(p);
		return 0;
	}
	f = fs_fget(dirfd);
	if (!f)
		return -EBADF;
	if (path[0] && !S_ISDIR(f->inode->mode)) {
		fput(f);
		return -ENOTDIR;
	}
	*out = dget(f->dentry);
	fput(f);
	return 0;
}

/**
 * sys_namei_call - the common frame of a path syscall: copy the path in,
 * find its start, run c->op.
 * @dirfd: AT_FDCWD or a directory fd
 * @upath: the user's path
 * @c: the operation and its arguments
 *
 * Context: task context, may sleep.
 * Return: c->op's result, or the errors of sys_namei_path_in() and
 * sys_namei_start().
 */
long sys_namei_call(int dirfd, const char __user *upath,
		    struct path_call *c)
{
	struct dentry *start;
	char *path;
	int r = sys_namei_path_in(upath, &path);

	if (r)
		return r;
	r = sys_namei_start(dirfd, path, &start);
	if (!r) {
		r = c->op(c, start, path);
		dput(start);
	}
	kfree(path);
	return r;
}

static int do_open(struct path_call *c, struct dentry *start,
		   const char *path)
{
	struct files_struct *files = fs_files();
	struct file *f;
	int r = vfs_open(start, path, c->flags, c->mode, &f);

	if (r)
		return r;
	r = fd_install(files, f, 0, c->flags & O_CLOEXEC);
	if (r < 0)
		fput(f);
	return r;
}

SYSCALL_DEFINE4(openat, int, dirfd, const char __user *, path, int, flags,
		u32, mode)
{
	struct path_call c = { .op = do_open, .flags = flags, .mode = mode };

	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE3(open, const char __user *, path, int, flags, u32, mode)
{
	struct path_call c = { .op = do_open, .flags = flags, .mode = mode };

	return sys_namei_call(AT_FDCWD, path, &c);
}

/**
 * sys_namei_lookup - the dentry a path syscall names: @start itself for
 * an empty path with AT_EMPTY_PATH, a final symlink followed unless
 * AT_SYMLINK_NOFOLLOW (c->flags).
 * @c: the call, for its flags
 * @start: from sys_namei_start()
 * @path: the path
 * @out: a reference
 *
 * Context: task context, may sleep.
 * Return: 0, or vfs_lookup_at()'s errors.
 */
int sys_namei_lookup(struct path_call *c, struct dentry *start,
		     const char *path, struct dentry **out)
{
	if (!path[0] && (c->flags & AT_EMPTY_PATH)) {
		*out = dget(start);
		return 0;
	}
	return vfs_lookup_at(start, path, !(c->flags & AT_SYMLINK_NOFOLLOW),
			     out);
}

static int do_stat(struct path_call *c, struct dentry *start,
		   const char *path)
{
	struct linux_stat st;
	struct dentry *d;
	int r = sys_namei_lookup(c, start, path, &d);

	if (r)
		return r;
	vfs_stat(d->inode, &st);
	dput(d);
	return copy_to_user(c->buf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, const char __user *, path,
		struct linux_stat __user *, buf, int, flags)
{
	struct path_call c = { .op = do_stat, .flags = flags, .buf = buf };

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE2(stat, const char __user *, path,
		struct linux_stat __user *, buf)
{
	struct path_call c = { .op = do_stat, .buf = buf };

	return sys_namei_call(AT_FDCWD, path, &c);
}

SYSCALL_DEFINE2(lstat, const char __user *, path,
		struct linux_stat __user *, buf)
{
	struct path_call c = { .op = do_stat, .buf = buf,
			       .flags = AT_SYMLINK_NOFOLLOW };

	return sys_namei_call(AT_FDCWD, path, &c);
}

static int do_mkdir(struct path_call *c, struct dentry *start,
		    const char *path)
{
	return vfs_mkdir(start, path, c->mode);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, const char __user *, path, u32, mode)
{
	struct path_call c = { .op = do_mkdir, .mode = mode };

	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE2(mkdir, const char __user *, path, u32, mode)
{
	struct path_call c = { .op = do_mkdir, .mode = mode };

	return sys_namei_call(AT_FDCWD, path, &c);
}

static int do_unlink(struct path_call *c, struct dentry *start,
		     const char *path)
{
	return c->flags & AT_REMOVEDIR ? vfs_rmdir(start, path) :
					 vfs_unlink(start, path);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, const char __user *, path,
		int, flags)
{
	struct path_call c = { .op = do_unlink, .flags = flags };

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE1(unlink, const char __user *, path)
{
	struct path_call c = { .op = do_unlink };

	return sys_namei_call(AT_FDCWD, path, &c);
}

SYSCALL_DEFINE1(rmdir, const char __user *, path)
{
	struct path_call c = { .op = do_unlink, .flags = AT_REMOVEDIR };

	return sys_namei_call(AT_FDCWD, path, &c);
}

static int do_chdir(struct path_call *c, struct dentry *start,
		    const char *path)
{
	struct dentry *d;
	int r = vfs_lookup(start, path, &d);

	if (r)
		return r;
	if (!S_ISDIR(d->inode->mode)) {
		dput(d);
		return -ENOTDIR;
	}
	fs_process_set_cwd(process_current(), d);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, path)
{
	struct path_call c = { .op = do_chdir };

	return sys_namei_call(AT_FDCWD, path, &c);
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct process *p = process_current();
	struct dentry *cwd;
	char *path;
	int r;

	if (!p)
		return -ENOENT;
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	cwd = fs_process_cwd(p);
	r = vfs_path_name(cwd, path, MIN(size, PATH_MAX));
	dput(cwd);
	if (r >= 0 && copy_to_user(buf, path, (size_t)r + 1))
		r = -EFAULT;
	else if (r >= 0)
		r++;
	kfree(path);
	return r;
}
