// SPDX-License-Identifier: MIT
/*
 * The system calls on links and names, with Linux's numbers and errnos:
 * symlink, symlinkat, readlink, readlinkat, link, linkat
 * (AT_SYMLINK_FOLLOW, AT_EMPTY_PATH), rename, renameat, renameat2
 * (RENAME_NOREPLACE, RENAME_EXCHANGE). The work is in fs/link.c and
 * fs/rename.c; here are the user copies and the flag checks Linux makes
 * before any lookup (so a bad flag is -EINVAL whatever the paths).
 */
#include <arch/uaccess.h>
#include "fs/namei.h"
#include "fs/sys_namei.h"
#include "kernel/syscall.h"
#include "lib/errno.h"
#include "mm/slab.h"

static int do_symlink(struct path_call *c, struct dentry *start,
		      const char *path)
{
	return vfs_symlink(start, c->arg, path);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, target, int, newdirfd,
		const char __user *, linkpath)
{
	struct path_call c = { .op = do_symlink };
	char *text;
	long r = sys_namei_path_in(target, &text);

	if (r)
		return r;
	c.arg = text;
	r = sys_namei_call(newdirfd, linkpath, &c);
	kfree(text);
	return r;
}

SYSCALL_DEFINE2(symlink, const char __user *, target,
		const char __user *, linkpath)
{
	return sys_symlinkat(target, AT_FDCWD, linkpath);
}

static int do_readlink(struct path_call *c, struct dentry *start,
		       const char *path)
{
	size_t size = MIN(c->size, (size_t)PATH_MAX);
	char *buf;
	int r;

	if (!path[0])
		return -ENOENT;	/* the fd itself: never a symlink here
				 * (Linux's do_readlinkat()) */
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	r = vfs_readlink(start, path, buf, size);
	if (r > 0 && copy_to_user(c->buf, buf, (size_t)r))
		r = -EFAULT;
	kfree(buf);
	return r;
}

/* Linux's do_readlinkat(): bufsiz <= 0 is -EINVAL before the lookup. */
SYSCALL_DEFINE4(readlinkat, int, dirfd, const char __user *, path,
		char __user *, buf, int, bufsiz)
{
	struct path_call c = { .op = do_readlink, .buf = buf,
			       .size = (size_t)bufsiz };

	if (bufsiz <= 0)
		return -EINVAL;
	return sys_namei_call(dirfd, path, &c);
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf,
		int, bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

/* The old name's dentry, for linkat's second half. */
static int do_link_old(struct path_call *c, struct dentry *start,
		       const char *path)
{
	struct dentry **out = (struct dentry **)c->arg;

	return sys_namei_lookup(c, start, path, out);
}

static int do_link_new(struct path_call *c, struct dentry *start,
		       const char *path)
{
	return vfs_link((struct dentry *)c->arg, start, path);
}

SYSCALL_DEFINE5(linkat, int, olddirfd, const char __user *, oldpath,
		int, newdirfd, const char __user *, newpath, int, flags)
{
	struct dentry *old = NULL;
	struct path_call c = { .op = do_link_old, .arg = &old };
	long r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	c.flags = (flags & AT_EMPTY_PATH) |
		  (flags & AT_SYMLINK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW);
	r = sys_namei_call(olddirfd, oldpath, &c);
	if (r)
		return r;
	c = (struct path_call){ .op = do_link_new, .arg = old };
	r = sys_namei_call(newdirfd, newpath, &c);
	dput(old);
	return r;
}

SYSCALL_DEFINE2(link, const char __user *, oldpath,
		const char __user *, newpath)
{
	return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* One side of a rename: its path copied in and its start. */
struct rename_side {
	char *path;
	struct dentry *start;
};

static int rename_side_in(int dirfd, const char __user *upath,
			  struct rename_side *s)
{
	int r = sys_namei_path_in(upath, &s->path);

	if (r)
		return r;
	r = sys_namei_start(dirfd, s->path, &s->start);
	if (r)
		kfree(s->path);
	return r;
}

static void rename_side_put(struct rename_side *s)
{
	dput(s->start);
	kfree(s->path);
}

SYSCALL_DEFINE5(renameat2, int, olddirfd, const char __user *, oldpath,
		int, newdirfd, const char __user *, newpath,
		unsigned int, flags)
{
	struct rename_side from, to;
	long r = rename_side_in(olddirfd, oldpath, &from);

	if (r)
		return r;
	r = rename_side_in(newdirfd, newpath, &to);
	if (!r) {
		r = vfs_rename(from.start, from.path, to.start, to.path, flags);
		rename_side_put(&to);
	}
	rename_side_put(&from);
	return r;
}

SYSCALL_DEFINE4(renameat, int, olddirfd, const char __user *, oldpath,
		int, newdirfd, const char __user *, newpath)
{
	return sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

SYSCALL_DEFINE2(rename, const char __user *, oldpath,
		const char __user *, newpath)
{
	return sys_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
